//! Salesforce to Salesforce through `synccentral run` and `synccentral runs undo`, at the size
//! an admin copies between orgs: 10,000 Accounts and 30,000 Contacts from one sandbox org to
//! another, Contacts matched on Email, accounts linked by Name, owners by Username, record
//! types by DeveloperName; then an incremental run, deletions, undo and a hard delete.

use serde_json::{json, Value};
use std::process::Output;
use synccentral_salesforce::{BulkOptions, Client, Operation};

const ACCOUNTS: usize = 10_000;
const CONTACTS: usize = 30_000;

struct Orgs {
    rt: tokio::runtime::Runtime,
    source: synccentral_sandbox::Sandbox,
    target: synccentral_sandbox::Sandbox,
    dir: tempfile::TempDir,
}

fn url(s: &synccentral_sandbox::Sandbox) -> String {
    s.base_url().trim_end_matches('/').to_string()
}

async fn client(url: &str) -> Client {
    let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(
        synccentral_net::RemoteSites::parse(&[url]).unwrap(),
    ))
    .unwrap();
    Client::connect(
        egress,
        synccentral_salesforce::Config::new(
            url::Url::parse(url).unwrap(),
            synccentral_salesforce::Auth::sandbox_admin(),
        ),
    )
    .await
    .unwrap()
}

async fn load(client: &Client, op: Operation, object: &str, records: &[Value]) -> Vec<String> {
    let r = client
        .bulk_ingest(&op, object, records, None, &BulkOptions::default())
        .await
        .unwrap();
    assert!(
        r.iter().all(|r| r.success),
        "{:?}",
        r.iter().find(|r| !r.success)
    );
    r.into_iter().map(|r| r.id.unwrap_or_default()).collect()
}

async fn count(client: &Client, soql: &str) -> usize {
    client.query_all_records(soql).await.unwrap().len()
}

fn option(name: &str, object: &str, match_on: &str, deletes: &str, mapping: Value) -> Value {
    json!({"name": name, "direction": "import", "deletes": deletes,
           "source": {"connection": "production", "object": object, "api": "bulk"},
           "target": {"connection": "fullcopy", "object": object, "operation": "upsert",
                      "matchOn": [match_on], "api": "bulk", "batchSize": 10000},
           "incremental": {"cursor": "SystemModstamp"},
           "mapping": mapping})
}

fn options(deletes: &str) -> Value {
    let owner = json!({"source": "Owner.Username", "target": "Owner",
                       "transforms": [{"reference": {"object": "User", "matchOn": "Username"}}]});
    json!([
        option(
            "accounts",
            "Account",
            "Name",
            "ignore",
            json!({"fields": [
                {"source": "Name", "target": "Name"},
                {"source": "RecordType.DeveloperName", "target": "RecordType",
                 "transforms": [{"reference": {"object": "RecordType", "matchOn": "DeveloperName"}}]},
                owner
            ]})
        ),
        option(
            "contacts",
            "Contact",
            "Email",
            deletes,
            json!({"fields": [
                {"source": "Email", "target": "Email"},
                {"source": "LastName", "target": "LastName"},
                {"source": "Title", "target": "Title"},
                {"source": "Account.Name", "target": "Account",
                 "transforms": [{"reference": {"object": "Account", "matchOn": "Name"}}]},
                owner
            ]})
        )
    ])
}

impl Orgs {
    fn start() -> Orgs {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let start = |name: &str| {
            rt.block_on(synccentral_sandbox::Sandbox::start(
                synccentral_sandbox::Config::new(dir.path().join(name)),
            ))
            .unwrap()
        };
        let (source, target) = (start("source"), start("target"));
        Orgs {
            rt,
            source,
            target,
            dir,
        }
    }

    fn sc(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_synccentral"))
            .args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.dir.path().join("ws.db"))
            .env(
                "SYNCCENTRAL_MASTER_KEY_FILE",
                self.dir.path().join("master.key"),
            )
            .env("SYNCCENTRAL_KEYCHAIN", "off")
            .output()
            .expect("synccentral runs")
    }

    fn configure(&self, options: Value) {
        let conn = |name: &str, url: &str| {
            json!({"name": name, "type": "salesforce", "loginUrl": url,
                   "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                            "username": "admin@sandbox.local", "password": "sandbox"}})
        };
        let (s, t) = (url(&self.source), url(&self.target));
        let doc = json!({"format": "sync-central/1",
                         "connections": [conn("production", &s), conn("fullcopy", &t)],
                         "remoteSites": [s, t], "options": options});
        let path = self.dir.path().join("config.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        let o = self.sc(&["config", "import", path.to_str().unwrap(), "--apply"]);
        assert!(o.status.success(), "{}", super::stderr(&o));
    }

    /// `synccentral run ARGS --json`: each option's line by name.
    fn run(&self, args: &[&str]) -> (Option<i32>, std::collections::HashMap<String, Value>) {
        let mut all = args.to_vec();
        all.push("--json");
        let o = self.sc(&all);
        let summary = super::json(&o);
        let lines = summary["runs"]
            .as_array()
            .unwrap_or_else(|| panic!("{}\n{}", super::stdout(&o), super::stderr(&o)))
            .iter()
            .map(|l| (l["option"].as_str().unwrap().to_string(), l.clone()))
            .collect();
        (o.status.code(), lines)
    }
}

#[test]
fn ten_thousand_accounts_and_thirty_thousand_contacts_copy_org_to_org_then_changes_deletes_and_undo(
) {
    let orgs = Orgs::start();
    let (s, t) = (url(&orgs.source), url(&orgs.target));
    let source = orgs.rt.block_on(client(&s));
    let target = orgs.rt.block_on(client(&t));
    orgs.rt.block_on(async {
        for c in [&source, &target] {
            load(c, Operation::Insert, "User", &[json!({"Username": "rep@example.com", "Email": "rep@example.com", "LastName": "Rep"})]).await;
            load(c, Operation::Insert, "RecordType", &[json!({"Name": "Partner", "DeveloperName": "Partner", "SobjectType": "Account", "IsActive": true})]).await;
        }
        let rep = source.query_all_records("SELECT Id FROM User WHERE Username = 'rep@example.com'").await.unwrap();
        let rt = source.query_all_records("SELECT Id FROM RecordType").await.unwrap();
        let accounts: Vec<Value> = (0..ACCOUNTS)
            .map(|i| json!({"Name": format!("Account {i:05}"), "RecordTypeId": rt[0]["Id"], "OwnerId": rep[0]["Id"]}))
            .collect();
        let ids = load(&source, Operation::Insert, "Account", &accounts).await;
        let contacts: Vec<Value> = (0..CONTACTS)
            .map(|i| json!({"LastName": format!("Person {i}"), "Email": format!("p{i}@example.com"),
                            "Title": "Engineer", "AccountId": ids[i % ACCOUNTS], "OwnerId": rep[0]["Id"]}))
            .collect();
        load(&source, Operation::Insert, "Contact", &contacts).await;
        // The target holds 300 of the contacts already, with the email in upper case, and
        // two contacts sharing p7's email.
        let existing: Vec<Value> = (0..300)
            .map(|i| json!({"LastName": "Old", "Email": format!("P{i}@EXAMPLE.COM")}))
            .filter(|c| c["Email"] != "P7@EXAMPLE.COM")
            .chain([json!({"LastName": "Twin", "Email": "p7@example.com"}), json!({"LastName": "Twin", "Email": "P7@example.com"})])
            .collect();
        load(&target, Operation::Insert, "Contact", &existing).await;
    });

    orgs.configure(options("delete"));
    let (code, lines) = orgs.run(&["run", "--all"]);
    assert_eq!(lines["accounts"]["written"], ACCOUNTS, "{lines:?}");
    assert_eq!(lines["contacts"]["written"], CONTACTS - 1, "{lines:?}");
    assert_eq!(
        lines["contacts"]["failed"], 1,
        "p7 matches two target contacts: {lines:?}"
    );
    assert_eq!(code, Some(1), "a failed record makes the exit code 1");
    orgs.rt.block_on(async {
        assert_eq!(count(&target, "SELECT Id FROM Contact").await, 301 + CONTACTS - 300);
        assert_eq!(count(&target, "SELECT Id FROM Contact WHERE LastName = 'Twin'").await, 2);
        let linked = target
            .query_all_records("SELECT Account.Name, Owner.Username FROM Contact WHERE Email = 'p12345@example.com'")
            .await
            .unwrap();
        assert_eq!(linked[0]["Account"]["Name"], "Account 02345", "{linked:?}");
        assert_eq!(linked[0]["Owner"]["Username"], "rep@example.com", "{linked:?}");
        let typed = count(&target, "SELECT Id FROM Account WHERE RecordType.DeveloperName = 'Partner'").await;
        assert_eq!(typed, ACCOUNTS);
    });

    // A second run carries only what changed: five contacts' titles.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    orgs.rt.block_on(async {
        let five = source.query_all_records("SELECT Id FROM Contact WHERE Email IN ('p1@example.com','p2@example.com','p3@example.com','p4@example.com','p5@example.com')").await.unwrap();
        let changes: Vec<Value> = five.iter().map(|r| json!({"Id": r["Id"], "Title": "Director"})).collect();
        load(&source, Operation::Update, "Contact", &changes).await;
    });
    let (_, lines) = orgs.run(&["run", "--option", "contacts"]);
    assert_eq!(lines["contacts"]["written"], 5, "{lines:?}");

    // Fifty contacts deleted at the source are deleted in the target; undo brings them back.
    orgs.rt.block_on(async {
        let fifty: Vec<Value> = source
            .query_all_records("SELECT Id FROM Contact WHERE Title = 'Engineer' AND Email != 'p7@example.com' LIMIT 50")
            .await
            .unwrap()
            .iter()
            .map(|r| json!({"Id": r["Id"]}))
            .collect();
        load(&source, Operation::Delete, "Contact", &fifty).await;
    });
    let total = 301 + CONTACTS - 300;
    let (code, lines) = orgs.run(&["run", "--option", "contacts"]);
    assert_eq!(code, Some(0), "{lines:?}");
    orgs.rt.block_on(async {
        assert_eq!(count(&target, "SELECT Id FROM Contact").await, total - 50);
    });
    let listed = orgs.sc(&["runs", "list", "--limit", "1", "--json"]);
    let run_id = super::json(&listed)[0]["id"].as_i64().unwrap().to_string();
    let undo = orgs.sc(&["runs", "undo", &run_id]);
    assert!(
        super::stdout(&undo).contains("50 undeleted"),
        "{}\n{}",
        super::stdout(&undo),
        super::stderr(&undo)
    );
    orgs.rt.block_on(async {
        assert_eq!(count(&target, "SELECT Id FROM Contact").await, total);
    });

    // hardDelete removes them for good.
    orgs.configure(options("hardDelete"));
    let (_, lines) = orgs.run(&["run", "--option", "contacts", "--full"]);
    assert_eq!(lines["contacts"]["status"], "succeeded", "{lines:?}");
    orgs.rt.block_on(async {
        assert_eq!(count(&target, "SELECT Id FROM Contact").await, total - 50);
        let all: Vec<synccentral_salesforce::QueryPage> = futures_util::TryStreamExt::try_collect(
            target.query_with("SELECT Id FROM Contact WHERE IsDeleted = true", None, true),
        )
        .await
        .unwrap();
        assert_eq!(all.iter().map(|p| p.records.len()).sum::<usize>(), 0);
    });
}
