//! The app's users in the API layer: logging in and out, the session (current user and role)
//! held in the [`AppWorkspace`], the forced password change, the admin's users screen and
//! audit log, and the role checks every mutating function calls first:
//! [`require_admin`] (connections, remote sites, options, schedules, users) and
//! [`require_user`] (runs, previews, logs). A refusal is `{code: "FORBIDDEN", message}`.
//!
//! A host with direct access to the workspace file (the CLI) acts through
//! [`AppWorkspace::act_with_file_access`]: whoever can write the file can change it anyway.

use crate::workspace::{store_error, AppWorkspace};
use crate::ApiError;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;
use synccentral_store::{Role, UserError, Workspace};
use ts_rs::TS;

/// Codes of the users' errors.
pub mod codes {
    /// The signed-in user's role may not do this.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// Nobody is signed in.
    pub const NOT_SIGNED_IN: &str = "NOT_SIGNED_IN";
    /// The user must change their password before anything else.
    pub const PASSWORD_CHANGE_REQUIRED: &str = "PASSWORD_CHANGE_REQUIRED";
    /// Wrong user name or password.
    pub const LOGIN_FAILED: &str = "LOGIN_FAILED";
    /// Too many failed logins: the account is locked for a while.
    pub const ACCOUNT_LOCKED: &str = "ACCOUNT_LOCKED";
    /// A new password breaks the policy, or a user name is not valid.
    pub const INVALID_USER: &str = "INVALID_USER";
}

/// Who is signed in to an [`AppWorkspace`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The user's name (`os:<name>` for a host with direct access to the file).
    pub user: String,
    /// `admin` or `operator`.
    pub role: String,
    /// Nothing else is allowed until the password is changed.
    pub must_change_password: bool,
}

impl Session {
    fn is_admin(&self) -> bool {
        self.role == Role::Admin.as_str()
    }
}

/// A user as the Users screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub name: String,
    pub role: String,
    pub must_change_password: bool,
    /// Until when logins are refused (RFC 3339), when locked.
    pub locked_until: Option<String>,
}

/// An entry of the audit log.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditView {
    #[ts(type = "number")]
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

fn user_error(e: UserError) -> ApiError {
    let code = match &e {
        UserError::WrongCredentials => codes::LOGIN_FAILED,
        UserError::Locked { .. } => codes::ACCOUNT_LOCKED,
        UserError::Weak(_) | UserError::Unchanged | UserError::BadName(_) => codes::INVALID_USER,
        UserError::Exists(_) => codes::INVALID_USER,
        UserError::NoSuchUser(_) => crate::codes::NOT_FOUND,
        UserError::Hash(_) | UserError::Store(_) => crate::codes::WORKSPACE_ERROR,
    };
    ApiError::new(code, e.to_string())
}

fn open(app: &AppWorkspace) -> Result<Workspace, ApiError> {
    Workspace::open(app.path()).map_err(store_error)
}

fn session_of(user: &synccentral_store::User) -> Session {
    Session {
        user: user.name.clone(),
        role: user.role.as_str().to_string(),
        must_change_password: user.must_change_password,
    }
}

impl AppWorkspace {
    /// Acts as an admin named `os:<os_user>`: for a host that opened the workspace file
    /// itself (the CLI), which could change it without the app anyway.
    pub fn act_with_file_access(&self, os_user: &str) {
        self.set_session(Some(Session {
            user: format!("os:{os_user}"),
            role: Role::Admin.as_str().to_string(),
            must_change_password: false,
        }));
    }

    fn set_session(&self, session: Option<Session>) {
        // What one user picked is not another's to read.
        self.picked.forget();
        if let Ok(mut s) = self.session.lock() {
            *s = session;
        }
    }
}

/// Who is signed in, if anyone.
pub fn current_session(app: &AppWorkspace) -> Option<Session> {
    app.session.lock().ok().and_then(|s| s.clone())
}

/// Signs in (signing out whoever was). A workspace without users gets `admin` with the
/// default password first (see README); a locked account is refused with `ACCOUNT_LOCKED`
/// and the time it unlocks.
pub fn log_in(app: &AppWorkspace, user: &str, password: &str) -> Result<Session, ApiError> {
    // Whoever was signed in is signed out, also when this login fails.
    app.set_session(None);
    let ws = open(app)?;
    let now = Timestamp::now();
    ws.ensure_default_admin(now).map_err(user_error)?;
    let found = ws.log_in(user.trim(), password, now).map_err(user_error)?;
    let session = session_of(&found);
    app.set_session(Some(session.clone()));
    Ok(session)
}

/// Signs out.
pub fn log_out(app: &AppWorkspace) {
    app.set_session(None);
}

/// The signed-in user, who has no pending password change; else `NOT_SIGNED_IN` or
/// `PASSWORD_CHANGE_REQUIRED`. Every function that reads the workspace or runs calls it.
pub fn require_user(app: &AppWorkspace) -> Result<Session, ApiError> {
    let session =
        current_session(app).ok_or_else(|| ApiError::new(codes::NOT_SIGNED_IN, "sign in first"))?;
    if session.must_change_password {
        return Err(ApiError::new(
            codes::PASSWORD_CHANGE_REQUIRED,
            format!("{} must change their password first", session.user),
        ));
    }
    Ok(session)
}

/// [`require_user`], who must be an admin: else `FORBIDDEN`. Every function that changes
/// the configuration or the users calls it.
pub fn require_admin(app: &AppWorkspace) -> Result<Session, ApiError> {
    let session = require_user(app)?;
    if !session.is_admin() {
        return Err(ApiError::new(
            codes::FORBIDDEN,
            format!(
                "{} is an {}: only an admin may change connections, remote sites, options, schedules or users",
                session.user, session.role
            ),
        ));
    }
    Ok(session)
}

/// Records `action` with `detail` in the audit log, as the signed-in user.
pub fn audit(
    app: &AppWorkspace,
    ws: &Workspace,
    action: &str,
    detail: &str,
) -> Result<(), ApiError> {
    let actor = current_session(app).map_or_else(|| "unknown".to_string(), |s| s.user);
    ws.record_audit(Timestamp::now(), &actor, action, detail)
        .map_err(store_error)
}

/// Records what changed from `before` to `after` (configuration documents, secrets as
/// `"***"`) as one `config.change` entry; nothing when nothing changed.
pub fn audit_changes(
    app: &AppWorkspace,
    ws: &Workspace,
    before: &Value,
    after: &Value,
) -> Result<(), ApiError> {
    let changes = synccentral_store::audit::config_changes(before, after);
    if changes.is_empty() {
        return Ok(());
    }
    audit(app, ws, "config.change", &changes.join("; "))
}

/// The configuration as the audit log compares it (secrets as `"***"`; null when it cannot
/// be read), taken before and after a change.
pub fn config_snapshot(ws: &Workspace) -> Value {
    ws.config_scrubbed()
        .ok()
        .and_then(|c| serde_json::to_value(c).ok())
        .unwrap_or_default()
}

/// Records a change of the configuration from a file (`source`) as `action`, what changed
/// from `before` to `after` ("no change" when nothing did), as the signed-in user.
pub fn audit_config_from(
    app: &AppWorkspace,
    ws: &Workspace,
    action: &str,
    before: &Value,
    after: &Value,
    source: &str,
) -> Result<(), ApiError> {
    let changes = synccentral_store::audit::config_changes(before, after);
    let what = if changes.is_empty() {
        "no change".to_string()
    } else {
        changes.join("; ")
    };
    audit(app, ws, action, &format!("{what} (from {source})"))
}

/// Makes sure the workspace has users: one without gets `admin` with the default password
/// (see README), as the first login does.
pub fn ensure_users(app: &AppWorkspace) -> Result<(), ApiError> {
    open(app)?
        .ensure_default_admin(Timestamp::now())
        .map_err(user_error)?;
    Ok(())
}

/// Changes the signed-in user's password (the current one is checked; failures count
/// towards the lockout). Clears a forced change.
pub fn change_password(app: &AppWorkspace, current: &str, new: &str) -> Result<Session, ApiError> {
    let session =
        current_session(app).ok_or_else(|| ApiError::new(codes::NOT_SIGNED_IN, "sign in first"))?;
    let ws = open(app)?;
    let user = ws
        .change_password(&session.user, current, new, Timestamp::now())
        .map_err(user_error)?;
    let session = session_of(&user);
    app.set_session(Some(session.clone()));
    audit(
        app,
        &ws,
        "user.password",
        &format!("user \"{}\" changed their password", user.name),
    )?;
    Ok(session)
}

fn user_view(u: &synccentral_store::User) -> UserView {
    UserView {
        name: u.name.clone(),
        role: u.role.as_str().to_string(),
        must_change_password: u.must_change_password,
        locked_until: u.locked_until.map(|t| t.to_string()),
    }
}

/// The users (admin only).
pub fn list_users(app: &AppWorkspace) -> Result<Vec<UserView>, ApiError> {
    require_admin(app)?;
    let ws = open(app)?;
    Ok(ws
        .users()
        .map_err(store_error)?
        .iter()
        .map(user_view)
        .collect())
}

/// Adds a user with a first password they change at their first login (admin only).
pub fn add_user(
    app: &AppWorkspace,
    name: &str,
    role: &str,
    password: &str,
) -> Result<UserView, ApiError> {
    require_admin(app)?;
    let role = Role::parse(role).ok_or_else(|| {
        ApiError::new(
            codes::INVALID_USER,
            format!("\"{role}\" is not a role: admin or operator"),
        )
    })?;
    let ws = open(app)?;
    let user = ws
        .add_user(name.trim(), role, password, Timestamp::now())
        .map_err(user_error)?;
    audit(
        app,
        &ws,
        "user.add",
        &format!("user \"{}\" added ({role})", user.name),
    )?;
    Ok(user_view(&user))
}

/// Gives another user a new password, to be changed at their next login, and unlocks
/// them (admin only).
pub fn reset_password(
    app: &AppWorkspace,
    name: &str,
    password: &str,
) -> Result<UserView, ApiError> {
    require_admin(app)?;
    let ws = open(app)?;
    let user = ws.reset_password(name, password).map_err(user_error)?;
    audit(
        app,
        &ws,
        "user.reset",
        &format!("password of user \"{name}\" reset"),
    )?;
    Ok(user_view(&user))
}

/// The newest `limit` audit entries, newest first (admin only).
pub fn audit_log(app: &AppWorkspace, limit: usize) -> Result<Vec<AuditView>, ApiError> {
    require_admin(app)?;
    let ws = open(app)?;
    Ok(ws
        .audit_log(limit)
        .map_err(store_error)?
        .into_iter()
        .map(|e| AuditView {
            id: e.id,
            at: e.at.to_string(),
            actor: e.actor,
            action: e.action,
            detail: e.detail,
        })
        .collect())
}
