//! `synccentral users list | add | reset | audit` and the audit entry of `config import`: the
//! recovery path with the workspace file, `--as` an admin, the OS user in the audit log.

use super::{fixture, stderr, stdout};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use synccentral_store::Workspace;

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
    /// Runs the CLI as the OS user `ann`, with `input` on standard input.
    fn sc(&self, args: &[&str], input: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_synccentral"))
            .args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.db())
            .env(
                "SYNCCENTRAL_MASTER_KEY_FILE",
                self.dir.path().join("master.key"),
            )
            .env("SYNCCENTRAL_KEYCHAIN", "off")
            .env("USER", "ann")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("synccentral runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
    fn ok(&self, args: &[&str], input: &str) -> String {
        let out = self.sc(args, input);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }
}

#[test]
fn users_list_shows_the_default_admin_who_must_change_the_password() {
    let ws = Ws::new();
    let list = ws.ok(&["users", "list"], "");
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.starts_with("admin"), "{list}");
    assert!(list.contains("must change password"), "{list}");
}

#[test]
fn with_the_workspace_file_a_user_is_added_and_a_forgotten_admin_password_reset() {
    let ws = Ws::new();
    ws.ok(
        &["users", "add", "ops", "--role", "operator"],
        "first ops password\n",
    );
    let weak = ws.sc(&["users", "add", "bob"], "short\n");
    assert_eq!(weak.status.code(), Some(2));
    assert!(
        stderr(&weak).contains("at least 12 characters"),
        "{}",
        stderr(&weak)
    );

    // The admin forgot their password: whoever has the file resets it.
    {
        let w = Workspace::open(ws.db()).unwrap();
        let now = jiff::Timestamp::now();
        w.change_password("admin", "sync-central", "forgotten password", now)
            .unwrap();
    }
    ws.ok(&["users", "reset", "admin"], "recovery password\n");
    let w = Workspace::open(ws.db()).unwrap();
    let admin = w
        .log_in("admin", "recovery password", jiff::Timestamp::now())
        .unwrap();
    assert!(
        admin.must_change_password,
        "a reset password is changed at login"
    );

    let list = ws.ok(&["users", "list"], "");
    assert!(
        list.lines()
            .any(|l| l.starts_with("ops") && l.contains("operator")),
        "{list}"
    );
    let audit = ws.ok(&["users", "audit"], "");
    let lines: Vec<&str> = audit.lines().collect();
    assert!(
        lines[0].contains("os:ann") && lines[0].contains("user.reset"),
        "{audit}"
    );
    assert!(
        lines[1].contains("user \"ops\" added (operator)"),
        "{audit}"
    );
}

#[test]
fn as_an_admin_the_password_is_checked_and_the_audit_names_them() {
    let ws = Ws::new();
    ws.ok(&["users", "list"], "");
    {
        let w = Workspace::open(ws.db()).unwrap();
        w.change_password(
            "admin",
            "sync-central",
            "the admin password",
            jiff::Timestamp::now(),
        )
        .unwrap();
        w.add_user(
            "ops",
            synccentral_store::Role::Operator,
            "first ops password",
            jiff::Timestamp::now(),
        )
        .unwrap();
        w.change_password(
            "ops",
            "first ops password",
            "own ops password",
            jiff::Timestamp::now(),
        )
        .unwrap();
    }
    let wrong = ws.sc(&["users", "--as", "admin", "list"], "not the password\n");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("LOGIN_FAILED"),
        "{}",
        stderr(&wrong)
    );
    let operator = ws.sc(&["users", "--as", "ops", "list"], "own ops password\n");
    assert_eq!(operator.status.code(), Some(2));
    assert!(
        stderr(&operator).contains("FORBIDDEN"),
        "{}",
        stderr(&operator)
    );

    ws.ok(
        &["users", "--as", "admin", "add", "eve", "--role", "admin"],
        "the admin password\nfirst eve password\n",
    );
    let audit = ws.ok(&["users", "audit", "--limit", "1"], "");
    assert!(
        audit.contains(" admin ") && audit.contains("user \"eve\" added (admin)"),
        "{audit}"
    );
}

#[test]
fn config_import_is_recorded_in_the_audit_log_with_the_os_user_and_what_changed() {
    let ws = Ws::new();
    ws.ok(
        &[
            "config",
            "import",
            &fixture("config/example.json"),
            "--apply",
        ],
        "",
    );
    let audit = ws.ok(&["users", "audit"], "");
    let first = audit.lines().next().unwrap_or_default();
    assert!(
        first.contains("os:ann")
            && first.contains("config.import")
            && first.contains("connection \"org\" added")
            && first.contains("example.json"),
        "{audit}"
    );
    assert!(!audit.contains("sf-password-2"), "no secret in the log");
}
