//! Runs whose source API answers something that is not a page of records: invalid JSON, a
//! page over `maxPageBytes`, a records path matching nothing, an HTML page with status 200.
//! Each ends the run as `failed` with a message naming the page, its URL and the problem,
//! and every record written before it has its result in the store.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::runs::Selection;
use synccentral_httpapi::sample_api::{Fault, FaultKind};
use synccentral_runner::RunStatus;
use synccentral_store::RecordFilter;

/// 20 records a page, 25 a batch: a failure on page 3 comes after one batch was written
/// and with 15 records read but not yet sent.
fn option(patch: impl FnOnce(&mut Value)) -> Value {
    let mut o = invoice_import(
        "inv",
        json!({"page_size": "20"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    o["target"]["batchSize"] = json!(25);
    patch(&mut o);
    o
}

/// Runs the option, checks the run failed on `page` with every `needles` in its message
/// (also as stored), and that the store holds a result for each record in the org.
async fn fails_on_page(env: &Env, page: u64, needles: &[&str]) -> String {
    let runs = env.run(Selection::All).await.unwrap();
    let line = &runs.summary.runs[0];
    let outcome = &runs.outcomes[0];
    let message = outcome.message.clone().unwrap_or_default();
    assert_eq!(line.status, RunStatus::Failed, "{message}");
    assert!(
        message.contains(&format!("page {page} ")),
        "names page {page}: {message}"
    );
    for n in needles {
        assert!(message.contains(n), "{n:?} in {message}");
    }
    {
        let ws = env.journal.workspace();
        let stored = ws.run(synccentral_store::RunId(outcome.run.0)).unwrap();
        assert_eq!(stored.status.as_str(), "failed");
        assert_eq!(stored.error.as_deref(), Some(message.as_str()));
        // Whatever reached the org has its result; nothing landed unrecorded.
        let results = ws
            .run_records(synccentral_store::RunId(outcome.run.0), RecordFilter::All)
            .unwrap();
        let succeeded: Vec<_> = results
            .iter()
            .filter(|r| r.action.as_str() != "failed" && r.action.as_str() != "skipped")
            .collect();
        assert_eq!(succeeded.len() as u64, line.written);
        assert!(succeeded.iter().all(|r| r.target_id.is_some()));
        assert!(ws.journal_pending_list("inv").unwrap().is_empty());
    }
    let in_org = env.query("SELECT Id FROM Invoice__c").await;
    assert_eq!(in_org.len() as u64, line.written, "{message}");
    message
}

fn fault(kind: FaultKind, after: u32) -> Fault {
    Fault {
        kind,
        path: "/v1/invoices".into(),
        after,
        every: 1,
        times: 1,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_json_on_a_page_fails_the_run_naming_the_page() {
    let env = start(100).await;
    env.configure(json!([option(|_| {})]));
    env.api.inject(fault(FaultKind::InvalidJson, 2));
    let url = format!("{}/v1/invoices", env.api_url);
    let message = fails_on_page(&env, 3, &[&url, "INVALID_JSON", "line 3"]).await;
    eprintln!("{message}");
    // The first two pages were read; the batch of 25 was written before page 3 failed.
    let runs = env.journal.workspace().list_runs(1).unwrap();
    assert!(runs[0].counts.written >= 25, "{:?}", runs[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_page_with_status_200_fails_the_run() {
    let env = start(100).await;
    env.configure(json!([option(|_| {})]));
    env.api.inject(fault(FaultKind::Html, 2));
    let url = format!("{}/v1/invoices", env.api_url);
    let message = fails_on_page(&env, 3, &[&url, "HTML"]).await;
    eprintln!("{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_records_path_matching_nothing_fails_the_run_listing_the_keys() {
    let env = start(100).await;
    env.configure(json!([option(
        |o| o["source"]["recordsPath"] = json!("$.records")
    )]));
    let url = format!("{}/v1/invoices", env.api_url);
    let message = fails_on_page(&env, 1, &[&url, "$.records", "invoices"]).await;
    eprintln!("{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_over_max_page_bytes_fails_the_run() {
    let env = start(100).await;
    // The generated invoices grow a little with their index (longer totals and memos): cap
    // at the largest page before the first page that is larger than every one before it.
    use synccentral_net::{reqwest::Method, Egress, EgressConfig, RemoteSites};
    let http = Egress::new(EgressConfig::new(
        RemoteSites::parse(&[env.api_url.as_str()]).unwrap(),
    ))
    .unwrap();
    let mut sizes = Vec::new();
    let mut url = format!("{}/v1/invoices?page_size=20", env.api_url);
    for _ in 0..5 {
        let request = http
            .request(Method::GET, url::Url::parse(&url).unwrap())
            .build()
            .unwrap();
        let text = http.send(request).await.unwrap().bytes().await.unwrap();
        let body: Value = serde_json::from_slice(&text).unwrap();
        sizes.push(text.len());
        let Some(next) = body["next_page"].as_str() else {
            break;
        };
        url = next.to_string();
        if url.starts_with('/') {
            url = format!("{}{url}", env.api_url);
        }
    }
    let over = (1..sizes.len())
        .find(|&k| sizes[k] > *sizes[..k].iter().max().unwrap())
        .unwrap_or_else(|| panic!("no page grows: {sizes:?}"));
    let cap = *sizes[..over].iter().max().unwrap();
    // 10 a batch: the pages before it are written before it fails.
    env.configure(json!([option(|o| {
        o["source"]["maxPageBytes"] = json!(cap);
        o["target"]["batchSize"] = json!(10);
    })]));
    let page_url = format!("{}/v1/invoices", env.api_url);
    let message = fails_on_page(&env, over as u64 + 1, &[&page_url, "RESPONSE_TOO_LARGE"]).await;
    let runs = env.journal.workspace().list_runs(1).unwrap();
    assert_eq!(runs[0].counts.written, 20 * over as u64, "{:?}", runs[0]);
    eprintln!("{message}");
}
