//! Tests of auto-map: which source paths are matched to which fields, and the transforms
//! and reasons proposed for their sample values.

use super::*;
use crate::preview::{preview, select_records};
use crate::Operation;

const CONTACT: &str = include_str!("../../../../fixtures/samples/describe/Contact.json");
const ACCOUNT: &str = include_str!("../../../../fixtures/samples/describe/Account.json");
const INVOICE: &str = include_str!("../../../../fixtures/samples/describe/Invoice__c.json");
const PAYMENT: &str = include_str!("../../../../fixtures/samples/describe/Payment__c.json");
const CONTACTS: &str = include_str!("../../../../fixtures/samples/api/contacts.json");
const INVOICES: &str = include_str!("../../../../fixtures/samples/api/invoices.json");
const PAYMENTS: &str = include_str!("../../../../fixtures/samples/api/payments.json");

fn describe(text: &str) -> Describe {
    Describe::from_json_str(text).unwrap()
}

/// A describe of `Thing__c` with the given fields (type, length and flags per field).
fn thing(fields: Value) -> Describe {
    Describe::from_value(&json!({"name": "Thing__c", "label": "Thing", "fields": fields})).unwrap()
}

fn sample(text: &str, path: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap();
    v.pointer(path).unwrap().clone()
}

fn run(records: &Value, d: &Describe) -> Suggestions {
    let refs: Vec<&Value> = records.as_array().unwrap().iter().collect();
    suggest(&refs, d, &SuggestOptions::default())
}

fn field<'a>(s: &'a Suggestions, source: &str) -> &'a SuggestedField {
    s.fields
        .iter()
        .find(|f| f.source == source)
        .unwrap_or_else(|| panic!("no suggestion for {source}: {s:#?}"))
}

fn transforms(s: &Suggestions, source: &str) -> Vec<Value> {
    field(s, source)
        .transforms
        .iter()
        .map(|t| t.transform.clone())
        .collect()
}

fn reason(s: &Suggestions, source: &str, i: usize) -> String {
    field(s, source).transforms[i].reason.clone()
}

#[test]
fn contacts_are_matched_by_name_label_words_and_relationship() {
    let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
    let pairs: Vec<(&str, &str, MatchKind)> = s
        .fields
        .iter()
        .map(|f| (f.source.as_str(), f.target.as_str(), f.matched_by))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("id", "Contact_Id__c", MatchKind::Normalised),
            ("name-first", "FirstName", MatchKind::Normalised),
            ("name-last", "LastName", MatchKind::Normalised),
            ("title", "Title", MatchKind::ApiName),
            ("email", "Email", MatchKind::ApiName),
            ("phone", "Phone", MatchKind::ApiName),
            ("company.id", "AccountId", MatchKind::Relationship),
            ("languages", "Languages__c", MatchKind::Label),
            ("score", "Score__c", MatchKind::Label),
            ("last_seen", "Last_Seen__c", MatchKind::Normalised),
        ]
    );
    assert_eq!(
        s.unmatched_sources,
        vec!["born", "company.name", "opted_out"]
    );
    assert!(field(&s, "id").reason.contains("only external ID field"));
    assert!(field(&s, "name-first").reason.contains("same words"));
}

#[test]
fn every_suggestion_for_the_bundled_samples_compiles_against_its_describe() {
    for (text, path, d, object) in [
        (CONTACTS, "/data", CONTACT, "Contact"),
        (INVOICES, "/invoices", INVOICE, "Invoice__c"),
        (PAYMENTS, "/items", PAYMENT, "Payment__c"),
    ] {
        let d = describe(d);
        let s = run(&sample(text, path), &d);
        assert!(!s.fields.is_empty(), "{object}: nothing suggested");
        for f in &s.fields {
            let one = json!({"fields": [field_json(f)]});
            assert!(
                mapping::compile(&one, Some(&d)).is_ok(),
                "{object}: {f:?} does not compile"
            );
        }
        let doc = to_mapping(&s, object);
        assert_eq!(doc["object"], object);
        let compiled = mapping::compile(&doc, Some(&d)).expect("the whole mapping compiles");
        assert_eq!(compiled.fields.len(), s.fields.len());
    }
}

#[test]
fn accepting_the_contact_suggestions_leaves_the_first_two_records_valid() {
    let d = describe(CONTACT);
    let all: Value = serde_json::from_str(CONTACTS).unwrap();
    let records = select_records(&all, Some("$.data")).unwrap();
    let s = suggest(&records, &d, &SuggestOptions::default());
    let m = mapping::compile(&to_mapping(&s, "Contact"), Some(&d)).unwrap();
    let report = preview(&m, &records, Some(&d), Operation::Upsert);
    assert_eq!(report.records[0].errors, vec![], "Joe Tester");
    assert_eq!(report.records[1].errors, vec![], "ana de la cruz");
    assert_eq!(
        report.records[0].fields["Account"],
        json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"})
    );
    assert_eq!(report.records[0].fields["Languages__c"], "English;French");
    assert_eq!(
        report.records[1].fields["Last_Seen__c"],
        "2024-08-01T07:00:00.000Z"
    );
}

#[test]
fn text_holding_numbers_is_converted_to_number_or_integer() {
    let s = run(
        &sample(INVOICES, "/invoices"),
        &thing(json!([
            {"name": "Total__c", "type": "currency"},
            {"name": "Count__c", "type": "int"}
        ])),
    );
    assert_eq!(transforms(&s, "total"), vec![json!({"convert": "number"})]);
    assert!(reason(&s, "total", 0).contains("\"1250.50\""), "{s:?}");
    let s = run(
        &json!([{"count": "12"}, {"count": 3}]),
        &thing(json!([{"name": "Count__c", "type": "int"}])),
    );
    assert_eq!(transforms(&s, "count"), vec![json!({"convert": "integer"})]);
}

#[test]
fn all_records_are_looked_at_not_only_the_first() {
    // The first score is a JSON number; the second is text.
    let s = run(
        &json!([{"score": 92}, {"score": "87.5"}]),
        &describe(CONTACT),
    );
    assert_eq!(transforms(&s, "score"), vec![json!({"convert": "number"})]);
    assert!(reason(&s, "score", 0).contains("\"87.5\" is text"));
}

#[test]
fn a_fraction_for_a_whole_number_field_is_explained() {
    let s = run(
        &json!([{"employees": 12}, {"employees": 2.5}]),
        &describe(ACCOUNT),
    );
    // Employees is the label of NumberOfEmployees (int).
    assert_eq!(field(&s, "employees").target, "NumberOfEmployees");
    assert_eq!(
        transforms(&s, "employees"),
        vec![json!({"calc": "ROUND(value, 0)"})]
    );
    assert!(reason(&s, "employees", 0).contains("2.5 has a fraction"));
}

#[test]
fn day_first_dates_are_detected_from_a_part_above_twelve() {
    let d = thing(json!([{"name": "Born__c", "type": "date"}]));
    let s = run(&json!([{"born": "04/07/1985"}, {"born": "31/12/1990"}]), &d);
    assert_eq!(
        transforms(&s, "born"),
        vec![json!({"convert": {"to": "date", "format": "%d/%m/%Y"}})]
    );
    assert!(reason(&s, "born", 0).contains("day-first (31 > 12)"));
}

#[test]
fn month_first_dates_are_detected_from_a_second_part_above_twelve() {
    let d = thing(json!([{"name": "Born__c", "type": "date"}]));
    let s = run(&json!([{"born": "04/07/1985"}, {"born": "12/31/1990"}]), &d);
    assert_eq!(
        transforms(&s, "born"),
        vec![json!({"convert": {"to": "date", "format": "%m/%d/%Y"}})]
    );
    let s = run(&json!([{"born": "07-31-1985"}]), &d);
    assert_eq!(
        transforms(&s, "born"),
        vec![json!({"convert": {"to": "date", "format": "%m-%d-%Y"}})]
    );
}

#[test]
fn ambiguous_dates_are_read_day_first_and_the_reason_says_so() {
    let d = thing(json!([{"name": "Born__c", "type": "date"}]));
    let s = run(&json!([{"born": "04/07/1985"}]), &d);
    assert_eq!(
        transforms(&s, "born"),
        vec![json!({"convert": {"to": "date", "format": "%d/%m/%Y"}})]
    );
    assert!(reason(&s, "born", 0).contains("read as day-first"));
    assert!(reason(&s, "born", 0).contains("%m/%d/%Y"));
}

#[test]
fn other_date_formats_are_detected() {
    let d = thing(json!([{"name": "Born__c", "type": "date"}]));
    for (value, format) in [
        ("1985/07/04", "%Y/%m/%d"),
        ("04.07.1985", "%d.%m.%Y"),
        ("31-12-1990", "%d-%m-%Y"),
    ] {
        let s = run(&json!([{"born": value}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            vec![json!({"convert": {"to": "date", "format": format}})],
            "{value}"
        );
    }
    let s = run(&json!([{"born": "1985-07-04"}]), &d);
    assert_eq!(
        transforms(&s, "born"),
        Vec::<Value>::new(),
        "ISO needs nothing"
    );
}

#[test]
fn detected_date_formats_convert_the_sample_values() {
    let d = thing(json!([{"name": "Born__c", "type": "date"}]));
    let records = json!([{"born": "04/07/1985"}, {"born": "31/12/1990"}, {"born": "4/7/1986"}]);
    let refs: Vec<&Value> = records.as_array().unwrap().iter().collect();
    let s = suggest(&refs, &d, &SuggestOptions::default());
    let m = mapping::compile(&to_mapping(&s, "Thing__c"), Some(&d)).unwrap();
    assert_eq!(
        m.apply(&records[0], Some(&d)).fields["Born__c"],
        "1985-07-04"
    );
    assert_eq!(
        m.apply(&records[1], Some(&d)).fields["Born__c"],
        "1990-12-31"
    );
}

#[test]
fn datetimes_without_a_zone_are_read_as_utc() {
    let d = thing(json!([{"name": "Seen__c", "type": "datetime"}]));
    let s = run(&json!([{"seen": "2024-07-30 20:54:16"}]), &d);
    assert_eq!(transforms(&s, "seen"), vec![json!({"convert": "datetime"})]);
    assert!(reason(&s, "seen", 0).contains("read as UTC"));
    assert!(reason(&s, "seen", 0).contains("timezone"));
}

#[test]
fn datetimes_with_offsets_are_normalised_to_utc() {
    let s = run(&sample(PAYMENTS, "/items"), &describe(PAYMENT));
    assert_eq!(field(&s, "paid_at").target, "Paid_At__c");
    assert_eq!(
        transforms(&s, "paid_at"),
        vec![json!({"convert": "datetime"})]
    );
    assert!(reason(&s, "paid_at", 0).contains("normalised to UTC"));
    let d = thing(json!([{"name": "Seen__c", "type": "datetime"}]));
    let s = run(&json!([{"seen": "2024-06-10T14:03:00Z"}]), &d);
    assert_eq!(
        transforms(&s, "seen"),
        Vec::<Value>::new(),
        "UTC needs nothing"
    );
}

#[test]
fn only_values_the_describe_check_takes_as_they_are_go_without_a_convert() {
    let d = thing(json!([
        {"name": "Seen__c", "type": "datetime"},
        {"name": "Born__c", "type": "date"},
        {"name": "Opens__c", "type": "time"}
    ]));
    let needs = |source: &str, value: &str| -> Vec<Value> {
        transforms(&run(&json!([{ source: value }]), &d), source)
    };
    // Salesforce's own forms (a date that is not real is still its form: no convert fixes it).
    for (source, value) in [
        ("seen", "2024-06-10T14:03:00.123Z"),
        ("seen", "2023-02-29T14:03:00Z"),
        ("born", "2024-06-10"),
        ("born", " 2024-06-10 "),
        ("opens", "14:03:00.5Z"),
        ("opens", "25:00:00"),
    ] {
        assert_eq!(needs(source, value), Vec::<Value>::new(), "{value}");
    }
    // Forms the describe check refuses, which convert rewrites into Salesforce's.
    for (source, value, to) in [
        ("seen", "2024-06-10T14:03:00.123456Z", "datetime"),
        ("seen", "2024-06-10T14:03:00z", "datetime"),
        ("seen", "2024-06-10 14:03:00", "datetime"),
        ("born", "20240610", "date"),
        ("born", "2024-06-10T14:03:00Z", "date"),
        ("opens", "14:03:00.123456", "time"),
        ("opens", "14:03", "time"),
    ] {
        assert_eq!(
            needs(source, value),
            vec![json!({"convert": to})],
            "{value}"
        );
    }
}

#[test]
fn non_ascii_date_and_time_values_get_no_panic() {
    let d = thing(json!([
        {"name": "Seen__c", "type": "datetime"},
        {"name": "Born__c", "type": "date"},
        {"name": "Opens__c", "type": "time"}
    ]));
    for value in [
        "2024-01-0é",
        "日本語日本語日本語日本語日本語日本語",
        "14:03:0é",
    ] {
        let s = run(&json!([{"seen": value, "born": value, "opens": value}]), &d);
        assert_eq!(s.fields.len(), 3, "{value}");
    }
}

#[test]
fn restricted_picklist_values_map_to_active_values_ignoring_case() {
    let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
    assert_eq!(field(&s, "currency").target, "Currency__c");
    assert_eq!(
        transforms(&s, "currency"),
        vec![json!({"replace": {"map": {"usd": "USD"}, "ignoreCase": true}})]
    );
    assert!(reason(&s, "currency", 0).contains("usd → USD"));
}

#[test]
fn values_with_no_active_value_get_an_empty_stub_listed_in_the_reason() {
    let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
    assert_eq!(
        transforms(&s, "status"),
        vec![
            json!({"replace": {"map": {"open": "Open", "paid": "Paid", "credit": ""}, "ignoreCase": true}})
        ]
    );
    assert!(reason(&s, "status", 0).contains("no active value for credit"));
}

#[test]
fn a_missing_or_extra_trailing_dot_maps_to_the_active_value() {
    let d = describe(CONTACT);
    let s = run(
        &json!([{"salutation": "Mr"}, {"salutation": "dr"}, {"salutation": "Mrs."}]),
        &d,
    );
    assert_eq!(
        transforms(&s, "salutation"),
        vec![json!({"replace": {"map": {"Mr": "Mr.", "dr": "Dr."}, "ignoreCase": true}})]
    );
    let d = thing(
        json!([{"name": "Kind__c", "type": "picklist", "restrictedPicklist": true,
        "picklistValues": [{"value": "Inc"}]}]),
    );
    let s = run(&json!([{"kind": "Inc."}]), &d);
    assert_eq!(
        transforms(&s, "kind"),
        vec![json!({"replace": {"map": {"Inc.": "Inc"}, "ignoreCase": true}})]
    );
}

#[test]
fn values_longer_than_the_field_are_truncated_to_fit() {
    let d = thing(json!([{"name": "Code__c", "type": "string", "length": 5}]));
    let s = run(&json!([{"code": "abc"}, {"code": "abcdefgh"}]), &d);
    assert_eq!(transforms(&s, "code"), vec![json!({"truncate": "fit"})]);
    assert!(reason(&s, "code", 0).contains("8 characters"));
    assert!(reason(&s, "code", 0).contains("holds 5"));
}

#[test]
fn yes_no_text_for_a_checkbox_is_converted_to_boolean() {
    let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
    // false, true, then the text "false".
    assert_eq!(transforms(&s, "paid"), vec![json!({"convert": "boolean"})]);
    let d = thing(json!([{"name": "Opted_Out__c", "type": "boolean"}]));
    let s = run(
        &json!([{"opted_out": "no"}, {"opted_out": "Y"}, {"opted_out": "maybe"}]),
        &d,
    );
    assert_eq!(
        transforms(&s, "opted_out"),
        vec![json!({"convert": "boolean"})]
    );
    assert!(reason(&s, "opted_out", 0).contains("\"maybe\" is not a boolean"));
}

#[test]
fn lists_for_a_multi_select_are_joined_and_each_element_checked() {
    let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
    assert_eq!(
        transforms(&s, "languages"),
        vec![
            json!({"join": ";"}),
            json!({"replace": {"map": {"Klingon": ""}, "ignoreCase": true}})
        ]
    );
    assert!(reason(&s, "languages", 1).contains("no active value for Klingon"));
    let s = run(
        &json!([{"languages": ["English", "french"]}]),
        &describe(CONTACT),
    );
    assert_eq!(
        transforms(&s, "languages"),
        vec![
            json!({"join": ";"}),
            json!({"replace": {"map": {"french": "French"}, "ignoreCase": true}})
        ]
    );
}

#[test]
fn numbers_for_a_text_field_are_converted_to_text() {
    let d = thing(json!([{"name": "Zip__c", "type": "string", "length": 10}]));
    let s = run(&json!([{"zip": 75001}, {"zip": "75002"}]), &d);
    assert_eq!(transforms(&s, "zip"), vec![json!({"convert": "text"})]);
    assert!(reason(&s, "zip", 0).contains("75001 is not text"));
}

#[test]
fn a_lookup_matched_by_name_gets_a_reference_when_values_are_not_ids() {
    let s = run(&sample(PAYMENTS, "/items"), &describe(PAYMENT));
    assert_eq!(field(&s, "invoice").target, "Invoice__c");
    assert_eq!(field(&s, "invoice").matched_by, MatchKind::Label);
    assert_eq!(
        transforms(&s, "invoice"),
        vec![json!({"reference": {"object": "Invoice__c", "externalId": "External_Id__c"}})]
    );
    let ids = json!([{"account": "001000000000001"}]);
    let s = run(&ids, &describe(INVOICE));
    assert_eq!(field(&s, "account").target, "Account__c");
    assert_eq!(
        transforms(&s, "account"),
        Vec::<Value>::new(),
        "IDs pass as they are"
    );
}

#[test]
fn a_relationship_uses_the_parents_external_id_when_its_describe_is_given() {
    let items = sample(PAYMENTS, "/items");
    let refs: Vec<&Value> = items.as_array().unwrap().iter().collect();
    let s = suggest(
        &refs,
        &describe(PAYMENT),
        &SuggestOptions {
            parents: &[describe(INVOICE)],
            ..SuggestOptions::default()
        },
    );
    assert_eq!(
        transforms(&s, "invoice"),
        vec![json!({"reference": {"object": "Invoice__c", "externalId": "invoice_id__c"}})]
    );
    let invoices = sample(INVOICES, "/invoices");
    let refs: Vec<&Value> = invoices.as_array().unwrap().iter().collect();
    let s = suggest(
        &refs,
        &describe(INVOICE),
        &SuggestOptions {
            parents: &[describe(ACCOUNT)],
            ..SuggestOptions::default()
        },
    );
    let f = field(&s, "customer.account_ref");
    assert_eq!(
        (f.target.as_str(), f.matched_by),
        ("Account__c", MatchKind::Relationship)
    );
    assert_eq!(
        transforms(&s, "customer.account_ref"),
        vec![json!({"reference": {"object": "Account", "externalId": "External_Id__c"}})]
    );
    assert!(!reason(&s, "customer.account_ref", 0).contains("guess"));
}

#[test]
fn a_relationship_without_the_parents_describe_guesses_external_id_c() {
    let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
    assert_eq!(
        transforms(&s, "company.id"),
        vec![json!({"reference": {"object": "Account", "externalId": "External_Id__c"}})]
    );
    assert!(reason(&s, "company.id", 0).contains("guess"));
    // `company.name` is not a key: never a relationship.
    assert!(s.unmatched_sources.contains(&"company.name".to_string()));
}

#[test]
fn api_name_beats_label_beats_normalised_beats_relationship() {
    // One target, three sources matching it three ways: the best kind wins wherever
    // its source comes in the record.
    let d = thing(json!([
        {"name": "Seen_On__c", "label": "Last Visit", "type": "string", "length": 20}
    ]));
    let s = run(
        &json!([{"seen-on": "a", "Last Visit": "b", "seen_on__c": "c"}]),
        &d,
    );
    let pairs: Vec<(&str, MatchKind)> = s
        .fields
        .iter()
        .map(|f| (f.source.as_str(), f.matched_by))
        .collect();
    assert_eq!(pairs, vec![("seen_on__c", MatchKind::ApiName)]);
    assert_eq!(s.unmatched_sources, vec!["seen-on", "Last Visit"]);
    let s = run(&json!([{"seen-on": "a", "Last Visit": "b"}]), &d);
    let pairs: Vec<(&str, MatchKind)> = s
        .fields
        .iter()
        .map(|f| (f.source.as_str(), f.matched_by))
        .collect();
    assert_eq!(pairs, vec![("Last Visit", MatchKind::Label)]);
    let s = run(&json!([{"seen-on": "a"}]), &d);
    assert_eq!(field(&s, "seen-on").matched_by, MatchKind::Normalised);
    // A normalised match takes a lookup before a relationship path can.
    let d = describe(CONTACT);
    let s = run(&json!([{"account.id": "x", "accountid": "A-1"}]), &d);
    assert_eq!(field(&s, "accountid").target, "AccountId");
    assert!(
        s.unmatched_sources.contains(&"$['account.id']".to_string()),
        "{s:?}"
    );
}

#[test]
fn one_target_is_never_matched_twice() {
    let s = run(
        &json!([{"email": "a@b.co", "EMAIL": "c@d.co", "e-mail": "x@y.z"}]),
        &describe(CONTACT),
    );
    let emails: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| f.target == "Email")
        .map(|f| f.source.as_str())
        .collect();
    assert_eq!(emails, vec!["email"]);
    assert_eq!(s.unmatched_sources, vec!["EMAIL", "e-mail"]);
}

#[test]
fn existing_mappings_are_never_overwritten_nor_proposed_again() {
    let d = describe(CONTACT);
    let existing = mapping::compile(
        &json!({"fields": [
            {"source": "$.email", "target": "Description"},
            {"source": "name-first", "target": "LastName"},
            {"source": "company.name", "target": "Account",
             "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
        ]}),
        Some(&d),
    )
    .unwrap();
    let data = sample(CONTACTS, "/data");
    let refs: Vec<&Value> = data.as_array().unwrap().iter().collect();
    let s = suggest(
        &refs,
        &d,
        &SuggestOptions {
            existing: Some(&existing),
            ..SuggestOptions::default()
        },
    );
    let sources: Vec<&str> = s.fields.iter().map(|f| f.source.as_str()).collect();
    assert!(
        !sources.contains(&"email") && !sources.contains(&"name-first"),
        "{sources:?}"
    );
    let targets: Vec<&str> = s.fields.iter().map(|f| f.target.as_str()).collect();
    assert!(
        !targets.contains(&"LastName") && !targets.contains(&"AccountId"),
        "{targets:?}"
    );
    // name-last no longer has LastName; company.id no longer has the Account lookup.
    assert!(s.unmatched_sources.contains(&"name-last".to_string()));
    assert!(s.unmatched_sources.contains(&"company.id".to_string()));
    assert!(!s.unmatched_sources.contains(&"email".to_string()));
    let merged = merge_into(Some(&json!({"email": "Description"})), &s, "Contact");
    assert_eq!(merged["object"], "Contact");
    assert_eq!(
        merged["fields"][0],
        json!({"source": "email", "target": "Description"})
    );
}

#[test]
fn read_only_formula_audit_and_id_fields_are_never_targets() {
    let d = thing(json!([
        {"name": "Id", "type": "id", "createable": false, "updateable": false},
        {"name": "CreatedDate", "type": "datetime", "createable": false, "updateable": false},
        {"name": "Locked__c", "label": "Locked", "type": "string", "createable": false, "updateable": false},
        {"name": "Balance__c", "type": "currency", "calculated": true, "createable": false, "updateable": false},
        {"name": "Formula__c", "type": "string", "calculated": true},
        {"name": "Later__c", "type": "string", "createable": false, "updateable": true}
    ]));
    let s = run(
        &json!([{"Id": "a", "createddate": "2024-01-01", "locked": "x", "balance": 1, "formula": "f", "later": "l"}]),
        &d,
    );
    let targets: Vec<&str> = s.fields.iter().map(|f| f.target.as_str()).collect();
    assert_eq!(targets, vec!["Later__c"], "only the updateable field");
    assert_eq!(
        s.unmatched_sources,
        vec!["Id", "createddate", "locked", "balance", "formula"]
    );
}

#[test]
fn source_paths_are_leaves_with_arrays_of_objects_at_index_zero() {
    let d = thing(json!([{"name": "Sku__c", "type": "string", "length": 20}]));
    let s = run(
        &json!([
            {"lines": [{"sku": "A"}, {"sku": "B"}], "tags": ["x"], "a.b": 1, "meta": {}},
            {"lines": [], "extra": true}
        ]),
        &d,
    );
    assert!(s.fields.is_empty(), "a [0] path is not auto-matched: {s:?}");
    assert_eq!(
        s.unmatched_sources,
        vec!["lines[0].sku", "tags", "$['a.b']", "extra"]
    );
}
