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
    Auth::Password {
        client_id: "sandbox".into(),
        client_secret: "sandbox-secret".into(),
        username: "admin@sandbox.local".into(),
        password: "sandbox".into(),
        security_token: None,
    }
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
