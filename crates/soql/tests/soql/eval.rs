//! Evaluation over the sample org: relative dates against a fixed now, sorting with nulls,
//! paging, queryAll, and the Bulk CSV column helpers.

use jiff::tz::TimeZone;
use serde_json::json;
use synccentral_soql::{column_values, execute, fields_of, Context, QueryResult};

use crate::org::{checked, column, ctx, org, rows, run_in};

fn issued(literal: &str) -> Vec<String> {
    column(
        &format!("SELECT Name FROM Invoice__c WHERE Issued_On__c = {literal} ORDER BY Name"),
        "Name",
    )
}

#[test]
fn relative_dates_on_date_fields_follow_now() {
    // now = 2026-11-26 12:00 UTC; issued 2026-11-26 (INV-1), 2026-10-15 (INV-2), 2026-11-20 (INV-3).
    assert_eq!(issued("TODAY"), ["INV-1"]);
    assert!(issued("YESTERDAY").is_empty());
    assert!(issued("TOMORROW").is_empty());
    assert_eq!(issued("LAST_N_DAYS:6"), ["INV-1", "INV-3"]);
    assert_eq!(issued("LAST_N_DAYS:5"), ["INV-1"]);
    assert_eq!(issued("N_DAYS_AGO:6"), ["INV-3"]);
    assert_eq!(issued("THIS_MONTH"), ["INV-1", "INV-3"]);
    assert_eq!(issued("LAST_MONTH"), ["INV-2"]);
    assert_eq!(issued("THIS_YEAR"), ["INV-1", "INV-2", "INV-3"]);
    let due = |w: &str| {
        column(
            &format!("SELECT Name FROM Invoice__c WHERE Due_On__c = {w}"),
            "Name",
        )
    };
    // NEXT_N_DAYS starts tomorrow: 2026-12-10 is 14 days ahead.
    assert_eq!(due("NEXT_N_DAYS:14"), ["INV-1"]);
    assert!(due("NEXT_N_DAYS:13").is_empty());
    assert_eq!(due("NEXT_MONTH"), ["INV-1"]);
}

#[test]
fn ranges_compare_by_their_bounds() {
    let w = |w: &str| {
        column(
            &format!("SELECT Name FROM Invoice__c WHERE Issued_On__c {w} ORDER BY Name"),
            "Name",
        )
    };
    assert_eq!(w("< THIS_MONTH"), ["INV-2"]);
    assert_eq!(w(">= THIS_MONTH"), ["INV-1", "INV-3"]);
    assert_eq!(w("> YESTERDAY"), ["INV-1"]);
    assert_eq!(w("<= YESTERDAY"), ["INV-2", "INV-3"]);
    assert_eq!(w("!= TODAY"), ["INV-2", "INV-3"]);
}

#[test]
fn relative_dates_on_datetime_fields_use_the_callers_time_zone() {
    // PAY-1 was paid 2026-11-25 23:30 UTC, PAY-2 2026-11-26 10:00 UTC.
    let soql = "SELECT Name FROM Payment__c WHERE Paid_At__c = TODAY";
    let names = |ctx: &Context| match run_in(soql, ctx) {
        QueryResult::Rows(r) => r
            .iter()
            .map(|r| r["Name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(names(&ctx()), ["PAY-2"]);
    let paris = Context {
        time_zone: TimeZone::get("Europe/Paris").unwrap(),
        ..ctx()
    };
    // In Paris 23:30 UTC is already the 26th.
    assert_eq!(names(&paris), ["PAY-1", "PAY-2"]);
    assert_eq!(
        column(
            "SELECT LastName FROM Contact WHERE Last_Seen__c = LAST_N_DAYS:1",
            "LastName"
        ),
        ["Smith"]
    );
}

#[test]
fn order_by_puts_nulls_first_ascending_and_last_descending() {
    let industries = |o: &str| column(&format!("SELECT Name FROM Account ORDER BY {o}"), "Name");
    assert_eq!(industries("Industry"), ["Globex", "Acme"]);
    assert_eq!(industries("Industry ASC NULLS LAST"), ["Acme", "Globex"]);
    assert_eq!(industries("Industry DESC"), ["Acme", "Globex"]);
    assert_eq!(industries("Industry DESC NULLS FIRST"), ["Globex", "Acme"]);
    let scores = column(
        "SELECT LastName FROM Contact ORDER BY Score__c DESC",
        "LastName",
    );
    assert_eq!(scores, ["Smith", "Jones_Smith", "O'Brien"]);
}

#[test]
fn order_by_several_keys_and_a_parent_field() {
    assert_eq!(
        column(
            "SELECT Name FROM Invoice__c ORDER BY Account__r.Name DESC, Name",
            "Name"
        ),
        ["INV-2", "INV-1", "INV-3"]
    );
    // Text sorts without regard to case.
    assert_eq!(
        column("SELECT LastName FROM Contact ORDER BY LastName", "LastName"),
        ["Jones_Smith", "O'Brien", "Smith"]
    );
}

#[test]
fn limit_and_offset_page_after_sorting() {
    let page = |l: &str| {
        column(
            &format!("SELECT Name FROM Invoice__c ORDER BY Name {l}"),
            "Name",
        )
    };
    assert_eq!(page("LIMIT 2"), ["INV-1", "INV-2"]);
    assert_eq!(page("LIMIT 2 OFFSET 2"), ["INV-3"]);
    assert_eq!(page("OFFSET 1"), ["INV-2", "INV-3"]);
    assert!(page("LIMIT 0").is_empty());
    assert!(matches!(
        run_in("SELECT COUNT() FROM Invoice__c LIMIT 2", &ctx()),
        QueryResult::Count(2)
    ));
}

#[test]
fn query_skips_deleted_records_and_query_all_keeps_them() {
    assert_eq!(
        column("SELECT Name FROM Account ORDER BY Name", "Name"),
        ["Acme", "Globex"]
    );
    let all = Context {
        include_deleted: true,
        ..ctx()
    };
    let r = match execute(
        &checked("SELECT Name, IsDeleted FROM Account WHERE IsDeleted = true"),
        &org(),
        &all,
    )
    .unwrap()
    {
        QueryResult::Rows(r) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["Name"], json!("Initech"));
}

#[test]
fn the_url_carries_the_request_api_version() {
    let v62 = Context {
        api_version: "62.0".into(),
        ..ctx()
    };
    let QueryResult::Rows(r) = run_in("SELECT Id FROM Invoice__c LIMIT 1", &v62) else {
        panic!()
    };
    assert!(r[0]["attributes"]["url"]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v62.0/sobjects/Invoice__c/a01"));
}

#[test]
fn bulk_columns_are_dotted_paths_in_select_order() {
    let q = checked("SELECT name, account.name, Id FROM contact ORDER BY LastName");
    assert_eq!(fields_of(&q), ["Name", "Account.Name", "Id"]);
    let QueryResult::Rows(r) = execute(&q, &org(), &ctx()).unwrap() else {
        panic!()
    };
    let cells = column_values(&q, &r[1]);
    assert_eq!(cells[1], json!(null), "O'Brien has no account");
    let cells = column_values(&q, &r[0]);
    assert_eq!(cells[1], json!("Globex"));
    assert!(fields_of(&checked("SELECT COUNT() FROM Contact")).is_empty());
    assert!(!q.is_aggregate());
    assert!(checked("SELECT COUNT() FROM Contact").is_aggregate());
    assert!(checked("SELECT COUNT(Id) FROM Contact").is_aggregate());
}

#[test]
fn a_lookup_to_a_missing_record_reads_as_an_empty_parent() {
    let mut org = org();
    let (_, smith) = org
        .records
        .iter_mut()
        .find(|(o, r)| o == "Contact" && r["LastName"] == "Smith")
        .unwrap();
    smith.insert("AccountId".into(), json!("001000000000099AAA"));
    let q = checked(
        "SELECT LastName, Account.Name FROM Contact WHERE Account.Name = null ORDER BY LastName",
    );
    let QueryResult::Rows(r) = execute(&q, &org, &ctx()).unwrap() else {
        panic!()
    };
    assert_eq!(r.len(), 2);
    assert_eq!(r[1]["LastName"], json!("Smith"));
    assert_eq!(r[1]["Account"], json!(null));
}

#[test]
fn values_are_returned_as_stored() {
    let r = rows(
        "SELECT AnnualRevenue, NumberOfEmployees, CreatedDate FROM Account WHERE Name = 'Acme'",
    );
    assert_eq!(r[0]["AnnualRevenue"], json!(1000.0));
    assert_eq!(r[0]["NumberOfEmployees"], json!(50));
    assert_eq!(r[0]["CreatedDate"], json!("2026-11-26T09:00:00.000+0000"));
}
