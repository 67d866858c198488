//! App users through the API layer: the first login's forced password change, roles checked
//! on every mutating function (an operator is refused with FORBIDDEN and nothing changes),
//! the lockout, the admin's password reset and the audit log.

use serde_json::{json, Value};
use synccentral_api::runs::RunWhich;
use synccentral_api::users::{self as auth, codes};
use synccentral_api::workspace::AppWorkspace;
use synccentral_api::ApiError;
use synccentral_api::{connections, options, runs, workspace};
use synccentral_store::Workspace;

const ADMIN_PASSWORD: &str = "admin password 1";

fn example() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/config/example.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A workspace holding the example configuration (written with the file, as the CLI does).
fn app() -> (tempfile::TempDir, AppWorkspace) {
    std::env::set_var("SYNCCENTRAL_KEYCHAIN", "off");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    Workspace::open(&path)
        .unwrap()
        .import_config(&example())
        .unwrap();
    (dir, AppWorkspace::at(path))
}

/// Signs in as admin, changing the default password the first time.
fn as_admin(app: &AppWorkspace) {
    match auth::log_in(app, "admin", "sync-central") {
        Ok(s) => {
            assert!(s.must_change_password);
            auth::change_password(app, "sync-central", ADMIN_PASSWORD).unwrap();
        }
        Err(_) => {
            auth::log_in(app, "admin", ADMIN_PASSWORD).unwrap();
        }
    }
}

/// Adds an operator (as admin), then signs in as them with their own password.
fn as_operator(app: &AppWorkspace) {
    as_admin(app);
    auth::add_user(app, "ops", "operator", "first ops password").unwrap();
    auth::log_in(app, "ops", "first ops password").unwrap();
    auth::change_password(app, "first ops password", "own ops password").unwrap();
}

fn code<T: std::fmt::Debug>(r: Result<T, ApiError>) -> String {
    r.unwrap_err().code
}

#[test]
fn the_first_login_must_change_the_default_password_before_anything_else() {
    let (_dir, app) = app();
    assert_eq!(
        code(connections::list_connections(&app)),
        codes::NOT_SIGNED_IN
    );
    let session = auth::log_in(&app, "admin", "sync-central").unwrap();
    assert_eq!(session.role, "admin");
    assert!(session.must_change_password);
    assert_eq!(
        code(connections::list_connections(&app)),
        codes::PASSWORD_CHANGE_REQUIRED
    );
    let weak = auth::change_password(&app, "sync-central", "too short").unwrap_err();
    assert_eq!(weak.code, codes::INVALID_USER);
    assert!(
        weak.message.contains("at least 12 characters"),
        "{}",
        weak.message
    );
    assert!(auth::change_password(&app, "sync-central", "sync-central")
        .unwrap_err()
        .message
        .contains("default"));
    let session = auth::change_password(&app, "sync-central", ADMIN_PASSWORD).unwrap();
    assert!(!session.must_change_password);
    assert_eq!(connections::list_connections(&app).unwrap().len(), 2);
    auth::log_out(&app);
    assert_eq!(code(options::list_options(&app)), codes::NOT_SIGNED_IN);
    assert_eq!(
        code(auth::log_in(&app, "admin", "sync-central")),
        codes::LOGIN_FAILED
    );
}

#[test]
fn an_operator_cannot_change_connections_options_sites_or_users() {
    let (_dir, app) = app();
    as_operator(&app);
    let before = connections::list_connections(&app).unwrap();
    let org = before[0].document.clone();
    let option = options::list_options(&app).unwrap()[0].clone();

    let refused: Vec<(&str, Result<(), ApiError>)> = vec![
        (
            "save connection",
            connections::save_connection(&app, Some("org"), &org),
        ),
        (
            "add connection",
            connections::save_connection(&app, None, &org),
        ),
        (
            "remove connection",
            connections::remove_connection(&app, "org"),
        ),
        (
            "log in connection",
            connections::log_in_connection(&app, "org", std::time::Duration::from_secs(1), |_| {})
                .map(|_| ()),
        ),
        (
            "add site",
            connections::add_remote_site(&app, "https://new.example.com"),
        ),
        (
            "remove site",
            connections::remove_remote_site(&app, "https://api.example.com"),
        ),
        (
            "deactivate option",
            options::set_option_active(&app, &option.name, false),
        ),
        (
            "move option",
            options::move_option(&app, &option.name, false),
        ),
        (
            "save option",
            options::save_option(&app, Some(&option.name), &option.document),
        ),
        (
            "save mapping",
            options::save_option_mapping(&app, &option.name, &json!({"fields": []})),
        ),
        ("set up demo", workspace::set_up_demo(&app).map(|_| ())),
        (
            "add user",
            auth::add_user(&app, "eve", "admin", "eve's password").map(|_| ()),
        ),
        (
            "reset password",
            auth::reset_password(&app, "admin", "taken over now").map(|_| ()),
        ),
        ("list users", auth::list_users(&app).map(|_| ())),
        ("audit log", auth::audit_log(&app, 10).map(|_| ())),
    ];
    for (what, result) in refused {
        let err = result.expect_err(what);
        assert_eq!(err.code, codes::FORBIDDEN, "{what}: {}", err.message);
        assert!(err.message.contains("only an admin"), "{}", err.message);
    }
    // Nothing changed, and what an operator may do still works.
    let after = connections::list_connections(&app).unwrap();
    assert_eq!(
        serde_json::to_value(&after[0].document).unwrap(),
        serde_json::to_value(&before[0].document).unwrap()
    );
    assert!(options::list_options(&app).unwrap()[0].active);
    assert_eq!(
        connections::list_remote_sites(&app).unwrap(),
        example()["remoteSites"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
    assert!(runs::list_runs(&app, 10).unwrap().is_empty());
    // Running passes the role check (and stops at the unknown option, before any network).
    let run = runs::run_now(
        &app,
        &RunWhich::Option {
            name: "no such option".into(),
        },
        |_| {},
    );
    let err = run.unwrap_err();
    assert_ne!(err.code, codes::FORBIDDEN, "{}", err.message);
    assert!(err.message.contains("no such option"), "{}", err.message);
}

#[test]
fn an_admins_changes_are_in_the_audit_log_with_who_and_what() {
    let (_dir, app) = app();
    as_admin(&app);
    options::set_option_active(&app, "invoices", false).unwrap();
    connections::add_remote_site(&app, "https://new.example.com").unwrap();
    auth::add_user(&app, "ops", "operator", "first ops password").unwrap();
    let log = auth::audit_log(&app, 10).unwrap();
    let lines: Vec<String> = log
        .iter()
        .map(|e| format!("{} {} {}", e.actor, e.action, e.detail))
        .collect();
    assert_eq!(
        lines,
        vec![
            "admin user.add user \"ops\" added (operator)",
            "admin config.change remote site https://new.example.com added",
            "admin config.change option \"invoices\" changed (active)",
            "admin user.password user \"admin\" changed their password",
        ],
    );
    assert!(log[0].at.starts_with("20"), "{}", log[0].at);
}

#[test]
fn repeated_wrong_passwords_lock_the_account() {
    let (_dir, app) = app();
    as_admin(&app);
    auth::log_out(&app);
    for _ in 0..4 {
        assert_eq!(
            code(auth::log_in(&app, "admin", "wrong password")),
            codes::LOGIN_FAILED
        );
    }
    let locked = auth::log_in(&app, "admin", "wrong password").unwrap_err();
    assert_eq!(locked.code, codes::ACCOUNT_LOCKED);
    assert!(
        locked.message.contains("try again after"),
        "{}",
        locked.message
    );
    assert_eq!(
        code(auth::log_in(&app, "admin", ADMIN_PASSWORD)),
        codes::ACCOUNT_LOCKED
    );
    assert!(auth::current_session(&app).is_none());
}

#[test]
fn an_admin_resets_a_forgotten_password_and_the_user_must_change_it() {
    let (_dir, app) = app();
    as_operator(&app);
    as_admin(&app);
    let users = auth::list_users(&app).unwrap();
    assert_eq!(
        users
            .iter()
            .map(|u| (u.name.as_str(), u.role.as_str()))
            .collect::<Vec<_>>(),
        vec![("admin", "admin"), ("ops", "operator")]
    );
    auth::reset_password(&app, "ops", "temporary password").unwrap();
    let session = auth::log_in(&app, "ops", "temporary password").unwrap();
    assert!(session.must_change_password);
    assert_eq!(
        code(runs::list_runs(&app, 5)),
        codes::PASSWORD_CHANGE_REQUIRED
    );
}

#[test]
fn a_host_with_the_workspace_file_acts_as_an_admin_named_after_the_os_user() {
    let (_dir, app) = app();
    app.act_with_file_access("ann");
    connections::remove_remote_site(&app, "https://api.example.com").unwrap_err(); // still used
    options::set_option_active(&app, "invoices", false).unwrap();
    let ws = Workspace::open(app.path()).unwrap();
    let entry = &ws.audit_log(1).unwrap()[0];
    assert_eq!(entry.actor, "os:ann");
}
