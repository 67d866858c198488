//! What a run reads from the org before it writes, and what that costs: reads that cover
//! several batches when the target can, the guard turned off, and the API calls a run
//! reports.

use super::*;
use synccentral_model::GuardMode;

fn people(n: usize) -> Vec<Value> {
    (1..=n)
        .map(|i| contact(&format!("C{i}"), "Ng", "2024-05-01T10:00:00Z"))
        .collect()
}

/// The keys of each current-values read the org answered.
fn read_sizes(org: &FakeOrg) -> Vec<usize> {
    org.state
        .lock()
        .unwrap()
        .reads
        .iter()
        .map(|r| r.0)
        .collect()
}

#[test]
fn an_upsert_reads_as_many_batches_as_the_target_reads_at_once_then_writes_them_one_by_one() {
    block_on(async {
        let org = FakeOrg::new();
        org.state.lock().unwrap().read_ahead = 6; // three batches of 2
        let journal = MemoryJournal::new();
        let p = plan(&options(WriteOp::Upsert));
        let ran = run(&p, &people(7), &org, &journal).await;
        assert_eq!(ran.out.status, RunStatus::Succeeded);
        assert_eq!(ran.out.counts, counts(7, 7, 0, 0));
        // Two reads (6 keys, then the last 1), not one per batch of 2.
        assert_eq!(read_sizes(&org), [6, 1]);
        let writes: Vec<usize> = org.calls().iter().map(|c| c.1).collect();
        assert_eq!(writes, [2, 2, 2, 1]);
    })
}

#[test]
fn a_read_ahead_still_finds_what_the_guard_protects_and_what_an_undo_restores() {
    block_on(async {
        let org = FakeOrg::new();
        org.state.lock().unwrap().read_ahead = 4;
        for i in 1..=5 {
            org.seed(
                "Contact",
                json!({"Contact_Id__c": format!("C{i}"), "LastName": "Old", "Email": "kept@example.com"}),
            );
        }
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.guard = GuardMode::Warn;
        let p = plan(&o);
        let records: Vec<Value> = (1..=5)
            .map(|i| json!({"id": format!("C{i}"), "last": "", "updated": "2024-05-01T10:00:00Z"}))
            .collect();
        let ran = run(&p, &records, &org, &journal).await;
        assert_eq!(ran.out.status, RunStatus::Succeeded);
        let run = journal.last_run().unwrap();
        // Each record's LastName would be blanked: five findings, five priors of "Old".
        assert_eq!(run.findings.len(), 5);
        assert_eq!(run.priors.len(), 5);
        assert!(run
            .priors
            .iter()
            .all(|p| p.prior.get("LastName") == Some(&json!("Old"))));
        assert_eq!(read_sizes(&org), [4, 1]);
    })
}

#[test]
fn with_the_guard_off_an_upsert_reads_nothing_finds_nothing_and_keeps_no_prior_values() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed("Contact", json!({"Contact_Id__c": "C1", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.guard = GuardMode::Off;
        let p = plan(&o);
        let records = vec![json!({"id": "C1", "last": "", "updated": "2024-05-01T10:00:00Z"})];
        let ran = run(&p, &records, &org, &journal).await;
        assert_eq!(ran.out.status, RunStatus::Succeeded);
        assert_eq!(ran.out.message, None);
        let run = journal.last_run().unwrap();
        assert!(run.findings.is_empty());
        assert!(run.priors.is_empty());
        assert!(org.state.lock().unwrap().reads.is_empty());
        assert_eq!(results(&journal), vec![(key("C1"), Action::Updated, None)]);
    })
}

#[test]
fn with_the_guard_off_an_update_by_external_id_still_finds_its_ids_and_reads_no_fields() {
    block_on(async {
        let org = FakeOrg::new();
        let id = org.seed("Contact", json!({"Contact_Id__c": "C1", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Update);
        o.guard = GuardMode::Off;
        let p = plan(&o);
        let records = vec![
            contact("C1", "New", "2024-05-01T10:00:00Z"),
            contact("C9", "Nobody", "2024-05-01T10:00:00Z"),
        ];
        run(&p, &records, &org, &journal).await;
        let r = journal.last_run().unwrap();
        assert_eq!(r.results[0].action, Action::Updated);
        assert_eq!(r.results[0].target_id.as_deref(), Some(id.as_str()));
        assert_eq!(r.results[1].error_code.as_deref(), Some(NOT_FOUND));
        assert!(r.priors.is_empty());
        let reads = org.state.lock().unwrap().reads.clone();
        assert_eq!(reads.len(), 1);
        assert_eq!(reads[0].1, ["Contact_Id__c"]);
    })
}

#[test]
fn a_dry_run_with_the_guard_off_still_tells_updates_from_inserts() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed("Contact", json!({"Contact_Id__c": "C1", "LastName": "Old"}));
        let journal = MemoryJournal::new();
        let mut o = options(WriteOp::Upsert);
        o.guard = GuardMode::Off;
        let p = plan(&o);
        let how = How {
            dry_run: true,
            ..How::default()
        };
        let records = vec![
            contact("C1", "New", "2024-05-01T10:00:00Z"),
            contact("C2", "New", "2024-05-01T10:00:00Z"),
        ];
        run_with(&p, &records, &org, &journal, how).await;
        let actions: Vec<Action> = journal
            .last_run()
            .unwrap()
            .results
            .iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(actions, [Action::WouldUpdate, Action::WouldInsert]);
    })
}

#[test]
fn a_run_reports_the_api_calls_the_org_counted_while_it_went() {
    block_on(async {
        let org = FakeOrg::new();
        org.set_usage(100, 15_000);
        let journal = MemoryJournal::new();
        let p = plan(&options(WriteOp::Insert));
        let ran = run(&p, &people(5), &org, &journal).await;
        // Three write calls (batches of 2), each counted by the org.
        let calls = ran.out.api_calls.unwrap();
        assert_eq!(
            (calls.made, calls.before, calls.after, calls.limit),
            (3, 100, 103, 15_000)
        );
        assert_eq!(
            journal.last_run().unwrap().end.unwrap().api_calls,
            Some(calls)
        );
        // An org that says nothing of its usage: nothing is reported.
        let quiet = FakeOrg::new();
        let ran = run(&p, &people(1), &quiet, &MemoryJournal::new()).await;
        assert_eq!(ran.out.api_calls, None);
    })
}

#[test]
fn records_read_ahead_before_the_source_fails_are_still_written() {
    block_on(async {
        let org = FakeOrg::new();
        org.state.lock().unwrap().read_ahead = 6;
        let journal = MemoryJournal::new();
        let p = plan(&options(WriteOp::Upsert));
        let how = How {
            page: Some(2),
            fail_after: true,
            ..How::default()
        };
        let ran = run_with(&p, &people(5), &org, &journal, how).await;
        assert_eq!(ran.out.status, RunStatus::Failed);
        assert!(ran
            .out
            .message
            .unwrap()
            .contains("reading page 4 of the source failed"));
        // The five records held for the read-ahead went out before the run stopped.
        assert_eq!(ran.out.counts, counts(5, 5, 0, 0));
        assert_eq!(org.records("Contact").len(), 5);
    })
}

#[test]
fn an_org_at_its_quota_share_is_not_read_ahead_either() {
    block_on(async {
        let org = FakeOrg::new();
        org.state.lock().unwrap().read_ahead = 6;
        org.set_usage(95, 100);
        let journal = MemoryJournal::new();
        let p = plan(&options(WriteOp::Upsert));
        let ran = run(&p, &people(7), &org, &journal).await;
        assert_eq!(ran.out.status, RunStatus::StoppedQuota);
        assert!(org.state.lock().unwrap().reads.is_empty());
        assert!(org.calls().is_empty());
    })
}
