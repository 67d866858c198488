//! `GET /query?q=…&columns=true` (and `/queryAll`): the column metadata `sf data query` reads,
//! derived from the describes, with the same errors as the query itself.

mod common;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn q(path: &str, soql: &str) -> String {
    format!(
        "/{path}?q={}&columns=true",
        soql.replace(' ', "+").replace(',', "%2C")
    )
}

#[tokio::test]
async fn columns_true_answers_each_selected_field_from_the_describe() {
    let org = common::start().await;
    org.create("Account", json!({"Name": "Acme"})).await;
    let a = org
        .get(&q(
            "query",
            "SELECT Id, Name, NumberOfEmployees, Active__c, AnnualRevenue FROM Account",
        ))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.get("records").is_none(), "{}", a.body);
    assert_eq!(a.body["entityName"], "Account");
    assert_eq!(a.body["groupBy"], false);
    assert_eq!(a.body["idSelected"], true);
    assert_eq!(a.body["keyPrefix"], "001");
    let cols = a.body["columnMetadata"].as_array().expect("columns");
    assert_eq!(cols.len(), 5);
    assert_eq!(
        cols[0],
        json!({"aggregate": false, "apexType": "Id", "booleanType": false, "columnName": "Id",
               "custom": false, "displayName": "Id", "foreignKeyName": null, "insertable": false,
               "joinColumns": [], "numberType": false, "textType": false, "updatable": false})
    );
    assert_eq!(
        cols[1],
        json!({"aggregate": false, "apexType": "String", "booleanType": false, "columnName": "Name",
               "custom": false, "displayName": "Name", "foreignKeyName": null, "insertable": true,
               "joinColumns": [], "numberType": false, "textType": true, "updatable": true})
    );
    assert_eq!(cols[2]["apexType"], "Integer");
    assert_eq!(cols[2]["numberType"], true);
    assert_eq!(cols[3]["booleanType"], true);
    assert_eq!(cols[3]["custom"], true);
    assert_eq!(cols[3]["apexType"], "Boolean");
    assert_eq!(cols[4]["numberType"], true);
}

#[tokio::test]
async fn parent_fields_are_one_column_per_relationship_with_join_columns() {
    let org = common::start().await;
    let a = org
        .get(&q(
            "queryAll",
            "select lastname, account.name, Account.External_Id__c, CreatedBy.Name from contact",
        ))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["entityName"], "Contact");
    assert_eq!(a.body["idSelected"], false);
    assert_eq!(a.body["keyPrefix"], "003");
    let cols = a.body["columnMetadata"].as_array().expect("columns");
    let names: Vec<&str> = cols
        .iter()
        .map(|c| c["columnName"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["LastName", "Account", "CreatedBy"]);
    let account = &cols[1];
    assert_eq!(account["foreignKeyName"], "AccountId");
    assert_eq!(account["apexType"], Value::Null);
    assert_eq!(account["insertable"], false);
    let joined: Vec<&str> = account["joinColumns"]
        .as_array()
        .expect("join columns")
        .iter()
        .map(|c| c["columnName"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(joined, ["Name", "External_Id__c"]);
    assert_eq!(account["joinColumns"][1]["custom"], true);
    assert_eq!(cols[2]["foreignKeyName"], "CreatedById");
    assert_eq!(cols[2]["joinColumns"][0]["columnName"], "Name");
}

#[tokio::test]
async fn aggregates_are_expr_columns_and_bad_queries_answer_the_query_errors() {
    let org = common::start().await;
    let a = org.get(&q("query", "SELECT COUNT(Id) FROM Account")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["columnMetadata"][0]["columnName"], "expr0");
    assert_eq!(a.body["columnMetadata"][0]["aggregate"], true);
    assert_eq!(a.body["columnMetadata"][0]["numberType"], true);
    assert_eq!(a.body["idSelected"], false);
    for (soql, code) in [
        ("SELECT Nope FROM Account", "INVALID_FIELD"),
        ("SELECT Id FROM Nope__c", "INVALID_TYPE"),
        ("SELECT FROM Account", "MALFORMED_QUERY"),
    ] {
        let plain = org
            .get(&q("query", soql).replace("&columns=true", ""))
            .await;
        let columns = org.get(&q("query", soql)).await;
        assert_eq!(columns.status, StatusCode::BAD_REQUEST, "{soql}");
        assert_eq!(columns.error_code(), code, "{soql}: {}", columns.body);
        assert_eq!(columns.body, plain.body, "{soql}");
    }
}
