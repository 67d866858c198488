//! `quotaShare`: a run stops with `stopped-quota` once the org's daily API requests pass the
//! option's share of its limit, and the next run after the limit is raised resumes from the
//! checkpoint and completes, every record once.

mod common;

use common::*;
use serde_json::json;
use synccentral_api::runs::Selection;
use synccentral_runner::RunStatus;
use synccentral_sandbox::Sandbox;

async fn org(dir: &std::path::Path, port: u16, limit: u64) -> Sandbox {
    let mut config = synccentral_sandbox::Config::new(dir.join("org"));
    config.schema_dir = Some(describes());
    config.port = port;
    config.daily_request_limit = limit;
    Sandbox::start(config).await.expect("sandbox starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_stops_at_its_quota_share_and_the_next_one_resumes() {
    let mut env = start(300).await;
    // The same org, restarted on the same port and data with a daily limit of 60 requests.
    let port: u16 = env.org_url.rsplit(':').next().unwrap().parse().unwrap();
    let first = std::mem::replace(&mut env.org, org(&env.dir.path().join("spare"), 0, 1).await);
    first.stop().await;
    let limited = org(env.dir.path(), port, 60).await;
    let _spare = std::mem::replace(&mut env.org, limited);

    let mut option = invoice_import(
        "inv",
        json!({"page_size": "20", "updated_since": "{{since}}"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["target"]["batchSize"] = json!(10);
    option["target"]["quotaShare"] = json!(0.5);
    option["incremental"] = json!({"cursor": "updated_at", "tieBreaker": "invoice_id"});
    env.configure(json!([option]));

    let runs = env.run(Selection::All).await.unwrap();
    let line = &runs.summary.runs[0];
    let message = runs.outcomes[0].message.clone().unwrap_or_default();
    assert_eq!(line.status, RunStatus::StoppedQuota, "{message}");
    assert!(message.contains("50%"), "{message}");
    assert!(
        line.written > 0 && line.written < 300,
        "{line:?}: stopped part way"
    );
    assert_eq!(runs.summary.exit_code(), 1);
    let written_first = line.written;
    let stored = env.journal.workspace().list_runs(1).unwrap().remove(0);
    assert_eq!(stored.status.as_str(), "stopped-quota");

    // Raise the limit: the same org on the same port and data.
    let limited = std::mem::replace(&mut env.org, _spare);
    limited.stop().await;
    let raised = org(env.dir.path(), port, 1_000_000).await;
    let _limited_spare = std::mem::replace(&mut env.org, raised);

    let runs = env.run(Selection::All).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!(
        line.status,
        RunStatus::Succeeded,
        "{:?}",
        runs.outcomes[0].message
    );
    assert!(
        line.written + line.skipped >= 300 - written_first,
        "{line:?} after {written_first}"
    );
    let rows = env.query("SELECT invoice_id__c FROM Invoice__c").await;
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|r| r["invoice_id__c"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((rows.len(), ids.len()), (300, 300));
}
