//! `synccentral config export | import` for settings: scopes, a preview before anything
//! changes, the same file twice changing nothing, newer formats refused, the workbook, and
//! exports for support without secrets.

use super::{fixture, stderr, stdout};
use serde_json::{json, Value};
use std::process::{Command, Output};

struct Ws {
    dir: tempfile::TempDir,
}

impl Ws {
    fn new() -> Ws {
        Ws {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
    fn sc(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_synccentral"))
            .args(args)
            .env("SYNCCENTRAL_WORKSPACE", self.file("ws.db"))
            .env("SYNCCENTRAL_MASTER_KEY_FILE", self.file("master.key"))
            .env("SYNCCENTRAL_KEYCHAIN", "off")
            .output()
            .expect("synccentral runs")
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.sc(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}\nstdout: {}\nstderr: {}",
            stdout(&o),
            stderr(&o)
        );
        stdout(&o)
    }
}

const SECRETS: &[&str] = &[
    "sf-client-secret-1",
    "sf-password-2",
    "sf-token-3",
    "finance-bearer-4",
];

#[test]
fn one_option_moves_to_another_workspace_after_a_preview_and_a_second_import_changes_nothing() {
    let a = Ws::new();
    a.ok(&[
        "config",
        "import",
        &fixture("config/example.json"),
        "--apply",
    ]);
    a.ok(&[
        "config",
        "export",
        &a.file("invoices.json"),
        "--scope",
        "option",
        "invoices",
        "--include-secrets",
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(a.file("invoices.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "secrets in clear: the owner's only");
    }
    let part: Value =
        serde_json::from_str(&std::fs::read_to_string(a.file("invoices.json")).unwrap()).unwrap();
    assert_eq!(part["options"].as_array().unwrap().len(), 1);
    assert_eq!(
        part["connections"].as_array().unwrap().len(),
        2,
        "the connections it uses"
    );

    let b = Ws::new();
    let preview = b.ok(&["config", "import", &a.file("invoices.json")]);
    assert!(
        preview.contains("connection org: created") && preview.contains("option invoices: created"),
        "{preview}"
    );
    assert!(
        preview.contains(
            "5 created, 0 changed, 0 unchanged (a preview: nothing changed; add --apply to import)"
        ),
        "{preview}"
    );
    assert!(
        b.ok(&["config", "show"]).contains("\"options\": []"),
        "a preview changes nothing"
    );

    let applied = b.ok(&["config", "import", &a.file("invoices.json"), "--apply"]);
    assert!(
        applied.contains("5 created, 0 changed, 0 unchanged: imported"),
        "{applied}"
    );
    let again = b.ok(&["config", "import", &a.file("invoices.json"), "--apply"]);
    assert!(
        again.contains("0 created, 0 changed, 5 unchanged: nothing to import"),
        "{again}"
    );

    // An edit shows as a change of that field; what the file does not mention stays.
    let mut edited = part.clone();
    edited["options"][0]["active"] = json!(false);
    std::fs::write(b.file("edited.json"), edited.to_string()).unwrap();
    let preview = b.ok(&["config", "import", &b.file("edited.json")]);
    assert!(
        preview.contains("option invoices: changed /active"),
        "{preview}"
    );
    assert!(
        preview.contains("connection finance: unchanged"),
        "{preview}"
    );
}

#[test]
fn a_file_from_a_newer_format_is_refused_and_nothing_changes() {
    let ws = Ws::new();
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("config/example.json")).unwrap())
            .unwrap();
    doc["format"] = json!("sync-central/2");
    std::fs::write(ws.file("new.json"), doc.to_string()).unwrap();
    let o = ws.sc(&["config", "import", &ws.file("new.json"), "--apply"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("new.json: the file is in format sync-central/2, written by a newer Sync Central; this build reads sync-central/1: update Sync Central to import it"),
        "{}",
        stderr(&o)
    );
    assert!(
        !std::path::Path::new(&ws.file("ws.db")).exists(),
        "no workspace was even created"
    );
}

#[test]
fn the_workbook_exports_and_reads_back_with_nothing_to_change() {
    let ws = Ws::new();
    ws.ok(&[
        "config",
        "import",
        &fixture("config/example.json"),
        "--apply",
    ]);
    ws.ok(&[
        "config",
        "export",
        &ws.file("settings.xlsx"),
        "--describe",
        &fixture("samples/describe/Invoice__c.json"),
    ]);
    let bytes = std::fs::read(ws.file("settings.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx file");
    let preview = ws.ok(&["config", "import", &ws.file("settings.xlsx")]);
    assert!(
        preview.contains("option invoices: unchanged") && preview.contains("nothing to import"),
        "{preview}"
    );

    let o = ws.sc(&["config", "export", &ws.file("s.xlsx"), "--include-secrets"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a workbook never holds secrets"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_export_for_support_holds_no_secret_and_mocks_the_samples() {
    let ws = Ws::new();
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("config/example.json")).unwrap())
            .unwrap();
    doc["options"][0]["mapping"]["tests"] = json!([{"name": "id", "input": {"id": "INV-2024-0042", "email": "ap@acme.com"}, "expect": {"invoice_id__c": "INV-2024-0042"}}]);
    std::fs::write(ws.file("doc.json"), doc.to_string()).unwrap();
    ws.ok(&["config", "import", &ws.file("doc.json"), "--apply"]);
    let out = ws.ok(&["config", "export", "-", "--scrub", "--mock-samples"]);
    for s in SECRETS {
        assert!(!out.contains(s), "{s} in the support export");
    }
    let support: Value = serde_json::from_str(&out).unwrap();
    let test = &support["options"][0]["mapping"]["tests"][0];
    let id = test["input"]["id"].as_str().unwrap();
    assert!(
        id != "INV-2024-0042" && id.len() == 13 && id.starts_with(|c: char| c.is_ascii_uppercase()),
        "{id}"
    );
    assert_eq!(
        test["expect"]["invoice_id__c"], test["input"]["id"],
        "same value, same mock"
    );
    assert!(test["input"]["email"].as_str().unwrap().ends_with(".com"));
}
