//! Record types: RecordType records created through REST show in their object's describe
//! (`recordTypeInfos`, after Master), are found by SOQL (also through `RecordType.DeveloperName`
//! from the records using them), and a `RecordTypeId` written to a record must be an active
//! record type of that object.

mod common;

use common::start;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn record_types_are_seeded_described_queried_and_checked_on_write() {
    let org = start().await;
    let d = org.get("/sobjects/Account/describe").await.body;
    let rt_field = d["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "RecordTypeId")
        .cloned()
        .expect("Account has RecordTypeId");
    assert_eq!(rt_field["referenceTo"], json!(["RecordType"]));
    assert_eq!(rt_field["relationshipName"], "RecordType");
    assert_eq!(
        d["recordTypeInfos"].as_array().unwrap().len(),
        1,
        "Master only"
    );

    let partner = org
        .create(
            "RecordType",
            json!({"Name": "Partner", "DeveloperName": "Partner", "SobjectType": "Account", "IsActive": true}),
        )
        .await;
    assert!(partner.starts_with("012"), "{partner}");
    let retired = org
        .create(
            "RecordType",
            json!({"Name": "Old", "DeveloperName": "Old", "SobjectType": "Account", "IsActive": false}),
        )
        .await;
    let staff = org
        .create(
            "RecordType",
            json!({"Name": "Staff", "DeveloperName": "Staff", "SobjectType": "Contact", "IsActive": true}),
        )
        .await;
    let a = org
        .post("/sobjects/RecordType", json!({"Name": "No developer name"}))
        .await;
    assert_eq!(a.error_code(), "REQUIRED_FIELD_MISSING", "{}", a.body);

    let infos = org.get("/sobjects/Account/describe").await.body["recordTypeInfos"].clone();
    let infos = infos.as_array().unwrap();
    assert_eq!(infos.len(), 2, "{infos:?}");
    assert_eq!(infos[0]["recordTypeId"], "012000000000000AAA");
    assert_eq!(infos[0]["master"], true);
    assert_eq!(infos[1]["recordTypeId"], partner.as_str());
    assert_eq!(infos[1]["developerName"], "Partner");
    assert_eq!(infos[1]["defaultRecordTypeMapping"], true);

    let q = org
        .get("/query?q=SELECT+Id,DeveloperName+FROM+RecordType+WHERE+SobjectType+=+'Account'+AND+IsActive+=+true")
        .await;
    assert_eq!(q.body["totalSize"], 1, "{}", q.body);
    assert_eq!(q.body["records"][0]["DeveloperName"], "Partner");

    // Writing RecordTypeId: an active record type of the object.
    let acc = org
        .create(
            "Account",
            json!({"Name": "Acme", "RecordTypeId": &partner[..15]}),
        )
        .await;
    let q = org
        .get(&format!(
            "/query?q=SELECT+Id,RecordTypeId,RecordType.DeveloperName+FROM+Account+WHERE+Id='{acc}'"
        ))
        .await;
    assert_eq!(q.body["records"][0]["RecordTypeId"], partner.as_str());
    assert_eq!(
        q.body["records"][0]["RecordType"]["DeveloperName"],
        "Partner"
    );
    for bad in [&retired, &staff, &"012000000000zzz".to_string()] {
        let a = org
            .post(
                "/sobjects/Account",
                json!({"Name": "X", "RecordTypeId": bad}),
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            a.body[0],
            json!({"errorCode": "INVALID_CROSS_REFERENCE_KEY",
                   "message": format!("Record Type ID: this ID value isn't valid for the user: {bad}"),
                   "fields": ["RecordTypeId"]}),
            "{bad}"
        );
    }
    // Another object's ID is the wrong type, as for any lookup.
    let a = org
        .post(
            "/sobjects/Account",
            json!({"Name": "X", "RecordTypeId": acc}),
        )
        .await;
    assert_eq!(a.error_code(), "FIELD_INTEGRITY_EXCEPTION", "{}", a.body);
    let a = org
        .patch(
            &format!("/sobjects/Account/{acc}"),
            json!({"RecordTypeId": staff}),
        )
        .await;
    assert_eq!(a.error_code(), "INVALID_CROSS_REFERENCE_KEY");
    let c = org
        .create(
            "Contact",
            json!({"LastName": "Lovelace", "RecordTypeId": staff}),
        )
        .await;
    assert!(c.starts_with("003"));
}
