//! What the folder watcher and the notifications keep in the workspace: the files of a
//! watched folder taken but not yet moved (so a restart never imports a file twice), and
//! the warnings of a run (a notification mail that could not be sent does not fail the
//! run; it is recorded beside it).

use crate::runs::RunId;
use crate::{StoreError, Workspace};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// The SHA-256 of a dropped file's bytes, as hex.
pub fn file_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a dropped file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropState {
    /// Never taken (or moved away since): import it.
    New,
    /// Taken, but its run never finished (the process stopped): import it again; the
    /// insert journal keeps inserts from landing twice.
    Interrupted,
    /// Its run finished (`ok`: without a failure); only the move is left.
    Imported {
        /// The run.
        run: RunId,
        /// Whether it goes to `processed/` (else `failed/`).
        ok: bool,
    },
}

impl Workspace {
    /// Takes `file` (name and content hash) of `option`'s folder: what was done with it
    /// before. A file not seen before is recorded as taken.
    pub fn take_dropped_file(
        &self,
        option: &str,
        file: &str,
        sha256: &str,
    ) -> Result<DropState, StoreError> {
        let row: Option<(Option<i64>, Option<bool>)> = self
            .db
            .query_row(
                "SELECT run_id, ok FROM dropped_files WHERE option = ?1 AND file = ?2 AND sha256 = ?3",
                params![option, file, sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((Some(run), Some(ok))) => DropState::Imported {
                run: RunId(run),
                ok,
            },
            Some(_) => DropState::Interrupted,
            None => {
                self.db.execute(
                    "INSERT INTO dropped_files (option, file, sha256) VALUES (?1, ?2, ?3)",
                    params![option, file, sha256],
                )?;
                DropState::New
            }
        })
    }

    /// Records that the run of a taken file finished.
    pub fn dropped_file_imported(
        &self,
        option: &str,
        file: &str,
        sha256: &str,
        run: RunId,
        ok: bool,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE dropped_files SET run_id = ?4, ok = ?5
             WHERE option = ?1 AND file = ?2 AND sha256 = ?3",
            params![option, file, sha256, run.0, ok],
        )?;
        Ok(())
    }

    /// Forgets a file once it was moved out of the folder (the same file dropped again
    /// later is a new drop).
    pub fn dropped_file_moved(
        &self,
        option: &str,
        file: &str,
        sha256: &str,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "DELETE FROM dropped_files WHERE option = ?1 AND file = ?2 AND sha256 = ?3",
            params![option, file, sha256],
        )?;
        Ok(())
    }

    /// Adds a warning to run `run`.
    pub fn add_run_warning(&self, run: RunId, message: &str) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO run_warnings (run_id, seq, message)
             VALUES (?1, (SELECT COUNT(*) FROM run_warnings WHERE run_id = ?1), ?2)",
            params![run.0, message],
        )?;
        Ok(())
    }

    /// The warnings of run `run`, in the order they were added.
    pub fn run_warnings(&self, run: RunId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .db
            .prepare("SELECT message FROM run_warnings WHERE run_id = ?1 ORDER BY seq")?;
        let rows = stmt.query_map([run.0], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
