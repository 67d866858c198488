//! Undelete through the SOAP API (`POST /services/Soap/u/{version}`, the call real clients
//! use: REST has no undelete resource): records come back from the recycle bin with their IDs
//! and a new SystemModstamp; per-ID errors for records not in the bin (live, hard-deleted,
//! malformed); AllOrNoneHeader rolls back; a bad session or an unreadable body is a SOAP fault,
//! never a crash; each call counts as an API request.

mod common;

use common::start;
use reqwest::StatusCode;
use serde_json::json;

fn envelope(session: &str, extra_header: &str, ids: &[&str]) -> String {
    let ids: String = ids
        .iter()
        .map(|id| format!("<urn:ids>{id}</urn:ids>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
  <soapenv:Header>
    <urn:SessionHeader><urn:sessionId>{session}</urn:sessionId></urn:SessionHeader>{extra_header}
  </soapenv:Header>
  <soapenv:Body><urn:undelete>{ids}</urn:undelete></soapenv:Body>
</soapenv:Envelope>"#
    )
}

async fn soap(org: &common::Org, body: String) -> (StatusCode, String) {
    let r = org
        .http
        .post(format!("{}/services/Soap/u/59.0", org.base))
        .header("content-type", "text/xml; charset=UTF-8")
        .header("SOAPAction", "undelete")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// The `<result>` elements of an undeleteResponse.
fn results(xml: &str) -> Vec<String> {
    xml.split("<result>")
        .skip(1)
        .map(|r| r.split("</result>").next().unwrap().to_string())
        .collect()
}

fn modstamp(org_record: &serde_json::Value) -> String {
    org_record["SystemModstamp"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn undelete_brings_records_back_with_their_ids_and_reports_each_failure() {
    let org = start().await;
    let acc = org
        .create("Account", json!({"Name": "Acme", "External_Id__c": "A-1"}))
        .await;
    let con = org
        .create("Contact", json!({"LastName": "Lovelace", "AccountId": acc}))
        .await;
    let live = org.create("Contact", json!({"LastName": "Live"})).await;
    let gone = org.create("Contact", json!({"LastName": "Gone"})).await;
    for id in [&acc, &con] {
        let object = if id.starts_with("001") {
            "Account"
        } else {
            "Contact"
        };
        let a = org.delete(&format!("/sobjects/{object}/{id}")).await;
        assert_eq!(a.status, StatusCode::NO_CONTENT);
    }
    let before = org.get("/query?q=SELECT+Id+FROM+Contact").await;
    assert_eq!(before.body["totalSize"], 2, "{}", before.body);
    let deleted_stamp = {
        let a = org
            .get(&format!(
                "/queryAll?q=SELECT+Id,SystemModstamp+FROM+Account+WHERE+Id='{acc}'"
            ))
            .await;
        modstamp(&a.body["records"][0])
    };
    // Bulk hardDelete erases for good.
    let info = org
        .ingest(
            json!({"object": "Contact", "operation": "hardDelete", "contentType": "CSV", "lineEnding": "LF"}),
            &format!("Id\n{gone}\n"),
        )
        .await;
    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
    let a = org.get("/queryAll?q=SELECT+Id+FROM+Contact").await;
    assert_eq!(a.body["totalSize"], 2, "erased: {}", a.body);
    let used = org.get("/limits").await.body["DailyApiRequests"]["Remaining"]
        .as_u64()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;

    let (status, xml) = soap(
        &org,
        envelope(&org.token, "", &[&acc, &con[..15], &live, &gone, "nope"]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{xml}");
    // Counted as one API request.
    let after = org.get("/limits").await.body["DailyApiRequests"]["Remaining"]
        .as_u64()
        .unwrap();
    assert_eq!(used - after, 2, "the SOAP call and this /limits call");
    assert!(xml.contains("<undeleteResponse>"), "{xml}");
    assert!(
        xml.contains("<type>API REQUESTS</type>"),
        "the LimitInfoHeader: {xml}"
    );
    let r = results(&xml);
    assert_eq!(r.len(), 5, "{xml}");
    assert_eq!(r[0], format!("<id>{acc}</id><success>true</success>"));
    assert_eq!(
        r[1],
        format!("<id>{con}</id><success>true</success>"),
        "15-character IDs are read, 18 answered"
    );
    for failed in [&r[2], &r[3]] {
        assert_eq!(
            failed,
            "<errors><message>Entity is not in the recycle bin</message>\
             <statusCode>UNDELETE_FAILED</statusCode></errors>\
             <id xsi:nil=\"true\"/><success>false</success>"
        );
    }
    assert!(
        r[4].contains("<statusCode>MALFORMED_ID</statusCode>"),
        "{}",
        r[4]
    );

    // Back in /query, same IDs, SystemModstamp moved.
    let a = org
        .get("/query?q=SELECT+Id+FROM+Contact+ORDER+BY+LastName")
        .await;
    assert_eq!(a.body["totalSize"], 2, "{}", a.body);
    let a = org
        .get(&format!(
            "/query?q=SELECT+Id,IsDeleted,SystemModstamp,Account.Name+FROM+Contact+WHERE+Id='{con}'"
        ))
        .await;
    assert_eq!(
        a.body["records"][0]["Account"]["Name"], "Acme",
        "{}",
        a.body
    );
    assert_eq!(a.body["records"][0]["IsDeleted"], false);
    let acc_now = org.get(&format!("/sobjects/Account/{acc}")).await;
    assert_eq!(acc_now.status, StatusCode::OK);
    assert!(modstamp(&acc_now.body) > deleted_stamp, "{}", acc_now.body);
    // The external ID is matched again.
    let a = org.get("/sobjects/Account/External_Id__c/A-1").await;
    assert_eq!(a.body["Id"], acc.as_str());
}

#[tokio::test]
async fn all_or_none_rolls_back_and_a_taken_unique_value_fails() {
    let org = start().await;
    let old = org
        .create("Account", json!({"Name": "Old", "External_Id__c": "X-1"}))
        .await;
    let other = org.create("Account", json!({"Name": "Other"})).await;
    for id in [&old, &other] {
        org.delete(&format!("/sobjects/Account/{id}")).await;
    }
    let new = org
        .create("Account", json!({"Name": "New", "External_Id__c": "x-1"}))
        .await;
    let all_or_none =
        "<urn:AllOrNoneHeader><urn:allOrNone>true</urn:allOrNone></urn:AllOrNoneHeader>";
    let (status, xml) = soap(&org, envelope(&org.token, all_or_none, &[&other, &old])).await;
    assert_eq!(status, StatusCode::OK, "{xml}");
    let r = results(&xml);
    assert!(
        r[0].contains("<statusCode>ALL_OR_NONE_OPERATION_ROLLED_BACK</statusCode>"),
        "{xml}"
    );
    assert!(
        r[1].contains(&format!(
            "duplicate value found: External_Id__c duplicates value on record with id: {}",
            &new[..15]
        )) && r[1].contains("<statusCode>DUPLICATE_VALUE</statusCode>"),
        "{xml}"
    );
    let a = org.get(&format!("/sobjects/Account/{other}")).await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "rolled back: still deleted"
    );
    // Without the header the free one comes back.
    let (_, xml) = soap(&org, envelope(&org.token, "", &[&other, &old])).await;
    let r = results(&xml);
    assert_eq!(r[0], format!("<id>{other}</id><success>true</success>"));
    assert!(r[1].contains("DUPLICATE_VALUE"));
}

#[tokio::test]
async fn bad_sessions_and_bodies_are_soap_faults() {
    let org = start().await;
    let (status, xml) = soap(&org, envelope("00Dnope!AQ.x", "", &["001"])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        xml.contains("<faultcode>sf:INVALID_SESSION_ID</faultcode>")
            && xml.contains("<sf:exceptionCode>INVALID_SESSION_ID</sf:exceptionCode>"),
        "{xml}"
    );
    let many: Vec<String> = (0..201).map(|_| "001".to_string()).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for (body, fault) in [
        ("<soapenv:Envelope".to_string(), "soapenv:Client"),
        ("{\"json\": true}".to_string(), "soapenv:Client"),
        (
            envelope(&org.token, "", &["a</urn:ids><x>"]),
            "soapenv:Client",
        ),
        (
            envelope(&org.token, "", &[]).replace("undelete", "merge"),
            "soapenv:Client",
        ),
        (envelope(&org.token, "", &many), "sf:EXCEEDED_ID_LIMIT"),
    ] {
        let (status, xml) = soap(&org, body.clone()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}: {xml}");
        assert!(
            xml.contains(&format!("<faultcode>{fault}</faultcode>")),
            "{body}: {xml}"
        );
    }
    // Not UTF-8.
    let r = org
        .http
        .post(format!("{}/services/Soap/u/59.0", org.base))
        .body(vec![0xffu8, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // Still serving.
    assert_eq!(org.get("/limits").await.status, StatusCode::OK);
}
