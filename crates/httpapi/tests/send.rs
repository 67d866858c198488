//! The export sink: each encoding read back from the sample API's receiver, per-record
//! results, path templates, remote-site refusal, and atomic files.

mod common;

use common::*;
use serde_json::{json, Value};
use synccentral_httpapi::sample_api::{SampleApi, SampleAuth};
use synccentral_httpapi::{
    write_file, Auth, CsvOptions, Encoding, FileFormat, HttpMethod, Sender, SinkConfig,
    RESULT_BODY_LIMIT,
};

fn sink(api: &SampleApi, method: HttpMethod, path: &str, encoding: Encoding) -> SinkConfig {
    SinkConfig {
        base_url: api.base_url().to_string(),
        path: path.to_string(),
        method,
        headers: Default::default(),
        auth: Auth::None,
        encoding,
    }
}

fn customers(n: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| json!({"External_Id__c": format!("C-{i}"), "Name": format!("Customer {i}"), "Amount": i * 10}))
        .collect()
}

#[tokio::test]
async fn json_sends_one_object_per_request_and_reports_each_record() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Post,
        "/v1/customers",
        Encoding::Json { batch_size: None },
    );
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = customers(3);
    let results = sender.send(&records).await;
    assert_eq!(results.len(), 3);
    for (i, r) in results.iter().enumerate() {
        assert_eq!((r.index, r.status, r.success), (i, Some(201), true));
        assert_eq!(r.body, r#"{"ok":true,"received":1}"#);
        assert_eq!(r.error, None);
    }
    let got: Vec<Value> = api.received().into_iter().map(|r| r.json).collect();
    assert_eq!(got, records);
    assert!(api
        .received()
        .iter()
        .all(|r| r.method == "POST" && r.content_type == "application/json"));
}

#[tokio::test]
async fn json_arrays_carry_up_to_n_records_per_request() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Post,
        "/v1/customers/bulk",
        Encoding::Json {
            batch_size: Some(2),
        },
    );
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = customers(5);
    let results = sender.send(&records).await;
    assert_eq!(
        results.iter().map(|r| r.index).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    assert!(results.iter().all(|r| r.success));
    let received = api.received();
    let sizes: Vec<usize> = received
        .iter()
        .map(|r| r.json.as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    let flat: Vec<Value> = received
        .into_iter()
        .flat_map(|r| r.json.as_array().unwrap().clone())
        .collect();
    assert_eq!(flat, records);
}

#[tokio::test]
async fn path_templates_are_filled_per_record_and_failures_are_per_record() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Put,
        "/v1/customers/{{External_Id__c}}",
        Encoding::Json { batch_size: None },
    );
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = vec![
        json!({"External_Id__c": "a b/ü", "Name": "A"}),
        json!({"External_Id__c": "bad-7", "Name": "B"}),
        json!({"Name": "no id"}),
        json!({"External_Id__c": 42, "Name": "D"}),
        json!({"External_Id__c": "big-1", "Name": "E"}),
    ];
    let results = sender.send(&records).await;
    assert!(results[0].success);
    assert_eq!((results[1].status, results[1].success), (Some(422), false));
    assert!(
        results[1].body.contains("record bad-7 rejected"),
        "{}",
        results[1].body
    );
    assert_eq!(
        results[1].error.as_deref(),
        Some("the API answered HTTP 422")
    );
    assert_eq!(results[2].status, None);
    assert_eq!(
        results[2].error.as_deref(),
        Some("the record has no value for {{External_Id__c}} in the URL path")
    );
    assert!(results[3].success);
    assert_eq!(results[4].status, Some(201));
    assert_eq!(
        results[4].body.len(),
        RESULT_BODY_LIMIT + '…'.len_utf8(),
        "cut to a few KB"
    );
    let paths: Vec<String> = api.received().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/v1/customers/a%20b%2F%C3%BC",
            "/v1/customers/bad-7",
            "/v1/customers/42",
            "/v1/customers/big-1"
        ]
    );
    assert!(api.received().iter().all(|r| r.method == "PUT"));
}

#[tokio::test]
async fn a_path_filled_per_record_needs_one_record_per_request() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Patch,
        "/v1/customers/{{Id}}",
        Encoding::Json {
            batch_size: Some(10),
        },
    );
    let e = Sender::new(&config, egress(&[api.base_url()])).unwrap_err();
    assert!(
        e.to_string()
            .contains("each request must carry one record (batchSize 1)"),
        "{e}"
    );
    let config = sink(&api, HttpMethod::Get, "/v1/customers", Encoding::Form);
    let e = Sender::new(&config, egress(&[api.base_url()])).unwrap_err();
    assert!(e.to_string().contains("POST, PUT or PATCH, not GET"), "{e}");
}

#[tokio::test]
async fn a_record_whose_path_value_is_a_dot_segment_fails_alone_and_reaches_no_other_path() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Patch,
        "/v1/customers/{{id}}",
        Encoding::Form,
    );
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = vec![
        json!({"id": "..", "name": "up"}),
        json!({"id": ".", "name": "here"}),
        json!({"id": "C-3", "name": "ok"}),
    ];
    let results = sender.send(&records).await;
    assert!(!results[0].success && !results[1].success, "{results:?}");
    let message = results[0].error.clone().unwrap_or_default();
    assert!(
        message.contains("{{id}}") && message.contains("\"..\""),
        "{message}"
    );
    assert!(results[2].success, "{results:?}");
    let paths: Vec<String> = api.received().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/v1/customers/C-3"]);
}

#[tokio::test]
async fn form_bodies_carry_one_record_with_nested_values_as_json_text() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Patch,
        "/v1/customers/{{id}}",
        Encoding::Form,
    );
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = vec![
        json!({"id": "C-1", "name": "Zoë & Co", "n": 3.5, "ok": false, "none": null, "address": {"city": "Köln"}, "tags": ["a", "b"]}),
        json!({"id": "C-2", "name": "=1+1"}),
    ];
    let results = sender.send(&records).await;
    assert!(results.iter().all(|r| r.success), "{results:?}");
    let received = api.received();
    assert_eq!(
        received[0].content_type,
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        received[0].json,
        json!({"id": "C-1", "name": "Zoë & Co", "n": "3.5", "ok": "false", "none": "", "address": "{\"city\":\"Köln\"}", "tags": "[\"a\",\"b\"]"})
    );
    assert_eq!(
        received[1].json["name"], "=1+1",
        "forms are not spreadsheets: no neutralising"
    );
    assert_eq!(received[1].path, "/v1/customers/C-2");
}

#[tokio::test]
async fn csv_to_an_api_neutralises_formulas_and_ends_lines_with_crlf() {
    let api = sample(0, SampleAuth::None).await;
    let encoding = Encoding::Csv {
        csv: CsvOptions::default(),
        batch_size: None,
    };
    let config = sink(&api, HttpMethod::Post, "/v1/customers/import", encoding);
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let records = vec![
        json!({"Name": "=HYPERLINK(\"http://x\")", "Phone": "+1 415", "Note": "-dash", "Handle": "@ann", "Amount": -20}),
        json!({"Name": "Plain, with comma", "Phone": null, "Note": "line\nbreak", "Handle": "ok", "Amount": 1.5}),
    ];
    let results = sender.send(&records).await;
    assert!(results.iter().all(|r| r.success && r.status == Some(201)));
    let received = api.received();
    assert_eq!(received.len(), 1, "all rows in one request");
    assert_eq!(received[0].content_type, "text/csv");
    assert_eq!(
        received[0].body,
        "Name,Phone,Note,Handle,Amount\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+1 415,'-dash,'@ann,-20\r\n\"Plain, with comma\",,\"line\nbreak\",ok,1.5\r\n"
    );
}

#[tokio::test]
async fn csv_batches_delimiter_quote_and_header_are_configurable() {
    let api = sample(0, SampleAuth::None).await;
    let encoding = Encoding::Csv {
        csv: CsvOptions {
            delimiter: ';',
            quote: '\'',
            header: false,
        },
        batch_size: Some(2),
    };
    let config = sink(&api, HttpMethod::Post, "/v1/customers/import", encoding);
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    let results = sender.send(&customers(3)).await;
    assert_eq!(results.len(), 3);
    let bodies: Vec<String> = api.received().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [
            "C-1;Customer 1;10\r\nC-2;Customer 2;20\r\n",
            "C-3;Customer 3;30\r\n"
        ]
    );
}

#[tokio::test]
async fn a_sink_off_the_remote_sites_is_refused_for_each_record_naming_the_site() {
    let api = sample(0, SampleAuth::None).await;
    let config = sink(
        &api,
        HttpMethod::Post,
        "/v1/customers",
        Encoding::Json { batch_size: None },
    );
    let sender = Sender::new(&config, egress(&["http://127.0.0.1:9"])).unwrap();
    let results = sender.send(&customers(2)).await;
    for r in &results {
        assert_eq!((r.status, r.success), (None, false));
        let e = r.error.as_deref().unwrap();
        assert!(
            e.contains(&format!("add {} to the remote sites", api.base_url())),
            "{e}"
        );
    }
    assert!(api.received().is_empty());
}

#[tokio::test]
async fn an_export_with_oauth2_refreshes_an_expired_token_and_resends() {
    let api = sample(
        0,
        SampleAuth::Oauth2 {
            client_id: "id".into(),
            client_secret: "s3cret".into(),
        },
    )
    .await;
    let mut config = sink(
        &api,
        HttpMethod::Post,
        "/v1/customers",
        Encoding::Json { batch_size: None },
    );
    config.auth = Auth::Oauth2 {
        token_url: format!("{}/oauth/token", api.base_url()),
        client_id: "id".into(),
        client_secret: "s3cret".into(),
        scope: None,
    };
    let sender = Sender::new(&config, egress(&[api.base_url()])).unwrap();
    assert!(sender.send(&customers(1)).await[0].success);
    api.expire_tokens();
    assert!(sender.send(&customers(2)).await.iter().all(|r| r.success));
    assert_eq!(api.tokens_issued(), 2);
    assert_eq!(api.received().len(), 3);
    assert_eq!(api.requests().len(), 4, "1, the 401, then 2");
}

#[test]
fn files_are_written_as_a_json_array_ndjson_or_csv() {
    let dir = tempfile::tempdir().unwrap();
    let records = vec![
        json!({"a": 1, "b": "=x"}),
        json!({"a": 2, "c": {"d": null}}),
    ];
    let path = dir.path().join("out.json");
    write_file(&path, &FileFormat::Json, &records).unwrap();
    let back: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back, Value::Array(records.clone()));

    let path = dir.path().join("out.ndjson");
    write_file(&path, &FileFormat::Ndjson, &records).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let back: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, records);

    let path = dir.path().join("out.csv");
    let csv = FileFormat::Csv(CsvOptions::default());
    write_file(&path, &csv, &records).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "a,b,c\r\n1,'=x,\r\n2,,\"{\"\"d\"\":null}\"\r\n"
    );

    let empty = dir.path().join("empty.json");
    write_file(&empty, &FileFormat::Json, &[]).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&empty).unwrap()).unwrap(),
        json!([])
    );
}

#[test]
fn a_file_is_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.ndjson");
    std::fs::write(&path, "old\n").unwrap();
    write_file(&path, &FileFormat::Ndjson, &[json!({"n": 1})]).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"n\":1}\n");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");

    // A CSV that cannot be encoded (a non-ASCII delimiter) leaves the old file as it was.
    let bad = FileFormat::Csv(CsvOptions {
        delimiter: '§',
        quote: '"',
        header: true,
    });
    let e = write_file(&path, &bad, &[json!({"n": 2})]).unwrap_err();
    assert_eq!(e.code(), "FILE_WRITE_FAILED");
    assert!(
        e.to_string().contains("must be a single ASCII character"),
        "{e}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"n\":1}\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let missing = dir.path().join("no/such/dir/out.json");
    let e = write_file(&missing, &FileFormat::Json, &[]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot write {}", missing.display())),
        "{e}"
    );
}
