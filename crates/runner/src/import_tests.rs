//! The import pipeline against in-memory connectors: what a user sees (counts, per-record
//! results, the org's records, checkpoints) for each behaviour the pipeline promises.

use super::*;
use crate::connect::CancelToken;
use crate::fakes::{CallFault, FakeOrg, FixedClock, Pages};
use crate::journal::{Action, MemoryJournal, RunStatus};
use crate::options::validate_import;
use futures_executor::block_on;
use futures_util::FutureExt;
use serde_json::json;
use std::sync::Mutex;
use synccentral_engine::Describe;
use synccentral_model::{ImportOption, Incremental};

const NOW: &str = "2024-05-04T08:30:00Z";

fn describe() -> Describe {
    Describe::from_json_str(include_str!(
        "../../../fixtures/samples/describe/Contact.json"
    ))
    .unwrap()
}

fn mapping() -> Value {
    json!({"object": "Contact", "fields": [
        {"source": "id", "target": "Contact_Id__c"},
        {"source": "last", "target": "LastName"},
        {"source": "email", "target": "Email", "skipNull": true}
    ]})
}

/// An upsert (or `op`) of `mapping()` into Contact, as a document spells it.
fn options(op: WriteOp) -> ImportOption {
    serde_json::from_value(json!({
        "name": "contacts",
        "source": {"connection": "api", "path": "/contacts"},
        "target": {"connection": "org", "object": "Contact", "operation": op,
                   "externalId": "Contact_Id__c", "batchSize": 2},
        "mapping": mapping()
    }))
    .unwrap()
}

fn incremental(lookback: Option<&str>) -> Option<Incremental> {
    Some(Incremental {
        cursor: "updated".into(),
        tie_breaker: None,
        lookback: lookback.map(str::to_string),
        format: Default::default(),
    })
}

fn plan(o: &ImportOption) -> ImportPlan {
    validate_import(o, &describe()).unwrap()
}

fn contact(id: &str, last: &str, updated: &str) -> Value {
    json!({"id": id, "last": last, "email": format!("{}@example.com", id.to_lowercase()), "updated": updated})
}

/// What one run left: its outcome, the window the source was opened with, its events.
struct Ran {
    out: RunOutcome,
    window: Window,
    events: Vec<RunEvent>,
}

/// How a test run reads and writes, beyond its records.
#[derive(Default)]
struct How {
    /// Records per page (default 10).
    page: Option<usize>,
    dry_run: bool,
    /// The source fails after its pages.
    fail_after: bool,
}

async fn run_with(
    plan: &ImportPlan,
    records: &[Value],
    org: &FakeOrg,
    journal: &MemoryJournal,
    how: How,
) -> Ran {
    let clock = FixedClock(NOW.parse().unwrap());
    let events = Mutex::new(Vec::new());
    let sink = |e: &RunEvent| events.lock().unwrap().push(e.clone());
    let cancel = CancelToken::new();
    let ctx = RunCtx {
        clock: &clock,
        cancel: &cancel,
        dry_run: how.dry_run,
        events: &sink,
    };
    let seen = Mutex::new(None);
    let out = run_import(
        plan,
        |w: &Window| {
            *seen.lock().unwrap() = Some(w.clone());
            let pages = Pages::of(records, how.page.unwrap_or(10));
            if how.fail_after {
                pages.then_fail("GET /contacts?page=3: 503 Service Unavailable")
            } else {
                pages
            }
        },
        org,
        journal,
        &ctx,
    )
    .await
    .unwrap();
    Ran {
        out,
        window: seen.into_inner().unwrap().unwrap_or(Window {
            since: None,
            until: String::new(),
        }),
        events: events.into_inner().unwrap(),
    }
}

async fn run(plan: &ImportPlan, records: &[Value], org: &FakeOrg, journal: &MemoryJournal) -> Ran {
    run_with(plan, records, org, journal, How::default()).await
}

fn results(journal: &MemoryJournal) -> Vec<(Option<String>, Action, Option<String>)> {
    journal
        .last_run()
        .unwrap()
        .results
        .into_iter()
        .map(|r| (r.source_key, r.action, r.error_code))
        .collect()
}

fn key(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn counts(read: u64, written: u64, failed: u64, skipped: u64) -> Counts {
    Counts {
        read,
        written,
        failed,
        skipped,
    }
}

#[test]
fn an_upsert_writes_in_batches_and_records_one_result_per_record() {
    block_on(async {
        let org = FakeOrg::new();
        let existing = org.seed("Contact", json!({"Contact_Id__c": "C2", "LastName": "Old"}));
        org.refuse(
            "Contact_Id__c",
            json!("C4"),
            "DUPLICATE_VALUE",
            "duplicate value found: Email",
        );
        let journal = MemoryJournal::new();
        let records = [
            contact("C1", "Ng", "t"),
            contact("C2", "Okafor", "t"),
            contact("C3", &"x".repeat(81), "t"),
            contact("C4", "Silva", "t"),
            json!({"id": "C5", "last": "Ito", "email": "not an address"}),
        ];
        let ran = run(&plan(&options(WriteOp::Upsert)), &records, &org, &journal).await;

        assert_eq!(ran.out.status, RunStatus::Succeeded);
        assert_eq!(ran.out.counts, counts(5, 2, 3, 0));
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::Inserted, None),
                (key("C2"), Action::Updated, None),
                (key("C3"), Action::Failed, Some("STRING_TOO_LONG".into())),
                (key("C4"), Action::Failed, Some("DUPLICATE_VALUE".into())),
                (
                    key("C5"),
                    Action::Failed,
                    Some("INVALID_EMAIL_ADDRESS".into())
                ),
            ]
        );
        let run = journal.last_run().unwrap();
        assert_eq!(run.results[1].target_id.as_deref(), Some(existing.as_str()));
        assert_eq!(
            run.results[2]
                .error_message
                .as_deref()
                .unwrap()
                .split(':')
                .next(),
            Some("LastName")
        );
        assert_eq!(
            run.results[3].error_message.as_deref(),
            Some("duplicate value found: Email")
        );
        assert_eq!(run.end.unwrap().counts, counts(5, 2, 3, 0));
        // Records failing the type check never leave: batches of 2 give calls of 2 and 1 record.
        assert_eq!(org.calls(), [(WriteOp::Upsert, 2), (WriteOp::Upsert, 1)]);
        assert_eq!(org.records("Contact").len(), 2);
        assert_eq!(org.count_where("Contact", "LastName", "Okafor"), 1);
    })
}

#[test]
fn progress_is_reported_per_batch_and_the_run_ends_with_its_counts() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let records: Vec<Value> = (1..=3)
            .map(|i| contact(&format!("C{i}"), "Ng", "t"))
            .collect();
        let ran = run(&plan(&options(WriteOp::Upsert)), &records, &org, &journal).await;
        let progress: Vec<Counts> = ran
            .events
            .iter()
            .filter_map(|e| match e {
                RunEvent::Progress { counts, .. } => Some(*counts),
                _ => None,
            })
            .collect();
        assert_eq!(progress, [counts(2, 2, 0, 0), counts(3, 3, 0, 0)]);
        assert!(matches!(ran.events.first(), Some(RunEvent::Started { .. })));
        assert_eq!(
            ran.events.last(),
            Some(&RunEvent::Finished {
                option: "contacts".into(),
                status: RunStatus::Succeeded,
                counts: counts(3, 3, 0, 0),
                message: None
            })
        );
    })
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_would_happen() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed("Contact", json!({"Contact_Id__c": "C2", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let records = [
            contact("C1", "Ng", "2024-05-01T00:00:00Z"),
            contact("C2", "Okafor", "2024-05-02T00:00:00Z"),
            contact("C3", &"x".repeat(81), "2024-05-03T00:00:00Z"),
        ];
        let ran = run_with(
            &plan(&o),
            &records,
            &org,
            &journal,
            How {
                dry_run: true,
                ..How::default()
            },
        )
        .await;

        assert_eq!(ran.out.counts, counts(3, 2, 1, 0));
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::WouldInsert, None),
                (key("C2"), Action::WouldUpdate, None),
                (key("C3"), Action::Failed, Some("STRING_TOO_LONG".into())),
            ]
        );
        assert!(org.calls().is_empty(), "no write call in a dry run");
        assert_eq!(org.records("Contact").len(), 1);
        assert_eq!(org.count_where("Contact", "LastName", "Old"), 1);
        assert_eq!(
            journal.checkpoint_of("contacts"),
            None,
            "a dry run saves no checkpoint"
        );
        assert!(journal.last_run().unwrap().start.dry_run);
    })
}

#[test]
fn an_update_by_external_id_looks_ids_up_and_a_key_without_a_record_fails_clearly() {
    block_on(async {
        let org = FakeOrg::new();
        let id = org.seed("Contact", json!({"Contact_Id__c": "C1", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let records = [contact("C1", "New", "t"), contact("C9", "Nobody", "t")];
        let ran = run(&plan(&options(WriteOp::Update)), &records, &org, &journal).await;

        assert_eq!(ran.out.counts, counts(2, 1, 1, 0));
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::Updated, None),
                (key("C9"), Action::Failed, Some(NOT_FOUND.into())),
            ]
        );
        let run = journal.last_run().unwrap();
        assert_eq!(run.results[0].target_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            run.results[1].error_message.as_deref(),
            Some("no Contact has Contact_Id__c = 'C9', so there is nothing to update")
        );
        assert_eq!(org.calls(), [(WriteOp::Update, 1)]);
        assert_eq!(org.count_where("Contact", "LastName", "New"), 1);
    })
}

#[test]
fn a_dry_update_looks_ids_up_but_writes_nothing() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed("Contact", json!({"Contact_Id__c": "C1", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let records = [contact("C1", "New", "t"), contact("C9", "Nobody", "t")];
        run_with(
            &plan(&options(WriteOp::Update)),
            &records,
            &org,
            &journal,
            How {
                dry_run: true,
                ..How::default()
            },
        )
        .await;
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::WouldUpdate, None),
                (key("C9"), Action::Failed, Some(NOT_FOUND.into())),
            ]
        );
        assert!(org.calls().is_empty());
        assert_eq!(org.count_where("Contact", "LastName", "Old"), 1);
    })
}

#[test]
fn a_delete_by_external_id_removes_the_records_found() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed(
            "Contact",
            json!({"Contact_Id__c": "C1", "LastName": "Gone"}),
        );
        org.seed(
            "Contact",
            json!({"Contact_Id__c": "C2", "LastName": "Stays"}),
        );
        let journal = MemoryJournal::new();
        let ran = run(
            &plan(&options(WriteOp::Delete)),
            &[contact("C1", "Gone", "t")],
            &org,
            &journal,
        )
        .await;
        assert_eq!(ran.out.counts, counts(1, 1, 0, 0));
        assert_eq!(results(&journal), vec![(key("C1"), Action::Deleted, None)]);
        assert_eq!(org.records("Contact").len(), 1);
        assert_eq!(org.count_where("Contact", "LastName", "Stays"), 1);
    })
}

#[test]
fn an_interrupted_insert_that_landed_is_not_inserted_again() {
    block_on(async {
        let org = FakeOrg::new();
        // The first call's records land but its answer is lost (a crash after sending).
        org.fault(1, CallFault::LandThenFail("connection reset".into()));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Insert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records = [
            contact("C1", "Ng", "2024-05-01T00:00:00Z"),
            contact("C2", "Okafor", "2024-05-02T00:00:00Z"),
            contact("C3", "Silva", "2024-05-03T00:00:00Z"),
        ];
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::Failed);
        assert!(first
            .out
            .message
            .as_deref()
            .unwrap()
            .contains("connection reset"));
        assert_eq!(
            journal.pending_of("contacts").len(),
            2,
            "C1 and C2 were journaled before the call"
        );
        assert!(journal.last_run().unwrap().results.is_empty());
        assert_eq!(journal.checkpoint_of("contacts"), None);

        let second = run(&p, &records, &org, &journal).await;
        assert_eq!(second.out.status, RunStatus::Succeeded);
        for id in ["C1", "C2", "C3"] {
            assert_eq!(
                org.count_where("Contact", "Contact_Id__c", id),
                1,
                "{id} exactly once"
            );
        }
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::Inserted, None),
                (key("C2"), Action::Inserted, None),
                (key("C1"), Action::Skipped, None),
                (key("C2"), Action::Skipped, None),
                (key("C3"), Action::Inserted, None),
            ]
        );
        assert!(journal.pending_of("contacts").is_empty());
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-03T00:00:00Z"
        );
    })
}

#[test]
fn a_crash_after_journaling_inserts_then_a_rerun_inserts_each_record_once() {
    block_on(async {
        let org = FakeOrg::new();
        // The second call lands and the process dies before its answer comes back.
        org.fault(2, CallFault::LandThenHang);
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Insert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records: Vec<Value> = (1..=5)
            .map(|i| contact(&format!("C{i}"), "Ng", &format!("2024-05-0{i}T00:00:00Z")))
            .collect();
        let clock = FixedClock(NOW.parse().unwrap());
        let cancel = CancelToken::new();
        let ctx = RunCtx {
            clock: &clock,
            cancel: &cancel,
            dry_run: false,
            events: &|_| {},
        };
        // The fakes answer at once except the hung call, so one poll runs the import up to it.
        let crashed = run_import(&p, |_| Pages::of(&records, 10), &org, &journal, &ctx)
            .now_or_never()
            .is_none();
        assert!(crashed, "the run was still inside the hung call");
        let pending: Vec<String> = journal
            .pending_of("contacts")
            .into_iter()
            .map(|p| p.source_key)
            .collect();
        assert_eq!(pending, ["C3", "C4"]);
        assert_eq!(org.records("Contact").len(), 4);
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-02T00:00:00Z"
        );

        let rerun = run(&p, &records, &org, &journal).await;
        assert_eq!(rerun.out.status, RunStatus::Succeeded);
        for i in 1..=5 {
            assert_eq!(
                org.count_where("Contact", "Contact_Id__c", &format!("C{i}")),
                1,
                "C{i} once"
            );
        }
        assert_eq!(
            results(&journal),
            vec![
                (key("C3"), Action::Inserted, None), // found landed by Contact_Id__c
                (key("C4"), Action::Inserted, None),
                (key("C1"), Action::Skipped, None), // before the checkpoint
                (key("C2"), Action::Skipped, None),
                (key("C3"), Action::Skipped, None), // resolved above
                (key("C4"), Action::Skipped, None),
                (key("C5"), Action::Inserted, None),
            ]
        );
        assert!(journal.pending_of("contacts").is_empty());
    })
}

#[test]
fn an_interrupted_insert_that_never_landed_is_sent_again_once() {
    block_on(async {
        let org = FakeOrg::new();
        org.fault(1, CallFault::Fail("timeout".into()));
        let journal = MemoryJournal::new();
        // No external ID in Salesforce to look the inserts up by: the key comes from the source.
        let mut o = options(WriteOp::Insert);
        o.target.external_id = None;
        o.source.api_mut().unwrap().key_path = Some("id".into());
        let p = plan(&o);
        let records = [contact("C1", "Ng", "t"), contact("C2", "Okafor", "t")];
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::Failed);
        assert!(org.records("Contact").is_empty());
        assert_eq!(journal.pending_of("contacts").len(), 2);

        let second = run(&p, &records, &org, &journal).await;
        assert_eq!(second.out.status, RunStatus::Succeeded);
        assert_eq!(org.count_where("Contact", "Contact_Id__c", "C1"), 1);
        assert_eq!(org.count_where("Contact", "Contact_Id__c", "C2"), 1);
        let run = journal.last_run().unwrap();
        assert!(run.results[0]
            .error_message
            .as_deref()
            .unwrap()
            .starts_with("sent again"));
        assert_eq!(second.out.counts, counts(4, 2, 0, 2));
    })
}

#[test]
fn records_sharing_a_cursor_value_resume_after_the_saved_tie() {
    block_on(async {
        // Four records changed in the same second. The run stops at the quota after the first
        // batch, so the checkpoint falls inside the group: (T, C2).
        let t = "2024-05-01T10:00:00Z";
        let records: Vec<Value> = ["C1", "C2", "C3", "C4"]
            .iter()
            .map(|id| contact(id, "Ng", t))
            .collect();
        let org = FakeOrg::new();
        org.set_usage(8, 10);
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::StoppedQuota);
        let cp = journal.checkpoint_of("contacts").unwrap();
        assert_eq!(
            (cp.cursor_value.as_str(), cp.tie_id.as_deref()),
            (t, Some("C2"))
        );

        // A naive `cursor > checkpoint` filter would now drop C3 and C4 for good:
        let naive: Vec<&Value> = records
            .iter()
            .filter(|r| {
                crate::window::compare_values(r["updated"].as_str().unwrap(), &cp.cursor_value)
                    .is_gt()
            })
            .collect();
        assert!(naive.is_empty());

        org.set_usage(0, 10);
        let second = run(&p, &records, &org, &journal).await;
        assert_eq!(second.out.status, RunStatus::Succeeded);
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::Skipped, None),
                (key("C2"), Action::Skipped, None),
                (key("C3"), Action::Inserted, None),
                (key("C4"), Action::Inserted, None),
            ]
        );
        for id in ["C1", "C2", "C3", "C4"] {
            assert_eq!(org.count_where("Contact", "Contact_Id__c", id), 1);
        }
        let cp = journal.checkpoint_of("contacts").unwrap();
        assert_eq!(
            (cp.cursor_value.as_str(), cp.tie_id.as_deref()),
            (t, Some("C4"))
        );
    })
}

#[test]
fn the_window_starts_at_the_checkpoint_minus_the_lookback() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        journal.set_checkpoint(
            "contacts",
            Checkpoint {
                cursor_value: "2024-05-03T00:00:00Z".into(),
                tie_id: Some("C5".into()),
            },
        );
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(Some("48h"));
        let records = [
            contact("C1", "Ng", "2024-04-30T23:59:59Z"), // before the window
            contact("C2", "Ng", "2024-05-02T00:00:00Z"), // inside the lookback: loaded again
            contact("C5", "Ng", "2024-05-03T00:00:00Z"), // at the checkpoint, tie ≤ C5: done
            contact("C6", "Ng", "2024-05-03T00:00:00Z"), // at the checkpoint, tie > C5
            contact("C7", "Ng", "2024-05-03T12:00:00Z"), // after
        ];
        let ran = run(&plan(&o), &records, &org, &journal).await;
        assert_eq!(ran.window.since.as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(ran.window.until, NOW);
        assert_eq!(
            ran.window.render("?from={{since}}"),
            "?from=2024-05-01T00:00:00Z"
        );
        assert_eq!(
            results(&journal),
            vec![
                (key("C1"), Action::Skipped, None),
                (key("C2"), Action::Inserted, None),
                (key("C5"), Action::Skipped, None),
                (key("C6"), Action::Inserted, None),
                (key("C7"), Action::Inserted, None),
            ]
        );
        let start = journal.last_run().unwrap().start;
        assert_eq!(start.since.as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-03T12:00:00Z"
        );
    })
}

#[test]
fn without_a_cursor_field_the_run_time_is_the_checkpoint() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(Some("15m"));
        // A document's import always names its cursor; a plan without one (and with a
        // first-run start) is what a host builds for a source that has no such field.
        let mut p = plan(&o);
        let inc = p.incremental.as_mut().unwrap();
        inc.cursor = None;
        inc.initial_since = Some("2024-01-01T00:00:00Z".into());
        let first = run(&p, &[contact("C1", "Ng", "t")], &org, &journal).await;
        assert_eq!(first.window.since.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert_eq!(journal.checkpoint_of("contacts").unwrap().cursor_value, NOW);
        let second = run(&p, &[], &org, &journal).await;
        assert_eq!(second.window.since.as_deref(), Some("2024-05-04T08:15:00Z"));
    })
}

#[test]
fn a_quota_stop_leaves_a_checkpoint_the_next_run_completes_from() {
    block_on(async {
        let org = FakeOrg::new();
        org.set_usage(8, 10); // 80%: one more call reaches the 90% share
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records: Vec<Value> = (1..=5)
            .map(|i| contact(&format!("C{i}"), "Ng", &format!("2024-05-0{i}T00:00:00Z")))
            .collect();
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::StoppedQuota);
        assert_eq!(first.out.counts, counts(4, 2, 0, 0));
        assert!(first
            .out
            .message
            .as_deref()
            .unwrap()
            .contains("used 9 of 10 API requests"));
        assert_eq!(org.records("Contact").len(), 2);
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-02T00:00:00Z"
        );

        org.set_usage(0, 10); // a new day
        let second = run(&p, &records, &org, &journal).await;
        assert_eq!(second.out.status, RunStatus::Succeeded);
        assert_eq!(second.out.counts, counts(5, 3, 0, 2));
        assert_eq!(org.records("Contact").len(), 5);
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-05T00:00:00Z"
        );
    })
}

#[test]
fn a_cancelled_run_stops_between_batches_with_a_consistent_checkpoint() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records: Vec<Value> = (1..=5)
            .map(|i| contact(&format!("C{i}"), "Ng", &format!("2024-05-0{i}T00:00:00Z")))
            .collect();
        let cancel = CancelToken::new();
        let clock = FixedClock(NOW.parse().unwrap());
        // The user presses Cancel as the first batch's progress arrives.
        let on_event = |e: &RunEvent| {
            if matches!(e, RunEvent::Progress { .. }) {
                cancel.cancel();
            }
        };
        let ctx = RunCtx {
            clock: &clock,
            cancel: &cancel,
            dry_run: false,
            events: &on_event,
        };
        let out = run_import(&p, |_| Pages::of(&records, 10), &org, &journal, &ctx)
            .await
            .unwrap();
        assert_eq!(out.status, RunStatus::Cancelled);
        assert_eq!(out.counts.written, 2);
        assert_eq!(org.records("Contact").len(), 2);
        assert_eq!(journal.last_run().unwrap().results.len(), 2);
        assert_eq!(out.checkpoint.unwrap().cursor_value, "2024-05-02T00:00:00Z");
        assert_eq!(
            journal.last_run().unwrap().end.unwrap().status,
            RunStatus::Cancelled
        );
    })
}

#[test]
fn a_source_failure_ends_the_run_with_what_was_written_recorded() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let records: Vec<Value> = (1..=4)
            .map(|i| contact(&format!("C{i}"), "Ng", &format!("2024-05-0{i}T00:00:00Z")))
            .collect();
        let ran = run_with(
            &plan(&o),
            &records,
            &org,
            &journal,
            How {
                page: Some(2),
                fail_after: true,
                ..How::default()
            },
        )
        .await;
        assert_eq!(ran.out.status, RunStatus::Failed);
        assert_eq!(
        ran.out.message.as_deref(),
        Some("reading page 3 of the source failed: GET /contacts?page=3: 503 Service Unavailable")
    );
        assert_eq!(ran.out.counts, counts(4, 4, 0, 0));
        assert_eq!(journal.last_run().unwrap().results.len(), 4);
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-04T00:00:00Z"
        );
    })
}

#[test]
fn a_failed_write_call_ends_the_run_and_leaves_its_batch_to_the_next_run() {
    block_on(async {
        let org = FakeOrg::new();
        org.fault(2, CallFault::Fail("503 Service Unavailable".into()));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records: Vec<Value> = (1..=5)
            .map(|i| contact(&format!("C{i}"), "Ng", &format!("2024-05-0{i}T00:00:00Z")))
            .collect();
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::Failed);
        assert_eq!(
        first.out.message.as_deref(),
        Some("writing a batch of 2 Contact records failed: SERVER_UNAVAILABLE: 503 Service Unavailable; the batch has no result and will be read again by the next run")
    );
        assert_eq!(first.out.counts, counts(4, 2, 0, 0));
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-02T00:00:00Z"
        );
        let second = run(&p, &records, &org, &journal).await;
        assert_eq!(second.out.counts, counts(5, 3, 0, 2));
        assert_eq!(org.records("Contact").len(), 5);
    })
}

#[test]
fn an_unordered_source_only_moves_the_checkpoint_once_the_run_is_complete() {
    block_on(async {
        let org = FakeOrg::new();
        org.fault(2, CallFault::Fail("timeout".into()));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.incremental = incremental(None);
        let p = plan(&o);
        let records = [
            contact("C1", "Ng", "2024-05-01T00:00:00Z"),
            contact("C9", "Ng", "2024-05-09T00:00:00Z"),
            contact("C3", "Ng", "2024-05-03T00:00:00Z"), // out of order
            contact("C4", "Ng", "2024-05-04T00:00:00Z"),
        ];
        let first = run(&p, &records, &org, &journal).await;
        assert_eq!(first.out.status, RunStatus::Failed);
        // Saved after batch 1 (C9 was still in order); never beyond what is done.
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-09T00:00:00Z"
        );

        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let records = [
            contact("C5", "Ng", "2024-05-05T00:00:00Z"),
            contact("C3", "Ng", "2024-05-03T00:00:00Z"),
            contact("C4", "Ng", "2024-05-04T00:00:00Z"),
        ];
        let ran = run(&p, &records, &org, &journal).await;
        assert_eq!(ran.out.status, RunStatus::Succeeded);
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-05T00:00:00Z"
        );
    })
}

#[test]
fn validation_collects_every_problem_with_its_pointer() {
    let mut o = options(WriteOp::Upsert);
    o.name = " ".into();
    o.target.external_id = None;
    o.source.api_mut().unwrap().key_path = Some("a..b".into());
    o.target.batch_size = 0;
    o.incremental = incremental(Some("2 days"));
    o.target.quota_share = Some(1.5);
    o.mapping = json!({"fields": [{"source": "x", "target": "Nope__c"}]});
    let issues = validate_import(&o, &describe()).unwrap_err();
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/name",
            "/target/batchSize",
            "/target/quotaShare",
            "/mapping/fields/0/target",
            "/source/keyPath",
            "/target/externalId",
            "/incremental/lookback",
        ]
    );
}

#[test]
fn an_insert_needs_a_key_so_it_can_be_journaled() {
    let mut o = options(WriteOp::Insert);
    o.target.external_id = None;
    let issues = validate_import(&o, &describe()).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].pointer, "/source/keyPath");
}

#[test]
fn a_run_is_a_send_future() {
    fn send<F: std::future::Future + Send>(_: F) {}
    let p = plan(&options(WriteOp::Upsert));
    let org = FakeOrg::new();
    let journal = MemoryJournal::new();
    let clock = FixedClock(NOW.parse().unwrap());
    let cancel = CancelToken::new();
    let ctx = RunCtx {
        clock: &clock,
        cancel: &cancel,
        dry_run: false,
        events: &|_| {},
    };
    send(run_import(&p, |_| Pages::of(&[], 1), &org, &journal, &ctx));
}

#[path = "import_tests/reads.rs"]
mod reads;

#[path = "import_tests/matching.rs"]
mod matching;

#[path = "import_tests/deletions.rs"]
mod deletions;
