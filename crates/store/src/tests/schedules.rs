//! Schedules in the configuration: validated (cron, time zone, options, every problem with
//! its pointer), kept by `config import` and given back by `config()`; fire times and locks.

use super::*;
use serde_json::json;
use std::time::Duration;

fn with_schedules(schedules: Value) -> Value {
    let mut doc = example();
    doc["schedules"] = schedules;
    doc
}

#[test]
fn schedules_are_kept_and_given_back() {
    let (_dir, ws) = workspace();
    ws.import_config(&with_schedules(json!([
        {"name": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Paris", "options": ["invoices"], "mode": "full"},
        {"cron": "*/15 * * * *", "options": ["invoices"], "mode": "incremental"}
    ])))
    .unwrap();
    let config = ws.config_scrubbed().unwrap();
    assert_eq!(config.schedules.len(), 2);
    assert_eq!(config.schedules[0].mode, crate::ScheduleMode::Full);
    assert_eq!(config.schedules[1].key(), "*/15 * * * * invoices");
    let doc = serde_json::to_value(&config).unwrap();
    assert_eq!(doc["schedules"][0]["timezone"], "Europe/Paris");
}

#[test]
fn every_schedule_problem_is_reported_with_its_pointer() {
    let issues = crate::validate::validate(&with_schedules(json!([
        {"cron": "0 25 * * *", "timezone": "Europe/Pariss", "options": ["invoice"]},
        {"cron": "0 2 * * *", "options": [], "every": "day"}
    ])))
    .unwrap_err();
    let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/schedules/0/cron",
            "/schedules/0/timezone",
            "/schedules/0/options/0",
            "/schedules/1/every"
        ],
        "{issues:?}"
    );
    assert!(
        issues[2].message.contains("did you mean \"invoices\""),
        "{issues:?}"
    );
}

#[test]
fn a_lock_is_held_until_released_or_stale() {
    let (_dir, ws) = workspace();
    let now = ts("2026-03-01T10:00:00Z");
    let stale = Duration::from_secs(600);
    assert_eq!(ws.try_lock("option:a", "one", 1, now, stale).unwrap(), None);
    let held = ws
        .try_lock("option:a", "two", 2, now, stale)
        .unwrap()
        .unwrap();
    assert_eq!((held.owner.as_str(), held.pid), ("one", 1));
    // Ten minutes and a second without a heartbeat: stale, taken over.
    let later = ts("2026-03-01T10:10:01Z");
    assert_eq!(
        ws.try_lock("option:a", "two", 2, later, stale).unwrap(),
        None
    );
    ws.unlock("option:a", "one").unwrap();
    assert!(
        ws.try_lock("option:a", "one", 1, later, stale)
            .unwrap()
            .is_some(),
        "one no longer holds it: its unlock changes nothing"
    );
    ws.unlock("option:a", "two").unwrap();
    assert_eq!(
        ws.try_lock("option:a", "one", 1, later, stale).unwrap(),
        None
    );
    assert_eq!(ws.last_fire("nightly").unwrap(), None);
    ws.set_last_fire("nightly", now).unwrap();
    assert_eq!(ws.last_fire("nightly").unwrap(), Some(now));
    // Two schedulers read `now` as the last fire and race for the next one: one wins.
    assert!(ws.claim_fire("nightly", Some(now), later).unwrap());
    assert!(!ws.claim_fire("nightly", Some(now), later).unwrap());
    assert!(ws.claim_fire("new", None, now).unwrap());
    assert!(!ws.claim_fire("new", None, now).unwrap());
}
