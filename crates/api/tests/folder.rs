//! Folder drops against the sandbox org: JSON and CSV files dropped into a watched folder
//! while the watcher runs land in the org and move to `processed/` with their run id; a
//! malformed file moves to `failed/` with a failed run naming the file, line and column;
//! temporary files are left alone; and after a restart a file whose run already finished
//! is only moved, not imported again. Files in another encoding than UTF-8 land with
//! their accents right when the option names it, and fail saying so when it does not.

mod common;

use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use synccentral_api::orchestration::endpoint::OpenWorkspace;
use synccentral_api::orchestration::folder::{self, DropReport, WatchConfig, WatchEvent};
use synccentral_store::drops::file_hash;
use synccentral_store::{Counts, KeySource, RunMode, RunStatus, Workspace};

fn opener(env: &Env) -> OpenWorkspace {
    let (db, key) = (
        env.dir.path().join("workspace.db"),
        env.dir.path().join("workspace.key"),
    );
    Arc::new(move || Workspace::open_with(&db, KeySource::File(key.clone())))
}

/// An import of dropped invoices (`{"invoices": [...]}` or CSV rows with `invoice_id`).
fn configure_drop(env: &Env, folder: &Path) {
    configure_drop_in(env, folder, None);
}

/// [`configure_drop`], the files' text in `encoding` when one is named.
fn configure_drop_in(env: &Env, folder: &Path, encoding: Option<&str>) {
    let mut watch = json!({"folder": folder.display().to_string()});
    if let Some(label) = encoding {
        watch["encoding"] = json!(label);
    }
    env.configure(json!([
        {"name": "invoices-drop", "direction": "import",
         "source": {"connection": "api", "path": "/v1/invoices", "recordsPath": "$.invoices"},
         "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                    "externalId": "invoice_id__c"},
         "mapping": invoice_ids(),
         "watch": watch}
    ]));
}

struct Watching {
    watcher: folder::FolderWatcher,
    events: mpsc::Receiver<WatchEvent>,
}

fn watch(env: &Env) -> Watching {
    watch_with(env, folder::MAX_DROP_BYTES)
}

fn watch_with(env: &Env, max_file_bytes: u64) -> Watching {
    let (tx, events) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let watcher = folder::watch(
        opener(env),
        WatchConfig {
            poll: Duration::from_millis(100),
            settle: Duration::from_millis(300),
            retry: Some(quick_retry()),
            max_file_bytes,
        },
        Arc::new(move |e| {
            let _ = tx.lock().unwrap().send(e);
        }),
    );
    Watching { watcher, events }
}

impl Watching {
    /// The next `n` files done (problems fail the test).
    async fn dropped(&self, n: usize) -> Vec<DropReport> {
        let mut out = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while out.len() < n {
            assert!(std::time::Instant::now() < deadline, "only {out:?} done");
            match self.events.try_recv() {
                Ok(WatchEvent::Dropped(d)) => out.push(d),
                Ok(WatchEvent::Problem { path, message }) => {
                    panic!("{}: {message}", path.display())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_json_and_csv_files_land_in_the_org_and_move_to_processed() {
    let env = start(1).await;
    let drop: PathBuf = env.dir.path().join("drop");
    configure_drop(&env, &drop);
    let w = watch(&env);
    tokio::time::sleep(Duration::from_millis(200)).await;

    std::fs::write(
        drop.join("monday.json"),
        json!({"invoices": [{"invoice_id": "INV-J1"}, {"invoice_id": "INV-J2"}]}).to_string(),
    )
    .unwrap();
    std::fs::write(
        drop.join("tuesday.csv"),
        "invoice_id,note\nINV-C1,first\nINV-C2,second\nINV-C3,third\n",
    )
    .unwrap();
    // A file still being written under a temporary name is not taken.
    std::fs::write(drop.join("wednesday.json.part"), "{\"invoices\": [").unwrap();

    let done = w.dropped(2).await;
    let (json_run, csv_run) = (done[0].run, done[1].run);
    assert!(done.iter().all(|d| d.ok), "{done:?}");
    assert_eq!(done[0].outcomes[0].counts.written, 2);
    assert_eq!(done[1].outcomes[0].counts.written, 3);
    assert_eq!(
        names(&drop.join("processed")),
        vec![
            format!("monday.run-{json_run}.json"),
            format!("tuesday.run-{csv_run}.csv")
        ]
    );
    assert_eq!(names(&drop), vec!["wednesday.json.part"]);

    let mut landed: Vec<String> = env
        .query("SELECT invoice_id__c FROM Invoice__c")
        .await
        .iter()
        .map(|r| r["invoice_id__c"].as_str().unwrap().to_string())
        .collect();
    landed.sort();
    assert_eq!(landed, ["INV-C1", "INV-C2", "INV-C3", "INV-J1", "INV-J2"]);
    {
        let ws = env.journal.workspace();
        for run in [json_run, csv_run] {
            let r = ws.run(run).unwrap();
            assert_eq!(
                (r.option.as_str(), r.mode, r.status),
                ("invoices-drop", RunMode::Folder, RunStatus::Succeeded)
            );
        }
    }

    // The same name dropped again later is a new drop.
    std::fs::write(
        drop.join("monday.json"),
        json!({"invoices": [{"invoice_id": "INV-J3"}]}).to_string(),
    )
    .unwrap();
    let again = w.dropped(1).await;
    assert!(again[0].ok);
    assert_ne!(again[0].run, json_run);
    assert_eq!(env.count("Invoice__c").await, 6);
    w.watcher.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_file_moves_to_failed_with_a_run_naming_the_file_line_and_column() {
    let env = start(1).await;
    let drop: PathBuf = env.dir.path().join("drop");
    configure_drop(&env, &drop);
    let w = watch(&env);
    std::fs::create_dir_all(&drop).unwrap();
    std::fs::write(
        drop.join("broken.json"),
        "{\n  \"invoices\": [\n    {\"invoice_id\": \"INV-B1\",}\n  ]\n}\n",
    )
    .unwrap();
    let done = w.dropped(1).await;
    w.watcher.stop().await;
    let d = &done[0];
    assert!(!d.ok);
    assert_eq!(
        names(&drop.join("failed")),
        vec![format!("broken.run-{}.json", d.run)]
    );
    assert!(names(&drop).is_empty());
    let run = env.journal.workspace().run(d.run).unwrap();
    assert_eq!((run.status, run.mode), (RunStatus::Failed, RunMode::Folder));
    let error = run.error.unwrap();
    assert!(
        error.starts_with("broken.json: invalid JSON at line 3, column"),
        "{error}"
    );
    assert_eq!(env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_size_limit_moves_to_failed_unread_with_a_run_saying_so() {
    let env = start(1).await;
    let drop: PathBuf = env.dir.path().join("drop");
    configure_drop(&env, &drop);
    let w = watch_with(&env, 64);
    std::fs::create_dir_all(&drop).unwrap();
    let big = format!(
        "{{\"invoices\": [{{\"invoice_id\": \"INV-BIG\", \"memo\": \"{}\"}}]}}",
        "x".repeat(100)
    );
    std::fs::write(drop.join("big.json"), big).unwrap();
    let done = w.dropped(1).await;
    w.watcher.stop().await;
    let d = &done[0];
    assert!(!d.ok);
    assert_eq!(
        names(&drop.join("failed")),
        vec![format!("big.run-{}.json", d.run)]
    );
    let run = env.journal.workspace().run(d.run).unwrap();
    assert_eq!(run.status, RunStatus::Failed);
    let error = run.error.unwrap();
    assert!(
        error.starts_with("big.json: over the 64-byte limit of a dropped file"),
        "{error}"
    );
    assert_eq!(env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_a_file_whose_run_finished_is_moved_not_imported_again() {
    let env = start(1).await;
    let drop: PathBuf = env.dir.path().join("drop");
    configure_drop(&env, &drop);
    std::fs::create_dir_all(&drop).unwrap();
    let body = json!({"invoices": [{"invoice_id": "INV-R1"}]}).to_string();
    std::fs::write(drop.join("friday.json"), &body).unwrap();
    // The process stopped after the file's run finished and before the move.
    let earlier = {
        let ws = env.journal.workspace();
        let hash = file_hash(body.as_bytes());
        ws.take_dropped_file("invoices-drop", "friday.json", &hash)
            .unwrap();
        let now = jiff::Timestamp::now();
        let run = ws.begin_run("invoices-drop", RunMode::Folder, now).unwrap();
        ws.finish_run(run, RunStatus::Succeeded, Counts::default(), None, now)
            .unwrap();
        ws.dropped_file_imported("invoices-drop", "friday.json", &hash, run, true)
            .unwrap();
        run
    };
    let w = watch(&env);
    let done = w.dropped(1).await;
    w.watcher.stop().await;
    assert_eq!(done[0].run, earlier);
    assert!(done[0].outcomes.is_empty(), "{done:?}");
    assert_eq!(
        names(&drop.join("processed")),
        vec![format!("friday.run-{earlier}.json")]
    );
    assert_eq!(env.journal.workspace().list_runs(10).unwrap().len(), 1);
    assert_eq!(env.count("Invoice__c").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latin1_files_land_with_their_accents_when_the_option_names_the_encoding() {
    let env = start(1).await;
    let drop: PathBuf = env.dir.path().join("drop");
    configure_drop(&env, &drop);
    let w = watch(&env);
    std::fs::create_dir_all(&drop).unwrap();
    // Without a named encoding a Latin-1 file is refused, saying how to name it.
    std::fs::write(drop.join("unnamed.csv"), b"invoice_id\nINV-Caf\xe9\n").unwrap();
    let done = w.dropped(1).await;
    assert!(!done[0].ok);
    let error = env
        .journal
        .workspace()
        .run(done[0].run)
        .unwrap()
        .error
        .unwrap();
    assert!(
        error.starts_with("unnamed.csv: the text is not UTF-8") && error.contains("watch.encoding"),
        "{error}"
    );
    assert_eq!(env.count("Invoice__c").await, 0);

    configure_drop_in(&env, &drop, Some("iso-8859-1"));
    std::fs::write(
        drop.join("rows.csv"),
        b"invoice_id\nINV-Caf\xe9\nINV-Na\xefve\n",
    )
    .unwrap();
    std::fs::write(
        drop.join("doc.json"),
        b"{\"invoices\": [{\"invoice_id\": \"INV-Se\xf1or\"}]}",
    )
    .unwrap();
    let done = w.dropped(2).await;
    w.watcher.stop().await;
    assert!(done.iter().all(|d| d.ok), "{done:?}");
    let mut landed: Vec<String> = env
        .query("SELECT Name FROM Invoice__c")
        .await
        .iter()
        .map(|r| r["Name"].as_str().unwrap().to_string())
        .collect();
    landed.sort();
    assert_eq!(landed, ["INV-Café", "INV-Naïve", "INV-Señor"]);
}
