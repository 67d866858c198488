use crate::{StoreError, Workspace, MIGRATIONS, SCHEMA_VERSION};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

#[test]
fn a_workspace_at_migration_1_opens_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut db = Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(MIGRATIONS[0])])
            .to_latest(&mut db)
            .unwrap();
        db.execute(
            "INSERT INTO remote_sites (position, url) VALUES (0, 'https://api.example.com')",
            [],
        )
        .unwrap();
        let v: i64 = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let ws = Workspace::open(&path).unwrap();
    assert_eq!(ws.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        ws.config_scrubbed().unwrap().remote_sites,
        ["https://api.example.com"]
    );
    // The tables of migration 2 are there.
    assert!(ws.list_runs(10).unwrap().is_empty());
    let mode: String = ws
        .db
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_workspace_newer_than_this_build_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let db = Connection::open(&path).unwrap();
        db.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Workspace::open(&path).unwrap_err();
    assert!(matches!(
        err,
        StoreError::TooNew {
            found: 99,
            known: SCHEMA_VERSION,
            ..
        }
    ));
    let text = err.to_string();
    assert!(
        text.contains("schema version 99") && text.contains(&format!("up to {SCHEMA_VERSION}")),
        "{text}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file changed");
    assert!(!dir.path().join("new.db-wal").exists());
}

#[test]
fn a_new_workspace_and_its_folder_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/ws.db");
    let ws = Workspace::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(ws.schema_version().unwrap(), SCHEMA_VERSION);
    drop(ws);
    // Opening again is a no-op migration.
    Workspace::open(&path).unwrap();
}

#[test]
fn the_default_location_is_under_the_data_dir() {
    if let Some(p) = crate::default_path() {
        assert!(p.ends_with("sync-central/workspace.db"), "{}", p.display());
    }
}
