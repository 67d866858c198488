//! The REST API against the sandbox org: versions, describes, single-record writes,
//! Salesforce's errors with their codes, query paging through `nextRecordsUrl`, faults the
//! egress client rides out, and `Sforce-Limit-Info`.

mod common;

use common::{start, start_with};
use futures_util::TryStreamExt;
use serde_json::json;

#[tokio::test]
async fn versions_and_describes() {
    let org = start().await;
    let client = org.client().await;
    let versions = client.versions().await.unwrap();
    assert_eq!(versions.last().unwrap().version, "62.0");
    let global = client.describe_global().await.unwrap();
    assert!(global["sobjects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["name"] == "Account"));
    let d = client.describe("account").await.unwrap();
    assert_eq!(d.name, "Account");
    assert!(d.field("External_Id__c").unwrap().external_id);
    let raw = client.describe_json("Account").await.unwrap();
    assert_eq!(raw["name"], "Account");
}

#[tokio::test]
async fn single_records_are_created_read_updated_upserted_and_deleted() {
    let org = start().await;
    let client = org.client().await;
    let id = client
        .create(
            "Account",
            &json!({"attributes": {"type": "Account"}, "Name": "Acme"}),
        )
        .await
        .unwrap();
    assert!(id.starts_with("001") && id.len() == 18, "{id}");
    client
        .update("Account", &id, &json!({"Id": id, "Name": "Acme 2"}))
        .await
        .unwrap();
    let got = client.get("Account", &id, &["Name"]).await.unwrap();
    assert_eq!(got["Name"], "Acme 2");

    let first = client
        .upsert("Account", "External_Id__c", "A-1", &json!({"Name": "Ext"}))
        .await
        .unwrap();
    assert!(first.created);
    let second = client
        .upsert(
            "Account",
            "External_Id__c",
            "A-1",
            &json!({"Name": "Ext 2", "External_Id__c": "A-1"}),
        )
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(first.id, second.id);

    client.delete("Account", &id).await.unwrap();
    let e = client.get("Account", &id, &[]).await.unwrap_err();
    assert_eq!(e.code(), "ENTITY_IS_DELETED");
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn salesforce_errors_keep_their_code_message_and_fields() {
    let org = start().await;
    let client = org.client().await;
    let e = client
        .query_all_records("SELEC Id FROM Account")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "MALFORMED_QUERY");
    let e = client
        .create("Contact", &json!({"LastName": "x".repeat(81)}))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "STRING_TOO_LONG");
    let synccentral_salesforce::SalesforceError::Api { status, errors } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(errors[0].fields, vec!["LastName".to_string()]);
    let e = client.describe("Nope__c").await.unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
}

#[tokio::test]
async fn queries_page_through_next_records_url() {
    let org = start().await;
    let client = org.client().await;
    for i in 0..450 {
        client
            .create("Contact", &json!({"LastName": format!("Pager-{i:03}")}))
            .await
            .unwrap();
    }
    let soql = "SELECT Id, LastName FROM Contact WHERE LastName LIKE 'Pager-%' ORDER BY LastName";
    let mut pages = Box::pin(client.query_with(soql, Some(200), false));
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        assert_eq!(page.total_size, 450);
        sizes.push(page.records.len());
        names.extend(
            page.records
                .iter()
                .map(|r| r["LastName"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(sizes, vec![200, 200, 50]);
    let expected: Vec<String> = (0..450).map(|i| format!("Pager-{i:03}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn transient_faults_are_retried_without_duplicating_a_create() {
    let org = start().await;
    let client = org.client().await;
    org.arm_kind(&client, "503", 2, "/services/data/v62.0/sobjects")
        .await;
    org.arm_kind(
        &client,
        "UNABLE_TO_LOCK_ROW",
        2,
        "/services/data/v62.0/sobjects",
    )
    .await;
    client
        .create("Contact", &json!({"LastName": "Once"}))
        .await
        .expect("created after the faults");
    let rows = client
        .query_all_records("SELECT Id FROM Contact WHERE LastName = 'Once'")
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(org.egress.retried() >= 2);
}

#[tokio::test]
async fn a_create_whose_connection_dropped_is_reported_not_sent_again() {
    // Once the request left, a dropped connection leaves it unknown whether Salesforce
    // created the record: resending could create it twice, so the caller is told instead
    // (runs keep such inserts pending and look them up by external ID).
    let org = start().await;
    let client = org.client().await;
    org.arm_kind(&client, "drop", 1, "/services/data/v62.0/sobjects")
        .await;
    let err = client
        .create("Contact", &json!({"LastName": "Maybe"}))
        .await
        .expect_err("a dropped create is not resent");
    assert_eq!(err.code(), "CONNECTION_FAILED", "{err:?}");
    let rows = client
        .query_all_records("SELECT Id FROM Contact WHERE LastName = 'Maybe'")
        .await
        .unwrap();
    assert!(rows.len() <= 1, "never twice");
}

#[tokio::test]
async fn limit_info_is_kept_and_the_daily_limit_is_reported() {
    let org = start_with(|c| c.daily_request_limit = 5).await;
    let client = org.client().await;
    assert_eq!(client.api_usage(), None);
    client.limits().await.unwrap();
    let (used, max) = client.api_usage().unwrap();
    assert_eq!(max, 5);
    assert!(used >= 1);
    client.limits().await.unwrap();
    assert_eq!(client.api_usage().unwrap().0, used + 1);
    assert!(!client.past_share_of_limit(0.9));
    let mut last = Ok(serde_json::Value::Null);
    for _ in 0..6 {
        last = client.limits().await;
    }
    assert!(client.past_share_of_limit(0.9));
    assert_eq!(last.unwrap_err().code(), "REQUEST_LIMIT_EXCEEDED");
}

/// An answer that points the next page at another host (`nextRecordsUrl` absolute): the
/// session is not sent there, the query fails naming the instance.
#[tokio::test]
async fn a_next_page_off_the_instance_is_refused_not_followed() {
    let org = start().await;
    let elsewhere = org.base.clone();
    let base = common::front(move |_seen| {
        let elsewhere = elsewhere.clone();
        async move {
            common::Reply {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: serde_json::to_vec(&json!({
                    "totalSize": 4, "done": false,
                    "nextRecordsUrl": format!("{elsewhere}/services/data/v62.0/query/01gNEXT-2000"),
                    "records": [{"Id": "003000000000001AAA"}, {"Id": "003000000000002AAA"}]
                }))
                .unwrap(),
            }
        }
    })
    .await;
    let client = common::client_at(&org, &base).await;
    let e = client
        .query_all_records("SELECT Id FROM Contact")
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("a URL off the org's instance"),
        "{e}"
    );
}
