use super::example;
use crate::config::*;
use crate::validate::{parse, validate, ConfigIssue};
use serde_json::{json, Value};

fn issues(doc: &Value) -> Vec<String> {
    validate(doc)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ConfigIssue::to_string)
        .collect()
}

fn has(all: &[String], pointer: &str, text: &str) {
    assert!(
        all.iter()
            .any(|i| i.starts_with(&format!("{pointer}: ")) && i.contains(text)),
        "no issue at {pointer} containing {text:?} in:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_example_is_valid_and_defaults_are_filled_in() {
    let c = validate(&example()).unwrap();
    assert_eq!(c.connections.len(), 2);
    let SyncOption::Import(imp) = &c.options[0] else {
        panic!()
    };
    assert_eq!(imp.target.bulk_threshold, 2000);
    assert_eq!(imp.source.api().unwrap().max_page_bytes, 5 * 1024 * 1024);
    assert_eq!(
        imp.source.api().unwrap().paging,
        Paging::NextUrl {
            path: "$.next_page".into()
        }
    );
    assert_eq!(
        imp.incremental.as_ref().unwrap().lookback_seconds(),
        Some(48 * 3600)
    );
    let SyncOption::Export(exp) = &c.options[1] else {
        panic!()
    };
    assert_eq!(exp.target.batch, 50);
    assert_eq!(exp.source.condition.as_deref(), Some("Active__c = true"));
}

#[test]
fn a_misspelt_connection_reference_suggests_the_name() {
    let mut doc = example();
    doc["options"][1]["target"]["connection"] = json!("financ");
    doc["options"][0]["target"]["connection"] = json!("orgg");
    let all = issues(&doc);
    has(
        &all,
        "/options/0/target/connection",
        "no connection named \"orgg\" (did you mean \"org\"?)",
    );
    has(
        &all,
        "/options/1/target/connection",
        "did you mean \"finance\"?",
    );
}

#[test]
fn every_kind_of_problem_is_reported_at_once() {
    let mut doc = example();
    doc["extra"] = json!(1);
    doc["format"] = json!("sync-central/9");
    // Duplicate connection name, plain http, not on remote sites.
    doc["connections"].as_array_mut().unwrap().push(json!(
        {"name": "org", "type": "http", "baseUrl": "http://other.example.com"}));
    // Unknown key inside auth, a missing secret.
    doc["connections"][1]["auth"] = json!({"type": "bearer", "tokn": "x"});
    // Upsert without externalId, batch too large, wrong connection type, bad lookback.
    doc["options"][0]["target"]
        .as_object_mut()
        .unwrap()
        .remove("externalId");
    doc["options"][0]["target"]["batchSize"] = json!(500);
    doc["options"][0]["source"]["connection"] = json!("org");
    doc["options"][0]["incremental"]["lookback"] = json!("two days");
    // Broken mapping.
    doc["options"][1]["mapping"] =
        json!({"fields": [{"source": "a", "target": "B", "transforms": [{"modify": "shout"}]}]});
    // Duplicate option name.
    doc["options"][1]["name"] = json!("invoices");
    let all = issues(&doc);
    has(&all, "/extra", "unknown key \"extra\"");
    has(&all, "/format", "sync-central/1");
    has(
        &all,
        "/connections/2/name",
        "duplicate connection name \"org\"",
    );
    has(&all, "/connections/2/baseUrl", "must use https://");
    has(
        &all,
        "/connections/2/baseUrl",
        "add \"http://other.example.com\"",
    );
    has(
        &all,
        "/connections/1/auth/tokn",
        "unknown key \"tokn\" (did you mean \"token\"?)",
    );
    has(&all, "/options/0/target/externalId", "an upsert needs");
    has(&all, "/options/0/target/batchSize", "1 to 200");
    has(&all, "/options/0/incremental/lookback", "not a duration");
    has(
        &all,
        "/options/1/mapping/fields/0/transforms/0/modify",
        "got \"shout\"",
    );
    has(
        &all,
        "/options/1/name",
        "duplicate option name \"invoices\"",
    );
    assert!(all.len() >= 11, "{all:#?}");
}

#[test]
fn a_wrong_connection_type_for_an_option_is_named() {
    let mut doc = example();
    doc["options"][0]["source"]["connection"] = json!("org");
    let all = issues(&doc);
    has(
        &all,
        "/options/0/source/connection",
        "connection \"org\" is a salesforce connection; this needs a http connection",
    );
}

#[test]
fn urls_must_be_on_remote_sites_and_https_except_loopback() {
    let mut doc = example();
    doc["remoteSites"] = json!([
        "https://login.salesforce.com",
        "http://127.0.0.1:8080",
        "http://evil.example.com",
        "https://x.example.com/path"
    ]);
    doc["connections"][1]["baseUrl"] = json!("http://localhost:9000");
    let all = issues(&doc);
    has(
        &all,
        "/connections/1/baseUrl",
        "http://localhost:9000 is not on remoteSites: add \"http://localhost:9000\"",
    );
    assert!(
        !all.iter()
            .any(|i| i.contains("localhost:9000 must use https")),
        "{all:#?}"
    );
    has(&all, "/remoteSites/2", "must use https://");
    has(&all, "/remoteSites/3", "without a path");
    assert!(
        !all.iter().any(|i| i.starts_with("/remoteSites/1")),
        "{all:#?}"
    );

    doc["remoteSites"] = json!(["https://login.salesforce.com", "http://localhost:9000"]);
    assert!(validate(&doc).is_ok(), "{:#?}", issues(&doc));
}

#[test]
fn token_urls_of_http_auth_are_checked_too() {
    let mut doc = example();
    doc["connections"][1]["auth"] = json!({"type": "oauth2", "tokenUrl": "https://auth.example.com/token",
        "clientId": "c", "clientSecret": "s"});
    has(
        &issues(&doc),
        "/connections/1/auth/tokenUrl",
        "add \"https://auth.example.com\"",
    );
}

#[test]
fn unknown_types_and_flows_suggest_the_known_ones() {
    let mut doc = example();
    doc["connections"][0]["type"] = json!("salesfroce");
    doc["connections"][1]["auth"] = json!({"type": "baerer", "token": "t"});
    doc["options"][1]["direction"] = json!("exprot");
    let all = issues(&doc);
    has(&all, "/connections/0/type", "did you mean \"salesforce\"?");
    has(
        &all,
        "/connections/1/auth/type",
        "unknown value \"baerer\" (did you mean \"bearer\"?)",
    );
    has(&all, "/options/1/direction", "did you mean \"export\"?");
    // A broken connection does not also cause reference errors.
    assert!(
        !all.iter()
            .any(|i| i.contains("connection named") || i.contains("salesfroce connection")),
        "{all:#?}"
    );
}

#[test]
fn every_auth_flow_and_paging_kind_reads() {
    let mut doc = example();
    doc["remoteSites"] = json!([
        "https://login.salesforce.com",
        "https://api.example.com",
        "https://test.salesforce.com"
    ]);
    let conns = json!([
        {"name": "a", "type": "salesforce", "auth": {"flow": "client_credentials", "clientId": "c", "clientSecret": "s"}},
        {"name": "b", "type": "salesforce", "loginUrl": "https://test.salesforce.com", "auth": {"flow": "jwt", "clientId": "c", "username": "u", "keyFile": "k.pem"}},
        {"name": "c", "type": "salesforce", "auth": {"flow": "web", "clientId": "c"}},
        {"name": "d", "type": "http", "baseUrl": "https://api.example.com", "auth": {"type": "apiKey", "in": "query", "name": "key", "value": "v"}},
        {"name": "e", "type": "http", "baseUrl": "https://api.example.com", "auth": {"type": "basic", "username": "u", "password": "p"}},
        {"name": "f", "type": "http", "baseUrl": "https://api.example.com", "auth": {"type": "custom", "url": "https://api.example.com/token", "body": "{\"user\":\"u\"}", "tokenPath": "$.token"}},
        {"name": "g", "type": "http", "baseUrl": "https://api.example.com"}
    ]);
    for c in conns.as_array().unwrap() {
        doc["connections"].as_array_mut().unwrap().push(c.clone());
    }
    for paging in [
        json!({"type": "none"}),
        json!({"type": "cursor", "path": "$.next", "param": "cursor"}),
        json!({"type": "link"}),
        json!({"type": "offset", "param": "offset", "pageSize": 100, "limitParam": "limit"}),
        json!({"type": "page", "param": "page"}),
    ] {
        doc["options"][0]["source"]["paging"] = paging.clone();
        let c = validate(&doc).unwrap_or_else(|e| panic!("{paging}: {e:#?}"));
        let Connection::Salesforce(web) = c.connection("c").unwrap() else {
            panic!()
        };
        let SalesforceAuth::Web(w) = &web.auth else {
            panic!()
        };
        assert_eq!(w.redirect_port, 1717);
        let Connection::Http(custom) = c.connection("f").unwrap() else {
            panic!()
        };
        let HttpAuth::Custom(a) = &custom.auth else {
            panic!()
        };
        assert_eq!(
            (a.header.as_str(), a.prefix.as_str()),
            ("Authorization", "Bearer ")
        );
    }
    doc["options"][0]["source"]["paging"] = json!({"type": "page", "param": "p"});
    let c = validate(&doc).unwrap();
    let SyncOption::Import(imp) = &c.options[0] else {
        panic!()
    };
    assert!(matches!(
        imp.source.api().unwrap().paging,
        Paging::Page { start: 1, .. }
    ));
}

#[test]
fn export_targets_need_a_connection_or_a_file() {
    let mut doc = example();
    doc["options"][1]["target"] = json!({"format": "json"});
    has(&issues(&doc), "/options/1/target", "give \"connection\"");
    doc["options"][1]["target"] =
        json!({"file": "out.csv", "format": "csv", "csv": {"delimiter": ";"}});
    assert!(validate(&doc).is_ok(), "{:#?}", issues(&doc));
    doc["options"][1]["target"] = json!({"connection": "finance", "file": "out.csv"});
    has(&issues(&doc), "/options/1/target", "not both");
}

#[test]
fn invalid_json_names_line_and_column() {
    let e = parse("{\n  \"format\": ,\n}").unwrap_err();
    assert!(e[0].message.contains("line 2, column 13"), "{e:?}");
}

#[test]
fn secrets_do_not_show_in_debug_output() {
    let c = validate(&example()).unwrap();
    let text = format!("{c:?}");
    assert!(!text.contains("sf-password-2") && text.contains("Secret(***)"));
}

#[test]
fn a_deletions_endpoint_is_a_path_on_the_connection_and_deletes_need_one_or_a_mark() {
    let mut doc = example();
    doc["options"][0]["deletes"] = json!("delete");
    has(
        &issues(&doc),
        "/options/0/source/deletedPath",
        "set deletedPath to the mark in each record ($.deleted), or deletions",
    );
    doc["options"][0]["source"]["deletions"] = json!({
        "path": "v1/invoices/deleted",
        "paging": {"type": "offset", "param": "offset", "pageSize": 0}
    });
    let all = issues(&doc);
    has(
        &all,
        "/options/0/source/deletions/path",
        "a path starts with /",
    );
    has(
        &all,
        "/options/0/source/deletions/paging/pageSize",
        "at least 1",
    );
    assert!(!all.iter().any(|i| i.contains("deletedPath")), "{all:#?}");
    doc["options"][0]["source"]["deletions"] =
        json!({"path": "https://elsewhere.example.com/deleted"});
    has(
        &issues(&doc),
        "/options/0/source/deletions/path",
        "is not on remoteSites",
    );
    doc["options"][0]["source"]["deletions"] = json!({"path": "/v1/invoices/deleted", "recordsPath": "$.data",
               "params": {"since": "{{since}}"}});
    assert!(validate(&doc).is_ok(), "{:#?}", issues(&doc));
}
