//! Schedules end to end: a schedule fires at its time on an injected clock and its option
//! runs against the sandbox; fires missed while no daemon ran are reported (and run once
//! only when asked); two daemons on one workspace file never run one option at once.

mod common;

use common::*;
use jiff::Timestamp;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use synccentral_api::orchestration::daemon::{look, run_due, Locks};
use synccentral_api::runs::StoreJournal;
use synccentral_runner::schedule::TickRules;
use synccentral_runner::{CancelToken, RunEvent, RunStatus};
use synccentral_store::{KeySource, Workspace};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Another connection to the test's workspace file (another daemon's).
fn open(env: &Env) -> Workspace {
    Workspace::open_with(
        env.dir.path().join("workspace.db"),
        KeySource::File(env.dir.path().join("workspace.key")),
    )
    .unwrap()
}

fn configure_with_schedules(env: &Env) {
    let mut doc = env.doc(json!([invoice_import(
        "invoices",
        json!({"paging": "nextUrl", "page_size": "20"}),
        json!({"type": "nextUrl", "path": "$.next_page"})
    )]));
    doc["schedules"] = json!([
        {"name": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Paris", "options": ["invoices"], "mode": "full"},
        {"cron": "*/15 * * * *", "options": ["invoices"]}
    ]);
    env.journal.workspace().import_config(&doc).expect("valid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_fires_at_its_time_and_runs_its_option() {
    let env = start(30).await;
    configure_with_schedules(&env);
    let ws = open(&env);
    let t0 = t("2026-03-01T10:07:00Z");
    let first = look(&ws, t0, TickRules::default()).unwrap();
    assert!(first.due.is_empty(), "nothing is due when first seen");
    assert_eq!(first.baseline.len(), 2);
    assert!(look(&ws, t("2026-03-01T10:14:00Z"), TickRules::default())
        .unwrap()
        .due
        .is_empty());

    let tick = look(&ws, t("2026-03-01T10:15:02Z"), TickRules::default()).unwrap();
    assert_eq!(tick.due.len(), 1, "{tick:?}");
    let due = &tick.due[0];
    assert_eq!(due.schedule, "*/15 * * * * invoices");
    assert_eq!(due.fire, t("2026-03-01T10:15:00Z"));
    // The fire is recorded before it runs: a second look (another daemon) does not fire it.
    assert!(look(&ws, t("2026-03-01T10:15:05Z"), TickRules::default())
        .unwrap()
        .due
        .is_empty());

    let locks = Locks::new(open(&env));
    let events = |_: &RunEvent| {};
    let report = run_due(
        &env.journal,
        &locks,
        due,
        Some(quick_retry()),
        &events,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    assert!(report.busy.is_empty());
    let runs = report.runs.unwrap().unwrap();
    assert_eq!(runs.summary.runs[0].status, RunStatus::Succeeded);
    assert_eq!(env.count("Invoice__c").await, 30);
    // The lock was given back.
    assert!(locks.take("invoices", Timestamp::now()).unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missed_fires_are_reported_and_run_once_only_when_asked() {
    let env = start(1).await;
    configure_with_schedules(&env);
    let ws = open(&env);
    ws.set_last_fire("nightly", t("2026-03-01T01:00:00Z"))
        .unwrap();
    ws.set_last_fire("*/15 * * * * invoices", t("2026-03-04T09:00:00Z"))
        .unwrap();
    // The daemon was down from the 1st to the 4th at 10:05 (Paris 02:00 is 01:00 UTC).
    let now = t("2026-03-04T10:05:00Z");
    let tick = look(&ws, now, TickRules::default()).unwrap();
    let counts: Vec<(String, usize)> = tick
        .missed
        .iter()
        .map(|m| (m.schedule.clone(), m.count))
        .collect();
    assert_eq!(
        counts,
        [
            ("nightly".to_string(), 3),
            ("*/15 * * * * invoices".to_string(), 4)
        ]
    );
    assert!(tick.due.is_empty(), "missed fires are only reported");
    // …and not reported twice.
    assert!(look(&ws, now, TickRules::default())
        .unwrap()
        .missed
        .is_empty());

    ws.set_last_fire("nightly", t("2026-03-01T01:00:00Z"))
        .unwrap();
    let catch_up = look(
        &ws,
        now,
        TickRules {
            run_missed_once: true,
            ..TickRules::default()
        },
    )
    .unwrap();
    assert_eq!(catch_up.due.len(), 1);
    assert!(catch_up.due[0].catch_up);
    assert_eq!(catch_up.due[0].fire, t("2026-03-04T01:00:00Z"));
}

#[test]
fn two_daemons_never_hold_one_option_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    drop(Workspace::open_with(&path, KeySource::File(dir.path().join("k"))).unwrap());
    let inside = Arc::new(AtomicUsize::new(0));
    let entered = Arc::new(AtomicUsize::new(0));
    let daemons: Vec<_> = (0..2)
        .map(|_| {
            let (path, key) = (path.clone(), dir.path().join("k"));
            let (inside, entered) = (inside.clone(), entered.clone());
            std::thread::spawn(move || {
                let locks = Locks::new(Workspace::open_with(&path, KeySource::File(key)).unwrap());
                for _ in 0..40 {
                    if locks.take("invoices", Timestamp::now()).unwrap().is_none() {
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two holders");
                        entered.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        inside.fetch_sub(1, Ordering::SeqCst);
                        locks.release("invoices").unwrap();
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        })
        .collect();
    for d in daemons {
        d.join().unwrap();
    }
    assert!(entered.load(Ordering::SeqCst) > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_option_is_not_started_again_and_a_stale_lock_is_taken_over() {
    let env = start(5).await;
    configure_with_schedules(&env);
    let ws = open(&env);
    look(&ws, t("2026-03-01T10:07:00Z"), TickRules::default()).unwrap();
    let due = look(&ws, t("2026-03-01T10:15:01Z"), TickRules::default())
        .unwrap()
        .due
        .remove(0);

    let other = Locks::new(open(&env));
    assert!(other.take("invoices", Timestamp::now()).unwrap().is_none());
    let mine = Locks::new(open(&env));
    let events = |_: &RunEvent| {};
    let journal = StoreJournal::new(open(&env));
    let report = run_due(
        &journal,
        &mine,
        &due,
        Some(quick_retry()),
        &events,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(report.busy.len(), 1, "{report:?}");
    assert_eq!(report.busy[0].1.owner, other.owner());
    assert!(report.runs.is_none());
    assert_eq!(env.count("Invoice__c").await, 0);

    // The holder stopped beating 20 minutes ago: its lock is stale and taken over.
    other
        .heartbeat(Timestamp::now() - jiff::SignedDuration::from_mins(20))
        .unwrap();
    let report = run_due(
        &journal,
        &mine,
        &due,
        Some(quick_retry()),
        &events,
        &CancelToken::new(),
    )
    .await
    .unwrap();
    assert!(report.busy.is_empty());
    assert_eq!(
        report.runs.unwrap().unwrap().summary.runs[0].status,
        RunStatus::Succeeded
    );
    assert_eq!(env.count("Invoice__c").await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_daemons_looking_at_once_only_one_gets_a_fire() {
    let env = start(1).await;
    configure_with_schedules(&env);
    let (a, b) = (open(&env), open(&env));
    look(&a, t("2026-03-01T10:07:00Z"), TickRules::default()).unwrap();
    let at = t("2026-03-01T10:15:01Z");
    let threads: Vec<_> = [a, b]
        .into_iter()
        .map(|ws| {
            std::thread::spawn(move || look(&ws, at, TickRules::default()).unwrap().due.len())
        })
        .collect();
    let fired: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(fired, 1);
}
