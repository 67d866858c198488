//! `synccentral mapping suggest`: auto-map from a sample and a describe, as suggestions or as
//! a mapping that a preview accepts.

use super::{codes, fixture, json, sc, stderr, write};
use serde_json::{json, Value};

fn contacts_args<'a>(sample: &'a str, describe: &'a str) -> Vec<&'a str> {
    vec![
        "mapping",
        "suggest",
        "--sample",
        sample,
        "--records-path",
        "$.data",
        "--describe",
        describe,
    ]
}

fn suggestion<'a>(s: &'a Value, source: &str) -> &'a Value {
    s["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == source)
        .unwrap_or_else(|| panic!("no suggestion for {source}: {s:#}"))
}

#[test]
fn accepting_every_contact_suggestion_previews_the_first_two_records_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (sample, describe) = (
        fixture("samples/api/contacts.json"),
        fixture("samples/describe/Contact.json"),
    );
    let mut args = contacts_args(&sample, &describe);
    args.extend(["--format", "mapping"]);
    let out = sc(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mapping = json(&out);
    assert_eq!(mapping["object"], "Contact");
    let pairs: Vec<(String, String, Value)> = mapping["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_string(),
                f["target"].as_str().unwrap().to_string(),
                f.get("transforms").cloned().unwrap_or(json!([])),
            )
        })
        .collect();
    let has = |source: &str, target: &str, transforms: Value| {
        assert!(
            pairs.contains(&(source.to_string(), target.to_string(), transforms.clone())),
            "{source} → {target} {transforms} not in {pairs:#?}"
        )
    };
    has("email", "Email", json!([]));
    has("phone", "Phone", json!([]));
    has("title", "Title", json!([]));
    has("name-first", "FirstName", json!([]));
    has("name-last", "LastName", json!([]));
    has("id", "Contact_Id__c", json!([]));
    has(
        "languages",
        "Languages__c",
        json!([{"join": ";"}, {"replace": {"map": {"Klingon": ""}, "ignoreCase": true}}]),
    );
    has("score", "Score__c", json!([{"convert": "number"}]));
    has(
        "last_seen",
        "Last_Seen__c",
        json!([{"convert": "datetime"}]),
    );
    has(
        "company.id",
        "AccountId",
        json!([{"reference": {"object": "Account", "externalId": "External_Id__c"}}]),
    );
    let m = write(&dir, "m.json", &mapping.to_string());
    let out = sc(&[
        "preview",
        "--mapping",
        &m,
        "--sample",
        &sample,
        "--describe",
        &describe,
        "--records-path",
        "$.data",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(codes(&report["records"][0]), vec![], "Joe Tester");
    assert_eq!(codes(&report["records"][1]), vec![], "ana de la cruz");
    assert_eq!(report["records"][1]["fields"]["LastName"], "de la cruz");
    assert_eq!(report["records"][0]["fields"]["Score__c"], 87.5);
}

#[test]
fn suggestions_as_json_say_how_each_field_matched_and_why_each_transform() {
    let (sample, describe) = (
        fixture("samples/api/contacts.json"),
        fixture("samples/describe/Contact.json"),
    );
    let out = sc(&contacts_args(&sample, &describe));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = json(&out);
    assert_eq!(suggestion(&s, "email")["matched_by"], "api_name");
    assert_eq!(suggestion(&s, "name-first")["matched_by"], "normalised");
    assert_eq!(suggestion(&s, "company.id")["matched_by"], "relationship");
    let score = &suggestion(&s, "score")["transforms"][0];
    assert_eq!(score["transform"], json!({"convert": "number"}));
    assert!(
        score["reason"].as_str().unwrap().contains("\"87.5\""),
        "{score}"
    );
    let seen = &suggestion(&s, "last_seen")["transforms"][0];
    assert!(seen["reason"].as_str().unwrap().contains("read as UTC"));
    assert_eq!(
        s["unmatched_sources"],
        json!(["born", "company.name", "opted_out"])
    );
}

#[test]
fn an_existing_mapping_is_kept_and_its_sources_and_targets_not_proposed_again() {
    let dir = tempfile::tempdir().unwrap();
    let existing = write(
        &dir,
        "existing.json",
        r#"{"object": "Contact", "fields": [{"source": "born", "target": "Birthdate",
            "transforms": [{"convert": {"to": "date", "format": "%d/%m/%Y"}}]},
            {"source": "email", "target": "Description"}, {"source": "name-first", "target": "Title"}]}"#,
    );
    let (sample, describe) = (
        fixture("samples/api/contacts.json"),
        fixture("samples/describe/Contact.json"),
    );
    let mut args = contacts_args(&sample, &describe);
    args.extend(["--mapping", &existing, "--format", "mapping"]);
    let out = sc(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let m = json(&out);
    let fields = m["fields"].as_array().unwrap();
    assert_eq!(fields[0]["target"], "Birthdate");
    assert_eq!(
        fields[1],
        json!({"source": "email", "target": "Description"})
    );
    let count = |key: &str, v: &str| fields.iter().filter(|f| f[key] == v).count();
    assert_eq!(count("source", "email"), 1);
    assert_eq!(count("target", "Title"), 1);
    assert_eq!(count("source", "title"), 0, "Title is the user's already");
}

#[test]
fn a_parent_describe_gives_the_reference_its_external_id_field() {
    let out = sc(&[
        "mapping",
        "suggest",
        "--sample",
        &fixture("samples/api/payments.json"),
        "--records-path",
        "$.items",
        "--describe",
        &fixture("samples/describe/Payment__c.json"),
        "--parent-describe",
        &fixture("samples/describe/Invoice__c.json"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = json(&out);
    assert_eq!(
        suggestion(&s, "invoice")["transforms"][0]["transform"],
        json!({"reference": {"object": "Invoice__c", "externalId": "invoice_id__c"}})
    );
    assert_eq!(
        suggestion(&s, "method")["transforms"][0]["transform"],
        json!({"replace": {"map": {"card": "Card", "wire": ""}, "ignoreCase": true}})
    );
}

#[test]
fn unusable_input_exits_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(&dir, "broken.json", "{\n  \"data\": [\n");
    let describe = fixture("samples/describe/Contact.json");
    let out = sc(&contacts_args(&broken, &describe));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("INVALID_JSON"), "{}", stderr(&out));
    assert!(stderr(&out).contains("line 3"), "{}", stderr(&out));
    let sample = fixture("samples/api/contacts.json");
    let out = sc(&contacts_args(&sample, &sample));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("INVALID_DESCRIBE"),
        "{}",
        stderr(&out)
    );
    let out = sc(&[
        "mapping",
        "suggest",
        "--sample",
        &sample,
        "--records-path",
        "$.records",
        "--describe",
        &describe,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("INVALID_RECORDS_PATH"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn from_org_sets_lookups_by_the_parents_fields_not_the_other_orgs_ids() {
    let dir = tempfile::tempdir().unwrap();
    let records = json!([{"Id": "0035g00000AbCdE", "LastName": "Lovelace",
                          "AccountId": "0015g00000AbCdE", "Account": {"Name": "Acme"}}]);
    let sample = write(&dir, "contacts.json", &records.to_string());
    let describe = fixture("samples/describe/Contact.json");
    let args = [
        "mapping",
        "suggest",
        "--sample",
        &sample,
        "--describe",
        &describe,
    ];
    let out = sc(&[&args[..], &["--from-org"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = json(&out);
    assert_eq!(
        suggestion(&s, "Account.Name")["transforms"][0]["transform"],
        json!({"reference": {"object": "Account", "matchOn": "Name"}})
    );
    assert!(s["unmatched_sources"]
        .as_array()
        .unwrap()
        .contains(&json!("AccountId")));
    let plain = json(&sc(&args));
    assert_eq!(suggestion(&plain, "AccountId")["target"], "AccountId");
}
