//! The mail server's settings (password sealed like the connections' secrets), the rules of
//! `smtp`, `notify` and `watch`, run warnings, and the dropped-file record that keeps a
//! restarted watcher from importing a file twice.

use super::{example, workspace};
use crate::config::SmtpSecurity;
use crate::drops::{file_hash, DropState};
use crate::runs::{Counts, RunMode, RunStatus};
use crate::validate::validate;
use crate::StoreError;
use serde_json::{json, Value};

/// The example document changed by `extra`; its mail server, if it has one, on the remote
/// sites (as every destination must be).
fn with(extra: impl FnOnce(&mut Value)) -> Value {
    let mut doc = example();
    extra(&mut doc);
    if let Some(host) = doc["smtp"]["host"].as_str() {
        let site = json!(format!("smtp://{host}"));
        doc["remoteSites"].as_array_mut().unwrap().push(site);
    }
    doc
}

#[test]
fn the_mail_server_must_be_on_the_remote_sites() {
    let mut doc = with(|d| d["smtp"] = smtp("tls", "Mail.Example.com"));
    assert!(validate(&doc).is_ok());
    // By host and port too; another port or host is not it.
    doc["remoteSites"].as_array_mut().unwrap().pop();
    doc["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("smtp://mail.example.com:465"));
    assert!(validate(&doc).is_ok());
    for site in ["smtp://mail.example.com:587", "smtp://other.example.com"] {
        doc["remoteSites"].as_array_mut().unwrap().pop();
        doc["remoteSites"].as_array_mut().unwrap().push(json!(site));
        let problems = pointers(&doc);
        assert!(
            problems.iter().any(|p| p.starts_with("/smtp/host")
                && p.contains("add \"smtp://mail.example.com\" to \"remoteSites\"")),
            "{site}: {problems:?}"
        );
    }
    doc["remoteSites"].as_array_mut().unwrap().pop();
    doc["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("smtp://mail.example.com/path"));
    assert!(pointers(&doc)
        .iter()
        .any(|p| p.starts_with("/remoteSites/") && p.contains("without a path")));
}

fn smtp(security: &str, host: &str) -> Value {
    json!({"host": host, "security": security, "username": "sync", "password": "mail-pass-77",
           "from": "Sync Central <sync@example.com>"})
}

fn pointers(doc: &Value) -> Vec<String> {
    validate(doc)
        .expect_err("the document has problems")
        .into_iter()
        .map(|i| format!("{} {}", i.pointer, i.message))
        .collect()
}

#[test]
fn the_smtp_password_is_sealed_shown_as_stars_and_kept_by_stars() {
    let (dir, ws) = workspace();
    ws.import_config(&with(|d| d["smtp"] = smtp("starttls", "smtp.example.com")))
        .unwrap();
    let clear = ws.config().unwrap().smtp.unwrap();
    assert_eq!(clear.password.as_ref().unwrap().expose(), "mail-pass-77");
    assert_eq!(clear.port(), 587);
    assert_eq!(clear.security, SmtpSecurity::Starttls);
    let scrubbed = ws.config_scrubbed().unwrap();
    assert!(scrubbed.smtp.unwrap().password.unwrap().is_placeholder());
    assert_eq!(
        serde_json::to_value(ws.export_config(false).unwrap()).unwrap()["smtp"]["password"],
        "***"
    );

    // Exported with stars and imported again, the password stays.
    let doc = serde_json::to_value(ws.export_config(false).unwrap()).unwrap();
    ws.import_config(&doc).unwrap();
    assert_eq!(
        ws.config()
            .unwrap()
            .smtp
            .unwrap()
            .password
            .unwrap()
            .expose(),
        "mail-pass-77"
    );
    drop(ws);
    let mut bytes = std::fs::read(dir.path().join("ws.db")).unwrap();
    bytes.extend(std::fs::read(dir.path().join("ws.db-wal")).unwrap_or_default());
    assert!(!bytes.windows(12).any(|w| w == b"mail-pass-77"));
}

#[test]
fn stars_without_a_stored_smtp_password_are_refused() {
    let (_dir, ws) = workspace();
    let doc = with(|d| {
        d["smtp"] = smtp("tls", "smtp.example.com");
        d["smtp"]["password"] = json!("***");
    });
    match ws.import_config(&doc) {
        Err(StoreError::Invalid(issues)) => {
            assert_eq!(issues[0].pointer, "/smtp/password", "{issues:?}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn unencrypted_smtp_is_only_for_loopback() {
    let found = pointers(&with(|d| d["smtp"] = smtp("none", "smtp.example.com")));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("/smtp/security") && p.contains("127.0.0.1")),
        "{found:?}"
    );
    assert!(validate(&with(|d| d["smtp"] = smtp("none", "127.0.0.1"))).is_ok());
    assert!(validate(&with(|d| d["smtp"] = smtp("none", "localhost"))).is_ok());
}

#[test]
fn notify_needs_a_mail_server_addresses_and_a_csv_export_to_attach() {
    let doc = with(|d| {
        d["options"][0]["notify"] = json!({"to": ["ops@example.com", "not an address"]});
    });
    let found = pointers(&doc);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("/options/0/notify ") && p.contains("smtp")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("/options/0/notify/to/1")),
        "{found:?}"
    );

    let doc = with(|d| {
        d["smtp"] = smtp("starttls", "smtp.example.com");
        d["options"][0]["notify"] = json!({"to": ["ops@example.com"], "attachExport": true});
    });
    let found = pointers(&doc);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("/options/0/notify/attachExport")),
        "{found:?}"
    );

    let doc = with(|d| {
        d["smtp"] = smtp("starttls", "smtp.example.com");
        d["options"][0]["notify"] = json!({"to": ["ops@example.com"], "when": "always"});
    });
    assert!(validate(&doc).is_ok());
}

#[test]
fn two_options_cannot_watch_one_folder() {
    let doc = with(|d| {
        let mut second = d["options"][0].clone();
        second["name"] = json!("invoices-again");
        d["options"].as_array_mut().unwrap().push(second);
        let last = d["options"].as_array().unwrap().len() - 1;
        for i in [0, last] {
            d["options"][i]["watch"] = json!({"folder": "/srv/drop"});
        }
        d["options"][0]["watch"]["pattern"] = json!("in/*.json");
    });
    let found = pointers(&doc);
    assert!(
        found
            .iter()
            .any(|p| p.contains("/watch/folder") && p.contains("already watched")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("/watch/pattern")),
        "{found:?}"
    );
}

#[test]
fn a_watched_folder_names_an_encoding_the_encoding_standard_knows() {
    let named = |label: &str| {
        with(|d| {
            d["options"][0]["watch"] = json!({"folder": "/srv/drop", "encoding": label});
        })
    };
    assert!(validate(&named("windows-1252")).is_ok());
    assert!(validate(&named("Shift_JIS")).is_ok());
    let found = pointers(&named("latin-9000"));
    assert!(
        found
            .iter()
            .any(|p| p.contains("/watch/encoding") && p.contains("unknown encoding \"latin-9000\"")),
        "{found:?}"
    );
}

#[test]
fn a_dropped_file_whose_run_finished_is_only_moved_after_a_restart() {
    let (_dir, ws) = workspace();
    let hash = file_hash(b"[1,2]");
    assert_eq!(
        ws.take_dropped_file("inv", "a.json", &hash).unwrap(),
        DropState::New
    );
    // Taken again before its run finished (the process stopped): imported again.
    assert_eq!(
        ws.take_dropped_file("inv", "a.json", &hash).unwrap(),
        DropState::Interrupted
    );
    let run = ws
        .begin_run("inv", RunMode::Push, super::ts("2026-01-01T00:00:00Z"))
        .unwrap();
    ws.dropped_file_imported("inv", "a.json", &hash, run, true)
        .unwrap();
    assert_eq!(
        ws.take_dropped_file("inv", "a.json", &hash).unwrap(),
        DropState::Imported { run, ok: true }
    );
    ws.dropped_file_moved("inv", "a.json", &hash).unwrap();
    assert_eq!(
        ws.take_dropped_file("inv", "a.json", &hash).unwrap(),
        DropState::New
    );
}

#[test]
fn warnings_stay_with_their_run() {
    let (_dir, ws) = workspace();
    let run = ws
        .begin_run("inv", RunMode::Full, super::ts("2026-01-01T00:00:00Z"))
        .unwrap();
    ws.add_run_warning(run, "mail not sent: refused").unwrap();
    ws.add_run_warning(run, "second").unwrap();
    ws.finish_run(
        run,
        RunStatus::Succeeded,
        Counts::default(),
        None,
        super::ts("2026-01-01T00:00:01Z"),
    )
    .unwrap();
    assert_eq!(
        ws.run_warnings(run).unwrap(),
        vec!["mail not sent: refused".to_string(), "second".to_string()]
    );
}
