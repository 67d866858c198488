//! An insert call whose outcome is unknown (the connection dropped after the request was
//! sent) is not resent blindly: the run fails with its batch unrecorded, the batch's inserts
//! stay pending in the journal, and the next run resolves them by external ID and lands
//! every record once.

mod common;

use common::*;
use serde_json::json;
use synccentral_api::runs::Selection;
use synccentral_runner::RunStatus;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_insert_call_stays_pending_and_the_next_run_resolves_it() {
    let env = start(60).await;
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "20"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["target"]["operation"] = json!("insert");
    option["target"]["batchSize"] = json!(25);
    env.configure(json!([option]));

    let client = env.client().await;
    let http = synccentral_net::reqwest::Client::new();
    let arm = |body: serde_json::Value| {
        http.post(format!("{}/__sandbox/faults", env.org_url))
            .bearer_auth(client.session().access_token)
            .json(&body)
            .send()
    };
    let r =
        arm(json!({"kind": "503", "next": 1, "path": "/services/data/v62.0/composite/sobjects"}))
            .await
            .unwrap();
    assert!(r.status().is_success(), "{:?}", r.text().await);
    // A 503 is answered before anything is written: that call is sent again and lands.
    let runs = env.run(Selection::All).await.unwrap();
    assert_eq!(runs.summary.runs[0].status, RunStatus::Succeeded);
    assert_eq!(env.count("Invoice__c").await, 60);

    // A fresh org whose first insert call has its connection dropped.
    let env = start(60).await;
    env.configure(json!([option]));
    let client = env.client().await;
    let r = synccentral_net::reqwest::Client::new()
        .post(format!("{}/__sandbox/faults", env.org_url))
        .bearer_auth(client.session().access_token)
        .json(
            &json!({"kind": "drop", "next": 1, "path": "/services/data/v62.0/composite/sobjects"}),
        )
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let runs = env.run(Selection::All).await.unwrap();
    let line = &runs.summary.runs[0];
    let message = runs.outcomes[0].message.clone().unwrap_or_default();
    assert_eq!(line.status, RunStatus::Failed, "{message}");
    assert!(
        message.contains("outcome of an insert call is unknown"),
        "{message}"
    );
    assert_eq!(line.written, 0, "the uncertain batch has no result");
    let pending = env
        .journal
        .workspace()
        .journal_pending_list("inv")
        .unwrap()
        .len();
    assert_eq!(pending, 25, "the batch's inserts stay pending");

    let runs = env.run(Selection::All).await.unwrap();
    assert_eq!(
        runs.summary.runs[0].status,
        RunStatus::Succeeded,
        "{:?}",
        runs.outcomes[0].message
    );
    assert!(env
        .journal
        .workspace()
        .journal_pending_list("inv")
        .unwrap()
        .is_empty());
    let rows = env.query("SELECT invoice_id__c FROM Invoice__c").await;
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|r| r["invoice_id__c"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((rows.len(), ids.len()), (60, 60), "every invoice once");
}
