//! Composite resources against the in-process sandbox org: sObject Tree
//! (`/composite/tree/{Object}`).

mod common;

use reqwest::StatusCode;
use serde_json::{json, Value};

fn contact(reference: &str, last: &str, email: &str) -> Value {
    json!({"attributes": {"type": "Contact", "referenceId": reference},
           "lastname": last, "email": email})
}

#[tokio::test]
async fn a_tree_creates_parents_then_children_level_by_level() {
    let org = common::start().await;
    let a = org
        .post(
            "/composite/tree/Account",
            json!({"records": [
                {"attributes": {"type": "Account", "referenceId": "ref1"},
                 "name": "SampleAccount1", "numberOfEmployees": "100",
                 "Contacts": {"records": [contact("ref2", "Smith", "smith@example.com"),
                                          contact("ref3", "Evans", "evans@example.com")]}},
                {"attributes": {"type": "Account", "referenceId": "ref4"},
                 "name": "SampleAccount2",
                 "contacts": {"records": [contact("ref5", "Jones", "jones@example.com")]}}
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["hasErrors"], false);
    let results = a.body["results"].as_array().expect("results");
    let refs: Vec<&str> = results
        .iter()
        .map(|r| r["referenceId"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(refs, ["ref1", "ref4", "ref2", "ref3", "ref5"]);
    let id = |n: usize| results[n]["id"].as_str().expect("id").to_string();
    assert!(id(0).starts_with("001") && id(2).starts_with("003"));
    let smith = org
        .get(&format!(
            "/sobjects/Contact/{}?fields=AccountId,LastName,Email",
            id(2)
        ))
        .await;
    assert_eq!(smith.body["AccountId"], id(0).as_str());
    assert_eq!(smith.body["Email"], "smith@example.com");
    let jones = org.get(&format!("/sobjects/Contact/{}", id(4))).await;
    assert_eq!(jones.body["AccountId"], id(1).as_str());
    let account = org.get(&format!("/sobjects/Account/{}", id(0))).await;
    assert_eq!(account.body["NumberOfEmployees"], 100);
}

#[tokio::test]
async fn a_failing_record_rolls_the_whole_request_back_and_only_it_is_reported() {
    let org = common::start().await;
    let a = org
        .post(
            "/composite/tree/Account",
            json!({"records": [
                {"attributes": {"type": "Account", "referenceId": "ref1"}, "Name": "Kept?",
                 "Contacts": {"records": [contact("ref2", "Smith", "123"),
                                          contact("ref3", "Fine", "fine@example.com")]}}
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(
        a.body,
        json!({"hasErrors": true, "results": [{"referenceId": "ref2", "errors": [
            {"statusCode": "INVALID_EMAIL_ADDRESS", "message": "Email: invalid email address: 123",
             "fields": ["Email"]}]}]})
    );
    for object in ["Account", "Contact"] {
        let n = org
            .get(&format!("/query?q=SELECT+COUNT()+FROM+{object}"))
            .await;
        assert_eq!(n.body["totalSize"], 0, "{object}");
    }
}

#[tokio::test]
async fn duplicate_reference_ids_bad_types_and_oversized_trees_are_refused() {
    let org = common::start().await;
    let a = org
        .post(
            "/composite/tree/Account",
            json!({"records": [
                {"attributes": {"type": "Account", "referenceId": "same"}, "Name": "A"},
                {"attributes": {"type": "Account", "referenceId": "same"}, "Name": "B"},
                {"attributes": {"type": "Account", "referenceId": "other"}, "Name": "C"}
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert_eq!(a.body["hasErrors"], true);
    let results = a.body["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{}", a.body);
    assert!(results
        .iter()
        .all(|r| r["referenceId"] == "same" && r["errors"][0]["statusCode"] == "INVALID_INPUT"));
    let wrong = org
        .post(
            "/composite/tree/Account",
            json!({"records": [{"attributes": {"type": "Contact", "referenceId": "c1"},
                                "LastName": "X"}]}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong.body["results"][0]["errors"][0]["statusCode"],
        "INVALID_TYPE"
    );
    let many: Vec<Value> = (0..201)
        .map(|i| {
            json!({"attributes": {"type": "Account", "referenceId": format!("r{i}")},
                        "Name": format!("A{i}")})
        })
        .collect();
    let over = org
        .post("/composite/tree/Account", json!({"records": many}))
        .await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(over.error_code(), "EXCEEDED_ID_LIMIT");
    let bad = org
        .call_raw(
            reqwest::Method::POST,
            "/composite/tree/Account",
            Some("{\"records\": 5".into()),
        )
        .await;
    assert_eq!(bad.error_code(), "JSON_PARSER_ERROR");
    let n = org.get("/query?q=SELECT+COUNT()+FROM+Account").await;
    assert_eq!(n.body["totalSize"], 0);
}
