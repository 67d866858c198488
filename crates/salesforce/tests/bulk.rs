//! Bulk API 2.0 against the sandbox org: ingest jobs whose results come back in input order
//! (successes, per-record failures, relationship columns, clearing with `#N/A`, several jobs
//! for one call), delete, faults during a job, query jobs read page by page and typed by the
//! describe, and the Loader's choice between collections and Bulk.

mod common;

use common::{contacts, start};
use serde_json::{json, Value};
use synccentral_salesforce::{Api, BulkOptions, Loader, Operation};

fn quick() -> BulkOptions {
    BulkOptions {
        poll_initial: std::time::Duration::from_millis(20),
        poll_max: std::time::Duration::from_millis(200),
        ..BulkOptions::default()
    }
}

#[tokio::test]
async fn ingest_results_are_mapped_back_to_the_input_order() {
    let org = start().await;
    let client = org.client().await;
    let describe = client.describe("Contact").await.unwrap();
    client
        .upsert_many(
            "Account",
            "External_Id__c",
            &[json!({"External_Id__c": "B-1", "Name": "Parent"})],
        )
        .await
        .unwrap();
    let records = vec![
        json!({"LastName": "Same", "Score__c": 2.0}),
        json!({"LastName": "x".repeat(81)}),
        json!({"LastName": "Child", "Account": {"External_Id__c": "B-1"}, "HasOptedOutOfEmail": true,
               "Last_Seen__c": "2024-05-01T10:00:00.000+0000", "Birthdate": "1990-02-03"}),
        json!({"LastName": "Orphan", "Account": {"External_Id__c": "B-404"}}),
        json!({"LastName": "Same", "Score__c": 2.0}),
        json!({"FirstName": "No last name"}),
    ];
    let results = client
        .bulk_ingest(
            &Operation::Insert,
            "Contact",
            &records,
            Some(&describe),
            &quick(),
        )
        .await
        .unwrap();
    assert_eq!(results.len(), 6);
    let ok: Vec<bool> = results.iter().map(|r| r.success).collect();
    assert_eq!(ok, vec![true, false, true, false, true, false]);
    assert_eq!(results[1].errors[0].status_code, "STRING_TOO_LONG");
    assert_eq!(results[1].errors[0].fields, vec!["LastName".to_string()]);
    assert_eq!(results[3].errors[0].status_code, "INVALID_FIELD");
    assert_eq!(results[5].errors[0].status_code, "REQUIRED_FIELD_MISSING");
    assert_ne!(
        results[0].id, results[4].id,
        "identical rows get distinct results"
    );
    let child = client
        .get(
            "Contact",
            results[2].id.as_deref().unwrap(),
            &["LastName", "AccountId", "HasOptedOutOfEmail", "Birthdate"],
        )
        .await
        .unwrap();
    assert_eq!(child["LastName"], "Child");
    assert_eq!(child["HasOptedOutOfEmail"], true);
    assert_eq!(child["Birthdate"], "1990-02-03");
    assert!(child["AccountId"].as_str().unwrap().starts_with("001"));
}

#[tokio::test]
async fn upsert_update_with_nulls_and_delete_through_bulk() {
    let org = start().await;
    let client = org.client().await;
    let upsert = Operation::Upsert {
        external_id_field: "External_Id__c".into(),
    };
    let first = client
        .bulk_ingest(
            &upsert,
            "Account",
            &[
                json!({"External_Id__c": "K-1", "Name": "One", "Phone": "123"}),
                json!({"External_Id__c": "K-2", "Name": "Two"}),
            ],
            None,
            &quick(),
        )
        .await
        .unwrap();
    assert!(
        first.iter().all(|r| r.success && r.created == Some(true)),
        "{first:?}"
    );
    let second = client
        .bulk_ingest(
            &upsert,
            "Account",
            &[
                json!({"External_Id__c": "K-3", "Name": "Three"}),
                json!({"External_Id__c": "K-1", "Name": "One again", "Phone": null}),
            ],
            None,
            &quick(),
        )
        .await
        .unwrap();
    assert_eq!(second[0].created, Some(true));
    assert_eq!(second[1].created, Some(false));
    assert_eq!(second[1].id, first[0].id);
    let one = client
        .get(
            "Account",
            first[0].id.as_deref().unwrap(),
            &["Name", "Phone"],
        )
        .await
        .unwrap();
    assert_eq!(one["Name"], "One again");
    assert_eq!(one["Phone"], Value::Null, "#N/A cleared the field");

    let update = client
        .bulk_ingest(
            &Operation::Update,
            "Account",
            &[
                json!({"Id": first[1].id, "Name": "Two renamed"}),
                json!({"Id": "001000000000000AAA", "Name": "ghost"}),
            ],
            None,
            &quick(),
        )
        .await
        .unwrap();
    assert!(update[0].success);
    assert!(!update[1].success);

    let ids: Vec<Value> = first.iter().map(|r| json!({"Id": r.id})).collect();
    let deleted = client
        .bulk_ingest(&Operation::Delete, "Account", &ids, None, &quick())
        .await
        .unwrap();
    assert!(deleted.iter().all(|r| r.success), "{deleted:?}");
    let left = client
        .query_all_records("SELECT Id FROM Account WHERE External_Id__c IN ('K-1','K-2','K-3')")
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
}

#[tokio::test]
async fn a_large_call_runs_several_jobs_and_survives_faults_without_losing_or_duplicating() {
    let org = start().await;
    let client = org.client().await;
    let jobs = "/services/data/v62.0/jobs/ingest";
    org.arm_kind(&client, "503", 2, jobs).await;
    org.arm_kind(&client, "drop", 1, jobs).await;
    org.arm_kind(&client, "session_expired", 1, jobs).await;
    let options = BulkOptions {
        max_upload_bytes: 4_000,
        ..quick()
    };
    let records = contacts("bulkjobs", 600);
    let results = client
        .bulk_ingest(&Operation::Insert, "Contact", &records, None, &options)
        .await
        .unwrap();
    assert_eq!(results.len(), 600);
    assert!(
        results.iter().all(|r| r.success),
        "{:?}",
        results.iter().find(|r| !r.success)
    );
    let rows = client
        .query_all_records("SELECT Id, LastName FROM Contact WHERE LastName LIKE 'Last-bulkjobs-%'")
        .await
        .unwrap();
    assert_eq!(rows.len(), 600);
    for i in [0usize, 137, 599] {
        let got = client
            .get("Contact", results[i].id.as_deref().unwrap(), &["LastName"])
            .await
            .unwrap();
        assert_eq!(got["LastName"], format!("Last-bulkjobs-{i}"));
    }
}

#[tokio::test]
async fn bulk_query_reads_every_page_and_types_values_by_the_describe() {
    let org = start().await;
    let client = org.client().await;
    let records: Vec<Value> = (0..250)
        .map(|i| json!({"LastName": format!("Q-{i:03}"), "Score__c": i as f64 + 0.5, "HasOptedOutOfEmail": i % 2 == 0}))
        .collect();
    client
        .write_collections(&Operation::Insert, "Contact", &records, 4)
        .await;
    let describe = client.describe("Contact").await.unwrap();
    let options = BulkOptions {
        query_page_size: Some(100),
        ..quick()
    };
    org.arm_kind(&client, "503", 1, "/services/data/v62.0/jobs/query")
        .await;
    let rows = client
        .bulk_query(
            "SELECT LastName, Score__c, HasOptedOutOfEmail, Email, Account.Name FROM Contact WHERE LastName LIKE 'Q-%' ORDER BY LastName",
            Some(&describe),
            &options,
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 250);
    assert_eq!(
        rows[3],
        json!({"LastName": "Q-003", "Score__c": 3.5, "HasOptedOutOfEmail": false, "Email": null, "Account": null})
    );
    let e = client
        .bulk_query("SELECT Nope FROM Contact", None, &options)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "INVALID_FIELD");
}

#[tokio::test]
async fn the_loader_uses_bulk_from_the_threshold_on() {
    let org = start().await;
    let client = org.client().await;
    let mut loader = Loader::new(client.clone());
    loader.bulk = quick();
    assert_eq!(loader.choose(1_999), Api::Rest);
    assert_eq!(loader.choose(2_000), Api::Bulk);
    loader.bulk_threshold = 50;
    let before = org.egress.sent();
    let small = loader
        .write(&Operation::Insert, "Contact", &contacts("small", 49), None)
        .await
        .unwrap();
    assert_eq!(org.egress.sent() - before, 1, "one collections call");
    let big = loader
        .write(&Operation::Insert, "Contact", &contacts("big", 50), None)
        .await
        .unwrap();
    assert!(small.iter().chain(&big).all(|r| r.success));
    let jobs = client
        .query_all_records("SELECT Id FROM Contact WHERE LastName LIKE 'Last-big-%'")
        .await
        .unwrap();
    assert_eq!(jobs.len(), 50);
    loader.api = Api::Rest;
    assert_eq!(loader.choose(1_000_000), Api::Rest);
}
