//! Salesforce to Salesforce: an import whose source is another org (two sandbox orgs on
//! two ports), Contacts matched on Email as the sync guide's example does, incremental on
//! SystemModstamp.

#[path = "../common/mod.rs"]
mod common;
mod reads;

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
    // The built-in objects (Account, Contact with RecordTypeId, RecordType, User).
    let config = synccentral_sandbox::Config::new(dir.join(name));
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
        self.run_with(dry_run, false).await
    }

    async fn run_with(&self, dry_run: bool, full: bool) -> synccentral_api::runs::WorkspaceRuns {
        let request = RunRequest {
            dry_run,
            full,
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

    // The diff matches on Email as the run does: the twins' email is the only difference
    // (the source's record is missing in the target as far as one match goes).
    let request = synccentral_api::reconcile::diff::DiffRequest {
        since: Some(jiff::Timestamp::now()),
        ..synccentral_api::reconcile::diff::DiffRequest::new("contacts")
    };
    let (summary, _) = diff_rows(&orgs.journal, &request).await;
    assert_eq!(summary.missing_in_target, 0, "{summary:?}");
    assert_eq!(summary.same, 299, "{summary:?}");

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

fn accounts_option(deletes: &str) -> Value {
    json!({"name": "accounts", "direction": "import", "deletes": deletes,
        "source": {"connection": "production", "object": "Account"},
        "target": {"connection": "fullcopy", "object": "Account", "operation": "upsert",
                   "externalId": "External_Id__c"},
        "incremental": {"cursor": "SystemModstamp", "lookback": "1m"},
        "mapping": {"External_Id__c": "External_Id__c", "Name": "Name"}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_deleted_at_the_source_are_deleted_in_the_target_and_undo_brings_them_back() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let accounts: Vec<Value> = (0..120)
        .map(|i| json!({"External_Id__c": format!("A-{i}"), "Name": format!("Account {i}")}))
        .collect();
    let ids = insert(&source, "Account", &accounts).await;
    orgs.configure(json!([accounts_option("delete")]));
    let first = orgs.run(false).await;
    assert_eq!(first.summary.runs[0].written, 120, "{:?}", first.summary);
    // The target has one account the source never had: a deletion never touches it.
    insert(
        &target,
        "Account",
        &[json!({"External_Id__c": "T-1", "Name": "Target only"})],
    )
    .await;

    let gone: Vec<Value> = ids[..50].iter().map(|id| json!(id)).collect();
    let r = source
        .write_collections(&Operation::Delete, "Account", &gone, 1)
        .await;
    assert!(r.iter().all(|r| r.success), "{r:?}");

    let dry = orgs.run(true).await;
    assert_eq!(
        query(&target, "SELECT Id FROM Account").await.len(),
        121,
        "a dry run deletes nothing: {:?}",
        dry.summary
    );
    // The guard's report lists the deletions first, before anything is written.
    let report = synccentral_api::reconcile::guard(&orgs.journal, "accounts", Some(quick_retry()))
        .await
        .expect("guard");
    assert_eq!(report.deletions.len(), 50, "{report:?}");
    assert_eq!(query(&target, "SELECT Id FROM Account").await.len(), 121);
    // The diff says which: deleted in the source, still in the target.
    let (s, rows) = diff_rows(&orgs.journal, &diff_request("accounts")).await;
    assert_eq!(
        (s.deleted_in_source, s.same, s.missing_in_source),
        (50, 70, 1),
        "{s:?}"
    );
    let deleted: Vec<&str> = rows
        .iter()
        .filter(|r| r.class == synccentral_api::reconcile::diff::Class::DeletedInSource)
        .map(|r| r.key.as_str())
        .collect();
    assert!(
        deleted.contains(&"A-0") && !deleted.contains(&"A-50"),
        "{deleted:?}"
    );

    let run = orgs.run(false).await;
    let line = &run.summary.runs[0];
    assert_eq!(line.status, RunStatus::Succeeded, "{line:?}");
    let left = query(&target, "SELECT External_Id__c FROM Account").await;
    assert_eq!(left.len(), 71, "50 deleted, T-1 kept");
    assert!(left.iter().all(|r| r["External_Id__c"] != "A-0"));
    let deleted_run = run.outcomes[0].run.0;
    let results = orgs
        .journal
        .workspace()
        .run_records(
            synccentral_store::RunId(deleted_run),
            synccentral_store::RecordFilter::All,
        )
        .unwrap();
    let deleted = results
        .iter()
        .filter(|r| r.action == synccentral_store::Action::Deleted)
        .count();
    assert_eq!(deleted, 50, "the run log lists the deletions");

    // Undo takes them back from the recycle bin, with their Ids.
    let undo = synccentral_api::reconcile::undo_run(
        &orgs.journal,
        deleted_run,
        false,
        Some(quick_retry()),
    )
    .await
    .expect("undo");
    assert_eq!(undo.undeleted, 50, "{undo:?}");
    assert_eq!(query(&target, "SELECT Id FROM Account").await.len(), 121);

    // Hard delete: gone for good, and an undo says it cannot restore them.
    orgs.configure(json!([accounts_option("hardDelete")]));
    let hard = orgs.run_with(false, true).await;
    let line = &hard.summary.runs[0];
    assert_eq!(line.status, RunStatus::Succeeded, "{line:?}");
    assert_eq!(query(&target, "SELECT Id FROM Account").await.len(), 71);
    let pages: Vec<synccentral_salesforce::QueryPage> = futures_util::TryStreamExt::try_collect(
        target.query_with("SELECT Id FROM Account WHERE IsDeleted = true", None, true),
    )
    .await
    .unwrap();
    let in_bin: usize = pages.iter().map(|p| p.records.len()).sum();
    assert_eq!(in_bin, 0, "not in the recycle bin");
    let undo = synccentral_api::reconcile::undo_run(
        &orgs.journal,
        hard.outcomes[0].run.0,
        false,
        Some(quick_retry()),
    )
    .await
    .expect("undo");
    assert_eq!((undo.undeleted, undo.skipped), (0, 50), "{undo:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parents_are_linked_by_name_and_record_types_by_developer_name() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    // Each org has its own record types, with its own Ids.
    let rt = json!({"Name": "Partner", "DeveloperName": "Partner", "SobjectType": "Account", "IsActive": true});
    let source_rt = insert(&source, "RecordType", std::slice::from_ref(&rt)).await;
    let target_rt = insert(&target, "RecordType", &[rt]).await;
    assert_ne!(source_rt, target_rt);
    let accounts: Vec<Value> = (0..5)
        .map(|i| json!({"Name": format!("Acme {i}"), "RecordTypeId": source_rt[0]}))
        .collect();
    let account_ids = insert(&source, "Account", &accounts).await;
    let contacts: Vec<Value> = (0..20)
        .map(|i| {
            json!({"LastName": format!("C{i}"), "Email": format!("c{i}@example.com"),
                        "AccountId": account_ids[i % 5]})
        })
        .collect();
    insert(&source, "Contact", &contacts).await;
    // The target already has the accounts under the same names, except "Acme 4"; and two
    // accounts named "Acme 3".
    let existing: Vec<Value> = ["Acme 0", "Acme 1", "Acme 2", "Acme 3", "acme 3"]
        .iter()
        .map(|n| json!({"Name": n}))
        .collect();
    insert(&target, "Account", &existing).await;
    orgs.configure(json!([
        {"name": "contacts", "direction": "import",
         "source": {"connection": "production", "object": "Contact"},
         "target": {"connection": "fullcopy", "object": "Contact", "operation": "upsert",
                    "matchOn": ["Email"]},
         "mapping": {"fields": [
            {"source": "Email", "target": "Email"},
            {"source": "LastName", "target": "LastName"},
            {"source": "Account.Name", "target": "Account",
             "transforms": [{"reference": {"object": "Account", "matchOn": "Name"}}]}
         ]}},
        {"name": "account types", "direction": "import",
         "source": {"connection": "production", "object": "Account", "where": "Name = 'Acme 0'"},
         "target": {"connection": "fullcopy", "object": "Account", "operation": "update",
                    "matchOn": ["Name"]},
         "mapping": {"fields": [
            {"source": "Name", "target": "Name"},
            {"source": "RecordType.DeveloperName", "target": "RecordType",
             "transforms": [{"reference": {"object": "RecordType", "matchOn": "DeveloperName"}}]}
         ]}}
    ]));
    let runs = orgs.run(false).await;
    let contacts_line = runs
        .summary
        .runs
        .iter()
        .find(|l| l.option == "contacts")
        .unwrap();
    // Acme 3 is ambiguous and Acme 4 is missing: their 8 contacts fail, nothing written.
    assert_eq!(
        (contacts_line.written, contacts_line.failed),
        (12, 8),
        "{contacts_line:?}"
    );
    let linked = query(
        &target,
        "SELECT Email, Account.Name FROM Contact WHERE Email = 'c6@example.com'",
    )
    .await;
    assert_eq!(linked[0]["Account"]["Name"], "Acme 1", "{linked:?}");
    let run = synccentral_store::RunId(
        runs.outcomes
            .iter()
            .find(|o| o.option == "contacts")
            .unwrap()
            .run
            .0,
    );
    let failed = orgs.journal.workspace().failed_records(run).unwrap();
    let codes: std::collections::BTreeSet<String> =
        failed.iter().filter_map(|f| f.error_code.clone()).collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["INVALID_FIELD", "MULTIPLE_MATCHES"]
    );
    // The record type is the target org's own, found by its DeveloperName.
    let typed = query(
        &target,
        "SELECT RecordTypeId FROM Account WHERE Name = 'Acme 0'",
    )
    .await;
    assert_eq!(typed[0]["RecordTypeId"], target_rt[0].as_str(), "{typed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_keep_links_to_accounts_and_opportunities_and_owners_by_username() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    for client in [&source, &target] {
        insert(
            client,
            "User",
            &[json!({"Username": "rep@example.com", "Email": "rep@example.com", "LastName": "Rep"})],
        )
        .await;
        let acct = insert(client, "Account", &[json!({"Name": "Globex"})]).await;
        insert(
            client,
            "Opportunity",
            &[json!({"Name": "Globex renewal", "StageName": "Prospecting",
                     "CloseDate": "2027-03-01", "AccountId": acct[0]})],
        )
        .await;
    }
    let rep = query(
        &source,
        "SELECT Id FROM User WHERE Username = 'rep@example.com'",
    )
    .await;
    let acct = query(&source, "SELECT Id FROM Account WHERE Name = 'Globex'").await;
    let opp = query(&source, "SELECT Id FROM Opportunity").await;
    insert(
        &source,
        "Task",
        &[
            json!({"Subject": "Call", "External_Id__c": "T-1", "WhatId": acct[0]["Id"], "OwnerId": rep[0]["Id"]}),
            json!({"Subject": "Quote", "External_Id__c": "T-2", "WhatId": opp[0]["Id"], "OwnerId": rep[0]["Id"]}),
        ],
    )
    .await;
    orgs.configure(json!([
        {"name": "tasks", "direction": "import",
         "source": {"connection": "production", "object": "Task"},
         "target": {"connection": "fullcopy", "object": "Task", "operation": "upsert",
                    "externalId": "External_Id__c"},
         "mapping": {"fields": [
            {"source": "External_Id__c", "target": "External_Id__c"},
            {"source": "Subject", "target": "Subject"},
            {"source": ["What.Type", "What.Name"], "target": "What",
             "transforms": [{"reference": {"object": ["Account", "Opportunity"], "matchOn": "Name"}}]},
            {"source": "Owner.Username", "target": "Owner",
             "transforms": [{"reference": {"object": "User", "matchOn": "Username"}}]}
         ]}}
    ]));
    let runs = orgs.run(false).await;
    let line = &runs.summary.runs[0];
    assert_eq!((line.written, line.failed), (2, 0), "{line:?}");
    let tasks = query(
        &target,
        "SELECT External_Id__c, What.Type, What.Name, Owner.Username FROM Task ORDER BY External_Id__c",
    )
    .await;
    let seen: Vec<(String, String, String)> = tasks
        .iter()
        .map(|t| {
            (
                t["What"]["Type"].as_str().unwrap_or_default().to_string(),
                t["What"]["Name"].as_str().unwrap_or_default().to_string(),
                t["Owner"]["Username"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Account".into(), "Globex".into(), "rep@example.com".into()),
            (
                "Opportunity".into(),
                "Globex renewal".into(),
                "rep@example.com".into()
            ),
        ],
        "{tasks:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_linked_to_parent_accounts_of_the_same_run_land_in_two_passes() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let parent = insert(&source, "Account", &[json!({"Name": "Holding"})]).await;
    insert(
        &source,
        "Account",
        &[
            json!({"Name": "Branch North", "ParentId": parent[0]}),
            json!({"Name": "Branch South", "ParentId": parent[0]}),
        ],
    )
    .await;
    orgs.configure(json!([
        {"name": "accounts", "direction": "import",
         "source": {"connection": "production", "object": "Account"},
         "target": {"connection": "fullcopy", "object": "Account", "operation": "upsert",
                    "matchOn": ["Name"]},
         "mapping": {"fields": [
            {"source": "Name", "target": "Name"},
            {"source": "Parent.Name", "target": "Parent",
             "transforms": [{"reference": {"object": "Account", "matchOn": "Name"}}]}
         ]}}
    ]));
    let runs = orgs.run(false).await;
    assert!(
        runs.summary.runs.iter().all(|l| l.failed == 0),
        "{:?}",
        runs.summary
    );
    let branches = query(
        &target,
        "SELECT Name, Parent.Name FROM Account WHERE ParentId != null ORDER BY Name",
    )
    .await;
    let names: Vec<(&str, &str)> = branches
        .iter()
        .map(|r| {
            (
                r["Name"].as_str().unwrap_or_default(),
                r["Parent"]["Name"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("Branch North", "Holding"), ("Branch South", "Holding")],
        "{:?} {:?}",
        runs.summary,
        query(&target, "SELECT Name, ParentId FROM Account").await
    );
    assert_eq!(query(&target, "SELECT Id FROM Account").await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_hard_delete_says_which_permission_it_needs() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let accounts: Vec<Value> = (0..3)
        .map(|i| json!({"External_Id__c": format!("A-{i}"), "Name": format!("Account {i}")}))
        .collect();
    let ids = insert(&source, "Account", &accounts).await;
    orgs.configure(json!([accounts_option("hardDelete")]));
    assert_eq!(orgs.run(false).await.summary.runs[0].written, 3);
    let r = source
        .write_collections(&Operation::Delete, "Account", &[json!(ids[0])], 1)
        .await;
    assert!(r.iter().all(|r| r.success), "{r:?}");
    // The target org refuses every Bulk API 2.0 ingest job, as it does for a user without
    // the permission.
    let http = synccentral_net::reqwest::Client::new();
    let armed = http
        .post(format!("{}/__sandbox/faults", Orgs::url(&orgs.target)))
        .bearer_auth(target.session().access_token)
        .json(&json!({"kind": "500", "next": 1000, "path": "/services/data/v62.0/jobs/ingest"}))
        .send()
        .await
        .unwrap();
    assert!(armed.status().is_success(), "{armed:?}");
    let run = orgs.run(false).await;
    let line = &run.summary.runs[0];
    assert_eq!(line.status, RunStatus::Failed, "{line:?}");
    let message = run.outcomes[0].message.clone().unwrap_or_default();
    assert!(
        message.contains("Bulk API Hard Delete"),
        "the refusal names the permission: {message}"
    );
    assert_eq!(
        query(&target, "SELECT Id FROM Account").await.len(),
        3,
        "nothing deleted"
    );
}
