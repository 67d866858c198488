//! What undoing a run needs, and what the Day-Zero guard found: the values each updated
//! record held before the run (stored before its batch was written), the target fields a
//! source would have blanked, and the link from an undo run to the run it reverted.

use crate::runs::{RunId, RunMode, RunStatus};
use crate::{StoreError, Workspace};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::Value;

pub use synccentral_model::runs::{GuardFinding, PriorRecord};

fn json<T: serde::de::DeserializeOwned>(text: String) -> rusqlite::Result<T> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn text(map: &serde_json::Map<String, Value>) -> rusqlite::Result<String> {
    serde_json::to_string(map).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn prior_row(r: &Row<'_>) -> rusqlite::Result<PriorRecord> {
    Ok(PriorRecord {
        seq: r.get::<_, i64>(0)? as u64,
        target_id: r.get(1)?,
        key: r.get(2)?,
        prior: json(r.get(3)?)?,
        written: json(r.get(4)?)?,
    })
}

fn finding_row(r: &Row<'_>) -> rusqlite::Result<GuardFinding> {
    Ok(GuardFinding {
        seq: r.get::<_, i64>(0)? as u64,
        source_key: r.get(1)?,
        target_id: r.get(2)?,
        field: r.get(3)?,
        prior: json(r.get(4)?)?,
        mode: r.get::<_, String>(5)?.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
        })?,
    })
}

impl Workspace {
    /// Stores the prior values of a batch's updated records, in one transaction (call it
    /// before the batch is written). A `seq` stored again replaces the earlier row.
    pub fn record_priors(&self, run: RunId, priors: &[PriorRecord]) -> Result<(), StoreError> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO run_priors (run_id, seq, target_id, match_key, prior, written)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in priors {
                stmt.execute(params![
                    run.0,
                    p.seq as i64,
                    p.target_id,
                    p.key,
                    text(&p.prior)?,
                    text(&p.written)?
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A run's stored prior values, in `seq` order.
    pub fn run_priors(&self, run: RunId) -> Result<Vec<PriorRecord>, StoreError> {
        let mut stmt = self.db.prepare(
            "SELECT seq, target_id, match_key, prior, written FROM run_priors
             WHERE run_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([run.0], prior_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Stores what the Day-Zero guard found in a batch of a run.
    pub fn record_guard_findings(
        &self,
        run: RunId,
        findings: &[GuardFinding],
    ) -> Result<(), StoreError> {
        let tx = self.db.unchecked_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO guard_findings (run_id, seq, source_key, target_id, field, prior, mode)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for f in findings {
                stmt.execute(params![
                    run.0,
                    f.seq as i64,
                    f.source_key,
                    f.target_id,
                    f.field,
                    f.prior.to_string(),
                    f.mode.as_str()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// What the Day-Zero guard found in a run, in record order.
    pub fn guard_findings(&self, run: RunId) -> Result<Vec<GuardFinding>, StoreError> {
        let mut stmt = self.db.prepare(
            "SELECT seq, source_key, target_id, field, prior, mode FROM guard_findings
             WHERE run_id = ?1 ORDER BY seq, rowid",
        )?;
        let rows = stmt
            .query_map([run.0], finding_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Starts the undo run of `of` (mode `undo`, same option) and returns its id.
    pub fn begin_undo_run(&self, of: RunId, started_at: Timestamp) -> Result<RunId, StoreError> {
        let option = self.run(of)?.option;
        let id = self.begin_run(&option, RunMode::Undo, started_at)?;
        self.db.execute(
            "UPDATE runs SET undo_of = ?2 WHERE id = ?1",
            params![id.0, of.0],
        )?;
        Ok(id)
    }

    /// The run an undo run reverted (`None` for other runs).
    pub fn undo_of(&self, run: RunId) -> Result<Option<RunId>, StoreError> {
        let found: Option<Option<i64>> = self
            .db
            .query_row("SELECT undo_of FROM runs WHERE id = ?1", [run.0], |r| {
                r.get(0)
            })
            .optional()?;
        match found {
            None => Err(StoreError::NoSuchRun(run)),
            Some(of) => Ok(of.map(RunId)),
        }
    }

    /// The undo run that reverted `run`: the latest one still running or that went
    /// through (`succeeded` or `partial`). A failed or cancelled undo does not count.
    pub fn undone_by(&self, run: RunId) -> Result<Option<RunId>, StoreError> {
        Ok(self
            .db
            .query_row(
                "SELECT id FROM runs WHERE undo_of = ?1 AND status IN (?2, ?3, ?4)
                 ORDER BY id DESC LIMIT 1",
                params![
                    run.0,
                    RunStatus::Running.as_str(),
                    RunStatus::Succeeded.as_str(),
                    RunStatus::Partial.as_str()
                ],
                |r| r.get(0),
            )
            .optional()?
            .map(RunId))
    }
}
