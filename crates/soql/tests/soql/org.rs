//! A small in-memory org over the sample describes, with a fixed "now"
//! (2026-11-26T12:00:00Z) and helpers that keep the tests short.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};
use synccentral_engine::describe::Describe;
use synccentral_soql::{
    check, execute, parse, CheckedQuery, Context, QueryResult, Record, RecordSource, SoqlError,
};

pub const ACME: &str = "001000000000001AAA";
pub const GLOBEX: &str = "001000000000002AAA";
pub const INITECH: &str = "001000000000003AAA";
pub const SMITH: &str = "003000000000001AAA";
pub const OBRIEN: &str = "003000000000002AAA";
pub const JONES: &str = "003000000000003AAA";
pub const INV1: &str = "a01000000000001AAA";
pub const INV2: &str = "a01000000000002AAA";
pub const INV3: &str = "a01000000000003AAA";
pub const PAY1: &str = "a02000000000001AAA";
pub const PAY2: &str = "a02000000000002AAA";

pub fn catalog() -> Vec<Describe> {
    [
        include_str!("../../../../fixtures/samples/describe/Account.json"),
        include_str!("../../../../fixtures/samples/describe/Contact.json"),
        include_str!("../../../../fixtures/samples/describe/Invoice__c.json"),
        include_str!("../../../../fixtures/samples/describe/Payment__c.json"),
    ]
    .iter()
    .map(|text| Describe::from_json_str(text).expect("sample describe"))
    .collect()
}

pub struct Org {
    pub records: Vec<(String, Record)>,
}

impl RecordSource for Org {
    fn records(&self, object: &str) -> Vec<Record> {
        self.records
            .iter()
            .filter(|(o, _)| o == object)
            .map(|(_, r)| r.clone())
            .collect()
    }

    fn by_id(&self, id: &str) -> Option<(String, Record)> {
        self.records
            .iter()
            .find(|(_, r)| r.get("Id").and_then(Value::as_str) == Some(id))
            .cloned()
    }
}

fn rec(v: Value) -> Record {
    v.as_object().expect("a record is an object").clone()
}

pub fn org() -> Org {
    let records = vec![
        (
            "Account",
            json!({"Id": ACME, "IsDeleted": false, "Name": "Acme", "Industry": "Energy",
            "ParentId": GLOBEX, "AnnualRevenue": 1000.0, "NumberOfEmployees": 50, "Active__c": true,
            "CreatedDate": "2026-11-26T09:00:00.000+0000", "Tier__c": "Gold"}),
        ),
        (
            "Account",
            json!({"Id": GLOBEX, "IsDeleted": false, "Name": "Globex", "Industry": null,
            "ParentId": null, "AnnualRevenue": null, "NumberOfEmployees": 10, "Active__c": false,
            "CreatedDate": "2026-10-02T09:00:00.000+0000", "Tier__c": null}),
        ),
        (
            "Account",
            json!({"Id": INITECH, "IsDeleted": true, "Name": "Initech", "Industry": "Banking",
            "ParentId": null, "AnnualRevenue": 5.0, "NumberOfEmployees": 3, "Active__c": true,
            "CreatedDate": "2025-01-01T00:00:00.000+0000", "Tier__c": "Bronze"}),
        ),
        (
            "Contact",
            json!({"Id": SMITH, "IsDeleted": false, "LastName": "Smith", "FirstName": "Ann",
            "AccountId": ACME, "Languages__c": "English;French", "Birthdate": "1990-05-01",
            "Score__c": 7.5, "Email": "ann@example.com",
            "Last_Seen__c": "2026-11-26T03:00:00.000+0000"}),
        ),
        (
            "Contact",
            json!({"Id": OBRIEN, "IsDeleted": false, "LastName": "O'Brien", "FirstName": null,
            "AccountId": null, "Languages__c": "German", "Birthdate": null, "Score__c": null,
            "Email": null, "Last_Seen__c": "2026-11-20T10:00:00.000+0000"}),
        ),
        (
            "Contact",
            json!({"Id": JONES, "IsDeleted": false, "LastName": "Jones_Smith", "FirstName": "Bo",
            "AccountId": GLOBEX, "Languages__c": null, "Birthdate": "1985-12-24", "Score__c": 2,
            "Email": "bo@example.com", "Last_Seen__c": null}),
        ),
        (
            "Invoice__c",
            json!({"Id": INV1, "IsDeleted": false, "Name": "INV-1", "Account__c": ACME,
            "Amount__c": 100.0, "Status__c": "Open", "Issued_On__c": "2026-11-26", "Due_On__c": "2026-12-10"}),
        ),
        (
            "Invoice__c",
            json!({"Id": INV2, "IsDeleted": false, "Name": "INV-2", "Account__c": GLOBEX,
            "Amount__c": 250.5, "Status__c": "Paid", "Issued_On__c": "2026-10-15", "Due_On__c": "2026-11-15"}),
        ),
        (
            "Invoice__c",
            json!({"Id": INV3, "IsDeleted": false, "Name": "INV-3", "Account__c": null,
            "Amount__c": null, "Status__c": "Draft", "Issued_On__c": "2026-11-20", "Due_On__c": null}),
        ),
        (
            "Payment__c",
            json!({"Id": PAY1, "IsDeleted": false, "Name": "PAY-1", "Invoice__c": INV1,
            "Amount__c": 100.0, "Paid_At__c": "2026-11-25T23:30:00.000+0000"}),
        ),
        (
            "Payment__c",
            json!({"Id": PAY2, "IsDeleted": false, "Name": "PAY-2", "Invoice__c": INV2,
            "Amount__c": 250.5, "Paid_At__c": "2026-11-26T10:00:00Z"}),
        ),
    ];
    Org {
        records: records
            .into_iter()
            .map(|(o, v)| (o.to_string(), rec(v)))
            .collect(),
    }
}

pub fn ctx() -> Context {
    Context {
        now: "2026-11-26T12:00:00Z".parse::<Timestamp>().unwrap(),
        time_zone: TimeZone::UTC,
        api_version: "59.0".into(),
        include_deleted: false,
    }
}

pub fn checked(soql: &str) -> CheckedQuery {
    let q = parse(soql).unwrap_or_else(|e| panic!("{soql}: {e}"));
    check(&q, &catalog()).unwrap_or_else(|e| panic!("{soql}: {e}"))
}

pub fn run_in(soql: &str, ctx: &Context) -> QueryResult {
    execute(&checked(soql), &org(), ctx).unwrap_or_else(|e| panic!("{soql}: {e}"))
}

/// The rows of a query.
pub fn rows(soql: &str) -> Vec<Value> {
    match run_in(soql, &ctx()) {
        QueryResult::Rows(r) => r,
        other => panic!("{soql}: expected rows, got {other:?}"),
    }
}

/// One field of every row, as text (`null` for null).
pub fn column(soql: &str, field: &str) -> Vec<String> {
    rows(soql)
        .iter()
        .map(|r| match &r[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// The error of a query Salesforce refuses (at parse or check time).
pub fn error(soql: &str) -> SoqlError {
    match parse(soql).and_then(|q| check(&q, &catalog())) {
        Ok(q) => panic!("{soql}: expected an error, got {q:?}"),
        Err(e) => e,
    }
}
