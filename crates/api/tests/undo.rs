//! Undoing an import run against the sandbox org, through sObject Collections and through
//! Bulk API 2.0: updated records get their values back, inserted records go, a record
//! changed after the run makes the undo refuse (unless forced), and a run is undone once.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::reconcile::{undo_run, UndoError};
use synccentral_api::runs::Selection;
use synccentral_salesforce::Operation;
use synccentral_store::{Action, RecordFilter, RunId, RunMode, RunStatus};

/// Upserts the sample API's 6 invoices by invoice_id__c through `api` (`rest` or `bulk`):
/// the id as Name, the memo into Notes__c.
fn option(api: &str) -> Value {
    json!([{"name": "invoices", "direction": "import",
    "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "4"},
               "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c", "api": api, "batchSize": 4},
    "mapping": {"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "memo", "target": "Notes__c"}
    ]}}])
}

/// The org holds INV-000001 … INV-000004 before the run (the run inserts 5 and 6).
async fn seed(env: &Env) {
    let records: Vec<Value> = (1..=4)
        .map(|i| {
            json!({"invoice_id__c": format!("INV-{i:06}"), "Name": format!("before {i}"),
                         "Notes__c": format!("notes before {i}")})
        })
        .collect();
    env.seed_invoices(&records).await;
}

/// (invoice_id__c, Name, Notes__c) of every invoice, in id order.
async fn invoices(env: &Env) -> Vec<(String, String, Value)> {
    let mut rows: Vec<(String, String, Value)> = env
        .query("SELECT invoice_id__c, Name, Notes__c FROM Invoice__c")
        .await
        .into_iter()
        .map(|r| {
            (
                r["invoice_id__c"].as_str().unwrap().to_string(),
                r["Name"].as_str().unwrap().to_string(),
                r["Notes__c"].clone(),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

fn before() -> Vec<(String, String, Value)> {
    (1..=4)
        .map(|i| {
            (
                format!("INV-{i:06}"),
                format!("before {i}"),
                json!(format!("notes before {i}")),
            )
        })
        .collect()
}

/// Runs the option and checks it updated 4 and inserted 2; gives the run's id.
async fn run_it(env: &Env) -> i64 {
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let outcome = &runs.outcomes[0];
    assert_eq!(
        (outcome.status, outcome.counts.written),
        (synccentral_runner::RunStatus::Succeeded, 6),
        "{:?}",
        outcome.message
    );
    let after = invoices(env).await;
    assert_eq!(after.len(), 6);
    assert_eq!(after[1].1, "INV-000002");
    assert_eq!(after[1].2, "Order 2");
    outcome.run.0
}

async fn undo_restores_updates_and_deletes_inserts(api: &str) {
    let env = start(6).await;
    seed(&env).await;
    env.configure(option(api));
    let run = run_it(&env).await;

    let undone = undo_run(&env.journal, run, false, Some(quick_retry()))
        .await
        .unwrap();
    assert_eq!(
        (
            undone.status,
            undone.restored,
            undone.deleted,
            undone.failed
        ),
        (RunStatus::Succeeded, 4, 2, 0),
        "{undone:?}"
    );
    // The notes INV-000001's empty memo blanked are back too.
    assert_eq!(invoices(&env).await, before());

    // The undo is a run of its own, with a result per record, linked to the run.
    {
        let ws = env.journal.workspace();
        let undo_run = ws.run(RunId(undone.run)).unwrap();
        assert_eq!(
            (undo_run.mode, undo_run.option.as_str()),
            (RunMode::Undo, "invoices")
        );
        assert_eq!(ws.undo_of(RunId(undone.run)).unwrap(), Some(RunId(run)));
        let actions: Vec<Action> = ws
            .run_records(RunId(undone.run), RecordFilter::All)
            .unwrap()
            .iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            [
                Action::Updated,
                Action::Updated,
                Action::Updated,
                Action::Updated,
                Action::Deleted,
                Action::Deleted
            ]
        );
    }

    // Once only.
    match undo_run(&env.journal, run, true, Some(quick_retry())).await {
        Err(UndoError::AlreadyUndone { run: r, by }) => assert_eq!((r, by), (run, undone.run)),
        other => panic!("undone twice: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_through_collections_restores_updated_fields_and_removes_inserted_records() {
    undo_restores_updates_and_deletes_inserts("rest").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_through_bulk_restores_updated_fields_and_removes_inserted_records() {
    undo_restores_updates_and_deletes_inserts("bulk").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_refuses_a_record_changed_after_the_run_unless_forced() {
    let env = start(6).await;
    seed(&env).await;
    env.configure(option("rest"));
    let run = run_it(&env).await;
    // Someone edits INV-000003 after the run.
    let id = env
        .query("SELECT Id FROM Invoice__c WHERE invoice_id__c = 'INV-000003'")
        .await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = env
        .client()
        .await
        .write_collections(
            &Operation::Update,
            "Invoice__c",
            &[json!({"Id": id, "Notes__c": "edited by hand"})],
            1,
        )
        .await;
    assert!(r[0].success, "{r:?}");
    let after_edit = invoices(&env).await;

    let err = undo_run(&env.journal, run, false, Some(quick_retry()))
        .await
        .unwrap_err();
    let UndoError::Changed { records, .. } = &err else {
        panic!("not refused: {err:?}");
    };
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].target_id, id);
    assert_eq!(records[0].key.as_deref(), Some("INV-000003"));
    assert_eq!(records[0].fields[0].field, "Notes__c");
    assert_eq!(records[0].fields[0].written, "Order 3");
    assert_eq!(records[0].fields[0].now, "edited by hand");
    let text = err.to_string();
    assert!(
        text.contains("--force") && text.contains("edited by hand"),
        "{text}"
    );
    // Refused: nothing written, no undo run recorded, the run can still be undone.
    assert_eq!(invoices(&env).await, after_edit);
    assert_eq!(env.journal.workspace().undone_by(RunId(run)).unwrap(), None);

    let forced = undo_run(&env.journal, run, true, Some(quick_retry()))
        .await
        .unwrap();
    assert_eq!((forced.restored, forced.deleted), (4, 2));
    assert_eq!(invoices(&env).await, before());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_and_an_undo_run_cannot_be_undone() {
    let env = start(6).await;
    seed(&env).await;
    env.configure(option("rest"));
    let dry = env
        .run_with(Selection::Option("invoices".into()), false, true)
        .await
        .unwrap();
    let err = undo_run(&env.journal, dry.outcomes[0].run.0, false, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("a dry run wrote nothing"), "{err}");
    let run = run_it(&env).await;
    let undone = undo_run(&env.journal, run, false, Some(quick_retry()))
        .await
        .unwrap();
    let err = undo_run(&env.journal, undone.run, false, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("itself an undo"), "{err}");
    assert!(matches!(
        undo_run(&env.journal, 999, false, None).await,
        Err(UndoError::NoSuchRun(999))
    ));
}
