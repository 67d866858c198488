//! What a run's reads cost in API calls against the sandbox org, as the org counts them
//! (`Sforce-Limit-Info` before and after, reported with the run): the Day-Zero guard and the
//! prior values an undo restores must not double a run's calls.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::runs::Selection;
use synccentral_model::ApiCalls;
use synccentral_runner::RunStatus;
use synccentral_store::RunId;

fn option(guard: &str, api: &str, batch: u32) -> Value {
    json!([{"name": "invoices", "direction": "import", "guard": guard,
    "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "1000"},
               "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c", "batchSize": batch, "api": api},
    "mapping": {"fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "memo", "target": "Notes__c"}
    ]}}])
}

/// The org already holds the first `n` invoices, each with notes.
async fn seed(env: &Env, n: usize) {
    let records: Vec<Value> = (1..=n)
        .map(|i| json!({"invoice_id__c": format!("INV-{i:06}"), "Name": "old", "Notes__c": format!("good notes {i}")}))
        .collect();
    env.seed_invoices(&records).await;
}

/// Runs the option on a fresh org holding `existing` invoices; the calls it reported, the
/// guard's findings and the prior values it kept.
async fn run_on_fresh_org(
    records: usize,
    existing: usize,
    guard: &str,
    api: &str,
    batch: u32,
) -> (ApiCalls, usize, usize) {
    let env = start(records).await;
    seed(&env, existing).await;
    env.configure(option(guard, api, batch));
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!(
        (line.status, line.written),
        (RunStatus::Succeeded, records as u64),
        "{line:?}"
    );
    let calls = line.api_calls.expect("the run reports its API calls");
    let ws = env.journal.workspace();
    let id = RunId(runs.outcomes[0].run.0);
    // The run log keeps what the summary said.
    assert_eq!(ws.run(id).unwrap().api_calls, Some(calls));
    let findings = ws.guard_findings(id).unwrap().len();
    let priors = ws.run_priors(id).unwrap();
    if existing > 0 && guard != "off" {
        assert!(priors
            .iter()
            .any(|p| p.prior.get("Notes__c") == Some(&json!("good notes 1"))));
    }
    (calls, findings, priors.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_upsert_with_the_guard_costs_at_most_a_tenth_more_calls_than_without() {
    // 10,000 invoices in 10 Bulk jobs of 1,000, into an org that holds the first 7,000.
    let (on, found, priors) = run_on_fresh_org(10_000, 7_000, "warn", "bulk", 1_000).await;
    let (off, found_off, priors_off) = run_on_fresh_org(10_000, 7_000, "off", "bulk", 1_000).await;
    eprintln!("bulk upsert of 10,000: guard on {on:?}, off {off:?}");
    // The guard read the org (in one Bulk query job): it found the notes the source's empty
    // memos would blank among the 7,000 existing invoices, and kept their prior values.
    assert!(found > 0);
    assert_eq!(priors, 7_000);
    assert_eq!((found_off, priors_off), (0, 0));
    // Its reads: one count and one query job over the object, not a query per batch.
    assert!(on.made > off.made, "guard on {on:?}, off {off:?}");
    assert!(
        on.made * 10 <= off.made * 11,
        "guard on cost {} calls, off {}",
        on.made,
        off.made
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_upsert_into_an_object_too_large_to_read_whole_reads_each_batch_in_a_query_job() {
    // 6,000 invoices in 2 jobs of 3,000 into an org of 31,000: more than ten times the
    // first read, so each batch's 3,000 keys are read by a Bulk query job. Its CSV, typed
    // by the describe, still gives the guard and the undo the right values.
    let (on, found, priors) = run_on_fresh_org(6_000, 31_000, "warn", "bulk", 3_000).await;
    assert!(found > 0);
    assert_eq!(priors, 6_000);
    assert!(on.made > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rest_upsert_into_a_large_object_reads_several_batches_a_query() {
    // 2,000 invoices in 10 collections calls of 200, into an object too large to read whole
    // (17,000 invoices): the guard's reads cover eight batches at a time, in queries as long
    // as a URL allows.
    let (on, found, priors) = run_on_fresh_org(2_000, 17_000, "warn", "rest", 200).await;
    let (off, _, _) = run_on_fresh_org(2_000, 17_000, "off", "rest", 200).await;
    assert!(found > 0);
    assert_eq!(priors, 2_000);
    eprintln!("REST upsert of 2,000: guard on {on:?}, off {off:?}");
    assert!(off.made >= 10, "{off:?}");
    // One count, then about 800 keys a query: 4 reads for 10 writes (a query per batch
    // would be 10).
    assert!(
        (on.made - off.made - 1) * 3 <= off.made,
        "guard on cost {} calls, off {}",
        on.made,
        off.made
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_load_into_an_empty_object_costs_the_guard_one_call() {
    // The guard counts the object once; empty, there is nothing more to read.
    let (on, found, priors) = run_on_fresh_org(2_000, 0, "warn", "rest", 200).await;
    let (off, _, _) = run_on_fresh_org(2_000, 0, "off", "rest", 200).await;
    assert_eq!((found, priors), (0, 0));
    assert_eq!(on.made, off.made + 1, "guard on {on:?}, off {off:?}");
}
