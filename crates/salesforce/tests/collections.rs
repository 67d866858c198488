//! sObject Collections against the sandbox org: per-record results in order for a mix of
//! good and bad records, upsert by external ID (created vs updated), delete, update and
//! delete by external ID, batching over 200 records with calls in flight, and faults (503,
//! 429-style retries, dropped connections, UNABLE_TO_LOCK_ROW) that neither lose nor
//! duplicate records.

mod common;

use common::{contacts, start};
use serde_json::{json, Value};
use synccentral_salesforce::{Operation, DEFAULT_CONCURRENCY};

#[tokio::test]
async fn a_mix_of_good_and_bad_records_gets_one_result_each_in_order() {
    let org = start().await;
    let client = org.client().await;
    let records = vec![
        json!({"LastName": "Good 1"}),
        json!({"LastName": "x".repeat(81)}),
        json!({"FirstName": "No last name"}),
        json!({"LastName": "Good 2", "Email": "not-an-email"}),
        json!({"LastName": "Good 3"}),
    ];
    let results = client.create_many("Contact", &records).await.unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| {
            r.errors
                .first()
                .map(|e| e.status_code.as_str())
                .unwrap_or("ok")
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            "ok",
            "STRING_TOO_LONG",
            "REQUIRED_FIELD_MISSING",
            "INVALID_EMAIL_ADDRESS",
            "ok"
        ]
    );
    assert!(results[0].success && results[0].id.is_some());
    assert!(!results[1].success && results[1].id.is_none());
    assert_eq!(results[1].errors[0].fields, vec!["LastName".to_string()]);
    assert_eq!(results[2].errors[0].fields, vec!["LastName".to_string()]);
}

#[tokio::test]
async fn upsert_by_external_id_reports_created_then_updated() {
    let org = start().await;
    let client = org.client().await;
    let first = client
        .upsert_many(
            "Account",
            "External_Id__c",
            &[
                json!({"External_Id__c": "U-1", "Name": "One"}),
                json!({"External_Id__c": "U-2", "Name": "Two"}),
            ],
        )
        .await
        .unwrap();
    assert!(first.iter().all(|r| r.success && r.created == Some(true)));
    let second = client
        .upsert_many(
            "Account",
            "External_Id__c",
            &[
                json!({"External_Id__c": "U-2", "Name": "Two again"}),
                json!({"External_Id__c": "U-3", "Name": "Three"}),
                json!({"External_Id__c": "U-1", "Name": "y".repeat(300)}),
            ],
        )
        .await
        .unwrap();
    assert_eq!(second[0].created, Some(false));
    assert_eq!(second[0].id, first[1].id);
    assert_eq!(second[1].created, Some(true));
    assert!(!second[2].success);
    assert_eq!(second[2].errors[0].status_code, "STRING_TOO_LONG");
    let names = client
        .query_all_records("SELECT Name FROM Account WHERE External_Id__c = 'U-2'")
        .await
        .unwrap();
    assert_eq!(names[0]["Name"], "Two again");
}

#[tokio::test]
async fn deletes_report_each_id_including_unknown_ones() {
    let org = start().await;
    let client = org.client().await;
    let created = client
        .create_many("Contact", &contacts("del", 2))
        .await
        .unwrap();
    let mut ids: Vec<String> = created.iter().map(|r| r.id.clone().unwrap()).collect();
    ids.insert(1, "003000000000000AAA".into());
    let results = client.delete_many(&ids).await.unwrap();
    assert!(results[0].success && results[2].success);
    assert!(!results[1].success, "{:?}", results[1]);
    let left = client
        .query_all_records("SELECT Id FROM Contact WHERE LastName LIKE 'Last-del-%'")
        .await
        .unwrap();
    assert!(left.is_empty());
}

#[tokio::test]
async fn update_and_delete_by_external_id_look_the_ids_up_first() {
    let org = start().await;
    let client = org.client().await;
    let accounts: Vec<Value> = (0..450)
        .map(|i| json!({"External_Id__c": format!("EXT-{i:04}-{}", "pad".repeat(5)), "Name": format!("Acc {i}")}))
        .collect();
    let r = client
        .write_collections(
            &Operation::Upsert {
                external_id_field: "External_Id__c".into(),
            },
            "Account",
            &accounts,
            DEFAULT_CONCURRENCY,
        )
        .await;
    assert!(r.iter().all(|r| r.success));

    let mut updates: Vec<Value> = (0..450)
        .map(|i| json!({"External_Id__c": format!("ext-{i:04}-{}", "pad".repeat(5)), "Name": format!("Renamed {i}")}))
        .collect();
    updates.insert(3, json!({"External_Id__c": "NOPE", "Name": "x"}));
    let results = client
        .update_by_external_id("Account", "External_Id__c", &updates, 2)
        .await
        .unwrap();
    assert_eq!(results.len(), 451);
    assert_eq!(results[3].errors[0].status_code, "NOT_FOUND");
    assert_eq!(results.iter().filter(|r| r.success).count(), 450);
    let renamed = client
        .query_all_records("SELECT Id FROM Account WHERE Name LIKE 'Renamed %'")
        .await
        .unwrap();
    assert_eq!(renamed.len(), 450);

    let values: Vec<String> = vec![format!("EXT-0007-{}", "pad".repeat(5)), "MISSING".into()];
    let results = client
        .delete_by_external_id("Account", "External_Id__c", &values, 2)
        .await
        .unwrap();
    assert!(results[0].success);
    assert_eq!(results[1].errors[0].status_code, "NOT_FOUND");
}

#[tokio::test]
async fn many_records_go_in_batches_of_200_with_results_in_input_order() {
    let org = start().await;
    let client = org.client().await;
    let mut records = contacts("batch", 650);
    records[250] = json!({"LastName": "z".repeat(100)});
    records[649] = json!({"FirstName": "missing"});
    let sent_before = org.egress.sent();
    let results = client
        .write_collections(&Operation::Insert, "Contact", &records, 3)
        .await;
    assert_eq!(org.egress.sent() - sent_before, 4);
    assert_eq!(results.len(), 650);
    assert_eq!(results[250].errors[0].status_code, "STRING_TOO_LONG");
    assert_eq!(results[649].errors[0].status_code, "REQUIRED_FIELD_MISSING");
    assert_eq!(results.iter().filter(|r| r.success).count(), 648);
    // Results line up with inputs: each ID holds its own record.
    for i in [0usize, 199, 200, 401, 648] {
        let got = client
            .get("Contact", results[i].id.as_deref().unwrap(), &["LastName"])
            .await
            .unwrap();
        assert_eq!(got["LastName"], format!("Last-batch-{i}"));
    }
}

#[tokio::test]
async fn faults_neither_lose_nor_duplicate_records() {
    let org = start().await;
    let client = org.client().await;
    let path = "/services/data/v62.0/composite/sobjects";
    org.arm_kind(&client, "503", 2, path).await;
    org.arm_kind(&client, "drop", 1, path).await;
    org.arm_kind(&client, "UNABLE_TO_LOCK_ROW", 2, path).await;
    org.arm_kind(&client, "500", 1, path).await;
    org.arm_kind(&client, "session_expired", 1, path).await;
    let records = contacts("faulty", 500);
    let results = client
        .write_collections(&Operation::Insert, "Contact", &records, 2)
        .await;
    // 503, lock errors and an expired session are answered before anything is written, so
    // those calls are sent again. A create whose connection dropped, or that got a 500, may
    // have been applied: it is not sent again, and its records report the error (the
    // runner's insert journal resolves them by external ID on the next run).
    let failed: Vec<_> = results.iter().filter(|r| !r.success).collect();
    assert!(failed.len() <= 400, "at most the two uncertain calls");
    assert!(
        failed.iter().all(|r| matches!(
            r.errors[0].status_code.as_str(),
            "CONNECTION_FAILED" | "UNKNOWN_EXCEPTION"
        )),
        "{failed:?}"
    );
    let succeeded = results.iter().filter(|r| r.success).count();
    let rows = client
        .query_all_records("SELECT LastName FROM Contact WHERE LastName LIKE 'Last-faulty-%'")
        .await
        .unwrap();
    assert!(rows.len() >= succeeded && rows.len() <= 500);
    let mut names: Vec<&str> = rows
        .iter()
        .map(|r| r["LastName"].as_str().unwrap())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "no record twice");
}

#[tokio::test]
async fn query_paging_over_records_written_in_batches() {
    use futures_util::TryStreamExt;
    let org = start().await;
    let client = org.client().await;
    client
        .write_collections(&Operation::Insert, "Contact", &contacts("pg", 2500), 4)
        .await;
    let pages: Vec<_> = client
        .query("SELECT Id FROM Contact WHERE LastName LIKE 'Last-pg-%'")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2, "the sandbox's default batch is 2,000 rows");
    assert_eq!(pages.iter().map(|p| p.records.len()).sum::<usize>(), 2500);
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_and_the_batch_is_written_once() {
    use common::{client_at, forward, front, Reply};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    let org = start().await;
    let sandbox = org.base.as_str().trim_end_matches('/').to_string();
    let refused = Arc::new(AtomicU32::new(0));
    let counter = refused.clone();
    let base = front(move |seen| {
        let sandbox = sandbox.clone();
        let counter = counter.clone();
        async move {
            if seen.target.contains("/composite/sobjects") && counter.fetch_add(1, Ordering::SeqCst) < 2 {
                return Reply {
                    status: 429,
                    headers: vec![("retry-after".into(), "1".into()), ("content-type".into(), "application/json".into())],
                    body: br#"[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"ConcurrentRequests Limit exceeded."}]"#.to_vec(),
                };
            }
            forward(&sandbox, seen).await
        }
    })
    .await;
    let client = client_at(&org, &base).await;
    let started = std::time::Instant::now();
    let results = client
        .create_many("Contact", &contacts("busy", 3))
        .await
        .unwrap();
    assert!(results.iter().all(|r| r.success));
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "waited Retry-After twice"
    );
    assert_eq!(refused.load(Ordering::SeqCst), 3);
    let rows = client
        .query_all_records("SELECT Id FROM Contact WHERE LastName LIKE 'Last-busy-%'")
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        client.api_usage().is_some(),
        "limit info read through the front too"
    );
}

/// The sandbox refuses whole calls with UNABLE_TO_LOCK_ROW; Salesforce also reports it on
/// single records of a collections result. A front answers the first call with record 2
/// locked, then passes calls on: only record 2 is sent again.
#[tokio::test]
async fn a_record_refused_with_unable_to_lock_row_is_sent_again_alone() {
    use common::{client_at, forward, front, Seen};
    use std::sync::{Arc, Mutex};
    let org = start().await;
    let sandbox = org.base.as_str().trim_end_matches('/').to_string();
    let calls: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = calls.clone();
    let base = front(move |seen| {
        let sandbox = sandbox.clone();
        let log = log.clone();
        async move {
            let collection = seen.target.contains("/composite/sobjects");
            let first = collection && {
                let mut l = log.lock().unwrap();
                l.push(seen.clone());
                l.len() == 1
            };
            let mut reply = forward(&sandbox, seen).await;
            if first {
                // Pretend record 2 was locked: undo it and report the lock.
                let mut results: Vec<Value> = serde_json::from_slice(&reply.body).unwrap();
                let id = results[1]["id"].as_str().unwrap().to_string();
                let headers = log.lock().unwrap()[0].headers.clone();
                forward(&sandbox, Seen {
                    method: "DELETE".into(),
                    target: format!("/services/data/v62.0/sobjects/Contact/{id}"),
                    headers,
                    body: Vec::new(),
                })
                .await;
                results[1] = json!({"success": false, "errors": [{"statusCode": "UNABLE_TO_LOCK_ROW", "message": "unable to obtain exclusive access to this record or 1 records: 001x", "fields": []}]});
                reply.body = serde_json::to_vec(&results).unwrap();
            }
            reply
        }
    })
    .await;
    let client = client_at(&org, &base).await;
    let records = contacts("lock", 3);
    let results = client.create_many("Contact", &records).await.unwrap();
    assert!(results.iter().all(|r| r.success), "{results:?}");
    let calls = calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    let resent: Value = serde_json::from_slice(&calls[1].body).unwrap();
    assert_eq!(resent["records"].as_array().unwrap().len(), 1);
    assert_eq!(resent["records"][0]["LastName"], "Last-lock-1");
    let rows = client
        .query_all_records("SELECT LastName FROM Contact WHERE LastName LIKE 'Last-lock-%'")
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let got = client
        .get("Contact", results[1].id.as_deref().unwrap(), &["LastName"])
        .await
        .unwrap();
    assert_eq!(got["LastName"], "Last-lock-1");
}
