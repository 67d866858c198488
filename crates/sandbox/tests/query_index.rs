//! SOQL through the query indexes, end to end: records written by every API (REST create,
//! update, upsert, delete; sObject Collections create, update, upsert, delete, and a create
//! rolled back by allOrNone; Bulk API 2.0 insert, upsert, delete, hardDelete) are found by Id
//! and external ID as written and counted by a bare COUNT() (from the record counts), and the
//! org restarted on the same data without indexes (every record read and judged) answers
//! every query — pages of `nextRecordsUrl` cursors included — exactly the same.

mod common;

use common::{start, start_in};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn ids(pages: &[Value]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p["page"]["records"].as_array().cloned().unwrap_or_default())
        .map(|r| r["Id"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn total(pages: &[Value]) -> u64 {
    pages[0]["page"]["totalSize"].as_u64().unwrap_or(u64::MAX)
}

#[tokio::test]
async fn writes_through_every_api_are_found_by_key_and_match_the_unindexed_answers() {
    let org = start().await;
    // REST: create, then move the external ID.
    let rest = org
        .create(
            "Contact",
            json!({"LastName": "Rest", "Contact_Id__c": "R-1"}),
        )
        .await;
    let a = org
        .patch(
            &format!("/sobjects/Contact/{rest}"),
            json!({"Contact_Id__c": "R-2"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::NO_CONTENT, "{}", a.body);
    // REST upsert by external ID: creates, then updates.
    let a = org
        .patch(
            "/sobjects/Contact/Contact_Id__c/U-1",
            json!({"LastName": "Upserted"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let upserted = a.body["id"].as_str().unwrap().to_string();
    let a = org
        .patch(
            "/sobjects/Contact/Contact_Id__c/U-1",
            json!({"LastName": "Upserted again"}),
        )
        .await;
    assert!(a.status.is_success(), "{}", a.body);
    // REST delete: to the recycle bin.
    let binned = org
        .create(
            "Contact",
            json!({"LastName": "Gone", "Contact_Id__c": "D-1"}),
        )
        .await;
    assert!(org
        .delete(&format!("/sobjects/Contact/{binned}"))
        .await
        .status
        .is_success());
    // Collections: 250 creates, then an update moving a key and an upsert.
    for range in [0..200, 200..250] {
        let records: Vec<Value> = range
            .map(|i| {
                json!({"attributes": {"type": "Contact"}, "LastName": format!("C{i:03}"),
                       "Contact_Id__c": format!("C-{i:03}")})
            })
            .collect();
        let r = org
            .post("/composite/sobjects", json!({"records": records}))
            .await;
        assert!(r
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["success"] == true));
    }
    let c7 = ids(&org
        .query_pages(
            "SELECT Id FROM Contact WHERE Contact_Id__c = 'C-007'",
            false,
        )
        .await);
    assert_eq!(c7.len(), 1);
    let r = org
        .call(
            reqwest::Method::PATCH,
            "/composite/sobjects",
            Some(json!({"records": [{"attributes": {"type": "Contact"}, "id": c7[0], "Contact_Id__c": "C-007-moved"}]})),
        )
        .await;
    assert_eq!(r.body[0]["success"], true, "{}", r.body);
    let r = org
        .call(
            reqwest::Method::PATCH,
            "/composite/sobjects/Contact/Contact_Id__c",
            Some(json!({"records": [
                {"attributes": {"type": "Contact"}, "Contact_Id__c": "C-008", "LastName": "Collection upsert"},
                {"attributes": {"type": "Contact"}, "Contact_Id__c": "CU-1", "LastName": "Collection new"}
            ]})),
        )
        .await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["success"] == true),
        "{}",
        r.body
    );
    // Bulk API 2.0: insert, upsert, hardDelete.
    let csv: String = std::iter::once("LastName,Contact_Id__c".to_string())
        .chain((0..10).map(|i| format!("Bulk {i},B-{i}")))
        .collect::<Vec<_>>()
        .join("\n");
    let job = |op: &str| json!({"object": "Contact", "operation": op, "externalIdFieldName": "Contact_Id__c", "contentType": "CSV", "lineEnding": "LF"});
    let info = org.ingest(job("insert"), &csv).await;
    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
    let info = org
        .ingest(
            job("upsert"),
            "Contact_Id__c,LastName\nB-1,Bulk upserted\nBU-1,Bulk new\n",
        )
        .await;
    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
    let b0 = ids(&org
        .query_pages("SELECT Id FROM Contact WHERE Contact_Id__c = 'b-0'", false)
        .await);
    assert_eq!(b0.len(), 1);
    let info = org
        .ingest(job("hardDelete"), &format!("Id\n{}\n", b0[0]))
        .await;
    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
    // Collections delete and a Bulk API delete job: to the recycle bin.
    let records: Vec<Value> = (0..3)
        .map(|i| json!({"attributes": {"type": "Contact"}, "LastName": format!("X{i}"), "Contact_Id__c": format!("X-{i}")}))
        .collect();
    let r = org
        .post("/composite/sobjects", json!({"records": records}))
        .await;
    let x: Vec<String> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    let r = org
        .delete(&format!("/composite/sobjects?ids={},{}", x[0], x[1]))
        .await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["success"] == true),
        "{}",
        r.body
    );
    let info = org
        .ingest(
            json!({"object": "Contact", "operation": "delete", "contentType": "CSV", "lineEnding": "LF"}),
            &format!("Id\n{}\n{}\n", x[2], x[0]),
        )
        .await;
    assert_eq!(
        (
            &info["numberRecordsProcessed"],
            &info["numberRecordsFailed"]
        ),
        (&json!(2), &json!(1)),
        "{info}: x[0] is already deleted"
    );
    // A Collections create rolled back (allOrNone, the second record lacks LastName).
    let r = org
        .post(
            "/composite/sobjects",
            json!({"allOrNone": true, "records": [
                {"attributes": {"type": "Contact"}, "LastName": "Rolled back"},
                {"attributes": {"type": "Contact"}, "FirstName": "No last name"}
            ]}),
        )
        .await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["success"] == false),
        "{}",
        r.body
    );

    let keys: Vec<String> = (0..250).map(|i| format!("'c-{i:03}'")).collect();
    let queries: Vec<(String, bool)> = vec![
        ("SELECT Id FROM Contact WHERE Contact_Id__c = 'R-1'".into(), false),
        ("SELECT Id FROM Contact WHERE Contact_Id__c = 'r-2'".into(), false),
        (format!("SELECT Id, LastName FROM Contact WHERE Id = '{}'", &upserted[..15]), false),
        ("SELECT Id, LastName FROM Contact WHERE Contact_Id__c = 'U-1'".into(), false),
        ("SELECT Id FROM Contact WHERE Contact_Id__c = 'D-1'".into(), false),
        ("SELECT Id, IsDeleted FROM Contact WHERE Contact_Id__c = 'D-1'".into(), true),
        (format!("SELECT Id FROM Contact WHERE Id IN ('{rest}', '{binned}')"), true),
        ("SELECT Id FROM Contact WHERE Contact_Id__c IN ('C-007', 'C-007-MOVED')".into(), false),
        ("SELECT Id, LastName FROM Contact WHERE Contact_Id__c IN ('C-008', 'CU-1')".into(), false),
        ("SELECT Id, LastName FROM Contact WHERE Contact_Id__c IN ('B-0', 'B-1', 'BU-1')".into(), true),
        (format!("SELECT Id, Contact_Id__c FROM Contact WHERE Contact_Id__c IN ({})", keys.join(", ")), false),
        (format!("SELECT Id FROM Contact WHERE Contact_Id__c IN ({}) ORDER BY LastName DESC LIMIT 230 OFFSET 10", keys.join(", ")), false),
        ("SELECT Id, Contact_Id__c FROM Contact WHERE Contact_Id__c LIKE 'c-%' ORDER BY Contact_Id__c".into(), false),
        ("SELECT Id FROM Contact WHERE NOT Contact_Id__c IN ('C-001', 'C-002')".into(), true),
        ("SELECT Id FROM Contact WHERE Contact_Id__c = null OR LastName = 'Rest'".into(), false),
        ("SELECT COUNT() FROM Contact".into(), false),
        ("SELECT COUNT() FROM Contact".into(), true),
        ("SELECT COUNT() FROM Contact WHERE Contact_Id__c IN ('C-001', 'c-002', 'nope')".into(), false),
        ("SELECT COUNT() FROM Contact LIMIT 300 OFFSET 10".into(), true),
        ("SELECT COUNT() FROM Account".into(), true),
    ];
    let mut indexed = Vec::new();
    for (q, all) in &queries {
        indexed.push(org.query_pages(q, *all).await);
    }
    let expected_ids = |i: usize| ids(&indexed[i]);
    assert!(expected_ids(0).is_empty());
    assert_eq!(expected_ids(1), vec![rest.clone()]);
    assert_eq!(
        indexed[2][0]["page"]["records"][0]["LastName"],
        "Upserted again"
    );
    assert_eq!(expected_ids(3), vec![upserted.clone()]);
    assert!(expected_ids(4).is_empty());
    assert_eq!(indexed[5][0]["page"]["records"][0]["IsDeleted"], true);
    assert_eq!(expected_ids(6).len(), 2);
    assert_eq!(expected_ids(7), c7);
    assert_eq!(expected_ids(8).len(), 2);
    assert_eq!(expected_ids(9).len(), 2, "B-0 is erased");
    assert_eq!(
        (total(&indexed[10]), indexed[10].len()),
        (249, 2),
        "C-007 moved: 249 in two pages"
    );
    assert_eq!(expected_ids(11).len(), 230);
    // 263 live: REST 2, collections 251, Bulk 10 (11 written, B-0 erased); the queryAll counts
    // add the REST delete and the three X- contacts deleted by Collections and Bulk.
    assert_eq!(total(&indexed[15]), 263);
    assert_eq!(total(&indexed[16]), 267);
    assert_eq!(total(&indexed[17]), 2);
    assert_eq!(total(&indexed[18]), 257);
    assert_eq!(total(&indexed[19]), 0);

    // The same data without indexes: every query answers the same, page for page.
    let common::Org { sandbox, dir, .. } = org;
    sandbox.stop().await;
    let reference = start_in(dir, |c| c.use_indexes = false).await;
    for ((q, all), want) in queries.iter().zip(&indexed) {
        let got = reference.query_pages(q, *all).await;
        assert_eq!(&got, want, "{q} (queryAll: {all})");
    }
}
