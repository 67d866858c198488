//! The configuration document as a whole (docs/config.md, `sync-central/1`): its top-level
//! keys, the workspace's mail server (`smtp`), and the parts of an option that are not about
//! moving records (`notify`, `watch`).

use crate::connections::Connection;
use crate::options::SyncOption;
use crate::schedule::Schedule;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The only document format this build reads and writes.
pub const FORMAT: &str = "sync-central/1";

/// A whole configuration document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Config {
    /// Always [`FORMAT`].
    pub format: String,
    #[serde(default)]
    /// The places data comes from and goes to.
    pub connections: Vec<Connection>,
    /// Origins (`scheme://host[:port]`) a connection may reach.
    #[serde(default)]
    pub remote_sites: Vec<String>,
    #[serde(default)]
    /// The syncs.
    pub options: Vec<SyncOption>,
    /// When options run on their own (`synccentral daemon`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    /// The mail server that run notifications go out through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp: Option<Smtp>,
}

impl Config {
    /// An empty document (what a new workspace holds).
    pub fn empty() -> Config {
        Config {
            format: FORMAT.to_string(),
            connections: Vec::new(),
            remote_sites: Vec::new(),
            options: Vec::new(),
            schedules: Vec::new(),
            smtp: None,
        }
    }

    /// The connection named `name`.
    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.name() == name)
    }

    /// The sync option named `name`.
    pub fn option(&self, name: &str) -> Option<&SyncOption> {
        self.options.iter().find(|o| o.name() == name)
    }

    /// The same document with every secret replaced by `"***"`.
    pub fn scrubbed(&self) -> Config {
        let mut c = self.clone();
        for conn in &mut c.connections {
            for (_, s) in conn.secrets_mut() {
                *s = Secret::placeholder();
            }
        }
        if let Some(p) = c.smtp.as_mut().and_then(|s| s.password.as_mut()) {
            *p = Secret::placeholder();
        }
        c
    }
}

/// How the connection to the mail server is protected (`security`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with `STARTTLS` (required); default port 587.
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS); default port 465.
    Tls,
    /// No encryption; only for a server on loopback (127.0.0.1, ::1, localhost); default
    /// port 25.
    None,
}

impl SmtpSecurity {
    /// The usual port of the mode.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }
    }
}

/// The workspace's mail server (`smtp`): where run notifications are sent from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Smtp {
    /// The server's host name or address.
    pub host: String,
    /// Default: the security mode's usual port (587, 465 or 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `starttls` (default), `tls`, or `none` (loopback only).
    #[serde(default)]
    pub security: SmtpSecurity,
    /// The user to log in as; no login without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The password (a secret, stored encrypted like the connections' secrets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// The sender, `sync@example.com` or `Sync Central <sync@example.com>`.
    pub from: String,
}

impl Smtp {
    /// The port to connect to: the one given, else the security mode's usual one.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.security.default_port())
    }
}

/// When an option's run log is mailed (`notify.when`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum NotifyWhen {
    /// When a run did not succeed cleanly: failed, some records failed, stopped at the
    /// quota, or skipped because a parent failed (default).
    #[default]
    Failure,
    /// After every run.
    Always,
}

/// Mailing an option's runs (`notify`), through the workspace's `smtp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Notify {
    /// The addresses the run log goes to.
    pub to: Vec<String>,
    /// `failure` (default) or `always`.
    #[serde(default)]
    pub when: NotifyWhen,
    /// Exports in CSV: the exported file is attached to the mail (which then goes out
    /// after every run that wrote records, whatever `when` says).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub attach_export: bool,
}

/// Watching a folder for files to import (`watch` of an import option): each new JSON or
/// CSV file is imported like a pushed payload, then moved to `processed/` or `failed/`
/// beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Watch {
    /// The folder to watch (absolute, or relative to where the watcher runs).
    pub folder: String,
    /// Which file names to take: a glob with `*` and `?` (`invoices-*.json`); default every
    /// `.json` and `.csv` file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The encoding of the files' text, when it is not UTF-8 (or told by a byte order mark):
    /// a label such as `windows-1252`, `iso-8859-1` or `shift_jis`. Without it a file that is
    /// not UTF-8 is refused (moved to `failed/`), never guessed at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}
