use super::{ts, workspace};
use crate::runs::*;
use crate::{StoreError, RUNS_KEEP};
use serde_json::json;

fn result(seq: u64, action: Action) -> RecordResult {
    RecordResult {
        source_key: Some(format!("INV-{seq}")),
        target_id: (action != Action::Failed).then(|| format!("a01{seq:015}")),
        error_code: (action == Action::Failed).then(|| "REQUIRED_FIELD_MISSING".to_string()),
        error_message: (action == Action::Failed)
            .then(|| "Required fields are missing: [Name]".to_string()),
        source: Some(json!({"id": format!("INV-{seq}"), "amount": seq})),
        mapped: Some(json!({"invoice_id__c": format!("INV-{seq}")})),
        ..RecordResult::new(seq, action)
    }
}

#[test]
fn a_run_records_its_results_and_its_end() {
    let (_dir, ws) = workspace();
    let run = ws
        .begin_run("invoices", RunMode::Incremental, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    assert_eq!(ws.run(run).unwrap().status, RunStatus::Running);
    ws.record_results(
        run,
        &[result(1, Action::Inserted), result(2, Action::Failed)],
    )
    .unwrap();
    ws.record_results(
        run,
        &[result(3, Action::Updated), result(4, Action::Skipped)],
    )
    .unwrap();
    let counts = Counts {
        read: 4,
        written: 2,
        failed: 1,
        skipped: 1,
    };
    ws.finish_run(
        run,
        RunStatus::Partial,
        counts,
        None,
        ts("2026-11-02T10:01:00Z"),
    )
    .unwrap();
    let r = ws.run(run).unwrap();
    assert_eq!(r.option, "invoices");
    assert_eq!(r.mode, RunMode::Incremental);
    assert_eq!(r.status, RunStatus::Partial);
    assert_eq!(r.counts, counts);
    assert_eq!(r.finished_at, Some(ts("2026-11-02T10:01:00Z")));
    let all = ws.run_records(run, RecordFilter::All).unwrap();
    assert_eq!(all.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(all[0], result(1, Action::Inserted));
    let failed = ws.failed_records(run).unwrap();
    assert_eq!(failed, vec![result(2, Action::Failed)]);
    assert_eq!(
        ws.run_records(run, RecordFilter::Succeeded).unwrap().len(),
        3
    );
    assert_eq!(
        ws.run_records(run, RecordFilter::Action(Action::Skipped))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_batch_with_a_repeated_seq_is_refused_whole() {
    let (_dir, ws) = workspace();
    let run = ws
        .begin_run("x", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    assert!(ws
        .record_results(
            run,
            &[result(1, Action::Inserted), result(1, Action::Inserted)]
        )
        .is_err());
    assert!(ws.run_records(run, RecordFilter::All).unwrap().is_empty());
}

#[test]
fn unknown_runs_are_named() {
    let (_dir, ws) = workspace();
    let err = ws.run(RunId(42)).unwrap_err();
    assert!(matches!(err, StoreError::NoSuchRun(RunId(42))));
    assert_eq!(err.to_string(), "no run with id 42");
    assert!(ws.record_results(RunId(42), &[]).is_err());
    assert!(ws
        .finish_run(
            RunId(42),
            RunStatus::Failed,
            Counts::default(),
            Some("x"),
            ts("2026-11-02T10:00:00Z")
        )
        .is_err());
}

#[test]
fn list_runs_is_newest_first() {
    let (_dir, ws) = workspace();
    let a = ws
        .begin_run("a", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    let b = ws
        .begin_run("b", RunMode::DryRun, ts("2026-11-02T11:00:00Z"))
        .unwrap();
    let runs = ws.list_runs(10).unwrap();
    assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [b, a]);
    assert_eq!(runs[0].mode, RunMode::DryRun);
    assert_eq!(ws.list_runs(1).unwrap().len(), 1);
}

#[test]
fn finishing_a_run_keeps_only_the_newest_runs_keep() {
    let (_dir, ws) = workspace();
    ws.set_setting(RUNS_KEEP, "3").unwrap();
    let still_running = ws
        .begin_run("slow", RunMode::Full, ts("2026-11-01T00:00:00Z"))
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..5 {
        let run = ws
            .begin_run("a", RunMode::Full, ts("2026-11-02T10:00:00Z"))
            .unwrap();
        ws.record_results(run, &[result(i, Action::Inserted)])
            .unwrap();
        ws.finish_run(
            run,
            RunStatus::Succeeded,
            Counts::default(),
            None,
            ts("2026-11-02T10:00:01Z"),
        )
        .unwrap();
        ids.push(run);
    }
    let kept: Vec<RunId> = ws.list_runs(100).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(kept, [ids[4], ids[3], ids[2], still_running]);
    assert!(matches!(
        ws.run_records(ids[0], RecordFilter::All),
        Err(StoreError::NoSuchRun(_))
    ));
    let orphans: i64 = ws
        .db
        .query_row(
            "SELECT COUNT(*) FROM run_records WHERE run_id NOT IN (SELECT id FROM runs)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn runs_keep_defaults_to_50() {
    let (_dir, ws) = workspace();
    assert_eq!(ws.runs_keep().unwrap(), 50);
}

#[test]
fn checkpoints_are_per_option_and_replaced() {
    let (_dir, ws) = workspace();
    assert_eq!(ws.checkpoint("invoices").unwrap(), None);
    let cp = Checkpoint {
        cursor_value: "2026-11-01T00:00:00Z".into(),
        tie_id: Some("INV-9".into()),
    };
    ws.save_checkpoint("invoices", &cp, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    let later = Checkpoint {
        tie_id: Some("INV-10".into()),
        ..cp.clone()
    };
    ws.save_checkpoint("invoices", &later, ts("2026-11-02T11:00:00Z"))
        .unwrap();
    assert_eq!(ws.checkpoint("invoices").unwrap(), Some(later));
    assert_eq!(ws.checkpoint("accounts-out").unwrap(), None);
    ws.clear_checkpoint("invoices").unwrap();
    assert_eq!(ws.checkpoint("invoices").unwrap(), None);
}

#[test]
fn the_journal_lists_inserts_sent_but_never_answered() {
    let (_dir, ws) = workspace();
    let one = serde_json::json!({"invoice_id__c": "INV-1"});
    let two = serde_json::json!({"invoice_id__c": "INV-2", "Amount__c": 2});
    ws.journal_pending(
        "invoices",
        &[("INV-1".into(), one), ("INV-2".into(), two.clone())],
    )
    .unwrap();
    ws.journal_pending("other", &[("INV-3".into(), serde_json::json!({}))])
        .unwrap();
    ws.journal_done("invoices", "INV-1", "a01000000000000001")
        .unwrap();
    // "crash": a rerun asks what is still pending.
    let pending = ws.journal_pending_list("invoices").unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (
            pending[0].source_key.as_str(),
            pending[0].payload_hash.as_str(),
            pending[0].state
        ),
        ("INV-2", payload_hash(&two).as_str(), JournalState::Pending)
    );
    assert_eq!(
        pending[0].payload.as_ref(),
        Some(&two),
        "the record in flight is kept"
    );
    let done = ws.journal_entry("invoices", "INV-1").unwrap().unwrap();
    assert_eq!(done.state, JournalState::Done);
    assert_eq!(done.target_id.as_deref(), Some("a01000000000000001"));
    ws.journal_clear("invoices", &["INV-2".into()]).unwrap();
    assert!(ws.journal_pending_list("invoices").unwrap().is_empty());
    assert_eq!(ws.journal_pending_list("other").unwrap().len(), 1);
}

#[test]
fn modes_statuses_and_actions_read_back_from_their_text() {
    for a in Action::ALL {
        assert_eq!(a.as_str().parse::<Action>().unwrap(), *a);
    }
    assert_eq!("dry-run".parse::<RunMode>().unwrap(), RunMode::DryRun);
    assert!("dry".parse::<RunMode>().is_err());
    assert_eq!(
        serde_json::to_string(&Action::WouldInsert).unwrap(),
        "\"would-insert\""
    );
}

#[test]
fn payload_hashes_are_stable_and_tell_changes_apart() {
    let a = payload_hash(&json!({"Name": "Acme", "Amount__c": 10}));
    assert_eq!(a, payload_hash(&json!({"Name": "Acme", "Amount__c": 10})));
    assert_ne!(a, payload_hash(&json!({"Name": "Acme", "Amount__c": 11})));
    assert_eq!(a.len(), 64);
}
