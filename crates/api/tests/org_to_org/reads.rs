//! Reading the source org by volume (REST or a Bulk query job), and what the diff and the
//! dry run read before anything is written: several matchOn fields, duplicate keys, records
//! deleted at the source.

use super::*;

/// The Bulk API 2.0 query jobs an org was asked for.
async fn query_jobs(client: &Client) -> Vec<Value> {
    let s = client.session();
    let url = format!(
        "{}/services/data/v{}/jobs/query",
        s.instance_url.as_str().trim_end_matches('/'),
        s.api_version
    );
    let body: Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(&s.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["records"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_auto_reads_a_large_source_through_a_bulk_query_job_a_page_at_a_time() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    // Past BULK_QUERY_FROM (10,000), over two results pages of BULK_QUERY_PAGE (10,000).
    let accounts: Vec<Value> = (0..10_500)
        .map(|i| json!({"Name": format!("Account {i:05}"), "External_Id__c": format!("A-{i:05}")}))
        .collect();
    let created = source
        .bulk_ingest(
            &Operation::Insert,
            "Account",
            &accounts,
            None,
            &synccentral_salesforce::BulkOptions::default(),
        )
        .await
        .unwrap();
    assert!(created.iter().all(|r| r.success));
    let option = |name: &str, condition: Option<&str>| {
        let mut o = json!({"name": name, "direction": "import",
            "source": {"connection": "production", "object": "Account"},
            "target": {"connection": "fullcopy", "object": "Account", "operation": "upsert",
                       "externalId": "External_Id__c"},
            "mapping": {"External_Id__c": "External_Id__c", "Name": "Name"}});
        if let Some(c) = condition {
            o["source"]["where"] = json!(c);
        }
        o
    };

    // Below the threshold: REST query/queryMore, no job.
    orgs.configure(json!([option("some", Some("External_Id__c < 'A-09000'"))]));
    let runs = orgs.run(false).await;
    assert_eq!(runs.summary.runs[0].written, 9_000, "{:?}", runs.summary);
    assert!(query_jobs(&source).await.is_empty());

    // From it: one Bulk API 2.0 query job, its results read in two pages, every record in.
    orgs.configure(json!([option("all", None)]));
    let runs = orgs.run(false).await;
    assert_eq!(runs.summary.runs[0].written, 10_500, "{:?}", runs.summary);
    let jobs = query_jobs(&source).await;
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert_eq!(jobs[0]["operation"], "query");
    assert_eq!(jobs[0]["object"], "Account");
    let target = orgs.target_client().await;
    let names = query(
        &target,
        "SELECT Name FROM Account WHERE External_Id__c = 'A-10499'",
    )
    .await;
    assert_eq!(names[0]["Name"], "Account 10499");
    let mut pages = Box::pin(target.query("SELECT COUNT() FROM Account"));
    let count = futures_util::StreamExt::next(&mut pages)
        .await
        .unwrap()
        .unwrap()
        .total_size;
    assert_eq!(count, 10_500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diff_matches_on_several_fields_as_the_run_does() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let people = |titles: [&str; 3]| -> Vec<Value> {
        [("Smith", "Ann"), ("Smith", "Bob"), ("Jones", "Ann")]
            .iter()
            .zip(titles)
            .map(|((last, first), title)| {
                json!({"LastName": last, "FirstName": first, "Title": title})
            })
            .collect()
    };
    insert(&source, "Contact", &people(["CEO", "CFO", "CTO"])).await;
    // The target has two of them (one in other letter case, one with another title) and
    // a Smith the source does not.
    insert(
        &target,
        "Contact",
        &[
            json!({"LastName": "SMITH", "FirstName": "ann", "Title": "CEO"}),
            json!({"LastName": "Smith", "FirstName": "Bob", "Title": "Intern"}),
            json!({"LastName": "Smith", "FirstName": "Cy", "Title": "COO"}),
        ],
    )
    .await;
    orgs.configure(json!([{"name": "people", "direction": "import",
        "source": {"connection": "production", "object": "Contact"},
        "target": {"connection": "fullcopy", "object": "Contact", "operation": "upsert",
                   "matchOn": ["LastName", "FirstName"]},
        "mapping": {"LastName": "LastName", "FirstName": "FirstName", "Title": "Title"}}]));
    let (summary, rows) = diff_rows(&orgs.journal, &diff_request("people")).await;
    let mut got: Vec<(String, &str)> = rows
        .iter()
        .map(|r| (r.key.clone(), r.class.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("jones | ann".to_string(), "missing_in_target"),
            // Matched in spite of the letter case, which the values then differ in.
            ("smith | ann".to_string(), "different"),
            ("smith | bob".to_string(), "different"),
            ("smith | cy".to_string(), "missing_in_source"),
        ],
        "{summary:?}"
    );
    // A re-sync of what differs brings the target in line, matched as the run matches.
    let fixed = synccentral_api::reconcile::diff::resync(
        &orgs.journal,
        &synccentral_api::reconcile::diff::DiffRequest {
            retry: Some(quick_retry()),
            ..synccentral_api::reconcile::diff::DiffRequest::new("people")
        },
        &synccentral_api::reconcile::diff::RowSelection {
            classes: vec![
                synccentral_api::reconcile::diff::Class::Different,
                synccentral_api::reconcile::diff::Class::MissingInTarget,
            ],
            keys: vec![],
        },
        &|_| {},
        &CancelToken::new(),
    )
    .await
    .expect("resync");
    assert_eq!(
        (
            fixed.after.different,
            fixed.after.missing_in_target,
            fixed.after.same
        ),
        (0, 0, 3),
        "{:?}",
        fixed.after
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_names_duplicate_keys_on_both_sides_before_anything_is_written() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    insert(
        &source,
        "Contact",
        &[
            json!({"LastName": "One", "Email": "same@example.com"}),
            json!({"LastName": "Two", "Email": " SAME@example.com"}),
            json!({"LastName": "Three", "Email": "twins@example.com"}),
            json!({"LastName": "Four", "Email": "new@example.com"}),
        ],
    )
    .await;
    insert(
        &target,
        "Contact",
        &[
            json!({"LastName": "Twin A", "Email": "twins@example.com"}),
            json!({"LastName": "Twin B", "Email": "TWINS@example.com"}),
        ],
    )
    .await;
    orgs.configure(json!([contacts_option(false)]));
    let dry = orgs.run(true).await;
    let run = synccentral_store::RunId(dry.outcomes[0].run.0);
    let mut failed: Vec<(String, String)> = orgs
        .journal
        .workspace()
        .failed_records(run)
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.error_code.unwrap_or_default(),
                r.error_message.unwrap_or_default(),
            )
        })
        .collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0].0, "DUPLICATE_SOURCE_KEY", "{failed:?}");
    assert!(
        failed[0].1.to_lowercase().contains("same@example.com"),
        "{failed:?}"
    );
    assert_eq!(failed[1].0, "MULTIPLE_MATCHES", "{failed:?}");
    assert!(failed[1].1.contains("twins@example.com"), "{failed:?}");
    assert_eq!(
        query(&target, "SELECT Id FROM Contact").await.len(),
        2,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resync_of_rows_deleted_in_the_source_deletes_them_in_the_target() {
    let orgs = Orgs::start().await;
    let source = orgs.source_client().await;
    let target = orgs.target_client().await;
    let accounts: Vec<Value> = (0..3)
        .map(|i| json!({"External_Id__c": format!("R-{i}"), "Name": format!("Account {i}")}))
        .collect();
    let ids = insert(&source, "Account", &accounts).await;
    orgs.configure(json!([accounts_option("delete")]));
    orgs.run(false).await;
    let r = source
        .write_collections(&Operation::Delete, "Account", &[json!(ids[1])], 1)
        .await;
    assert!(r.iter().all(|r| r.success), "{r:?}");
    let request = synccentral_api::reconcile::diff::DiffRequest {
        retry: Some(quick_retry()),
        ..synccentral_api::reconcile::diff::DiffRequest::new("accounts")
    };
    let fixed = synccentral_api::reconcile::diff::resync(
        &orgs.journal,
        &request,
        &synccentral_api::reconcile::diff::RowSelection {
            classes: vec![synccentral_api::reconcile::diff::Class::DeletedInSource],
            keys: vec![],
        },
        &|_| {},
        &CancelToken::new(),
    )
    .await
    .expect("resync");
    assert_eq!(fixed.before.deleted_in_source, 1, "{:?}", fixed.before);
    assert_eq!(fixed.after.deleted_in_source, 0, "{:?}", fixed.after);
    let left = query(&target, "SELECT External_Id__c FROM Account").await;
    let mut keys: Vec<&str> = left
        .iter()
        .map(|r| r["External_Id__c"].as_str().unwrap())
        .collect();
    keys.sort();
    assert_eq!(keys, ["R-0", "R-2"]);
}
