//! `synccentral plan`, `run --option A --option B --parallel N`, `tokens`, `serve`,
//! `daemon` folder drops and `notify test` as a user runs them: the graph printed without
//! running, several options in one command, a push through the real binary's endpoint on
//! loopback, a file dropped into a watched folder, a mail server that does not answer.

use super::run::{invoices, start};
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

#[test]
fn plan_prints_the_graph_and_run_takes_several_options() {
    let env = start(12);
    let mut second = invoices("invoices-again", "upsert", 5);
    second["order"] = json!(-1);
    env.configure(json!([invoices("invoices", "upsert", 5), second]));
    let o = env.sc(&["plan", "--json"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let graph = super::json(&o);
    let names: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["invoices-again", "invoices"], "lower order first");
    let o = env.sc(&["plan"]);
    assert!(super::stdout(&o).contains("WAVE"), "{}", super::stdout(&o));

    let o = env.sc(&[
        "run",
        "--option",
        "invoices",
        "--option",
        "invoices-again",
        "--parallel",
        "1",
        "--json",
    ]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let summary = super::json(&o);
    assert_eq!(summary["runs"].as_array().unwrap().len(), 2, "{summary}");
    assert_eq!(env.invoice_ids().len(), 12);

    let o = env.sc(&["run", "--option", "invoices", "--option", "nope"]);
    assert_eq!(o.status.code(), Some(2), "{}", super::stderr(&o));
}

/// Sends one HTTP/1.1 request and returns the status code and body.
fn request(port: u16, head: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{head}\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[test]
fn serve_takes_a_push_with_the_options_token_only() {
    let env = start(1);
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let o = env.sc(&["tokens", "create", "invoices"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let token = super::stdout(&o).trim().to_string();
    assert!(token.starts_with("sct_"));
    let listed = super::stdout(&env.sc(&["tokens", "list"]));
    assert!(listed.contains("invoices") && !listed.contains(&token));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let mut server = env
        .cmd(&["serve", "--bind", &bind])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(up, "the server listens");
    let payload =
        json!({"invoices": [{"invoice_id": "INV-77", "updated_at": "2026-01-01T00:00:00Z"}]})
            .to_string();
    let (status, _) = request(port, "POST /v1/import/invoices HTTP/1.1", &payload);
    assert_eq!(status, 401);
    let (status, body) = request(
        port,
        &format!("POST /v1/import/invoices HTTP/1.1\r\nAuthorization: Bearer {token}"),
        &payload,
    );
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"written\":1"), "{body}");
    assert_eq!(env.invoice_ids(), ["INV-77"]);
}

#[test]
fn run_does_not_start_an_option_running_elsewhere() {
    let env = start(3);
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let ws = synccentral_store::Workspace::open_with(
        env.dir.path().join("ws.db"),
        synccentral_store::KeySource::File(env.dir.path().join("master.key")),
    )
    .unwrap();
    // A live holder (this test's process), as a daemon running the option would be.
    let held = ws
        .try_lock(
            "option:invoices",
            "a daemon",
            i64::from(std::process::id()),
            jiff::Timestamp::now(),
            Duration::from_secs(900),
        )
        .unwrap();
    assert!(held.is_none());
    let o = env.sc(&["run", "--option", "invoices"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        super::stderr(&o).contains("invoices is already running (held by a daemon"),
        "{}",
        super::stderr(&o)
    );
    assert!(env.invoice_ids().is_empty());

    ws.unlock("option:invoices", "a daemon").unwrap();
    let o = env.sc(&["run", "--option", "invoices"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    assert_eq!(env.invoice_ids().len(), 3);
}

#[test]
fn two_daemon_processes_on_one_workspace_run_a_fire_once() {
    let env = start(4);
    let doc_path = env.dir.path().join("config.json");
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&doc_path).unwrap()).unwrap();
    doc["schedules"] =
        json!([{"name": "every-minute", "cron": "* * * * *", "options": ["invoices"]}]);
    std::fs::write(&doc_path, doc.to_string()).unwrap();
    let o = env.sc(&["config", "import", doc_path.to_str().unwrap(), "--apply"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    {
        let ws = synccentral_store::Workspace::open_with(
            env.dir.path().join("ws.db"),
            synccentral_store::KeySource::File(env.dir.path().join("master.key")),
        )
        .unwrap();
        // The schedule last fired an hour ago: its fires since are missed.
        ws.set_last_fire(
            "every-minute",
            jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1),
        )
        .unwrap();
    }
    let daemons: Vec<_> = (0..2)
        .map(|_| {
            env.cmd(&["daemon", "--once", "--run-missed"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let logs: Vec<String> = daemons
        .into_iter()
        .map(|d| {
            let o = d.wait_with_output().unwrap();
            assert!(o.status.success());
            super::stderr(&o)
        })
        .collect();
    let fired = logs.iter().filter(|l| l.contains("fires")).count();
    assert_eq!(fired, 1, "{logs:?}");
    let runs = super::stdout(&env.sc(&["runs", "list"]));
    assert_eq!(
        runs.lines().filter(|l| l.contains("invoices")).count(),
        1,
        "{runs}"
    );
    assert_eq!(env.invoice_ids().len(), 4);
}

#[test]
fn the_daemon_imports_a_file_dropped_into_a_watched_folder_and_moves_it() {
    let env = start(1);
    let drop = env.dir.path().join("drop");
    let mut option = invoices("invoices", "upsert", 5);
    option["watch"] = json!({"folder": drop.display().to_string()});
    env.configure(json!([option]));
    let log = env.dir.path().join("daemon.log");
    let mut daemon = env
        .cmd(&["daemon", "--every", "1"])
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    std::fs::create_dir_all(&drop).unwrap();
    std::fs::write(
        drop.join("batch.json"),
        json!({"invoices": [{"invoice_id": "INV-D1"}, {"invoice_id": "INV-D2"}]}).to_string(),
    )
    .unwrap();
    let processed = drop.join("processed");
    let mut moved = Vec::new();
    for _ in 0..300 {
        moved = std::fs::read_dir(&processed)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if !moved.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    daemon.kill().unwrap();
    daemon.wait().unwrap();
    let log = std::fs::read_to_string(&log).unwrap();
    assert_eq!(moved.len(), 1, "{log}");
    assert!(
        moved[0].starts_with("batch.run-") && moved[0].ends_with(".json"),
        "{moved:?}"
    );
    assert!(
        log.contains("watching") && log.contains("folder: "),
        "{log}"
    );
    let mut ids = env.invoice_ids();
    ids.sort();
    assert_eq!(ids, ["INV-D1", "INV-D2"]);
}

#[test]
fn notify_test_needs_a_mail_server_and_reports_one_that_does_not_answer() {
    let env = start(1);
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let o = env.sc(&["notify", "test", "--to", "ops@example.test"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("no mail server is configured"),
        "{}",
        super::stderr(&o)
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let doc = json!({"format": "sync-central/1", "remoteSites": ["smtp://127.0.0.1"],
                     "smtp": {"host": "127.0.0.1", "port": port, "security": "none",
                              "from": "sync@example.test"}});
    let path = env.dir.path().join("smtp.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let o = env.sc(&["config", "import", path.to_str().unwrap(), "--apply"]);
    assert!(o.status.success(), "{}", super::stderr(&o));
    let o = env.sc(&["notify", "test", "--to", "ops@example.test"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains(&format!(
            "mail to ops@example.test not sent through 127.0.0.1:{port}"
        )),
        "{}",
        super::stderr(&o)
    );
}
