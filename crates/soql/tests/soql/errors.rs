//! Queries Salesforce refuses: the code and the message, caret preamble included.

use serde_json::json;
use synccentral_soql::ErrorCode;

use crate::org::error;

const CUSTOM_FIELD_HINT: &str = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

#[test]
fn unknown_field_points_at_the_column() {
    let e = error("SELECT Id, Nope FROM Account");
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert_eq!(
        e.message,
        format!(
            "\nSELECT Id, Nope FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nope' on entity 'Account'. {CUSTOM_FIELD_HINT}"
        )
    );
}

#[test]
fn unknown_object_is_invalid_type() {
    let e = error("SELECT Id FROM Foo");
    assert_eq!(e.code, ErrorCode::InvalidType);
    assert_eq!(
        e.message,
        "\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\nsObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
    );
}

#[test]
fn misspelt_keyword_is_an_unexpected_token() {
    let e = error("SELECT Id FORM Account");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert_eq!(
        e.message,
        "\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'"
    );
}

#[test]
fn errors_on_later_lines_report_their_row_and_echo_that_line() {
    let e = error("SELECT Id\nFROM Account\nWHERE Nme = 'x'");
    assert_eq!(
        e.message,
        format!(
            "\nWHERE Nme = 'x'\n      ^\nERROR at Row:3:Column:7\nNo such column 'Nme' on entity 'Account'. {CUSTOM_FIELD_HINT}"
        )
    );
}

#[test]
fn a_query_cut_short_is_unexpected_eof() {
    let e = error("SELECT Id FROM Account WHERE");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert!(
        e.message
            .ends_with("ERROR at Row:1:Column:29\nunexpected token: '<EOF>'"),
        "{}",
        e.message
    );
}

#[test]
fn a_stray_character_is_no_viable_alternative() {
    let e = error("SELECT Id FROM Account WHERE Name = 'a' ;");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert!(
        e.message
            .ends_with("line 1:40 no viable alternative at character ';'"),
        "{}",
        e.message
    );
}

#[test]
fn an_unterminated_string_is_malformed() {
    let e = error("SELECT Id FROM Account WHERE Name = 'Acme");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert!(
        e.message.contains("ERROR at Row:1:Column:37"),
        "{}",
        e.message
    );
}

#[test]
fn an_illegal_escape_is_malformed() {
    let e = error(r"SELECT Id FROM Account WHERE Name = 'a\qb'");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert!(
        e.message
            .ends_with(r"Illegal character sequence '\q' in string literal."),
        "{}",
        e.message
    );
    // `\%` and `\_` are only allowed in LIKE patterns.
    assert_eq!(
        error(r"SELECT Id FROM Account WHERE Name = '50\%'").code,
        ErrorCode::MalformedQuery
    );
}

#[test]
fn mixing_and_with_or_needs_parentheses() {
    let e = error("SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Name = 'c'");
    assert!(
        e.message.ends_with("unexpected token: 'OR'"),
        "{}",
        e.message
    );
}

#[test]
fn unknown_relationship_is_invalid_field() {
    let e = error("SELECT Acount.Name FROM Contact");
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert!(e.message.ends_with("Didn't understand relationship 'Acount' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."), "{}", e.message);
    // A custom lookup is reached by its __r name, not its __c field name.
    assert_eq!(
        error("SELECT Account__c.Name FROM Invoice__c").code,
        ErrorCode::InvalidField
    );
}

#[test]
fn unknown_field_on_a_parent_names_the_parent_entity() {
    let e = error("SELECT Account.Nope FROM Contact");
    assert_eq!(
        e.message,
        format!("\nSELECT Account.Nope FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nope' on entity 'Account'. {CUSTOM_FIELD_HINT}")
    );
}

#[test]
fn more_than_five_relationship_levels_are_refused() {
    let e = error("SELECT Parent.Parent.Parent.Parent.Parent.Parent.Name FROM Account");
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert!(e.message.contains("more than 5 levels"), "{}", e.message);
}

#[test]
fn literals_must_match_their_field_type() {
    let e = error("SELECT Id FROM Account WHERE NumberOfEmployees = '10'");
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert!(e.message.ends_with("ERROR at Row:1:Column:30\nvalue of filter criterion for field 'NumberOfEmployees' must be of type double and should not be enclosed in quotes"), "{}", e.message);
    let e = error("SELECT Id FROM Account WHERE Name = 3999");
    assert!(e.message.ends_with("value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes"), "{}", e.message);
    let e = error("SELECT Id FROM Account WHERE Active__c = 'true'");
    assert!(
        e.message
            .ends_with("must be of type boolean and should not be enclosed in quotes"),
        "{}",
        e.message
    );
    // A date literal cannot be compared with a datetime field, nor a datetime with a date.
    let e = error("SELECT Id FROM Account WHERE CreatedDate > 2024-01-01");
    assert!(
        e.message
            .ends_with("must be of type dateTime and should not be enclosed in quotes"),
        "{}",
        e.message
    );
    let e = error("SELECT Id FROM Contact WHERE Birthdate > 2024-01-01T00:00:00Z");
    assert!(
        e.message
            .ends_with("must be of type date and should not be enclosed in quotes"),
        "{}",
        e.message
    );
    // Every value of an IN list is checked.
    assert_eq!(
        error("SELECT Id FROM Account WHERE NumberOfEmployees IN (1, '2')").code,
        ErrorCode::InvalidField
    );
}

#[test]
fn operators_must_suit_the_field_type() {
    let e = error("SELECT Id FROM Account WHERE Id LIKE '001%'");
    assert_eq!(e.code, ErrorCode::InvalidQueryFilterOperator);
    assert!(
        e.message.ends_with("invalid operator on id field"),
        "{}",
        e.message
    );
    let e = error("SELECT Id FROM Account WHERE Name INCLUDES ('a')");
    assert_eq!(e.code, ErrorCode::InvalidQueryFilterOperator);
    assert!(e
        .message
        .ends_with("includes or excludes operator only valid on multipicklist field"));
    let e = error("SELECT Id FROM Account WHERE Active__c > false");
    assert_eq!(e.code, ErrorCode::InvalidQueryFilterOperator);
    let e = error("SELECT Id FROM Contact WHERE Languages__c LIKE 'Eng%'");
    assert!(e
        .message
        .ends_with("invalid operator on multipicklist field"));
}

#[test]
fn a_malformed_id_literal_is_refused() {
    let e = error("SELECT Id FROM Contact WHERE AccountId = '001XYZ'");
    assert_eq!(e.code, ErrorCode::InvalidQueryFilterOperator);
    assert!(
        e.message.ends_with("invalid ID field: 001XYZ"),
        "{}",
        e.message
    );
}

#[test]
fn a_field_selected_twice_is_refused() {
    let e = error("SELECT Id, Name, name FROM Account");
    assert!(
        e.message.ends_with("duplicate field selected: Name"),
        "{}",
        e.message
    );
}

#[test]
fn count_must_stand_alone_and_aggregates_need_grouping() {
    let e = error("SELECT COUNT(), Name FROM Account");
    assert!(e
        .message
        .ends_with("COUNT() must be the only element in the SELECT list."));
    let e = error("SELECT COUNT(Id), Name FROM Account");
    assert!(
        e.message
            .ends_with("Field must be grouped or aggregated: Name"),
        "{}",
        e.message
    );
}

#[test]
fn fields_all_needs_a_limit_of_at_most_200() {
    let e = error("SELECT FIELDS(ALL) FROM Account");
    assert_eq!(e.code, ErrorCode::MalformedQuery);
    assert!(e
        .message
        .ends_with("The SOQL FIELDS function must have a LIMIT of at most 200"));
    assert_eq!(
        error("SELECT FIELDS(CUSTOM) FROM Account LIMIT 201").code,
        ErrorCode::MalformedQuery
    );
}

#[test]
fn offset_above_2000_is_out_of_range() {
    let e = error("SELECT Id FROM Account OFFSET 2001");
    assert_eq!(e.code, ErrorCode::NumberOutsideValidRange);
    assert_eq!(e.message, "Maximum SOQL offset allowed is 2000");
}

#[test]
fn multipicklists_cannot_be_sorted() {
    let e = error("SELECT Id FROM Contact ORDER BY Languages__c");
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert!(e
        .message
        .ends_with("field 'Languages__c' can not be sorted in a query call"));
}

#[test]
fn constructs_outside_the_subset_say_so() {
    for (soql, what) in [
        ("SELECT Industry FROM Account GROUP BY Industry", "GROUP BY"),
        (
            "SELECT Name, (SELECT LastName FROM Contacts) FROM Account",
            "subquery",
        ),
        (
            "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account)",
            "semi-join",
        ),
        ("SELECT SUM(AnnualRevenue) FROM Account", "SUM()"),
        (
            "SELECT Id FROM Account WHERE CreatedDate = THIS_WEEK",
            "THIS_WEEK",
        ),
        ("SELECT Id FROM Account WHERE Name = :name", "bind variable"),
        ("SELECT Id FROM Account FOR UPDATE", "FOR UPDATE"),
    ] {
        let e = error(soql);
        assert_eq!(e.code, ErrorCode::MalformedQuery, "{soql}");
        assert!(
            e.message.contains(what) && e.message.contains("not supported"),
            "{soql}: {}",
            e.message
        );
    }
}

#[test]
fn an_error_serialises_as_one_item_of_salesforce_error_array() {
    let e = error("SELECT Id FROM Foo");
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["errorCode"], json!("INVALID_TYPE"));
    assert_eq!(v["message"], json!(e.message));
    assert_eq!(v.as_object().unwrap().len(), 2);
}
