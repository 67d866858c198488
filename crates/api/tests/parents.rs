//! The parent check of an option's preview, against the sandbox org on loopback: a lookup
//! by external ID that names an Account the org has is not flagged; one that names none is,
//! with the object, field, value and org in the message; keys with quotes and backslashes
//! go into the SOQL escaped; many keys go in several queries, and at most 2,000 per check.

use serde_json::{json, Value};
use synccentral_api::editor::{self, EditorInput};
use synccentral_api::options::references::{check_parents, MappedRecord, MAX_PARENT_KEYS};
use synccentral_api::Operation;
use synccentral_engine::ErrorCode;

mod common;

use common::app::{start_app_org, AppOrg};
use common::{describes, org_client};

const ORG: &str = "sandbox-org";

fn describe_text(object: &str) -> String {
    std::fs::read_to_string(describes().join(format!("{object}.json"))).unwrap()
}

/// The sandbox org with the sample describes, and a workspace whose option `invoices`
/// imports into its Invoice__c (linked to Account by External_Id__c) and `out` exports from
/// it; signed in as admin.
fn start() -> AppOrg {
    let env = start_app_org("parents");
    let api_url = "http://127.0.0.1:9";
    env.configure(&json!({
        "format": "sync-central/1",
        "connections": [
            env.org_connection(ORG),
            {"name": "api", "type": "http", "baseUrl": api_url}
        ],
        "remoteSites": [env.org_url, api_url],
        "options": [
            {"name": "invoices", "direction": "import",
             "source": {"connection": "api", "path": "/v1/invoices", "recordsPath": "$.invoices"},
             "target": {"connection": ORG, "object": "Invoice__c", "operation": "upsert",
                        "externalId": "invoice_id__c"},
             "mapping": invoice_mapping()},
            {"name": "out", "direction": "export",
             "source": {"connection": ORG, "object": "Account"},
             "target": {"file": env.dir.path().join("out.csv").display().to_string(), "format": "csv"},
             "mapping": {"fields": [{"source": "Name", "target": "name"}]}}
        ]
    }));
    env
}

fn invoice_mapping() -> Value {
    json!({"object": "Invoice__c", "fields": [
        {"source": "invoice_id", "target": "invoice_id__c"},
        {"source": "invoice_id", "target": "Name"},
        {"source": "customer.account_ref", "target": "Account__c",
         "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
    ]})
}

/// Creates Accounts with these External_Id__c values.
fn seed_accounts(env: &AppOrg, keys: &[&str]) {
    env.rt.block_on(async {
        let accounts: Vec<Value> = keys
            .iter()
            .map(|k| json!({"External_Id__c": k, "Name": format!("Account {k}")}))
            .collect();
        let results = org_client(&env.org_url)
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
fn requests_used(env: &AppOrg) -> u64 {
    env.rt.block_on(async {
        let limits = org_client(&env.org_url).await.limits().await.unwrap();
        let d = &limits["DailyApiRequests"];
        d["Max"].as_u64().unwrap() - d["Remaining"].as_u64().unwrap()
    })
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
        source_is_org: None,
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
    seed_accounts(&env, &["A-100", "A-101"]);
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
    seed_accounts(&env, &["A-404"]);
    let again = check_parents(&env.app, "invoices", &records).unwrap();
    assert!(again.unknown.is_empty(), "{:?}", again.unknown);
}

#[test]
fn keys_with_quotes_and_backslashes_are_escaped_in_the_query() {
    let env = start();
    let tricky = r"O'Brien \ Sons";
    seed_accounts(&env, &[tricky, "it's"]);
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
    seed_accounts(&env, &[&keys[0], last_checked, past_limit]);
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

    let before = requests_used(&env);
    let check = check_parents(&env.app, "invoices", &records).unwrap();
    let used = requests_used(&env) - before - 1;

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
