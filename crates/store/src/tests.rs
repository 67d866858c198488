//! Unit tests of the store: validation, migrations, secrets, runs, export files, undo.

mod export_files;
mod migrations;
mod notify;
mod runs;
mod schedules;
mod secrets;
mod undo;
mod users;
mod validation;

use crate::{KeySource, MasterKey, Workspace};
use serde_json::Value;
use std::path::PathBuf;

/// The example document (fixtures/config/example.json).
fn example() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/config/example.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A fresh workspace in a temporary folder, with a fixed key.
fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_with(dir.path().join("ws.db"), KeySource::Key(key(1))).unwrap();
    (dir, ws)
}

fn key(n: u8) -> MasterKey {
    MasterKey::from_bytes([n; 32])
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}
