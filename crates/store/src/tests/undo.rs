//! Prior values, guard findings and undo runs as the workspace keeps them.

use super::{ts, workspace};
use crate::runs::*;
use crate::undo::{GuardFinding, PriorRecord};
use serde_json::json;

#[test]
fn prior_values_and_guard_findings_come_back_in_record_order() {
    let (_dir, ws) = workspace();
    let run = ws
        .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    let prior = |seq: u64| PriorRecord {
        seq,
        target_id: format!("a01{seq:015}"),
        key: Some(format!("INV-{seq}")),
        prior: map(json!({"Notes__c": format!("before {seq}"), "Amount__c": null})),
        written: map(json!({"invoice_id__c": format!("INV-{seq}"), "Notes__c": null})),
    };
    ws.record_priors(run, &[prior(2), prior(1)]).unwrap();
    assert_eq!(ws.run_priors(run).unwrap(), vec![prior(1), prior(2)]);
    let finding = GuardFinding {
        seq: 1,
        source_key: Some("INV-1".into()),
        target_id: Some("a01000000000000001".into()),
        field: "Notes__c".into(),
        prior: json!("before 1"),
        mode: synccentral_model::GuardMode::Protect,
    };
    ws.record_guard_findings(run, std::slice::from_ref(&finding))
        .unwrap();
    assert_eq!(ws.guard_findings(run).unwrap(), vec![finding]);
}

#[test]
fn a_run_counts_as_undone_once_an_undo_went_through_not_when_one_failed() {
    let (_dir, ws) = workspace();
    let run = ws
        .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    ws.finish_run(
        run,
        RunStatus::Succeeded,
        Counts::default(),
        None,
        ts("2026-11-02T10:01:00Z"),
    )
    .unwrap();
    let failed = ws.begin_undo_run(run, ts("2026-11-02T11:00:00Z")).unwrap();
    assert_eq!(ws.run(failed).unwrap().mode, RunMode::Undo);
    assert_eq!(ws.run(failed).unwrap().option, "invoices");
    assert_eq!(ws.undo_of(failed).unwrap(), Some(run));
    ws.finish_run(
        failed,
        RunStatus::Failed,
        Counts::default(),
        Some("login failed"),
        ts("2026-11-02T11:00:01Z"),
    )
    .unwrap();
    assert_eq!(ws.undone_by(run).unwrap(), None);
    let undo = ws.begin_undo_run(run, ts("2026-11-02T12:00:00Z")).unwrap();
    ws.finish_run(
        undo,
        RunStatus::Partial,
        Counts::default(),
        None,
        ts("2026-11-02T12:00:01Z"),
    )
    .unwrap();
    assert_eq!(ws.undone_by(run).unwrap(), Some(undo));
    assert_eq!(ws.undo_of(run).unwrap(), None);
}

#[test]
fn pruning_a_run_drops_its_prior_values_and_findings() {
    let (_dir, ws) = workspace();
    let old = ws
        .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    ws.record_priors(
        old,
        &[PriorRecord {
            seq: 1,
            target_id: "a01".into(),
            key: None,
            prior: map(json!({})),
            written: map(json!({})),
        }],
    )
    .unwrap();
    ws.finish_run(
        old,
        RunStatus::Succeeded,
        Counts::default(),
        None,
        ts("2026-11-02T10:01:00Z"),
    )
    .unwrap();
    let new = ws
        .begin_run("invoices", RunMode::Full, ts("2026-11-02T11:00:00Z"))
        .unwrap();
    ws.finish_run(
        new,
        RunStatus::Succeeded,
        Counts::default(),
        None,
        ts("2026-11-02T11:01:00Z"),
    )
    .unwrap();
    ws.prune_runs(1).unwrap();
    assert!(ws.run_priors(old).unwrap().is_empty());
}

fn map(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}
