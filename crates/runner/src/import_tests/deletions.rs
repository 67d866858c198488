//! Records an API lists as deleted at a separate endpoint (`source.deletions`): read after
//! the records, each one's match in the org deleted (`deletes`), against the in-memory org.

use super::*;
use std::sync::atomic::Ordering as AtomicOrdering;

/// An upsert of `mapping()` by Contact_Id__c whose source lists deletions at an endpoint.
fn listing(deletes: &str) -> ImportOption {
    serde_json::from_value(json!({
        "name": "contacts",
        "source": {"connection": "api", "path": "/contacts",
                   "deletions": {"path": "/contacts/deleted", "recordsPath": "$.data"}},
        "target": {"connection": "org", "object": "Contact", "operation": "upsert",
                   "externalId": "Contact_Id__c", "batchSize": 2},
        "deletes": deletes,
        "mapping": mapping()
    }))
    .unwrap()
}

/// A deletion as such endpoints list it: the key and when, nothing else.
fn gone(id: &str) -> Value {
    json!({"id": id, "deletedAt": "2024-05-04T08:00:00Z"})
}

struct Listed {
    ran: RunOutcome,
    /// How many pages of deletions the run asked for.
    asked: usize,
}

async fn run_listing(
    plan: &ImportPlan,
    records: &[Value],
    deleted: &[Value],
    org: &FakeOrg,
    journal: &MemoryJournal,
    dry_run: bool,
) -> Listed {
    let clock = FixedClock(NOW.parse().unwrap());
    let sink = |_: &RunEvent| {};
    let cancel = CancelToken::new();
    let ctx = RunCtx {
        clock: &clock,
        cancel: &cancel,
        dry_run,
        events: &sink,
    };
    let pages = Pages::of(records, 2).with_deletions(deleted, 2);
    let asked = pages.deletion_reads.clone();
    let ran = run_import(plan, |_: &Window| pages, org, journal, &ctx)
        .await
        .unwrap();
    Listed {
        ran,
        asked: asked.load(AtomicOrdering::SeqCst),
    }
}

fn seed_three(org: &FakeOrg) {
    for (id, last) in [("C1", "Ng"), ("C2", "Okafor"), ("C3", "Keep")] {
        org.seed("Contact", json!({"Contact_Id__c": id, "LastName": last}));
    }
}

fn lasts(org: &FakeOrg) -> Vec<String> {
    let mut names: Vec<String> = org
        .records("Contact")
        .iter()
        .map(|c| {
            c.fields["LastName"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn records_listed_as_deleted_delete_their_matches_by_key_alone_after_the_records() {
    block_on(async {
        let org = FakeOrg::new();
        seed_three(&org);
        let journal = MemoryJournal::new();
        let records = [contact("C3", "Kept", "2024-05-01T00:00:00Z")];
        let deleted = [gone("C1"), gone("C2"), gone("C9")];
        let listed = run_listing(
            &plan(&listing("delete")),
            &records,
            &deleted,
            &org,
            &journal,
            false,
        )
        .await;
        assert_eq!(listed.ran.status, RunStatus::Succeeded);
        // Upserted first, then the three deletions (no LastName: they never fail on it).
        assert_eq!(
            results(&journal),
            [
                (key("C3"), Action::Updated, None),
                (key("C1"), Action::Deleted, None),
                (key("C2"), Action::Deleted, None),
                (key("C9"), Action::Skipped, None),
            ]
        );
        assert_eq!(listed.ran.counts.read, 4);
        assert_eq!(listed.ran.counts.written, 3);
        assert_eq!(lasts(&org), ["Kept"]);
        let run = journal.last_run().unwrap();
        let deletion = &run.results[1];
        assert!(deletion.target_id.is_some(), "{deletion:?}");
        assert_eq!(
            deletion.source, None,
            "a listed deletion is never kept as a record a retry could write"
        );
        assert!(run.results[3]
            .error_message
            .as_deref()
            .is_some_and(|m| m.contains("nothing to delete")));
    });
}

#[test]
fn a_dry_run_lists_what_it_would_delete_and_deletes_nothing() {
    block_on(async {
        let org = FakeOrg::new();
        seed_three(&org);
        let journal = MemoryJournal::new();
        run_listing(
            &plan(&listing("delete")),
            &[],
            &[gone("C2")],
            &org,
            &journal,
            true,
        )
        .await;
        assert_eq!(results(&journal), [(key("C2"), Action::WouldDelete, None)]);
        assert_eq!(lasts(&org), ["Keep", "Ng", "Okafor"]);
    });
}

#[test]
fn with_deletes_ignored_the_endpoint_is_never_asked() {
    block_on(async {
        let org = FakeOrg::new();
        seed_three(&org);
        let journal = MemoryJournal::new();
        let plan = plan(&listing("ignore"));
        assert!(!plan.deletions);
        let listed = run_listing(&plan, &[], &[gone("C1")], &org, &journal, false).await;
        assert_eq!(listed.asked, 0);
        assert!(results(&journal).is_empty());
        assert_eq!(org.records("Contact").len(), 3);
    });
}

#[test]
fn a_listed_deletion_finds_its_match_on_match_on_fields() {
    block_on(async {
        let org = FakeOrg::new();
        org.seed(
            "Contact",
            json!({"LastName": "Ng", "Email": "ng@example.com"}),
        );
        org.seed(
            "Contact",
            json!({"LastName": "Keep", "Email": "keep@example.com"}),
        );
        let journal = MemoryJournal::new();
        let o: ImportOption = serde_json::from_value(json!({
            "name": "contacts",
            "source": {"connection": "api", "path": "/contacts", "keyPath": "id",
                       "deletions": {"path": "/contacts/deleted"}},
            "target": {"connection": "org", "object": "Contact", "operation": "upsert",
                       "matchOn": ["Email"]},
            "deletes": "delete",
            "mapping": {"last": "LastName", "email": "Email"}
        }))
        .unwrap();
        run_listing(
            &plan(&o),
            &[],
            &[json!({"id": "7", "email": "NG@example.com"})],
            &org,
            &journal,
            false,
        )
        .await;
        assert_eq!(results(&journal), [(key("7"), Action::Deleted, None)]);
        assert_eq!(lasts(&org), ["Keep"]);
    });
}

#[test]
fn listed_deletions_do_not_move_an_incremental_checkpoint() {
    block_on(async {
        let org = FakeOrg::new();
        seed_three(&org);
        let journal = MemoryJournal::new();
        let mut o = listing("delete");
        o.incremental = incremental(None);
        let mut late = gone("C1");
        late["updated"] = json!("2024-05-03T00:00:00Z");
        run_listing(
            &plan(&o),
            &[contact("C3", "Kept", "2024-05-01T00:00:00Z")],
            &[late],
            &org,
            &journal,
            false,
        )
        .await;
        assert_eq!(
            journal.checkpoint_of("contacts").unwrap().cursor_value,
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(lasts(&org), ["Kept", "Okafor"]);
    });
}

#[test]
fn a_failed_read_of_the_deletions_fails_the_run_saying_so() {
    block_on(async {
        let org = FakeOrg::new();
        seed_three(&org);
        let journal = MemoryJournal::new();
        let clock = FixedClock(NOW.parse().unwrap());
        let sink = |_: &RunEvent| {};
        let cancel = CancelToken::new();
        let ctx = RunCtx {
            clock: &clock,
            cancel: &cancel,
            dry_run: false,
            events: &sink,
        };
        let mut pages = Pages::of(&[], 2);
        pages
            .deletions
            .push_back(Err(crate::connect::SourceError::new(
                "GET /contacts/deleted: 503",
            )));
        let out = run_import(
            &plan(&listing("delete")),
            |_: &Window| pages,
            &org,
            &journal,
            &ctx,
        )
        .await
        .unwrap();
        assert_eq!(out.status, RunStatus::Failed);
        let message = out.message.unwrap_or_default();
        assert!(message.contains("source's deletions failed"), "{message}");
        assert_eq!(org.records("Contact").len(), 3);
    });
}

#[test]
fn deletes_are_satisfied_by_a_deletions_endpoint_alone() {
    assert!(validate_import(&listing("hardDelete"), &describe()).is_ok());
    let mut o = listing("delete");
    if let Some(api) = o.source.api_mut() {
        api.deletions = None;
    }
    let issues = validate_import(&o, &describe()).unwrap_err();
    assert!(
        issues
            .iter()
            .any(|i| i.pointer == "/source/deletedPath" && i.message.contains("deletions")),
        "{issues:?}"
    );
}
