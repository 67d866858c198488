//! Importing into a workspace that already has a configuration: scopes, the preview (what is
//! created, changed, left alone), the merge by name, and newer formats refused.

use serde_json::{json, Value};
use synccentral_store::{ChangeKind, InScope, KeySource, MasterKey, Scope, StoreError, Workspace};

fn example() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/config/example.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_with(
        dir.path().join("ws.db"),
        KeySource::Key(MasterKey::from_bytes([3; 32])),
    )
    .unwrap();
    (dir, ws)
}

#[test]
fn an_option_scope_carries_the_connections_sites_and_schedules_it_needs() {
    let mut doc = example();
    doc["schedules"] = json!([
        {"name": "nightly", "cron": "0 2 * * *", "options": ["invoices"]},
        {"name": "both", "cron": "0 3 * * *", "options": ["invoices", "accounts-out"]}
    ]);
    let config = synccentral_store::validate::validate(&doc).unwrap();
    let part = config
        .in_scope(&Scope::Options(vec!["invoices".to_string()]))
        .unwrap();
    assert_eq!(part.options.len(), 1);
    let names: Vec<&str> = part.connections.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["org", "finance"]);
    assert_eq!(
        part.remote_sites,
        ["https://api.example.com", "https://login.salesforce.com"]
    );
    assert_eq!(
        part.schedules.len(),
        1,
        "only the schedules that run nothing else"
    );

    let err = config
        .in_scope(&Scope::Options(vec!["invoice".to_string()]))
        .unwrap_err();
    let StoreError::Invalid(issues) = err else {
        panic!()
    };
    assert_eq!(
        issues[0].to_string(),
        "/options: no option named \"invoice\" (the document has: invoices, accounts-out)"
    );
}

#[test]
fn an_import_merges_by_name_and_keeps_what_the_file_does_not_mention() {
    let (_d, ws) = workspace();
    ws.apply_import(&example(), &Scope::All).unwrap();
    let mut only_invoices = ws
        .export_config(true)
        .unwrap()
        .in_scope(&Scope::Options(vec!["invoices".into()]))
        .unwrap();
    if let synccentral_store::SyncOption::Import(o) = &mut only_invoices.options[0] {
        o.order = 7;
    }
    let doc = serde_json::to_value(&only_invoices).unwrap();
    let preview = ws.preview_import(&doc, &Scope::All).unwrap();
    let listed: Vec<(&str, &str, ChangeKind)> = preview
        .items
        .iter()
        .map(|i| (i.item, i.name.as_str(), i.change))
        .collect();
    assert_eq!(
        listed,
        [
            ("connection", "org", ChangeKind::Unchanged),
            ("connection", "finance", ChangeKind::Unchanged),
            (
                "remoteSite",
                "https://api.example.com",
                ChangeKind::Unchanged
            ),
            (
                "remoteSite",
                "https://login.salesforce.com",
                ChangeKind::Unchanged
            ),
            ("option", "invoices", ChangeKind::Changed),
        ]
    );
    assert_eq!(preview.items[4].fields, ["/order"]);
    ws.apply_import(&doc, &Scope::All).unwrap();
    let after = ws.config_scrubbed().unwrap();
    assert_eq!(after.options.len(), 2, "accounts-out is kept");
    assert_eq!(after.option("invoices").unwrap().order(), 7);
    assert!(ws.apply_import(&doc, &Scope::All).unwrap().is_noop());
}

#[test]
fn a_newer_format_is_refused_before_anything_else() {
    let (_d, ws) = workspace();
    let mut doc = example();
    doc["format"] = json!("sync-central/3");
    doc["options"] = json!("not even an array");
    let err = ws.preview_import(&doc, &Scope::All).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the file is in format sync-central/3, written by a newer Sync Central; this build reads sync-central/1: update Sync Central to import it"
    );
    assert!(synccentral_store::check_format(&example()).is_ok());
}
