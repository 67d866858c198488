//! Test helpers: an in-process sandbox org on loopback, an egress client allowed to call it
//! (quick retries so fault tests stay fast), a logged-in [`Client`], and fault arming.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::time::Duration;
use synccentral_net::{Egress, EgressConfig, RemoteSites, RetryPolicy};
use synccentral_salesforce::{Auth, Client, Config};
use synccentral_sandbox::Sandbox;
use url::Url;

pub struct Org {
    pub sandbox: Sandbox,
    pub base: Url,
    pub egress: Egress,
    pub dir: tempfile::TempDir,
}

pub fn egress_for(base: &str) -> Egress {
    let mut config = EgressConfig::new(RemoteSites::parse(&[base]).expect("site"));
    config.retry = RetryPolicy {
        max_attempts: 5,
        base: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
    };
    config.timeout = Duration::from_secs(30);
    Egress::new(config).expect("egress")
}

pub async fn start() -> Org {
    start_with(|_| {}).await
}

pub async fn start_with(tweak: impl FnOnce(&mut synccentral_sandbox::Config)) -> Org {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = synccentral_sandbox::Config::new(dir.path());
    tweak(&mut config);
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let base = Url::parse(sandbox.base_url()).expect("base URL");
    let egress = egress_for(sandbox.base_url());
    Org {
        sandbox,
        base,
        egress,
        dir,
    }
}

pub fn password() -> Auth {
    Auth::sandbox_admin()
}

impl Org {
    pub fn config(&self, auth: Auth) -> Config {
        Config::new(self.base.clone(), auth)
    }

    pub async fn client(&self) -> Client {
        Client::connect(self.egress.clone(), self.config(password()))
            .await
            .expect("password login")
    }

    /// Arms a fault through `/__sandbox/faults` (kind, next N calls, path prefix).
    pub async fn arm(&self, client: &Client, fault: Value) {
        let http = synccentral_net::reqwest::Client::new();
        let r = http
            .post(self.base.join("/__sandbox/faults").unwrap())
            .bearer_auth(client.session().access_token)
            .json(&fault)
            .send()
            .await
            .expect("arm fault");
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }

    pub async fn arm_kind(&self, client: &Client, kind: &str, next: u32, path: &str) {
        self.arm(client, json!({"kind": kind, "next": next, "path": path}))
            .await
    }
}

/// `n` contacts named `Last-<prefix>-<i>`.
pub fn contacts(prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"LastName": format!("Last-{prefix}-{i}")}))
        .collect()
}

/// A request as the [`front`] server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What the [`front`] server answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A one-request-per-connection HTTP server on 127.0.0.1 whose answers `handler` decides
/// (for behaviour the sandbox cannot be asked for, e.g. 429 or a per-record lock error in
/// a collections result); `forward` passes a request on to the sandbox. Returns its base URL.
pub async fn front<F, Fut>(handler: F) -> String
where
    F: Fn(Seen) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Reply> + Send,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handler = std::sync::Arc::new(handler);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let handler = handler.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                let head_end = loop {
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p + 4;
                    }
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.lines();
                let mut first = lines.next().unwrap_or("").split_whitespace();
                let method = first.next().unwrap_or("").to_string();
                let target = first.next().unwrap_or("").to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    .collect();
                let len: usize = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = buf[head_end..head_end + len].to_vec();
                let reply = handler(Seen {
                    method,
                    target,
                    headers,
                    body,
                })
                .await;
                let mut out = format!("HTTP/1.1 {} X\r\n", reply.status);
                for (k, v) in &reply.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str(&format!(
                    "content-length: {}\r\nconnection: close\r\n\r\n",
                    reply.body.len()
                ));
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&reply.body);
                let _ = socket.write_all(&bytes).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    base
}

/// Passes a request on to `base` (the sandbox) and brings its answer back.
pub async fn forward(base: &str, seen: Seen) -> Reply {
    let http = synccentral_net::reqwest::Client::new();
    let method = synccentral_net::reqwest::Method::from_bytes(seen.method.as_bytes()).unwrap();
    let mut rb = http.request(method, format!("{base}{}", seen.target));
    for (k, v) in &seen.headers {
        if [
            "authorization",
            "content-type",
            "accept",
            "sforce-query-options",
        ]
        .contains(&k.as_str())
        {
            rb = rb.header(k, v);
        }
    }
    let r = rb.body(seen.body).send().await.expect("forward");
    let status = r.status().as_u16();
    let headers = r
        .headers()
        .iter()
        .filter(|(k, _)| *k == "content-type" || *k == "sforce-limit-info")
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: r.bytes().await.unwrap().to_vec(),
    }
}

/// A client whose REST calls go to `instance` (e.g. a [`front`]) with the org's token.
pub async fn client_at(org: &Org, instance: &str) -> Client {
    let good = org.client().await;
    let tokens = synccentral_salesforce::Tokens {
        access_token: good.session().access_token,
        instance_url: Url::parse(instance).unwrap(),
        id: None,
        refresh_token: None,
        scope: None,
        issued_at: None,
    };
    let mut config = EgressConfig::new(RemoteSites::parse(&[org.base.as_str(), instance]).unwrap());
    config.retry = RetryPolicy {
        max_attempts: 5,
        base: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
    };
    Client::with_tokens(Egress::new(config).unwrap(), org.config(password()), tokens)
}
