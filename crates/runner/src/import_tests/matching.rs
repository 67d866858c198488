//! Records matched on any fields (`matchOn`) and deletions marked by an API source
//! (`deletedPath`, `deletes`), against the in-memory org.

use super::*;

fn by_email(op: &str) -> ImportOption {
    serde_json::from_value(json!({
        "name": "contacts",
        "source": {"connection": "api", "path": "/contacts", "keyPath": "id",
                   "deletedPath": "gone"},
        "target": {"connection": "org", "object": "Contact", "operation": op,
                   "matchOn": ["Email"], "batchSize": 2},
        "deletes": "delete",
        "mapping": {"last": "LastName", "email": "Email"}
    }))
    .unwrap()
}

fn person(id: &str, last: &str, email: &str) -> Value {
    json!({"id": id, "last": last, "email": email})
}

#[test]
fn an_upsert_on_email_updates_one_match_inserts_none_and_fails_several_or_repeats() {
    block_on(async {
        let org = FakeOrg::new();
        let ada = org.seed(
            "Contact",
            json!({"LastName": "Old", "Email": " ADA@Example.com"}),
        );
        org.seed(
            "Contact",
            json!({"LastName": "Twin", "Email": "twin@example.com"}),
        );
        org.seed(
            "Contact",
            json!({"LastName": "Twin", "Email": "TWIN@example.com"}),
        );
        let journal = MemoryJournal::new();
        let records = [
            person("1", "Lovelace", "ada@example.com"),
            person("2", "Hopper", "grace@example.com"),
            person("3", "Both", "twin@example.com"),
            person("4", "Again", "Ada@example.com"),
        ];
        let ran = run(&plan(&by_email("upsert")), &records, &org, &journal).await;
        assert_eq!(ran.out.counts, counts(4, 2, 2, 0));
        assert_eq!(
            results(&journal),
            [
                (key("1"), Action::Updated, None),
                (key("2"), Action::Inserted, None),
                (key("3"), Action::Failed, Some("MULTIPLE_MATCHES".into())),
                (
                    key("4"),
                    Action::Failed,
                    Some("DUPLICATE_SOURCE_KEY".into())
                ),
            ]
        );
        let contacts = org.records("Contact");
        assert_eq!(contacts.len(), 4, "one insert, no duplicate of Ada");
        let updated = contacts.iter().find(|c| c.id == ada).unwrap();
        assert_eq!(updated.fields["LastName"], "Lovelace");
        assert_eq!(
            org.count_where("Contact", "LastName", "Twin"),
            2,
            "twins untouched"
        );
    });
}

#[test]
fn an_update_on_email_fails_a_record_nothing_matches() {
    block_on(async {
        let org = FakeOrg::new();
        let journal = MemoryJournal::new();
        let ran = run(
            &plan(&by_email("update")),
            &[person("1", "Nobody", "nobody@example.com")],
            &org,
            &journal,
        )
        .await;
        assert_eq!(ran.out.counts, counts(1, 0, 1, 0));
        assert_eq!(results(&journal)[0].2.as_deref(), Some("NOT_FOUND"));
        assert!(org.records("Contact").is_empty());
    });
}

#[test]
fn a_record_marked_deleted_deletes_its_match_and_one_without_a_match_is_skipped() {
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
        let mut gone = person("1", "Ng", "NG@example.com");
        gone["gone"] = json!(true);
        let mut never = person("2", "", "never@example.com");
        never["gone"] = json!("true");
        let ran = run(&plan(&by_email("upsert")), &[gone, never], &org, &journal).await;
        assert_eq!(
            results(&journal),
            [
                (key("1"), Action::Deleted, None),
                (key("2"), Action::Skipped, None),
            ]
        );
        assert_eq!(ran.out.counts.written, 1);
        let left = org.records("Contact");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].fields["LastName"], "Keep");
    });
}

#[test]
fn deletes_need_to_know_which_records_were_deleted() {
    let mut o = by_email("upsert");
    if let Some(api) = o.source.api_mut() {
        api.deleted_path = None;
    }
    let issues = validate_import(&o, &describe()).unwrap_err();
    assert!(
        issues.iter().any(|i| i.pointer == "/source/deletedPath"),
        "{issues:?}"
    );
}
