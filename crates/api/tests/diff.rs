//! The diff viewer's API against the sandbox org and the sample API on loopback: the
//! summary and a page of rows, paging without fetching again, export, accept and re-sync.

use serde_json::{json, Value};
use synccentral_api::reconcile::{self as diff, DiffQuery};
use synccentral_api::runs;
use synccentral_api::runs::RunWhich;
use synccentral_api::workspace::AppWorkspace;
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
use synccentral_sandbox::Sandbox;

struct Env {
    rt: tokio::runtime::Runtime,
    _org: Sandbox,
    _api: SampleApi,
    org_url: String,
    api_url: String,
    dir: tempfile::TempDir,
}

fn start(records: usize) -> Env {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // One test in this binary: the process's key settings are its own.
    std::env::set_var("SYNCCENTRAL_MASTER_KEY_FILE", dir.path().join("master.key"));
    std::env::set_var("SYNCCENTRAL_KEYCHAIN", "off");
    let mut config = synccentral_sandbox::Config::new(dir.path().join("org"));
    config.schema_dir = Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/samples/describe"),
    );
    let org = rt.block_on(Sandbox::start(config)).unwrap();
    let api = rt
        .block_on(SampleApi::start(SampleConfig {
            records,
            ..SampleConfig::default()
        }))
        .unwrap();
    Env {
        org_url: org.base_url().trim_end_matches('/').to_string(),
        api_url: api.base_url().trim_end_matches('/').to_string(),
        rt,
        _org: org,
        _api: api,
        dir,
    }
}

fn doc(env: &Env) -> Value {
    json!({
        "format": "sync-central/1",
        "connections": [
            {"name": "org", "type": "salesforce", "loginUrl": env.org_url,
             "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
                      "username": "admin@sandbox.local", "password": "sandbox"}},
            {"name": "api", "type": "http", "baseUrl": env.api_url}
        ],
        "remoteSites": [env.org_url, env.api_url],
        "options": [{"name": "invoices", "direction": "import",
            "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "4"},
                       "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
            "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                       "externalId": "invoice_id__c"},
            "mapping": {"fields": [{"source": "invoice_id", "target": "invoice_id__c"},
                                   {"source": "invoice_id", "target": "Name"},
                                   {"source": "total", "target": "Amount__c",
                                    "transforms": [{"convert": "number"}]}]}}]
    })
}

fn rename_in_org(env: &Env, keys: &[&str]) {
    let org_url = env.org_url.clone();
    let records: Vec<Value> = keys
        .iter()
        .map(|k| json!({"invoice_id__c": k, "Name": "Renamed"}))
        .collect();
    env.rt.block_on(async move {
        let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(
            synccentral_net::RemoteSites::parse(&[org_url.as_str()]).unwrap(),
        ))
        .unwrap();
        let client = synccentral_salesforce::Client::connect(
            egress,
            synccentral_salesforce::Config::new(
                url::Url::parse(&org_url).unwrap(),
                synccentral_salesforce::Auth::sandbox_admin(),
            ),
        )
        .await
        .unwrap();
        let r = client
            .write_collections(
                &synccentral_salesforce::Operation::Upsert {
                    external_id_field: "invoice_id__c".into(),
                },
                "Invoice__c",
                &records,
                1,
            )
            .await;
        assert!(r.iter().all(|r| r.success), "{r:?}");
    });
}

#[test]
fn the_viewer_pages_exports_accepts_and_resyncs() {
    let env = start(10);
    let app = AppWorkspace::at(env.dir.path().join("ws.db"));
    synccentral_store::Workspace::open(app.path())
        .unwrap()
        .import_config(&doc(&env))
        .unwrap();
    // An operator may compare, re-sync and accept (they change no configuration).
    synccentral_api::users::log_in(&app, "admin", "sync-central").unwrap();
    synccentral_api::users::change_password(&app, "sync-central", "a long admin password").unwrap();
    synccentral_api::users::add_user(&app, "ops", "operator", "first ops password").unwrap();
    synccentral_api::users::log_in(&app, "ops", "first ops password").unwrap();
    synccentral_api::users::change_password(&app, "first ops password", "ops own password!")
        .unwrap();
    let report = runs::run_now(
        &app,
        &RunWhich::Option {
            name: "invoices".into(),
        },
        |_| {},
    )
    .unwrap();
    assert_eq!(report.runs[0].status, "succeeded", "{report:?}");

    let clean = diff::diff_option(&app, "invoices", &DiffQuery::default()).unwrap();
    assert_eq!(clean.summary.same, 10);
    assert_eq!((clean.total, clean.rows.len()), (0, 0));
    assert_eq!(clean.fields, ["invoice_id__c", "Name", "Amount__c"]);

    rename_in_org(&env, &["INV-000002", "INV-000005", "INV-000007"]);
    let cached = diff::diff_option(&app, "invoices", &DiffQuery::default()).unwrap();
    assert_eq!(cached.summary.different, 0, "a page of the last diff");
    let page = diff::diff_option(
        &app,
        "invoices",
        &DiffQuery {
            refresh: true,
            offset: 1,
            limit: Some(1),
            ..DiffQuery::default()
        },
    )
    .unwrap();
    assert_eq!((page.summary.same, page.summary.different), (7, 3));
    assert_eq!((page.total, page.rows.len()), (3, 1));
    let row = &page.rows[0];
    assert_eq!(
        (row.key.as_str(), row.class.as_str()),
        ("INV-000005", "different")
    );
    assert_eq!(row.changes[0].field, "Name");
    assert_eq!(row.changes[0].target, json!("Renamed"));

    let by_field = |field: &str| {
        diff::diff_option(
            &app,
            "invoices",
            &DiffQuery {
                field: Some(field.into()),
                ..DiffQuery::default()
            },
        )
        .unwrap()
        .total
    };
    assert_eq!(by_field("Name"), 3, "the renamed rows differ on Name");
    assert_eq!(by_field("Amount__c"), 0, "no row differs on Amount__c");

    let file = diff::export_diff(&app, "invoices", &DiffQuery::default(), "csv").unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.starts_with("KEY,CLASS,ACCEPTED,TARGET_ID,FIELD,SOURCE,TARGET"));

    let accepted = diff::accept(&app, "invoices", &["INV-000007".into()]).unwrap();
    assert_eq!(accepted, ["INV-000007"]);
    let after_accept = diff::diff_option(&app, "invoices", &DiffQuery::default()).unwrap();
    assert_eq!(
        (
            after_accept.summary.different,
            after_accept.summary.accepted
        ),
        (2, 1)
    );

    let done = diff::resync(
        &app,
        "invoices",
        &["INV-000002".into(), "INV-000005".into()],
    )
    .unwrap();
    assert_eq!(done.written, 2);
    assert!(done.run.is_some());
    assert_eq!((done.after.different, done.after.accepted), (0, 1));
    let err = diff::diff_option(&app, "nope", &DiffQuery::default()).unwrap_err();
    assert_eq!(err.code, "INVALID_CONFIG");
}
