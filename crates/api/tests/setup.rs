//! Setting a sync up from a first answer, against real servers on loopback: the sample API
//! (every paging style it serves) and an API of this test's own that pages as search APIs
//! (a cursor in the POST body), lists (`has_more` and the last id) and offset APIs with a
//! total do, and filters by a Unix-seconds cursor. Fetch sample proposes the records path
//! and paging and proves it on the next pages; imports run with what it proposes.

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use synccentral_api::runs::{self, RunWhich};
use synccentral_api::setup::{self, SampleRequest};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
use synccentral_httpapi::Paging;
use synccentral_model::CursorTo;

mod common;

use common::app::{start_app_org, AppOrg};

/// This test's own API: tickets `t-001`… with a Unix-seconds `updated`.
#[derive(Default)]
struct Tickets {
    records: Vec<Value>,
    /// The `since` values the incremental route was sent.
    since_seen: Vec<Option<String>>,
    /// The search's `filter` objects, as sent.
    filters_seen: Vec<Value>,
}

type Shared = Arc<Mutex<Tickets>>;

fn ticket(i: usize) -> Value {
    json!({"id": format!("t-{i:03}"), "subject": format!("Ticket {i}"),
           "updated": 1_714_557_600 + (i as i64) * 60})
}

fn page_of(all: &[Value], from: usize, size: usize) -> (Vec<Value>, bool) {
    let to = (from + size).min(all.len());
    (all[from.min(to)..to].to_vec(), to < all.len())
}

async fn search(State(s): State<Shared>, Json(body): Json<Value>) -> Json<Value> {
    let mut state = s.lock().unwrap();
    state.filters_seen.push(body["filter"].clone());
    let after: i64 = body["filter"]["updated_after"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let all: Vec<Value> = state
        .records
        .iter()
        .filter(|r| r["updated"].as_i64().unwrap() >= after)
        .cloned()
        .collect();
    drop(state);
    let size = body["page_size"].as_u64().unwrap_or(10) as usize;
    let from = body["start_cursor"]
        .as_str()
        .and_then(|c| c.strip_prefix("c"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let (results, more) = page_of(&all, from, size);
    let next = more.then(|| format!("c{}", from + size));
    Json(json!({"object": "list", "results": results, "next_cursor": next, "has_more": more}))
}

async fn list(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let all = s.lock().unwrap().records.clone();
    let size = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    let from = match q.get("starting_after") {
        Some(id) => all
            .iter()
            .position(|r| r["id"] == json!(id))
            .map_or(all.len(), |i| i + 1),
        None => 0,
    };
    let (data, more) = page_of(&all, from, size);
    Json(json!({"object": "list", "url": "/v1/list", "data": data, "has_more": more}))
}

async fn items(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let all = s.lock().unwrap().records.clone();
    let n = |k: &str, d: usize| q.get(k).and_then(|v| v.parse().ok()).unwrap_or(d);
    let (offset, limit) = (n("offset", 0), n("limit", 10));
    let (items, _) = page_of(&all, offset, limit);
    Json(json!({"items": items, "offset": offset, "limit": limit, "total": all.len()}))
}

async fn changes(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let mut state = s.lock().unwrap();
    state.since_seen.push(q.get("since").cloned());
    let since: i64 = q.get("since").and_then(|v| v.parse().ok()).unwrap_or(0);
    let changed: Vec<Value> = state
        .records
        .iter()
        .filter(|r| r["updated"].as_i64().unwrap() >= since)
        .cloned()
        .collect();
    Json(json!({"changes": changed}))
}

struct Env {
    base: AppOrg,
    api: SampleApi,
    tickets: Shared,
}

impl std::ops::Deref for Env {
    type Target = AppOrg;
    fn deref(&self) -> &AppOrg {
        &self.base
    }
}

fn start() -> Env {
    let base = start_app_org("setup");
    let rt = &base.rt;
    let api = rt
        .block_on(SampleApi::start(SampleConfig {
            records: 25,
            ..SampleConfig::default()
        }))
        .unwrap();
    let tickets: Shared = Arc::new(Mutex::new(Tickets {
        records: (1..=45).map(ticket).collect(),
        since_seen: Vec::new(),
        filters_seen: Vec::new(),
    }));
    let router = Router::new()
        .route("/v1/search", post(search))
        .route("/v1/list", get(list))
        .route("/v1/items", get(items))
        .route("/v1/changes", get(changes))
        .with_state(tickets.clone());
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let own = format!("http://{}", listener.local_addr().unwrap());
    rt.spawn(async move { axum::serve(listener, router).await });
    let api_url = api.base_url().trim_end_matches('/').to_string();
    base.configure(&json!({
        "format": "sync-central/1",
        "connections": [
            base.org_connection("org"),
            {"name": "api", "type": "http", "baseUrl": api_url},
            {"name": "own", "type": "http", "baseUrl": own}
        ],
        "remoteSites": [base.org_url, api_url, own],
        "options": []
    }));
    Env { base, api, tickets }
}

fn request(connection: &str, path: &str, params: &[(&str, &str)], pages: u32) -> SampleRequest {
    SampleRequest {
        connection: connection.into(),
        path: path.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        pages,
        ..SampleRequest::default()
    }
}

fn counts(report: &setup::SampleReport) -> Vec<usize> {
    report.pages.iter().map(|p| p.records).collect()
}

#[test]
fn fetch_sample_proposes_and_proves_the_paging_of_every_style_served() {
    let env = start();
    let sample = |path: &str, params: &[(&str, &str)]| {
        let r = setup::fetch_sample(&env.app, &request("api", path, params, 3)).unwrap();
        assert_eq!(r.problem, None, "{path} {params:?}: {r:?}");
        // The app's binding has no problem, not a null one (the page would show an empty one).
        let sent = serde_json::to_value(&r).unwrap();
        assert!(sent.get("problem").is_none(), "{sent}");
        r
    };
    let ten = ("page_size", "10");

    // A next page's URL in the body, wherever the API keeps it.
    for (path, records, next) in [
        ("/v1/invoices", "$.invoices", "$.next_page"),
        ("/v1/payments", "$.items", "$.links.next"),
        ("/v1/contacts", "$.data", "$.paging.next"),
    ] {
        let r = sample(path, &[ten]);
        assert_eq!(r.records_path.as_deref(), Some(records), "{path}");
        assert_eq!(r.paging, Paging::NextUrl { path: next.into() }, "{path}");
        assert_eq!(counts(&r), [10, 10, 5], "{path}");
    }
    let invoices = sample("/v1/invoices", &[ten]);
    assert_eq!(invoices.status, 200);
    assert!(
        invoices
            .fields
            .iter()
            .any(|f| f.path == "invoice_id" && f.kind == "text"),
        "{:?}",
        invoices.fields
    );
    assert!(invoices.headers.iter().any(|h| h.name == "content-type"));
    assert_eq!(invoices.records.len(), 10);

    let cursor = sample("/v1/invoices", &[ten, ("paging", "cursor")]);
    assert_eq!(
        cursor.paging,
        Paging::Cursor {
            path: "$.meta.next_cursor".into(),
            param: "cursor".into(),
            to: CursorTo::Query
        }
    );
    assert_eq!(counts(&cursor), [10, 10, 5]);

    let link = sample("/v1/invoices", &[ten, ("paging", "link")]);
    assert_eq!(link.paging, Paging::Link);
    assert_eq!(counts(&link), [10, 10, 5]);

    let offset = sample("/v1/invoices", &[("limit", "10"), ("paging", "offset")]);
    assert_eq!(
        offset.paging,
        Paging::Offset {
            param: "offset".into(),
            page_size: 10,
            limit_param: Some("limit".into()),
            total_path: Some("$.meta.total".into()),
        }
    );
    assert_eq!(counts(&offset), [10, 10, 5]);
    assert!(
        offset.pages[1].url.contains("offset=10"),
        "{:?}",
        offset.pages
    );

    let page = sample("/v1/invoices", &[ten, ("paging", "page")]);
    assert_eq!(
        page.paging,
        Paging::Page {
            param: "page".into(),
            page_size: Some(10),
            size_param: Some("page_size".into()),
            start: 1,
            pages_path: Some("$.meta.total_pages".into()),
        }
    );
    assert_eq!(counts(&page), [10, 10, 5]);

    // Asked for one page: one page, and the paging still proposed.
    let one = setup::fetch_sample(&env.app, &request("api", "/v1/invoices", &[ten], 1)).unwrap();
    assert_eq!(counts(&one), [10]);
    assert_eq!(
        one.paging,
        Paging::NextUrl {
            path: "$.next_page".into()
        }
    );
}

#[test]
fn fetch_sample_reads_search_list_and_offset_apis_it_was_not_built_for() {
    let env = start();
    // A search API: POST, the cursor back inside the JSON body.
    let mut search = request("own", "/v1/search", &[], 5);
    search.method = synccentral_api::setup::sample::ReadMethod::Post;
    search.body = Some(json!({"query": "tickets", "page_size": 10}));
    let r = setup::fetch_sample(&env.app, &search).unwrap();
    assert_eq!(r.records_path.as_deref(), Some("$.results"));
    assert_eq!(
        r.paging,
        Paging::Cursor {
            path: "$.next_cursor".into(),
            param: "start_cursor".into(),
            to: CursorTo::Body
        }
    );
    assert_eq!((counts(&r), r.problem), (vec![10, 10, 10, 10, 5], None));

    // A list API: has_more, and the last record's id as starting_after.
    let r =
        setup::fetch_sample(&env.app, &request("own", "/v1/list", &[("limit", "20")], 4)).unwrap();
    assert_eq!(r.records_path.as_deref(), Some("$.data"));
    assert_eq!(
        r.paging,
        Paging::AfterLast {
            param: "starting_after".into(),
            id_path: "id".into(),
            has_more: "$.has_more".into()
        }
    );
    assert_eq!((counts(&r), r.problem), (vec![20, 20, 5], None));
    assert!(
        r.pages[1].url.contains("starting_after=t-020"),
        "{:?}",
        r.pages
    );

    // Offset and limit with a total: 45 of 45 is the end, no empty page asked for.
    let r = setup::fetch_sample(
        &env.app,
        &request("own", "/v1/items", &[("limit", "15")], 5),
    )
    .unwrap();
    assert_eq!(
        r.paging,
        Paging::Offset {
            param: "offset".into(),
            page_size: 15,
            limit_param: Some("limit".into()),
            total_path: Some("$.total".into())
        }
    );
    assert_eq!((counts(&r), r.problem), (vec![15, 15, 15], None));

    // The admin picks another array and paging: the request's own are followed.
    let mut mine = request("own", "/v1/items", &[("limit", "15")], 2);
    mine.paging = Some(Paging::None);
    let r = setup::fetch_sample(&env.app, &mine).unwrap();
    assert_eq!(counts(&r), [15]);

    // What cannot be used is said, not guessed.
    let e = setup::fetch_sample(&env.app, &request("org", "/", &[], 1)).unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST", "{e:?}");
    let e = setup::fetch_sample(&env.app, &request("own", "/v1/items", &[], 21)).unwrap_err();
    assert!(e.message.contains("between 1 and 20"), "{e:?}");
    let e = setup::fetch_sample(&env.app, &request("nope", "/", &[], 1)).unwrap_err();
    assert_eq!(e.code, "NOT_FOUND");
    // A path that leaves for an origin off the remote sites: nothing is called, and the
    // origin to add is named.
    let e = setup::fetch_sample(
        &env.app,
        &request("own", "https://api.example.com/v2/x", &[], 1),
    )
    .unwrap_err();
    assert_eq!(e.code, "REMOTE_SITE_NOT_ALLOWED", "{e:?}");
    assert!(
        e.message
            .contains("add https://api.example.com to the remote sites"),
        "{e:?}"
    );
}

fn import_option(name: &str, source: Value, incremental: Option<Value>) -> Value {
    let mut o = json!({"name": name, "direction": "import",
    "source": source,
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c"},
    "mapping": {"fields": [
        {"source": "id", "target": "invoice_id__c"},
        {"source": "subject", "target": "Name"}
    ]}});
    if let Some(inc) = incremental {
        o["incremental"] = inc;
    }
    o
}

fn set_options(env: &Env, options: Value) {
    let ws = synccentral_store::Workspace::open(env.app.path()).unwrap();
    let mut doc = serde_json::to_value(ws.export_config(true).unwrap()).unwrap();
    doc["options"] = options;
    ws.import_config(&doc).unwrap();
}

fn run(env: &Env, option: &str) -> runs::RunView {
    let report = runs::run_now(
        &env.app,
        &RunWhich::Option {
            name: option.into(),
        },
        |_| {},
    )
    .unwrap();
    report.runs.into_iter().next().unwrap()
}

#[test]
fn an_incremental_import_on_unix_seconds_reads_only_what_is_new() {
    let env = start();
    set_options(
        &env,
        json!([import_option(
            "changes",
            json!({"connection": "own", "path": "/v1/changes",
                   "params": {"since": "{{since}}"}, "recordsPath": "$.changes"}),
            Some(json!({"cursor": "updated", "format": "unixSeconds"}))
        )]),
    );
    let first = run(&env, "changes");
    assert_eq!(
        (first.counts.read, first.counts.written),
        (45, 45),
        "{first:?}"
    );
    env.tickets
        .lock()
        .unwrap()
        .records
        .extend((46..=50).map(ticket));
    let second = run(&env, "changes");
    // From the checkpoint (ticket 45's updated, inclusive): 45 again (already done, skipped)
    // and the five new ones.
    assert_eq!(
        (
            second.counts.read,
            second.counts.written,
            second.counts.skipped
        ),
        (6, 5, 1),
        "{second:?}"
    );
    let seen = env.tickets.lock().unwrap().since_seen.clone();
    assert_eq!(seen[0], None, "a first run reads everything");
    assert_eq!(seen[1].as_deref(), Some("1714560300"), "{seen:?}");
}

#[test]
fn a_search_api_paged_by_a_cursor_in_the_post_body_imports_every_page() {
    let env = start();
    set_options(
        &env,
        json!([import_option(
            "search",
            json!({"connection": "own", "path": "/v1/search", "method": "POST",
                   "body": {"query": "tickets", "page_size": 10},
                   "recordsPath": "$.results",
                   "paging": {"type": "cursor", "path": "$.next_cursor",
                              "param": "start_cursor", "to": "body"}}),
            None
        )]),
    );
    let r = run(&env, "search");
    assert_eq!(
        (r.counts.read, r.counts.written, r.counts.failed),
        (45, 45, 0),
        "{r:?}"
    );
}

#[test]
fn an_incremental_search_sends_its_cursor_in_the_post_body_and_only_once_it_has_one() {
    let env = start();
    set_options(
        &env,
        json!([import_option(
            "search",
            json!({"connection": "own", "path": "/v1/search", "method": "POST",
                   "body": {"page_size": 20,
                            "filter": {"updated_after": "{{since}}", "kind": "ticket"}},
                   "recordsPath": "$.results",
                   "paging": {"type": "cursor", "path": "$.next_cursor",
                              "param": "start_cursor", "to": "body"}}),
            Some(json!({"cursor": "updated", "format": "unixSeconds"}))
        )]),
    );
    let first = run(&env, "search");
    assert_eq!(
        (first.counts.read, first.counts.written),
        (45, 45),
        "{first:?}"
    );
    env.tickets
        .lock()
        .unwrap()
        .records
        .extend((46..=50).map(ticket));
    let second = run(&env, "search");
    assert_eq!(
        (
            second.counts.read,
            second.counts.written,
            second.counts.skipped
        ),
        (6, 5, 1),
        "{second:?}"
    );
    let seen = env.tickets.lock().unwrap().filters_seen.clone();
    // A full read sends no empty cursor: the member is left out, the rest of the filter stays.
    assert_eq!(seen[0], json!({"kind": "ticket"}), "{seen:?}");
    assert_eq!(
        seen.last().unwrap(),
        &json!({"updated_after": "1714560300", "kind": "ticket"}),
        "{seen:?}"
    );
}

#[test]
fn preview_payload_shows_the_requests_an_export_would_send_and_sends_nothing() {
    let env = start();
    let file = env.dir.path().join("tickets.csv");
    let export = |name: &str, target: Value| {
        json!({"name": name, "direction": "export",
        "source": {"connection": "org", "object": "Invoice__c"},
        "target": target,
        "mapping": {"fields": [
            {"source": "invoice_id__c", "target": "ext"},
            {"source": "Name", "target": "title"}
        ]}})
    };
    set_options(
        &env,
        json!([
            import_option(
                "search",
                json!({"connection": "own", "path": "/v1/search", "method": "POST",
                       "body": {"page_size": 20}, "recordsPath": "$.results",
                       "paging": {"type": "cursor", "path": "$.next_cursor",
                                  "param": "start_cursor", "to": "body"}}),
                None
            ),
            export(
                "to-api",
                json!({"connection": "api", "method": "PUT", "path": "/v1/tickets/{{ext}}",
                       "format": "form"})
            ),
            export(
                "to-file",
                json!({"file": file.display().to_string(), "format": "csv"})
            )
        ]),
    );
    assert_eq!(run(&env, "search").counts.written, 45);

    let p = setup::preview_payload(&env.app, "to-api", 3).unwrap();
    assert!(
        p.soql
            .starts_with("SELECT Id, SystemModstamp, invoice_id__c, Name FROM Invoice__c"),
        "{}",
        p.soql
    );
    assert!(p.soql.ends_with(" LIMIT 3"), "{}", p.soql);
    assert_eq!((p.records, p.requests.len()), (3, 3), "{p:?}");
    let first = &p.requests[0];
    assert_eq!(first.method, "PUT");
    assert!(first.url.ends_with("/v1/tickets/t-001"), "{first:?}");
    assert_eq!(first.content_type, "application/x-www-form-urlencoded");
    assert_eq!(first.body, "ext=t-001&title=Ticket+1");
    assert!(p.unsent.is_empty());

    let p = setup::preview_payload(&env.app, "to-file", 2).unwrap();
    assert_eq!(p.requests.len(), 1);
    assert_eq!(p.requests[0].records, 2);
    assert_eq!(
        p.requests[0].body,
        "ext,title\r\nt-001,Ticket 1\r\nt-002,Ticket 2\r\n"
    );
    // Sent nowhere, written nowhere, recorded nowhere.
    assert!(env.api.received().is_empty(), "{:?}", env.api.received());
    assert!(!file.exists());
    let runs = synccentral_api::runs::latest_runs(&env.app, 10).unwrap();
    assert_eq!(runs.len(), 1, "only the import ran: {runs:?}");

    let e = setup::preview_payload(&env.app, "search", 3).unwrap_err();
    assert!(e.message.contains("is not an export"), "{e:?}");
    let e = setup::preview_payload(&env.app, "to-api", 51).unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST");
}

#[test]
fn the_mapping_editor_opens_an_export_on_its_live_records_and_its_api_keys() {
    let env = start();
    set_options(
        &env,
        json!([
            import_option(
                "search",
                json!({"connection": "own", "path": "/v1/search", "method": "POST",
                       "body": {"page_size": 20}, "recordsPath": "$.results",
                       "paging": {"type": "cursor", "path": "$.next_cursor",
                                  "param": "start_cursor", "to": "body"}}),
                None
            ),
            {"name": "to-api", "direction": "export",
             "source": {"connection": "org", "object": "Invoice__c", "where": "Name LIKE 'Ticket 1%'"},
             "target": {"connection": "api", "method": "POST", "path": "/v1/tickets"},
             "mapping": {"fields": [{"source": "invoice_id__c", "target": "ext"}]}}
        ]),
    );
    assert_eq!(run(&env, "search").counts.written, 45);

    let w = synccentral_api::options::option_workspace(&env.app, "to-api").unwrap();
    assert!(w.notes.is_empty(), "{:?}", w.notes);
    let sample: Vec<Value> = serde_json::from_str(&w.sample).unwrap();
    // The option's own condition: Ticket 1 and Ticket 10-19, no more.
    assert_eq!(sample.len(), 11, "{sample:?}");
    let first = &sample[0];
    assert!(first.get("attributes").is_none(), "{first}");
    // The mapped field, and the object's other fields to drag.
    assert!(
        first["invoice_id__c"].as_str().unwrap().starts_with("t-0"),
        "{first}"
    );
    assert!(
        first.get("Name").is_some() && first.get("Paid__c").is_some(),
        "{first}"
    );
    // The target is the API's keys: the mapping's, and one per sample field.
    let describe = synccentral_engine::Describe::from_value(
        &serde_json::from_str::<Value>(&w.describe).unwrap(),
    )
    .unwrap();
    let keys: Vec<&str> = describe.fields.iter().map(|f| f.name.as_str()).collect();
    for key in ["ext", "Name", "invoice_id__c", "Paid__c"] {
        assert!(keys.contains(&key), "{key} not in {keys:?}");
    }
    assert_eq!(w.describe_from, "the JSON keys sent to api");

    // The editor's preview of it: the mapped keys, no Salesforce type refused.
    let report = synccentral_api::editor::preview_mapping(&synccentral_api::editor::EditorInput {
        mapping: serde_json::from_str(&w.mapping).unwrap(),
        sample: w.sample.clone(),
        records_path: None,
        describe: Some(w.describe.clone()),
        operation: synccentral_engine::Operation::Insert,
        source_is_org: None,
    })
    .unwrap();
    assert_eq!(report.summary.invalid, 0, "{report:?}");
    assert_eq!(report.records[0].fields["ext"], first["invoice_id__c"]);
}

#[test]
fn an_export_filter_is_checked_against_the_describes_as_salesforce_would() {
    let env = start();
    let check =
        |object: &str, filter: &str| setup::check_filter(&env.app, "org", object, filter).unwrap();
    let good = check("Invoice__c", "Name LIKE 'Ticket%' AND Amount__c > 10");
    assert_eq!(
        good.soql,
        "SELECT Id FROM Invoice__c WHERE Name LIKE 'Ticket%' AND Amount__c > 10"
    );
    assert_eq!(good.problem, None);
    let sent = serde_json::to_value(&good).unwrap();
    assert!(
        sent.get("problem").is_none(),
        "no null problem for the app: {sent}"
    );
    // Through a lookup to the parent's describe, fetched for the check.
    assert_eq!(
        check("Invoice__c", "Account__r.Name = 'Acme'").problem,
        None
    );
    let unknown = check("Invoice__c", "Account__r.Nmae = 'Acme'")
        .problem
        .unwrap();
    assert_eq!(unknown.code, "INVALID_FIELD", "{unknown:?}");
    let typo = check("Invoice__c", "Nmae = 'x'").problem.unwrap();
    assert_eq!(typo.code, "INVALID_FIELD");
    assert!(typo.message.contains("Nmae"), "{typo:?}");
    let broken = check("Invoice__c", "Name = ").problem.unwrap();
    assert_eq!(broken.code, "MALFORMED_QUERY");
    assert!(broken.message.contains("ERROR at Row:1"), "{broken:?}");
    let wrong_type = check("Invoice__c", "Amount__c = 'ten'").problem.unwrap();
    assert_eq!(wrong_type.code, "INVALID_FIELD", "{wrong_type:?}");
    assert_eq!(check("Invoice__c", "").problem, None);
}

#[test]
fn an_org_sample_reads_the_first_records_of_another_orgs_object_and_opens_the_editor_on_them() {
    let env = start();
    let search = import_option(
        "search",
        json!({"connection": "own", "path": "/v1/search", "method": "POST",
               "body": {"page_size": 20}, "recordsPath": "$.results",
               "paging": {"type": "cursor", "path": "$.next_cursor",
                          "param": "start_cursor", "to": "body"}}),
        None,
    );
    let from_org = json!({"name": "from-org", "direction": "import",
        "source": {"connection": "org", "object": "Invoice__c", "where": "Name LIKE 'Ticket 2%'"},
        "target": {"connection": "org", "object": "Account", "operation": "upsert",
                   "matchOn": ["Name"]},
        "mapping": {"fields": [{"source": "Name", "target": "Name"}]}});
    set_options(&env, json!([search, from_org]));
    assert_eq!(run(&env, "search").counts.written, 45);

    let s = setup::org_sample(
        &env.app,
        "org",
        "Invoice__c",
        Some("Name LIKE 'Ticket 1%'"),
        5,
    )
    .unwrap();
    assert!(
        s.soql.starts_with("SELECT Id, SystemModstamp, "),
        "{}",
        s.soql
    );
    assert!(
        s.soql
            .ends_with(" FROM Invoice__c WHERE (Name LIKE 'Ticket 1%') LIMIT 5"),
        "{}",
        s.soql
    );
    assert_eq!(s.records.len(), 5);
    for r in &s.records {
        assert!(r.get("attributes").is_none(), "{r}");
        assert!(r["Name"].as_str().unwrap().starts_with("Ticket 1"), "{r}");
        assert!(r["invoice_id__c"].is_string(), "{r}");
    }
    let paths: Vec<&str> = s.fields.iter().map(|f| f.path.as_str()).collect();
    for path in ["Id", "Name", "invoice_id__c"] {
        assert!(paths.contains(&path), "{path} not in {paths:?}");
    }

    // Salesforce's own codes, and the bounds.
    let e = setup::org_sample(&env.app, "org", "Invoice__c", Some("Nmae = 'x'"), 5).unwrap_err();
    assert_eq!(e.code, "INVALID_FIELD", "{e:?}");
    let e = setup::org_sample(&env.app, "org", "Nothing__c", None, 5).unwrap_err();
    assert_eq!(e.code, "NOT_FOUND", "{e:?}");
    let e = setup::org_sample(&env.app, "org", "Invoice__c", None, 51).unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST");
    let e = setup::org_sample(&env.app, "api", "Invoice__c", None, 5).unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST");

    // The option's editor opens on the source org's records, its own condition applied.
    let w = synccentral_api::options::option_workspace(&env.app, "from-org").unwrap();
    assert!(w.notes.is_empty(), "{:?}", w.notes);
    let sample: Vec<Value> = serde_json::from_str(&w.sample).unwrap();
    assert_eq!(sample.len(), 11, "Ticket 2 and 20-29: {sample:?}");
    assert!(sample.iter().all(|r| r.get("attributes").is_none()));
    assert_eq!(w.describe_from, "org");
}
