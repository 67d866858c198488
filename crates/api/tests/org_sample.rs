//! A sample of another org's records feeds auto-map: it carries each lookup's parent by a
//! field that names it (`Account.Name`), and auto-map told the source is an org sets the
//! lookup by it instead of copying that org's Ids.

mod common;

use common::app::start_app_org;
use common::*;
use serde_json::{json, Value};
use synccentral_api::editor::{self, EditorInput};
use synccentral_api::setup;
use synccentral_salesforce::Operation;

#[test]
fn an_org_sample_names_each_contacts_parents_and_auto_map_links_them_by_name() {
    let env = start_app_org("org-sample");
    env.configure(&json!({
        "format": "sync-central/1",
        "connections": [env.org_connection("org")],
        "remoteSites": [env.org_url],
        "options": [{"name": "copy", "direction": "import",
            "source": {"connection": "org", "object": "Contact"},
            "target": {"connection": "org", "object": "Contact", "operation": "insert"},
            "mapping": {"fields": [{"source": "LastName", "target": "LastName"}]}}]
    }));
    env.rt.block_on(async {
        let client = org_client(&env.org_url).await;
        let accounts = client
            .write_collections(&Operation::Insert, "Account", &[json!({"Name": "Acme"})], 1)
            .await;
        let account = accounts[0].id.clone().expect("the account is written");
        let contacts = [
            json!({"LastName": "Lovelace", "Email": "ada@example.com", "AccountId": account}),
            json!({"LastName": "Turing", "Email": "alan@example.com"}),
        ];
        let written = client
            .write_collections(&Operation::Insert, "Contact", &contacts, 1)
            .await;
        assert!(written.iter().all(|r| r.success), "{written:?}");
    });

    let s = setup::org_sample(&env.app, "org", "Contact", Some("LastName != null"), 5).unwrap();
    assert!(s.soql.contains(", Account.Name"), "{}", s.soql);
    let ada = s
        .records
        .iter()
        .find(|r| r["LastName"] == "Lovelace")
        .expect("Lovelace is read");
    assert_eq!(ada["Account"], json!({"Name": "Acme"}), "{ada}");
    assert!(s.fields.iter().any(|f| f.path == "Account.Name"));

    let describe = setup::describe_object_json(&env.app, "org", "Contact").unwrap();
    let input = |source_is_org| EditorInput {
        mapping: json!({"fields": []}),
        sample: Value::Array(s.records.clone()).to_string(),
        records_path: None,
        describe: Some(describe.clone()),
        operation: synccentral_engine::Operation::Insert,
        source_is_org,
    };
    let from_org = editor::suggest_mapping(&input(Some(true))).unwrap();
    let account = from_org
        .fields
        .iter()
        .find(|f| f.target == "AccountId")
        .unwrap_or_else(|| panic!("no AccountId suggestion: {from_org:#?}"));
    assert_eq!(account.source, "Account.Name");
    assert_eq!(
        account.transforms[0].transform,
        json!({"reference": {"object": "Account", "matchOn": "Name"}})
    );
    assert!(from_org.fields.iter().all(|f| f.source != "AccountId"));
    assert!(from_org.unmatched_sources.iter().any(|u| u == "AccountId"));

    // Told nothing, auto-map reads the sample as an API's: `AccountId` by its name.
    let plain = editor::suggest_mapping(&input(None)).unwrap();
    assert!(plain
        .fields
        .iter()
        .any(|f| f.source == "AccountId" && f.target == "AccountId"));

    // The option editor of an import from an org says so, for its auto-map.
    let w = synccentral_api::options::option_workspace(&env.app, "copy").unwrap();
    assert!(w.source_is_org);
    assert!(w.sample.contains("\"Account\""), "{}", w.sample);
}
