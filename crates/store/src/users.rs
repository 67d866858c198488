//! The app's users: names, roles (`admin` may do everything, `operator` runs and reads),
//! argon2id password hashes, the forced change of a default or reset password, and the
//! lockout after repeated failed logins (a delay that doubles with each further failure).
//!
//! A workspace without users gets [`DEFAULT_ADMIN`] with [`DEFAULT_PASSWORD`], which must
//! be changed at its first login. Time is passed in.

use crate::{StoreError, Workspace};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, OptionalExtension};

/// The user a new workspace gets.
pub const DEFAULT_ADMIN: &str = "admin";
/// Its password until the first login changes it.
pub const DEFAULT_PASSWORD: &str = "sync-central";
/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Failed logins in a row before the account is locked.
pub const LOCK_AFTER: u32 = 5;
/// The first lock's length; each further failure doubles it, up to [`MAX_LOCK`].
pub const FIRST_LOCK: SignedDuration = SignedDuration::from_secs(30);
/// The longest lock.
pub const MAX_LOCK: SignedDuration = SignedDuration::from_secs(15 * 60);

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything: connections, options, schedules, users, the audit log.
    Admin,
    /// Runs, previews, run logs and diffs; no configuration changes.
    Operator,
}

impl Role {
    /// `admin` or `operator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
        }
    }

    /// Reads `admin` or `operator`.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user as listed (never the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The login name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// The password is a default or was reset: it must be changed before anything else.
    pub must_change_password: bool,
    /// Failed logins since the last good one.
    pub failures: u32,
    /// Until when logins are refused, if locked.
    pub locked_until: Option<Timestamp>,
    /// When the user was created.
    pub created: Timestamp,
}

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters (it has {0})")]
    /// Shorter than [`MIN_PASSWORD_CHARS`].
    TooShort(usize),
    #[error("the password must not be the user name")]
    /// The user name, in any case.
    IsUserName,
    #[error("the password must not be the default password")]
    /// [`DEFAULT_PASSWORD`].
    IsDefault,
}

/// What can go wrong with users and logins.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("wrong user name or password")]
    /// Unknown user or wrong password (not told apart).
    WrongCredentials,
    #[error("too many failed logins for \"{user}\": try again after {until}")]
    /// The account is locked until `until`.
    Locked {
        /// The user.
        user: String,
        /// When logins are accepted again.
        until: Timestamp,
    },
    #[error(transparent)]
    /// The new password breaks the policy.
    Weak(#[from] PasswordProblem),
    #[error("the new password must differ from the current one")]
    /// The new password is the current one.
    Unchanged,
    #[error("there is no user \"{0}\"")]
    /// No user has this name.
    NoSuchUser(String),
    #[error("a user \"{0}\" already exists")]
    /// The name is taken.
    Exists(String),
    #[error("\"{0}\" is not a valid user name (1 to 64 letters, digits, '.', '-', '_' or '@')")]
    /// The name has other characters or is empty.
    BadName(String),
    #[error("cannot hash the password: {0}")]
    /// The hasher failed.
    Hash(String),
    #[error(transparent)]
    /// The workspace failed.
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for UserError {
    fn from(e: rusqlite::Error) -> Self {
        UserError::Store(e.into())
    }
}

/// Checks `password` for `user` against the policy: at least [`MIN_PASSWORD_CHARS`]
/// characters, not the user name, not the default password.
pub fn check_password(user: &str, password: &str) -> Result<(), PasswordProblem> {
    if password == DEFAULT_PASSWORD {
        return Err(PasswordProblem::IsDefault);
    }
    if password.trim().eq_ignore_ascii_case(user.trim()) {
        return Err(PasswordProblem::IsUserName);
    }
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort(n));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), UserError> {
    let ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(())
    } else {
        Err(UserError::BadName(name.to_string()))
    }
}

fn hash(password: &str) -> Result<String, UserError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UserError::Hash(e.to_string()))
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// How long the account stays locked after `failures` failed logins in a row.
pub fn lock_length(failures: u32) -> Option<SignedDuration> {
    let over = failures.checked_sub(LOCK_AFTER)?;
    let secs = FIRST_LOCK
        .as_secs()
        .saturating_mul(1i64 << over.min(20))
        .min(MAX_LOCK.as_secs());
    Some(SignedDuration::from_secs(secs))
}

const COLUMNS: &str = "name, role, must_change, failures, locked_until, created";

fn user_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, bool, u32, Option<String>, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_user(
    (name, role, must_change, failures, locked, created): (
        String,
        String,
        bool,
        u32,
        Option<String>,
        String,
    ),
) -> Result<User, StoreError> {
    let time = |t: &str| {
        t.parse::<Timestamp>()
            .map_err(|e| StoreError::Corrupt(format!("user time \"{t}\": {e}")))
    };
    Ok(User {
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("the role \"{role}\"")))?,
        must_change_password: must_change,
        failures,
        locked_until: locked.as_deref().map(time).transpose()?,
        created: time(&created)?,
        name,
    })
}

impl Workspace {
    /// Creates [`DEFAULT_ADMIN`] with [`DEFAULT_PASSWORD`] (to be changed at the first
    /// login) when the workspace has no user; `true` when it did.
    pub fn ensure_default_admin(&self, now: Timestamp) -> Result<bool, UserError> {
        let count: i64 = self
            .db
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
        if count > 0 {
            return Ok(false);
        }
        self.db.execute(
            "INSERT INTO users (name, role, hash, must_change, created) VALUES (?1, 'admin', ?2, 1, ?3)",
            params![DEFAULT_ADMIN, hash(DEFAULT_PASSWORD)?, now.to_string()],
        )?;
        Ok(true)
    }

    /// The users, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut stmt = self
            .db
            .prepare(&format!("SELECT {COLUMNS} FROM users ORDER BY name"))?;
        let rows = stmt.query_map([], user_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(to_user(row?)?);
        }
        Ok(out)
    }

    /// The user named `name`.
    pub fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.db
            .query_row(
                &format!("SELECT {COLUMNS} FROM users WHERE name = ?1"),
                [name],
                user_row,
            )
            .optional()?
            .map(to_user)
            .transpose()
    }

    /// Adds a user with a first password (checked against the policy), to be changed at
    /// the user's first login.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        password: &str,
        now: Timestamp,
    ) -> Result<User, UserError> {
        check_name(name)?;
        check_password(name, password)?;
        if self.user(name)?.is_some() {
            return Err(UserError::Exists(name.to_string()));
        }
        self.db.execute(
            "INSERT INTO users (name, role, hash, must_change, created) VALUES (?1, ?2, ?3, 1, ?4)",
            params![name, role.as_str(), hash(password)?, now.to_string()],
        )?;
        self.user(name)?
            .ok_or_else(|| UserError::NoSuchUser(name.to_string()))
    }

    /// Checks a login. A locked account is refused whatever the password; a wrong password
    /// counts a failure, and the [`LOCK_AFTER`]th in a row locks the account
    /// ([`lock_length`]). A good login clears the count. A name that is no user counts and
    /// locks the same way (in `login_attempts`), so the answers never tell whether a name
    /// exists. Each failure is counted in one statement: two logins at once both count.
    pub fn log_in(&self, name: &str, password: &str, now: Timestamp) -> Result<User, UserError> {
        let stored: Option<(String, Option<String>)> = self
            .db
            .query_row(
                "SELECT hash, locked_until FROM users WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (table, locked, good) = match &stored {
            Some((hash, locked)) => ("users", locked.clone(), verify(password, hash)),
            None => {
                // Hash anyway, so an unknown name takes as long as a wrong password.
                let _ = hash(password);
                let locked: Option<Option<String>> = self
                    .db
                    .query_row(
                        "SELECT locked_until FROM login_attempts WHERE name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .optional()?;
                ("login_attempts", locked.flatten(), false)
            }
        };
        if let Some(until) = locked.and_then(|t| t.parse::<Timestamp>().ok()) {
            if until > now {
                return Err(UserError::Locked {
                    user: name.to_string(),
                    until,
                });
            }
        }
        if !good {
            let failures: u32 = if table == "users" {
                self.db.query_row(
                    "UPDATE users SET failures = failures + 1 WHERE name = ?1 RETURNING failures",
                    [name],
                    |r| r.get(0),
                )?
            } else {
                self.db.query_row(
                    "INSERT INTO login_attempts (name, failures) VALUES (?1, 1)
                     ON CONFLICT (name) DO UPDATE SET failures = failures + 1
                     RETURNING failures",
                    [name],
                    |r| r.get(0),
                )?
            };
            let until = lock_length(failures).map(|d| now + d);
            if let Some(until) = until {
                self.db.execute(
                    &format!("UPDATE {table} SET locked_until = ?2 WHERE name = ?1"),
                    params![name, until.to_string()],
                )?;
            }
            return Err(match until {
                Some(until) => UserError::Locked {
                    user: name.to_string(),
                    until,
                },
                None => UserError::WrongCredentials,
            });
        }
        self.db.execute(
            "UPDATE users SET failures = 0, locked_until = NULL WHERE name = ?1",
            [name],
        )?;
        self.user(name)?
            .ok_or_else(|| UserError::NoSuchUser(name.to_string()))
    }

    /// The user changes their own password: the current one is checked like a login
    /// (failures count), the new one against the policy. Clears the forced change.
    pub fn change_password(
        &self,
        name: &str,
        current: &str,
        new: &str,
        now: Timestamp,
    ) -> Result<User, UserError> {
        self.log_in(name, current, now)?;
        check_password(name, new)?;
        if new == current {
            return Err(UserError::Unchanged);
        }
        self.db.execute(
            "UPDATE users SET hash = ?2, must_change = 0 WHERE name = ?1",
            params![name, hash(new)?],
        )?;
        self.user(name)?
            .ok_or_else(|| UserError::NoSuchUser(name.to_string()))
    }

    /// Sets another password for `name` (an admin's reset, or the recovery path with the
    /// workspace file), unlocks the account, and makes the user change it at the next login.
    pub fn reset_password(&self, name: &str, password: &str) -> Result<User, UserError> {
        check_password(name, password)?;
        let changed = self.db.execute(
            "UPDATE users SET hash = ?2, must_change = 1, failures = 0, locked_until = NULL
             WHERE name = ?1",
            params![name, hash(password)?],
        )?;
        if changed == 0 {
            return Err(UserError::NoSuchUser(name.to_string()));
        }
        self.user(name)?
            .ok_or_else(|| UserError::NoSuchUser(name.to_string()))
    }
}
