//! The push and pull endpoints with a real HTTP client on loopback: a pushed payload lands
//! in the sandbox org (answered synchronously, or 202 and polled), a missing or wrong token
//! is 401, an oversize body 413, malformed JSON 400 with where, a pull answers with the
//! org's records as CSV or JSON, and the server listens on loopback unless told otherwise;
//! half a request head is cut off, a body that never comes is 408.

mod common;

use common::*;
use serde_json::{json, Value};
use std::sync::Arc;
use synccentral_api::orchestration::endpoint::{self as serve, ServeConfig, ServerHandle};
use synccentral_store::{KeySource, Workspace};

struct Served {
    env: Env,
    server: ServerHandle,
    http: reqwest::Client,
    push_token: String,
    csv_token: String,
    json_token: String,
}

async fn served() -> Served {
    served_with(ServeConfig::default()).await
}

/// The endpoint with `limits`' record and job bounds.
async fn served_with(limits: ServeConfig) -> Served {
    let env = start(1).await;
    env.seed_accounts().await;
    let file = |name: &str| env.dir.path().join(name).display().to_string();
    let export = |name: &str, format: &str| {
        json!({"name": name, "direction": "export",
               "source": {"connection": "org", "object": "Account", "where": "External_Id__c != null"},
               "target": {"file": file(&format!("{name}.out")), "format": format},
               "mapping": {"fields": [{"source": "External_Id__c", "target": "ref"},
                                      {"source": "Name", "target": "name"}]}})
    };
    env.configure(json!([
        {"name": "invoices-push", "direction": "import",
         "source": {"connection": "api", "path": "/v1/invoices", "recordsPath": "$.invoices"},
         "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert", "externalId": "invoice_id__c"},
         "mapping": invoice_ids()},
        export("accounts-csv", "csv"),
        export("accounts-json", "json")
    ]));
    let (push_token, csv_token, json_token) = {
        let ws = env.journal.workspace();
        let now = jiff::Timestamp::now();
        (
            ws.create_token("invoices-push", now).unwrap(),
            ws.create_token("accounts-csv", now).unwrap(),
            ws.create_token("accounts-json", now).unwrap(),
        )
    };
    let (db, key) = (
        env.dir.path().join("workspace.db"),
        env.dir.path().join("workspace.key"),
    );
    let open: serve::OpenWorkspace =
        Arc::new(move || Workspace::open_with(&db, KeySource::File(key.clone())));
    let server = serve::start(
        open,
        ServeConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            max_body: 4096,
            retry: Some(quick_retry()),
            ..limits
        },
    )
    .await
    .unwrap();
    Served {
        env,
        server,
        http: reqwest::Client::new(),
        push_token,
        csv_token,
        json_token,
    }
}

fn invoices(ids: &[&str]) -> Value {
    json!({"invoices": ids.iter().map(|id| json!({"invoice_id": id})).collect::<Vec<_>>()})
}

impl Served {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    async fn push(&self, token: Option<&str>, body: impl Into<reqwest::Body>) -> reqwest::Response {
        let mut r = self
            .http
            .post(self.url("/v1/import/invoices-push"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_push_lands_its_records_and_answers_with_the_summary() {
    let s = served().await;
    let r = s
        .push(
            Some(&s.push_token),
            invoices(&["INV-1", "INV-2", "INV-3"]).to_string(),
        )
        .await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["runs"][0]["option"], "invoices-push");
    assert_eq!(answer["runs"][0]["status"], "succeeded");
    assert_eq!(answer["runs"][0]["written"], 3);
    let rows = s.env.query("SELECT invoice_id__c FROM Invoice__c").await;
    assert_eq!(rows.len(), 3);

    // The wrapped form, asynchronously: 202, then the summary at /v1/runs/{id}.
    let wrapped = json!({"option": "invoices-push", "payload": invoices(&["INV-4"])});
    let r = s
        .http
        .post(s.url("/v1/import/invoices-push?async=true"))
        .bearer_auth(&s.push_token)
        .json(&wrapped)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let accepted: Value = r.json().await.unwrap();
    let poll = s.url(accepted["poll"].as_str().unwrap());
    let mut done = Value::Null;
    for _ in 0..200 {
        let r = s
            .http
            .get(&poll)
            .bearer_auth(&s.push_token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        done = r.json().await.unwrap();
        if done["status"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(done["runs"][0]["written"], 1, "{done}");
    assert_eq!(s.env.count("Invoice__c").await, 4);
    // The pushes are recorded as runs of mode push.
    let runs = s.env.journal.workspace().list_runs(10).unwrap();
    assert!(runs.iter().all(|r| r.mode.as_str() == "push"), "{runs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_wrong_token_is_401_and_nothing_lands() {
    let s = served().await;
    let body = invoices(&["INV-9"]).to_string();
    assert_eq!(s.push(None, body.clone()).await.status(), 401);
    let r = s.push(Some("sct_not-the-token"), body.clone()).await;
    assert_eq!(r.status(), 401);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["code"], "UNAUTHORIZED");
    // Another option's token does not open this one.
    assert_eq!(s.push(Some(&s.csv_token), body).await.status(), 401);
    let r = s
        .http
        .get(s.url("/v1/export/accounts-csv"))
        .bearer_auth(&s.push_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(s.env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversize_body_is_413_and_malformed_json_400_with_where() {
    let s = served().await;
    let ids: Vec<String> = (0..400).map(|i| format!("INV-{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let big = invoices(&ids).to_string();
    assert!(big.len() > 4096);
    let r = s.push(Some(&s.push_token), big).await;
    assert_eq!(r.status(), 413);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "PAYLOAD_TOO_LARGE"
    );

    let r = s
        .push(
            Some(&s.push_token),
            "{\"invoices\": [\n  {\"invoice_id\": \"INV-1\",}\n]}",
        )
        .await;
    assert_eq!(r.status(), 400);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["code"], "INVALID_JSON");
    assert_eq!(
        (answer["line"].as_u64(), answer["column"].as_u64()),
        (Some(2), Some(26)),
        "{answer}"
    );
    assert!(
        answer["message"].as_str().unwrap().contains("line 2"),
        "{answer}"
    );
    assert_eq!(s.env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_answers_with_the_orgs_records_as_csv_or_json() {
    let s = served().await;
    let r = s
        .http
        .get(s.url("/v1/export/accounts-csv"))
        .bearer_auth(&s.csv_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let text = r.text().await.unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.remove(0), "ref,name");
    lines.sort();
    assert_eq!(lines.len(), 7, "{text}");
    assert_eq!(lines[0], "A-100,Account 0");

    let r = s
        .http
        .get(s.url("/v1/export/accounts-json"))
        .bearer_auth(&s.json_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let records: Vec<Value> = r.json().await.unwrap();
    assert_eq!(records.len(), 7);
    assert!(
        records.contains(&json!({"ref": "A-103", "name": "Account 3"})),
        "{records:?}"
    );
}

#[test]
fn the_server_listens_on_loopback_unless_told_otherwise() {
    let c = ServeConfig::default();
    assert!(c.bind.ip().is_loopback());
    assert_eq!(c.bind.port(), serve::DEFAULT_PORT);
    assert_eq!(c.max_body, 10 * 1024 * 1024);
}

impl Served {
    /// Pushes asynchronously and polls until done; gives the run's id.
    async fn push_async(&self, ids: &[&str]) -> String {
        let r = self
            .http
            .post(self.url("/v1/import/invoices-push?async=true"))
            .bearer_auth(&self.push_token)
            .json(&invoices(ids))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let accepted: Value = r.json().await.unwrap();
        let id = accepted["id"].as_str().unwrap().to_string();
        for _ in 0..400 {
            let done: Value = self.poll(&id).await.json().await.unwrap();
            if done["status"] == "done" {
                return id;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("push {id} did not finish")
    }

    async fn poll(&self, id: &str) -> reqwest::Response {
        self.http
            .get(self.url(&format!("/v1/runs/{id}")))
            .bearer_auth(&self.push_token)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_past_its_record_bound_fails_saying_so_and_finished_pushes_are_kept_to_a_bound() {
    let s = served_with(ServeConfig {
        max_pull_records: 5,
        keep_finished: 1,
        ..ServeConfig::default()
    })
    .await;
    // The org has 7 accounts: more than this endpoint answers with in one pull.
    let r = s
        .http
        .get(s.url("/v1/export/accounts-json"))
        .bearer_auth(&s.json_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["code"], "EXPORT_FAILED");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("at most 5 records"),
        "{answer}"
    );

    // Only the newest finished push stays pollable.
    let first = s.push_async(&["INV-A"]).await;
    let second = s.push_async(&["INV-B"]).await;
    assert_eq!(s.poll(&second).await.status(), 200);
    let gone = s.poll(&first).await;
    assert_eq!(gone.status(), 404);
    let answer: Value = gone.json().await.unwrap();
    assert_eq!(answer["code"], "UNKNOWN_RUN");
}

mod timeouts {
    use super::*;
    use std::time::{Duration, Instant};
    use synccentral_serve::Limits;
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;

    async fn served_briefly() -> Served {
        // The request's own time stays long: a push runs its import inside it.
        let limits = ServeConfig::default().limits;
        served_with(ServeConfig {
            limits: Limits {
                header_read: Duration::from_secs(1),
                body_read: Duration::from_secs(1),
                ..limits
            },
            ..ServeConfig::default()
        })
        .await
    }

    use synccentral_serve::probe::read_to_close;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn half_a_request_head_is_cut_off() {
        let s = served_briefly().await;
        let mut stream = TcpStream::connect(s.server.addr()).await.unwrap();
        stream
            .write_all(b"POST /v1/import/invoices-push HTTP/1.1\r\nHost: x\r\nAuthor")
            .await
            .unwrap();
        let began = Instant::now();
        let got = read_to_close(&mut stream, Duration::from_secs(5)).await;
        assert_eq!(got.as_deref(), Some(""), "closed without an answer");
        assert!(began.elapsed() >= Duration::from_millis(900));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_push_whose_body_never_comes_is_408_and_a_whole_one_still_lands() {
        let s = served_briefly().await;
        let mut stream = TcpStream::connect(s.server.addr()).await.unwrap();
        let head = format!(
            "POST /v1/import/invoices-push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"invoic",
            s.push_token
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let began = Instant::now();
        let got = read_to_close(&mut stream, Duration::from_secs(5))
            .await
            .expect("answered and closed");
        assert!(began.elapsed() < Duration::from_secs(3));
        assert!(got.starts_with("HTTP/1.1 408"), "{got}");
        let body: Value = serde_json::from_str(got.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["code"], "REQUEST_TIMEOUT", "{got}");
        assert!(body["message"].as_str().unwrap().contains("within 1 s"));

        let r = s
            .push(Some(&s.push_token), invoices(&["T-1"]).to_string())
            .await;
        assert_eq!(r.status(), 200, "{:?}", r.text().await);
    }
}
