//! The orchestration API on the app's demo (an in-process sandbox org and sample API): the
//! plan view's order and links, schedules saved through the configuration's validation
//! with their words and next fire times, the app's scheduler running a due schedule under
//! the options' locks, and the push endpoint started from the app and called with the
//! token it showed.

use jiff::{SignedDuration, Timestamp};
use std::sync::OnceLock;
use synccentral_api::orchestration::daemon::Locks;
use synccentral_api::orchestration::{self as orch, Orchestration, ScheduleView};
use synccentral_api::users as auth;
use synccentral_api::workspace::AppWorkspace;
use synccentral_api::{options, runs, workspace};
use synccentral_store::Workspace;

/// One key file for every workspace of this test binary (the variable is process-wide).
fn key_file() {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var(
        synccentral_store::secrets::KEY_FILE_ENV,
        dir.path().join("workspace.key"),
    );
}

fn demo() -> (tempfile::TempDir, AppWorkspace) {
    key_file();
    let dir = tempfile::tempdir().unwrap();
    let app = AppWorkspace::at(dir.path().join("workspace.db"));
    as_admin(&app);
    workspace::set_up_demo(&app).expect("the demo sets up");
    (dir, app)
}

/// Signs in as admin (the default password changed at the first login).
fn as_admin(app: &AppWorkspace) {
    auth::log_in(app, "admin", "sync-central").unwrap();
    auth::change_password(app, "sync-central", "a long admin password").unwrap();
}

fn schedule(cron: &str, options: &[&str]) -> ScheduleView {
    ScheduleView {
        name: Some("frequent".into()),
        cron: cron.into(),
        timezone: None,
        options: options.iter().map(|o| o.to_string()).collect(),
        mode: "incremental".into(),
        active: true,
        run_missed: false,
    }
}

#[test]
fn the_plan_puts_invoices_before_the_payments_that_link_to_them_and_shows_the_next_run() {
    let (_dir, app) = demo();
    let now: Timestamp = "2026-03-01T10:07:00Z".parse().unwrap();
    let plan = orch::plan_view(&app, now).unwrap();
    assert_eq!(plan.error, None);
    let names: Vec<&str> = plan.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["invoices", "payments"]);
    assert_eq!(plan.waves, [vec!["invoices"], vec!["payments"]]);
    assert_eq!(plan.nodes[1].parents, ["invoices"]);
    assert_eq!(plan.edges[0].parent, "invoices");
    assert_eq!(plan.edges[0].child, "payments");
    assert!(plan.nodes[0].next_run.is_none(), "no schedule yet");

    orch::save_schedule(&app, None, &schedule("*/15 * * * *", &["invoices"])).unwrap();
    let plan = orch::plan_view(&app, now).unwrap();
    let next = plan.nodes[0].next_run.as_ref().expect("a next run");
    assert_eq!(next.at, "2026-03-01T10:15:00Z");
    assert_eq!(plan.nodes[0].schedules, ["frequent"]);
    assert!(plan.nodes[1].next_run.is_none());
}

#[test]
fn schedules_are_saved_through_the_configuration_s_validation_and_read_in_words() {
    let (_dir, app) = demo();
    let now: Timestamp = "2026-01-10T12:00:00Z".parse().unwrap();
    let mut nightly = schedule("0 2 * * *", &["invoices", "payments"]);
    nightly.name = Some("nightly".into());
    nightly.timezone = Some("Europe/Paris".into());
    nightly.mode = "full".into();
    nightly.run_missed = true;
    orch::save_schedule(&app, None, &nightly).unwrap();

    let rows = orch::list_schedules(&app, now).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].schedule, nightly, "saved as edited");
    assert_eq!(rows[0].description, "At 02:00, every day");
    assert_eq!(rows[0].next.len(), 5);
    // 02:00 in Paris in winter is 01:00 UTC.
    assert_eq!(rows[0].next[0].at, "2026-01-11T01:00:00Z");
    assert_eq!(rows[0].next[0].local, "Sun 2026-01-11 02:00 CET");

    let mut broken = nightly.clone();
    broken.cron = "0 25 * * *".into();
    broken.options = vec!["invoice".into()];
    let err = orch::save_schedule(&app, Some(0), &broken).unwrap_err();
    assert_eq!(err.code, "INVALID_CONFIG");
    assert!(err.message.contains("/schedules/0/cron"), "{}", err.message);
    assert!(
        err.message.contains("did you mean \"invoices\""),
        "{}",
        err.message
    );
    assert_eq!(
        orch::list_schedules(&app, now).unwrap()[0].schedule,
        nightly,
        "a refused edit changes nothing"
    );

    orch::remove_schedule(&app, 0).unwrap();
    assert!(orch::list_schedules(&app, now).unwrap().is_empty());
}

#[test]
fn a_cron_line_is_described_with_its_next_five_times_or_a_clear_error() {
    let now: Timestamp = "2026-03-01T10:07:00Z".parse().unwrap();
    let preview = orch::describe_cron("*/15 * * * *", None, now).unwrap();
    assert_eq!(preview.description, "Every 15 minutes");
    let at: Vec<&str> = preview.next.iter().map(|f| f.at.as_str()).collect();
    assert_eq!(
        at,
        [
            "2026-03-01T10:15:00Z",
            "2026-03-01T10:30:00Z",
            "2026-03-01T10:45:00Z",
            "2026-03-01T11:00:00Z",
            "2026-03-01T11:15:00Z"
        ]
    );
    let bad = orch::describe_cron("0 25 * * *", None, now).unwrap_err();
    assert_eq!(bad.code, "INVALID_CRON");
    assert!(bad.message.contains("0 25 * * *"), "{}", bad.message);
    let zone = orch::describe_cron("0 2 * * *", Some("Mars/Olympus"), now).unwrap_err();
    assert_eq!(zone.code, "INVALID_CRON");
    assert!(zone.message.contains("Mars/Olympus"), "{}", zone.message);
}

#[test]
fn the_app_s_scheduler_runs_a_due_schedule_and_leaves_an_option_held_elsewhere_alone() {
    let (_dir, app) = demo();
    orch::save_schedule(&app, None, &schedule("* * * * *", &["invoices"])).unwrap();
    let o = Orchestration::new(&app);
    let now = Timestamp::now();
    assert!(
        orch::run_schedules_at(&o, now).unwrap().is_empty(),
        "first seen: it counts from now"
    );
    let fired = orch::run_schedules_at(&o, now + SignedDuration::from_secs(61)).unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].runs.len(), 1, "{fired:?}");
    assert_eq!(fired[0].runs[0].option, "invoices");
    assert_eq!(fired[0].runs[0].counts.read, 30);

    // A daemon (another owner) holds invoices: the next fire does not run it again, and
    // neither does "Run now" (of the plan view or the Run screen).
    let daemon = Locks::new(Workspace::open(app.path()).unwrap());
    assert!(daemon.take("invoices", Timestamp::now()).unwrap().is_none());
    let busy = orch::run_schedules_at(&o, now + SignedDuration::from_secs(122)).unwrap();
    assert_eq!(busy[0].busy, ["invoices"]);
    assert!(busy[0].runs.is_empty());
    let refused = orch::run_option_now(&app, "invoices", |_| {}).unwrap_err();
    assert_eq!(refused.code, "ALREADY_RUNNING");
    let all = runs::run_now(&app, &runs::RunWhich::All, |_| {}).unwrap_err();
    assert_eq!(
        all.code, "ALREADY_RUNNING",
        "the Run screen's runs take the locks too"
    );
    assert!(all.message.contains("invoices"), "{}", all.message);
    daemon.release("invoices").unwrap();

    let report = orch::run_option_now(&app, "payments", |_| {}).unwrap();
    assert_eq!(report.runs[0].option, "payments");
    assert_eq!(report.runs[0].counts.read, 30);
    let status = orch::scheduler_status(&app, &o).unwrap();
    assert!(
        status.activity.iter().any(|l| l.contains("fires")),
        "{:?}",
        status.activity
    );
}

#[test]
fn the_app_s_activity_says_what_the_daemon_says_who_holds_a_busy_option_and_each_run_s_counts() {
    let (_dir, app) = demo();
    orch::save_schedule(
        &app,
        None,
        &schedule("* * * * *", &["invoices", "payments"]),
    )
    .unwrap();
    let o = Orchestration::new(&app);
    let now = Timestamp::now();
    orch::run_schedules_at(&o, now).unwrap();
    let daemon = Locks::new(Workspace::open(app.path()).unwrap());
    assert!(daemon.take("payments", Timestamp::now()).unwrap().is_none());
    orch::run_schedules_at(&o, now + SignedDuration::from_secs(61)).unwrap();
    let activity = orch::scheduler_status(&app, &o)
        .unwrap()
        .activity
        .join("\n");
    assert!(
        activity.contains(&format!(
            "payments is already running (held by {}, pid {})",
            daemon.owner(),
            std::process::id()
        )),
        "{activity}"
    );
    assert!(
        activity.contains(": invoices succeeded (30 read, ") && activity.contains(" skipped)"),
        "{activity}"
    );
    daemon.release("payments").unwrap();
}

#[test]
fn the_endpoint_toggled_on_takes_a_push_with_the_token_it_showed_once() {
    let (_dir, app) = demo();
    let o = Orchestration::new(&app);
    let before = orch::endpoint_status(&app, &o).unwrap();
    assert!(!before.running);
    assert!(before.options.iter().all(|e| e.token_set_on.is_none()));

    let view = orch::start_endpoint(&app, &o, 0).unwrap();
    assert!(view.running);
    assert!(view.url.starts_with("http://127.0.0.1:"), "{}", view.url);
    let token = orch::create_token(&app, &o, "invoices").unwrap();
    assert!(token.token.starts_with("sct_"));
    assert_eq!(
        token.curl,
        format!(
            "curl -X POST -H 'Authorization: Bearer {}' --data @records.json {}/v1/import/invoices",
            token.token, view.url
        )
    );
    let after = orch::endpoint_status(&app, &o).unwrap();
    let invoices = after
        .options
        .iter()
        .find(|e| e.option == "invoices")
        .unwrap();
    assert!(invoices.token_set_on.is_some(), "only the date is shown");
    assert!(!invoices.curl.contains(&token.token));

    let body = serde_json::json!({"invoices": [
        {"invoice_id": "INV-PUSH-1", "customer": {"account_ref": "A-100"}, "total": "12.50",
         "currency": "usd", "status": "open", "issued": "2024-06-01", "due": "2024-07-01",
         "paid": false, "memo": "pushed", "updated_at": "2024-06-01T00:00:00Z"}
    ]});
    let url = format!("{}/v1/import/invoices", view.url);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = reqwest::Client::new();
    let (status, answer) = rt.block_on(async {
        let r = client
            .post(&url)
            .bearer_auth(&token.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (
            r.status().as_u16(),
            r.json::<serde_json::Value>().await.unwrap(),
        )
    });
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["runs"][0]["option"], "invoices", "{answer}");
    assert_eq!(answer["runs"][0]["read"], 1, "{answer}");
    let wrong = rt.block_on(async {
        client
            .post(&url)
            .bearer_auth("sct_wrong")
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(wrong, 401);

    let stopped = orch::stop_endpoint(&app, &o).unwrap();
    assert!(!stopped.running);
    let refused = rt.block_on(async { client.post(&url).send().await });
    assert!(refused.is_err(), "nothing listens once stopped");
}

#[test]
fn an_operator_sees_the_plan_but_cannot_change_schedules_or_the_endpoint() {
    let (_dir, app) = demo();
    let o = Orchestration::new(&app);
    auth::add_user(&app, "ops", "operator", "first ops password").unwrap();
    auth::log_in(&app, "ops", "first ops password").unwrap();
    auth::change_password(&app, "first ops password", "ops own password!").unwrap();
    let now: Timestamp = "2026-03-01T10:07:00Z".parse().unwrap();
    assert!(orch::plan_view(&app, now).is_ok());
    let forbidden = |e: synccentral_api::ApiError| assert_eq!(e.code, "FORBIDDEN", "{e:?}");
    forbidden(
        orch::save_schedule(&app, None, &schedule("*/15 * * * *", &["invoices"])).unwrap_err(),
    );
    forbidden(orch::start_endpoint(&app, &o, 0).unwrap_err());
    forbidden(orch::create_token(&app, &o, "invoices").unwrap_err());
    assert!(orch::list_schedules(&app, now).unwrap().is_empty());
    assert!(!orch::endpoint_status(&app, &o).unwrap().running);
}

#[test]
fn while_the_app_is_open_a_file_dropped_into_an_option_s_folder_is_imported_and_moved() {
    let (dir, app) = demo();
    let drop = dir.path().join("drop");
    let invoices = options::list_options(&app)
        .unwrap()
        .into_iter()
        .find(|o| o.name == "invoices")
        .unwrap();
    let mut doc = invoices.document.clone();
    doc["watch"] = serde_json::json!({"folder": drop.display().to_string()});
    options::save_option(&app, Some("invoices"), &doc).unwrap();
    // Three records of the sample API's first page that the demo's mapping accepts.
    let sample: serde_json::Value =
        serde_json::from_str(&options::option_workspace(&app, "invoices").unwrap().sample).unwrap();
    let records: Vec<serde_json::Value> = sample
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "credit")
        .take(3)
        .cloned()
        .collect();
    assert_eq!(records.len(), 3);
    std::fs::create_dir_all(&drop).unwrap();
    std::fs::write(
        drop.join("batch.json"),
        serde_json::json!({ "invoices": records }).to_string(),
    )
    .unwrap();

    let o = Orchestration::new(&app);
    orch::start_scheduler(&o, std::time::Duration::from_secs(3600));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let moved = loop {
        let done: Vec<_> = std::fs::read_dir(drop.join("processed"))
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        if !done.is_empty() || std::time::Instant::now() > deadline {
            break done;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    };
    orch::stop_scheduler(&o);
    assert_eq!(moved.len(), 1, "the file moves to processed/: {moved:?}");
    assert!(!drop.join("batch.json").exists());
    let run = runs::list_runs(&app, 10)
        .unwrap()
        .into_iter()
        .find(|r| r.mode == "folder")
        .expect("a folder run in the run log");
    assert_eq!((run.counts.read, run.counts.written), (3, 3), "{run:?}");
    let activity = orch::scheduler_status(&app, &o)
        .unwrap()
        .activity
        .join("\n");
    assert!(
        activity.contains("batch.json imported by 'invoices'"),
        "{activity}"
    );
}

#[test]
fn the_schedule_loop_fires_a_seconds_schedule_on_time_and_misses_nothing_while_it_runs() {
    use synccentral_api::orchestration::scheduler::{schedule_loop, LoopRules};
    let (_dir, app) = demo();
    orch::save_schedule(&app, None, &schedule("*/2 * * * * *", &["invoices"])).unwrap();
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let said = lines.clone();
    let say: orch::scheduler::Say = std::sync::Arc::new(move |l| said.lock().unwrap().push(l));
    let cancel = runs::CancelToken::new();
    let rules = LoopRules {
        // Longer than the whole test: only the next fire time can wake the loop.
        every: std::time::Duration::from_secs(60),
        run_missed_once: false,
        once: false,
    };
    let (path, stop) = (app.path().to_path_buf(), cancel.clone());
    let looping =
        std::thread::spawn(move || workspace::block_on(schedule_loop(path, rules, stop, say)));
    std::thread::sleep(std::time::Duration::from_millis(6500));
    cancel.cancel();
    looping.join().unwrap();
    let lines = lines.lock().unwrap().join("\n");
    let fired = lines.matches("' fires:").count();
    assert!(fired >= 2, "a fire every 2 s for 6.5 s: {fired}\n{lines}");
    assert!(!lines.contains("missed"), "{lines}");
}

#[test]
fn an_option_is_checked_as_typed_duplicated_and_removed() {
    let (_dir, app) = demo();
    let invoices = options::list_options(&app)
        .unwrap()
        .into_iter()
        .find(|o| o.name == "invoices")
        .unwrap()
        .document;
    // As typed: the problems point into the option, nothing is saved.
    let mut typed = invoices.clone();
    typed["target"]["batchSize"] = serde_json::json!(0);
    typed["source"]["connection"] = serde_json::json!("nowhere");
    let issues = options::check_option(&app, Some("invoices"), &typed).unwrap();
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    assert!(pointers.contains(&"/target/batchSize"), "{issues:?}");
    assert!(pointers.contains(&"/source/connection"), "{issues:?}");
    assert!(options::check_option(&app, Some("invoices"), &invoices)
        .unwrap()
        .is_empty());
    // A new option may not take a name already used.
    let issues = options::check_option(&app, None, &invoices).unwrap();
    assert!(issues.iter().any(|i| i.pointer == "/name"), "{issues:?}");

    options::duplicate_option(&app, "invoices", "invoices copy").unwrap();
    let list = options::list_options(&app).unwrap();
    let copy = list.iter().find(|o| o.name == "invoices copy").unwrap();
    assert!(
        !copy.active,
        "a copy does not run with run all until it is changed"
    );
    assert_eq!(copy.document["mapping"], invoices["mapping"]);
    let e = options::duplicate_option(&app, "invoices", "payments").unwrap_err();
    assert_eq!(e.code, "INVALID_REQUEST");

    options::remove_option(&app, "invoices copy").unwrap();
    assert!(options::list_options(&app)
        .unwrap()
        .iter()
        .all(|o| o.name != "invoices copy"));
    let e = options::remove_option(&app, "invoices copy").unwrap_err();
    assert_eq!(e.code, "NOT_FOUND");
}
