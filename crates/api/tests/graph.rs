//! The run graph end to end: parents before children whatever the listing, independent
//! options together, a cycle reported before anything runs, a failed parent skipping its
//! children, and an object linking to itself loaded in two passes — against the sandbox
//! org and the sample API on loopback.

mod common;

use common::*;
use serde_json::{json, Value};
use std::sync::Mutex;
use synccentral_api::runs::{self as wire, RunRequest, Selection, WireError};
use synccentral_runner::{CancelToken, RunEvent, RunStatus};

fn import(name: &str, path: &str, records: &str, object: &str, ext: &str, mapping: &str) -> Value {
    let next = if path.ends_with("payments") {
        "$.links.next"
    } else {
        "$.next_page"
    };
    json!({"name": name, "direction": "import",
           "source": {"connection": "api", "path": path, "params": {"page_size": "25"},
                      "recordsPath": records, "paging": {"type": "nextUrl", "path": next}},
           "target": {"connection": "org", "object": object, "operation": "upsert", "externalId": ext},
           "mapping": mapping_file(mapping)})
}

fn payments() -> Value {
    import(
        "payments",
        "/v1/payments",
        "$.items",
        "Payment__c",
        "payment_id__c",
        "payments.mapping.json",
    )
}

fn invoices() -> Value {
    import(
        "invoices",
        "/v1/invoices",
        "$.invoices",
        "Invoice__c",
        "invoice_id__c",
        "invoices.mapping.json",
    )
}

/// Runs `selection` with `parallel`, returning the runs and the events in arrival order.
async fn run_logged(
    env: &Env,
    selection: Selection,
    parallel: usize,
) -> (
    Result<wire::WorkspaceRuns, WireError>,
    Vec<(String, &'static str)>,
) {
    let log = Mutex::new(Vec::new());
    let events = |e: &RunEvent| {
        let entry = match e {
            RunEvent::Started { option, .. } => (option.clone(), "started"),
            RunEvent::Finished { option, .. } => (option.clone(), "finished"),
            RunEvent::Progress { .. } => return,
        };
        log.lock().unwrap().push(entry);
    };
    let request = RunRequest {
        retry: Some(quick_retry()),
        parallel: Some(parallel),
        ..RunRequest::new(selection)
    };
    let runs = wire::run_workspace(&env.journal, &request, &events, &CancelToken::new()).await;
    (runs, log.into_inner().unwrap())
}

fn at(log: &[(String, &str)], option: &str, what: &str) -> usize {
    log.iter()
        .position(|(o, w)| o == option && *w == what)
        .unwrap_or_else(|| panic!("no {what} of {option} in {log:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_start_only_after_invoices_finished_even_listed_first_and_in_parallel() {
    let env = start(40).await;
    env.seed_accounts().await;
    // An independent option (no reference between them) may run beside invoices.
    let mut other = invoice_import(
        "invoice-names",
        json!({"paging": "nextUrl", "page_size": "20"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    other["order"] = json!(5);
    env.configure(json!([payments(), other, invoices()]));
    let plan = wire::plan(&env.journal, &Selection::All).unwrap();
    assert_eq!(plan.order(), ["invoices", "invoice-names", "payments"]);
    // Both write Invoice__c, the object payments link to.
    assert_eq!(plan.nodes[2].parents, ["invoices", "invoice-names"]);

    let (runs, log) = run_logged(&env, Selection::All, 2).await;
    let runs = runs.unwrap();
    for parent in ["invoices", "invoice-names"] {
        assert!(
            at(&log, parent, "finished") < at(&log, "payments", "started"),
            "{log:?}"
        );
    }
    // Both wave-one options started before either finished: they ran together.
    assert!(
        at(&log, "invoice-names", "started") < at(&log, "invoices", "finished"),
        "{log:?}"
    );
    let lines: Vec<_> = runs
        .summary
        .runs
        .iter()
        .map(|r| (r.option.as_str(), r.status, r.failed))
        .collect();
    assert_eq!(
        lines,
        [
            ("invoices", RunStatus::Succeeded, 0),
            ("invoice-names", RunStatus::Succeeded, 0),
            ("payments", RunStatus::Succeeded, 0)
        ]
    );
    let linked = env
        .query("SELECT Id FROM Payment__c WHERE Invoice__c != null")
        .await;
    assert_eq!(linked.len(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycle_is_reported_by_name_and_nothing_runs() {
    let env = start(5).await;
    let mut looping = invoices();
    // Invoices now also point at payments: each needs the other loaded first.
    looping["mapping"]["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "invoice_id", "target": "Description__c",
                     "transforms": [{"reference": {"object": "Payment__c", "externalId": "payment_id__c"}}]}));
    env.configure(json!([payments(), looping]));
    let e = wire::plan(&env.journal, &Selection::All).unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    let (runs, log) = run_logged(&env, Selection::All, 2).await;
    match runs {
        Err(WireError::Config(problems)) => assert!(
            problems.iter().any(|p| p.pointer == "/options"
                && p.message.contains("invoices → payments → invoices")
                && p.message.contains("cycle")),
            "{problems:?}"
        ),
        other => panic!("expected a configuration problem, got {other:?}"),
    }
    assert!(log.is_empty());
    assert!(env.journal.workspace().list_runs(10).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_parent_skips_its_child_naming_the_parent() {
    let env = start(10).await;
    env.seed_accounts().await;
    let mut broken = invoices();
    broken["source"]["path"] = json!("/v1/no-such-invoices");
    env.configure(json!([payments(), broken]));
    let (runs, _) = run_logged(&env, Selection::All, 2).await;
    let runs = runs.unwrap();
    assert_eq!(runs.outcomes[0].option, "invoices");
    assert_eq!(runs.outcomes[0].status, RunStatus::Failed);
    let child = &runs.outcomes[1];
    assert_eq!(
        (child.option.as_str(), child.status),
        ("payments", RunStatus::Skipped)
    );
    assert!(
        child.message.as_deref().unwrap().contains("'invoices'"),
        "{:?}",
        child.message
    );
    assert_eq!(runs.summary.exit_code(), 1);
    assert_eq!(env.count("Payment__c").await, 0);
    let stored = env.journal.workspace().list_runs(10).unwrap();
    assert!(
        stored
            .iter()
            .any(|r| r.option == "payments" && r.status.as_str() == "skipped"),
        "{stored:?}"
    );
}

/// A source of Accounts where each child is listed before its parent.
async fn accounts_api() -> String {
    let accounts = json!({"accounts": [
        {"ref": "A-3", "name": "Grandchild", "parent": "A-2"},
        {"ref": "A-2", "name": "Child", "parent": "A-1"},
        {"ref": "A-1", "name": "Root", "parent": null}
    ]});
    let app = axum::Router::new().route(
        "/v1/accounts",
        axum::routing::get(move || {
            let a = accounts.clone();
            async move { axum::Json(a) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_import_links_parents_loaded_in_the_same_run() {
    let mut env = start(1).await;
    let accounts_url = accounts_api().await;
    env.api_url = accounts_url;
    env.configure(json!([{"name": "accounts", "direction": "import",
        "source": {"connection": "api", "path": "/v1/accounts", "recordsPath": "$.accounts"},
        "target": {"connection": "org", "object": "Account", "operation": "upsert", "externalId": "External_Id__c"},
        "mapping": {"fields": [
            {"source": "ref", "target": "External_Id__c"},
            {"source": "name", "target": "Name"},
            {"source": "parent", "target": "ParentId", "skipNull": true,
             "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
        ]}}]));
    let plan = wire::plan(&env.journal, &Selection::All).unwrap();
    assert!(plan.nodes[0].self_links);
    let (runs, _) = run_logged(&env, Selection::Option("accounts".into()), 2).await;
    let runs = runs.unwrap();
    let lines: Vec<_> = runs
        .summary
        .runs
        .iter()
        .map(|r| (r.option.as_str(), r.status, r.written, r.failed))
        .collect();
    assert_eq!(
        lines,
        [
            ("accounts", RunStatus::Succeeded, 3, 0),
            ("accounts:links", RunStatus::Succeeded, 3, 0)
        ],
        "{:?}",
        runs.outcomes
    );
    let rows = env
        .query("SELECT External_Id__c, Parent.External_Id__c FROM Account ORDER BY External_Id__c")
        .await;
    let parents: Vec<Value> = rows
        .iter()
        .map(|r| r["Parent"]["External_Id__c"].clone())
        .collect();
    assert_eq!(
        parents,
        [Value::Null, json!("A-1"), json!("A-2")],
        "{rows:?}"
    );
}
