//! The mapping editor's latency budget, backend side: one edit re-runs the whole preview
//! (parse the sample, compile the mapping, map and check every record against the
//! describe). Measures that for 1,000 records × 20 fields, as the editor calls it.
//!
//! Usage: `cargo run --release -p synccentral-api --example preview_latency [RUNS]`

use serde_json::{json, Value};
use std::time::Instant;
use synccentral_api::editor::{self, EditorInput};
use synccentral_api::{preview, Document, PreviewRequest};
use synccentral_engine::Operation;

const RECORDS: usize = 1_000;

/// A 20-field custom object covering the field types a mapping meets.
fn describe() -> Value {
    let field = |name: &str, ty: &str, extra: Value| {
        let mut f = json!({"name": name, "label": name.trim_end_matches("__c").replace('_', " "),
            "type": ty, "length": 0, "precision": 0, "scale": 0, "digits": 0, "nillable": true,
            "createable": true, "updateable": true, "defaultedOnCreate": false, "externalId": false,
            "picklistValues": [], "referenceTo": [], "relationshipName": null});
        for (k, v) in extra.as_object().unwrap() {
            f[k] = v.clone();
        }
        f
    };
    let text = |n: u32| json!({"length": n});
    let num = json!({"precision": 16, "scale": 2});
    let picklist = |values: &[&str]| {
        json!({"length": 40, "restrictedPicklist": true,
               "picklistValues": values.iter().map(|v| json!({"value": v, "label": v, "active": true})).collect::<Vec<_>>()})
    };
    let fields = vec![
        field(
            "Id",
            "id",
            json!({"length": 18, "nillable": false, "createable": false, "updateable": false, "defaultedOnCreate": true}),
        ),
        field("Name", "string", json!({"length": 80, "nillable": false})),
        field(
            "Ext_Id__c",
            "string",
            json!({"length": 40, "externalId": true}),
        ),
        field("Email__c", "email", text(80)),
        field("Phone__c", "phone", text(40)),
        field("Website__c", "url", text(255)),
        field("Signed__c", "date", json!({})),
        field("Last_Seen__c", "datetime", json!({})),
        field("Amount__c", "currency", num.clone()),
        field("Tax__c", "currency", num),
        field("Seats__c", "double", json!({"precision": 18, "scale": 0})),
        field(
            "Active__c",
            "boolean",
            json!({"nillable": false, "defaultedOnCreate": true}),
        ),
        field(
            "Status__c",
            "picklist",
            picklist(&["Active", "Inactive", "Pending"]),
        ),
        field(
            "Tier__c",
            "picklist",
            picklist(&["Gold", "Silver", "Bronze"]),
        ),
        field(
            "Tags__c",
            "multipicklist",
            picklist(&["vip", "eu", "us", "new", "churn"]),
        ),
        field("City__c", "string", text(40)),
        field("Country__c", "string", text(80)),
        field("Notes__c", "textarea", text(1000)),
        field("Code__c", "string", text(10)),
        field("Score__c", "percent", json!({"precision": 5, "scale": 2})),
        field(
            "Account__c",
            "reference",
            json!({"length": 18, "referenceTo": ["Account"], "relationshipName": "Account__r"}),
        ),
    ];
    json!({"name": "Bench__c", "label": "Bench", "keyPrefix": "a0B", "fields": fields})
}

fn mapping() -> Value {
    json!({"object": "Bench__c", "fields": [
        {"source": "name", "target": "Name", "transforms": [{"modify": "title"}]},
        {"source": "id", "target": "Ext_Id__c"},
        {"source": "email", "target": "Email__c", "transforms": [{"modify": "lower"}]},
        {"source": "phone", "target": "Phone__c"},
        {"source": "site", "target": "Website__c"},
        {"source": "signed", "target": "Signed__c", "transforms": [{"convert": {"to": "date", "format": "%d/%m/%Y"}}]},
        {"source": "seen", "target": "Last_Seen__c", "transforms": [{"convert": {"to": "datetime", "timezone": "Europe/Paris"}}]},
        {"source": "amount", "target": "Amount__c", "transforms": [{"convert": "number"}]},
        {"source": "amount", "target": "Tax__c", "transforms": [{"calc": "ROUND(value * 0.2, 2)"}]},
        {"source": "seats", "target": "Seats__c"},
        {"source": "active", "target": "Active__c", "transforms": [{"convert": "boolean"}]},
        {"source": "status", "target": "Status__c", "transforms": [{"replace": {"map": {"active": "Active", "inactive": "Inactive", "pending": "Pending"}, "ignoreCase": true}}]},
        {"source": "tier", "target": "Tier__c", "transforms": [{"modify": "title"}]},
        {"source": "tags", "target": "Tags__c", "transforms": [{"join": ";"}]},
        {"source": "address.city", "target": "City__c", "transforms": [{"truncate": "fit"}]},
        {"source": "address.country", "target": "Country__c", "transforms": [{"default": "Unknown"}]},
        {"source": ["name", "id"], "target": "Notes__c", "transforms": [{"join": " / "}]},
        {"source": "code", "target": "Code__c", "transforms": [{"modify": "upper"}, {"validate": {"pattern": "^[A-Z0-9-]+$"}}]},
        {"source": "score", "target": "Score__c", "transforms": [{"convert": "number"}]},
        {"source": "company.id", "target": "Account__c", "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
    ]})
}

/// Records with the usual mess: a quarter with an unknown status, a quarter with an
/// unknown tier, so the preview has errors to show.
fn sample() -> Value {
    let statuses = ["active", "INACTIVE", "Pending", "archived"];
    let tiers = ["gold", "silver", "bronze", "platinum"];
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            json!({
                "id": format!("B-{i:05}"), "name": format!("customer number {i}"),
                "email": format!("Customer{i}@Example.com"), "phone": "+1 415 555 0100",
                "site": "https://example.com", "signed": format!("{:02}/{:02}/2024", i % 28 + 1, i % 12 + 1),
                "seen": "2024-07-30 20:54:16", "amount": format!("{}.{:02}", i * 7, i % 100),
                "seats": i % 500, "active": if i % 2 == 0 { "yes" } else { "no" },
                "status": statuses[i % 4], "tier": tiers[(i / 4) % 4],
                "tags": ["vip", "eu"], "address": {"city": "Paris", "country": null},
                "code": format!("c-{i}"), "score": (i % 100).to_string(), "company": {"id": format!("A-{}", i % 50)}
            })
        })
        .collect();
    json!({"data": records})
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50)
        .max(1);
    let (sample, describe, mapping) = (
        sample().to_string(),
        describe().to_string(),
        mapping().to_string(),
    );
    let request = PreviewRequest {
        mapping: Document::new("mapping", &mapping),
        sample: Document::new("sample", &sample),
        describe: Some(Document::new("describe", &describe)),
        records_path: Some("$.data"),
        operation: Operation::Upsert,
    };
    let report = preview(request).expect("the benchmark preview runs");
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let report = preview(request).expect("the benchmark preview runs");
            std::hint::black_box(&report);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let stats = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        format!(
            "min {:.1} ms, median {:.1} ms, p95 {:.1} ms",
            pick(0.0),
            pick(0.5),
            pick(0.95)
        )
    };
    println!(
        "preview of {} records x 20 fields ({} valid, {} invalid), {runs} runs: {}",
        report.summary.total,
        report.summary.valid,
        report.summary.invalid,
        stats(times)
    );
    // What the editor's command does on an edit of the mapping: the same sample and describe
    // as the previous preview, kept parsed; a different mapping each time.
    let mut input = EditorInput {
        mapping: serde_json::from_str(&mapping).unwrap(),
        sample: sample.clone(),
        records_path: Some("$.data".into()),
        describe: Some(describe.clone()),
        operation: Operation::Upsert,
        source_is_org: None,
    };
    let expected = serde_json::to_value(&report).unwrap();
    let cached = editor::preview_mapping(&input).expect("the editor's preview runs");
    assert_eq!(serde_json::to_value(&cached).unwrap(), expected);
    let times: Vec<f64> = (0..runs)
        .map(|i| {
            input.mapping["fields"][8]["transforms"][0]["calc"] =
                Value::String(format!("ROUND(value * 0.{}, 2)", i % 9 + 1));
            let start = Instant::now();
            let report = editor::preview_mapping(&input).expect("the editor's preview runs");
            std::hint::black_box(&report);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!(
        "the editor's preview after a mapping edit (sample and describe kept parsed), {runs} runs: {}",
        stats(times)
    );
}
