//! Tests of the describe check: each Salesforce error and warning a record can get, with
//! its message and hint, per field type and operation.

use super::*;
use proptest::prelude::*;
use serde_json::json;

const CONTACT: &str = include_str!("../../../../fixtures/samples/describe/Contact.json");
const ACCOUNT: &str = include_str!("../../../../fixtures/samples/describe/Account.json");
const INVOICE: &str = include_str!("../../../../fixtures/samples/describe/Invoice__c.json");
const PAYMENT: &str = include_str!("../../../../fixtures/samples/describe/Payment__c.json");

/// Field types the sample objects do not have: compound, long, percent, time, a
/// polymorphic lookup, inactive picklist values.
const SITE: &str = r#"{"name": "Site__c", "label": "Site", "keyPrefix": "a05", "fields": [
    {"name": "Id", "label": "Record ID", "type": "id", "nillable": false,
     "createable": false, "updateable": false, "defaultedOnCreate": true},
    {"name": "Name", "label": "Site Name", "type": "string", "length": 80},
    {"name": "ShippingAddress", "label": "Shipping Address", "type": "address",
     "createable": false, "updateable": false},
    {"name": "ShippingStreet", "label": "Shipping Street", "type": "textarea", "length": 255},
    {"name": "ShippingCity", "label": "Shipping City", "type": "string", "length": 40},
    {"name": "Spot__c", "label": "Spot", "type": "location"},
    {"name": "Spot__Latitude__s", "label": "Spot (Latitude)", "type": "double",
     "precision": 9, "scale": 6},
    {"name": "Spot__Longitude__s", "label": "Spot (Longitude)", "type": "double",
     "precision": 9, "scale": 6},
    {"name": "Headcount__c", "label": "Headcount", "type": "int", "digits": 10},
    {"name": "Visitors__c", "label": "Visitors", "type": "long"},
    {"name": "Share__c", "label": "Share", "type": "percent", "precision": 5, "scale": 2},
    {"name": "Opens_At__c", "label": "Opens At", "type": "time"},
    {"name": "Owner__c", "label": "Owner", "type": "reference",
     "referenceTo": ["Group", "User"], "relationshipName": "Owner__r"},
    {"name": "Kind__c", "label": "Kind", "type": "picklist", "length": 20,
     "restrictedPicklist": true,
     "picklistValues": [{"value": "Retail"}, {"value": "Legacy", "active": false}]},
    {"name": "Sizes__c", "label": "Sizes", "type": "multipicklist", "length": 100,
     "picklistValues": [{"value": "S"}, {"value": "M"}, {"value": "XL", "active": false}]}
]}"#;

fn describe(text: &str) -> Describe {
    Describe::from_json_str(text).unwrap()
}

fn check(text: &str, record: Value, op: Operation) -> CheckOutcome {
    check_record(&describe(text), record.as_object().unwrap(), op)
}

fn error(field: &str, code: ErrorCode, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// The only error of a record, which must have exactly one.
fn only_error(text: &str, record: Value, op: Operation) -> FieldError {
    let out = check(text, record, op);
    assert_eq!(out.errors.len(), 1, "{:#?}", out.errors);
    out.errors.into_iter().next().unwrap()
}

fn clean(text: &str, record: Value, op: Operation) {
    let out = check(text, record.clone(), op);
    assert!(out.errors.is_empty(), "{record} → {:#?}", out.errors);
}

fn contact_with(key: &str, value: Value) -> Value {
    let mut record = json!({"LastName": "Tester"});
    record[key] = value;
    record
}

fn contact_error(key: &str, value: Value) -> FieldError {
    only_error(CONTACT, contact_with(key, value), Operation::Insert)
}

fn id(object_prefix: &str) -> String {
    id18(&format!("{object_prefix}000000000001")).unwrap()
}

// --- field names -------------------------------------------------------------------

#[test]
fn an_unknown_key_is_invalid_field_like_salesforce_says_it() {
    assert_eq!(
        contact_error("Nickname", json!("Joe")),
        error(
            "Nickname",
            ErrorCode::InvalidField,
            "No such column 'Nickname' on sobject of type Contact"
        )
    );
    let e = only_error(INVOICE, json!({"Amount": 5}), Operation::Upsert);
    assert_eq!(
        e.message,
        "No such column 'Amount' on sobject of type Invoice__c (did you mean 'Amount__c'?)"
    );
}

#[test]
fn keys_match_describe_names_whatever_their_case() {
    clean(
        CONTACT,
        json!({"lastname": "Tester", "EMAIL": "joe@example.com"}),
        Operation::Insert,
    );
    let e = contact_error("EMAIL", json!("li@"));
    assert_eq!(e.field, "EMAIL", "the field is the key as written");
    assert_eq!(e.message, "Email: invalid email address: li@");
}

#[test]
fn one_field_written_twice_in_different_case_is_an_error() {
    let e = only_error(
        CONTACT,
        json!({"LastName": "Tester", "lastname": "Other"}),
        Operation::Insert,
    );
    assert_eq!(
        e,
        error(
            "lastname",
            ErrorCode::InvalidField,
            "Duplicate field: 'lastname' and 'LastName' both name LastName"
        )
    );
}

// --- relationships by external ID ---------------------------------------------------

#[test]
fn a_relationship_by_external_id_sets_the_lookup() {
    let account = json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"});
    clean(CONTACT, contact_with("Account", account), Operation::Insert);
    // attributes are optional when the lookup has a single target
    clean(
        INVOICE,
        json!({"Account__r": {"External_Id__c": "A-100"}}),
        Operation::Insert,
    );
    clean(
        PAYMENT,
        json!({"Invoice__r": {"invoice_id__c": "INV-2024-0001"}, "Amount__c": 500}),
        Operation::Insert,
    );
}

#[test]
fn a_null_relationship_clears_the_lookup() {
    clean(
        CONTACT,
        contact_with("Account", Value::Null),
        Operation::Insert,
    );
    // …which a required lookup cannot be
    let out = check(
        PAYMENT,
        json!({"Invoice__r": null, "Amount__c": 1}),
        Operation::Insert,
    );
    assert_eq!(
        out.errors,
        vec![error(
            "Invoice__c",
            ErrorCode::RequiredFieldMissing,
            "Required fields are missing: [Invoice__c]"
        )]
    );
}

#[test]
fn a_relationship_to_a_type_the_lookup_cannot_hold_is_invalid_field() {
    let e = contact_error(
        "Account",
        json!({"attributes": {"type": "Contact"}, "Contact_Id__c": "c-1"}),
    );
    assert_eq!(
        e,
        error(
            "Account",
            ErrorCode::InvalidField,
            "Account ID: Account cannot reference a Contact: allowed types are Account"
        )
    );
}

#[test]
fn a_relationship_holds_exactly_one_scalar_external_id() {
    let e = contact_error(
        "Account",
        json!({"External_Id__c": "A-100", "Name": "Acme"}),
    );
    assert_eq!(e.code, ErrorCode::JsonParserError);
    assert_eq!(
        e.message,
        r#"Account ID: Account must be an object with one external ID field, like {"attributes": {"type": "Account"}, "<External ID field>": "…"}; got {"External_Id__c":"A-100","Name":"Acme"}"#
    );
    for bad in [
        json!({"attributes": {"type": "Account"}}),
        json!({"External_Id__c": {"value": "A-100"}}),
        json!({"External_Id__c": ["A-100"]}),
        json!({"attributes": "Account", "External_Id__c": "A-100"}),
    ] {
        let e = contact_error("Account", bad.clone());
        assert_eq!(e.code, ErrorCode::JsonParserError, "{bad}");
    }
    let e = contact_error("Account", json!({"External_Id__c": null}));
    assert!(
        e.message
            .ends_with("(the external ID External_Id__c is null: set Account itself to null to clear the lookup)"),
        "{}",
        e.message
    );
}

#[test]
fn a_relationship_with_a_plain_value_suggests_the_reference_transform() {
    let e = contact_error("Account", json!("A-100"));
    assert_eq!(
        e,
        error(
            "Account",
            ErrorCode::InvalidTypeOnFieldInRecord,
            r#"Account ID: value not of required type: A-100 (Account is a relationship: it takes {"attributes": {"type": "Account"}, "<External ID field>": "A-100"}; add a {"reference": …} transform to this field, or map a Salesforce ID to AccountId)"#
        )
    );
}

#[test]
fn a_polymorphic_relationship_needs_its_attributes_first() {
    let e = only_error(
        SITE,
        json!({"Owner__r": {"Username": "a@b.co", "attributes": {"type": "User"}}}),
        Operation::Insert,
    );
    assert_eq!(
        e,
        error(
            "Owner__r",
            ErrorCode::JsonParserError,
            "Nested object for polymorphic foreign key must have an attributes field before any other fields."
        )
    );
    clean(
        SITE,
        json!({"Owner__r": {"attributes": {"type": "User"}, "Username": "a@b.co"}}),
        Operation::Insert,
    );
}

#[test]
fn a_lookup_set_both_by_id_and_by_relationship_is_invalid_field() {
    let record = json!({"LastName": "Tester", "AccountId": id("001"),
                        "Account": {"External_Id__c": "A-100"}});
    assert_eq!(
        only_error(CONTACT, record, Operation::Insert),
        error(
            "Account",
            ErrorCode::InvalidField,
            "Cannot specify both an external ID reference Account and a salesforce id, AccountId"
        )
    );
}

// --- what each operation may write --------------------------------------------------

const UNABLE_NAME: &str = "Unable to create/update fields: Name. Please check the security \
    settings of this field and verify that it is read/write for your profile or permission set.";

#[test]
fn insert_refuses_fields_that_cannot_be_created() {
    assert_eq!(
        contact_error("Name", json!("Joe Tester")),
        error("Name", ErrorCode::InvalidFieldForInsertUpdate, UNABLE_NAME)
    );
    let e = only_error(INVOICE, json!({"Balance__c": 10}), Operation::Insert);
    assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
    assert!(e
        .message
        .starts_with("Unable to create/update fields: Balance__c. "));
}

#[test]
fn update_refuses_fields_that_cannot_be_updated() {
    let record = json!({"Id": id("a02"), "Invoice__c": id("a01")});
    let e = only_error(PAYMENT, record.clone(), Operation::Update);
    assert_eq!(e.field, "Invoice__c");
    assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
    // the same record inserts fine (the Id aside)
    let out = check(
        PAYMENT,
        json!({"Invoice__c": id("a01"), "Amount__c": 5}),
        Operation::Insert,
    );
    assert_eq!(out, CheckOutcome::default());
}

#[test]
fn upsert_warns_about_fields_that_can_be_created_but_not_updated() {
    let out = check(
        PAYMENT,
        json!({"payment_id__c": "PAY-1", "Invoice__r": {"invoice_id__c": "INV-1"}, "Amount__c": 500}),
        Operation::Upsert,
    );
    assert!(out.errors.is_empty(), "{:#?}", out.errors);
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!(w.field, "Invoice__r");
    assert_eq!(w.code, ErrorCode::InvalidFieldForInsertUpdate);
    assert!(w
        .message
        .starts_with("Unable to create/update fields: Invoice__c. "));
    assert!(w
        .message
        .ends_with("updates of existing records will fail)"));
    // not createable at all: an error on upsert too
    let e = only_error(
        PAYMENT,
        json!({"Name": "P-1", "Invoice__c": id("a01"), "Amount__c": 1}),
        Operation::Upsert,
    );
    assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
}

#[test]
fn the_id_is_refused_on_insert_and_required_on_update() {
    assert_eq!(
        contact_error("Id", json!(id("003"))),
        error(
            "Id",
            ErrorCode::InvalidField,
            "The Id field should not be specified in the sobject data."
        )
    );
    clean(
        CONTACT,
        json!({"Id": id("003"), "Title": "CEO"}),
        Operation::Update,
    );
    clean(
        CONTACT,
        json!({"id": id("003"), "LastName": "T"}),
        Operation::Upsert,
    );
    assert_eq!(
        only_error(CONTACT, json!({"Title": "CEO"}), Operation::Update),
        error(
            "Id",
            ErrorCode::MissingArgument,
            "Id not specified in an update call (an update needs each record's Id; use upsert to match records on an external ID)"
        )
    );
}

// --- JSON types ---------------------------------------------------------------------

#[test]
fn numeric_text_is_not_a_number() {
    assert_eq!(
        contact_error("Score__c", json!("87.5")),
        error(
            "Score__c",
            ErrorCode::InvalidTypeOnFieldInRecord,
            r#"Score: value not of required type: 87.5 (add {"convert": "number"} to this field's transforms)"#
        )
    );
    let e = only_error(
        ACCOUNT,
        json!({"Name": "Acme", "NumberOfEmployees": "100"}),
        Operation::Insert,
    );
    assert_eq!(
        e.message,
        r#"Employees: value not of required type: 100 (add {"convert": "integer"} to this field's transforms)"#
    );
    let e = contact_error("Score__c", json!(true));
    assert_eq!(
        e.message,
        "Score: value not of required type: true (the field takes a JSON number)"
    );
}

#[test]
fn whole_number_fields_refuse_fractions() {
    let e = only_error(
        ACCOUNT,
        json!({"Name": "Acme", "NumberOfEmployees": 10.5}),
        Operation::Insert,
    );
    assert_eq!(
        e,
        error(
            "NumberOfEmployees",
            ErrorCode::InvalidTypeOnFieldInRecord,
            "Employees: value not of required type: 10.5 (the field holds whole numbers: round the value first)"
        )
    );
    clean(
        ACCOUNT,
        json!({"Name": "Acme", "NumberOfEmployees": 10.0}),
        Operation::Insert,
    );
}

#[test]
fn a_checkbox_takes_true_or_false_and_never_null() {
    assert_eq!(
        contact_error("HasOptedOutOfEmail", json!("no")).message,
        r#"Email Opt Out: value not of required type: no (add {"convert": "boolean"} to this field's transforms)"#
    );
    assert_eq!(
        contact_error("HasOptedOutOfEmail", json!(0)).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
    for blank in [Value::Null, json!("")] {
        assert_eq!(
            contact_error("HasOptedOutOfEmail", blank),
            error(
                "HasOptedOutOfEmail",
                ErrorCode::InvalidTypeOnFieldInRecord,
                "Email Opt Out: value not of required type: null (a checkbox is true or false, never null)"
            )
        );
    }
    clean(
        CONTACT,
        contact_with("HasOptedOutOfEmail", json!(false)),
        Operation::Insert,
    );
}

#[test]
fn text_fields_refuse_numbers_and_booleans() {
    assert_eq!(
        contact_error("Title", json!(42)),
        error(
            "Title",
            ErrorCode::InvalidTypeOnFieldInRecord,
            r#"Title: value not of required type: 42 (add {"convert": "text"} to this field's transforms)"#
        )
    );
    assert_eq!(
        contact_error("Phone", json!(5550100)).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
    assert_eq!(
        contact_error("LeadSource", json!(true)).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
}

#[test]
fn objects_and_lists_are_not_scalars() {
    assert_eq!(
        contact_error("Languages__c", json!(["English", "French"])).message,
        r#"Languages: value not of required type: ["English","French"] (add {"join": ";"} to this field's transforms)"#
    );
    assert_eq!(
        contact_error("Title", json!(["CEO"])).message,
        r#"Title: value not of required type: ["CEO"] (a list is not text: add {"join": ", "} to this field's transforms, or pick one element in the source path)"#
    );
    assert_eq!(
        contact_error("Title", json!({"name": "CEO"})).message,
        r#"Title: value not of required type: {"name":"CEO"} (an object cannot be stored in this field: pick one of its properties in the source path)"#
    );
    assert_eq!(
        contact_error("AccountId", json!({"External_Id__c": "A-100"})).message,
        r#"Account ID: value not of required type: {"External_Id__c":"A-100"} (to set the lookup from the parent's external ID, write the relationship 'Account' instead of AccountId)"#
    );
    assert_eq!(
        contact_error("Score__c", json!([1])).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
    assert_eq!(
        contact_error("Birthdate", json!({"y": 1985})).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
}

#[test]
fn compound_fields_are_written_through_their_components() {
    let e = only_error(
        SITE,
        json!({"ShippingAddress": {"city": "Paris"}}),
        Operation::Insert,
    );
    assert_eq!(e.code, ErrorCode::InvalidFieldForInsertUpdate);
    assert!(
        e.message.starts_with("Unable to create/update fields: ShippingAddress. ")
            && e.message.ends_with(
                "(ShippingAddress is a compound address field: write its component fields instead: ShippingStreet, ShippingCity)"
            ),
        "{}",
        e.message
    );
    let e = only_error(
        SITE,
        json!({"Spot__c": {"latitude": 1, "longitude": 2}}),
        Operation::Insert,
    );
    assert!(
        e.message.ends_with(
            "(Spot__c is a compound location field: write its component fields instead: Spot__Latitude__s, Spot__Longitude__s)"
        ),
        "{}",
        e.message
    );
}

#[test]
fn an_empty_string_outside_text_fields_is_null() {
    for key in [
        "Score__c",
        "Birthdate",
        "Last_Seen__c",
        "AccountId",
        "Email",
        "Salutation",
    ] {
        clean(CONTACT, contact_with(key, json!("")), Operation::Insert);
    }
}

// --- dates and times ----------------------------------------------------------------

fn date_message(kind: &str, value: &str, hint: &str) -> String {
    format!(
        "Cannot deserialize instance of {kind} from VALUE_STRING value {value} or request may be missing a required field{hint}"
    )
}

#[test]
fn a_date_is_yyyy_mm_dd_and_the_hint_names_both_readings_when_ambiguous() {
    assert_eq!(
        contact_error("Birthdate", json!("04/07/1985")),
        error(
            "Birthdate",
            ErrorCode::JsonParserError,
            &date_message(
                "date",
                "04/07/1985",
                r#" (add {"convert": {"to": "date", "format": "%d/%m/%Y"}} to this field's transforms if 04/07/1985 is day/month, or "%m/%d/%Y" if it is month/day)"#
            )
        )
    );
    for (value, format) in [
        ("31/12/1990", "%d/%m/%Y"),
        ("12/31/1990", "%m/%d/%Y"),
        ("19850704", "%Y%m%d"),
        ("1985-7-4", "%Y-%m-%d"),
        ("4 Jul 1985", "%d %b %Y"),
        ("2024-07-30 20:54:16", "%Y-%m-%d %H:%M:%S"),
    ] {
        assert_eq!(
            contact_error("Birthdate", json!(value)).message,
            date_message(
                "date",
                value,
                &format!(
                    r#" (add {{"convert": {{"to": "date", "format": "{format}"}}}} to this field's transforms)"#
                )
            )
        );
    }
    assert_eq!(
        contact_error("Birthdate", json!("someday")).message,
        date_message(
            "date",
            "someday",
            r#" (Salesforce takes YYYY-MM-DD: add {"convert": {"to": "date", "format": "…"}} to this field's transforms with the source's strptime format)"#
        )
    );
    clean(
        CONTACT,
        contact_with("Birthdate", json!("1985-07-04")),
        Operation::Insert,
    );
    clean(
        CONTACT,
        contact_with("Birthdate", json!("2024-02-29")),
        Operation::Insert,
    );
}

#[test]
fn a_date_must_exist_on_the_calendar() {
    let e = contact_error("Birthdate", json!("2023-02-29"));
    assert_eq!(e.code, ErrorCode::JsonParserError);
    assert_eq!(
        e.message,
        date_message(
            "date",
            "2023-02-29",
            " (2023-02-29 is not a real calendar date)"
        )
    );
}

#[test]
fn a_datetime_carries_z_or_a_utc_offset() {
    for ok in [
        "2024-08-01T09:00:00+02:00",
        "2024-08-01T09:00:00+0200",
        "2024-06-10T14:03:00Z",
        "2024-06-10T14:03:00.123Z",
        "2024-06-04T00:00:00-05:00",
    ] {
        clean(
            CONTACT,
            contact_with("Last_Seen__c", json!(ok)),
            Operation::Insert,
        );
    }
    for (value, format) in [
        ("2024-07-30 20:54:16", "%Y-%m-%d %H:%M:%S"),
        ("2024-07-30 20:54:16 UTC", "%Y-%m-%d %H:%M:%S UTC"),
        ("2024-07-30T20:54:16", "%Y-%m-%dT%H:%M:%S"),
        ("2024-07-30T20:54:16.123456Z", "%Y-%m-%dT%H:%M:%S%.fZ"),
        ("2024-07-30", "%Y-%m-%d"),
    ] {
        assert_eq!(
            contact_error("Last_Seen__c", json!(value)),
            error(
                "Last_Seen__c",
                ErrorCode::JsonParserError,
                &date_message(
                    "datetime",
                    value,
                    &format!(
                        r#" (add {{"convert": {{"to": "datetime", "format": "{format}"}}}} to this field's transforms)"#
                    )
                )
            ),
        );
    }
    assert!(contact_error("Last_Seen__c", json!("2024-02-30T10:00:00Z"))
        .message
        .ends_with("(2024-02-30T10:00:00Z is not a real date and time of day)"));
    assert!(contact_error("Last_Seen__c", json!("2024-07-30T24:00:00Z"))
        .message
        .ends_with("is not a real date and time of day)"));
}

#[test]
fn a_time_is_hh_mm_ss() {
    for ok in ["13:30:00.000Z", "13:30:00", "00:00:00Z", "23:59:59.5"] {
        clean(SITE, json!({"Opens_At__c": ok}), Operation::Insert);
    }
    assert_eq!(
        only_error(SITE, json!({"Opens_At__c": "1:30 PM"}), Operation::Insert).message,
        date_message(
            "time",
            "1:30 PM",
            r#" (add {"convert": {"to": "time", "format": "%I:%M %p"}} to this field's transforms)"#
        )
    );
    assert_eq!(
        only_error(SITE, json!({"Opens_At__c": "25:00:00"}), Operation::Insert).message,
        date_message("time", "25:00:00", " (25:00:00 is not a real time of day)")
    );
}

// --- limits -------------------------------------------------------------------------

#[test]
fn text_longer_than_the_field_is_string_too_long_counting_characters() {
    clean(
        CONTACT,
        contact_with("FirstName", json!("é".repeat(40))),
        Operation::Insert,
    );
    let long = "é".repeat(41);
    assert_eq!(
        contact_error("FirstName", json!(long)),
        error(
            "FirstName",
            ErrorCode::StringTooLong,
            &format!(
                r#"First Name: data value too large: {long} (max length=40) (add {{"truncate": "fit"}} to this field's transforms)"#
            )
        )
    );
}

#[test]
fn numbers_beyond_the_field_are_outside_the_valid_range() {
    assert_eq!(
        contact_error("Score__c", json!(1000)),
        error(
            "Score__c",
            ErrorCode::NumberOutsideValidRange,
            "Score: value outside of valid range on numeric field: 1000"
        )
    );
    for ok in [json!(999.99), json!(-999.99), json!(0.5), json!(0)] {
        clean(CONTACT, contact_with("Score__c", ok), Operation::Insert);
    }
    let account = |n: Value| json!({"Name": "Acme", "NumberOfEmployees": n});
    clean(ACCOUNT, account(json!(99_999_999)), Operation::Insert);
    assert_eq!(
        only_error(ACCOUNT, account(json!(123_456_789)), Operation::Insert).message,
        "Employees: value outside of valid range on numeric field: 123456789"
    );
    // 14 integer digits on a currency(16, 2)
    clean(
        INVOICE,
        json!({"Amount__c": 99_999_999_999_999u64}),
        Operation::Insert,
    );
    assert_eq!(
        only_error(
            INVOICE,
            json!({"Amount__c": 100_000_000_000_000u64}),
            Operation::Insert
        )
        .code,
        ErrorCode::NumberOutsideValidRange
    );
    // int: also within 32 bits; long: within 64 bits; percent: precision − scale
    let site = |key: &str, n: Value| check(SITE, json!({ key: n }), Operation::Insert).errors;
    assert!(site("Headcount__c", json!(2_147_483_647)).is_empty());
    assert_eq!(
        site("Headcount__c", json!(2_147_483_648u64))[0].code,
        ErrorCode::NumberOutsideValidRange
    );
    assert!(site("Visitors__c", json!(i64::MAX)).is_empty());
    assert_eq!(
        site("Visitors__c", json!(i64::MAX as u64 + 1))[0].code,
        ErrorCode::NumberOutsideValidRange
    );
    assert_eq!(
        site("Visitors__c", json!(1e30))[0].code,
        ErrorCode::NumberOutsideValidRange
    );
    assert_eq!(
        site("Share__c", json!(1000))[0].code,
        ErrorCode::NumberOutsideValidRange
    );
}

#[test]
fn more_decimals_than_the_scale_is_a_rounding_warning() {
    let out = check(
        CONTACT,
        contact_with("Score__c", json!(12.345)),
        Operation::Insert,
    );
    assert!(out.errors.is_empty());
    assert_eq!(
        out.warnings,
        vec![error(
            "Score__c",
            ErrorCode::NumberOutsideValidRange,
            "Score: 12.345 has more than 2 decimal places: Salesforce will round it to 2 places"
        )]
    );
    let out = check(
        CONTACT,
        contact_with("Score__c", json!(12.5)),
        Operation::Insert,
    );
    assert!(out.warnings.is_empty());
}

// --- email ----------------------------------------------------------------------------

#[test]
fn an_email_field_needs_an_address() {
    assert_eq!(
        contact_error("Email", json!("li@")),
        error(
            "Email",
            ErrorCode::InvalidEmailAddress,
            "Email: invalid email address: li@"
        )
    );
    for ok in [
        "joe.tester@example.com",
        "ANA@EXAMPLE.ORG",
        "o'brien+news@mail.example.co.uk",
        "josé@exämple.de",
        "a_b-c@x-y.io",
    ] {
        assert!(is_valid_email(ok), "{ok}");
    }
    for bad in [
        "li@",
        "@example.com",
        "joe tester@example.com",
        "joe@example",
        "joe@@example.com",
        ".joe@example.com",
        "joe.@example.com",
        "jo..e@example.com",
        "joe@-example.com",
        "joe@example..com",
        "joe(at)example.com",
        "joe@exa mple.com",
    ] {
        assert!(!is_valid_email(bad), "{bad}");
    }
}

// --- picklists ------------------------------------------------------------------------

#[test]
fn a_restricted_picklist_takes_only_its_active_values_in_exact_case() {
    assert_eq!(
        only_error(INVOICE, json!({"Currency__c": "usd"}), Operation::Insert),
        error(
            "Currency__c",
            ErrorCode::InvalidOrNullForRestrictedPicklist,
            r#"Currency: bad value for restricted picklist field: usd (did you mean 'USD'? add {"replace": …} or {"modify": "upper"} to this field's transforms)"#
        )
    );
    assert_eq!(
        only_error(INVOICE, json!({"Status__c": "open"}), Operation::Insert).message,
        r#"Status: bad value for restricted picklist field: open (did you mean 'Open'? add {"replace": …} or {"modify": "title"} to this field's transforms)"#
    );
    assert_eq!(
        only_error(INVOICE, json!({"Status__c": "credit"}), Operation::Insert).message,
        r#"Status: bad value for restricted picklist field: credit (allowed: Draft, Open, Paid, Void; add {"replace": …} to this field's transforms)"#
    );
    assert_eq!(
        contact_error("Salutation", json!("Mrs")).message,
        r#"Salutation: bad value for restricted picklist field: Mrs (did you mean 'Mrs.'? add {"replace": …} to this field's transforms)"#
    );
    assert_eq!(
        only_error(SITE, json!({"Kind__c": "Legacy"}), Operation::Insert).message,
        "Kind: bad value for restricted picklist field: Legacy (the value is inactive in this picklist)"
    );
    clean(
        INVOICE,
        json!({"Currency__c": "USD", "Status__c": "Open"}),
        Operation::Insert,
    );
}

#[test]
fn each_value_of_a_multi_select_picklist_is_checked() {
    clean(
        CONTACT,
        contact_with("Languages__c", json!("English;French")),
        Operation::Insert,
    );
    assert_eq!(
        contact_error("Languages__c", json!("English;Klingon")),
        error(
            "Languages__c",
            ErrorCode::InvalidOrNullForRestrictedPicklist,
            r#"Languages: bad value for restricted picklist field: Klingon (allowed: English, French, German, Spanish, Japanese; add {"replace": …} to this field's transforms)"#
        )
    );
    let out = check(SITE, json!({"Sizes__c": "S;XL"}), Operation::Insert);
    assert!(out.errors.is_empty());
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0]
        .message
        .contains("value not in the picklist: XL"));
}

#[test]
fn an_unrestricted_picklist_warns_about_unknown_values() {
    let out = check(
        CONTACT,
        contact_with("LeadSource", json!("Webinar")),
        Operation::Insert,
    );
    assert!(out.errors.is_empty());
    assert_eq!(
        out.warnings,
        vec![error(
            "LeadSource",
            ErrorCode::InvalidOrNullForRestrictedPicklist,
            r#"Lead Source: value not in the picklist: Webinar (the picklist is not restricted, so Salesforce will save it as an inactive value) (allowed: Web, Phone Inquiry, Partner Referral, Purchased List, Other; add {"replace": …} to this field's transforms)"#
        )]
    );
}

// --- record IDs -----------------------------------------------------------------------

#[test]
fn id18_appends_the_case_checksum() {
    assert_eq!(
        id18("00558000001N0Ke").as_deref(),
        Some("00558000001N0KeAAK")
    );
    assert_eq!(
        id18("001D000000IqhSL").as_deref(),
        Some("001D000000IqhSLIAZ")
    );
    assert_eq!(id18("001D000000IqhS"), None);
    assert_eq!(id18("001D000000Iqh-L"), None);
}

#[test]
fn a_valid_id_is_15_characters_or_18_with_the_right_checksum() {
    assert!(is_valid_id("001D000000IqhSL"));
    assert!(is_valid_id("001D000000IqhSLIAZ"));
    assert!(!is_valid_id("001D000000IqhSLIAA"), "wrong checksum");
    assert!(!is_valid_id("001d000000iqhsliaz"), "case lost");
    assert!(!is_valid_id("001D000000IqhS"));
    assert!(!is_valid_id("001D000000IqhSLIA"));
    assert!(!is_valid_id("001D000000Iqh_L"));
    assert!(!is_valid_id(""));
}

#[test]
fn a_lookup_needs_a_well_formed_id_of_the_right_object() {
    assert_eq!(
        contact_error("AccountId", json!("A-100")),
        error(
            "AccountId",
            ErrorCode::MalformedId,
            r#"Account ID: id value of incorrect type: A-100 (not a Salesforce ID: to set the lookup from the parent's external ID, write the relationship 'Account' instead, e.g. with a {"reference": …} transform)"#
        )
    );
    assert_eq!(
        contact_error("AccountId", json!("001D000000IqhSLIAA")).message,
        "Account ID: id value of incorrect type: 001D000000IqhSLIAA (the last 3 characters are not the checksum of the first 15: was the ID's letter case changed?)"
    );
    assert_eq!(
        contact_error("AccountId", json!("003000000000001")),
        error(
            "AccountId",
            ErrorCode::FieldIntegrityException,
            "Account ID: id value of incorrect type: 003000000000001 (that is the ID of a Contact record; this field takes Account)"
        )
    );
    assert_eq!(
        contact_error("AccountId", json!(42)).code,
        ErrorCode::InvalidTypeOnFieldInRecord
    );
    clean(
        CONTACT,
        contact_with("AccountId", json!("001D000000IqhSL")),
        Operation::Insert,
    );
    clean(
        CONTACT,
        contact_with("AccountId", json!("001D000000IqhSLIAZ")),
        Operation::Insert,
    );
    // a custom object's prefix is the org's own: unknown prefixes pass, known standard
    // ones do not
    let payment = |invoice: &str| json!({"Invoice__c": invoice, "Amount__c": 1});
    clean(PAYMENT, payment("a0Z000000000001"), Operation::Insert);
    assert_eq!(
        only_error(PAYMENT, payment("001D000000IqhSL"), Operation::Insert).message,
        "Invoice: id value of incorrect type: 001D000000IqhSL (that is the ID of an Account record; this field takes Invoice__c)"
    );
    // a lookup to the describe's own object uses the describe's key prefix
    let account = |parent: &str| json!({"Name": "Acme", "ParentId": parent});
    clean(ACCOUNT, account("001D000000IqhSL"), Operation::Insert);
    assert_eq!(
        only_error(ACCOUNT, account("a0Z000000000001"), Operation::Insert).message,
        "Parent Account ID: id value of incorrect type: a0Z000000000001 (IDs of Account records start with 001)"
    );
}

#[test]
fn the_record_id_on_update_must_be_one_of_this_object() {
    assert_eq!(
        only_error(CONTACT, json!({"Id": "001D000000IqhSL"}), Operation::Update),
        error(
            "Id",
            ErrorCode::MalformedId,
            "Record ID: id value of incorrect type: 001D000000IqhSL (that is the ID of an Account record; this field takes Contact)"
        )
    );
    assert_eq!(
        only_error(INVOICE, json!({"Id": "a02000000000001"}), Operation::Update).message,
        "Record ID: id value of incorrect type: a02000000000001 (IDs of Invoice__c records start with a01)"
    );
    clean(INVOICE, json!({"Id": "a01000000000001"}), Operation::Update);
    assert_eq!(
        only_error(INVOICE, json!({"Id": 42}), Operation::Update).message,
        r#"Record ID: value not of required type: 42 (add {"convert": "text"} to this field's transforms)"#
    );
}

// --- required fields ------------------------------------------------------------------

#[test]
fn a_required_field_missing_fails_an_insert_and_warns_an_upsert() {
    let missing = error(
        "LastName",
        ErrorCode::RequiredFieldMissing,
        "Required fields are missing: [LastName]",
    );
    for record in [
        json!({"FirstName": "Joe"}),
        json!({"LastName": null}),
        json!({"lastname": ""}),
    ] {
        assert_eq!(
            check(CONTACT, record, Operation::Insert).errors,
            vec![missing.clone()]
        );
    }
    let out = check(CONTACT, json!({"FirstName": "Joe"}), Operation::Upsert);
    assert!(out.errors.is_empty());
    assert_eq!(
        out.warnings,
        vec![error(
            "LastName",
            ErrorCode::RequiredFieldMissing,
            "Required fields are missing: [LastName] (records that do not exist yet will fail to insert)"
        )]
    );
}

#[test]
fn an_update_fails_only_when_it_clears_a_required_field() {
    let contact = id("003");
    clean(
        CONTACT,
        json!({"Id": contact, "FirstName": "Joe"}),
        Operation::Update,
    );
    assert_eq!(
        check(
            CONTACT,
            json!({"Id": contact, "LastName": null}),
            Operation::Update
        )
        .errors,
        vec![error(
            "LastName",
            ErrorCode::RequiredFieldMissing,
            "Required fields are missing: [LastName]"
        )]
    );
}

#[test]
fn a_lookup_set_through_its_relationship_counts_as_present() {
    let out = check(PAYMENT, json!({}), Operation::Insert);
    let missing: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        missing,
        [
            "Required fields are missing: [Invoice__c]",
            "Required fields are missing: [Amount__c]"
        ]
    );
    let out = check(
        PAYMENT,
        json!({"Invoice__r": {"invoice_id__c": "INV-1"}}),
        Operation::Insert,
    );
    assert_eq!(
        out.errors,
        vec![error(
            "Amount__c",
            ErrorCode::RequiredFieldMissing,
            "Required fields are missing: [Amount__c]"
        )]
    );
    let out = check(
        PAYMENT,
        json!({"Invoice__r": null, "Amount__c": 1}),
        Operation::Insert,
    );
    assert_eq!(out.errors[0].field, "Invoice__c");
}

#[test]
fn errors_come_in_record_key_order_then_required_fields() {
    let out = check(
        CONTACT,
        json!({"Nickname": "Joe", "Email": "li@", "Name": "Joe", "Birthdate": "04/07/1985"}),
        Operation::Insert,
    );
    let order: Vec<(&str, ErrorCode)> = out
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(
        order,
        [
            ("Nickname", ErrorCode::InvalidField),
            ("Email", ErrorCode::InvalidEmailAddress),
            ("Name", ErrorCode::InvalidFieldForInsertUpdate),
            ("Birthdate", ErrorCode::JsonParserError),
            ("LastName", ErrorCode::RequiredFieldMissing),
        ]
    );
}

#[test]
fn the_sample_contacts_read_as_salesforce_would_answer_them() {
    // the third sample contact, mapped without transforms
    let record = json!({"FirstName": "Li", "LastName": "", "Email": "li@", "Phone": "555-0199",
                        "Birthdate": null, "Languages__c": "Klingon", "Score__c": "n/a",
                        "HasOptedOutOfEmail": "maybe", "Last_Seen__c": null});
    let codes: Vec<(String, ErrorCode)> = check(CONTACT, record, Operation::Insert)
        .errors
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("Email".to_string(), ErrorCode::InvalidEmailAddress),
            (
                "Languages__c".to_string(),
                ErrorCode::InvalidOrNullForRestrictedPicklist
            ),
            (
                "Score__c".to_string(),
                ErrorCode::InvalidTypeOnFieldInRecord
            ),
            (
                "HasOptedOutOfEmail".to_string(),
                ErrorCode::InvalidTypeOnFieldInRecord
            ),
            ("LastName".to_string(), ErrorCode::RequiredFieldMissing),
        ]
    );
}

#[test]
fn a_checker_built_once_answers_like_check_record() {
    let d = describe(INVOICE);
    let checker = Checker::new(&d);
    for record in [
        json!({"Currency__c": "usd", "Amount__c": "1250.50"}),
        json!({"invoice_id__c": "INV-1", "Issued_On__c": "2024-06-01", "Paid__c": false}),
    ] {
        let record = record.as_object().unwrap();
        for op in [Operation::Insert, Operation::Update, Operation::Upsert] {
            assert_eq!(checker.check(record, op), check_record(&d, record, op));
        }
    }
}

// --- properties -----------------------------------------------------------------------

fn flip_case(c: u8) -> u8 {
    if c.is_ascii_uppercase() {
        c.to_ascii_lowercase()
    } else {
        c.to_ascii_uppercase()
    }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,30}".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
            .prop_map(Value::String),
        "[0-9A-Za-z]{15,18}".prop_map(Value::String),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,12}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn every_id18_is_a_valid_id(id15 in "[0-9A-Za-z]{15}") {
        let long = id18(&id15).unwrap();
        prop_assert!(is_valid_id(&long));
        prop_assert!(long.starts_with(&id15));
    }

    #[test]
    fn flipping_the_case_of_a_letter_changes_the_checksum(
        id15 in "[0-9A-Za-z]{14}[A-Za-z]",
        at in 0usize..15,
    ) {
        let bytes = id15.as_bytes();
        // the last character is a letter; flip the first letter at or after `at`
        let at = (at..15).find(|&i| bytes[i].is_ascii_alphabetic()).unwrap();
        let mut flipped = bytes.to_vec();
        flipped[at] = flip_case(flipped[at]);
        let flipped = String::from_utf8(flipped).unwrap();
        let (a, b) = (id18(&id15).unwrap(), id18(&flipped).unwrap());
        prop_assert_ne!(&a[15..], &b[15..]);
        let stale = format!("{flipped}{}", &a[15..]);
        prop_assert!(!is_valid_id(&stale));
    }

    #[test]
    fn every_calendar_date_is_accepted_and_no_other(
        year in 1700i16..=4000, month in 1i8..=12, day in 1i8..=31,
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let real = jiff::civil::Date::new(year, month, day).is_ok();
        let out = check(CONTACT, contact_with("Birthdate", json!(text)), Operation::Insert);
        prop_assert_eq!(out.errors.is_empty(), real, "{}", text);
    }

    #[test]
    fn any_record_is_checked_without_panic_and_errors_name_its_fields(
        entries in prop::collection::vec(
            (prop::sample::select(vec![
                "LastName", "lastname", "Email", "Birthdate", "Last_Seen__c", "Score__c",
                "HasOptedOutOfEmail", "Languages__c", "Salutation", "AccountId", "Account",
                "Id", "Name", "Nickname",
            ]), any_json()),
            0..6,
        ),
        op in prop::sample::select(vec![Operation::Insert, Operation::Update, Operation::Upsert]),
    ) {
        let record: Map<String, Value> =
            entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let d = describe(CONTACT);
        let out = check_record(&d, &record, op);
        for e in out.errors.iter().chain(&out.warnings) {
            prop_assert!(
                record.contains_key(&e.field) || d.field(&e.field).is_some(),
                "{:?}", e
            );
            prop_assert!(!e.message.is_empty());
        }
        prop_assert_eq!(out.clone(), check_record(&d, &record, op), "deterministic");
    }
}
