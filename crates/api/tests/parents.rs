//! The parent check of an option's preview, against the sandbox org on loopback: a lookup
//! by external ID that names an Account the org has is not flagged; one that names none is,
//! with the object, field, value and org in the message; keys with quotes and backslashes
//! go into the SOQL escaped; many keys go in several queries, and at most 2,000 per check.

use serde_json::{json, Value};
use synccentral_api::editor::{self, EditorInput};
use synccentral_api::options::references::{check_parents, MappedRecord, MAX_PARENT_KEYS};
use synccentral_api::workspace::AppWorkspace;
use synccentral_api::Operation;
use synccentral_engine::ErrorCode;
use synccentral_net::{Egress, EgressConfig, RemoteSites};
use synccentral_salesforce::{Auth, Client, Config};
use synccentral_sandbox::Sandbox;

const ORG: &str = "sandbox-org";

struct Env {
    rt: tokio::runtime::Runtime,
    _org: Sandbox,
    org_url: String,
    app: AppWorkspace,
    _dir: tempfile::TempDir,
}

fn describe_text(object: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/samples/describe")
            .join(format!("{object}.json")),
    )
    .unwrap()
}

/// The sandbox org with the sample describes, and a workspace whose option `invoices`
/// imports into its Invoice__c (linked to Account by External_Id__c) and `out` exports from
/// it; signed in as admin.
fn start() -> Env {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The tests of this binary share the process's key settings: one key file for all.
    static KEY: std::sync::Once = std::sync::Once::new();
    KEY.call_once(|| {
        let key = std::env::temp_dir().join(format!("sc-parents-{}.key", std::process::id()));
        std::env::set_var("SYNCCENTRAL_MASTER_KEY_FILE", key);
        std::env::set_var("SYNCCENTRAL_KEYCHAIN", "off");
    });
    let mut config = synccentral_sandbox::Config::new(dir.path().join("org"));
    config.schema_dir = Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples/describe"),
    );
    let org = rt.block_on(Sandbox::start(config)).unwrap();
    let org_url = org.base_url().trim_end_matches('/').to_string();
    let api_url = "http://127.0.0.1:9";
    let app = AppWorkspace::at(dir.path().join("ws.db"));
    synccentral_store::Workspace::open(app.path())
        .unwrap()
        .import_config(&json!({
            "format": "sync-central/1",
            "connections": [
                {"name": ORG, "type": "salesforce", "loginUrl": org_url,
                 "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                          "username": "admin@sandbox.local", "password": "sandbox"}},
                {"name": "api", "type": "http", "baseUrl": api_url}
            ],
            "remoteSites": [org_url, api_url],
            "options": [
                {"name": "invoices", "direction": "import",
                 "source": {"connection": "api", "path": "/v1/invoices", "recordsPath": "$.invoices"},
                 "target": {"connection": ORG, "object": "Invoice__c", "operation": "upsert",
                            "externalId": "invoice_id__c"},
                 "mapping": invoice_mapping()},
                {"name": "out", "direction": "export",
                 "source": {"connection": ORG, "object": "Account"},
                 "target": {"file": dir.path().join("out.csv").display().to_string(), "format": "csv"},
                 "mapping": {"fields": [{"source": "Name", "target": "name"}]}}
            ]
        }))
        .unwrap();
    synccentral_api::users::log_in(&app, "admin", "sync-central").unwrap();
    synccentral_api::users::change_password(&app, "sync-central", "a long admin password").unwrap();
    Env {
        rt,
        _org: org,
        org_url,
        app,
        _dir: dir,
    }
}

fn invoice_mapping() -> Value {
    json!({"object": "Invoice__c", "fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "customer.account_ref", "target": "Account__c",
         "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
    ]})
}

impl Env {
    async fn client(&self) -> Client {
        let egress = Egress::new(EgressConfig::new(
            RemoteSites::parse(&[self.org_url.as_str()]).unwrap(),
        ))
        .unwrap();
        Client::connect(
            egress,
            Config::new(
                url::Url::parse(&self.org_url).unwrap(),
                Auth::Password {
                    client_id: "sandbox".into(),
                    client_secret: "sandbox-secret".into(),
                    username: "admin@sandbox.local".into(),
                    password: "sandbox".into(),
                    security_token: None,
                },
            ),
        )
        .await
        .expect("login")
    }

    /// Creates Accounts with these External_Id__c values.
    fn seed_accounts(&self, keys: &[&str]) {
        self.rt.block_on(async {
            let accounts: Vec<Value> = keys
                .iter()
                .map(|k| json!({"External_Id__c": k, "Name": format!("Account {k}")}))
                .collect();
            let results = self
                .client()
                .await
                .write_collections(
                    &synccentral_salesforce::Operation::Upsert {
                        external_id_field: "External_Id__c".into(),
                    },
                    "Account",
                    &accounts,
                    1,
                )
                .await;
            assert!(results.iter().all(|r| r.success), "{results:?}");
        });
    }

    /// The org's REST requests so far today.
    fn requests_used(&self) -> u64 {
        self.rt.block_on(async {
            let limits = self.client().await.limits().await.unwrap();
            let d = &limits["DailyApiRequests"];
            d["Max"].as_u64().unwrap() - d["Remaining"].as_u64().unwrap()
        })
    }
}

/// The editor's preview of invoices whose customers are `refs`, as the records the check
/// is sent.
fn previewed(refs: &[&str]) -> Vec<MappedRecord> {
    let invoices: Vec<Value> = refs
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"invoice_id": format!("INV-{i:04}"), "customer": {"account_ref": r}}))
        .collect();
    let report = editor::preview_mapping(&EditorInput {
        mapping: invoice_mapping(),
        sample: json!({ "invoices": invoices }).to_string(),
        records_path: Some("$.invoices".into()),
        describe: Some(describe_text("Invoice__c")),
        operation: Operation::Upsert,
    })
    .unwrap();
    assert_eq!(report.summary.invalid, 0, "offline, every record is valid");
    report
        .records
        .into_iter()
        .map(|r| MappedRecord {
            index: r.index,
            fields: r.fields,
        })
        .collect()
}

/// `(record index, message)` of each unknown parent.
fn flagged(check: &synccentral_api::options::references::ParentCheck) -> Vec<(usize, String)> {
    check
        .unknown
        .iter()
        .map(|u| (u.index, u.error.message.clone()))
        .collect()
}

#[test]
fn a_parent_the_org_has_passes_and_one_it_lacks_is_named_with_its_org() {
    let env = start();
    env.seed_accounts(&["A-100", "A-101"]);
    let records = previewed(&["A-100", "A-404", "a-101", "A-404", ""]);
    let check = check_parents(&env.app, "invoices", &records).unwrap();
    assert_eq!(check.org, ORG);
    assert_eq!(
        flagged(&check),
        [
            (
                1,
                format!("no Account with External_Id__c = A-404 in {ORG}")
            ),
            (
                3,
                format!("no Account with External_Id__c = A-404 in {ORG}")
            ),
        ],
        "A-100 exists, a-101 matches A-101 regardless of case, an empty key has no parent"
    );
    let first = &check.unknown[0];
    assert_eq!(
        first.error.field, "Account__r",
        "on the relationship as mapped"
    );
    assert_eq!(
        first.error.code,
        ErrorCode::InvalidField,
        "the code a run gets"
    );
    assert_eq!(
        (
            first.object.as_str(),
            first.external_id.as_str(),
            first.value.as_str()
        ),
        ("Account", "External_Id__c", "A-404")
    );
    assert_eq!((check.checked, check.unchecked, check.queries), (3, 0, 1));

    // Once the parent exists, the same preview passes.
    env.seed_accounts(&["A-404"]);
    let again = check_parents(&env.app, "invoices", &records).unwrap();
    assert!(again.unknown.is_empty(), "{:?}", again.unknown);
}

#[test]
fn keys_with_quotes_and_backslashes_are_escaped_in_the_query() {
    let env = start();
    let tricky = r"O'Brien \ Sons";
    env.seed_accounts(&[tricky, "it's"]);
    let records = previewed(&[tricky, "D'Arcy", "it's", r"a\'b"]);
    let check = check_parents(&env.app, "invoices", &records).unwrap();
    assert_eq!(
        flagged(&check),
        [
            (
                1,
                format!("no Account with External_Id__c = D'Arcy in {ORG}")
            ),
            (
                3,
                format!(r"no Account with External_Id__c = a\'b in {ORG}")
            ),
        ]
    );
}

#[test]
fn many_keys_go_in_several_queries_and_at_most_the_limit_per_check() {
    let env = start();
    let keys: Vec<String> = (0..MAX_PARENT_KEYS + 100)
        .map(|i| format!("K-{i:05}"))
        .collect();
    let last_checked = &keys[MAX_PARENT_KEYS - 1];
    let past_limit = &keys[MAX_PARENT_KEYS + 50];
    env.seed_accounts(&[&keys[0], last_checked, past_limit]);
    let records: Vec<MappedRecord> = keys
        .iter()
        .enumerate()
        .map(|(index, k)| MappedRecord {
            index,
            fields: json!({"Account__r": {"attributes": {"type": "Account"}, "External_Id__c": k}})
                .as_object()
                .unwrap()
                .clone(),
        })
        .collect();

    let before = env.requests_used();
    let check = check_parents(&env.app, "invoices", &records).unwrap();
    let used = env.requests_used() - before - 1;

    let expected = synccentral_salesforce::in_queries(
        &["External_Id__c"],
        "Account",
        "External_Id__c",
        keys[..MAX_PARENT_KEYS].iter().map(String::as_str),
    );
    assert!(
        expected.len() > 1,
        "{} keys fit in one query",
        MAX_PARENT_KEYS
    );
    assert_eq!(check.queries, expected.len());
    assert_eq!(used, expected.len() as u64, "the org saw each query once");
    assert_eq!((check.checked, check.unchecked), (MAX_PARENT_KEYS, 100));
    let flagged_keys: Vec<&str> = check.unknown.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(flagged_keys.len(), MAX_PARENT_KEYS - 2);
    assert!(
        !flagged_keys.contains(&keys[0].as_str()),
        "found in the first query"
    );
    assert!(
        !flagged_keys.contains(&last_checked.as_str()),
        "found in the last query"
    );
    assert!(
        !flagged_keys
            .iter()
            .any(|k| *k >= keys[MAX_PARENT_KEYS].as_str()),
        "keys past the limit are not looked up, so not flagged"
    );
}

#[test]
fn salesforce_s_refusal_keeps_its_code_and_the_option_must_import_into_an_org() {
    let env = start();
    let records = vec![MappedRecord {
        index: 0,
        fields: json!({"Account__r": {"attributes": {"type": "Account"}, "No_Such_Field__c": "x"}})
            .as_object()
            .unwrap()
            .clone(),
    }];
    let refused = check_parents(&env.app, "invoices", &records).unwrap_err();
    assert_eq!(refused.code, "INVALID_FIELD", "{refused:?}");
    assert!(
        refused.message.starts_with(&format!(
            "looking up Account by No_Such_Field__c in {ORG}: "
        )),
        "{}",
        refused.message
    );

    assert_eq!(
        check_parents(&env.app, "out", &[]).unwrap_err().code,
        "INVALID_REQUEST"
    );
    assert_eq!(
        check_parents(&env.app, "invoice", &[]).unwrap_err().code,
        "NOT_FOUND"
    );
    // Nothing to look up: no login, no query.
    let none = check_parents(&env.app, "invoices", &previewed(&["", ""])).unwrap();
    assert_eq!((none.queries, none.unknown.len()), (0, 0));
}
