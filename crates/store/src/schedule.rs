//! Schedules in the configuration document (`"schedules"`: cron expressions per option or
//! group of options), their validation rules, and what a scheduler keeps in the workspace:
//! the last fire time of each schedule and the locks that keep an option from running
//! twice at once, across processes (a row per lock, taken in an IMMEDIATE transaction, with
//! the holder's pid and heartbeat; a lock whose heartbeat is stale may be taken over).

use crate::validate::ConfigIssue;
use crate::{StoreError, Workspace};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use std::time::Duration;

pub use synccentral_model::schedule::{Schedule, ScheduleMode};

/// The keys of a schedule.
pub(crate) const KEYS: &[&str] = &[
    "name",
    "cron",
    "timezone",
    "options",
    "mode",
    "active",
    "runMissed",
];

/// The rules of one schedule at `at` (`/schedules/0`): its cron parses, its time zone is
/// known, it names options that exist.
pub(crate) fn rules(s: &Schedule, at: &str, option_names: &[&str]) -> Vec<ConfigIssue> {
    let mut issues = Vec::new();
    if let Err(e) = s.cron.parse::<croner::Cron>() {
        issues.push(ConfigIssue::new(
            format!("{at}/cron"),
            format!(
                "\"{}\" is not a cron expression ({e}); use 5 fields: minute hour day month weekday, such as \"0 2 * * *\"",
                s.cron
            ),
        ));
    }
    if let Some(tz) = &s.timezone {
        if jiff::tz::TimeZone::get(tz).is_err() {
            issues.push(ConfigIssue::new(
                format!("{at}/timezone"),
                format!("\"{tz}\" is not an IANA time zone such as \"Europe/Paris\""),
            ));
        }
    }
    if s.options.is_empty() {
        issues.push(ConfigIssue::new(
            format!("{at}/options"),
            "a schedule runs at least one option",
        ));
    }
    for (i, name) in s.options.iter().enumerate() {
        if !option_names.contains(&name.as_str()) {
            let hint = synccentral_engine::suggest::nearest(name, option_names)
                .map(|n| format!(" (did you mean \"{n}\"?)"))
                .unwrap_or_default();
            issues.push(ConfigIssue::new(
                format!("{at}/options/{i}"),
                format!("no option named \"{name}\"{hint}"),
            ));
        }
    }
    issues
}

/// A lock held by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    /// Who holds it.
    pub owner: String,
    /// Its process id.
    pub pid: i64,
    /// When it last said it is alive.
    pub heartbeat: Timestamp,
}

fn ts(text: &str) -> Result<Timestamp, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("timestamp \"{text}\": {e}")))
}

impl Workspace {
    /// When schedule `key` last fired (as a scheduler recorded it).
    pub fn last_fire(&self, key: &str) -> Result<Option<Timestamp>, StoreError> {
        let text: Option<String> = self
            .db
            .query_row(
                "SELECT last_fire FROM schedule_fires WHERE schedule = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        text.as_deref().map(ts).transpose()
    }

    /// Records that schedule `key` fired at `at`.
    pub fn set_last_fire(&self, key: &str, at: Timestamp) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO schedule_fires (schedule, last_fire) VALUES (?1, ?2)
             ON CONFLICT (schedule) DO UPDATE SET last_fire = excluded.last_fire",
            params![key, at.to_string()],
        )?;
        Ok(())
    }

    /// Claims fire time `at` of schedule `key`, when its last fire is still `previous` (what
    /// the claimer read): `true` for exactly one of several schedulers racing for one fire.
    pub fn claim_fire(
        &self,
        key: &str,
        previous: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        self.db.busy_timeout(Duration::from_secs(10))?;
        let changed = match previous {
            Some(p) => self.db.execute(
                "UPDATE schedule_fires SET last_fire = ?3 WHERE schedule = ?1 AND last_fire = ?2",
                params![key, p.to_string(), at.to_string()],
            )?,
            None => self.db.execute(
                "INSERT INTO schedule_fires (schedule, last_fire) VALUES (?1, ?2)
                 ON CONFLICT (schedule) DO NOTHING",
                params![key, at.to_string()],
            )?,
        };
        Ok(changed == 1)
    }

    /// Takes lock `name` for `owner` (process `pid`) at `now`, unless another owner holds it
    /// with a heartbeat newer than `stale_after` (then `Err`-free `Some(holder)`). A stale
    /// lock is taken over. Done in one IMMEDIATE transaction, so two processes never both
    /// take it.
    pub fn try_lock(
        &self,
        name: &str,
        owner: &str,
        pid: i64,
        now: Timestamp,
        stale_after: Duration,
    ) -> Result<Option<LockHolder>, StoreError> {
        self.db.busy_timeout(Duration::from_secs(10))?;
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)?;
        let held: Option<(String, i64, String)> = tx
            .query_row(
                "SELECT owner, pid, heartbeat FROM locks WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((holder, holder_pid, heartbeat)) = held {
            let heartbeat = ts(&heartbeat)?;
            let age = now.duration_since(heartbeat);
            let stale = age.as_secs_f64() > stale_after.as_secs_f64();
            if holder != owner && !stale {
                return Ok(Some(LockHolder {
                    owner: holder,
                    pid: holder_pid,
                    heartbeat,
                }));
            }
        }
        tx.execute(
            "INSERT INTO locks (name, owner, pid, acquired, heartbeat) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid,
                 acquired = excluded.acquired, heartbeat = excluded.heartbeat",
            params![name, owner, pid, now.to_string()],
        )?;
        tx.commit()?;
        Ok(None)
    }

    /// `owner` is still alive at `now`: moves the heartbeat of every lock it holds.
    pub fn heartbeat(&self, owner: &str, now: Timestamp) -> Result<(), StoreError> {
        self.db.busy_timeout(Duration::from_secs(10))?;
        self.db.execute(
            "UPDATE locks SET heartbeat = ?2 WHERE owner = ?1",
            params![owner, now.to_string()],
        )?;
        Ok(())
    }

    /// Gives lock `name` back (only when `owner` holds it).
    pub fn unlock(&self, name: &str, owner: &str) -> Result<(), StoreError> {
        self.db.busy_timeout(Duration::from_secs(10))?;
        self.db.execute(
            "DELETE FROM locks WHERE name = ?1 AND owner = ?2",
            params![name, owner],
        )?;
        Ok(())
    }
}
