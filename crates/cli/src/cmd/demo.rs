//! `synccentral demo [--records N] [--dir D]`: a whole sync, end to end, with nothing to
//! set up. Starts an in-process sandbox org (with the Invoice__c, Payment__c, Contact and
//! Account describes) and the sample API on loopback, creates a workspace wired to both,
//! seeds the Accounts the invoices link to, runs every option (invoices, then payments
//! linked to their invoices by external ID — parents first, as `run_order` orders them),
//! prints the summary table and one failed record's message if any, and stops.

use crate::Failure;
use clap::Args as ClapArgs;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
use synccentral_runner::wire::{self, RunRequest, Selection, StoreJournal};
use synccentral_runner::CancelToken;
use synccentral_store::{KeySource, RecordFilter, RunId, Workspace};

#[derive(ClapArgs)]
pub struct Args {
    /// Records of each sample API resource (invoices, payments).
    #[arg(long, default_value_t = 250)]
    records: usize,
    /// Keep the demo's workspace, org and key here (default: a temporary folder, removed
    /// at the end).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

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

/// Writes the demo's describes into `dir` (the sandbox's schema folder).
pub fn write_schema(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in DESCRIBES {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

fn unusable(what: &str) -> impl Fn(String) -> Failure + '_ {
    move |e| Failure::Unusable(format!("{what}: {e}"))
}

pub fn run(args: Args) -> Result<(), Failure> {
    let temp;
    let dir = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d)
                .map_err(|e| Failure::Unusable(format!("{}: {e}", d.display())))?;
            d.clone()
        }
        None => {
            temp =
                tempfile::tempdir().map_err(|e| unusable("a temporary folder")(e.to_string()))?;
            temp.path().to_path_buf()
        }
    };
    let cancel = CancelToken::new();
    let rt = crate::cmd::run::runtime(&cancel)?;
    rt.block_on(demo(&dir, args.records, args.dir.is_some(), &cancel))
}

async fn demo(dir: &Path, records: usize, keep: bool, cancel: &CancelToken) -> Result<(), Failure> {
    let schema = dir.join("schema");
    write_schema(&schema).map_err(|e| unusable("the demo describes")(e.to_string()))?;
    let mut org_config = synccentral_sandbox::Config::new(dir.join("org"));
    org_config.schema_dir = Some(schema);
    let org = synccentral_sandbox::Sandbox::start(org_config)
        .await
        .map_err(|e| unusable("the sandbox org")(e.to_string()))?;
    let api = SampleApi::start(SampleConfig {
        records,
        ..SampleConfig::default()
    })
    .await
    .map_err(|e| unusable("the sample API")(e.to_string()))?;
    let org_url = org.base_url().trim_end_matches('/').to_string();
    let api_url = api.base_url().trim_end_matches('/').to_string();
    println!("sandbox org  {org_url}");
    println!("sample API   {api_url} ({records} invoices, {records} payments)");

    seed_accounts(&org_url)
        .await
        .map_err(unusable("seeding the demo Accounts"))?;

    let ws_path = dir.join("workspace.db");
    let ws = Workspace::open_with(&ws_path, KeySource::File(dir.join("workspace.key")))?;
    ws.import_config(&config(&org_url, &api_url, 100))?;
    println!("workspace    {}\n", ws_path.display());

    let journal = StoreJournal::new(ws);
    let (bar, events) = crate::cmd::run::progress();
    let result =
        wire::run_workspace(&journal, &RunRequest::new(Selection::All), &events, cancel).await;
    bar.finish_and_clear();
    let runs = match result {
        Ok(r) => r,
        Err(e) => return Err(Failure::Unusable(e.to_string())),
    };
    crate::cmd::run::print_table(&runs.summary);
    let ws = journal.into_inner();
    for o in &runs.outcomes {
        if let Some(m) = &o.message {
            println!("\n{} (run {}): {m}", o.option, o.run.0);
        }
    }
    if let Some(failed) = runs
        .outcomes
        .iter()
        .filter(|o| o.counts.failed > 0)
        .find_map(|o| {
            ws.run_records(RunId(o.run.0), RecordFilter::Failed)
                .ok()
                .and_then(|r| r.into_iter().next())
                .map(|r| (o.option.clone(), r))
        })
    {
        let (option, r) = failed;
        println!(
            "\none failed record of {option}: {} — {}: {}",
            r.source_key.as_deref().unwrap_or("(no key)"),
            r.error_code.as_deref().unwrap_or("ERROR"),
            r.error_message.as_deref().unwrap_or("")
        );
    }
    if keep {
        println!(
            "\nthe runs are kept: synccentral --workspace {} runs list",
            ws_path.display()
        );
    }
    drop(ws);
    api.stop();
    org.stop().await;
    match runs.summary.exit_code() {
        0 => Ok(()),
        _ => Err(Failure::Found),
    }
}

/// The Accounts the sample invoices point at (`customer.account_ref` = A-100 … A-106): the
/// sample API has no accounts, so the demo org starts with them.
async fn seed_accounts(org_url: &str) -> Result<(), String> {
    let url = url::Url::parse(org_url).map_err(|e| e.to_string())?;
    let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(
        synccentral_net::RemoteSites::parse(&[org_url]).map_err(|e| format!("{e:?}"))?,
    ))
    .map_err(|e| e.to_string())?;
    let client = synccentral_salesforce::Client::connect(
        egress,
        synccentral_salesforce::Config::new(
            url,
            synccentral_salesforce::Auth::Password {
                client_id: "sandbox".into(),
                client_secret: "sandbox-secret".into(),
                username: "admin@sandbox.local".into(),
                password: "sandbox".into(),
                security_token: None,
            },
        ),
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
