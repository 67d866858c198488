//! One test per grammar construct: what it parses to, or what it selects over the sample org.

use serde_json::json;
use synccentral_soql::{
    parse, CmpOp, Condition, FieldsKind, LiteralValue, QueryResult, RelativeDate, SelectItem,
};

use crate::org::{column, ctx, rows, run_in, ACME, GLOBEX, INV1, JONES, OBRIEN, SMITH};

#[test]
fn keywords_and_names_are_case_insensitive_and_results_use_describe_spelling() {
    let r = rows("select id, NAME from ACCOUNT where name = 'acme'");
    assert_eq!(
        r,
        vec![json!({
            "attributes": {"type": "Account", "url": format!("/services/data/v59.0/sobjects/Account/{ACME}")},
            "Id": ACME,
            "Name": "Acme"
        })]
    );
}

#[test]
fn fields_come_in_select_order_and_nulls_are_present() {
    let r = rows("SELECT Industry, Name, Id FROM Account WHERE Name = 'Globex'");
    let keys: Vec<&String> = r[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["attributes", "Industry", "Name", "Id"]);
    assert_eq!(r[0]["Industry"], json!(null));
}

#[test]
fn parent_fields_nest_with_their_own_attributes_and_an_empty_lookup_is_null() {
    let r = rows("SELECT LastName, Account.Name, Account.Industry FROM Contact ORDER BY LastName");
    assert_eq!(
        r[0],
        json!({
            "attributes": {"type": "Contact", "url": format!("/services/data/v59.0/sobjects/Contact/{JONES}")},
            "LastName": "Jones_Smith",
            "Account": {
                "attributes": {"type": "Account", "url": format!("/services/data/v59.0/sobjects/Account/{GLOBEX}")},
                "Name": "Globex",
                "Industry": null
            }
        })
    );
    assert_eq!(r[1]["LastName"], json!("O'Brien"));
    assert_eq!(r[1]["Account"], json!(null));
}

#[test]
fn parent_paths_go_several_levels_deep() {
    let r = rows("SELECT Name, Invoice__r.Account__r.Parent.Name FROM Payment__c ORDER BY Name");
    assert_eq!(
        r[0]["Invoice__r"]["Account__r"]["Parent"]["Name"],
        json!("Globex")
    );
    assert_eq!(
        r[0]["Invoice__r"]["Account__r"]["attributes"]["type"],
        json!("Account")
    );
    // Globex has no parent: the chain stops at a null.
    assert_eq!(r[1]["Invoice__r"]["Account__r"]["Parent"], json!(null));
    assert_eq!(
        r[1]["Invoice__r"]["Account__r"]["attributes"]["url"],
        json!(format!("/services/data/v59.0/sobjects/Account/{GLOBEX}"))
    );
}

#[test]
fn count_answers_a_number() {
    assert!(matches!(
        run_in("SELECT COUNT() FROM Contact", &ctx()),
        QueryResult::Count(3)
    ));
    assert!(matches!(
        run_in(
            "SELECT count() FROM Contact WHERE AccountId != null",
            &ctx()
        ),
        QueryResult::Count(2)
    ));
}

#[test]
fn count_of_a_field_is_an_aggregate_row() {
    assert_eq!(
        rows("SELECT COUNT(Id) FROM Contact"),
        vec![json!({"attributes": {"type": "AggregateResult"}, "expr0": 3})]
    );
    // Nulls are not counted; an alias names the column.
    assert_eq!(
        rows("SELECT COUNT(Email) emails FROM Contact"),
        vec![json!({"attributes": {"type": "AggregateResult"}, "emails": 2})]
    );
}

#[test]
fn fields_standard_and_custom_expand_from_the_describe() {
    let q = parse("SELECT FIELDS(STANDARD) FROM Account").unwrap();
    assert!(matches!(
        q.select[0],
        SelectItem::Fields {
            kind: FieldsKind::Standard,
            ..
        }
    ));
    let r = rows("SELECT FIELDS(CUSTOM) FROM Account WHERE Name = 'Acme' LIMIT 200");
    let keys: Vec<&String> = r[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["attributes", "External_Id__c", "Active__c", "Tier__c"]
    );
    let r = rows("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'");
    assert_eq!(r[0]["Name"], json!("Acme"));
    assert!(r[0].get("Tier__c").is_none());
}

#[test]
fn comparison_operators() {
    let q = parse("SELECT Id FROM Account WHERE Name <> 'x'").unwrap();
    assert!(matches!(
        q.filter,
        Some(Condition::Compare { op: CmpOp::Ne, .. })
    ));
    let names = |w: &str| {
        column(
            &format!("SELECT Name FROM Account WHERE {w} ORDER BY Name"),
            "Name",
        )
    };
    assert_eq!(names("NumberOfEmployees = 50"), ["Acme"]);
    assert_eq!(names("NumberOfEmployees != 50"), ["Globex"]);
    assert_eq!(names("NumberOfEmployees <> 50"), ["Globex"]);
    assert_eq!(names("NumberOfEmployees < 50"), ["Globex"]);
    assert_eq!(names("NumberOfEmployees <= 50"), ["Acme", "Globex"]);
    assert_eq!(names("NumberOfEmployees > 10"), ["Acme"]);
    assert_eq!(names("NumberOfEmployees >= 10.0"), ["Acme", "Globex"]);
    assert_eq!(names("AnnualRevenue > 999.99"), ["Acme"]);
    assert_eq!(names("Name > 'b'"), ["Globex"]);
}

#[test]
fn string_equality_is_case_insensitive() {
    assert_eq!(
        column("SELECT Name FROM Account WHERE Name = 'ACME'", "Name"),
        ["Acme"]
    );
}

#[test]
fn like_has_wildcards_escapes_and_ignores_case() {
    let last = |p: &str| {
        column(
            &format!("SELECT LastName FROM Contact WHERE LastName LIKE '{p}' ORDER BY LastName"),
            "LastName",
        )
    };
    assert_eq!(last("sm%"), ["Smith"]);
    assert_eq!(last("%smith"), ["Jones_Smith", "Smith"]);
    assert_eq!(last("Smit_"), ["Smith"]);
    assert_eq!(last(r"%\_%"), ["Jones_Smith"]);
    assert_eq!(last(r"O\'%"), ["O'Brien"]);
}

#[test]
fn in_and_not_in() {
    assert_eq!(
        column(
            "SELECT Name FROM Account WHERE Industry IN ('energy', 'Retail')",
            "Name"
        ),
        ["Acme"]
    );
    // NOT IN keeps empty fields, as != does.
    assert_eq!(
        column(
            "SELECT Name FROM Account WHERE Industry NOT IN ('Energy')",
            "Name"
        ),
        ["Globex"]
    );
    assert_eq!(
        column("SELECT Name FROM Account WHERE Industry IN (null)", "Name"),
        ["Globex"]
    );
    assert_eq!(
        column(
            &format!(
                "SELECT LastName FROM Contact WHERE Id IN ('{SMITH}', '{}')",
                &OBRIEN[..15]
            ),
            "LastName"
        ),
        ["Smith", "O'Brien"]
    );
}

#[test]
fn includes_and_excludes_on_multipicklists() {
    let last = |w: &str| {
        column(
            &format!("SELECT LastName FROM Contact WHERE {w}"),
            "LastName",
        )
    };
    assert_eq!(last("Languages__c INCLUDES ('French')"), ["Smith"]);
    // 'A;B' means both selected; several terms mean any of them.
    assert_eq!(last("Languages__c INCLUDES ('French;english')"), ["Smith"]);
    assert!(last("Languages__c INCLUDES ('French;German')").is_empty());
    assert_eq!(
        last("Languages__c INCLUDES ('French;Spanish', 'German')"),
        ["O'Brien"]
    );
    assert_eq!(
        last("Languages__c EXCLUDES ('German')"),
        ["Smith", "Jones_Smith"]
    );
    // = on a multipicklist is the exact set, in any order.
    assert_eq!(last("Languages__c = 'French;English'"), ["Smith"]);
}

#[test]
fn and_or_not_and_parentheses() {
    let names = |w: &str| {
        column(
            &format!("SELECT Name FROM Account WHERE {w} ORDER BY Name"),
            "Name",
        )
    };
    assert_eq!(
        names("Active__c = true AND NumberOfEmployees > 5"),
        ["Acme"]
    );
    assert_eq!(
        names("Name = 'Acme' OR Name = 'Globex'"),
        ["Acme", "Globex"]
    );
    assert_eq!(names("NOT Name = 'Acme'"), ["Globex"]);
    assert_eq!(
        names("(Name = 'Acme' OR Name = 'Globex') AND NOT (Active__c = true)"),
        ["Globex"]
    );
    assert_eq!(
        names("Name = 'Acme' AND (Industry = null OR Active__c = false)"),
        Vec::<String>::new()
    );
}

#[test]
fn string_literal_escapes() {
    let q = parse(r"SELECT Id FROM Contact WHERE LastName = 'O\'Brien\\\n\u00e9'").unwrap();
    let Some(Condition::Compare { value, .. }) = q.filter else {
        panic!()
    };
    assert_eq!(value.value, LiteralValue::String("O'Brien\\\né".into()));
    assert_eq!(
        column(
            r"SELECT LastName FROM Contact WHERE LastName = 'o\'brien'",
            "LastName"
        ),
        ["O'Brien"]
    );
}

#[test]
fn numbers_booleans_and_null() {
    let q = parse("SELECT Id FROM Contact WHERE Score__c = -2.50").unwrap();
    let Some(Condition::Compare { value, .. }) = q.filter else {
        panic!()
    };
    assert_eq!(value.value, LiteralValue::Number("-2.50".parse().unwrap()));
    assert_eq!(
        column("SELECT Name FROM Account WHERE Active__c = TRUE", "Name"),
        ["Acme"]
    );
    assert_eq!(
        column("SELECT Name FROM Account WHERE Active__c = false", "Name"),
        ["Globex"]
    );
    assert_eq!(
        column(
            "SELECT LastName FROM Contact WHERE Score__c = null",
            "LastName"
        ),
        ["O'Brien"]
    );
    assert_eq!(
        column(
            "SELECT LastName FROM Contact WHERE Score__c != null",
            "LastName"
        ),
        ["Smith", "Jones_Smith"]
    );
    // Other operators never match an empty field.
    assert_eq!(
        column(
            "SELECT LastName FROM Contact WHERE Score__c < 100",
            "LastName"
        ),
        ["Smith", "Jones_Smith"]
    );
}

#[test]
fn date_and_datetime_literals() {
    assert_eq!(
        column(
            "SELECT LastName FROM Contact WHERE Birthdate < 1989-01-31",
            "LastName"
        ),
        ["Jones_Smith"]
    );
    assert_eq!(
        column(
            "SELECT Name FROM Account WHERE CreatedDate > 2026-11-01T00:00:00Z",
            "Name"
        ),
        ["Acme"]
    );
    // 09:00 UTC is 10:00 at +01:00: equal, not greater.
    assert!(column(
        "SELECT Name FROM Account WHERE CreatedDate > 2026-11-26T10:00:00+01:00",
        "Name"
    )
    .is_empty());
    assert_eq!(
        column(
            "SELECT Name FROM Account WHERE CreatedDate = 2026-11-26T10:00:00.000+0100",
            "Name"
        ),
        ["Acme"]
    );
}

#[test]
fn datetime_literals_read_as_rfc_3339_with_or_without_the_offsets_colon() {
    // Acme was created 2026-11-26T09:00:00Z.
    for literal in [
        "2026-11-26T09:00:00Z",
        "2026-11-26t09:00:00z",
        "2026-11-26T09:00:00.000000000Z",
        "2026-11-26T10:00:00+0100",
        "2026-11-26T10:00:00+01:00",
        "2026-11-26T08:30:00-0030",
    ] {
        let soql = format!("SELECT Name FROM Account WHERE CreatedDate = {literal}");
        assert_eq!(column(&soql, "Name"), ["Acme"], "{literal}");
    }
    for refused in [
        "2026-02-30T09:00:00Z",
        "2026-11-26T25:00:00Z",
        "2026-11-26T09:00:00",
        "2026-11-26T09:00Z+",
    ] {
        let soql = format!("SELECT Name FROM Account WHERE CreatedDate = {refused}");
        assert!(parse(&soql).is_err(), "{refused}");
    }
    assert!(parse("SELECT Name FROM Contact WHERE Birthdate = 2026-02-30").is_err());
}

#[test]
fn relative_date_literals_parse() {
    for (text, rel) in [
        ("TODAY", RelativeDate::Today),
        ("yesterday", RelativeDate::Yesterday),
        ("TOMORROW", RelativeDate::Tomorrow),
        ("LAST_N_DAYS:7", RelativeDate::LastNDays(7)),
        ("NEXT_N_DAYS:30", RelativeDate::NextNDays(30)),
        ("N_DAYS_AGO:2", RelativeDate::NDaysAgo(2)),
        ("LAST_90_DAYS", RelativeDate::LastNDays(90)),
        ("THIS_MONTH", RelativeDate::ThisMonth),
        ("LAST_MONTH", RelativeDate::LastMonth),
        ("NEXT_MONTH", RelativeDate::NextMonth),
        ("THIS_YEAR", RelativeDate::ThisYear),
        ("LAST_YEAR", RelativeDate::LastYear),
    ] {
        let q = parse(&format!(
            "SELECT Id FROM Invoice__c WHERE Issued_On__c = {text}"
        ))
        .unwrap();
        let Some(Condition::Compare { value, .. }) = q.filter else {
            panic!()
        };
        assert_eq!(value.value, LiteralValue::Relative(rel), "{text}");
    }
}

#[test]
fn order_by_limit_offset_parse() {
    let q =
        parse("SELECT Id FROM Account ORDER BY Name DESC NULLS FIRST, Industry LIMIT 5 OFFSET 2")
            .unwrap();
    assert!(q.order_by[0].descending && q.order_by[0].nulls_first);
    assert!(!q.order_by[1].descending && q.order_by[1].nulls_first);
    assert_eq!(q.limit.map(|l| l.value), Some(5));
    assert_eq!(q.offset.map(|o| o.value), Some(2));
}

#[test]
fn where_on_a_parent_field() {
    assert_eq!(
        column(
            "SELECT Name FROM Invoice__c WHERE Account__r.Name = 'acme'",
            "Name"
        ),
        ["INV-1"]
    );
    assert_eq!(
        column(
            &format!("SELECT Name FROM Payment__c WHERE Invoice__r.Id = '{INV1}'"),
            "Name"
        ),
        ["PAY-1"]
    );
}
