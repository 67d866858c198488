//! Test helpers: an in-process sandbox org on 127.0.0.1:0 with a fresh data directory, a
//! logged-in REST client, and short request helpers answering (status, headers, JSON).
#![allow(dead_code)]

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use synccentral_sandbox::{Config, Sandbox};

pub struct Org {
    pub sandbox: Sandbox,
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
    pub dir: tempfile::TempDir,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The `errorCode` of the first item of an error array.
    pub fn error_code(&self) -> &str {
        self.body[0]["errorCode"].as_str().unwrap_or("")
    }
}

pub fn config(dir: &tempfile::TempDir) -> Config {
    Config::new(dir.path())
}

pub async fn start() -> Org {
    start_with(|_| {}).await
}

pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Org {
    let dir = tempfile::tempdir().expect("temp dir");
    start_in(dir, tweak).await
}

pub async fn start_in(dir: tempfile::TempDir, tweak: impl FnOnce(&mut Config)) -> Org {
    let mut config = config(&dir);
    tweak(&mut config);
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let base = sandbox.base_url().to_string();
    // reqwest is built without a bundled TLS backend; it uses rustls with ring, as the
    // sandbox's HTTPS does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let token = password_login(&http, &base).await;
    Org {
        sandbox,
        base,
        http,
        token,
        dir,
    }
}

pub async fn password_login(http: &reqwest::Client, base: &str) -> String {
    let r = http
        .post(format!("{base}/services/oauth2/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", "sandbox"),
            ("client_secret", "sandbox-secret"),
            ("username", "admin@sandbox.local"),
            ("password", "sandbox"),
        ])
        .send()
        .await
        .expect("token request");
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.expect("token JSON");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

impl Org {
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call_raw(method, path, body.map(|b| b.to_string()))
            .await
    }

    pub async fn call_raw(&self, method: Method, path: &str, body: Option<String>) -> Answer {
        let url = format!("{}/services/data/v59.0{path}", self.base);
        let mut req = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        let r = req.send().await.expect("request");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None).await
    }

    /// Creates a record and returns its ID.
    pub async fn create(&self, object: &str, body: Value) -> String {
        let a = self.post(&format!("/sobjects/{object}"), body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        a.body["id"].as_str().expect("id").to_string()
    }
}
