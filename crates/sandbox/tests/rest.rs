//! The REST API as clients see it: describes, single-record writes with Salesforce's error
//! codes, upsert statuses, sObject Collections with allOrNone, external-ID references, the
//! recycle bin, limits, malformed requests, and data surviving a restart.

mod common;

use common::{start, start_in, start_with};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn versions_resources_and_describes() {
    let org = start().await;
    let r = org
        .http
        .get(format!("{}/services/data/", org.base))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("sforce-limit-info").is_none());
    let versions: Value = r.json().await.unwrap();
    let last = versions.as_array().unwrap().last().unwrap();
    assert!(last["version"].as_str().unwrap().ends_with(".0"));
    assert_eq!(versions[0]["label"], "Summer '14");

    let resources = org.get("/").await;
    assert!(resources.body["identity"]
        .as_str()
        .unwrap()
        .contains("/id/00D"));
    let global = org.get("/sobjects").await;
    let names: Vec<&str> = global.body["sobjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    for n in ["User", "Organization", "Account", "Contact"] {
        assert!(names.contains(&n), "{names:?}");
    }
    // Object names are case-insensitive and trailing slashes optional.
    let d = org.get("/sobjects/contact/describe/").await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body["name"], "Contact");
    assert!(d.body["urls"]["describe"]
        .as_str()
        .unwrap()
        .starts_with("/services/data/v59.0/"));
    let basic = org.get("/sobjects/Account").await;
    assert_eq!(basic.body["objectDescribe"]["keyPrefix"], "001");
}

#[tokio::test]
async fn created_records_carry_ids_audit_fields_and_defaults() {
    let org = start().await;
    let id = org
        .create(
            "Contact",
            json!({"lastname": "Lovelace", "FirstName": "Ada", "Score__c": "12.5"}),
        )
        .await;
    assert!(id.starts_with("003") && id.len() == 18);
    let c = org.get(&format!("/sobjects/Contact/{id}")).await.body;
    assert_eq!(c["attributes"]["type"], "Contact");
    assert_eq!(
        c["LastName"], "Lovelace",
        "field names are case-insensitive"
    );
    assert_eq!(c["Name"], "Ada Lovelace");
    assert_eq!(c["Score__c"], 12.5, "numeric strings are read as numbers");
    assert_eq!(c["HasOptedOutOfEmail"], false);
    assert_eq!(c["IsDeleted"], false);
    assert_eq!(c["CreatedById"], org.sandbox.admin_user_id());
    let created = c["CreatedDate"].as_str().unwrap();
    assert!(
        created.ends_with("+0000") && created.len() == 28,
        "{created}"
    );
    // A 15-character ID reads the same record.
    let short = org.get(&format!("/sobjects/Contact/{}", &id[..15])).await;
    assert_eq!(short.body["Id"], id.as_str());
    let some = org
        .get(&format!("/sobjects/Contact/{id}?fields=LastName,Email"))
        .await;
    assert_eq!(
        some.body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["attributes", "LastName", "Email"]
    );
    let bad = org
        .get(&format!("/sobjects/Contact/{id}?fields=Nope"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "INVALID_FIELD");

    let before = c["SystemModstamp"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let u = org
        .patch(
            &format!("/sobjects/Contact/{id}"),
            json!({"Title": "Countess"}),
        )
        .await;
    assert_eq!(u.status, StatusCode::NO_CONTENT);
    let after = org.get(&format!("/sobjects/Contact/{id}")).await.body;
    assert_eq!(after["Title"], "Countess");
    assert_ne!(after["SystemModstamp"].as_str().unwrap(), before);
    assert_eq!(after["CreatedDate"], c["CreatedDate"]);
}

/// One bad create: (body, expected errorCode, expected fields).
async fn refused(org: &common::Org, object: &str, body: Value) -> (StatusCode, Value) {
    let a = org.post(&format!("/sobjects/{object}"), body).await;
    (a.status, a.body[0].clone())
}

#[tokio::test]
async fn writes_are_refused_with_salesforce_codes_messages_and_fields() {
    let org = start().await;
    let cases = [
        (
            "Contact",
            json!({"LastName": "x".repeat(81)}),
            "STRING_TOO_LONG",
            json!(["LastName"]),
        ),
        (
            "Contact",
            json!({"FirstName": "No last name"}),
            "REQUIRED_FIELD_MISSING",
            json!(["LastName"]),
        ),
        (
            "Contact",
            json!({"LastName": "A", "Salutation": "Sir"}),
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            json!(["Salutation"]),
        ),
        (
            "Contact",
            json!({"LastName": "A", "Email": "not-an-email"}),
            "INVALID_EMAIL_ADDRESS",
            json!(["Email"]),
        ),
        (
            "Contact",
            json!({"LastName": "A", "Name": "Set by Salesforce"}),
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            json!(["Name"]),
        ),
        (
            "Contact",
            json!({"LastName": "A", "Nope__c": 1}),
            "INVALID_FIELD",
            json!(["Nope__c"]),
        ),
        (
            "Contact",
            json!({"LastName": "A", "AccountId": "garbage"}),
            "MALFORMED_ID",
            json!(["AccountId"]),
        ),
        (
            "Account",
            json!({"Name": "A", "NumberOfEmployees": 1_000_000_000}),
            "NUMBER_OUTSIDE_VALID_RANGE",
            json!(["NumberOfEmployees"]),
        ),
    ];
    for (object, body, code, fields) in cases {
        let (status, error) = refused(&org, object, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error["errorCode"], code, "{body}: {error}");
        assert_eq!(error["fields"], fields, "{body}: {error}");
    }
    let (_, e) = refused(&org, "Contact", json!({"LastName": "x".repeat(81)})).await;
    assert_eq!(
        e["message"],
        format!(
            "Last Name: data value too large: {} (max length=80)",
            "x".repeat(81)
        )
    );
    let (_, e) = refused(&org, "Contact", json!({"FirstName": "B"})).await;
    assert_eq!(e["message"], "Required fields are missing: [LastName]");
    let (_, e) = refused(
        &org,
        "Contact",
        json!({"LastName": "A", "Id": "003000000000001"}),
    )
    .await;
    assert_eq!(e["errorCode"], "INVALID_FIELD");
    assert_eq!(
        e["message"],
        "The Id field should not be specified in the sobject data."
    );
}

#[tokio::test]
async fn wrong_json_kinds_are_parser_errors_without_fields() {
    let org = start().await;
    for (body, text) in [
        (
            json!({"LastName": "A", "Score__c": "lots"}),
            "Cannot deserialize instance of double from VALUE_STRING value lots",
        ),
        (
            json!({"LastName": "A", "HasOptedOutOfEmail": "FALSE"}),
            "Cannot deserialize instance of boolean from VALUE_STRING value FALSE",
        ),
        (
            json!({"LastName": {"nested": true}}),
            "Cannot deserialize instance of string from START_OBJECT value {",
        ),
    ] {
        let (status, e) = refused(&org, "Contact", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(e["errorCode"], "JSON_PARSER_ERROR");
        assert!(e["message"].as_str().unwrap().starts_with(text), "{e}");
        assert!(e.get("fields").is_none());
    }
    // "true"/"false" and numbers in text fields are accepted.
    let id = org
        .create(
            "Contact",
            json!({"LastName": 42, "HasOptedOutOfEmail": "true"}),
        )
        .await;
    let c = org.get(&format!("/sobjects/Contact/{id}")).await.body;
    assert_eq!(c["LastName"], "42");
    assert_eq!(c["HasOptedOutOfEmail"], true);
}

#[tokio::test]
async fn malformed_requests_get_error_arrays() {
    let org = start().await;
    let bad_json = org
        .call_raw(
            Method::POST,
            "/sobjects/Contact",
            Some("{\"LastName\": ".into()),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.error_code(), "JSON_PARSER_ERROR");
    let huge = format!("{{\"LastName\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let too_big = org
        .call_raw(Method::POST, "/sobjects/Contact", Some(huge))
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_big.body.is_array());
    let unknown = org.post("/sobjects/Nope__c", json!({"Name": "x"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "NOT_FOUND");
    let array = org.post("/sobjects/Contact", json!([1, 2])).await;
    assert_eq!(array.error_code(), "JSON_PARSER_ERROR");
    let put = org
        .call(Method::PUT, "/sobjects/Contact/003SB0000000001YAA", None)
        .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    let nowhere = org.get("/no/such/thing").await;
    assert_eq!(nowhere.error_code(), "NOT_FOUND");
    let account = org.create("Account", json!({"Name": "A"})).await;
    let wrong_object = org.get(&format!("/sobjects/Contact/{account}")).await;
    assert_eq!(wrong_object.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_object.error_code(), "MALFORMED_ID");
    let missing = org.get("/sobjects/Contact/003SB00000000zzAAA").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unique_values_lookups_and_the_recycle_bin() {
    let org = start().await;
    let acme = org
        .create("Account", json!({"Name": "Acme", "External_Id__c": "A-1"}))
        .await;
    let dup = org
        .post(
            "/sobjects/Account",
            json!({"Name": "Other", "External_Id__c": "a-1"}),
        )
        .await;
    assert_eq!(dup.error_code(), "DUPLICATE_VALUE");
    assert_eq!(
        dup.body[0]["message"],
        format!(
            "duplicate value found: External_Id__c duplicates value on record with id: {}",
            &acme[..15]
        )
    );

    let by_ref = org
        .create(
            "Contact",
            json!({"LastName": "Ref", "Account": {"External_Id__c": "A-1"}}),
        )
        .await;
    let c = org.get(&format!("/sobjects/Contact/{by_ref}")).await.body;
    assert_eq!(c["AccountId"], acme.as_str());
    let no_parent = org
        .post(
            "/sobjects/Contact",
            json!({"LastName": "Ref", "Account": {"External_Id__c": "A-404"}}),
        )
        .await;
    assert_eq!(no_parent.error_code(), "INVALID_FIELD");
    assert_eq!(
        no_parent.body[0]["message"],
        "Foreign key external ID: A-404 not found for field External_Id__c in entity Account"
    );

    let ghost = "001SB00000000zz";
    let dangling = org
        .post(
            "/sobjects/Contact",
            json!({"LastName": "X", "AccountId": ghost}),
        )
        .await;
    assert_eq!(dangling.error_code(), "INVALID_CROSS_REFERENCE_KEY");
    assert_eq!(dangling.body[0]["fields"], json!(["AccountId"]));

    let gone = org.delete(&format!("/sobjects/Account/{acme}")).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    for a in [
        org.get(&format!("/sobjects/Account/{acme}")).await,
        org.delete(&format!("/sobjects/Account/{acme}")).await,
        org.patch(&format!("/sobjects/Account/{acme}"), json!({"Name": "B"}))
            .await,
    ] {
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert_eq!(a.error_code(), "ENTITY_IS_DELETED");
    }
    // A deleted record no longer holds its unique value.
    org.create(
        "Account",
        json!({"Name": "Acme 2", "External_Id__c": "A-1"}),
    )
    .await;
}

#[tokio::test]
async fn upsert_answers_created_updated_multiple_and_not_found() {
    let org = start().await;
    let path = "/sobjects/Contact/Contact_Id__c/C-1";
    let first = org.patch(path, json!({"LastName": "One"})).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.body["created"], true);
    assert_eq!(first.body["success"], true);
    let id = first.body["id"].as_str().unwrap().to_string();
    let second = org.patch(path, json!({"LastName": "Two"})).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        second.body,
        json!({"id": id, "success": true, "errors": [], "created": false})
    );
    // API 45.0 and older answer 204 for an update.
    let url = format!("{}/services/data/v45.0{path}", org.base);
    let old = org
        .http
        .patch(url)
        .bearer_auth(&org.token)
        .json(&json!({"LastName": "Three"}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::NO_CONTENT);

    let not_ext = org
        .patch("/sobjects/Contact/Title/Boss", json!({"LastName": "X"}))
        .await;
    assert_eq!(not_ext.status, StatusCode::NOT_FOUND);
    assert_eq!(
        not_ext.body[0]["message"],
        "Provided external ID field does not exist or is not accessible: Title"
    );
    let by_id = org
        .patch(
            &format!("/sobjects/Contact/Id/{id}"),
            json!({"Title": "By Id"}),
        )
        .await;
    assert_eq!(by_id.status, StatusCode::OK);
    let got = org.get("/sobjects/Contact/Contact_Id__c/C-1").await;
    assert_eq!(got.body["Title"], "By Id");
}

/// A schema directory whose Account's external ID is not unique.
fn loose_account_schema() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../../../fixtures/samples/describe/Account.json");
    let mut d: Value = serde_json::from_str(text).unwrap();
    for f in d["fields"].as_array_mut().unwrap() {
        if f["name"] == "External_Id__c" {
            f["unique"] = json!(false);
        }
    }
    std::fs::write(dir.path().join("Account.json"), d.to_string()).unwrap();
    dir
}

#[tokio::test]
async fn several_matches_answer_300_with_their_urls() {
    let schema = loose_account_schema();
    let org = start_with(|c| c.schema_dir = Some(schema.path().to_path_buf())).await;
    let a = org
        .create("Account", json!({"Name": "A", "External_Id__c": "X"}))
        .await;
    let b = org
        .create("Account", json!({"Name": "B", "External_Id__c": "X"}))
        .await;
    let r = org
        .patch("/sobjects/Account/External_Id__c/X", json!({"Name": "C"}))
        .await;
    assert_eq!(r.status, StatusCode::MULTIPLE_CHOICES);
    assert_eq!(
        r.body,
        json!([
            format!("/services/data/v59.0/sobjects/Account/{a}"),
            format!("/services/data/v59.0/sobjects/Account/{b}")
        ])
    );
    let r = org
        .post(
            "/sobjects/Contact",
            json!({"LastName": "L", "Account": {"External_Id__c": "X"}}),
        )
        .await;
    assert_eq!(r.error_code(), "DUPLICATE_EXTERNAL_ID");
}

fn rolled_back() -> Value {
    json!({
        "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
        "message": "Record rolled back because not all records were valid and the request was using AllOrNone header",
        "fields": []
    })
}

#[tokio::test]
async fn collections_create_update_upsert_and_delete() {
    let org = start().await;
    let created = org
        .post(
            "/composite/sobjects",
            json!({"allOrNone": false, "records": [
                {"attributes": {"type": "Account"}, "Name": "One", "External_Id__c": "E-1"},
                {"attributes": {"type": "Contact"}, "FirstName": "No last name"},
                {"attributes": {"type": "Contact"}, "LastName": "Ref", "Account": {"attributes": {"type": "Account"}, "External_Id__c": "E-1"}}
            ]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK);
    let r = created.body.as_array().unwrap();
    assert_eq!(r[0]["success"], true);
    assert!(r[1].get("id").is_none());
    assert_eq!(r[1]["errors"][0]["statusCode"], "REQUIRED_FIELD_MISSING");
    assert_eq!(r[2]["success"], true, "{}", r[2]);
    let account = r[0]["id"].as_str().unwrap().to_string();
    let contact = r[2]["id"].as_str().unwrap().to_string();

    let updated = org
        .patch(
            "/composite/sobjects",
            json!({"records": [
                {"attributes": {"type": "Account"}, "id": account, "Industry": "Energy"},
                {"attributes": {"type": "Contact"}, "id": "003SB00000000zz", "Title": "X"}
            ]}),
        )
        .await;
    assert_eq!(
        updated.body[0],
        json!({"id": account, "success": true, "errors": []})
    );
    assert_eq!(updated.body[1]["success"], false);

    let upserted = org
        .patch(
            "/composite/sobjects/Account/External_Id__c",
            json!({"records": [
                {"attributes": {"type": "Account"}, "External_Id__c": "E-1", "Name": "One again"},
                {"attributes": {"type": "Account"}, "External_Id__c": "E-2", "Name": "Two"}
            ]}),
        )
        .await;
    assert_eq!(upserted.body[0]["created"], false);
    assert_eq!(upserted.body[0]["id"], account.as_str());
    assert_eq!(upserted.body[1]["created"], true);

    let retrieved = org
        .post(
            "/composite/sobjects/Account",
            json!({"ids": [account, "001SB00000000zz"], "fields": ["Name", "Industry"]}),
        )
        .await;
    assert_eq!(retrieved.body[0]["Name"], "One again");
    assert_eq!(retrieved.body[0]["Industry"], "Energy");
    assert_eq!(retrieved.body[1], Value::Null);

    let deleted = org
        .delete(&format!(
            "/composite/sobjects?ids={contact},{contact},bad&allOrNone=false"
        ))
        .await;
    assert_eq!(deleted.body[0]["success"], true);
    assert_eq!(
        deleted.body[1]["errors"][0]["statusCode"],
        "ENTITY_IS_DELETED"
    );
    assert_eq!(deleted.body[2]["errors"][0]["statusCode"], "MALFORMED_ID");
}

#[tokio::test]
async fn all_or_none_rolls_every_record_back() {
    let org = start().await;
    let existing = org.create("Account", json!({"Name": "Keep"})).await;
    let r = org
        .post(
            "/composite/sobjects",
            json!({"allOrNone": true, "records": [
                {"attributes": {"type": "Account"}, "Name": "Would be created", "External_Id__c": "R-1"},
                {"attributes": {"type": "Account"}, "Name": "x".repeat(300)}
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body[0],
        json!({"success": false, "errors": [rolled_back()]})
    );
    assert_eq!(r.body[1]["errors"][0]["statusCode"], "STRING_TOO_LONG");
    // Nothing was written: R-1 is free and upserting it creates.
    let up = org
        .patch(
            "/sobjects/Account/External_Id__c/R-1",
            json!({"Name": "Now"}),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED);

    let r = org
        .patch(
            "/composite/sobjects",
            json!({"allOrNone": true, "records": [
                {"attributes": {"type": "Account"}, "id": existing, "Name": "Renamed"},
                {"attributes": {"type": "Account"}, "id": existing, "Tier__c": "Platinum"}
            ]}),
        )
        .await;
    assert_eq!(
        r.body[0],
        json!({"id": existing, "success": false, "errors": [rolled_back()]})
    );
    assert_eq!(
        r.body[1]["errors"][0]["statusCode"],
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    );
    let after = org.get(&format!("/sobjects/Account/{existing}")).await;
    assert_eq!(after.body["Name"], "Keep");

    let too_many: Vec<Value> = (0..201)
        .map(|i| json!({"attributes": {"type": "Account"}, "Name": format!("A{i}")}))
        .collect();
    let r = org
        .post("/composite/sobjects", json!({"records": too_many}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error_code(), "EXCEEDED_ID_LIMIT");
}

#[tokio::test]
async fn every_call_reports_usage_and_the_daily_limit_is_enforced() {
    let org = start_with(|c| c.daily_request_limit = 3).await;
    let first = org.get("/limits").await;
    assert_eq!(first.headers["sforce-limit-info"], "api-usage=1/3");
    assert_eq!(
        first.body["DailyApiRequests"],
        json!({"Max": 3, "Remaining": 2})
    );
    org.get("/limits").await;
    let third = org.get("/sobjects/Nope").await;
    assert_eq!(third.headers["sforce-limit-info"], "api-usage=3/3");
    let over = org.get("/limits").await;
    assert_eq!(over.status, StatusCode::FORBIDDEN);
    assert_eq!(over.error_code(), "REQUEST_LIMIT_EXCEEDED");
    assert_eq!(over.body[0]["message"], "TotalRequests Limit exceeded.");
}

#[tokio::test]
async fn records_and_sessions_survive_a_restart() {
    let org = start().await;
    let id = org
        .create("Contact", json!({"LastName": "Persistent"}))
        .await;
    let removed = org.create("Contact", json!({"LastName": "Removed"})).await;
    org.delete(&format!("/sobjects/Contact/{removed}")).await;
    let token = org.token.clone();
    let common::Org { sandbox, dir, .. } = org;
    sandbox.stop().await;

    let org = start_in(dir, |_| {}).await;
    let r = org
        .http
        .get(format!(
            "{}/services/data/v59.0/sobjects/Contact/{id}",
            org.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the old session still works");
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["LastName"], "Persistent");
    let gone = org.get(&format!("/sobjects/Contact/{removed}")).await;
    assert_eq!(gone.error_code(), "ENTITY_IS_DELETED");
    let next = org.create("Contact", json!({"LastName": "After"})).await;
    assert_ne!(next, id);
    assert_ne!(next, removed);
}

#[tokio::test]
async fn queries_page_with_next_records_url_and_query_all_sees_deleted_rows() {
    let org = start().await;
    let records: Vec<Value> = (0..200)
        .map(|i| json!({"attributes": {"type": "Contact"}, "LastName": format!("L{i:03}")}))
        .collect();
    for chunk in 0..3 {
        let r = org
            .post("/composite/sobjects", json!({"records": records.clone()}))
            .await;
        assert_eq!(r.body[0]["success"], true, "chunk {chunk}");
    }
    let q = |soql: &str| format!("/query?q={}", soql.replace(' ', "+"));
    let url = format!(
        "{}/services/data/v59.0{}",
        org.base,
        q("SELECT Id, LastName FROM Contact ORDER BY LastName")
    );
    let first: Value = org
        .http
        .get(url)
        .bearer_auth(&org.token)
        .header("Sforce-Query-Options", "batchSize=250")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["totalSize"], 600);
    assert_eq!(first["done"], false);
    assert_eq!(first["records"].as_array().unwrap().len(), 250);
    assert_eq!(first["records"][0]["LastName"], "L000");
    let mut next = first["nextRecordsUrl"].as_str().unwrap().to_string();
    assert!(next.starts_with("/services/data/v59.0/query/01g"), "{next}");
    let mut seen = 250;
    loop {
        let page: Value = org
            .http
            .get(format!("{}{next}", org.base))
            .bearer_auth(&org.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        seen += page["records"].as_array().unwrap().len();
        match page["nextRecordsUrl"].as_str() {
            Some(n) => next = n.to_string(),
            None => {
                assert_eq!(page["done"], true);
                break;
            }
        }
    }
    assert_eq!(seen, 600);

    let id = org.create("Contact", json!({"LastName": "Binned"})).await;
    org.delete(&format!("/sobjects/Contact/{id}")).await;
    let live = org
        .get(&q("SELECT Id FROM Contact WHERE LastName = 'Binned'"))
        .await;
    assert_eq!(live.body["totalSize"], 0);
    let all = org
        .get(
            &q("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Binned'")
                .replace("/query", "/queryAll"),
        )
        .await;
    assert_eq!(all.body["totalSize"], 1);
    assert_eq!(all.body["records"][0]["IsDeleted"], true);

    let count = org.get(&q("SELECT COUNT() FROM Contact")).await;
    assert_eq!(
        count.body,
        json!({"totalSize": 600, "done": true, "records": []})
    );
    let unknown = org.get(&q("SELECT Id FROM ScratchOrgInfo")).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.error_code(), "INVALID_TYPE");
    let broken = org.get(&q("SELEC Id FROM Contact")).await;
    assert_eq!(broken.error_code(), "MALFORMED_QUERY");
    let stale = org.get("/query/01gSB0000000zzzAAA-2000").await;
    assert_eq!(stale.error_code(), "INVALID_QUERY_LOCATOR");
}
