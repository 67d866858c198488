//! Runs of a workspace's options end to end: the real sandbox org and the real sample API
//! on loopback, the SQLite workspace as the journal.

mod common;

use common::*;
use serde_json::json;
use synccentral_api::runs::Selection;
use synccentral_runner::RunStatus;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_walk_every_paging_style() {
    let env = start(95).await;
    let styles = [
        (
            "next-url",
            json!({"paging": "nextUrl", "page_size": "20"}),
            json!({"type": "nextUrl", "path": "$.next_page"}),
        ),
        (
            "cursor",
            json!({"paging": "cursor", "page_size": "20"}),
            json!({"type": "cursor", "path": "$.meta.next_cursor", "param": "cursor"}),
        ),
        (
            "link",
            json!({"paging": "link", "page_size": "20"}),
            json!({"type": "link"}),
        ),
        (
            "offset",
            json!({"paging": "offset"}),
            json!({"type": "offset", "param": "offset", "pageSize": 20, "limitParam": "limit"}),
        ),
        (
            "page",
            json!({"paging": "page", "page_size": "20"}),
            json!({"type": "page", "param": "page", "pageSize": 20}),
        ),
    ];
    let options: Vec<_> = styles
        .iter()
        .map(|(name, params, paging)| invoice_import(name, params.clone(), paging.clone()))
        .collect();
    env.configure(json!(options));
    for (name, ..) in &styles {
        let runs = env.run(Selection::Option(name.to_string())).await.unwrap();
        let line = &runs.summary.runs[0];
        assert_eq!(
            line.status,
            RunStatus::Succeeded,
            "{name}: {:?}",
            runs.outcomes[0].message
        );
        assert_eq!(
            (line.read, line.written, line.failed),
            (95, 95, 0),
            "{name}"
        );
        // Upserts by external ID: each style lands the same 95 records, never a double.
        assert_eq!(env.count("Invoice__c").await, 95, "{name}");
    }
    let stored = env.journal.workspace().list_runs(10).unwrap();
    assert_eq!(stored.len(), 5);
    assert!(stored.iter().all(|r| r.status.as_str() == "succeeded"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoices_then_payments_carry_their_parent_ids() {
    let env = start(60).await;
    env.seed_accounts().await;
    let import = |name: &str, path: &str, records: &str, object: &str, ext: &str, mapping: &str| {
        json!({"name": name, "direction": "import",
               "source": {"connection": "api", "path": path, "params": {"page_size": "25"},
                          "recordsPath": records, "paging": {"type": "nextUrl", "path": if path.ends_with("payments") { "$.links.next" } else { "$.next_page" }}},
               "target": {"connection": "org", "object": object, "operation": "upsert", "externalId": ext},
               "mapping": mapping_file(mapping)})
    };
    // Listed children first: the run order puts the parents first anyway.
    env.configure(json!([
        import(
            "payments",
            "/v1/payments",
            "$.items",
            "Payment__c",
            "payment_id__c",
            "payments.mapping.json"
        ),
        import(
            "invoices",
            "/v1/invoices",
            "$.invoices",
            "Invoice__c",
            "invoice_id__c",
            "invoices.mapping.json"
        ),
    ]));
    let runs = env.run(Selection::All).await.unwrap();
    let order: Vec<&str> = runs
        .summary
        .runs
        .iter()
        .map(|r| r.option.as_str())
        .collect();
    assert_eq!(order, ["invoices", "payments"]);
    for r in &runs.summary.runs {
        assert_eq!(
            (r.status, r.written, r.failed),
            (RunStatus::Succeeded, 60, 0),
            "{r:?}"
        );
    }
    assert_eq!(runs.summary.exit_code(), 0);
    let invoices = env
        .query("SELECT Id, invoice_id__c, Account__c FROM Invoice__c")
        .await;
    let accounts = env.query("SELECT Id, External_Id__c FROM Account").await;
    let payments = env
        .query("SELECT Id, payment_id__c, Invoice__c FROM Payment__c")
        .await;
    assert_eq!(payments.len(), 60);
    let invoice_id = |ext: &str| {
        invoices
            .iter()
            .find(|i| i["invoice_id__c"] == ext)
            .map(|i| i["Id"].as_str().unwrap().to_string())
            .unwrap()
    };
    for p in &payments {
        let n: usize = p["payment_id__c"].as_str().unwrap()[4..].parse().unwrap();
        let parent = format!("INV-{:06}", (n - 1) / 2 + 1);
        assert_eq!(
            p["Invoice__c"].as_str().unwrap(),
            invoice_id(&parent),
            "{p}"
        );
    }
    let first = invoices
        .iter()
        .find(|i| i["invoice_id__c"] == "INV-000001")
        .unwrap();
    let a100 = accounts
        .iter()
        .find(|a| a["External_Id__c"] == "A-100")
        .unwrap();
    assert_eq!(first["Account__c"], a100["Id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_writes_nothing_and_keeps_no_checkpoint() {
    let env = start(30).await;
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "10", "updated_since": "{{since}}"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["incremental"] = json!({"cursor": "updated_at", "tieBreaker": "invoice_id"});
    env.configure(json!([option]));
    let runs = env
        .run_with(Selection::Option("inv".into()), false, true)
        .await
        .unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!(
        (line.status, line.read, line.written),
        (RunStatus::Succeeded, 30, 30)
    );
    assert_eq!(env.count("Invoice__c").await, 0);
    let ws = env.journal.workspace();
    assert!(ws.checkpoint("inv").unwrap().is_none());
    let run = &ws.list_runs(1).unwrap()[0];
    assert_eq!(run.mode.as_str(), "dry-run");
    let records = ws
        .run_records(run.id, synccentral_store::RecordFilter::All)
        .unwrap();
    assert!(
        records.iter().all(|r| r.action.as_str() == "would-insert"),
        "{:?}",
        records[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_problems_are_all_reported_before_anything_runs() {
    let env = start(10).await;
    let mut bad = invoice_import(
        "bad",
        json!({}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    bad["mapping"]["fields"][1]["target"] = json!("Nmae");
    let mut other = invoice_import("other", json!({}), json!({"type": "none"}));
    other["target"]["externalId"] = json!("Amount__c");
    env.configure(json!([bad, other]));
    let err = env.run(Selection::All).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("/options/0/mapping/fields/1/target"),
        "{text}"
    );
    assert!(text.contains("/options/1/target/externalId"), "{text}");
    assert!(env.journal.workspace().list_runs(10).unwrap().is_empty());
    assert_eq!(env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_next_page_on_a_site_not_allowed_fails_the_run_naming_it() {
    let env = start(30).await;
    let port = env.api_url.rsplit(':').next().unwrap().to_string();
    let other = format!("http://localhost:{port}");
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "10", "next": "absolute", "next_base": other}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["target"]["batchSize"] = json!(10);
    env.configure(json!([option]));
    let runs = env.run(Selection::All).await.unwrap();
    let o = &runs.outcomes[0];
    assert_eq!(o.status, RunStatus::Failed);
    let message = o.message.clone().unwrap_or_default();
    assert!(message.contains(&other), "{message}");
    assert!(message.contains("remote sites"), "{message}");
    assert_eq!(runs.summary.exit_code(), 1);
    // The first page (one batch) landed before the run stopped.
    assert_eq!(env.count("Invoice__c").await, 10);
}

/// Swaps the sample API for one with `records` records on the same port (the source
/// "changed": newer records appeared).
async fn grow(env: &mut Env, records: usize) {
    use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
    let port: u16 = env.api_url.rsplit(':').next().unwrap().parse().unwrap();
    // A stand-in on another port while the old server lets go of its port.
    let stand_in = SampleApi::start(SampleConfig::default()).await.unwrap();
    drop(std::mem::replace(&mut env.api, stand_in));
    env.api = loop {
        let config = SampleConfig {
            port,
            records,
            ..SampleConfig::default()
        };
        match SampleApi::start(config).await {
            Ok(api) => break api,
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    };
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_runs_load_what_changed_with_ties_and_lookback() {
    // Sample records share updated_at three by three; 31 records end mid-group, so the
    // group of records 31-33 is split across the two runs.
    let mut env = start(31).await;
    let incremental = |name: &str, lookback: Option<&str>| {
        let mut o = invoice_import(
            name,
            json!({"page_size": "10", "updated_since": "{{since}}"}),
            json!({"type": "nextUrl", "path": "$.next_page"}),
        );
        o["target"]["batchSize"] = json!(7);
        o["incremental"] = json!({"cursor": "updated_at", "tieBreaker": "invoice_id"});
        if let Some(l) = lookback {
            o["incremental"]["lookback"] = json!(l);
        }
        o
    };
    env.configure(json!([
        incremental("plain", None),
        incremental("lookback", Some("2m"))
    ]));
    let first = env.run(Selection::All).await.unwrap();
    for r in &first.summary.runs {
        assert_eq!((r.read, r.written, r.skipped), (31, 31, 0), "{r:?}");
    }
    let cp = env
        .journal
        .workspace()
        .checkpoint("plain")
        .unwrap()
        .unwrap();
    assert_eq!(cp.tie_id.as_deref(), Some("INV-000031"));

    grow(&mut env, 45).await;
    let second = env.run(Selection::All).await.unwrap();
    let line = |name: &str| {
        second
            .summary
            .runs
            .iter()
            .find(|r| r.option == name)
            .unwrap()
            .clone()
    };
    // From the checkpoint's instant (inclusive): record 31 is the one already done at
    // the checkpoint; 32 and 33 share its updated_at and are loaded, then 34-45.
    let plain = line("plain");
    assert_eq!(
        (plain.read, plain.written, plain.skipped, plain.failed),
        (15, 14, 1, 0),
        "{plain:?}"
    );
    // Two minutes of lookback read records 25-30 again (loaded: late changes), and the
    // same 14 new ones.
    let lookback = line("lookback");
    assert_eq!(
        (
            lookback.read,
            lookback.written,
            lookback.skipped,
            lookback.failed
        ),
        (21, 20, 1, 0),
        "{lookback:?}"
    );
    let ids = env.query("SELECT invoice_id__c FROM Invoice__c").await;
    let mut ids: Vec<String> = ids
        .iter()
        .map(|r| r["invoice_id__c"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 45);
    assert_eq!(env.count("Invoice__c").await, 45);
    let stored = env.journal.workspace().list_runs(2).unwrap();
    assert!(
        stored.iter().all(|r| r.mode.as_str() == "incremental"),
        "{stored:?}"
    );

    // --full reads everything again, ignoring the checkpoint.
    let full = env
        .run_with(Selection::Option("plain".into()), true, false)
        .await
        .unwrap();
    assert_eq!(
        (full.summary.runs[0].read, full.summary.runs[0].written),
        (45, 45)
    );
    assert_eq!(env.count("Invoice__c").await, 45);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_send_json_form_and_csv_and_write_files() {
    let env = start(1).await;
    env.seed_accounts().await;
    let out = env.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mapping = json!({"fields": [
        {"source": "External_Id__c", "target": "ext"},
        {"source": "Name", "target": "name"}
    ]});
    let export = |name: &str, target: serde_json::Value| {
        json!({"name": name, "direction": "export",
               "source": {"connection": "org", "object": "Account"},
               "target": target, "mapping": mapping.clone()})
    };
    let file = |f: &str| out.join(f).display().to_string();
    let mut bulk = export(
        "bulk",
        json!({"connection": "api", "path": "/v1/bulk", "format": "json", "batch": 10}),
    );
    bulk["source"]["api"] = json!("bulk");
    env.configure(json!([
        export(
            "json",
            json!({"connection": "api", "path": "/v1/json", "format": "json"})
        ),
        export(
            "json-batch",
            json!({"connection": "api", "path": "/v1/json-batch", "format": "json", "batch": 5})
        ),
        export(
            "form",
            json!({"connection": "api", "path": "/v1/form", "format": "form"})
        ),
        export(
            "csv",
            json!({"connection": "api", "path": "/v1/csv", "format": "csv"})
        ),
        export(
            "csv-file",
            json!({"file": file("accounts.csv"), "format": "csv"})
        ),
        export(
            "json-file",
            json!({"file": file("accounts.json"), "format": "json"})
        ),
        export(
            "refused",
            json!({"connection": "api", "path": "/v1/bad-customers", "format": "json"})
        ),
        bulk,
    ]));
    let runs = env.run(Selection::All).await.unwrap();
    for r in &runs.summary.runs {
        let expect_failed = if r.option == "refused" { 7 } else { 0 };
        assert_eq!(
            (r.status, r.read, r.written + r.failed, r.failed),
            (RunStatus::Succeeded, 7, 7, expect_failed),
            "{r:?}"
        );
    }
    assert_eq!(runs.summary.runs.len(), 8);
    assert_eq!(runs.summary.exit_code(), 1);
    let received = env.api.received();
    let at = |p: &str| {
        received
            .iter()
            .filter(|r| r.path.starts_with(p))
            .collect::<Vec<_>>()
    };
    assert_eq!(at("/v1/json").len(), 7 + 2); // 7 single objects; json-batch: arrays of 5 and 2
    let batch = at("/v1/json-batch");
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].json.as_array().unwrap().len(), 5);
    let bulk = at("/v1/bulk");
    assert_eq!(bulk.len(), 1);
    let mut bulk_ext: Vec<&str> = bulk[0]
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ext"].as_str().unwrap())
        .collect();
    bulk_ext.sort();
    assert_eq!(
        bulk_ext,
        ["A-100", "A-101", "A-102", "A-103", "A-104", "A-105", "A-106"]
    );
    let form = at("/v1/form");
    assert_eq!(form.len(), 7);
    assert!(form[0]
        .content_type
        .starts_with("application/x-www-form-urlencoded"));
    assert!(
        form.iter().any(|r| r.json["ext"] == "A-100"),
        "{:?}",
        form[0]
    );
    let csv = at("/v1/csv");
    assert_eq!(csv.len(), 1);
    assert_eq!(csv[0].body.trim_end().lines().count(), 8, "{}", csv[0].body);
    assert!(csv[0].body.starts_with("ext,name"), "{}", csv[0].body);
    let text = std::fs::read_to_string(out.join("accounts.csv")).unwrap();
    assert_eq!(text.trim_end().lines().count(), 8, "{text}");
    let json_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("accounts.json")).unwrap()).unwrap();
    assert_eq!(json_file.as_array().unwrap().len(), 7);
    // A refused record keeps the API's answer; the store calls the run partial.
    let ws = env.journal.workspace();
    let refused = ws
        .list_runs(10)
        .unwrap()
        .into_iter()
        .find(|r| r.option == "refused")
        .unwrap();
    assert_eq!(
        (refused.option.as_str(), refused.status.as_str()),
        ("refused", "partial")
    );
    let failed = ws.failed_records(refused.id).unwrap();
    assert_eq!(failed.len(), 7);
    assert!(
        failed[0]
            .error_code
            .as_deref()
            .unwrap_or("")
            .contains("422"),
        "{:?}",
        failed[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_sends_only_the_failed_records_again() {
    let env = start(40).await;
    env.seed_accounts().await;
    let import = |name: &str,
                  path: &str,
                  records: &str,
                  object: &str,
                  ext: &str,
                  mapping: &str,
                  next: &str| {
        json!({"name": name, "direction": "import",
               "source": {"connection": "api", "path": path, "params": {"page_size": "15"},
                          "recordsPath": records, "paging": {"type": "nextUrl", "path": next}},
               "target": {"connection": "org", "object": object, "operation": "upsert", "externalId": ext},
               "mapping": mapping_file(mapping)})
    };
    env.configure(json!([
        import(
            "invoices",
            "/v1/invoices",
            "$.invoices",
            "Invoice__c",
            "invoice_id__c",
            "invoices.mapping.json",
            "$.next_page"
        ),
        import(
            "payments",
            "/v1/payments",
            "$.items",
            "Payment__c",
            "payment_id__c",
            "payments.mapping.json",
            "$.links.next"
        ),
    ]));
    // Payments before their invoices exist: every one fails on its missing parent.
    let early = env.run(Selection::Option("payments".into())).await.unwrap();
    assert_eq!(
        (early.summary.runs[0].failed, early.summary.exit_code()),
        (40, 1)
    );
    let early_run = early.outcomes[0].run.0;
    env.run(Selection::Option("invoices".into())).await.unwrap();
    let events = |_: &synccentral_runner::RunEvent| {};
    let retry = synccentral_api::runs::retry_run(
        &env.journal,
        early_run,
        Some(quick_retry()),
        &events,
        &synccentral_runner::CancelToken::new(),
    )
    .await
    .unwrap();
    let line = &retry.summary.runs[0];
    assert_eq!(
        (line.option.as_str(), line.read, line.written, line.failed),
        ("payments", 40, 40, 0)
    );
    assert_eq!(env.count("Payment__c").await, 40);
    let run = env.journal.workspace().list_runs(1).unwrap().remove(0);
    assert_eq!(run.mode.as_str(), "retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_both_sides_still_land_every_record_once() {
    use synccentral_httpapi::sample_api::{Fault, FaultKind};
    let env = start(600).await;
    for (kind, after) in [
        (
            FaultKind::Status {
                status: 503,
                retry_after: None,
            },
            0,
        ),
        (
            FaultKind::Status {
                status: 500,
                retry_after: None,
            },
            3,
        ),
        (
            FaultKind::Status {
                status: 429,
                retry_after: Some(0),
            },
            6,
        ),
    ] {
        env.api.inject(Fault {
            kind,
            path: "/v1/invoices".into(),
            after,
            every: 10,
            times: 1000,
        });
    }
    let mut option = invoice_import(
        "inv",
        json!({"page_size": "20"}),
        json!({"type": "nextUrl", "path": "$.next_page"}),
    );
    option["target"]["batchSize"] = json!(25);
    env.configure(json!([option]));

    // The org fails about one call in ten: a background task arms a fault for the next
    // call whenever none is pending, then waits.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let client = env.client().await;
    let token = client.session().access_token;
    let arm_url = format!("{}/__sandbox/faults", env.org_url);
    let s = stop.clone();
    let armer = tokio::spawn(async move {
        let http = synccentral_net::reqwest::Client::new();
        let kinds = ["500", "503", "drop", "UNABLE_TO_LOCK_ROW"];
        let mut n = 0;
        while !s.load(std::sync::atomic::Ordering::SeqCst) {
            // One fault at a time: the next one only once the last was spent.
            let armed = match http.get(&arm_url).bearer_auth(&token).send().await {
                Ok(r) => r.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if armed.contains("kind") {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
            let _ = http
                .post(&arm_url)
                .bearer_auth(&token)
                .json(&json!({"kind": kinds[n % kinds.len()], "next": 1}))
                .send()
                .await;
            n += 1;
            tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        }
        n
    });
    let runs = env.run(Selection::All).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let armed = armer.await.unwrap();
    let _ = synccentral_net::reqwest::Client::new()
        .delete(format!("{}/__sandbox/faults", env.org_url))
        .bearer_auth(client.session().access_token)
        .send()
        .await;
    let line = &runs.summary.runs[0];
    assert_eq!(
        (line.status, line.read, line.written, line.failed),
        (RunStatus::Succeeded, 600, 600, 0),
        "{:?} (faults armed: {armed})",
        runs.outcomes[0].message
    );
    let rows = env.query("SELECT invoice_id__c FROM Invoice__c").await;
    let mut ids: Vec<&str> = rows
        .iter()
        .map(|r| r["invoice_id__c"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 600);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 600);
    // 30 pages; the API's faults made the client ask again for some of them.
    let requests = env.api.requests().len();
    assert!(requests > 33, "{requests} requests to the API");
    assert!(armed >= 5, "only {armed} org faults armed");
    eprintln!("{requests} API requests for 30 pages, {armed} org faults armed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_http_credentials_reach_the_api_in_each_auth_style() {
    use synccentral_httpapi::sample_api::SampleAuth;
    let cases = [
        (
            SampleAuth::Oauth2 {
                client_id: "cid".into(),
                client_secret: "csecret".into(),
            },
            json!({"type": "oauth2", "tokenUrl": "{api}/oauth/token", "clientId": "cid", "clientSecret": "csecret"}),
        ),
        (
            SampleAuth::Custom {
                username: "u".into(),
                password: "p".into(),
            },
            json!({"type": "custom", "url": "{api}/auth/login", "body": "{\"username\":\"u\",\"password\":\"p\"}",
                   "tokenPath": "$.data.session.token", "header": "X-Session-Token", "prefix": "Session "}),
        ),
        (
            SampleAuth::ApiKey {
                query: true,
                name: "api_key".into(),
                value: "k1".into(),
            },
            json!({"type": "apiKey", "in": "query", "name": "api_key", "value": "k1"}),
        ),
        (
            SampleAuth::Basic {
                username: "u".into(),
                password: "p".into(),
            },
            json!({"type": "basic", "username": "u", "password": "p"}),
        ),
    ];
    for (sample_auth, auth) in cases {
        let mut env = start_with_auth(12, sample_auth.clone()).await;
        env.api_auth =
            serde_json::from_str(&auth.to_string().replace("{api}", &env.api_url)).unwrap();
        env.configure(json!([invoice_import(
            "inv",
            json!({"page_size": "5"}),
            json!({"type": "nextUrl", "path": "$.next_page"})
        )]));
        let runs = env.run(Selection::All).await.unwrap();
        let line = &runs.summary.runs[0];
        assert_eq!(
            (line.status, line.written),
            (RunStatus::Succeeded, 12),
            "{sample_auth:?}: {:?}",
            runs.outcomes[0].message
        );
    }
    // And a wrong credential is refused: the run fails with the API's answer.
    let mut env = start_with_auth(
        12,
        SampleAuth::Bearer {
            token: "right".into(),
        },
    )
    .await;
    env.api_auth = json!({"type": "bearer", "token": "wrong"});
    env.configure(json!([invoice_import(
        "inv",
        json!({}),
        json!({"type": "none"})
    )]));
    let runs = env.run(Selection::All).await.unwrap();
    assert_eq!(runs.outcomes[0].status, RunStatus::Failed);
    let message = runs.outcomes[0].message.clone().unwrap_or_default();
    assert!(message.contains("401"), "{message}");
    assert!(!message.contains("wrong"), "a secret leaked: {message}");
}
