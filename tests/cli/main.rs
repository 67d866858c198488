//! End-to-end tests of the `synccentral` binary: preview, mapping check, mapping test, map,
//! the workspace's configuration and runs, run as a user runs them, on the bundled samples
//! and on broken input.

mod config;
mod connections;
mod diff;
mod orch;
mod orgs;
mod run;
mod samples;
mod settings;
mod suggest;
mod undo;
mod users;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(rel: &str) -> String {
    root().join("fixtures").join(rel).display().to_string()
}

fn sc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synccentral"))
        .args(args)
        .output()
        .expect("synccentral runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

fn codes(record: &Value) -> Vec<(String, String)> {
    record["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn demo_preview_maps_the_contacts_sample_and_flags_the_broken_record() {
    let out = sc(&["preview", "--demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["object"], "Contact");
    assert_eq!(
        report["summary"],
        serde_json::json!({"total": 3, "valid": 2, "invalid": 1})
    );
    let joe = &report["records"][0];
    assert_eq!(joe["errors"], serde_json::json!([]));
    assert_eq!(joe["fields"]["Birthdate"], "1985-07-04");
    assert_eq!(joe["fields"]["Salutation"], "Mr.");
    assert_eq!(joe["fields"]["Score__c"], 87.5);
    assert_eq!(joe["fields"]["HasOptedOutOfEmail"], false);
    assert_eq!(joe["fields"]["Languages__c"], "English;French");
    assert_eq!(joe["fields"]["Last_Seen__c"], "2024-07-30T18:54:16.000Z");
    assert_eq!(
        joe["fields"]["Account"],
        serde_json::json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"})
    );
    let keys: Vec<&String> = joe["fields"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys[..3],
        ["Contact_Id__c", "FirstName", "LastName"],
        "fields keep mapping order"
    );
    let ana = &report["records"][1];
    assert_eq!(ana["fields"]["LastName"], "De La Cruz");
    assert_eq!(ana["fields"]["Email"], "ana@example.org");
    assert!(
        !ana["fields"].as_object().unwrap().contains_key("Phone"),
        "skipNull leaves a null phone out"
    );
    let li = codes(&report["records"][2]);
    for expected in [
        ("LastName", "VALIDATION_FAILED"),
        ("Email", "INVALID_EMAIL_ADDRESS"),
        ("Score__c", "CONVERT_FAILED"),
        ("HasOptedOutOfEmail", "CONVERT_FAILED"),
        ("Languages__c", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"),
    ] {
        assert!(
            li.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} missing from {li:?}"
        );
    }
}

#[test]
fn preview_as_a_table_shows_each_error_under_its_field() {
    let out = sc(&["preview", "--demo", "--format", "table"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("Contact: 3 records, 2 valid, 1 invalid"),
        "{text}"
    );
    let email_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("Email") && l.contains("\"li@\""))
        .expect(&text);
    let next = text.lines().nth(email_line + 1).unwrap();
    assert!(
        next.contains("✗ INVALID_EMAIL_ADDRESS: Email: invalid email address: li@"),
        "{next}"
    );
}

#[test]
fn preview_of_invoices_and_payments_samples_with_their_describes() {
    let inv = sc(&[
        "preview",
        "--mapping",
        &fixture("mappings/invoices.mapping.json"),
        "--sample",
        &fixture("samples/api/invoices.json"),
        "--describe",
        &fixture("samples/describe/Invoice__c.json"),
        "--records-path",
        "$.invoices",
    ]);
    assert_eq!(inv.status.code(), Some(0), "{}", stderr(&inv));
    let report = json(&inv);
    assert_eq!(report["summary"]["total"], 3);
    assert_eq!(report["records"][0]["fields"]["Amount__c"], 1250.5);
    assert_eq!(report["records"][0]["fields"]["Currency__c"], "USD");
    assert_eq!(report["records"][1]["fields"]["Paid__c"], true);
    assert_eq!(
        codes(&report["records"][2]),
        vec![(
            "Status__c".to_string(),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST".to_string()
        )]
    );

    let pay = sc(&[
        "preview",
        "--mapping",
        &fixture("mappings/payments.mapping.json"),
        "--sample",
        &fixture("samples/api/payments.json"),
        "--describe",
        &fixture("samples/describe/Payment__c.json"),
        "--records-path",
        "items",
        "--operation",
        "insert",
    ]);
    assert_eq!(pay.status.code(), Some(0), "{}", stderr(&pay));
    let report = json(&pay);
    assert_eq!(
        report["summary"],
        serde_json::json!({"total": 3, "valid": 3, "invalid": 0})
    );
    assert_eq!(report["records"][2]["fields"]["Amount__c"], 99.99);
    assert_eq!(
        report["records"][2]["fields"]["Paid_At__c"],
        "2024-06-04T05:00:00.000Z"
    );
    assert_eq!(report["records"][2]["fields"]["Method__c"], "Card");
}

#[test]
fn mapping_test_runs_the_cases_each_bundled_mapping_carries() {
    for (mapping, describe) in [
        (
            "demo/contacts.mapping.json",
            "samples/describe/Contact.json",
        ),
        (
            "mappings/invoices.mapping.json",
            "samples/describe/Invoice__c.json",
        ),
        (
            "mappings/payments.mapping.json",
            "samples/describe/Payment__c.json",
        ),
    ] {
        let out = sc(&[
            "mapping",
            "test",
            &fixture(mapping),
            "--describe",
            &fixture(describe),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{mapping}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        assert!(
            stdout(&out).contains(" passed, 0 failed"),
            "{}",
            stdout(&out)
        );
    }
}

#[test]
fn a_failing_mapping_test_says_which_field_differs_and_how() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(
        &dir,
        "m.json",
        r#"{"fields": [{"source": "n", "target": "LastName", "transforms": [{"modify": "upper"}]}],
            "tests": [{"name": "keeps case", "input": {"n": "Tester"}, "expect": {"LastName": "Tester"}}]}"#,
    );
    let out = sc(&["mapping", "test", &m]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL keeps case"), "{text}");
    assert!(
        text.contains(r#"LastName: expected "Tester", got "TESTER""#),
        "{text}"
    );
    assert!(text.contains("0 passed, 1 failed"), "{text}");
}

#[test]
fn mapping_check_lists_ten_mistakes_at_once_with_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(
        &dir,
        "ten.json",
        r#"{
  "object": "Contact",
  "fields": [
    {"source": "a", "target": "LastName", "transforms": [{"modify": "shout"}]},
    {"source": "b", "target": "Email", "transforms": [{"calc": "ROUND(value * , 2)"}]},
    {"source": "c", "target": "Phone", "transforms": [{"upper": true}]},
    {"source": "d", "target": "Title", "transforms": [{"truncate": -3}]},
    {"source": "e", "target": "FirstName", "transforms": [{"replace": {"pattern": "(", "with": ""}}]},
    {"source": "f", "target": "Birthdate", "transforms": [{"convert": "calendar"}]},
    {"source": "g[", "target": "Title"},
    {"source": "h", "targte": "Department"},
    {"source": "i", "target": "AccountId", "transforms": [{"reference": {"object": "Account"}}]},
    {"source": "j", "target": "Salutation", "transforms": [{"split": {"separator": ""}}]}
  ]
}"#,
    );
    let out = sc(&["mapping", "check", "--mapping", &m]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("10 problems") || text.contains("11 problems"),
        "{text}"
    );
    for pointer in [
        "/fields/0/transforms/0",
        "/fields/1/transforms/0",
        "/fields/2/transforms/0",
        "/fields/3/transforms/0",
        "/fields/4/transforms/0",
        "/fields/5/transforms/0",
        "/fields/6/source",
        "/fields/7",
        "/fields/8/transforms/0",
        "/fields/9/transforms/0",
    ] {
        assert!(text.contains(pointer), "{pointer} missing from:\n{text}");
    }
    assert!(
        text.contains("column"),
        "calc errors give their column:\n{text}"
    );

    // The same mapping cannot be previewed: unusable input, exit 2, all problems listed.
    let prev = sc(&[
        "preview",
        "--mapping",
        &m,
        "--sample",
        &fixture("samples/api/contacts.json"),
    ]);
    assert_eq!(prev.status.code(), Some(2));
    assert!(
        stderr(&prev).contains("INVALID_MAPPING")
            && stderr(&prev).contains("/fields/9/transforms/0"),
        "{}",
        stderr(&prev)
    );
}

#[test]
fn mapping_check_against_a_describe_reports_unknown_and_read_only_fields() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(
        &dir,
        "m.json",
        r#"{"name": "Name", "last": "LastNme", "id": "Contact_Id__c"}"#,
    );
    let out = sc(&[
        "mapping",
        "check",
        "--mapping",
        &m,
        "--describe",
        &fixture("samples/describe/Contact.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("/name/target") && text.contains("read-only"),
        "{text}"
    );
    assert!(
        text.contains("/last/target") && text.contains("did you mean LastName?"),
        "{text}"
    );
    let ok = sc(&[
        "mapping",
        "check",
        "--mapping",
        &fixture("demo/contacts.mapping.json"),
        "--describe",
        &fixture("samples/describe/Contact.json"),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
}

#[test]
fn invalid_json_in_any_file_names_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(&dir, "bad.json", "{\n  \"data\": [1, 2,,]\n}");
    let mapping = fixture("demo/contacts.mapping.json");
    let sample = fixture("samples/api/contacts.json");
    for args in [
        vec!["mapping", "check", "--mapping", &bad],
        vec!["map", "--mapping", &mapping, "--input", &bad],
        vec!["preview", "--mapping", &bad, "--sample", &sample],
        vec!["preview", "--mapping", &mapping, "--sample", &bad],
        vec![
            "preview",
            "--mapping",
            &mapping,
            "--sample",
            &sample,
            "--describe",
            &bad,
        ],
    ] {
        let out = sc(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("INVALID_JSON")
                && err.contains("bad.json")
                && err.contains("line 2, column 17"),
            "{err}"
        );
    }
}

#[test]
fn a_describe_that_is_not_a_describe_and_a_missing_file_are_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    let not_describe = write(&dir, "d.json", r#"{"records": []}"#);
    let out = sc(&["preview", "--demo"]);
    assert_eq!(out.status.code(), Some(0));
    let out = sc(&[
        "preview",
        "--mapping",
        &fixture("demo/contacts.mapping.json"),
        "--sample",
        &fixture("samples/api/contacts.json"),
        "--describe",
        &not_describe,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("INVALID_DESCRIBE")
            && stderr(&out).contains("not a Salesforce describe"),
        "{}",
        stderr(&out)
    );
    let missing = sc(&[
        "preview",
        "--mapping",
        "/nonexistent/m.json",
        "--sample",
        &fixture("samples/api/contacts.json"),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read /nonexistent/m.json"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_records_path_that_finds_nothing_suggests_where_the_records_are() {
    let out = sc(&[
        "preview",
        "--mapping",
        &fixture("demo/contacts.mapping.json"),
        "--sample",
        &fixture("samples/api/contacts.json"),
        "--records-path",
        "$.items",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("found nothing") && stderr(&out).contains("$.data"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_mapping_for_another_object_than_the_describe_is_refused() {
    let out = sc(&[
        "preview",
        "--mapping",
        &fixture("demo/contacts.mapping.json"),
        "--sample",
        &fixture("samples/api/contacts.json"),
        "--describe",
        &fixture("samples/describe/Account.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("OBJECT_MISMATCH"), "{}", stderr(&out));
}

#[test]
fn map_writes_the_records_to_send_and_the_rejected_ones_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.json");
    let rejects = dir.path().join("rejects.json");
    let out = sc(&[
        "map",
        "--mapping",
        &fixture("demo/contacts.mapping.json"),
        "--input",
        &fixture("samples/api/contacts.json"),
        "--records-path",
        "$.data",
        "--describe",
        &fixture("samples/describe/Contact.json"),
        "--out",
        &out_path.display().to_string(),
        "--rejects",
        &rejects.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 records mapped, 1 rejected"),
        "{}",
        stderr(&out)
    );
    let records: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 2);
    assert_eq!(records[1]["LastName"], "De La Cruz");
    let rejected: Value = serde_json::from_slice(&std::fs::read(&rejects).unwrap()).unwrap();
    assert_eq!(rejected[0]["index"], 2);
}
