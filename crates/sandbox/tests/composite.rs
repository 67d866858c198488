//! Composite resources against the in-process sandbox org: sObject Tree
//! (`/composite/tree/{Object}`), `/composite` (references, allOrNone rollback) and
//! `/composite/batch`.

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

fn sub(method: &str, url: &str, reference: &str, body: Option<Value>) -> Value {
    let mut v = json!({"method": method, "url": format!("/services/data/v59.0{url}"),
                       "referenceId": reference});
    if let Some(b) = body {
        v["body"] = b;
    }
    v
}

async fn count(org: &common::Org, object: &str) -> (u64, usize) {
    let counted = org
        .get(&format!("/query?q=SELECT+COUNT()+FROM+{object}"))
        .await;
    let rows: usize = org
        .query_pages(&format!("SELECT Id FROM {object}"), false)
        .await
        .iter()
        .map(|p| p["page"]["records"].as_array().map_or(0, Vec::len))
        .sum();
    (counted.body["totalSize"].as_u64().unwrap_or(99), rows)
}

#[tokio::test]
async fn composite_subrequests_reference_earlier_answers() {
    let org = common::start().await;
    let a = org
        .post(
            "/composite",
            json!({"allOrNone": false, "collateSubrequests": true, "compositeRequest": [
                sub("POST", "/sobjects/Account", "refAccount", Some(json!({"Name": "Sample"}))),
                sub("POST", "/sobjects/Contact", "refContact",
                    Some(json!({"LastName": "Sample", "AccountId": "@{refAccount.id}"}))),
                {"method": "GET", "referenceId": "q1",
                 "url": "/services/data/v59.0/query/?q=SELECT+Id,AccountId+FROM+Contact+WHERE+Id='@{refContact.id}'",
                 "httpHeaders": {"Sforce-Query-Options": "batchSize=200"}},
                sub("GET", "/sobjects/Account/@{q1.records[0].AccountId}?fields=Name", "acct", None),
                sub("PATCH", "/sobjects/Account/@{refAccount.id}", "rename",
                    Some(json!({"Name": "Renamed @{acct.Name}"}))),
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let r = a.body["compositeResponse"].as_array().expect("responses");
    let statuses: Vec<u64> = r
        .iter()
        .map(|x| x["httpStatusCode"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(statuses, [201, 201, 200, 200, 204], "{}", a.body);
    let account = r[0]["body"]["id"].as_str().expect("id").to_string();
    assert_eq!(r[0]["referenceId"], "refAccount");
    assert_eq!(r[0]["body"]["success"], true);
    assert_eq!(
        r[0]["httpHeaders"]["Location"],
        format!("/services/data/v59.0/sobjects/Account/{account}")
    );
    assert_eq!(r[2]["body"]["totalSize"], 1);
    assert_eq!(r[2]["body"]["records"][0]["AccountId"], account.as_str());
    assert_eq!(r[3]["body"]["Name"], "Sample");
    assert_eq!(r[4]["body"], Value::Null);
    assert_eq!(r[4]["httpHeaders"], json!({}));
    let renamed = org.get(&format!("/sobjects/Account/{account}")).await;
    assert_eq!(renamed.body["Name"], "Renamed Sample");
}

#[tokio::test]
async fn all_or_none_rolls_back_every_earlier_subrequest() {
    let org = common::start().await;
    let kept = org
        .create("Account", json!({"Name": "Kept", "External_Id__c": "K-1"}))
        .await;
    let doomed = org.create("Account", json!({"Name": "Doomed"})).await;
    let before = (count(&org, "Account").await, count(&org, "Contact").await);
    assert_eq!(before, ((2, 2), (0, 0)));
    let a = org
        .post(
            "/composite",
            json!({"allOrNone": true, "compositeRequest": [
                sub("POST", "/sobjects/Account", "created", Some(json!({"Name": "New", "External_Id__c": "N-1"}))),
                sub("PATCH", &format!("/sobjects/Account/{kept}"), "updated", Some(json!({"Name": "Changed"}))),
                sub("DELETE", &format!("/sobjects/Account/{doomed}"), "deleted", None),
                sub("POST", "/sobjects/Contact", "bad",
                    Some(json!({"LastName": "X", "Email": "123", "AccountId": "@{created.id}"}))),
                sub("POST", "/sobjects/Account", "never", Some(json!({"Name": "Never"}))),
            ]}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let r = a.body["compositeResponse"].as_array().expect("responses");
    for i in [0, 1, 2, 4] {
        assert_eq!(r[i]["httpStatusCode"], 400, "{i}: {}", r[i]);
        assert_eq!(r[i]["body"][0]["errorCode"], "PROCESSING_HALTED", "{i}");
        assert_eq!(
            r[i]["body"][0]["message"],
            "The transaction was rolled back since another operation in the same transaction failed."
        );
    }
    assert_eq!(r[3]["httpStatusCode"], 400);
    assert_eq!(r[3]["body"][0]["errorCode"], "INVALID_EMAIL_ADDRESS");
    assert_eq!(
        org.get(&format!("/sobjects/Account/{kept}")).await.body["Name"],
        "Kept"
    );
    assert_eq!(
        org.get(&format!("/sobjects/Account/{doomed}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        org.get("/sobjects/Account/External_Id__c/N-1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        (count(&org, "Account").await, count(&org, "Contact").await),
        before
    );
    // The org goes on as if nothing happened: the key is free, the counts follow.
    let again = org
        .create("Account", json!({"Name": "New", "External_Id__c": "N-1"}))
        .await;
    assert!(again.starts_with("001"));
    assert_eq!(count(&org, "Account").await, (3, 3));
}

#[tokio::test]
async fn without_all_or_none_only_dependent_subrequests_halt() {
    let org = common::start().await;
    let a = org
        .post(
            "/composite",
            json!({"compositeRequest": [
                sub("POST", "/sobjects/Contact", "bad", Some(json!({"Email": "x@example.com"}))),
                sub("GET", "/sobjects/Contact/@{bad.id}", "dependent", None),
                sub("POST", "/sobjects/Account", "fine", Some(json!({"Name": "Fine"}))),
            ]}),
        )
        .await;
    let r = a.body["compositeResponse"].as_array().expect("responses");
    assert_eq!(
        r[0]["body"][0]["errorCode"], "REQUIRED_FIELD_MISSING",
        "{}",
        a.body
    );
    assert_eq!(r[1]["httpStatusCode"], 400);
    assert_eq!(r[1]["body"][0]["errorCode"], "PROCESSING_HALTED");
    assert!(r[1]["body"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Invalid reference specified. No value for bad.id found in bad."));
    assert_eq!(r[2]["httpStatusCode"], 201);
    assert_eq!(count(&org, "Account").await, (1, 1));
}

#[tokio::test]
async fn malformed_composite_requests_are_refused_whole() {
    let org = common::start().await;
    let get = |i: usize| sub("GET", "/sobjects/Account/describe", &format!("r{i}"), None);
    let too_many: Vec<Value> = (0..26).map(get).collect();
    let queries: Vec<Value> = (0..6)
        .map(|i| {
            sub(
                "GET",
                "/query?q=SELECT+Id+FROM+Account",
                &format!("q{i}"),
                None,
            )
        })
        .collect();
    let mut auth = get(0);
    auth["httpHeaders"] = json!({"Authorization": "Bearer x"});
    for body in [
        json!({"compositeRequest": too_many}),
        json!({"compositeRequest": queries}),
        json!({"compositeRequest": [get(1), get(1)]}),
        json!({"compositeRequest": [auth]}),
        json!({"compositeRequest": [sub("GET", "/sobjects", "bad-ref", None)]}),
        json!({"compositeRequest": [sub("get", "/sobjects", "lower", None)]}),
        json!({"compositeRequest": [sub("POST", "/composite", "nested", Some(json!({})))]}),
        json!({"records": []}),
    ] {
        let a = org.post("/composite", body.clone()).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}: {}", a.body);
        assert!(a.body.is_array(), "{}", a.body);
    }
    let ok: Vec<Value> = (0..25).map(get).collect();
    let a = org
        .post("/composite", json!({"compositeRequest": ok}))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.body["compositeResponse"].as_array().map(Vec::len),
        Some(25)
    );
}

#[tokio::test]
async fn batch_runs_independent_subrequests_and_halts_on_error_when_asked() {
    let org = common::start().await;
    let id = org.create("Account", json!({"Name": "Acme"})).await;
    let body = |halt: bool| {
        json!({"haltOnError": halt, "batchRequests": [
            {"method": "PATCH", "url": format!("v59.0/sobjects/account/{id}"),
             "richInput": {"Name": "NewName"}},
            {"method": "GET", "url": "v59.0/sobjects/Account/001000000000000AAA"},
            {"method": "GET", "url": format!("v59.0/sobjects/account/{id}?fields=Name")},
        ]})
    };
    let a = org.post("/composite/batch", body(false)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["hasErrors"], true);
    let r = a.body["results"].as_array().expect("results");
    assert_eq!(r[0], json!({"statusCode": 204, "result": null}));
    assert_eq!(r[1]["statusCode"], 404);
    assert_eq!(r[1]["result"][0]["errorCode"], "NOT_FOUND");
    assert_eq!(r[2]["statusCode"], 200);
    assert_eq!(r[2]["result"]["Name"], "NewName");
    let halted = org.post("/composite/batch", body(true)).await;
    let r = halted.body["results"].as_array().expect("results");
    assert_eq!(r[2]["statusCode"], 412, "{}", halted.body);
    assert_eq!(r[2]["result"][0]["errorCode"], "BATCH_PROCESSING_HALTED");
    let fine = org
        .post(
            "/composite/batch",
            json!({"batchRequests": [
            {"method": "GET", "url": "v59.0/limits"}]}),
        )
        .await;
    assert_eq!(fine.body["hasErrors"], false);
    let too_many: Vec<Value> = (0..26)
        .map(|_| json!({"method": "GET", "url": "v59.0/limits"}))
        .collect();
    let refused = org
        .post("/composite/batch", json!({"batchRequests": too_many}))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let bad_url = org
        .post(
            "/composite/batch",
            json!({"batchRequests": [{"method": "GET", "url": "nope"}]}),
        )
        .await;
    assert_eq!(bad_url.status, StatusCode::BAD_REQUEST);
}
