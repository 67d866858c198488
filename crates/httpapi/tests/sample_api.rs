//! The sample API itself: records shaped like the fixtures, faults and received requests
//! over its HTTP control endpoints (what a person running `sample-api serve` uses).

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use synccentral_httpapi::sample_api::{record, Resource, SampleAuth};
use synccentral_net::reqwest::Method;
use url::Url;

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn generated_records_have_every_field_of_the_fixture_records() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/samples/api");
    for (file, key, resource) in [
        ("invoices.json", "invoices", Resource::Invoices),
        ("payments.json", "items", Resource::Payments),
        ("contacts.json", "data", Resource::Contacts),
    ] {
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        let fixture: Value = serde_json::from_str(&text).unwrap();
        let want = keys(&fixture[key][0]);
        for i in [0, 1, 2, 99_999] {
            let mut got = keys(&record(resource, i));
            assert!(got.remove("updated_at"));
            assert_eq!(got, want, "{file} record {i}");
        }
        assert_eq!(record(resource, 5), record(resource, 5), "deterministic");
    }
}

async fn call(url: &str, method: Method, body: Option<Value>) -> (u16, Value) {
    let e = egress(&[&format!("http://{}", Url::parse(url).unwrap().authority())]);
    let mut rb = e.request(method, Url::parse(url).unwrap());
    if let Some(b) = body {
        rb = rb
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let response = e.send(rb.build().unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn faults_are_armed_and_received_requests_read_back_over_http() {
    let api = sample(5, SampleAuth::None).await;
    let base = api.base_url().to_string();
    let fault = json!({"kind": "status", "status": 418, "retryAfter": 2, "after": 1, "times": 1});
    let (status, _) = call(
        &format!("{base}/__sample/faults"),
        Method::POST,
        Some(fault),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        call(&format!("{base}/v1/invoices"), Method::GET, None)
            .await
            .0,
        200
    );
    assert_eq!(
        call(&format!("{base}/v1/invoices"), Method::GET, None)
            .await
            .0,
        418
    );
    assert_eq!(
        call(&format!("{base}/v1/invoices"), Method::GET, None)
            .await
            .0,
        200
    );

    let (status, _) = call(
        &format!("{base}/v1/customers/C-1"),
        Method::PATCH,
        Some(json!({"a": 1})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, received) = call(&format!("{base}/__sample/received"), Method::GET, None).await;
    assert_eq!(
        received,
        json!([{"method": "PATCH", "path": "/v1/customers/C-1", "contentType": "application/json", "body": "{\"a\":1}", "json": {"a": 1}}])
    );
    call(&format!("{base}/__sample/received"), Method::DELETE, None).await;
    assert!(api.received().is_empty());
}

#[tokio::test]
async fn bad_list_parameters_are_answered_400_with_the_reason() {
    let api = sample(5, SampleAuth::None).await;
    let base = api.base_url();
    let (status, body) = call(
        &format!("{base}/v1/invoices?paging=sideways"),
        Method::GET,
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("paging must be nextUrl"),
        "{body}"
    );
    let (status, body) = call(
        &format!("{base}/v1/invoices?updated_since=yesterday"),
        Method::GET,
        None,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("RFC 3339"),
        "{body}"
    );
}
