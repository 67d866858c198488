//! The sync demo both hosts build: an in-process sandbox org (with the Invoice__c,
//! Payment__c, Contact and Account describes, and the Accounts the invoices link to) and the
//! sample API on loopback, with a configuration that imports invoices, then payments linked
//! to their invoices by external ID. `synccentral demo` runs it once; the app keeps the two
//! servers running for as long as it runs.

use serde_json::{json, Value};
use std::path::Path;
/// The bundled sample API, as the demo and `synccentral sample-api serve` start it.
pub use synccentral_httpapi::sample_api;
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};

const DESCRIBES: [(&str, &str); 4] = [
    (
        "Invoice__c.json",
        include_str!("../../../../fixtures/samples/describe/Invoice__c.json"),
    ),
    (
        "Payment__c.json",
        include_str!("../../../../fixtures/samples/describe/Payment__c.json"),
    ),
    (
        "Contact.json",
        include_str!("../../../../fixtures/samples/describe/Contact.json"),
    ),
    (
        "Account.json",
        include_str!("../../../../fixtures/samples/describe/Account.json"),
    ),
];
const INVOICES: &str = include_str!("../../../../fixtures/demo/invoices.mapping.json");
const PAYMENTS: &str = include_str!("../../../../fixtures/demo/payments.mapping.json");

/// The bundled describe of one of the demo's objects.
pub fn describe_of(object: &str) -> Option<&'static str> {
    let file = format!("{object}.json");
    DESCRIBES.iter().find(|(n, _)| *n == file).map(|(_, t)| *t)
}

/// The demo's configuration document: the sandbox org, the sample API, and the two imports.
pub fn config(org_url: &str, api_url: &str, page_size: usize) -> Value {
    let mapping = |text: &str| -> Value { serde_json::from_str(text).expect("demo mapping") };
    json!({
        "format": "sync-central/1",
        "connections": [
            {"name": "org", "type": "salesforce", "loginUrl": org_url,
             "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                      "username": "admin@sandbox.local", "password": "sandbox"}},
            {"name": "finance", "type": "http", "baseUrl": api_url}
        ],
        "remoteSites": [org_url, api_url],
        "options": [
            {"name": "payments", "direction": "import",
             "source": {"connection": "finance", "path": "/v1/payments",
                        "params": {"paging": "nextUrl", "page_size": page_size.to_string(), "updated_since": "{{since}}"},
                        "recordsPath": "$.items", "paging": {"type": "nextUrl", "path": "$.links.next"},
                        "maxPages": 10000},
             "target": {"connection": "org", "object": "Payment__c", "operation": "upsert",
                        "externalId": "payment_id__c"},
             "mapping": mapping(PAYMENTS),
             "incremental": {"cursor": "updated_at", "tieBreaker": "payment_id"}},
            {"name": "invoices", "direction": "import",
             "source": {"connection": "finance", "path": "/v1/invoices",
                        "params": {"paging": "nextUrl", "page_size": page_size.to_string(), "updated_since": "{{since}}"},
                        "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"},
                        "maxPages": 10000},
             "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                        "externalId": "invoice_id__c"},
             "mapping": mapping(INVOICES),
             "incremental": {"cursor": "updated_at", "tieBreaker": "invoice_id"}}
        ]
    })
}

/// [`config`] with the invoices' `credit` status left out of the status map, so those
/// invoices carry a status the restricted picklist refuses
/// (`INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`): the app's demo shows failed records.
pub fn config_with_failures(org_url: &str, api_url: &str, page_size: usize) -> Value {
    let mut doc = config(org_url, api_url, page_size);
    if let Some(fields) = doc
        .pointer_mut("/options/1/mapping/fields")
        .and_then(Value::as_array_mut)
    {
        for f in fields {
            if let Some(map) = f
                .pointer_mut("/transforms/0/replace/map")
                .and_then(Value::as_object_mut)
            {
                map.remove("credit");
            }
        }
    }
    doc
}

/// Writes the demo's describes into `dir` (the sandbox's schema folder).
pub fn write_schema(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in DESCRIBES {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// The demo's two servers, running on the runtime that started them.
pub struct DemoServers {
    pub org: synccentral_sandbox::Sandbox,
    pub api: SampleApi,
    pub org_url: String,
    pub api_url: String,
}

impl DemoServers {
    /// Starts the sandbox org (its data and schema under `dir`) and the sample API with
    /// `records` invoices and payments, and seeds the Accounts the invoices link to.
    pub async fn start(dir: &Path, records: usize) -> Result<DemoServers, String> {
        let schema = dir.join("schema");
        write_schema(&schema).map_err(|e| format!("the demo describes: {e}"))?;
        let mut org_config = synccentral_sandbox::Config::new(dir.join("org"));
        org_config.schema_dir = Some(schema);
        let org = synccentral_sandbox::Sandbox::start(org_config)
            .await
            .map_err(|e| format!("the sandbox org: {e}"))?;
        let api = SampleApi::start(SampleConfig {
            records,
            ..SampleConfig::default()
        })
        .await
        .map_err(|e| format!("the sample API: {e}"))?;
        let org_url = org.base_url().trim_end_matches('/').to_string();
        let api_url = api.base_url().trim_end_matches('/').to_string();
        seed_accounts(&org_url)
            .await
            .map_err(|e| format!("seeding the demo Accounts: {e}"))?;
        Ok(DemoServers {
            org,
            api,
            org_url,
            api_url,
        })
    }

    /// Stops both servers.
    pub async fn stop(self) {
        self.api.stop();
        self.org.stop().await;
    }
}

/// The Accounts the sample invoices point at (`customer.account_ref` = A-100 … A-106): the
/// sample API has no accounts, so the demo org starts with them.
async fn seed_accounts(org_url: &str) -> Result<(), String> {
    let url = url::Url::parse(org_url).map_err(|e| e.to_string())?;
    let egress = crate::connections::egress(&[org_url.to_string()], None)
        .map_err(|p| crate::problems_text(&p))?;
    let client = synccentral_salesforce::Client::connect(
        egress,
        synccentral_salesforce::Config::new(url, synccentral_salesforce::Auth::sandbox_admin()),
    )
    .await
    .map_err(|e| e.to_string())?;
    let names = [
        "Acme Corp",
        "Globex",
        "Initech",
        "Umbrella",
        "Hooli",
        "Stark",
        "Wayne",
    ];
    let accounts: Vec<Value> = (0..7)
        .map(|i| json!({"External_Id__c": format!("A-{}", 100 + i), "Name": names[i], "Active__c": true}))
        .collect();
    let results = client
        .write_collections(
            &synccentral_salesforce::Operation::Upsert {
                external_id_field: "External_Id__c".into(),
            },
            "Account",
            &accounts,
            1,
        )
        .await;
    match results.iter().find(|r| !r.success) {
        Some(r) => Err(format!("{:?}", r.errors)),
        None => Ok(()),
    }
}

/// What `synccentral demo` ran: the runs of every option and, when records failed, the
/// first one (its option and result) to show.
pub struct DemoRun {
    /// The workspace the demo wrote.
    pub workspace: std::path::PathBuf,
    /// Every option's run, parents first.
    pub runs: crate::runs::WorkspaceRuns,
    /// One failed record, when any failed.
    pub failed: Option<(String, synccentral_store::RecordResult)>,
}

/// The one-shot demo: starts the two servers with `records` records (data under `dir`), says
/// where they listen through `started` (org URL, API URL, workspace file), writes a workspace
/// wired to them in `dir` (its key beside it), runs every option as "Run now" does, and stops
/// the servers.
pub fn run_demo(
    dir: &Path,
    records: usize,
    started: impl FnOnce(&str, &str, &Path),
    events: &(dyn Fn(&crate::runs::RunEvent) + Sync),
    cancel: &crate::runs::CancelToken,
) -> Result<DemoRun, crate::ApiError> {
    use crate::runs::{RecordFilter, RunId, RunRequest, Selection};
    use crate::workspace::{runtime, store_error, AppWorkspace};
    let failed = |e: String| crate::ApiError::new(crate::codes::DEMO_FAILED, e);
    let servers = runtime()
        .block_on(DemoServers::start(dir, records))
        .map_err(failed)?;
    let path = dir.join("workspace.db");
    let ran = (|| {
        let ws = synccentral_store::Workspace::open_with(
            &path,
            synccentral_store::KeySource::File(dir.join("workspace.key")),
        )
        .map_err(store_error)?;
        ws.import_config(&config(&servers.org_url, &servers.api_url, 100))
            .map_err(store_error)?;
        drop(ws);
        started(&servers.org_url, &servers.api_url, &path);
        let app = AppWorkspace::at(&path);
        app.act_with_file_access("demo");
        let runs =
            crate::runs::run_options(&app, &RunRequest::new(Selection::All), events, cancel)?
                .map_err(|e| failed(e.to_string()))?;
        let ws = app.open()?;
        let first_failed = runs
            .outcomes
            .iter()
            .filter(|o| o.counts.failed > 0)
            .find_map(|o| {
                ws.run_records(RunId(o.run.0), RecordFilter::Failed)
                    .ok()
                    .and_then(|r| r.into_iter().next())
                    .map(|r| (o.option.clone(), r))
            });
        Ok(DemoRun {
            workspace: path.clone(),
            runs,
            failed: first_failed,
        })
    })();
    runtime().block_on(servers.stop());
    ran
}
