//! The diff of an import option against its target, end to end: the sample API as the
//! source, the sandbox org as the target, each class produced by a real change on one side,
//! the pending window, accepted exceptions, and a re-sync that leaves the diff clean.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::reconcile::diff::{self, DiffRequest, RowSelection};
use synccentral_api::runs::Selection;
use synccentral_recon::{Class, Summary};
use synccentral_runner::{CancelToken, RunEvent, RunStatus};

/// Invoices (incremental on `updated_at`) with typed fields: a currency from text, a
/// checkbox, a date, a picklist, a textarea often null.
fn invoices() -> Value {
    json!({"name": "invoices", "direction": "import",
    "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "5"},
               "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c"},
    "incremental": {"cursor": "updated_at", "tieBreaker": "invoice_id"},
    "mapping": {"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "total", "target": "Amount__c", "transforms": [{"convert": "number"}]},
        {"source": "paid", "target": "Paid__c"},
        {"source": "issued", "target": "Issued_On__c"},
        {"source": "status", "target": "Status__c", "transforms": [{"replace": {
            "map": {"open": "Open", "paid": "Paid", "credit": "Void"}, "ignoreCase": true}}]},
        {"source": "memo", "target": "Notes__c"}
    ]}})
}

fn request() -> DiffRequest {
    diff_request("invoices")
}

fn summary(same: u64, different: u64, mit: u64, mis: u64, pending: u64, accepted: u64) -> Summary {
    Summary {
        same,
        different,
        missing_in_target: mit,
        missing_in_source: mis,
        pending,
        accepted,
        deleted_in_source: 0,
    }
}

async fn upsert(env: &Env, records: Value) {
    env.seed_invoices(records.as_array().unwrap()).await;
}

async fn delete(env: &Env, key: &str) {
    let found = env
        .query(&format!(
            "SELECT Id FROM Invoice__c WHERE invoice_id__c = '{key}'"
        ))
        .await;
    let id = found[0]["Id"].as_str().unwrap().to_string();
    env.client().await.delete("Invoice__c", &id).await.unwrap();
}

/// 12 invoices synced, then: INV-000001's amount changed in the org, INV-000004 deleted
/// from it, INV-999999 created only in it.
async fn synced_then_drifted() -> Env {
    let env = start(12).await;
    env.configure(json!([invoices()]));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    assert_eq!(runs.summary.runs[0].written, 12, "{:?}", runs.outcomes);
    upsert(
        &env,
        json!([{"invoice_id__c": "INV-000001", "Amount__c": 999},
               {"invoice_id__c": "INV-999999", "Name": "Made in the org"}]),
    )
    .await;
    delete(&env, "INV-000004").await;
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_sync_diffs_as_all_same_despite_typed_storage() {
    let env = start(12).await;
    env.configure(json!([invoices()]));
    let (before, _) = diff_rows(&env.journal, &request()).await;
    assert_eq!(before, summary(0, 0, 12, 0, 0, 0), "nothing synced yet");
    env.run(Selection::Option("invoices".into())).await.unwrap();
    // Text amounts ("10.00") against stored currency numbers, null memos against the
    // org's nulls, dates, checkboxes and mapped picklists all compare equal.
    let (after, rows) = diff_rows(&env.journal, &request()).await;
    assert_eq!(after, summary(12, 0, 0, 0, 0, 0), "{rows:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_class_comes_from_a_real_change() {
    let env = synced_then_drifted().await;
    let (s, rows) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(10, 1, 1, 1, 0, 0), "{rows:#?}");
    let by_key = |k: &str| rows.iter().find(|r| r.key == k).unwrap().clone();
    let changed = by_key("INV-000001");
    assert_eq!(changed.class, Class::Different);
    assert_eq!(changed.changes.len(), 1, "{changed:?}");
    assert_eq!(changed.changes[0].field, "Amount__c");
    assert_eq!(changed.changes[0].target, json!(999));
    assert!(changed.target_id.is_some());
    assert_eq!(by_key("INV-000004").class, Class::MissingInTarget);
    assert_eq!(by_key("INV-999999").class, Class::MissingInSource);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_changes_inside_the_window_are_pending() {
    let env = synced_then_drifted().await;
    // Records 3.. changed at 00:01 or later; INV-000001 (record 0) at 00:00.
    let mut r = request();
    r.since = Some("2024-06-01T00:01:00Z".parse().unwrap());
    let (s, rows) = diff_rows(&env.journal, &r).await;
    assert_eq!(s, summary(10, 1, 0, 1, 1, 0), "{rows:#?}");
    let pending: Vec<&str> = rows
        .iter()
        .filter(|r| r.class == Class::Pending)
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(pending, ["INV-000004"]);
    // A window before every change makes both open differences pending.
    r.since = Some("2024-06-01T00:00:00Z".parse().unwrap());
    let (s, _) = diff_rows(&env.journal, &r).await;
    assert_eq!(s, summary(10, 0, 0, 1, 2, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accepted_row_stays_accepted_until_a_side_changes() {
    let env = synced_then_drifted().await;
    let keys = diff::accept(
        &env.journal,
        &request(),
        &RowSelection {
            keys: vec!["INV-000001".into()],
            ..RowSelection::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(keys, ["INV-000001"]);
    let (s, _) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(10, 0, 1, 1, 0, 1));
    upsert(
        &env,
        json!([{"invoice_id__c": "INV-000001", "Amount__c": 998}]),
    )
    .await;
    let (s, _) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(10, 1, 1, 1, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resync_pushes_exactly_the_selected_records_and_leaves_the_diff_clean() {
    let env = synced_then_drifted().await;
    let events = |_: &RunEvent| {};
    let done = diff::resync(
        &env.journal,
        &request(),
        &RowSelection {
            classes: vec![Class::Different, Class::MissingInTarget],
            ..RowSelection::default()
        },
        &events,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(done.before, summary(10, 1, 1, 1, 0, 0));
    let line = &done.runs.summary.runs[0];
    assert_eq!(
        (line.status, line.read, line.written),
        (RunStatus::Succeeded, 2, 2)
    );
    assert_eq!(done.after, summary(12, 0, 0, 1, 0, 0));
    assert!(done.unsendable.is_empty());
    // A real run with its run log: the two records and what happened to them.
    let ws = env.journal.workspace();
    let run = done.runs.outcomes[0].run;
    let records = ws
        .run_records(
            synccentral_store::RunId(run.0),
            synccentral_store::RecordFilter::All,
        )
        .unwrap();
    let mut keys: Vec<String> = records.into_iter().filter_map(|r| r.source_key).collect();
    keys.sort();
    assert_eq!(keys, ["INV-000001", "INV-000004"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_shows_the_field_changes_it_would_make() {
    let env = synced_then_drifted().await;
    let runs = env
        .run_with(Selection::Option("invoices".into()), true, true)
        .await
        .unwrap();
    let run = runs.outcomes[0].run.0;
    let changes = diff::dry_run_changes(&env.journal, "invoices", run, Some(quick_retry()))
        .await
        .unwrap();
    assert_eq!(changes.len(), 12, "every record would be written");
    let of = |k: &str| {
        changes
            .iter()
            .find(|c| c.key.as_deref() == Some(k))
            .unwrap()
    };
    let changed = of("INV-000001");
    assert_eq!(changed.action, "would-update");
    assert_eq!(changed.changes.len(), 1, "{changed:?}");
    assert_eq!(
        (
            changed.changes[0].field.as_str(),
            &changed.changes[0].old,
            &changed.changes[0].new
        ),
        ("Amount__c", &json!(999), &json!(10))
    );
    assert!(
        of("INV-000002").changes.is_empty(),
        "unchanged: no field changes"
    );
    let new = of("INV-000004");
    assert_eq!(new.action, "would-insert");
    assert!(new
        .changes
        .iter()
        .any(|c| c.field == "Name" && c.old.is_null() && c.new == json!("INV-000004")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reference_compares_by_the_parents_external_id() {
    let env = start(6).await;
    env.seed_accounts().await;
    let mut option = invoices();
    option["mapping"] = json!({"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "customer.account_ref", "target": "Account__c",
         "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
    ]});
    env.configure(json!([option]));
    env.run(Selection::Option("invoices".into())).await.unwrap();
    let (s, rows) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(6, 0, 0, 0, 0, 0), "{rows:#?}");
    // INV-000001 belongs to A-100; point it at A-106 in the org.
    let other = env
        .query("SELECT Id FROM Account WHERE External_Id__c = 'A-106'")
        .await;
    upsert(
        &env,
        json!([{"invoice_id__c": "INV-000001", "Account__c": other[0]["Id"]}]),
    )
    .await;
    let (s, rows) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(5, 1, 0, 0, 0, 0));
    let changed = rows.iter().find(|r| r.class == Class::Different).unwrap();
    assert_eq!(changed.key, "INV-000001");
    assert_eq!(changed.changes[0].field, "Account__r.External_Id__c");
    assert_eq!(
        (&changed.changes[0].source, &changed.changes[0].target),
        (&json!("A-100"), &json!("A-106"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_run_can_be_the_source_side() {
    let env = synced_then_drifted().await;
    let events = |_: &RunEvent| {};
    let select = RowSelection {
        keys: vec!["INV-000001".into(), "INV-000004".into()],
        ..RowSelection::default()
    };
    let done = diff::resync(
        &env.journal,
        &request(),
        &select,
        &events,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    // The re-sync run read only those two records: as the source side, they are the same
    // as the org, and every other key of the org is missing from that source.
    let mut r = request();
    r.from_run = Some(done.runs.outcomes[0].run.0);
    let (s, _) = diff_rows(&env.journal, &r).await;
    assert_eq!(s, summary(2, 0, 0, 11, 0, 0));
    r.option = "other".into();
    let err = diff::diff_option(&env.journal, &r, &mut |_| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no option named"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_option_writing_with_bulk_scans_the_target_with_a_bulk_query() {
    let env = start(12).await;
    let mut option = invoices();
    option["target"]["api"] = json!("bulk");
    env.configure(json!([option]));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    assert_eq!(runs.summary.runs[0].written, 12, "{:?}", runs.outcomes);
    upsert(
        &env,
        json!([{"invoice_id__c": "INV-000003", "Paid__c": true},
               {"invoice_id__c": "INV-999998", "Name": "Only in the org"}]),
    )
    .await;
    let (s, rows) = diff_rows(&env.journal, &request()).await;
    assert_eq!(s, summary(11, 1, 0, 1, 0, 0), "{rows:#?}");
    let extra = rows
        .iter()
        .find(|r| r.class == Class::MissingInSource)
        .unwrap();
    assert_eq!(extra.key, "INV-999998");
}
