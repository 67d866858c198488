//! The Day-Zero guard against the sandbox org: invoices whose memo is empty in the source
//! would blank the notes the org already holds. Each of the guard's modes (warn, protect,
//! block), and the guard on its own as a dry run.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::runs::Selection;
use synccentral_runner::RunStatus;
use synccentral_store::RunId;

/// Upserts invoices by invoice_id__c: the id as Name, the memo into Notes__c (the sample
/// API's memo is null for INV-000001 and INV-000005).
fn option(guard: &str) -> Value {
    option_via(guard, "auto")
}

/// [`option`] written through `api` (`auto`, `rest`, `bulk`).
fn option_via(guard: &str, api: &str) -> Value {
    json!([{"name": "invoices", "direction": "import", "guard": guard,
    "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "3"},
               "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c", "batchSize": 3, "api": api},
    "mapping": {"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "memo", "target": "Notes__c"}
    ]}}])
}

/// The org holds the 8 invoices already, each with notes and an old name.
async fn seed(env: &Env) {
    let records: Vec<Value> = (1..=8)
        .map(|i| {
            json!({"invoice_id__c": format!("INV-{i:06}"), "Name": "old name",
                         "Notes__c": format!("good notes {i}")})
        })
        .collect();
    env.seed_invoices(&records).await;
}

async fn invoice(env: &Env, ext: &str) -> Value {
    env.query(&format!(
        "SELECT Name, Notes__c FROM Invoice__c WHERE invoice_id__c = '{ext}'"
    ))
    .await
    .remove(0)
}

fn found(env: &Env, run: i64) -> Vec<(Option<String>, String, Value, String)> {
    env.journal
        .workspace()
        .guard_findings(RunId(run))
        .unwrap()
        .into_iter()
        .map(|f| (f.source_key, f.field, f.prior, f.mode.as_str().to_string()))
        .collect()
}

fn expected(mode: &str) -> Vec<(Option<String>, String, Value, String)> {
    vec![
        (
            Some("INV-000001".into()),
            "Notes__c".into(),
            json!("good notes 1"),
            mode.into(),
        ),
        (
            Some("INV-000005".into()),
            "Notes__c".into(),
            json!("good notes 5"),
            mode.into(),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warn_reports_the_blanked_notes_in_the_run_log_and_writes_as_mapped() {
    let env = start(8).await;
    seed(&env).await;
    env.configure(option("warn"));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!((line.status, line.written), (RunStatus::Succeeded, 8));
    assert_eq!(found(&env, runs.outcomes[0].run.0), expected("warn"));
    // Reported with the run, which still succeeded.
    let message = runs.outcomes[0].message.clone().unwrap_or_default();
    assert!(
        message.contains("(warn) found 2 target fields") && message.contains("INV-000001 Notes__c"),
        "{message}"
    );
    // Written as mapped: the good notes are gone, as the user was warned.
    assert_eq!(invoice(&env, "INV-000001").await["Notes__c"], Value::Null);
    assert_eq!(invoice(&env, "INV-000002").await["Notes__c"], "Order 2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protect_keeps_the_notes_and_still_writes_the_rest_of_the_record() {
    protect_through("rest").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protect_keeps_the_notes_through_bulk_too() {
    // In a Bulk CSV the protected record's Notes__c cell is empty (left as it is) while
    // the other records of its batch carry theirs.
    protect_through("bulk").await;
}

async fn protect_through(api: &str) {
    let env = start(8).await;
    seed(&env).await;
    env.configure(option_via("protect", api));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!((line.status, line.written), (RunStatus::Succeeded, 8));
    assert_eq!(found(&env, runs.outcomes[0].run.0), expected("protect"));
    let first = invoice(&env, "INV-000001").await;
    assert_eq!(first["Notes__c"], "good notes 1");
    assert_eq!(first["Name"], "INV-000001");
    assert_eq!(invoice(&env, "INV-000002").await["Notes__c"], "Order 2");
    // The run log shows what was sent: the record without the protected field.
    let records = env
        .journal
        .workspace()
        .run_records(
            RunId(runs.outcomes[0].run.0),
            synccentral_store::RecordFilter::All,
        )
        .unwrap();
    let sent = records[0].mapped.as_ref().unwrap();
    assert!(sent.get("Notes__c").is_none(), "{sent}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_stops_the_run_before_writing_anything_with_the_list() {
    let env = start(8).await;
    seed(&env).await;
    env.configure(option("block"));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let outcome = &runs.outcomes[0];
    assert_eq!(outcome.status, RunStatus::Failed);
    let message = outcome.message.clone().unwrap();
    assert!(
        message.contains("2 target fields") && message.contains("INV-000005 Notes__c"),
        "{message}"
    );
    assert_eq!(found(&env, outcome.run.0), expected("block"));
    // Nothing written, not even the records the guard had nothing against (the first
    // batch of three holds INV-000002 and INV-000003).
    for i in 1..=8 {
        let inv = invoice(&env, &format!("INV-{i:06}")).await;
        assert_eq!(inv["Name"], "old name", "{inv}");
        assert_eq!(inv["Notes__c"], format!("good notes {i}"), "{inv}");
    }
    assert_eq!(runs.summary.exit_code(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_on_its_own_lists_the_fields_and_writes_nothing() {
    let env = start(8).await;
    seed(&env).await;
    env.configure(option("warn"));
    let report = synccentral_api::reconcile::guard(&env.journal, "invoices", Some(quick_retry()))
        .await
        .unwrap();
    assert_eq!(report.mode, "warn");
    let fields: Vec<(Option<String>, String, Value)> = report
        .findings
        .iter()
        .map(|f| (f.source_key.clone(), f.field.clone(), f.prior.clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                Some("INV-000001".into()),
                "Notes__c".into(),
                json!("good notes 1")
            ),
            (
                Some("INV-000005".into()),
                "Notes__c".into(),
                json!("good notes 5")
            ),
        ]
    );
    assert_eq!(
        invoice(&env, "INV-000001").await["Notes__c"],
        "good notes 1"
    );
    assert_eq!(invoice(&env, "INV-000002").await["Name"], "old name");
}

#[test]
fn a_blocking_guard_on_an_insert_is_a_configuration_problem() {
    let doc = json!({
        "format": "sync-central/1",
        "connections": [
            {"name": "api", "type": "http", "baseUrl": "http://127.0.0.1:9", "auth": {"type": "none"}},
            {"name": "org", "type": "salesforce", "loginUrl": "http://127.0.0.1:9",
             "auth": {"flow": "password", "clientId": "c", "clientSecret": "s",
                      "username": "u", "password": "p"}}
        ],
        "remoteSites": ["http://127.0.0.1:9"],
        "options": [{"name": "invoices", "direction": "import", "guard": "block",
                     "source": {"connection": "api", "path": "/v1/invoices"},
                     "target": {"connection": "org", "object": "Invoice__c", "operation": "insert"},
                     "mapping": {"fields": [{"source": "invoice_id", "target": "Name"}]}}]
    });
    let problems = synccentral_store::validate::validate(&doc).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.pointer == "/options/0/guard" && p.message.contains("only applies")),
        "{problems:?}"
    );
}
