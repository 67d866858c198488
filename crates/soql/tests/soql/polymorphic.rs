//! Polymorphic lookups: fields through them are the `Name` object's, read from whichever
//! record the lookup holds (`Type` is that record's object).

use serde_json::{json, Value};
use synccentral_engine::describe::Describe;
use synccentral_soql::{check, execute, parse, QueryResult};

use crate::org::{catalog, ctx, org, Org, ACME, SMITH};

fn with_notes() -> (Vec<Describe>, Org) {
    let mut cat = catalog();
    cat.push(
        Describe::from_value(&json!({
            "name": "Note__c",
            "keyPrefix": "a09",
            "fields": [
                {"name": "Id", "type": "id"},
                {"name": "Name", "type": "string"},
                {"name": "Parent__c", "type": "reference", "referenceTo": ["Account", "Contact"],
                 "relationshipName": "Parent__r"},
            ]
        }))
        .unwrap(),
    );
    let mut o = org();
    for (id, parent) in [
        ("a09000000000001AAA", Value::from(ACME)),
        ("a09000000000002AAA", Value::from(SMITH)),
        ("a09000000000003AAA", Value::Null),
    ] {
        let r = json!({"Id": id, "IsDeleted": false, "Name": id, "Parent__c": parent});
        o.records
            .push(("Note__c".into(), r.as_object().unwrap().clone()));
    }
    (cat, o)
}

fn rows(soql: &str) -> Vec<Value> {
    let (cat, o) = with_notes();
    let q = check(&parse(soql).unwrap(), &cat).unwrap_or_else(|e| panic!("{soql}: {e}"));
    match execute(&q, &o, &ctx()).unwrap() {
        QueryResult::Rows(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_row_reads_the_record_its_polymorphic_lookup_holds() {
    let r = rows("SELECT Name, Parent__r.Type, Parent__r.Name, Parent__r.FirstName FROM Note__c ORDER BY Name");
    assert_eq!(r[0]["Parent__r"]["Type"], "Account");
    assert_eq!(r[0]["Parent__r"]["Name"], "Acme");
    assert_eq!(r[0]["Parent__r"]["FirstName"], Value::Null);
    assert_eq!(r[0]["Parent__r"]["attributes"]["type"], "Account");
    // The second object of referenceTo, which used to be read as an Account.
    assert_eq!(r[1]["Parent__r"]["Type"], "Contact");
    assert_eq!(r[1]["Parent__r"]["FirstName"], "Ann");
    assert_eq!(r[1]["Parent__r"]["attributes"]["type"], "Contact");
    assert_eq!(r[2]["Parent__r"], Value::Null);

    let contacts = rows("SELECT Name FROM Note__c WHERE Parent__r.Type = 'Contact'");
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["Name"], "a09000000000002AAA");
}

#[test]
fn fields_outside_the_name_object_are_refused() {
    let (cat, _) = with_notes();
    let e = check(
        &parse("SELECT Parent__r.Industry FROM Note__c").unwrap(),
        &cat,
    )
    .unwrap_err();
    assert_eq!(e.code.as_str(), "INVALID_FIELD");
    assert!(
        e.message
            .contains("No such column 'Industry' on entity 'Name'"),
        "{}",
        e.message
    );
}

#[test]
fn group_is_an_object_after_from() {
    let q = parse("SELECT Name FROM Group WHERE Type = 'Queue'").unwrap();
    assert_eq!(q.from.name, "Group");
    let e = parse("SELECT Name FROM Group BY Name").unwrap_err();
    assert_eq!(e.code.as_str(), "MALFORMED_QUERY");
}
