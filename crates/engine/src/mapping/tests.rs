//! Tests of the mapping format: shorthand and full form, the problems reported with their
//! pointers, and records mapped.

use super::*;
use serde_json::json;

fn contact() -> Describe {
    Describe::from_json_str(include_str!(
        "../../../../fixtures/samples/describe/Contact.json"
    ))
    .unwrap()
}

fn map(doc: Value, record: Value) -> MappedRecord {
    compile(&doc, None).unwrap().apply(&record, None)
}

fn pointers(doc: Value) -> Vec<String> {
    compile(&doc, None)
        .unwrap_err()
        .into_iter()
        .map(|i| i.pointer)
        .collect()
}

#[test]
fn shorthand_maps_source_keys_to_targets_in_order() {
    let out = map(
        json!({"name-last": "LastName", "email": "Email", "company.id": "Account_Ref__c"}),
        json!({"email": "a@b.co", "name-last": "Tester", "company": {"id": "A-1"}}),
    );
    assert_eq!(
        serde_json::to_string(&out.fields).unwrap(),
        r#"{"LastName":"Tester","Email":"a@b.co","Account_Ref__c":"A-1"}"#
    );
}

#[test]
fn a_missing_source_value_is_null() {
    let out = map(json!({"phone": "Phone"}), json!({}));
    assert_eq!(out.fields["Phone"], Value::Null);
}

#[test]
fn skip_nulls_leaves_null_targets_out_mapping_wide_and_per_field() {
    let doc = json!({"skipNulls": true, "fields": [
        {"source": "a", "target": "A__c"},
        {"source": "b", "target": "B__c", "skipNull": false},
        {"source": "c", "target": "C__c"}
    ]});
    let out = map(doc, json!({"c": 1}));
    assert!(!out.fields.contains_key("A__c"));
    assert_eq!(out.fields["B__c"], Value::Null);
    assert_eq!(out.fields["C__c"], json!(1));
    let per_field = map(
        json!({"fields": [{"source": "x", "target": "X__c", "skipNull": true}]}),
        json!({}),
    );
    assert!(per_field.fields.is_empty());
}

#[test]
fn constants_and_multi_source_values() {
    let doc = json!({"fields": [
        {"value": "Web", "target": "LeadSource"},
        {"source": ["first", "last"], "target": "Description"}
    ]});
    let out = map(doc, json!({"first": "Joe", "last": "Tester"}));
    assert_eq!(out.fields["LeadSource"], json!("Web"));
    assert_eq!(out.fields["Description"], json!(["Joe", "Tester"]));
}

#[test]
fn a_jsonpath_selecting_several_nodes_is_an_error_for_that_record_only() {
    let m = compile(&json!({"fields": [{"source": "$.tags[*]", "target": "Tags__c"}, {"source": "id", "target": "Id__c"}]}), None).unwrap();
    let bad = m.apply(&json!({"id": 1, "tags": ["a", "b"]}), None);
    assert_eq!(bad.errors.len(), 1);
    assert_eq!(bad.errors[0].code, ErrorCode::AmbiguousPath);
    assert!(
        bad.errors[0].message.contains("selected 2 values"),
        "{}",
        bad.errors[0].message
    );
    assert_eq!(bad.fields["Id__c"], json!(1));
    let good = m.apply(&json!({"id": 2, "tags": ["a"]}), None);
    assert!(good.errors.is_empty());
    assert_eq!(good.fields["Tags__c"], json!("a"));
}

#[test]
fn every_structural_problem_is_reported_with_its_pointer() {
    let doc = json!({
        "object": 7,
        "skipNulls": "yes",
        "colour": "blue",
        "fields": [
            {"source": "a"},
            {"target": "B__c"},
            {"source": "a", "value": 1, "target": "C__c"},
            {"source": "a[x]", "target": "D__c"},
            {"source": ["ok", 5], "target": "E__c"},
            {"source": "f", "target": "F__c", "transforms": {"modify": "upper"}},
            {"source": "g", "target": "G__c", "skipNull": 1, "extra": true},
            "not a field",
            {"source": "h", "target": "H__c"},
            {"source": "i", "target": "h__c"}
        ],
        "tests": [{"expect": {}}]
    });
    assert_eq!(
        pointers(doc),
        vec![
            "/colour",
            "/object",
            "/skipNulls",
            "/fields/0",
            "/fields/1",
            "/fields/2",
            "/fields/3/source",
            "/fields/4/source/1",
            "/fields/5/transforms",
            "/fields/6/extra",
            "/fields/6/skipNull",
            "/fields/7",
            "/tests/0",
            "/fields/9/target",
        ]
    );
}

#[test]
fn shorthand_values_must_be_target_names() {
    let issues = compile(&json!({"a/b": 3, "ok": "Ok__c"}), None).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].pointer, "/a~1b");
    assert!(issues[0].message.contains("'a/b' maps to a number"));
}

#[test]
fn a_mapping_must_be_an_object() {
    let issues = compile(&json!(["LastName"]), None).unwrap_err();
    assert_eq!(issues[0].pointer, "");
    assert!(issues[0].message.contains("not an array"));
}

#[test]
fn relationship_keys_follow_the_describe_or_salesforce_naming() {
    let d = contact();
    assert_eq!(relationship_key("AccountId", Some(&d)), "Account");
    assert_eq!(relationship_key("Account", Some(&d)), "Account");
    assert_eq!(relationship_key("Invoice__c", None), "Invoice__r");
    assert_eq!(relationship_key("AccountId", None), "Account");
    assert_eq!(relationship_key("Account__r", None), "Account__r");
}

#[test]
fn checking_against_the_describe_finds_unknown_and_read_only_targets() {
    let m = compile(
        &json!({"object": "Account", "fields": [
            {"source": "a", "target": "LastName"},
            {"source": "b", "target": "Lastname_"},
            {"source": "c", "target": "Name"},
            {"source": "d", "target": "Contact_Id"}
        ]}),
        None,
    )
    .unwrap();
    let issues = m.check_against(&contact(), Operation::Insert);
    let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert_eq!(issues.len(), 4, "{text:#?}");
    assert!(text[0].starts_with("/object: the mapping is for Account"));
    assert!(
        text[1].contains("/fields/1/target") && text[1].contains("did you mean LastName?"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("/fields/2/target") && text[2].contains("read-only for insert"),
        "{}",
        text[2]
    );
    assert!(
        text[3].contains("did you mean Contact_Id__c?"),
        "{}",
        text[3]
    );
}

#[test]
fn a_check_reports_a_bad_transform_and_an_unknown_target_in_one_pass() {
    let doc = json!({"fields": [
        {"source": "a", "target": "LastName", "transforms": [{"uper": true}]},
        {"source": "b", "target": "Lastname_"},
        {"source": "c", "target": "Nonsense__c", "transforms": [{"trim": 1, "x": 2}]}
    ]});
    let issues = check(&doc, Some(&contact()), Operation::Insert);
    let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert!(
        text.iter().any(|t| t.contains("/fields/0/transforms/0")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("/fields/1/target") && t.contains("did you mean LastName?")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|t| t.contains("/fields/2/transforms/0")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("/fields/2/target") && t.contains("has no field 'Nonsense__c'")),
        "{text:#?}"
    );
    // The shorthand form too.
    let short = check(
        &json!({"a": "LastName", "b": "Lastname_", "c": 7}),
        Some(&contact()),
        Operation::Insert,
    );
    let text: Vec<String> = short.iter().map(|i| i.to_string()).collect();
    assert!(text.iter().any(|t| t.starts_with("/c:")), "{text:#?}");
    assert!(
        text.iter()
            .any(|t| t.contains("/b/target") && t.contains("did you mean LastName?")),
        "{text:#?}"
    );
}

#[test]
fn calc_may_not_read_more_sources_than_the_field_has() {
    let issues = compile(
        &json!({"fields": [{"source": ["a", "b"], "target": "X__c", "transforms": [{"calc": "$1 * $3"}]}]}),
        None,
    )
    .unwrap_err();
    assert_eq!(issues[0].pointer, "/fields/0/transforms/0");
    assert_eq!(
        issues[0].message,
        "calc reads $3 but this field has 2 sources ($1 to $2)"
    );
    assert!(compile(&json!({"fields": [{"source": ["a", "b"], "target": "X__c", "transforms": [{"calc": "$1 * $2"}]}]}), None).is_ok());
}

#[test]
fn a_misspelt_key_gets_the_nearest_known_one() {
    let issues = compile(
        &json!({"fields": [{"source": "a", "target": "A__c", "trasnforms": []}]}),
        None,
    )
    .unwrap_err();
    assert_eq!(
        issues[0].message,
        "unknown key 'trasnforms' (did you mean 'transforms'?)"
    );
}

#[test]
fn test_cases_are_read_with_defaults() {
    let m = compile(
        &json!({"fields": [{"source": "a", "target": "A__c"}],
                "tests": [{"input": {"a": 1}, "expect": {"A__c": 1}}, {"name": "errs", "input": {}, "expectErrors": ["A__c:CONVERT_FAILED"]}]}),
        None,
    )
    .unwrap();
    assert_eq!(m.tests[0].name, "test 1");
    assert_eq!(
        m.tests[1].expect_errors,
        vec!["A__c:CONVERT_FAILED".to_string()]
    );
}
