//! Bulk API 2.0 against the in-process sandbox org: ingest jobs (create, upload, close,
//! background processing, results CSVs with Salesforce's error text, abort, delete, lists)
//! and query jobs (CSV pages with `Sforce-Locator`).

mod common;

use common::Org;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A CSV answer: status, headers, text.
struct Csv {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

async fn create_job(org: &Org, kind: &str, body: Value) -> String {
    let a = org.post(&format!("/jobs/{kind}"), body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body["id"].as_str().expect("job id").to_string()
}

async fn upload(org: &Org, id: &str, csv: &str) -> StatusCode {
    org.http
        .put(format!(
            "{}/services/data/v59.0/jobs/ingest/{id}/batches",
            org.base
        ))
        .bearer_auth(&org.token)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .expect("upload")
        .status()
}

async fn close(org: &Org, id: &str) {
    let a = org
        .patch(
            &format!("/jobs/ingest/{id}"),
            json!({"state": "UploadComplete"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["state"], "UploadComplete");
}

/// Polls the job until it reaches a final state.
async fn finished(org: &Org, kind: &str, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let a = org.get(&format!("/jobs/{kind}/{id}")).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let state = a.body["state"].as_str().unwrap_or_default().to_string();
        if ["JobComplete", "Failed", "Aborted"].contains(&state.as_str()) {
            return a.body;
        }
        assert!(Instant::now() < deadline, "job {id} still {state}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Creates an ingest job, uploads `csv`, closes it and waits for the end.
async fn run_ingest(org: &Org, job: Value, csv: &str) -> (String, Value) {
    let id = create_job(org, "ingest", job).await;
    assert_eq!(upload(org, &id, csv).await, StatusCode::CREATED);
    close(org, &id).await;
    let info = finished(org, "ingest", &id).await;
    (id, info)
}

async fn csv(org: &Org, path: &str) -> Csv {
    let r = org
        .http
        .get(format!("{}/services/data/v59.0{path}", org.base))
        .bearer_auth(&org.token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("request");
    Csv {
        status: r.status(),
        headers: r.headers().clone(),
        text: r.text().await.expect("text"),
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[tokio::test]
async fn an_upsert_job_creates_then_updates_by_external_id_and_reports_each_row() {
    let org = common::start().await;
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "upsert", "externalIdFieldName": "External_Id__c",
               "contentType": "CSV", "lineEnding": "LF"}),
    )
    .await;
    let open = org.get(&format!("/jobs/ingest/{id}")).await.body;
    assert!(id.starts_with("750"));
    assert_eq!(open["state"], "Open");
    assert_eq!(open["apiVersion"], json!(59.0));
    assert_eq!(
        open["contentUrl"],
        format!("services/data/v59.0/jobs/ingest/{id}/batches")
    );
    assert_eq!(open["externalIdFieldName"], "External_Id__c");
    assert_eq!(
        upload(&org, &id, "External_Id__c,Name,NumberOfEmployees,Active__c\nA-1,Acme,12,TRUE\nA-2,Globex,,false\n").await,
        StatusCode::CREATED
    );
    close(&org, &id).await;
    let info = finished(&org, "ingest", &id).await;
    assert_eq!(info["state"], "JobComplete");
    assert_eq!(info["numberRecordsProcessed"], 2);
    assert_eq!(info["numberRecordsFailed"], 0);
    assert_eq!(info["jobType"], "V2Ingest");
    assert!(
        info.get("contentUrl").is_none(),
        "contentUrl only while Open"
    );

    let ok = csv(&org, &format!("/jobs/ingest/{id}/successfulResults/")).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let rows = lines(&ok.text);
    assert_eq!(
        rows[0],
        r#""sf__Id","sf__Created","External_Id__c","Name","NumberOfEmployees","Active__c""#
    );
    assert!(
        rows[1].ends_with(r#","true","A-1","Acme","12","TRUE""#),
        "{}",
        rows[1]
    );
    let acme_id = &rows[1][1..19];
    let acme = org.get(&format!("/sobjects/Account/{acme_id}")).await.body;
    assert_eq!(acme["Name"], "Acme");
    assert_eq!(acme["NumberOfEmployees"], 12);
    assert_eq!(acme["Active__c"], true);

    // The same external ID again updates; a new one creates.
    let (second, _) = run_ingest(
        &org,
        json!({"object": "Account", "operation": "upsert", "externalIdFieldName": "External_Id__c"}),
        "External_Id__c,Name\nA-1,Acme Corp\nA-3,Initech\n",
    )
    .await;
    let ok = csv(&org, &format!("/jobs/ingest/{second}/successfulresults")).await;
    let rows = lines(&ok.text);
    assert_eq!(rows[1], format!(r#""{acme_id}","false","A-1","Acme Corp""#));
    assert!(rows[2].contains(r#","true","A-3","Initech""#));
    let acme = org.get(&format!("/sobjects/Account/{acme_id}")).await.body;
    assert_eq!(acme["Name"], "Acme Corp");
    assert_eq!(acme["NumberOfEmployees"], 12, "columns not uploaded stay");
}

#[tokio::test]
async fn failed_rows_carry_the_same_errors_as_rest_in_bulk_form() {
    let org = common::start().await;
    org.create(
        "Account",
        json!({"Name": "Parent", "External_Id__c": "P-1"}),
    )
    .await;
    let long = "x".repeat(81);
    let (id, info) = run_ingest(
        &org,
        json!({"object": "Contact", "operation": "insert"}),
        &format!(
            "LastName,FirstName,Account.External_Id__c\nGood,Ada,P-1\n,Nobody,\n{long},Long,\nOrphan,Olga,NOPE\n"
        ),
    )
    .await;
    assert_eq!(info["state"], "JobComplete");
    assert_eq!(info["numberRecordsProcessed"], 4);
    assert_eq!(info["numberRecordsFailed"], 3);

    let ok = csv(&org, &format!("/jobs/ingest/{id}/successfulResults")).await;
    let rows = lines(&ok.text);
    assert_eq!(rows.len(), 2);
    let good_id = &rows[1][1..19];
    let good = org.get(&format!("/sobjects/Contact/{good_id}")).await.body;
    let parent = org.get("/sobjects/Account/External_Id__c/P-1").await.body;
    assert_eq!(
        good["AccountId"], parent["Id"],
        "the parent column resolved"
    );

    let failed = csv(&org, &format!("/jobs/ingest/{id}/failedResults")).await;
    let rows = lines(&failed.text);
    assert_eq!(
        rows[0],
        r#""sf__Id","sf__Error","LastName","FirstName","Account.External_Id__c""#
    );
    assert_eq!(
        rows[1],
        r#""","REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --","","Nobody","""#
    );
    // The message is REST's own for the same record.
    let rest = org
        .post("/sobjects/Contact", json!({"LastName": long}))
        .await;
    let message = rest.body[0]["message"].as_str().unwrap();
    assert_eq!(
        rows[2],
        format!(r#""","STRING_TOO_LONG:{message}:LastName --","{long}","Long","""#)
    );
    assert_eq!(
        rows[3],
        r#""","INVALID_FIELD:Foreign key external ID: NOPE not found for field External_Id__c in entity Account:--","Orphan","Olga","NOPE""#
    );
}

#[tokio::test]
async fn updates_leave_empty_cells_alone_and_set_na_to_null() {
    let org = common::start().await;
    let id = org
        .create(
            "Contact",
            json!({"LastName": "Hopper", "Title": "Admiral", "Email": "grace@navy.example", "Score__c": 3}),
        )
        .await;
    let (job, info) = run_ingest(
        &org,
        json!({"object": "Contact", "operation": "update"}),
        &format!("Id,Title,Email,Score__c\n{id},,#N/A,4.5\n,Nobody,,\n003SB000000000ZZZZ,X,,\n"),
    )
    .await;
    assert_eq!(info["numberRecordsFailed"], 2);
    let c = org.get(&format!("/sobjects/Contact/{id}")).await.body;
    assert_eq!(
        c["Title"], "Admiral",
        "an empty cell leaves the field as it was"
    );
    assert_eq!(c["Email"], Value::Null, "#N/A empties the field");
    assert_eq!(c["Score__c"], 4.5);
    let failed = csv(&org, &format!("/jobs/ingest/{job}/failedResults")).await;
    let rows = lines(&failed.text);
    assert!(
        rows[1].starts_with(r#""","MISSING_ARGUMENT:Id not specified in an update call:--""#),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("MALFORMED_ID") || rows[2].contains("INVALID_CROSS_REFERENCE_KEY"),
        "{}",
        rows[2]
    );
}

#[tokio::test]
async fn several_uploads_append_and_results_follow_the_delimiter_and_line_ending() {
    let org = common::start().await;
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "insert", "columnDelimiter": "PIPE", "lineEnding": "CRLF"}),
    )
    .await;
    assert_eq!(
        upload(&org, &id, "Name|City\r\n").await,
        StatusCode::CREATED
    );
    close(&org, &id).await;
    let info = finished(&org, "ingest", &id).await;
    assert_eq!(info["state"], "Failed", "City is not a field of Account");
    assert_eq!(
        info["errorMessage"],
        "InvalidBatch : Field name not found : City"
    );

    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "insert", "columnDelimiter": "PIPE", "lineEnding": "CRLF"}),
    )
    .await;
    assert_eq!(info["columnDelimiter"], "PIPE");
    assert_eq!(
        upload(&org, &id, "Name|BillingCity\r\nOne|Paris, France\r\n").await,
        StatusCode::CREATED
    );
    assert_eq!(
        upload(&org, &id, "Name|BillingCity\r\nTwo|Lyon\r\n").await,
        StatusCode::CREATED
    );
    close(&org, &id).await;
    let info = finished(&org, "ingest", &id).await;
    assert_eq!(info["numberRecordsProcessed"], 2);
    let ok = csv(&org, &format!("/jobs/ingest/{id}/successfulResults")).await;
    assert!(ok
        .text
        .starts_with("\"sf__Id\"|\"sf__Created\"|\"Name\"|\"BillingCity\"\r\n"));
    assert!(ok.text.contains("|\"true\"|\"One\"|\"Paris, France\"\r\n"));
    assert!(ok.text.contains("|\"true\"|\"Two\"|\"Lyon\"\r\n"));
}

#[tokio::test]
async fn job_states_change_only_as_salesforce_allows() {
    let org = common::start().await;
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "insert"}),
    )
    .await;
    let early = org.delete(&format!("/jobs/ingest/{id}")).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(early.error_code(), "API_ERROR");
    assert_eq!(
        upload(&org, &id, "Name\nKept\nAlso kept\n").await,
        StatusCode::CREATED
    );
    let aborted = org
        .patch(&format!("/jobs/ingest/{id}"), json!({"state": "Aborted"}))
        .await;
    assert_eq!(aborted.status, StatusCode::OK);
    assert_eq!(aborted.body["state"], "Aborted");
    let unprocessed = csv(&org, &format!("/jobs/ingest/{id}/unprocessedRecords")).await;
    assert_eq!(
        lines(&unprocessed.text),
        vec![r#""Name""#, r#""Kept""#, r#""Also kept""#]
    );
    let q = org.get("/query?q=SELECT+Id+FROM+Account").await;
    assert_eq!(q.body["totalSize"], 0, "an aborted job writes nothing");
    let late = upload(&org, &id, "Name\nLate\n").await;
    assert_eq!(late, StatusCode::CONFLICT);
    let again = org
        .patch(
            &format!("/jobs/ingest/{id}"),
            json!({"state": "UploadComplete"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.error_code(), "INVALIDJOBSTATE");

    let (done, _) = run_ingest(
        &org,
        json!({"object": "Account", "operation": "insert"}),
        "Name\nX\n",
    )
    .await;
    let abort = org
        .patch(&format!("/jobs/ingest/{done}"), json!({"state": "Aborted"}))
        .await;
    assert_eq!(abort.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        abort.body[0]["message"],
        "Aborting already Completed Job not allowed"
    );
    let listed = org.get("/jobs/ingest").await.body;
    assert_eq!(listed["done"], true);
    let ids: Vec<&str> = listed["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![id.as_str(), done.as_str()]);
    assert_eq!(
        org.delete(&format!("/jobs/ingest/{done}")).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = org.get(&format!("/jobs/ingest/{done}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.error_code(), "NOT_FOUND");
}

#[tokio::test]
async fn bad_job_requests_are_refused() {
    let org = common::start().await;
    for (body, message) in [
        (
            json!({"object": "Nope", "operation": "insert"}),
            "Unable to find object: Nope",
        ),
        (
            json!({"object": "Account", "operation": "merge"}),
            "Invalid operation: merge",
        ),
        (
            json!({"object": "Account", "operation": "upsert", "externalIdFieldName": "BillingCity"}),
            "Field name provided, BillingCity is not an External ID or indexed field for Account",
        ),
        (
            json!({"object": "Account", "operation": "insert", "columnDelimiter": "COLON"}),
            "Invalid column delimiter: COLON",
        ),
    ] {
        let a = org.post("/jobs/ingest", body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
        assert_eq!(a.body[0]["message"], message);
    }
    let bad = org
        .post(
            "/jobs/query",
            json!({"operation": "query", "query": "SELEC Id FROM Account"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "MALFORMED_QUERY");
    let count = org
        .post(
            "/jobs/query",
            json!({"operation": "query", "query": "SELECT COUNT() FROM Account"}),
        )
        .await;
    assert_eq!(count.status, StatusCode::BAD_REQUEST);
    let unknown = org.get("/jobs/ingest/750SB0000000099ZZZ").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn delete_sends_records_to_the_recycle_bin_and_hard_delete_removes_them() {
    let org = common::start().await;
    let soft = org.create("Account", json!({"Name": "Soft"})).await;
    let hard = org.create("Account", json!({"Name": "Hard"})).await;
    let (_, info) = run_ingest(
        &org,
        json!({"object": "Account", "operation": "delete"}),
        &format!("Id\n{soft}\n"),
    )
    .await;
    assert_eq!(info["numberRecordsFailed"], 0);
    let (again, info) = run_ingest(
        &org,
        json!({"object": "Account", "operation": "hardDelete"}),
        &format!("Id\n{hard}\n{soft}\n"),
    )
    .await;
    assert_eq!(
        info["numberRecordsFailed"], 1,
        "a deleted record cannot be deleted again"
    );
    let failed = csv(&org, &format!("/jobs/ingest/{again}/failedResults")).await;
    assert!(lines(&failed.text)[1].starts_with(&format!(
        r#""{soft}","ENTITY_IS_DELETED:entity is deleted:--""#
    )));
    let all = org
        .get("/queryAll?q=SELECT+Name,IsDeleted+FROM+Account")
        .await
        .body;
    assert_eq!(all["totalSize"], 1);
    assert_eq!(all["records"][0]["Name"], "Soft");
    assert_eq!(all["records"][0]["IsDeleted"], true);
}

#[tokio::test]
async fn query_jobs_page_csv_results_with_locators() {
    let org = common::start().await;
    let parent = org
        .create(
            "Account",
            json!({"Name": "Parent, Inc.", "External_Id__c": "P-1"}),
        )
        .await;
    for i in 0..5 {
        let mut c = json!({"LastName": format!("Row {i}"), "Score__c": i});
        if i % 2 == 0 {
            c["AccountId"] = json!(parent);
        }
        org.create("Contact", c).await;
    }
    let id = create_job(
        &org,
        "query",
        json!({"operation": "query", "query": "SELECT Id, LastName, Account.Name, Score__c FROM Contact ORDER BY LastName"}),
    )
    .await;
    let info = finished(&org, "query", &id).await;
    assert_eq!(info["state"], "JobComplete");
    assert_eq!(info["jobType"], "V2Query");
    assert_eq!(info["numberRecordsProcessed"], 5);

    let first = csv(&org, &format!("/jobs/query/{id}/results?maxRecords=2")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers["sforce-numberofrecords"], "2");
    let rows = lines(&first.text);
    assert_eq!(rows[0], r#""Id","LastName","Account.Name","Score__c""#);
    assert!(
        rows[1].ends_with(r#","Row 0","Parent, Inc.","0""#),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].ends_with(r#","Row 1","","1""#),
        "a missing parent is empty: {}",
        rows[2]
    );
    let mut locator = first.headers["sforce-locator"]
        .to_str()
        .unwrap()
        .to_string();
    let mut seen = 2;
    let mut pages = 1;
    while locator != "null" {
        let page = csv(
            &org,
            &format!("/jobs/query/{id}/results?maxRecords=2&locator={locator}"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        let n: usize = page.headers["sforce-numberofrecords"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(lines(&page.text).len(), n + 1, "every page has the header");
        seen += n;
        pages += 1;
        locator = page.headers["sforce-locator"].to_str().unwrap().to_string();
    }
    assert_eq!((seen, pages), (5, 3));
    let whole = csv(&org, &format!("/jobs/query/{id}/results")).await;
    assert_eq!(whole.headers["sforce-locator"], "null");
    assert_eq!(lines(&whole.text).len(), 6);

    let abort = org
        .patch(&format!("/jobs/query/{id}"), json!({"state": "Aborted"}))
        .await;
    assert_eq!(abort.body[0]["errorCode"], "INVALIDJOBSTATE");
    assert_eq!(
        abort.body[0]["message"],
        "Aborting already Completed Job not allowed"
    );
    let listed = org.get("/jobs/query").await.body;
    assert_eq!(listed["records"][0]["id"], id.as_str());
    assert_eq!(
        org.delete(&format!("/jobs/query/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        org.get(&format!("/jobs/query/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn query_all_jobs_include_deleted_records() {
    let org = common::start().await;
    let gone = org.create("Account", json!({"Name": "Gone"})).await;
    org.create("Account", json!({"Name": "Here"})).await;
    assert_eq!(
        org.delete(&format!("/sobjects/Account/{gone}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    for (operation, expected) in [("query", 1), ("queryAll", 2)] {
        let id = create_job(
            &org,
            "query",
            json!({"operation": operation, "query": "SELECT Name FROM Account"}),
        )
        .await;
        finished(&org, "query", &id).await;
        let r = csv(&org, &format!("/jobs/query/{id}/results")).await;
        assert_eq!(
            r.headers["sforce-numberofrecords"],
            expected.to_string().as_str()
        );
    }
    let wrong_version = org
        .http
        .request(
            Method::GET,
            format!("{}/services/data/v58.0/jobs/query", org.base),
        )
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        wrong_version.status(),
        StatusCode::OK,
        "lists answer on any version"
    );
}

#[tokio::test]
async fn a_gzip_upload_is_read_like_plain_csv() {
    use std::io::Write;
    let org = common::start().await;
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "insert", "columnDelimiter": "TAB"}),
    )
    .await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Name\tActive__c\nZipped\ttrue\n").unwrap();
    let r = org
        .http
        .put(format!(
            "{}/services/data/v59.0/jobs/ingest/{id}/batches",
            org.base
        ))
        .bearer_auth(&org.token)
        .header("content-type", "text/csv")
        .header("content-encoding", "gzip")
        .body(gz.finish().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    close(&org, &id).await;
    let info = finished(&org, "ingest", &id).await;
    assert_eq!(info["numberRecordsProcessed"], 1);
    assert_eq!(info["numberRecordsFailed"], 0);
    let q = org
        .get("/query?q=SELECT+Name,Active__c+FROM+Account")
        .await
        .body;
    assert_eq!(q["records"][0]["Name"], "Zipped");
    assert_eq!(q["records"][0]["Active__c"], true);
}

/// An upload as raw bytes (any size), with extra headers.
async fn upload_bytes(org: &Org, id: &str, body: Vec<u8>, gzip: bool) -> reqwest::Response {
    let mut put = org
        .http
        .put(format!(
            "{}/services/data/v59.0/jobs/ingest/{id}/batches",
            org.base
        ))
        .bearer_auth(&org.token)
        .header("content-type", "text/csv");
    if gzip {
        put = put.header("content-encoding", "gzip");
    }
    put.body(body).send().await.expect("upload")
}

/// Salesforce takes up to 150 MB of base64 per upload (about 112 MB of CSV), far above the
/// 6 MB of other REST bodies: a 100,000-row upsert in one ~10 MB upload lands whole, spooled
/// to disk while the job lives and removed with it.
#[tokio::test]
async fn a_hundred_thousand_row_upsert_in_one_upload_lands_whole() {
    let org = common::start().await;
    let mut data = String::from("External_Id__c,Name,NumberOfEmployees\n");
    for i in 0..100_000 {
        data.push_str(&format!(
            "BIG-{i:06},Account {i:06} with a name long enough to make one big upload,{}\n",
            i % 5000
        ));
    }
    assert!(
        data.len() > synccentral_sandbox::MAX_BODY_BYTES,
        "{}",
        data.len()
    );
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "upsert", "externalIdFieldName": "External_Id__c"}),
    )
    .await;
    let put = upload_bytes(&org, &id, data.into_bytes(), false).await;
    assert_eq!(put.status(), StatusCode::CREATED);
    let spooled = org.dir.path().join("bulk-uploads");
    assert_eq!(std::fs::read_dir(&spooled).expect("spool dir").count(), 1);
    close(&org, &id).await;
    let deadline = Instant::now() + Duration::from_secs(600);
    let info = loop {
        let a = org.get(&format!("/jobs/ingest/{id}")).await;
        let state = a.body["state"].as_str().unwrap_or_default().to_string();
        if ["JobComplete", "Failed", "Aborted"].contains(&state.as_str()) {
            break a.body;
        }
        assert!(Instant::now() < deadline, "job {id} still {state}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(info["state"], "JobComplete", "{info}");
    assert_eq!(info["numberRecordsProcessed"], 100_000);
    assert_eq!(info["numberRecordsFailed"], 0);
    let count = org.get("/query?q=SELECT+COUNT()+FROM+Account").await;
    assert_eq!(count.body["totalSize"], 100_000, "{}", count.body);
    let last = org
        .get("/sobjects/Account/External_Id__c/BIG-099999?fields=Name,NumberOfEmployees")
        .await;
    assert_eq!(
        last.body["Name"],
        "Account 099999 with a name long enough to make one big upload"
    );
    assert_eq!(last.body["NumberOfEmployees"], 4999);
    let ok = csv(&org, &format!("/jobs/ingest/{id}/successfulResults")).await;
    assert_eq!(lines(&ok.text).len(), 100_001);
    assert!(lines(&ok.text)[1].ends_with(r#""true","BIG-000000","Account 000000 with a name long enough to make one big upload","0""#), "{}", lines(&ok.text)[1]);
    assert_eq!(
        org.delete(&format!("/jobs/ingest/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(std::fs::read_dir(&spooled).expect("spool dir").count(), 0);
}

/// Over 150 MB of base64 (raw, or once gunzipped) is refused with 413 and nothing is kept;
/// the job stays Open for a smaller upload.
#[tokio::test]
async fn an_upload_over_the_bulk_limit_is_refused() {
    use std::io::Write;
    let org = common::start().await;
    let id = create_job(
        &org,
        "ingest",
        json!({"object": "Account", "operation": "insert"}),
    )
    .await;
    let limit = 150 * 1024 * 1024 / 4 * 3;
    let line = b"Name\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
    let mut big = Vec::with_capacity(limit + 1);
    while big.len() <= limit {
        big.extend_from_slice(&line[5..]);
    }
    let put = upload_bytes(&org, &id, big, false).await;
    assert_eq!(put.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = put.json().await.expect("error array");
    assert_eq!(body[0]["errorCode"], "INVALIDBATCH", "{body}");
    let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    packed.write_all(b"Name\n").expect("gzip");
    let mut written = 0;
    while written <= limit {
        packed.write_all(&line[5..]).expect("gzip");
        written += line.len() - 5;
    }
    let packed = packed.finish().expect("gzip");
    assert!(packed.len() < 4 * 1024 * 1024, "{}", packed.len());
    let put = upload_bytes(&org, &id, packed, true).await;
    assert_eq!(put.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let spooled = org.dir.path().join("bulk-uploads");
    assert_eq!(std::fs::read_dir(&spooled).expect("spool dir").count(), 0);
    let small = upload_bytes(&org, &id, b"Name\nSmall\n".to_vec(), false).await;
    assert_eq!(small.status(), StatusCode::CREATED);
    close(&org, &id).await;
    let info = finished(&org, "ingest", &id).await;
    assert_eq!(info["numberRecordsProcessed"], 1, "{info}");
}
