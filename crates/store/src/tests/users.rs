//! Users, roles, the password policy, the lockout and the audit log.

use super::{example, ts, workspace};
use crate::audit::config_changes;
use crate::users::{
    check_password, lock_length, PasswordProblem, DEFAULT_ADMIN, DEFAULT_PASSWORD, LOCK_AFTER,
};
use crate::{Role, UserError};
use serde_json::json;

const NOW: &str = "2026-03-01T10:00:00Z";

#[test]
fn a_new_workspace_gets_an_admin_with_the_default_password_to_change_at_first_login() {
    let (_dir, ws) = workspace();
    assert!(ws.ensure_default_admin(ts(NOW)).unwrap());
    assert!(!ws.ensure_default_admin(ts(NOW)).unwrap(), "only once");
    let admin = ws.log_in(DEFAULT_ADMIN, DEFAULT_PASSWORD, ts(NOW)).unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(admin.must_change_password);

    let err = ws
        .change_password("admin", DEFAULT_PASSWORD, DEFAULT_PASSWORD, ts(NOW))
        .unwrap_err();
    assert!(
        matches!(err, UserError::Weak(PasswordProblem::IsDefault)),
        "{err}"
    );
    let changed = ws
        .change_password("admin", DEFAULT_PASSWORD, "a long new secret", ts(NOW))
        .unwrap();
    assert!(!changed.must_change_password);
    assert!(matches!(
        ws.log_in("admin", DEFAULT_PASSWORD, ts(NOW)),
        Err(UserError::WrongCredentials)
    ));
    assert!(ws.log_in("admin", "a long new secret", ts(NOW)).is_ok());
}

#[test]
fn the_password_policy_wants_twelve_characters_not_the_name_not_the_default() {
    assert_eq!(
        check_password("ann", "short pass"),
        Err(PasswordProblem::TooShort(10))
    );
    assert_eq!(
        check_password("ann.lee@corp.example", "ANN.LEE@corp.example"),
        Err(PasswordProblem::IsUserName)
    );
    assert_eq!(
        check_password("ann", DEFAULT_PASSWORD),
        Err(PasswordProblem::IsDefault)
    );
    assert_eq!(check_password("ann", "twelve chars"), Ok(()));
    // Characters, not bytes.
    assert_eq!(
        check_password("ann", "ééééééééééé"),
        Err(PasswordProblem::TooShort(11))
    );
}

#[test]
fn passwords_are_stored_as_argon2id_hashes() {
    let (_dir, ws) = workspace();
    ws.add_user("ops", Role::Operator, "operator password", ts(NOW))
        .unwrap();
    let stored: String = ws
        .db
        .query_row("SELECT hash FROM users WHERE name = 'ops'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("operator password"));
}

#[test]
fn an_added_user_must_change_the_password_an_admin_gave() {
    let (_dir, ws) = workspace();
    let ops = ws
        .add_user("ops", Role::Operator, "first password", ts(NOW))
        .unwrap();
    assert_eq!(ops.role, Role::Operator);
    assert!(ops.must_change_password);
    assert!(matches!(
        ws.add_user("ops", Role::Admin, "another password", ts(NOW)),
        Err(UserError::Exists(_))
    ));
    assert!(matches!(
        ws.add_user("bad name", Role::Admin, "another password", ts(NOW)),
        Err(UserError::BadName(_))
    ));
    assert!(matches!(
        ws.add_user("eve", Role::Admin, "short", ts(NOW)),
        Err(UserError::Weak(PasswordProblem::TooShort(5)))
    ));
    assert!(matches!(
        ws.change_password("ops", "first password", "first password", ts(NOW)),
        Err(UserError::Unchanged)
    ));
    ws.change_password("ops", "first password", "my own password", ts(NOW))
        .unwrap();
    assert!(!ws.user("ops").unwrap().unwrap().must_change_password);
}

#[test]
fn repeated_failures_lock_the_account_for_a_delay_that_grows() {
    let (_dir, ws) = workspace();
    ws.add_user("ops", Role::Operator, "right password", ts(NOW))
        .unwrap();
    for _ in 1..LOCK_AFTER {
        assert!(matches!(
            ws.log_in("ops", "wrong password", ts(NOW)),
            Err(UserError::WrongCredentials)
        ));
    }
    let Err(UserError::Locked { until, .. }) = ws.log_in("ops", "wrong password", ts(NOW)) else {
        panic!("the fifth failure locks the account")
    };
    assert_eq!(until, ts("2026-03-01T10:00:30Z"));
    // While locked even the right password is refused, and says until when.
    let err = ws
        .log_in("ops", "right password", ts("2026-03-01T10:00:29Z"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("try again after 2026-03-01T10:00:30Z"),
        "{err}"
    );
    // After the delay a further failure locks it for twice as long.
    let Err(UserError::Locked { until, .. }) =
        ws.log_in("ops", "wrong again", ts("2026-03-01T10:00:31Z"))
    else {
        panic!("the sixth failure locks again")
    };
    assert_eq!(until, ts("2026-03-01T10:01:31Z"));
    assert_eq!(lock_length(LOCK_AFTER + 10).unwrap().as_secs(), 15 * 60);
    // A good login after the delay clears the count.
    ws.log_in("ops", "right password", ts("2026-03-01T10:02:00Z"))
        .unwrap();
    let user = ws.user("ops").unwrap().unwrap();
    assert_eq!((user.failures, user.locked_until), (0, None));
}

#[test]
fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
    let (_dir, ws) = workspace();
    ws.ensure_default_admin(ts(NOW)).unwrap();
    let unknown = ws.log_in("nobody", DEFAULT_PASSWORD, ts(NOW)).unwrap_err();
    let wrong = ws.log_in("admin", "not the password", ts(NOW)).unwrap_err();
    assert_eq!(unknown.to_string(), wrong.to_string());
}

#[test]
fn a_name_that_is_no_user_is_answered_and_locked_exactly_as_a_user_s() {
    let (_dir, ws) = workspace();
    ws.add_user("ops", Role::Operator, "right password", ts(NOW))
        .unwrap();
    for name in ["ops", "nobody"] {
        for _ in 1..LOCK_AFTER {
            assert!(matches!(
                ws.log_in(name, "wrong password", ts(NOW)),
                Err(UserError::WrongCredentials)
            ));
        }
        let Err(UserError::Locked { until, .. }) = ws.log_in(name, "wrong password", ts(NOW))
        else {
            panic!("the fifth failure locks {name}")
        };
        assert_eq!(until, ts("2026-03-01T10:00:30Z"), "{name}");
        let still = ws
            .log_in(name, "any password", ts("2026-03-01T10:00:29Z"))
            .unwrap_err();
        assert!(matches!(still, UserError::Locked { .. }), "{name}: {still}");
    }
}

#[test]
fn a_reset_unlocks_and_forces_a_change_at_the_next_login() {
    let (_dir, ws) = workspace();
    ws.add_user("ops", Role::Operator, "right password", ts(NOW))
        .unwrap();
    ws.change_password("ops", "right password", "chosen password", ts(NOW))
        .unwrap();
    for _ in 0..LOCK_AFTER {
        let _ = ws.log_in("ops", "wrong password", ts(NOW));
    }
    assert!(ws.user("ops").unwrap().unwrap().locked_until.is_some());
    let user = ws.reset_password("ops", "temporary password").unwrap();
    assert!(user.must_change_password && user.locked_until.is_none());
    assert!(ws.log_in("ops", "temporary password", ts(NOW)).is_ok());
    assert!(matches!(
        ws.reset_password("nobody", "temporary password"),
        Err(UserError::NoSuchUser(_))
    ));
}

#[test]
fn the_audit_log_keeps_who_when_and_what_newest_first() {
    let (_dir, ws) = workspace();
    ws.record_audit(
        ts(NOW),
        "admin",
        "connection.save",
        "connection \"org\" added",
    )
    .unwrap();
    ws.record_audit(
        ts("2026-03-01T10:05:00Z"),
        "os:ann",
        "config.import",
        "option \"x\" removed",
    )
    .unwrap();
    let log = ws.audit_log(10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].actor.as_str(), log[0].action.as_str()),
        ("os:ann", "config.import")
    );
    assert_eq!(log[1].at, ts(NOW));
    assert_eq!(ws.audit_log(1).unwrap().len(), 1);
}

#[test]
fn config_changes_name_what_changed_and_never_a_value() {
    let before = example();
    let mut after = example();
    after["connections"][1]["auth"]["token"] = json!("finance-bearer-9");
    after["options"][0]["active"] = json!(false);
    after["options"].as_array_mut().unwrap().remove(1);
    after["remoteSites"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://new.example.com"));
    let changes = config_changes(&before, &after);
    let name0 = example()["options"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let name1 = example()["options"][1]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        changes,
        vec![
            "connection \"finance\" changed (auth)".to_string(),
            format!("option \"{name0}\" changed (active)"),
            format!("option \"{name1}\" removed"),
            "remote site https://new.example.com added".to_string(),
        ]
    );
    assert!(!changes.join(" ").contains("finance-bearer"));
    assert!(config_changes(&before, &before).is_empty());
}
