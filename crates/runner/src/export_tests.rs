//! The export pipeline against in-memory connectors: the SOQL it builds, what reaches the
//! sink, per-record results with the API's answer, and the checkpoint.

use super::*;
use crate::connect::CancelToken;
use crate::fakes::{FakeSink, FakeSoql, FixedClock};
use crate::journal::{Action, MemoryJournal, RunStatus};
use crate::options::validate_export;
use futures_executor::block_on;
use serde_json::json;
use synccentral_model::{ExportOption, Incremental};

const NOW: &str = "2024-05-04T08:30:00Z";

/// An export of Contact (with `mapping()`), as a document spells it; its plan sends two
/// records a batch.
fn options(incremental: Option<Incremental>, where_clause: Option<&str>) -> ExportOption {
    let mut o: ExportOption = serde_json::from_value(json!({
        "name": "contacts-out",
        "source": {"connection": "org", "object": "Contact"},
        "target": {"file": "out.json"},
        "mapping": mapping()
    }))
    .unwrap();
    o.source.condition = where_clause.map(str::to_string);
    o.incremental = incremental;
    o
}

fn mapping() -> Value {
    json!({"fields": [
        {"source": "LastName", "target": "last_name"},
        {"source": "Account.Name", "target": "company"},
        {"source": "$.Email", "target": "email"},
        {"source": "Id", "target": "sf_id"}
    ]})
}

fn plan(o: &ExportOption) -> ExportPlan {
    let mut p = validate_export(o).unwrap();
    p.batch_size = 2;
    p
}

fn window(since: Option<&str>) -> Window {
    Window {
        since: since.map(str::to_string),
        until: NOW.into(),
    }
}

fn inc(lookback: Option<&str>) -> Option<Incremental> {
    Some(Incremental {
        cursor: "SystemModstamp".into(),
        lookback: lookback.map(str::to_string),
        tie_breaker: None,
        format: Default::default(),
    })
}

#[test]
fn a_full_export_selects_the_mapped_fields_with_relationship_paths() {
    let p = plan(&options(None, Some("IsDeleted = false")));
    assert_eq!(
        build_soql(&p, None, &window(None)).text,
        "SELECT Id, SystemModstamp, LastName, Account.Name, Email FROM Contact WHERE (IsDeleted = false)"
    );
}

#[test]
fn an_incremental_export_resumes_after_the_checkpoint_with_id_breaking_ties() {
    let p = plan(&options(inc(None), Some("Email != null")));
    let cp = Checkpoint {
        cursor_value: "2024-05-01T10:00:00.000+0000".into(),
        tie_id: Some("003000000000002AAA".into()),
    };
    assert_eq!(
        build_soql(&p, Some(&cp), &window(Some("2024-05-01T10:00:00Z"))).text,
        "SELECT Id, SystemModstamp, LastName, Account.Name, Email FROM Contact \
         WHERE (Email != null) AND (SystemModstamp > 2024-05-01T10:00:00Z OR \
         (SystemModstamp = 2024-05-01T10:00:00Z AND Id > '003000000000002AAA')) \
         ORDER BY SystemModstamp, Id"
    );
    // First run, nothing to resume from: every record, in checkpoint order.
    assert_eq!(
        build_soql(&p, None, &window(None)).text,
        "SELECT Id, SystemModstamp, LastName, Account.Name, Email FROM Contact \
         WHERE (Email != null) ORDER BY SystemModstamp, Id"
    );
}

#[test]
fn with_a_lookback_the_export_reads_from_the_window_start() {
    let p = plan(&options(inc(Some("2d")), None));
    let cp = Checkpoint {
        cursor_value: "2024-05-03T00:00:00Z".into(),
        tie_id: Some("003000000000002AAA".into()),
    };
    let w = Window::new(
        Some(&cp),
        p.lookback.unwrap(),
        None,
        NOW.parse().unwrap(),
        synccentral_model::CursorFormat::Rfc3339,
    );
    assert_eq!(
        build_soql(&p, Some(&cp), &w).text,
        "SELECT Id, SystemModstamp, LastName, Account.Name, Email FROM Contact \
         WHERE SystemModstamp >= 2024-05-01T00:00:00Z ORDER BY SystemModstamp, Id"
    );
    // The count a source reads to pick REST or Bulk: the same records, unordered.
    assert_eq!(
        build_soql(&p, Some(&cp), &w).count,
        "SELECT COUNT() FROM Contact WHERE SystemModstamp >= 2024-05-01T00:00:00Z"
    );
}

#[test]
fn export_sources_must_be_salesforce_fields() {
    let m = json!({"fields": [
        {"source": "$.items[*].sku", "target": "sku"},
        {"source": "Name", "target": "name"}
    ]});
    let mut o = options(inc(None), None);
    o.source.object = "Contact; DELETE".into();
    o.mapping = m;
    let issues = validate_export(&o).unwrap_err();
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    assert_eq!(pointers, ["/source/object", "/mapping/fields/0/source"]);
}

fn sf(id: &str, last: &str, stamp: &str) -> Value {
    json!({"attributes": {"type": "Contact"}, "Id": id, "SystemModstamp": stamp, "LastName": last,
           "Email": format!("{}@example.com", last.to_lowercase()), "Account": {"Name": "Acme"}})
}

async fn export(
    p: &ExportPlan,
    soql: &FakeSoql,
    sink: &FakeSink,
    journal: &MemoryJournal,
    dry_run: bool,
) -> RunOutcome {
    let clock = FixedClock(NOW.parse().unwrap());
    let cancel = CancelToken::new();
    let ctx = RunCtx {
        clock: &clock,
        cancel: &cancel,
        dry_run,
        events: &|_| {},
    };
    run_export(p, soql, sink, journal, &ctx).await.unwrap()
}

#[test]
fn an_export_sends_mapped_records_and_records_the_apis_answer() {
    block_on(async {
        let soql = FakeSoql::new(
            vec![
                sf("003A", "Ng", "2024-05-01T00:00:00.000+0000"),
                sf("003B", "Okafor", "2024-05-02T00:00:00.000+0000"),
                sf("003C", "Silva", "2024-05-02T00:00:00.000+0000"),
            ],
            2,
        );
        let sink = FakeSink {
            refuse: vec![(
                "last_name".into(),
                json!("Okafor"),
                422,
                r#"{"error":"email taken"}"#.into(),
            )],
            ..FakeSink::default()
        };
        let journal = MemoryJournal::new();
        let p = plan(&options(inc(None), None));
        let out = export(&p, &soql, &sink, &journal, false).await;

        assert_eq!(out.status, RunStatus::Succeeded);
        assert_eq!(
            (out.counts.read, out.counts.written, out.counts.failed),
            (3, 2, 1)
        );
        assert_eq!(
            sink.sent.lock().unwrap()[0],
            json!({"last_name": "Ng", "company": "Acme", "email": "ng@example.com", "sf_id": "003A"})
        );
        let results = journal.last_run().unwrap().results;
        assert_eq!(results[0].action, Action::Sent);
        assert_eq!(results[0].target_id.as_deref(), Some("api-1"));
        assert_eq!(results[1].action, Action::Failed);
        assert_eq!(results[1].error_code.as_deref(), Some("HTTP_422"));
        assert_eq!(
            results[1].error_message.as_deref(),
            Some(r#"the API answered 422: {"error":"email taken"}"#)
        );
        let cp = journal.checkpoint_of("contacts-out").unwrap();
        assert_eq!(
            (cp.cursor_value.as_str(), cp.tie_id.as_deref()),
            ("2024-05-02T00:00:00.000+0000", Some("003C"))
        );
        let queries = soql.queries.lock().unwrap();
        assert!(
            queries[0].ends_with("ORDER BY SystemModstamp, Id"),
            "{}",
            queries[0]
        );
    })
}

#[test]
fn an_export_resumes_from_its_checkpoint() {
    block_on(async {
        let soql = FakeSoql::new(vec![sf("003A", "Ng", "2024-05-01T00:00:00Z")], 2);
        let sink = FakeSink::default();
        let journal = MemoryJournal::new();
        let p = plan(&options(inc(None), None));
        export(&p, &soql, &sink, &journal, false).await;
        export(&p, &soql, &sink, &journal, false).await;
        let queries = soql.queries.lock().unwrap();
        assert!(
        queries[1].contains("WHERE (SystemModstamp > 2024-05-01T00:00:00Z OR (SystemModstamp = 2024-05-01T00:00:00Z AND Id > '003A'))"),
        "{}",
        queries[1]
    );
        // Even a source that ignored the filter does not send the record twice.
        assert_eq!(sink.sent.lock().unwrap().len(), 1);
        assert_eq!(journal.last_run().unwrap().end.unwrap().counts.skipped, 1);
    })
}

#[test]
fn a_dry_export_sends_nothing_and_a_failing_sink_fails_the_run() {
    block_on(async {
        let soql = FakeSoql::new(vec![sf("003A", "Ng", "2024-05-01T00:00:00Z")], 2);
        let sink = FakeSink::default();
        let journal = MemoryJournal::new();
        let p = plan(&options(inc(None), None));
        let out = export(&p, &soql, &sink, &journal, true).await;
        assert_eq!(out.counts.written, 1);
        assert_eq!(
            journal.last_run().unwrap().results[0].action,
            Action::WouldSend
        );
        assert!(sink.sent.lock().unwrap().is_empty());
        assert_eq!(journal.checkpoint_of("contacts-out"), None);

        let down = FakeSink {
            fail_all: Some("POST https://api.example.com/contacts: 502 Bad Gateway".into()),
            ..FakeSink::default()
        };
        let out = export(&p, &soql, &down, &journal, false).await;
        assert_eq!(out.status, RunStatus::Failed);
        assert_eq!(
        out.message.as_deref(),
        Some("sending a batch of 1 records failed: POST https://api.example.com/contacts: 502 Bad Gateway; the batch has no result and will be read again by the next run")
    );
        assert_eq!(journal.checkpoint_of("contacts-out"), None);
    })
}

#[test]
fn an_export_stops_at_the_quota_share() {
    block_on(async {
        let mut soql = FakeSoql::new(vec![sf("003A", "Ng", "2024-05-01T00:00:00Z")], 2);
        soql.usage = Some((95, 100));
        let sink = FakeSink::default();
        let journal = MemoryJournal::new();
        let out = export(
            &plan(&options(inc(None), None)),
            &soql,
            &sink,
            &journal,
            false,
        )
        .await;
        assert_eq!(out.status, RunStatus::StoppedQuota);
        assert!(sink.sent.lock().unwrap().is_empty());
    })
}
