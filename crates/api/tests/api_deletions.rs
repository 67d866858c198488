//! Deletions an API lists at a separate endpoint (`source.deletions`): contacts imported
//! from the sample API into the sandbox org, some removed at the API, and the next
//! incremental run with `deletes: delete` deleting exactly those (its dry run listing them).

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::runs::Selection;
use synccentral_httpapi::sample_api::Resource;
use synccentral_runner::RunStatus;
use synccentral_store::{Action, RecordFilter, RunId};

fn contacts(deletes: &str) -> Value {
    json!([{"name": "contacts", "direction": "import", "deletes": deletes,
    "source": {"connection": "api", "path": "/v1/contacts",
               "params": {"updated_since": "{{since}}"},
               "recordsPath": "$.data", "paging": {"type": "nextUrl", "path": "$.paging.next"},
               "deletions": {"path": "/v1/contacts/deleted", "recordsPath": "$.data"}},
    "target": {"connection": "org", "object": "Contact", "operation": "upsert",
               "externalId": "Contact_Id__c"},
    "incremental": {"cursor": "updated_at"},
    "mapping": {"fields": [
        {"source": "id", "target": "Contact_Id__c"},
        {"source": "id", "target": "LastName"}
    ]}}])
}

async fn keys(env: &Env) -> Vec<String> {
    let mut keys: Vec<String> = env
        .query("SELECT Contact_Id__c FROM Contact")
        .await
        .iter()
        .map(|r| r["Contact_Id__c"].as_str().unwrap_or_default().to_string())
        .collect();
    keys.sort();
    keys
}

/// The (key, action) of run `run`'s records whose action is a deletion.
fn deletions(env: &Env, run: i64) -> Vec<(String, Action)> {
    let mut out: Vec<(String, Action)> = env
        .journal
        .workspace()
        .run_records(RunId(run), RecordFilter::All)
        .unwrap()
        .into_iter()
        .filter(|r| matches!(r.action, Action::Deleted | Action::WouldDelete))
        .map(|r| (r.source_key.unwrap_or_default(), r.action))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn deletion_requests(env: &Env) -> Vec<String> {
    env.api
        .requests()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| p.starts_with("/v1/contacts/deleted"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_removed_at_the_api_are_deleted_in_the_org_by_the_next_incremental_run() {
    let env = start(12).await;
    env.configure(contacts("delete"));
    let first = env.run(Selection::Option("contacts".into())).await.unwrap();
    assert_eq!(
        first.summary.runs[0].status,
        RunStatus::Succeeded,
        "{first:?}"
    );
    assert_eq!(keys(&env).await.len(), 12);

    env.api
        .remove(Resource::Contacts, &[2, 5, 9], jiff::Timestamp::now());
    let gone = ["c-1003", "c-1006", "c-1010"];

    let dry = env
        .run_with(Selection::Option("contacts".into()), false, true)
        .await
        .unwrap();
    assert_eq!(dry.summary.runs[0].status, RunStatus::Succeeded, "{dry:?}");
    assert_eq!(
        deletions(&env, dry.outcomes[0].run.0),
        gone.map(|k| (k.to_string(), Action::WouldDelete))
    );
    assert_eq!(keys(&env).await.len(), 12, "a dry run deletes nothing");
    // The diff lists them as deleted in the source, not as missing there.
    let (s, rows) = diff_rows(&env.journal, &diff_request("contacts")).await;
    assert_eq!(
        (s.deleted_in_source, s.missing_in_source, s.same),
        (3, 0, 9),
        "{s:?}"
    );
    let mut deleted: Vec<&str> = rows
        .iter()
        .filter(|r| r.class == synccentral_api::reconcile::diff::Class::DeletedInSource)
        .map(|r| r.key.as_str())
        .collect();
    deleted.sort();
    assert_eq!(deleted, gone);

    let second = env.run(Selection::Option("contacts".into())).await.unwrap();
    assert_eq!(
        second.summary.runs[0].status,
        RunStatus::Succeeded,
        "{second:?}"
    );
    assert_eq!(
        deletions(&env, second.outcomes[0].run.0),
        gone.map(|k| (k.to_string(), Action::Deleted))
    );
    let left = keys(&env).await;
    assert_eq!(left.len(), 9);
    assert!(
        gone.iter().all(|g| !left.iter().any(|k| k == g)),
        "{left:?}"
    );

    // The endpoint was read over the records' window: the second run from the checkpoint
    // (the diff between them reads everything).
    let asked = deletion_requests(&env);
    assert_eq!(asked.len(), 4, "{asked:?}");
    assert_eq!(asked[0], "/v1/contacts/deleted", "a first run has no since");
    assert_eq!(asked[2], "/v1/contacts/deleted", "the diff: {asked:?}");
    assert!(
        asked[3].starts_with("/v1/contacts/deleted?updated_since=2024-06-01T00%3A03"),
        "{asked:?}"
    );

    // With deletes ignored, the endpoint is not called.
    env.configure(contacts("ignore"));
    let ignored = env
        .run_with(Selection::Option("contacts".into()), true, false)
        .await
        .unwrap();
    assert_eq!(ignored.summary.runs[0].status, RunStatus::Succeeded);
    assert_eq!(deletion_requests(&env).len(), 4);
    assert_eq!(keys(&env).await.len(), 9);
}
