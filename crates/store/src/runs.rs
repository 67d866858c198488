//! Runs of sync options (the run pipeline's record of what it did): a run row, one result
//! per record, incremental checkpoints per option, and the insert journal that lets a rerun
//! after a crash find out whether inserts it had sent landed, instead of inserting twice.
//!
//! Retention: when a run finishes, runs beyond the newest `runs.keep` (default 50) are
//! deleted with their records; running runs are never pruned.

use crate::{StoreError, Workspace};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use synccentral_model::runs::{Action, ApiCalls, Checkpoint, Counts, RecordResult, RunId};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }
        impl $name {
            /// The text stored and shown.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown {} \"{other}\" (expected one of: {})",
                        stringify!($name),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

text_enum! {
    /// How a run reads and writes.
    RunMode {
        /// Everything the source has.
        Full = "full",
        /// What changed since the checkpoint.
        Incremental = "incremental",
        /// The failed records of an earlier run.
        Retry = "retry",
        /// Reads and maps, writes nothing (actions `would-insert` / `would-update`).
        DryRun = "dry-run",
        /// An import of records pushed to `synccentral serve` (no checkpoint read or saved).
        Push = "push",
        /// An export pulled from `synccentral serve` (no checkpoint read or saved).
        Pull = "pull",
        /// The undo of an earlier run: prior values restored, inserted records deleted.
        Undo = "undo",
        /// An import of a file dropped into a watched folder (no checkpoint read or saved).
        Folder = "folder",
    }
}

text_enum! {
    /// Where a run stands.
    RunStatus {
        /// Started, not finished.
        Running = "running",
        /// Every record went through.
        Succeeded = "succeeded",
        /// Finished, with some records failed.
        Partial = "partial",
        /// Stopped by an error (see the run's `error`).
        Failed = "failed",
        /// Stopped by the user.
        Cancelled = "cancelled",
        /// Stopped before passing the configured share of the org's daily API limit; the
        /// next run resumes from the checkpoint.
        StoppedQuota = "stopped-quota",
        /// Not run: a parent option it depends on did not succeed (see the run's `error`).
        Skipped = "skipped",
    }
}

/// A run as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The run's id.
    pub id: RunId,
    /// The sync option's name.
    pub option: String,
    /// How the run reads and writes.
    pub mode: RunMode,
    /// Where the run stands.
    pub status: RunStatus,
    /// When the run began.
    pub started_at: Timestamp,
    /// When the run ended.
    pub finished_at: Option<Timestamp>,
    /// The record counts.
    pub counts: Counts,
    /// Why the run failed, when it did.
    pub error: Option<String>,
    /// The API requests the run cost its org, when it talked to one that said.
    pub api_calls: Option<ApiCalls>,
}

/// Which records of a run to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFilter {
    /// Every record.
    All,
    /// Action `failed`.
    Failed,
    /// Every action but `failed`.
    Succeeded,
    /// One action.
    Action(Action),
}

/// Where an insert stands in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JournalState {
    /// Written before the insert was sent; no answer recorded yet.
    Pending,
    /// The target answered with an id.
    Done,
}

/// One insert journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// The sync option's name.
    pub option: String,
    /// The record's key in the source.
    pub source_key: String,
    /// A hash of the payload sent (to tell a changed record from a replay).
    pub payload_hash: String,
    /// Pending or done.
    pub state: JournalState,
    /// The record's Id in the target, once inserted.
    pub target_id: Option<String>,
    /// The record as mapped when it was journaled (entries from before the payload column
    /// have none).
    pub payload: Option<Value>,
}

fn parse<T: std::str::FromStr<Err = String>>(text: String) -> rusqlite::Result<T> {
    text.parse().map_err(|e: String| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn ts(text: String) -> rusqlite::Result<Timestamp> {
    text.parse::<Timestamp>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn json(text: Option<String>) -> rusqlite::Result<Option<Value>> {
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

const RUN_COLUMNS: &str =
    "id, option, mode, status, started_at, finished_at, read, written, failed, skipped, error,
     api_calls, api_before, api_after, api_limit";

fn run_row(r: &Row<'_>) -> rusqlite::Result<Run> {
    Ok(Run {
        id: RunId(r.get(0)?),
        option: r.get(1)?,
        mode: parse(r.get(2)?)?,
        status: parse(r.get(3)?)?,
        started_at: ts(r.get(4)?)?,
        finished_at: r.get::<_, Option<String>>(5)?.map(ts).transpose()?,
        counts: Counts {
            read: r.get::<_, i64>(6)? as u64,
            written: r.get::<_, i64>(7)? as u64,
            failed: r.get::<_, i64>(8)? as u64,
            skipped: r.get::<_, i64>(9)? as u64,
        },
        error: r.get(10)?,
        api_calls: match (
            r.get::<_, Option<i64>>(11)?,
            r.get::<_, Option<i64>>(12)?,
            r.get::<_, Option<i64>>(13)?,
            r.get::<_, Option<i64>>(14)?,
        ) {
            (Some(made), Some(before), Some(after), Some(limit)) => Some(ApiCalls {
                made: made as u64,
                before: before as u64,
                after: after as u64,
                limit: limit as u64,
            }),
            _ => None,
        },
    })
}

fn record_row(r: &Row<'_>) -> rusqlite::Result<RecordResult> {
    Ok(RecordResult {
        seq: r.get::<_, i64>(0)? as u64,
        source_key: r.get(1)?,
        target_id: r.get(2)?,
        action: parse(r.get(3)?)?,
        error_code: r.get(4)?,
        error_message: r.get(5)?,
        source: json(r.get(6)?)?,
        mapped: json(r.get(7)?)?,
    })
}

impl Workspace {
    /// Starts a run of `option` (status `running`) and returns its id.
    pub fn begin_run(
        &self,
        option: &str,
        mode: RunMode,
        started_at: Timestamp,
    ) -> Result<RunId, StoreError> {
        self.db.execute(
            "INSERT INTO runs (option, mode, status, started_at) VALUES (?1, ?2, 'running', ?3)",
            params![option, mode.as_str(), started_at.to_string()],
        )?;
        Ok(RunId(self.db.last_insert_rowid()))
    }

    /// Records the results of a batch of records, in one transaction. `seq` is unique
    /// within a run: recording the same `seq` twice is an error.
    pub fn record_results(&self, run: RunId, results: &[RecordResult]) -> Result<(), StoreError> {
        self.ensure_run(run)?;
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO run_records (run_id, seq, source_key, target_id, action, error_code,
                 error_message, source, mapped) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for r in results {
                stmt.execute(params![
                    run.0,
                    r.seq as i64,
                    r.source_key,
                    r.target_id,
                    r.action.as_str(),
                    r.error_code,
                    r.error_message,
                    r.source.as_ref().map(Value::to_string),
                    r.mapped.as_ref().map(Value::to_string),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Ends a run with its status, counts and error, then prunes runs beyond `runs.keep`.
    pub fn finish_run(
        &self,
        run: RunId,
        status: RunStatus,
        counts: Counts,
        error: Option<&str>,
        finished_at: Timestamp,
    ) -> Result<(), StoreError> {
        let n = self.db.execute(
            "UPDATE runs SET status = ?2, finished_at = ?3, read = ?4, written = ?5, failed = ?6,
             skipped = ?7, error = ?8 WHERE id = ?1",
            params![
                run.0,
                status.as_str(),
                finished_at.to_string(),
                counts.read as i64,
                counts.written as i64,
                counts.failed as i64,
                counts.skipped as i64,
                error
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchRun(run));
        }
        self.prune_runs(self.runs_keep()?)?;
        Ok(())
    }

    /// Records the API requests a run cost its org (kept beside its counts).
    pub fn set_run_api_calls(&self, run: RunId, calls: ApiCalls) -> Result<(), StoreError> {
        let n = self.db.execute(
            "UPDATE runs SET api_calls = ?2, api_before = ?3, api_after = ?4, api_limit = ?5
             WHERE id = ?1",
            params![
                run.0,
                calls.made as i64,
                calls.before as i64,
                calls.after as i64,
                calls.limit as i64
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchRun(run));
        }
        Ok(())
    }

    /// Deletes finished runs (and their records) beyond the newest `keep`; returns how
    /// many runs went.
    pub fn prune_runs(&self, keep: usize) -> Result<usize, StoreError> {
        let tx = self.db.unchecked_transaction()?;
        let doomed = "SELECT id FROM runs WHERE status != 'running'
                      AND id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?1)";
        tx.execute(
            &format!("DELETE FROM run_records WHERE run_id IN ({doomed})"),
            [keep as i64],
        )?;
        let n = tx.execute(
            &format!("DELETE FROM runs WHERE id IN ({doomed})"),
            [keep as i64],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// The newest `limit` runs, newest first.
    pub fn list_runs(&self, limit: usize) -> Result<Vec<Run>, StoreError> {
        let mut stmt = self.db.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?1"
        ))?;
        let runs = stmt
            .query_map([limit as i64], run_row)?
            .collect::<Result<_, _>>()?;
        Ok(runs)
    }

    /// One run.
    pub fn run(&self, id: RunId) -> Result<Run, StoreError> {
        self.db
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"),
                [id.0],
                run_row,
            )
            .optional()?
            .ok_or(StoreError::NoSuchRun(id))
    }

    fn ensure_run(&self, id: RunId) -> Result<(), StoreError> {
        let found: Option<i64> = self
            .db
            .query_row("SELECT id FROM runs WHERE id = ?1", [id.0], |r| r.get(0))
            .optional()?;
        found.map(|_| ()).ok_or(StoreError::NoSuchRun(id))
    }

    /// A run's records in `seq` order.
    pub fn run_records(
        &self,
        id: RunId,
        filter: RecordFilter,
    ) -> Result<Vec<RecordResult>, StoreError> {
        self.ensure_run(id)?;
        let (condition, action) = match filter {
            RecordFilter::All => ("", None),
            RecordFilter::Failed => (" AND action = ?2", Some(Action::Failed)),
            RecordFilter::Succeeded => (" AND action != ?2", Some(Action::Failed)),
            RecordFilter::Action(a) => (" AND action = ?2", Some(a)),
        };
        let sql = format!(
            "SELECT seq, source_key, target_id, action, error_code, error_message, source, mapped
             FROM run_records WHERE run_id = ?1{condition} ORDER BY seq"
        );
        let mut stmt = self.db.prepare(&sql)?;
        let rows: rusqlite::Result<Vec<RecordResult>> = match action {
            None => stmt.query_map([id.0], record_row)?.collect(),
            Some(a) => stmt
                .query_map(params![id.0, a.as_str()], record_row)?
                .collect(),
        };
        Ok(rows?)
    }

    /// A run's failed records (what a retry run reprocesses).
    pub fn failed_records(&self, id: RunId) -> Result<Vec<RecordResult>, StoreError> {
        self.run_records(id, RecordFilter::Failed)
    }

    /// The option's checkpoint, if it has one.
    pub fn checkpoint(&self, option: &str) -> Result<Option<Checkpoint>, StoreError> {
        let row: Option<(Option<String>, Option<String>)> = self
            .db
            .query_row(
                "SELECT cursor_value, tie_id FROM checkpoints WHERE option = ?1",
                [option],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(cursor_value, tie_id)| {
            cursor_value.map(|cursor_value| Checkpoint {
                cursor_value,
                tie_id,
            })
        }))
    }

    /// Saves the option's checkpoint at `at` (call it only once the target acknowledged
    /// the records up to it).
    pub fn save_checkpoint(
        &self,
        option: &str,
        cp: &Checkpoint,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO checkpoints (option, cursor_value, tie_id, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (option) DO UPDATE SET cursor_value = excluded.cursor_value,
             tie_id = excluded.tie_id, updated_at = excluded.updated_at",
            params![option, cp.cursor_value, cp.tie_id, at.to_string()],
        )?;
        Ok(())
    }

    /// Forgets the option's checkpoint (the next incremental run reads everything).
    pub fn clear_checkpoint(&self, option: &str) -> Result<(), StoreError> {
        self.db
            .execute("DELETE FROM checkpoints WHERE option = ?1", [option])?;
        Ok(())
    }

    /// Journals inserts as pending, with the records as mapped, in one transaction. Call it
    /// (and let it return) BEFORE sending the inserts; [`Workspace::journal_done`] or
    /// [`Workspace::journal_clear`] records the answer.
    pub fn journal_pending(
        &self,
        option: &str,
        entries: &[(String, Value)],
    ) -> Result<(), StoreError> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO insert_journal (option, source_key, payload_hash, state, target_id, payload)
                 VALUES (?1, ?2, ?3, 'pending', NULL, ?4)
                 ON CONFLICT (option, source_key) DO UPDATE SET payload_hash = excluded.payload_hash,
                 state = 'pending', target_id = NULL, payload = excluded.payload",
            )?;
            for (key, payload) in entries {
                stmt.execute(params![
                    option,
                    key,
                    payload_hash(payload),
                    payload.to_string()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops the entries of `keys` in one transaction: their outcome is recorded in the run's
    /// results.
    pub fn journal_clear(&self, option: &str, keys: &[String]) -> Result<(), StoreError> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "DELETE FROM insert_journal WHERE option = ?1 AND source_key = ?2",
            )?;
            for key in keys {
                stmt.execute(params![option, key])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records that the insert of `source_key` landed as `target_id`.
    pub fn journal_done(
        &self,
        option: &str,
        source_key: &str,
        target_id: &str,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO insert_journal (option, source_key, payload_hash, state, target_id)
             VALUES (?1, ?2, '', 'done', ?3)
             ON CONFLICT (option, source_key) DO UPDATE SET state = 'done',
             target_id = excluded.target_id",
            params![option, source_key, target_id],
        )?;
        Ok(())
    }

    /// Drops an entry (a rerun found the pending insert did not land and will send it
    /// again, or the record was deleted).
    pub fn journal_forget(&self, option: &str, source_key: &str) -> Result<(), StoreError> {
        self.db.execute(
            "DELETE FROM insert_journal WHERE option = ?1 AND source_key = ?2",
            [option, source_key],
        )?;
        Ok(())
    }

    /// The journal entry of one source record, if any.
    pub fn journal_entry(
        &self,
        option: &str,
        source_key: &str,
    ) -> Result<Option<JournalEntry>, StoreError> {
        Ok(self
            .db
            .query_row(
                "SELECT option, source_key, payload_hash, state, target_id, payload FROM insert_journal
                 WHERE option = ?1 AND source_key = ?2",
                [option, source_key],
                journal_row,
            )
            .optional()?)
    }

    /// The inserts sent but never answered (a crash in between): a rerun looks each up in
    /// the target before inserting again.
    pub fn journal_pending_list(&self, option: &str) -> Result<Vec<JournalEntry>, StoreError> {
        let mut stmt = self.db.prepare(
            "SELECT option, source_key, payload_hash, state, target_id, payload FROM insert_journal
             WHERE option = ?1 AND state = 'pending' ORDER BY source_key",
        )?;
        let rows = stmt
            .query_map([option], journal_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// The hash to journal for a payload: SHA-256 of its JSON text, as hex. The same record
/// mapped the same way gives the same hash, so a rerun can tell a replay from a change.
pub fn payload_hash(payload: &Value) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(payload.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn journal_row(r: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    let state: String = r.get(3)?;
    Ok(JournalEntry {
        option: r.get(0)?,
        source_key: r.get(1)?,
        payload_hash: r.get(2)?,
        state: if state == "done" {
            JournalState::Done
        } else {
            JournalState::Pending
        },
        target_id: r.get(4)?,
        payload: r
            .get::<_, Option<String>>(5)?
            .and_then(|text| serde_json::from_str(&text).ok()),
    })
}
