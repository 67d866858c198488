//! `synccentral run`, `runs retry` and `demo` as a user runs them, against an in-process
//! sandbox org and the sample API on loopback.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};

pub(super) struct Env {
    pub(super) rt: tokio::runtime::Runtime,
    _org: synccentral_sandbox::Sandbox,
    _api: SampleApi,
    pub(super) org_url: String,
    api_url: String,
    pub(super) dir: tempfile::TempDir,
}

fn describes() -> PathBuf {
    super::root().join("fixtures/samples/describe")
}

pub(super) fn start(records: usize) -> Env {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = synccentral_sandbox::Config::new(dir.path().join("org"));
    config.schema_dir = Some(describes());
    let org = rt
        .block_on(synccentral_sandbox::Sandbox::start(config))
        .unwrap();
    let api = rt
        .block_on(SampleApi::start(SampleConfig {
            records,
            ..SampleConfig::default()
        }))
        .unwrap();
    Env {
        org_url: org.base_url().trim_end_matches('/').to_string(),
        api_url: api.base_url().trim_end_matches('/').to_string(),
        rt,
        _org: org,
        _api: api,
        dir,
    }
}

pub(super) fn invoices(name: &str, operation: &str, page_size: usize) -> Value {
    json!({"name": name, "direction": "import",
           "source": {"connection": "api", "path": "/v1/invoices",
                      "params": {"page_size": page_size.to_string(), "updated_since": "{{since}}"},
                      "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"},
                      "maxPages": 10000},
           "target": {"connection": "org", "object": "Invoice__c", "operation": operation,
                      "externalId": "invoice_id__c"},
           "mapping": {"fields": [{"source": "invoice_id", "target": "invoice_id__c"},
                                   {"source": "invoice_id", "target": "Name"}]},
           "incremental": {"cursor": "updated_at", "tieBreaker": "invoice_id"}})
}

impl Env {
    pub(super) fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_synccentral"));
        c.args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.dir.path().join("ws.db"))
            .env(
                "SYNCCENTRAL_MASTER_KEY_FILE",
                self.dir.path().join("master.key"),
            )
            .env("SYNCCENTRAL_KEYCHAIN", "off");
        c
    }

    pub(super) fn sc(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("synccentral runs")
    }

    pub(super) fn configure(&self, options: Value) {
        let doc = json!({
            "format": "sync-central/1",
            "connections": [
                {"name": "org", "type": "salesforce", "loginUrl": self.org_url,
                 "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                          "username": "admin@sandbox.local", "password": "sandbox"}},
                {"name": "api", "type": "http", "baseUrl": self.api_url}
            ],
            "remoteSites": [self.org_url, self.api_url],
            "options": options
        });
        let path = self.dir.path().join("config.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        let o = self.sc(&["config", "import", path.to_str().unwrap(), "--apply"]);
        assert!(o.status.success(), "{}", super::stderr(&o));
    }

    pub(super) fn invoice_ids(&self) -> Vec<String> {
        let org_url = self.org_url.clone();
        self.rt.block_on(async move {
            let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(
                synccentral_net::RemoteSites::parse(&[org_url.as_str()]).unwrap(),
            ))
            .unwrap();
            let client = synccentral_salesforce::Client::connect(
                egress,
                synccentral_salesforce::Config::new(
                    url::Url::parse(&org_url).unwrap(),
                    synccentral_salesforce::Auth::sandbox_admin(),
                ),
            )
            .await
            .unwrap();
            client
                .query_all_records("SELECT invoice_id__c FROM Invoice__c")
                .await
                .unwrap()
                .iter()
                .map(|r| r["invoice_id__c"].as_str().unwrap().to_string())
                .collect()
        })
    }
}

#[test]
fn run_prints_the_json_summary_and_exits_0_when_every_record_landed() {
    let env = start(45);
    env.configure(json!([invoices("inv", "upsert", 20)]));
    let dry = env.sc(&["run", "--option", "inv", "--dry-run", "--json"]);
    assert_eq!(dry.status.code(), Some(0), "{}", super::stderr(&dry));
    assert!(env.invoice_ids().is_empty(), "a dry run wrote");
    let o = env.sc(&["run", "--all", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));
    let summary = super::json(&o);
    let run = &summary["runs"][0];
    assert_eq!(run["option"], "inv");
    assert_eq!(run["status"], "succeeded");
    assert_eq!(
        (
            run["read"].as_u64(),
            run["written"].as_u64(),
            run["failed"].as_u64(),
            run["skipped"].as_u64()
        ),
        (Some(45), Some(45), Some(0), Some(0))
    );
    assert!(run["durationMs"].is_u64());
    assert_eq!(env.invoice_ids().len(), 45);
    // Without a terminal there is no progress line, and the table is plain text.
    let again = env.sc(&["run", "--object", "invoice__c"]);
    assert_eq!(again.status.code(), Some(0), "{}", super::stderr(&again));
    let text = super::stdout(&again);
    assert!(text.starts_with("OPTION"), "{text}");
    assert!(!super::stderr(&again).contains('\r'));
    let list = env.sc(&["runs", "list"]);
    assert!(
        super::stdout(&list).contains("dry-run"),
        "{}",
        super::stdout(&list)
    );
}

#[test]
fn configuration_problems_exit_2_naming_each_pointer_before_anything_runs() {
    let env = start(10);
    let mut bad = invoices("inv", "upsert", 10);
    bad["mapping"]["fields"][1]["target"] = json!("Nmae");
    let mut other = invoices("other", "upsert", 10);
    other["target"]["externalId"] = json!("Amount__c");
    env.configure(json!([bad, other]));
    let o = env.sc(&["run", "--all"]);
    assert_eq!(o.status.code(), Some(2), "{}", super::stdout(&o));
    let err = super::stderr(&o);
    assert!(err.contains("/options/0/mapping/fields/1/target"), "{err}");
    assert!(err.contains("/options/1/target/externalId"), "{err}");
    assert!(err.contains("nothing ran"), "{err}");
    let missing = env.sc(&["run", "--option", "invv"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        super::stderr(&missing).contains("did you mean \"inv\""),
        "{}",
        super::stderr(&missing)
    );
    assert!(env.invoice_ids().is_empty());
    assert!(super::stdout(&env.sc(&["runs", "list"])).contains("no runs yet"));
}

#[test]
fn failed_records_exit_1_and_runs_retry_lands_them() {
    let env = start(12);
    let payments = json!({"name": "payments", "direction": "import",
        "source": {"connection": "api", "path": "/v1/payments", "params": {"page_size": "5"},
                   "recordsPath": "$.items", "paging": {"type": "nextUrl", "path": "$.links.next"}},
        "target": {"connection": "org", "object": "Payment__c", "operation": "upsert", "externalId": "payment_id__c"},
        "mapping": {"fields": [
            {"source": "payment_id", "target": "payment_id__c"},
            {"source": "invoice", "target": "Invoice__c", "transforms": [{"reference": {"object": "Invoice__c", "externalId": "invoice_id__c"}}]},
            {"source": "amount_cents", "target": "Amount__c", "transforms": [{"calc": "value / 100"}]}]}});
    env.configure(json!([payments, invoices("invoices", "upsert", 5)]));
    let o = env.sc(&["run", "--option", "payments", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", super::stderr(&o));
    assert_eq!(super::json(&o)["runs"][0]["failed"], 12);
    let id = super::json(&env.sc(&["runs", "list", "--json"]))[0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        env.sc(&["run", "--option", "invoices"]).status.code(),
        Some(0)
    );
    let retry = env.sc(&["runs", "retry", &id.to_string(), "--json"]);
    assert_eq!(retry.status.code(), Some(0), "{}", super::stderr(&retry));
    let line = &super::json(&retry)["runs"][0];
    assert_eq!(
        (line["option"].as_str(), line["written"].as_u64()),
        (Some("payments"), Some(12))
    );
}

#[test]
fn demo_runs_invoices_then_payments_into_a_sandbox_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_synccentral"))
        .args([
            "demo",
            "--records",
            "40",
            "--dir",
            dir.path().to_str().unwrap(),
        ])
        .env("SYNCCENTRAL_KEYCHAIN", "off")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        super::stdout(&o),
        super::stderr(&o)
    );
    let text = super::stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("succeeded")).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("invoices") && lines[1].starts_with("payments"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.split_whitespace().nth(3) == Some("40")),
        "{text}"
    );
    assert!(dir.path().join("workspace.db").exists());
}

#[test]
fn a_run_killed_at_any_moment_then_run_again_leaves_each_record_exactly_once() {
    const N: usize = 20_000;
    let env = start(N);
    // Inserts (not idempotent): only the insert journal and the checkpoint keep a rerun
    // from doubling what the killed run had sent.
    env.configure(json!([invoices("inv", "insert", 1000)]));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let wait = std::time::Duration::from_millis(150 + u64::from(nanos % 1200));
    let mut child = env
        .cmd(&["run", "--all", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(wait);
    // SIGKILL: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    let landed_before = env.invoice_ids().len();
    let o = env.sc(&["run", "--all", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "killed after {wait:?} ({landed_before} landed): {}",
        super::stderr(&o)
    );
    let mut ids = env.invoice_ids();
    assert_eq!(
        ids.len(),
        N,
        "killed after {wait:?} with {landed_before} landed"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), N, "duplicates after a kill at {wait:?}");
    eprintln!("killed after {wait:?} with {landed_before} landed; the rerun completed the set");
}

#[test]
fn payload_prints_what_an_export_would_send_without_sending_it() {
    let env = start(4);
    let export = json!({"name": "out", "direction": "export",
        "source": {"connection": "org", "object": "Invoice__c"},
        "target": {"connection": "api", "path": "/v1/echo/{{ext}}", "format": "json"},
        "mapping": {"fields": [{"source": "invoice_id__c", "target": "ext"}]}});
    env.configure(json!([invoices("inv", "upsert", 10), export]));
    assert_eq!(env.sc(&["run", "--option", "inv"]).status.code(), Some(0));
    let o = env.sc(&["payload", "--option", "out", "--records", "2", "--json"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let p = super::json(&o);
    assert_eq!(p["records"], 2);
    let requests = p["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/v1/echo/INV-000001"),
        "{p}"
    );
    assert_eq!(requests[0]["body"], r#"{"ext":"INV-000001"}"#);
    // Nothing ran: the run log holds the import only.
    let runs = super::json(&env.sc(&["runs", "list", "--json"]));
    assert_eq!(runs.as_array().unwrap().len(), 1, "{runs}");
    let o = env.sc(&["payload", "--option", "inv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("is not an export"),
        "{}",
        super::stderr(&o)
    );
}
