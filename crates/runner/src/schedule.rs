//! The scheduler's core: given the configured schedules, when each last fired and "now"
//! (passed in — no clock here), which schedules are due, and which fire times passed
//! without a run (the scheduler was not running). Pure: the daemon keeps the fire times in
//! the workspace and runs what this says.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use synccentral_model::{Schedule, ScheduleMode};

/// A schedule ready to evaluate.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    /// The key its fire times are kept under ([`Schedule::key`]).
    pub key: String,
    /// The options it runs.
    pub options: Vec<String>,
    /// Full or incremental.
    pub mode: ScheduleMode,
    /// Missed fire times make it run once (as [`TickRules::run_missed_once`], for this
    /// schedule alone).
    pub run_missed: bool,
    cron: croner::Cron,
    tz: TimeZone,
}

/// A schedule that cannot be evaluated (the configuration's validation prevents these).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schedule '{key}': {message}")]
pub struct ScheduleError {
    /// The schedule's key.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl CronSchedule {
    /// Parses the schedule's cron and time zone.
    pub fn compile(s: &Schedule) -> Result<CronSchedule, ScheduleError> {
        let err = |message: String| ScheduleError {
            key: s.key(),
            message,
        };
        let cron: croner::Cron = s
            .cron
            .parse()
            .map_err(|e| err(format!("cron \"{}\": {e}", s.cron)))?;
        let tz = match &s.timezone {
            Some(name) => TimeZone::get(name).map_err(|e| err(format!("time zone: {e}")))?,
            None => TimeZone::UTC,
        };
        Ok(CronSchedule {
            key: s.key(),
            options: s.options.clone(),
            mode: s.mode,
            run_missed: s.run_missed,
            cron,
            tz,
        })
    }

    /// The first fire time strictly after `t`.
    pub fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        let zoned = t.to_zoned(self.tz.clone());
        self.cron
            .find_next_occurrence(&zoned, false)
            .ok()
            .map(|z| z.timestamp())
    }

    /// The fire times in (`after`, `until`], at most `limit` of them, oldest first.
    pub fn fires_between(
        &self,
        after: Timestamp,
        until: Timestamp,
        limit: usize,
    ) -> Vec<Timestamp> {
        let mut out = Vec::new();
        let mut t = after;
        while out.len() < limit {
            match self.next_after(t) {
                Some(next) if next <= until => {
                    out.push(next);
                    t = next;
                }
                _ => break,
            }
        }
        out
    }
}

/// Fire times that passed without a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    /// The schedule's key.
    pub schedule: String,
    /// How many (counted up to [`MISSED_COUNT_LIMIT`]).
    pub count: usize,
    /// The first one.
    pub first: Timestamp,
    /// The last one.
    pub last: Timestamp,
}

/// A schedule to run now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The schedule's key.
    pub schedule: String,
    /// The fire time it runs for (recorded as its last fire).
    pub fire: Timestamp,
    /// The options to run.
    pub options: Vec<String>,
    /// Full or incremental.
    pub mode: ScheduleMode,
    /// It runs for fire times that were missed ("run missed once").
    pub catch_up: bool,
}

/// What one look at the schedules found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tick {
    /// Schedules to run now.
    pub due: Vec<Due>,
    /// Fire times that passed without a run.
    pub missed: Vec<Missed>,
    /// Schedules seen for the first time, or whose missed fires are dropped: record this
    /// as their last fire so they count from here.
    pub baseline: Vec<(String, Timestamp)>,
    /// The earliest fire time of any schedule after `now`: when to look next.
    pub next_fire: Option<Timestamp>,
}

/// Missed fire times are counted up to this many.
pub const MISSED_COUNT_LIMIT: usize = 10_000;

/// How the scheduler treats fire times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TickRules {
    /// A fire time at most this old is on time (the daemon looks every few seconds).
    pub grace: SignedDuration,
    /// Missed fire times make the schedule run once (else they are only reported).
    pub run_missed_once: bool,
    /// Since when the scheduler looking has been running: fire times after it were not
    /// missed (a run that outlasted them, a late look), only folded into the next run.
    pub running_since: Option<Timestamp>,
}

impl Default for TickRules {
    fn default() -> TickRules {
        TickRules {
            grace: SignedDuration::from_secs(120),
            run_missed_once: false,
            running_since: None,
        }
    }
}

/// Looks at `schedules` at `now`: `last_fire(key)` is when each last fired (`None`: never
/// seen — it starts counting from `now`).
pub fn tick(
    schedules: &[CronSchedule],
    last_fire: impl Fn(&str) -> Option<Timestamp>,
    now: Timestamp,
    rules: TickRules,
) -> Tick {
    let mut out = Tick {
        next_fire: schedules.iter().filter_map(|s| s.next_after(now)).min(),
        ..Tick::default()
    };
    for s in schedules {
        let Some(last) = last_fire(&s.key) else {
            out.baseline.push((s.key.clone(), now));
            continue;
        };
        let fires = s.fires_between(last, now, MISSED_COUNT_LIMIT);
        let Some(&latest) = fires.last() else {
            continue;
        };
        let on_time = now.duration_since(latest) <= rules.grace;
        let missed: &[Timestamp] = if on_time {
            &fires[..fires.len() - 1]
        } else {
            &fires
        };
        // While this scheduler ran, no fire time was missed: those are folded into this run.
        let missed = match rules.running_since {
            Some(since) => &missed[..missed.partition_point(|&t| t < since)],
            None => missed,
        };
        if let (Some(&first), Some(&last_missed)) = (missed.first(), missed.last()) {
            out.missed.push(Missed {
                schedule: s.key.clone(),
                count: missed.len(),
                first,
                last: last_missed,
            });
        }
        if on_time || rules.run_missed_once || s.run_missed {
            out.due.push(Due {
                schedule: s.key.clone(),
                fire: latest,
                options: s.options.clone(),
                mode: s.mode,
                catch_up: !on_time,
            });
        } else {
            out.baseline.push((s.key.clone(), latest));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(cron: &str, tz: Option<&str>) -> CronSchedule {
        CronSchedule::compile(&Schedule {
            name: Some("nightly".into()),
            cron: cron.into(),
            timezone: tz.map(str::to_string),
            options: vec!["invoices".into()],
            mode: ScheduleMode::Full,
            active: true,
            run_missed: false,
        })
        .unwrap()
    }

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_nightly_schedule_reads_its_cron_in_its_time_zone() {
        let s = schedule("0 2 * * *", Some("Europe/Paris"));
        // 02:00 in Paris in winter is 01:00 UTC, in summer 00:00 UTC.
        assert_eq!(
            s.next_after(t("2026-01-10T12:00:00Z")),
            Some(t("2026-01-11T01:00:00Z"))
        );
        assert_eq!(
            s.next_after(t("2026-07-10T12:00:00Z")),
            Some(t("2026-07-11T00:00:00Z"))
        );
    }

    #[test]
    fn a_schedule_seen_first_counts_from_now_then_fires_when_its_time_comes() {
        let s = [schedule("*/15 * * * *", None)];
        let now = t("2026-03-01T10:07:00Z");
        let first = tick(&s, |_| None, now, TickRules::default());
        assert_eq!(first.baseline, [("nightly".to_string(), now)]);
        assert!(first.due.is_empty());

        let quiet = tick(
            &s,
            |_| Some(now),
            t("2026-03-01T10:14:59Z"),
            TickRules::default(),
        );
        assert_eq!(
            quiet,
            Tick {
                next_fire: Some(t("2026-03-01T10:15:00Z")),
                ..Tick::default()
            }
        );

        let fired = tick(
            &s,
            |_| Some(now),
            t("2026-03-01T10:15:03Z"),
            TickRules::default(),
        );
        assert_eq!(fired.due.len(), 1);
        assert_eq!(fired.due[0].fire, t("2026-03-01T10:15:00Z"));
        assert!(!fired.due[0].catch_up);
        assert!(fired.missed.is_empty());
    }

    #[test]
    fn fires_while_not_running_are_reported_and_run_once_only_when_asked() {
        let s = [schedule("*/15 * * * *", None)];
        let last = t("2026-03-01T10:00:00Z");
        let now = t("2026-03-01T11:05:00Z");
        let report = tick(&s, |_| Some(last), now, TickRules::default());
        assert_eq!(
            report.missed,
            [Missed {
                schedule: "nightly".into(),
                count: 4,
                first: t("2026-03-01T10:15:00Z"),
                last: t("2026-03-01T11:00:00Z"),
            }]
        );
        assert!(report.due.is_empty());
        assert_eq!(
            report.baseline,
            [("nightly".to_string(), t("2026-03-01T11:00:00Z"))]
        );

        let rules = TickRules {
            run_missed_once: true,
            ..TickRules::default()
        };
        let catch_up = tick(&s, |_| Some(last), now, rules);
        assert_eq!(catch_up.missed[0].count, 4);
        assert_eq!(catch_up.due.len(), 1, "once, not four times");
        assert!(catch_up.due[0].catch_up);
        assert_eq!(catch_up.due[0].fire, t("2026-03-01T11:00:00Z"));
    }

    #[test]
    fn fires_while_the_scheduler_ran_are_not_missed_and_the_next_fire_is_told() {
        let s = vec![schedule("*/5 * * * * *", None)];
        let started = t("2026-03-01T10:00:00Z");
        let now = t("2026-03-01T10:00:16Z");
        let running = TickRules {
            running_since: Some(started),
            ..TickRules::default()
        };
        let found = tick(&s, |_| Some(started), now, running);
        assert!(found.missed.is_empty(), "{:?}", found.missed);
        assert_eq!(found.due.len(), 1);
        assert_eq!(found.due[0].fire, t("2026-03-01T10:00:15Z"));
        assert_eq!(found.next_fire, Some(t("2026-03-01T10:00:20Z")));
        // Without a running scheduler the same fire times were missed.
        let cold = tick(&s, |_| Some(started), now, TickRules::default());
        assert_eq!(cold.missed[0].count, 2);
    }

    #[test]
    fn a_schedule_marked_run_missed_catches_up_once_on_its_own() {
        let mut s = schedule("*/15 * * * *", None);
        s.run_missed = true;
        let report = tick(
            &[s],
            |_| Some(t("2026-03-01T10:00:00Z")),
            t("2026-03-01T11:05:00Z"),
            TickRules::default(),
        );
        assert_eq!(report.missed[0].count, 4);
        assert_eq!(report.due.len(), 1, "once, not four times");
        assert!(report.due[0].catch_up);
    }
}
