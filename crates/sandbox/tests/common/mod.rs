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

/// One page of `/query` for `soql`, which must answer 200.
pub async fn query(org: &Org, soql: &str) -> Value {
    let r = org
        .http
        .get(format!("{}/services/data/v59.0/query", org.base))
        .query(&[("q", soql)])
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, reqwest::StatusCode::OK, "{soql}: {body}");
    body
}

impl Org {
    /// Runs a SOQL query (`/query`, or `/queryAll` when `all`) 200 rows per batch and follows
    /// `nextRecordsUrl` to the end; answers every page, cursor URLs reduced to their offset.
    pub async fn query_pages(&self, soql: &str, all: bool) -> Vec<Value> {
        let resource = if all { "queryAll" } else { "query" };
        let mut url = format!("{}/services/data/v59.0/{resource}", self.base);
        let mut params = vec![("q", soql.to_string())];
        let mut pages = Vec::new();
        loop {
            let r = self
                .http
                .get(&url)
                .query(&params)
                .bearer_auth(&self.token)
                .header("Sforce-Query-Options", "batchSize=200")
                .send()
                .await
                .expect("query");
            let status = r.status();
            let mut page: Value = r.json().await.expect("query JSON");
            let next = page["nextRecordsUrl"].as_str().map(str::to_string);
            if let Some(n) = &next {
                page["nextRecordsUrl"] = Value::String(n.rsplit('-').next().unwrap_or("").into());
            }
            pages.push(serde_json::json!({"status": status.as_u16(), "page": page}));
            match next {
                Some(n) => {
                    url = format!("{}{n}", self.base);
                    params.clear();
                }
                None => return pages,
            }
        }
    }

    /// Runs a Bulk API 2.0 ingest job of `csv` and answers its final job info.
    pub async fn ingest(&self, job: Value, csv: &str) -> Value {
        let a = self.post("/jobs/ingest", job).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let id = a.body["id"].as_str().expect("job id").to_string();
        let put = self
            .http
            .put(format!(
                "{}/services/data/v59.0/jobs/ingest/{id}/batches",
                self.base
            ))
            .bearer_auth(&self.token)
            .header("content-type", "text/csv")
            .body(csv.to_string())
            .send()
            .await
            .expect("upload");
        assert_eq!(put.status(), StatusCode::CREATED);
        let a = self
            .patch(
                &format!("/jobs/ingest/{id}"),
                serde_json::json!({"state": "UploadComplete"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let a = self.get(&format!("/jobs/ingest/{id}")).await;
            let state = a.body["state"].as_str().unwrap_or_default().to_string();
            if ["JobComplete", "Failed", "Aborted"].contains(&state.as_str()) {
                return a.body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "job {id} still {state}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}
