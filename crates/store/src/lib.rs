//! The Sync Central workspace: one SQLite file holding the configuration (connections,
//! remote sites, sync options), the connections' secrets (encrypted), runs with their
//! per-record results, incremental checkpoints and the insert journal.
//!
//! No network, no Tauri, no hidden clock: callers pass timestamps in.
//!
//! - [`Workspace::open`] opens (creating and migrating) a workspace file; [`default_path`]
//!   is where the CLI and the app keep theirs.
//! - [`config`] is the configuration document, [`validate`] checks it purely and collects
//!   every problem; [`Workspace::import_config`] / [`Workspace::export_config`] store and
//!   give it back (`config.rs`, `validate.rs`, `config_store.rs`).
//! - [`secrets`]: the master key (OS keychain or key file) and XChaCha20-Poly1305.
//! - [`runs`]: runs, record results, checkpoints, the insert journal, retention.
//! - [`export`]: a run's success and error files (CSV or XLSX).
//! - [`undo`]: the prior values a run replaced, the Day-Zero guard's findings, undo runs.
//! - [`users`]: the app's users (argon2id), roles, lockout; [`audit`]: who changed what.
//!
//! Schema changes are plain `.sql` files in `migrations/`, embedded at build time and
//! applied in order by `rusqlite_migration` (the schema version is SQLite's `user_version`).

#![warn(missing_docs)]

pub mod accepted;
pub mod audit;
pub mod config;
mod config_store;
pub mod drops;
pub mod export;
pub mod runs;
pub mod schedule;
pub mod secrets;
pub mod tokens;
pub mod undo;
pub mod users;
pub mod validate;

pub use audit::AuditEntry;
pub use config::{Config, Connection, Secret, SyncOption};
pub use config_store::{
    check_format, ChangeKind, ImportPreview, ImportSummary, InScope, ItemChange, Scope,
};
pub use export::{ExportedFiles, FileFormat};
pub use runs::{
    Action, ApiCalls, Checkpoint, Counts, JournalEntry, JournalState, RecordFilter, RecordResult,
    Run, RunId, RunMode, RunStatus,
};
pub use schedule::{LockHolder, Schedule, ScheduleMode};
pub use secrets::{KeyError, KeyOrigin, MasterKey};
pub use tokens::TokenInfo;
pub use undo::{GuardFinding, PriorRecord};
pub use users::{Role, User, UserError};
pub use validate::ConfigIssue;

use rusqlite::{Connection as Db, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// The migrations, in order; migration N brings the schema to version N.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_config.sql"),
    include_str!("../migrations/0002_runs.sql"),
    include_str!("../migrations/0003_journal_payload.sql"),
    include_str!("../migrations/0004_schedules.sql"),
    include_str!("../migrations/0005_tokens.sql"),
    include_str!("../migrations/0006_notify.sql"),
    include_str!("../migrations/0007_diff_accepted.sql"),
    include_str!("../migrations/0008_undo.sql"),
    include_str!("../migrations/0009_users.sql"),
    include_str!("../migrations/0010_login_attempts.sql"),
    include_str!("../migrations/0011_run_api_calls.sql"),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Environment variable naming the workspace file (the CLI's `--workspace`).
pub const WORKSPACE_ENV: &str = "SYNCCENTRAL_WORKSPACE";

/// Setting: how many runs to keep (default [`DEFAULT_RUNS_KEEP`]).
pub const RUNS_KEEP: &str = "runs.keep";
/// Runs kept when `runs.keep` is not set.
pub const DEFAULT_RUNS_KEEP: usize = 50;

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The default workspace file: `<platform data dir>/sync-central/workspace.db`
/// (`~/.local/share/…` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows). `None` when the platform has no data directory.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("sync-central").join("workspace.db"))
}

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the workspace {path}: {source}")]
    /// The file could not be opened as SQLite.
    Open {
        /// The file concerned.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    #[error("cannot create the folder of the workspace {path}: {source}")]
    /// The workspace's folder could not be created.
    Folder {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    #[error("the workspace {path} has schema version {found}, but this build of Sync Central knows versions up to {known}: open it with a newer Sync Central")]
    /// The workspace was written by a newer build.
    TooNew {
        /// The file concerned.
        path: PathBuf,
        /// The workspace's version.
        found: usize,
        /// The newest version this build knows.
        known: usize,
    },
    #[error("cannot migrate the workspace {path}: {source}")]
    /// A migration failed.
    Migrate {
        /// The file concerned.
        path: PathBuf,
        /// The migration error.
        source: rusqlite_migration::Error,
    },
    #[error("workspace database: {0}")]
    /// An SQLite error.
    Sql(#[from] rusqlite::Error),
    #[error("the configuration has {} problem{}", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    /// The configuration has problems (all of them).
    Invalid(Vec<ConfigIssue>),
    #[error(transparent)]
    /// The master key could not be had.
    Key(#[from] KeyError),
    #[error("cannot decrypt the secret {field} of connection \"{connection}\": {reason}")]
    /// A stored secret could not be decrypted.
    Secret {
        /// The connection's name.
        connection: String,
        /// The secret's pointer in the connection (`/auth/password`).
        field: String,
        /// Why.
        reason: String,
    },
    #[error("no connection named \"{0}\" in the workspace")]
    /// No connection has this name.
    NoSuchConnection(String),
    #[error("no run with id {0}")]
    /// No run has this id (it may have been pruned).
    NoSuchRun(RunId),
    #[error("the workspace holds data this build cannot read ({0})")]
    /// Stored data this build cannot read.
    Corrupt(String),
    #[error("the file is in format {found}, written by a newer Sync Central; this build reads {known}: update Sync Central to import it")]
    /// A configuration document from a newer format version.
    NewerFormat {
        /// The document's `format`.
        found: String,
        /// The format this build reads.
        known: String,
    },
    #[error("cannot write {path}: {message}")]
    /// An export file could not be written.
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Where a workspace gets its master key.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// `SYNCCENTRAL_MASTER_KEY_FILE`, `workspace.key` next to the workspace, the OS
    /// keychain, or a new `workspace.key` (see [`secrets`]).
    Default,
    /// This key file (created when missing).
    File(PathBuf),
    /// This key.
    Key(MasterKey),
}

/// An open workspace. Not `Sync`: open one per thread (SQLite's WAL lets them share the
/// file).
pub struct Workspace {
    db: Db,
    path: PathBuf,
    key_source: KeySource,
    key: RefCell<Option<MasterKey>>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("path", &self.path)
            .finish()
    }
}

const KEY_CHECK: &str = "secrets.keyCheck";
const KEY_KIND: &str = "secrets.keyKind";
const KEY_CHECK_AAD: &[u8] = b"sync-central/key-check";

impl Workspace {
    /// Opens the workspace at `path`, creating it (and its folder) when missing and
    /// migrating it to [`SCHEMA_VERSION`]. The master key is found on first use (see
    /// [`KeySource::Default`]). A workspace written by a newer build is refused, untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Workspace, StoreError> {
        Workspace::open_with(path, KeySource::Default)
    }

    /// [`Workspace::open`] with the master key taken from `key`.
    pub fn open_with(path: impl AsRef<Path>, key: KeySource) -> Result<Workspace, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: path.clone(),
                source,
            })?;
        }
        let open_err = |source| StoreError::Open {
            path: path.clone(),
            source,
        };
        let mut db = Db::open(&path).map_err(open_err)?;
        // Read the version before anything writes: a newer workspace stays as it was.
        let found: i64 = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        let found = usize::try_from(found).unwrap_or(usize::MAX);
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found,
                known: SCHEMA_VERSION,
            });
        }
        db.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_err)?;
        db.pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| db.pragma_update(None, "foreign_keys", "ON"))
            .map_err(open_err)?;
        migrations()
            .to_latest(&mut db)
            .map_err(|source| StoreError::Migrate {
                path: path.clone(),
                source,
            })?;
        Ok(Workspace {
            db,
            path,
            key_source: key,
            key: RefCell::new(None),
        })
    }

    /// The workspace file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open workspace (always [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let v: i64 = self
            .db
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(v as usize)
    }

    /// A setting's value (`runs.keep`), if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// How many runs are kept (`runs.keep`, default 50; at least 1).
    pub fn runs_keep(&self) -> Result<usize, StoreError> {
        Ok(self
            .setting(RUNS_KEEP)?
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(DEFAULT_RUNS_KEEP)
            .max(1))
    }

    /// The master key, found (and checked against the workspace) on first use. The first
    /// key used with a workspace is recorded: a different one later is
    /// [`KeyError::WrongKey`].
    pub(crate) fn master_key(&self) -> Result<MasterKey, StoreError> {
        if let Some(k) = self.key.borrow().as_ref() {
            return Ok(k.clone());
        }
        let recorded = self.setting(KEY_KIND)?;
        let (key, origin) = match &self.key_source {
            KeySource::Default => secrets::resolve(&self.path, recorded.as_deref())?,
            KeySource::File(p) => (
                secrets::load_or_create_key_file(p)?,
                KeyOrigin::File(p.clone()),
            ),
            KeySource::Key(k) => (k.clone(), KeyOrigin::Given),
        };
        match self.setting(KEY_CHECK)? {
            Some(text) => {
                let sealed = decode_sealed(&text)
                    .ok_or_else(|| StoreError::Corrupt("the key check value".to_string()))?;
                if key.open(&sealed, KEY_CHECK_AAD).is_err() {
                    return Err(KeyError::WrongKey { origin }.into());
                }
            }
            None => {
                let sealed = key.seal(b"sync-central", KEY_CHECK_AAD);
                self.set_setting(KEY_CHECK, &encode_sealed(&sealed))?;
                self.set_setting(KEY_KIND, origin.kind())?;
            }
        }
        *self.key.borrow_mut() = Some(key.clone());
        Ok(key)
    }
}

fn encode_sealed(s: &secrets::Sealed) -> String {
    use base64::Engine as _;
    let b = base64::engine::general_purpose::STANDARD;
    format!("{}:{}", b.encode(&s.nonce), b.encode(&s.ciphertext))
}

fn decode_sealed(text: &str) -> Option<secrets::Sealed> {
    use base64::Engine as _;
    let b = base64::engine::general_purpose::STANDARD;
    let (n, c) = text.split_once(':')?;
    Some(secrets::Sealed {
        nonce: b.decode(n).ok()?,
        ciphertext: b.decode(c).ok()?,
    })
}

#[cfg(test)]
mod tests;
