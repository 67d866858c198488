//! Runs of a workspace's options end to end: the real sandbox org and the real sample API
//! on loopback, the SQLite workspace as the journal.

mod common;

use common::*;
use serde_json::json;
use synccentral_runner::wire::Selection;
use synccentral_runner::RunStatus;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_walk_every_paging_style() {
    let env = start(95).await;
    let styles = [
        (
            "next-url",
            json!({"paging": "nextUrl", "page_size": "20"}),
            json!({"type": "nextUrl", "path": "$.next_page"}),
        ),
        (
            "cursor",
            json!({"paging": "cursor", "page_size": "20"}),
            json!({"type": "cursor", "path": "$.meta.next_cursor", "param": "cursor"}),
        ),
        (
            "link",
            json!({"paging": "link", "page_size": "20"}),
            json!({"type": "link"}),
        ),
        (
            "offset",
            json!({"paging": "offset"}),
            json!({"type": "offset", "param": "offset", "pageSize": 20, "limitParam": "limit"}),
        ),
        (
            "page",
            json!({"paging": "page", "page_size": "20"}),
            json!({"type": "page", "param": "page", "pageSize": 20}),
        ),
    ];
    let options: Vec<_> = styles
        .iter()
        .map(|(name, params, paging)| invoice_import(name, params.clone(), paging.clone()))
        .collect();
    env.configure(json!(options));
    for (name, ..) in &styles {
        let runs = env.run(Selection::Option(name.to_string())).await.unwrap();
        let line = &runs.summary.runs[0];
        assert_eq!(
            line.status,
            RunStatus::Succeeded,
            "{name}: {:?}",
            runs.outcomes[0].message
        );
        assert_eq!(
            (line.read, line.written, line.failed),
            (95, 95, 0),
            "{name}"
        );
        // Upserts by external ID: each style lands the same 95 records, never a double.
        assert_eq!(env.count("Invoice__c").await, 95, "{name}");
    }
    let stored = env.journal.workspace().list_runs(10).unwrap();
    assert_eq!(stored.len(), 5);
    assert!(stored.iter().all(|r| r.status.as_str() == "succeeded"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoices_then_payments_carry_their_parent_ids() {
    let env = start(60).await;
    env.seed_accounts().await;
    let import = |name: &str, path: &str, records: &str, object: &str, ext: &str, mapping: &str| {
        json!({"name": name, "direction": "import",
               "source": {"connection": "api", "path": path, "params": {"page_size": "25"},
                          "recordsPath": records, "paging": {"type": "nextUrl", "path": if path.ends_with("payments") { "$.links.next" } else { "$.next_page" }}},
               "target": {"connection": "org", "object": object, "operation": "upsert", "externalId": ext},
               "mapping": mapping_file(mapping)})
    };
    // Listed children first: the run order puts the parents first anyway.
    env.configure(json!([
        import(
            "payments",
            "/v1/payments",
            "$.items",
            "Payment__c",
            "payment_id__c",
            "payments.mapping.json"
        ),
        import(
            "invoices",
            "/v1/invoices",
            "$.invoices",
            "Invoice__c",
            "invoice_id__c",
            "invoices.mapping.json"
        ),
    ]));
    let runs = env.run(Selection::All).await.unwrap();
    let order: Vec<&str> = runs
        .summary
        .runs
        .iter()
        .map(|r| r.option.as_str())
        .collect();
    assert_eq!(order, ["invoices", "payments"]);
    for r in &runs.summary.runs {
        assert_eq!(
            (r.status, r.written, r.failed),
            (RunStatus::Succeeded, 60, 0),
            "{r:?}"
        );
    }
    assert_eq!(runs.summary.exit_code(), 0);
    let invoices = env
        .query("SELECT Id, invoice_id__c, Account__c FROM Invoice__c")
        .await;
    let accounts = env.query("SELECT Id, External_Id__c FROM Account").await;
    let payments = env
        .query("SELECT Id, payment_id__c, Invoice__c FROM Payment__c")
        .await;
    assert_eq!(payments.len(), 60);
    let invoice_id = |ext: &str| {
        invoices
            .iter()
            .find(|i| i["invoice_id__c"] == ext)
            .map(|i| i["Id"].as_str().unwrap().to_string())
            .unwrap()
    };
    for p in &payments {
        let n: usize = p["payment_id__c"].as_str().unwrap()[4..].parse().unwrap();
        let parent = format!("INV-{:06}", (n - 1) / 2 + 1);
        assert_eq!(
            p["Invoice__c"].as_str().unwrap(),
            invoice_id(&parent),
            "{p}"
        );
    }
    let first = invoices
        .iter()
        .find(|i| i["invoice_id__c"] == "INV-000001")
        .unwrap();
    let a100 = accounts
        .iter()
        .find(|a| a["External_Id__c"] == "A-100")
        .unwrap();
    assert_eq!(first["Account__c"], a100["Id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_writes_nothing_and_keeps_no_checkpoint() {
    let env = start(30).await;
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "10", "updated_since": "{{since}}"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["incremental"] = json!({"cursor": "updated_at", "tieBreaker": "invoice_id"});
    env.configure(json!([option]));
    let runs = env
        .run_with(Selection::Option("inv".into()), false, true)
        .await
        .unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!(
        (line.status, line.read, line.written),
        (RunStatus::Succeeded, 30, 30)
    );
    assert_eq!(env.count("Invoice__c").await, 0);
    let ws = env.journal.workspace();
    assert!(ws.checkpoint("inv").unwrap().is_none());
    let run = &ws.list_runs(1).unwrap()[0];
    assert_eq!(run.mode.as_str(), "dry-run");
    let records = ws
        .run_records(run.id, synccentral_store::RecordFilter::All)
        .unwrap();
    assert!(
        records.iter().all(|r| r.action.as_str() == "would-insert"),
        "{:?}",
        records[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_problems_are_all_reported_before_anything_runs() {
    let env = start(10).await;
    let mut bad = invoice_import(
        "bad",
        json!({}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    bad["mapping"]["fields"][1]["target"] = json!("Nmae");
    let mut other = invoice_import("other", json!({}), json!({"type": "none"}));
    other["target"]["externalId"] = json!("Amount__c");
    env.configure(json!([bad, other]));
    let err = env.run(Selection::All).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("/options/0/mapping/fields/1/target"),
        "{text}"
    );
    assert!(text.contains("/options/1/target/externalId"), "{text}");
    assert!(env.journal.workspace().list_runs(10).unwrap().is_empty());
    assert_eq!(env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_page_on_a_site_not_allowed_fails_the_run_naming_it() {
    let env = start(30).await;
    let port = env.api_url.rsplit(':').next().unwrap().to_string();
    let other = format!("http://localhost:{port}");
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "10", "next": "absolute", "next_base": other}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["target"]["batchSize"] = json!(10);
    env.configure(json!([option]));
    let runs = env.run(Selection::All).await.unwrap();
    let o = &runs.outcomes[0];
    assert_eq!(o.status, RunStatus::Failed);
    let message = o.message.clone().unwrap_or_default();
    assert!(message.contains(&other), "{message}");
    assert!(message.contains("remote sites"), "{message}");
    assert_eq!(runs.summary.exit_code(), 1);
    // The first page (one batch) landed before the run stopped.
    assert_eq!(env.count("Invoice__c").await, 10);
}
