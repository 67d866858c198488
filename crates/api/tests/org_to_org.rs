//! Salesforce to Salesforce: an import whose source is another org (two sandbox orgs on
//! two ports), Contacts matched on Email as the sync guide's example does, incremental on
//! SystemModstamp.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_api::runs::{RunRequest, Selection, StoreJournal};
use synccentral_runner::{CancelToken, RunEvent, RunStatus};
use synccentral_salesforce::{Client, Operation};
use synccentral_sandbox::Sandbox;

struct Orgs {
    source: Sandbox,
    target: Sandbox,
    journal: StoreJournal,
    _dir: tempfile::TempDir,
}

async fn org(dir: &std::path::Path, name: &str) -> Sandbox {
    let mut config = synccentral_sandbox::Config::new(dir.join(name));
    config.schema_dir = Some(describes());
    Sandbox::start(config).await.expect("sandbox starts")
}

fn connection(name: &str, url: &str) -> Value {
    json!({"name": name, "type": "salesforce", "loginUrl": url,
           "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                    "username": "admin@sandbox.local", "password": "sandbox"}})
}

impl Orgs {
    async fn start() -> Orgs {
        let dir = tempfile::tempdir().unwrap();
        let source = org(dir.path(), "source").await;
        let target = org(dir.path(), "target").await;
        let ws = synccentral_store::Workspace::open(dir.path().join("ws.db")).unwrap();
        let journal = StoreJournal::new(ws);
        Orgs {
            source,
            target,
            journal,
            _dir: dir,
        }
    }

    fn url(sandbox: &Sandbox) -> String {
        sandbox.base_url().trim_end_matches('/').to_string()
    }

    fn configure(&self, options: Value) {
        let (s, t) = (Orgs::url(&self.source), Orgs::url(&self.target));
        let doc = json!({
            "format": "sync-central/1",
            "connections": [connection("production", &s), connection("fullcopy", &t)],
            "remoteSites": [s, t],
            "options": options
        });
        self.journal
            .workspace()
            .import_config(&doc)
            .expect("valid config");
    }

    async fn run(&self, dry_run: bool) -> synccentral_api::runs::WorkspaceRuns {
        let request = RunRequest {
            dry_run,
            retry: Some(quick_retry()),
            ..RunRequest::new(Selection::All)
        };
        let events = |_: &RunEvent| {};
        synccentral_api::runs::run_workspace(&self.journal, &request, &events, &CancelToken::new())
            .await
            .expect("the options run")
    }

    async fn source_client(&self) -> Client {
        org_client(&Orgs::url(&self.source)).await
    }

    async fn target_client(&self) -> Client {
        org_client(&Orgs::url(&self.target)).await
    }
}

async fn insert(client: &Client, object: &str, records: &[Value]) -> Vec<String> {
    let r = client
        .write_collections(&Operation::Insert, object, records, 4)
        .await;
    assert!(r.iter().all(|r| r.success), "{r:?}");
    r.into_iter().map(|r| r.id.unwrap_or_default()).collect()
}

async fn query(client: &Client, soql: &str) -> Vec<Value> {
    client.query_all_records(soql).await.expect(soql)
}

fn contacts_option(incremental: bool) -> Value {
    let mut o = json!({"name": "contacts", "direction": "import",
        "source": {"connection": "production", "object": "Contact", "where": "Email != null"},
        "target": {"connection": "fullcopy", "object": "Contact", "operation": "upsert",
                   "matchOn": ["Email"]},
        "mapping": {"Email": "Email", "FirstName": "FirstName", "LastName": "LastName",
                    "Title": "Title"}});
    if incremental {
        o["incremental"] = json!({"cursor": "SystemModstamp"});
    }
    o
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_copy_org_to_org_matched_on_email() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let people: Vec<Value> = (0..300)
        .map(|i| {
            json!({"FirstName": format!("First{i}"), "LastName": format!("Last{i}"),
                        "Email": format!("person{i}@example.com"), "Title": "Engineer"})
        })
        .collect();
    insert(&source, "Contact", &people).await;
    // One source contact with no email: the option's `where` leaves it out.
    insert(&source, "Contact", &[json!({"LastName": "No Email"})]).await;
    // The target holds some already: 20 with the email in other letter case (and spaces),
    // and two contacts sharing person7's email.
    let existing: Vec<Value> = (0..20)
        .map(|i| json!({"LastName": "Old", "Email": format!("PERSON{i}@Example.COM"), "Title": "Keep?"}))
        .chain([
            json!({"LastName": "Twin A", "Email": "person250@example.com"}),
            json!({"LastName": "Twin B", "Email": "Person250@example.com"}),
        ])
        .collect();
    let twins = insert(&target, "Contact", &existing).await;
    orgs.configure(json!([contacts_option(true)]));

    // The dry run matches as the run will: 20 updates, the twins' record fails.
    let dry = orgs.run(true).await;
    let line = &dry.summary.runs[0];
    assert_eq!(line.read, 300, "{line:?}");
    assert_eq!(line.failed, 1, "{line:?}");
    assert_eq!(
        query(&target, "SELECT Id FROM Contact").await.len(),
        22,
        "a dry run writes nothing"
    );

    let runs = orgs.run(false).await;
    let line = &runs.summary.runs[0];
    assert_eq!(line.status, RunStatus::Succeeded, "{line:?}");
    assert_eq!(
        (line.read, line.written, line.failed),
        (300, 299, 1),
        "{line:?}"
    );
    let run = synccentral_store::RunId(runs.outcomes[0].run.0);
    let failed = orgs.journal.workspace().failed_records(run).unwrap();
    assert_eq!(failed.len(), 1);
    let f = &failed[0];
    assert_eq!(f.error_code.as_deref(), Some("MULTIPLE_MATCHES"), "{f:?}");
    let message = f.error_message.clone().unwrap_or_default();
    assert!(
        message.contains(&twins[20]) && message.contains(&twins[21]),
        "the candidates' Ids are named: {message}"
    );
    // The twins are untouched; the 20 existing contacts were updated, not doubled.
    let all = query(&target, "SELECT Id, LastName, Email, Title FROM Contact").await;
    assert_eq!(all.len(), 22 + 279, "20 updated, 279 inserted");
    let twins_now = query(
        &target,
        "SELECT LastName FROM Contact WHERE Email = 'person250@example.com'",
    )
    .await;
    let mut names: Vec<&str> = twins_now
        .iter()
        .map(|r| r["LastName"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Twin A", "Twin B"]);
    let old = query(
        &target,
        "SELECT LastName, Title FROM Contact WHERE Email = 'person3@example.com'",
    )
    .await;
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!(
        (old[0]["LastName"].as_str(), old[0]["Title"].as_str()),
        (Some("Last3"), Some("Engineer"))
    );

    // Incremental: only what changed at the source since the checkpoint is carried.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let changed = query(&source, "SELECT Id FROM Contact WHERE Email IN ('person1@example.com', 'person2@example.com', 'person299@example.com')").await;
    let updates: Vec<Value> = changed
        .iter()
        .map(|r| json!({"Id": r["Id"], "Title": "Director"}))
        .collect();
    let r = source
        .write_collections(&Operation::Update, "Contact", &updates, 1)
        .await;
    assert!(r.iter().all(|r| r.success), "{r:?}");
    let again = orgs.run(false).await;
    let line = &again.summary.runs[0];
    assert_eq!(line.status, RunStatus::Succeeded, "{line:?}");
    assert_eq!(line.written, 3, "only the changed contacts: {line:?}");
    let directors = query(&target, "SELECT Id FROM Contact WHERE Title = 'Director'").await;
    assert_eq!(directors.len(), 3);
    assert_eq!(query(&target, "SELECT Id FROM Contact").await.len(), 301);
}
