//! An in-process sandbox org (with the sample describes) and the sample API on loopback, a
//! fresh workspace wired to both, and helpers to run options and count what landed.
#![allow(dead_code)]

pub mod app;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use synccentral_api::runs::{
    self as wire, RunRequest, Selection, StoreJournal, WireError, WorkspaceRuns,
};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
use synccentral_net::{Egress, EgressConfig, RemoteSites, RetryPolicy};
use synccentral_runner::{CancelToken, RunEvent};
use synccentral_salesforce::{Auth, Client, Config};
use synccentral_sandbox::Sandbox;
use synccentral_store::{KeySource, Workspace};

pub struct Env {
    pub org: Sandbox,
    pub api: SampleApi,
    pub org_url: String,
    pub api_url: String,
    pub dir: tempfile::TempDir,
    pub journal: StoreJournal,
    /// The `auth` of the `api` connection.
    pub api_auth: Value,
}

pub fn describes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples/describe")
}

/// A client logged in to the sandbox org at `org_url` as its admin (password flow).
pub async fn org_client(org_url: &str) -> Client {
    let egress = Egress::new({
        let mut c = EgressConfig::new(RemoteSites::parse(&[org_url]).unwrap());
        c.retry = quick_retry();
        c
    })
    .unwrap();
    Client::connect(
        egress,
        Config::new(url::Url::parse(org_url).unwrap(), Auth::sandbox_admin()),
    )
    .await
    .expect("login")
}

pub fn quick_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 10,
        base: Duration::from_millis(10),
        max_delay: Duration::from_millis(500),
    }
}

/// A diff of `option` that retries quickly.
pub fn diff_request(option: &str) -> synccentral_api::reconcile::diff::DiffRequest {
    synccentral_api::reconcile::diff::DiffRequest {
        retry: Some(quick_retry()),
        ..synccentral_api::reconcile::diff::DiffRequest::new(option)
    }
}

/// Runs a diff: its summary and every row it gave, in its order.
pub async fn diff_rows(
    journal: &StoreJournal,
    request: &synccentral_api::reconcile::diff::DiffRequest,
) -> (synccentral_recon::Summary, Vec<synccentral_recon::Row>) {
    let mut rows = Vec::new();
    let outcome =
        synccentral_api::reconcile::diff::diff_option(journal, request, &mut |r| rows.push(r))
            .await
            .expect("diff runs");
    (outcome.summary, rows)
}

pub async fn start(records: usize) -> Env {
    start_with_auth(records, synccentral_httpapi::sample_api::SampleAuth::None).await
}

/// [`start`] with a sample API that demands `auth`.
pub async fn start_with_auth(
    records: usize,
    auth: synccentral_httpapi::sample_api::SampleAuth,
) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut config = synccentral_sandbox::Config::new(dir.path().join("org"));
    config.schema_dir = Some(describes());
    let org = Sandbox::start(config).await.expect("sandbox starts");
    let api = SampleApi::start(SampleConfig {
        records,
        auth,
        ..SampleConfig::default()
    })
    .await
    .expect("sample API starts");
    let ws = Workspace::open_with(
        dir.path().join("workspace.db"),
        KeySource::File(dir.path().join("workspace.key")),
    )
    .unwrap();
    Env {
        org_url: org.base_url().trim_end_matches('/').to_string(),
        api_url: api.base_url().trim_end_matches('/').to_string(),
        org,
        api,
        dir,
        journal: StoreJournal::new(ws),
        api_auth: json!({"type": "none"}),
    }
}

impl Env {
    /// A configuration document with the org and the API, and these options.
    pub fn doc(&self, options: Value) -> Value {
        json!({
            "format": "sync-central/1",
            "connections": [
                {"name": "org", "type": "salesforce", "loginUrl": self.org_url,
                 "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                          "username": "admin@sandbox.local", "password": "sandbox"}},
                {"name": "api", "type": "http", "baseUrl": self.api_url, "auth": self.api_auth}
            ],
            "remoteSites": [self.org_url, self.api_url],
            "options": options
        })
    }

    pub fn configure(&self, options: Value) {
        self.journal
            .workspace()
            .import_config(&self.doc(options))
            .expect("valid config");
    }

    pub async fn run(&self, selection: Selection) -> Result<WorkspaceRuns, WireError> {
        self.run_with(selection, false, false).await
    }

    pub async fn run_with(
        &self,
        selection: Selection,
        full: bool,
        dry_run: bool,
    ) -> Result<WorkspaceRuns, WireError> {
        let request = RunRequest {
            full,
            dry_run,
            retry: Some(quick_retry()),
            ..RunRequest::new(selection)
        };
        let events = |_: &RunEvent| {};
        wire::run_workspace(&self.journal, &request, &events, &CancelToken::new()).await
    }

    /// Upserts `records` into Invoice__c by invoice_id__c through Collections, as a user's
    /// org holds them before a test's run; every record must land.
    pub async fn seed_invoices(&self, records: &[Value]) {
        let r = self
            .client()
            .await
            .write_collections(
                &synccentral_salesforce::Operation::Upsert {
                    external_id_field: "invoice_id__c".into(),
                },
                "Invoice__c",
                records,
                4,
            )
            .await;
        assert!(r.iter().all(|r| r.success), "{r:?}");
    }

    pub async fn client(&self) -> Client {
        org_client(&self.org_url).await
    }

    pub async fn query(&self, soql: &str) -> Vec<Value> {
        self.client()
            .await
            .query_all_records(soql)
            .await
            .expect(soql)
    }

    pub async fn count(&self, object: &str) -> usize {
        self.query(&format!("SELECT Id FROM {object}")).await.len()
    }

    /// Seeds Accounts A-100 … A-106 (the sample invoices' `customer.account_ref`).
    pub async fn seed_accounts(&self) {
        let accounts: Vec<Value> = (0..7)
            .map(|i| json!({"External_Id__c": format!("A-{}", 100 + i), "Name": format!("Account {i}"), "Active__c": i % 2 == 0}))
            .collect();
        let r = self
            .client()
            .await
            .write_collections(
                &synccentral_salesforce::Operation::Upsert {
                    external_id_field: "External_Id__c".into(),
                },
                "Account",
                &accounts,
                1,
            )
            .await;
        assert!(r.iter().all(|r| r.success), "{r:?}");
    }
}

/// A small invoice mapping (no references): id into invoice_id__c and Name.
pub fn invoice_ids() -> Value {
    json!({"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"}
    ]})
}

/// An import of the sample API's invoices with `paging` (and the query parameters that
/// select it), upserted into Invoice__c by invoice_id__c.
pub fn invoice_import(name: &str, params: Value, paging: Value) -> Value {
    json!({"name": name, "direction": "import",
           "source": {"connection": "api", "path": "/v1/invoices", "params": params,
                      "recordsPath": "$.invoices", "paging": paging, "maxPages": 10000},
           "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                      "externalId": "invoice_id__c"},
           "mapping": invoice_ids()})
}

pub fn mapping_file(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/demo")
        .join(name);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("description");
    v
}
