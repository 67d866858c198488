//! Run notifications against a real SMTP server on loopback (Python's aiosmtpd, installed by
//! `scripts/lib.sh` into tests/smtp/.venv): a run with failed records mails its log to the
//! configured addresses with the failed records attached, a CSV export delivers its file,
//! a clean run is mailed only with `when: always`, and a mail that cannot be sent is a
//! warning of the run, never a failure.

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use synccentral_api::runs::Selection;
use synccentral_runner::RunStatus;
use synccentral_store::RunId;

/// Receives mail on 127.0.0.1:PORT; each message is parsed by Python's `email` package and
/// written to OUT/NNN.json: envelope sender and recipients, headers, body, attachments.
const SERVER: &str = r#"
import sys, os, json, email, email.policy
from aiosmtpd.controller import Controller
out, port = sys.argv[1], int(sys.argv[2])
class Keep:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Keep.n += 1
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body, files = "", []
        for part in msg.walk():
            if part.is_multipart():
                continue
            name = part.get_filename()
            if name:
                files.append({"name": name, "type": part.get_content_type(),
                              "text": part.get_payload(decode=True).decode("utf-8")})
            elif part.get_content_type() == "text/plain":
                body += part.get_content()
        doc = {"from": envelope.mail_from, "rcpt": envelope.rcpt_tos,
               "subject": str(msg["subject"]), "to": str(msg["to"]),
               "body": body, "attachments": files}
        path = os.path.join(out, "%03d.json" % Keep.n)
        with open(path + ".tmp", "w") as f:
            json.dump(doc, f)
        os.rename(path + ".tmp", path)
        return "250 OK"
c = Controller(Keep(), hostname="127.0.0.1", port=port)
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"#;

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("SMTP_TEST_PYTHON") {
        return p.into();
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/.venv/bin/python")
}

/// The SMTP server of a test; stops when dropped.
struct Smtp {
    child: Child,
    port: u16,
    out: tempfile::TempDir,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Smtp {
    fn start() -> Smtp {
        let python = python();
        assert!(
            python.exists(),
            "the SMTP test server needs Python with aiosmtpd at {} (install it with: \
             source scripts/lib.sh && ensure_smtp_test_server; or set SMTP_TEST_PYTHON)",
            python.display()
        );
        let out = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut child = Command::new(&python)
            .arg("-c")
            .arg(SERVER)
            .arg(out.path())
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            "ready",
            "the SMTP test server did not start (is aiosmtpd installed for {}?)",
            python.display()
        );
        Smtp { child, port, out }
    }

    fn settings(&self) -> Value {
        json!({"host": "127.0.0.1", "port": self.port, "security": "none",
               "from": "Sync Central <sync@example.test>"})
    }

    /// The messages received so far, in order.
    fn messages(&self) -> Vec<Value> {
        read_messages(self.out.path())
    }

    /// Waits until `n` messages arrived (the server writes them after answering).
    fn wait_for(&self, n: usize) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let got = self.messages();
            if got.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn read_messages(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// The demo's invoice mapping with `credit` left out of the status map: every third
/// sample invoice is refused with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST.
fn failing_invoices(notify: Value) -> Value {
    let mut mapping = mapping_file("invoices.mapping.json");
    for f in mapping["fields"].as_array_mut().unwrap() {
        if let Some(map) = f
            .pointer_mut("/transforms/0/replace/map")
            .and_then(Value::as_object_mut)
        {
            map.remove("credit");
        }
    }
    json!({"name": "invoices", "direction": "import",
           "source": {"connection": "api", "path": "/v1/invoices", "recordsPath": "$.invoices"},
           "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                      "externalId": "invoice_id__c"},
           "mapping": mapping, "notify": notify})
}

fn configure(env: &Env, smtp: Value, options: Value) {
    let mut doc = env.doc(options);
    doc["smtp"] = smtp;
    doc["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("smtp://127.0.0.1"));
    env.journal
        .workspace()
        .import_config(&doc)
        .expect("valid config");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_mails_its_log_with_the_failed_records_to_the_configured_addresses() {
    let smtp = Smtp::start();
    let env = start(9).await;
    env.seed_accounts().await;
    configure(
        &env,
        smtp.settings(),
        json!([failing_invoices(
            json!({"to": ["ops@example.test", "Finance <finance@example.test>"]})
        )]),
    );
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!((line.read, line.written, line.failed), (9, 6, 3));
    assert!(line.warnings.is_empty(), "{:?}", line.warnings);

    let mails = smtp.wait_for(1);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail["from"], "sync@example.test");
    assert_eq!(
        mail["rcpt"],
        json!(["ops@example.test", "finance@example.test"])
    );
    let subject = mail["subject"].as_str().unwrap();
    assert!(
        subject.contains("invoices")
            && subject.contains("partial")
            && subject.contains("9 read")
            && subject.contains("6 written")
            && subject.contains("3 failed"),
        "{subject}"
    );
    let body = mail["body"].as_str().unwrap();
    let run = runs.outcomes[0].run.0;
    assert!(body.contains(&format!("Run: {run}")), "{body}");
    assert!(body.contains("Failed: 3"), "{body}");
    assert!(
        body.contains("INV-000003  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"),
        "{body}"
    );

    let files = mail["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["name"], format!("run-{run}-errors.csv"));
    assert_eq!(files[0]["type"], "text/csv");
    let csv = files[0]["text"].as_str().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("ERROR_CODE,ERROR,SOURCE_KEY,"),
        "{csv}"
    );
    assert_eq!(lines.len(), 4, "a header and the 3 failed records: {csv}");
    for key in ["INV-000003", "INV-000006", "INV-000009"] {
        let row = lines
            .iter()
            .find(|l| l.contains(&format!(",{key},")))
            .unwrap_or_else(|| panic!("{key} in {csv}"));
        assert!(
            row.starts_with("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST,"),
            "{row}"
        );
        assert!(row.contains("credit"), "the source fields follow: {row}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_run_is_mailed_only_when_the_option_says_always() {
    let smtp = Smtp::start();
    let env = start(4).await;
    let clean = |name: &str, when: &str| {
        let mut o = invoice_import(name, json!({}), json!({"type": "none"}));
        o["notify"] = json!({"to": [format!("{name}@example.test")], "when": when});
        o
    };
    configure(
        &env,
        smtp.settings(),
        json!([clean("quiet", "failure"), clean("chatty", "always")]),
    );
    let runs = env.run(Selection::All).await.unwrap();
    assert!(runs
        .summary
        .runs
        .iter()
        .all(|r| r.status == RunStatus::Succeeded && r.written == 4));
    let mails = smtp.wait_for(1);
    std::thread::sleep(Duration::from_millis(300));
    let mails = if mails.len() == 1 {
        smtp.messages()
    } else {
        mails
    };
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["rcpt"], json!(["chatty@example.test"]));
    assert!(mails[0]["subject"]
        .as_str()
        .unwrap()
        .contains("chatty: succeeded — 4 read, 4 written, 0 failed"));
    assert_eq!(mails[0]["attachments"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_export_delivers_its_file_as_an_attachment() {
    let smtp = Smtp::start();
    let env = start(1).await;
    env.seed_accounts().await;
    let file = env.dir.path().join("accounts.csv");
    configure(
        &env,
        smtp.settings(),
        json!([{"name": "accounts-csv", "direction": "export",
                "source": {"connection": "org", "object": "Account", "where": "External_Id__c != null"},
                "target": {"file": file.display().to_string(), "format": "csv"},
                "mapping": {"fields": [{"source": "External_Id__c", "target": "ref"},
                                       {"source": "Name", "target": "name"}]},
                "notify": {"to": ["analyst@example.test"], "attachExport": true}}]),
    );
    let runs = env
        .run(Selection::Option("accounts-csv".into()))
        .await
        .unwrap();
    assert_eq!(runs.summary.runs[0].written, 7);
    let mails = smtp.wait_for(1);
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["rcpt"], json!(["analyst@example.test"]));
    let files = mails[0]["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["name"], "accounts.csv");
    let written = std::fs::read_to_string(&file).unwrap();
    // Mail bodies travel with CRLF line ends; the content is the file's.
    assert_eq!(
        files[0]["text"].as_str().unwrap().replace("\r\n", "\n"),
        written.replace("\r\n", "\n")
    );
    assert!(written.contains("A-100,Account 0"), "{written}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_that_cannot_be_sent_is_a_warning_of_the_run_not_a_failure() {
    let env = start(9).await;
    env.seed_accounts().await;
    // Nothing listens on this port.
    let smtp = json!({"host": "127.0.0.1", "port": free_port(), "security": "none",
                      "from": "sync@example.test"});
    configure(
        &env,
        smtp,
        json!([failing_invoices(json!({"to": ["ops@example.test"]}))]),
    );
    let runs = env.run(Selection::Option("invoices".into())).await.unwrap();
    let line = &runs.summary.runs[0];
    assert_eq!(line.status, RunStatus::Succeeded, "{line:?}");
    assert_eq!((line.written, line.failed), (6, 3));
    assert_eq!(line.warnings.len(), 1, "{line:?}");
    assert!(
        line.warnings[0].starts_with("notification not sent: mail to ops@example.test"),
        "{}",
        line.warnings[0]
    );
    let ws = env.journal.workspace();
    let run = RunId(runs.outcomes[0].run.0);
    assert_eq!(ws.run(run).unwrap().status.as_str(), "partial");
    assert_eq!(ws.run_warnings(run).unwrap(), line.warnings);
}
