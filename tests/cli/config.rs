//! `synccentral config import | export | show` and `synccentral runs list | show | export`
//! on a workspace in a temporary folder (key file beside it, no keychain).

use super::{fixture, stderr, stdout};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use synccentral_store::{Action, Counts, RecordResult, RunMode, RunStatus, Workspace};

const SECRETS: &[&str] = &[
    "sf-client-secret-1",
    "sf-password-2",
    "sf-token-3",
    "finance-bearer-4",
];

/// A temporary folder with a workspace path and a master key file in it.
struct Ws {
    dir: tempfile::TempDir,
}

impl Ws {
    fn new() -> Ws {
        Ws {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("ws.db")
    }
    fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
    /// Runs the CLI on this workspace (through `SYNCCENTRAL_WORKSPACE`).
    fn sc(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_synccentral"))
            .args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.db())
            .env("SYNCCENTRAL_MASTER_KEY_FILE", self.file("master.key"))
            .env("SYNCCENTRAL_KEYCHAIN", "off")
            .output()
            .expect("synccentral runs")
    }
    fn read_json(&self, name: &str) -> Value {
        serde_json::from_str(&std::fs::read_to_string(self.file(name)).unwrap()).unwrap()
    }
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

fn contains(path: &Path, needle: &str) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn config_round_trips_with_stars_for_secrets() {
    let ws = Ws::new();
    let example = fixture("config/example.json");
    let out = ws.sc(&["config", "import", &example, "--apply"]);
    ok(&out);
    assert!(
        stdout(&out).contains("imported, ")
            && stdout(&out).contains("holds 2 connections, 2 remote sites, 2 options")
            && stdout(&out).contains("4 secrets set"),
        "{}",
        stdout(&out)
    );
    for s in SECRETS {
        assert!(!contains(&ws.db(), s), "{s} is in the workspace in clear");
    }

    // Export: secrets as "***", nothing said on stderr.
    let out = ws.sc(&["config", "export", &ws.file("out.json")]);
    ok(&out);
    assert_eq!(stderr(&out), "");
    let exported = ws.read_json("out.json");
    let text = exported.to_string();
    for s in SECRETS {
        assert!(!text.contains(s), "{s} exported in clear");
    }
    assert_eq!(exported["connections"][0]["auth"]["password"], "***");
    assert_eq!(exported["connections"][1]["auth"]["token"], "***");

    // Edited and imported back: the stored secrets stay.
    let mut edited = exported.clone();
    edited["options"][1]["active"] = json!(false);
    std::fs::write(ws.file("edited.json"), edited.to_string()).unwrap();
    let out = ws.sc(&["config", "import", &ws.file("edited.json"), "--apply"]);
    ok(&out);
    assert!(
        stdout(&out).contains("0 secrets set, 4 kept"),
        "{}",
        stdout(&out)
    );

    // --include-secrets writes them in clear and says so.
    let out = ws.sc(&[
        "config",
        "export",
        &ws.file("clear.json"),
        "--include-secrets",
    ]);
    ok(&out);
    assert!(stderr(&out).contains("in clear"), "{}", stderr(&out));
    let clear = ws.read_json("clear.json");
    assert_eq!(clear["connections"][0]["auth"]["password"], "sf-password-2");
    assert_eq!(clear["connections"][1]["auth"]["token"], "finance-bearer-4");
    assert_eq!(clear["options"][1]["active"], false);

    // The clear export imports as it is into another workspace.
    let other = Ws::new();
    ok(&other.sc(&["config", "import", &ws.file("clear.json"), "--apply"]));
    let out = other.sc(&["config", "export", "-", "--include-secrets"]);
    ok(&out);
    let again: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(again, clear);
}

#[test]
fn the_workspace_flag_is_accepted_on_every_command_and_wins_over_the_env() {
    let ws = Ws::new();
    let elsewhere = ws.file("elsewhere.db");
    ok(&ws.sc(&[
        "config",
        "import",
        &fixture("config/example.json"),
        "--apply",
        "--workspace",
        &elsewhere,
    ]));
    let out = ws.sc(&["--workspace", &elsewhere, "config", "show"]);
    ok(&out);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["options"].as_array().unwrap().len(), 2);
    assert_eq!(shown["connections"][0]["auth"]["clientSecret"], "***");
    // The env's workspace was not touched.
    let out = ws.sc(&["config", "show"]);
    ok(&out);
    let empty: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(empty["connections"], json!([]));
    ok(&ws.sc(&["runs", "list", "--workspace", &elsewhere]));
}

#[test]
fn an_invalid_document_lists_every_problem_and_changes_nothing() {
    let ws = Ws::new();
    ok(&ws.sc(&[
        "config",
        "import",
        &fixture("config/example.json"),
        "--apply",
    ]));
    let before = stdout(&ws.sc(&["config", "show"]));

    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("config/example.json")).unwrap())
            .unwrap();
    doc["options"][1]["target"]["connection"] = json!("financ");
    doc["options"][0]["target"]["connection"] = json!("orgg");
    doc["options"][0]["target"]
        .as_object_mut()
        .unwrap()
        .remove("externalId");
    doc["connections"][1]["baseUrl"] = json!("http://api.example.org");
    std::fs::write(ws.file("bad.json"), doc.to_string()).unwrap();
    let out = ws.sc(&["config", "import", &ws.file("bad.json")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "/options/0/target/connection: no connection named \"orgg\" (did you mean \"org\"?)",
        "/options/1/target/connection: no connection named \"financ\" (did you mean \"finance\"?)",
        "/options/0/target/externalId",
        "/connections/1/baseUrl: http://api.example.org must use https://",
        "add \"http://api.example.org\"",
    ] {
        assert!(err.contains(expected), "{expected} missing from:\n{err}");
    }
    assert!(err.contains("bad.json: 5 problems"), "{err}");
    assert_eq!(stdout(&ws.sc(&["config", "show"])), before);

    // "***" for a secret the workspace never stored is a problem too.
    let fresh = Ws::new();
    let mut starred: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("config/example.json")).unwrap())
            .unwrap();
    starred["connections"][1]["auth"]["token"] = json!("***");
    std::fs::write(fresh.file("starred.json"), starred.to_string()).unwrap();
    let out = fresh.sc(&["config", "import", &fresh.file("starred.json")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/connections/1/auth/token"),
        "{}",
        stderr(&out)
    );

    // Invalid JSON names its line and column.
    std::fs::write(ws.file("broken.json"), "{\n  \"format\": ,\n}").unwrap();
    let out = ws.sc(&["config", "import", &ws.file("broken.json")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2, column 13"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_workspace_from_a_newer_build_is_refused() {
    let ws = Ws::new();
    {
        let db = std::fs::File::create(ws.db()).unwrap();
        drop(db);
    }
    // An SQLite file whose schema version is beyond this build's.
    let out = Command::new("sqlite3")
        .arg(ws.db())
        .arg("PRAGMA user_version = 99;")
        .output();
    if out.map(|o| !o.status.success()).unwrap_or(true) {
        // No sqlite3 binary: make the file through the store's own SQLite instead.
        std::fs::remove_file(ws.db()).unwrap();
        drop(Workspace::open(ws.db()).unwrap());
        set_user_version(&ws.db(), 99);
    }
    let out = ws.sc(&["runs", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("schema version 99"),
        "{}",
        stderr(&out)
    );
}

/// Rewrites the `user_version` field of an SQLite header (bytes 60..64, big endian).
fn set_user_version(path: &Path, v: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&v.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

#[test]
fn runs_written_through_the_store_are_listed_shown_and_exported() {
    let ws = Ws::new();
    let run = {
        let store = Workspace::open(ws.db()).unwrap();
        let run = store
            .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
            .unwrap();
        store
            .record_results(
                run,
                &[
                    RecordResult {
                        source_key: Some("INV-1".into()),
                        target_id: Some("a01000000000000AAA".into()),
                        source: Some(json!({"id": "INV-1", "amount": 10})),
                        ..RecordResult::new(1, Action::Inserted)
                    },
                    RecordResult {
                        source_key: Some("INV-2".into()),
                        error_code: Some("REQUIRED_FIELD_MISSING".into()),
                        error_message: Some("Required fields are missing: [Name]".into()),
                        source: Some(json!({"id": "INV-2", "amount": "=1+2"})),
                        ..RecordResult::new(2, Action::Failed)
                    },
                ],
            )
            .unwrap();
        store
            .finish_run(
                run,
                RunStatus::Partial,
                Counts {
                    read: 2,
                    written: 1,
                    failed: 1,
                    skipped: 0,
                },
                None,
                ts("2026-11-02T10:00:05Z"),
            )
            .unwrap();
        run
    };
    let id = run.to_string();

    let out = ws.sc(&["runs", "list"]);
    ok(&out);
    let text = stdout(&out);
    assert!(
        text.contains("invoices")
            && text.contains("partial")
            && text.contains("2026-11-02 10:00:00"),
        "{text}"
    );
    let out = ws.sc(&["runs", "list", "--json"]);
    ok(&out);
    let runs: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(runs[0]["id"], run.0);
    assert_eq!(runs[0]["status"], "partial");
    assert_eq!(runs[0]["counts"]["failed"], 1);

    let out = ws.sc(&["runs", "show", &id]);
    ok(&out);
    let text = stdout(&out);
    assert!(
        text.contains("2 read, 1 written, 1 failed, 0 skipped"),
        "{text}"
    );
    let inserted = text.lines().find(|l| l.contains("INV-1")).expect(&text);
    assert!(
        inserted.contains("inserted") && inserted.contains("a01000000000000AAA"),
        "{inserted}"
    );
    let failed = text.lines().find(|l| l.contains("INV-2")).expect(&text);
    assert!(
        failed.contains("failed")
            && failed.contains("REQUIRED_FIELD_MISSING: Required fields are missing: [Name]"),
        "{failed}"
    );

    let out = ws.sc(&["runs", "show", &id, "--failed", "--json"]);
    ok(&out);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["records"].as_array().unwrap().len(), 1);
    assert_eq!(shown["records"][0]["sourceKey"], "INV-2");
    assert_eq!(shown["records"][0]["errorCode"], "REQUIRED_FIELD_MISSING");

    let out = ws.sc(&[
        "runs",
        "export",
        &id,
        "--format",
        "csv",
        "--out",
        &ws.file("files"),
    ]);
    ok(&out);
    let mut errors =
        csv::Reader::from_path(ws.dir.path().join(format!("files/run-{id}-errors.csv"))).unwrap();
    assert_eq!(
        errors.headers().unwrap().iter().collect::<Vec<_>>(),
        ["ERROR_CODE", "ERROR", "SOURCE_KEY", "id", "amount"]
    );
    let row = errors.records().next().unwrap().unwrap();
    assert_eq!(row.get(4), Some("'=1+2"));
    ok(&ws.sc(&[
        "runs",
        "export",
        &id,
        "--format",
        "xlsx",
        "--out",
        &ws.file("files"),
    ]));
    assert!(ws
        .dir
        .path()
        .join(format!("files/run-{id}-success.xlsx"))
        .exists());

    let out = ws.sc(&["runs", "show", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no run with id 999"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_number_of_runs_kept_is_shown_and_set_and_older_runs_go() {
    let ws = Ws::new();
    {
        let store = Workspace::open(ws.db()).unwrap();
        for i in 0..4 {
            let run = store
                .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
                .unwrap();
            store
                .finish_run(
                    run,
                    RunStatus::Succeeded,
                    Counts {
                        read: i,
                        written: i,
                        failed: 0,
                        skipped: 0,
                    },
                    None,
                    ts("2026-11-02T10:00:05Z"),
                )
                .unwrap();
        }
    }
    let out = ws.sc(&["runs", "keep"]);
    ok(&out);
    assert!(
        stdout(&out).contains("keeping the last 50 runs"),
        "{}",
        stdout(&out)
    );

    let out = ws.sc(&["runs", "keep", "2"]);
    ok(&out);
    assert!(stdout(&out).contains("2 older removed"), "{}", stdout(&out));
    let out = ws.sc(&["runs", "list", "--json"]);
    let runs: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 2, "{runs}");
    assert_eq!(runs[0]["counts"]["read"], 3, "the newest stay");
    assert!(stdout(&ws.sc(&["runs", "keep"])).contains("keeping the last 2 runs"));

    let out = ws.sc(&["runs", "keep", "0"]);
    assert_eq!(out.status.code(), Some(2), "at least one run is kept");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_instead_of_panicking() {
    let ws = Ws::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_synccentral"))
        .args(["runs", "list"])
        .env("SYNCCENTRAL_WORKSPACE", ws.db())
        .env("SYNCCENTRAL_MASTER_KEY_FILE", ws.file("master.key"))
        .env("SYNCCENTRAL_KEYCHAIN", "off")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line is written, as `| head` does after its lines.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}
