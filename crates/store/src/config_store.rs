//! Storing the configuration document in the workspace and giving it back: connections and
//! options as JSON rows (secrets replaced by `"***"`), secrets apart and encrypted, remote
//! sites in order. An import replaces the whole configuration in one transaction.

use crate::config::{Config, Connection, Secret, SyncOption};
use crate::secrets::Sealed;
use crate::validate::{validate, ConfigIssue};
use crate::{StoreError, Workspace};
use rusqlite::params;
use serde_json::Value;
use std::collections::HashMap;

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ImportSummary {
    /// Connections stored.
    pub connections: usize,
    /// Remote sites stored.
    pub remote_sites: usize,
    /// Options stored.
    pub options: usize,
    /// Secrets given in the document (encrypted and stored).
    pub secrets_set: usize,
    /// Secrets given as `"***"` that kept the stored value.
    pub secrets_kept: usize,
}

/// The associated data of the mail server's password.
const SMTP_AAD: &[u8] = b"sync-central/smtp\0/password";

/// The associated data that binds a secret to its connection and field.
fn aad(connection: &str, field: &str) -> Vec<u8> {
    format!("sync-central/secret\0{connection}\0{field}").into_bytes()
}

impl Workspace {
    /// Validates `doc` and, when it is valid, replaces the workspace's configuration with it
    /// in one transaction. A secret given as `"***"` keeps the value stored for the same
    /// connection name and field; one with nothing stored is a problem. On any problem
    /// nothing changes and [`StoreError::Invalid`] lists them all.
    pub fn import_config(&self, doc: &Value) -> Result<ImportSummary, StoreError> {
        let config = validate(doc).map_err(StoreError::Invalid)?;
        let stored = self.sealed_secrets()?;
        let stored_smtp = self.sealed_smtp_password()?;
        let issues = self.kept_secret_issues(&config, &stored, stored_smtp.as_ref())?;
        if !issues.is_empty() {
            return Err(StoreError::Invalid(issues));
        }
        let needs_key = config
            .connections
            .iter()
            .flat_map(|c| c.secrets())
            .any(|(_, s)| !s.is_placeholder())
            || config
                .smtp
                .as_ref()
                .and_then(|s| s.password.as_ref())
                .is_some_and(|p| !p.is_placeholder());
        let key = if needs_key {
            Some(self.master_key()?)
        } else {
            None
        };

        let tx = self.db.unchecked_transaction()?;
        tx.execute_batch(
            "DELETE FROM connections; DELETE FROM secrets; DELETE FROM remote_sites;
             DELETE FROM sync_options; DELETE FROM schedules; DELETE FROM smtp;",
        )?;
        let mut summary = ImportSummary::default();
        for (i, c) in config.connections.iter().enumerate() {
            for (field, secret) in c.secrets() {
                let name = c.name().to_string();
                let sealed = if secret.is_placeholder() {
                    summary.secrets_kept += 1;
                    stored[&(name.clone(), field.to_string())].clone()
                } else {
                    summary.secrets_set += 1;
                    let key = key.as_ref().expect("a key was loaded for new secrets");
                    key.seal(secret.expose().as_bytes(), &aad(&name, field))
                };
                tx.execute(
                    "INSERT INTO secrets (connection, field, nonce, ciphertext) VALUES (?1, ?2, ?3, ?4)",
                    params![name, field, sealed.nonce, sealed.ciphertext],
                )?;
            }
            tx.execute(
                "INSERT INTO connections (name, position, kind, document) VALUES (?1, ?2, ?3, ?4)",
                params![c.name(), i as i64, c.kind(), to_json(&scrub(c))],
            )?;
            summary.connections += 1;
        }
        for (i, site) in config.remote_sites.iter().enumerate() {
            tx.execute(
                "INSERT INTO remote_sites (position, url) VALUES (?1, ?2)",
                params![i as i64, site],
            )?;
            summary.remote_sites += 1;
        }
        for (i, o) in config.options.iter().enumerate() {
            tx.execute(
                "INSERT INTO sync_options (name, position, direction, active, run_order, document)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    o.name(),
                    i as i64,
                    o.direction(),
                    o.active(),
                    o.order(),
                    to_json(o)
                ],
            )?;
            summary.options += 1;
        }
        for (i, s) in config.schedules.iter().enumerate() {
            tx.execute(
                "INSERT INTO schedules (position, document) VALUES (?1, ?2)",
                params![i as i64, to_json(s)],
            )?;
        }
        if let Some(smtp) = &config.smtp {
            let sealed = match &smtp.password {
                None => None,
                Some(p) if p.is_placeholder() => stored_smtp,
                Some(p) => {
                    summary.secrets_set += 1;
                    let key = key.as_ref().expect("a key was loaded for new secrets");
                    Some(key.seal(p.expose().as_bytes(), SMTP_AAD))
                }
            };
            let mut doc = smtp.clone();
            if doc.password.is_some() {
                doc.password = Some(Secret::placeholder());
            }
            tx.execute(
                "INSERT INTO smtp (id, document, nonce, ciphertext) VALUES (1, ?1, ?2, ?3)",
                params![
                    to_json(&doc),
                    sealed.as_ref().map(|s| s.nonce.clone()),
                    sealed.as_ref().map(|s| s.ciphertext.clone())
                ],
            )?;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The configuration with every secret as `"***"`. Needs no master key.
    pub fn config_scrubbed(&self) -> Result<Config, StoreError> {
        let mut config = Config::empty();
        let mut stmt = self
            .db
            .prepare("SELECT name, document FROM connections ORDER BY position")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (name, doc) = row?;
            config.connections.push(
                serde_json::from_str::<Connection>(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("connection \"{name}\": {e}")))?,
            );
        }
        let mut stmt = self
            .db
            .prepare("SELECT url FROM remote_sites ORDER BY position")?;
        config.remote_sites = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self
            .db
            .prepare("SELECT name, document FROM sync_options ORDER BY position")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (name, doc) = row?;
            config.options.push(
                serde_json::from_str::<SyncOption>(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("option \"{name}\": {e}")))?,
            );
        }
        let mut stmt = self
            .db
            .prepare("SELECT position, document FROM schedules ORDER BY position")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (i, doc) = row?;
            config.schedules.push(
                serde_json::from_str(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("schedule {i}: {e}")))?,
            );
        }
        let smtp: Option<String> = rusqlite::OptionalExtension::optional(self.db.query_row(
            "SELECT document FROM smtp WHERE id = 1",
            [],
            |r| r.get(0),
        ))?;
        if let Some(doc) = smtp {
            config.smtp = Some(
                serde_json::from_str(&doc)
                    .map_err(|e| StoreError::Corrupt(format!("smtp: {e}")))?,
            );
        }
        Ok(config)
    }

    /// The configuration with its secrets in clear (what connectors need). Needs the master
    /// key when any secret is stored.
    pub fn config(&self) -> Result<Config, StoreError> {
        let mut config = self.config_scrubbed()?;
        if let Some(sealed) = self.sealed_smtp_password()? {
            let key = self.master_key()?;
            let plain = key
                .open(&sealed, SMTP_AAD)
                .ok()
                .and_then(|p| String::from_utf8(p).ok())
                .ok_or_else(|| StoreError::Secret {
                    connection: "smtp".to_string(),
                    field: "/smtp/password".to_string(),
                    reason: "it does not decrypt with this workspace's master key".to_string(),
                })?;
            if let Some(s) = config.smtp.as_mut() {
                s.password = Some(Secret::new(plain));
            }
        }
        let stored = self.sealed_secrets()?;
        if stored.is_empty() {
            return Ok(config);
        }
        let key = self.master_key()?;
        for c in &mut config.connections {
            let name = c.name().to_string();
            for (field, secret) in c.secrets_mut() {
                let Some(sealed) = stored.get(&(name.clone(), field.to_string())) else {
                    continue;
                };
                let plain =
                    key.open(sealed, &aad(&name, field))
                        .map_err(|_| StoreError::Secret {
                            connection: name.clone(),
                            field: field.to_string(),
                            reason: "it does not decrypt with this workspace's master key"
                                .to_string(),
                        })?;
                *secret =
                    Secret::new(String::from_utf8(plain).map_err(|_| StoreError::Secret {
                        connection: name.clone(),
                        field: field.to_string(),
                        reason: "it is not UTF-8 text".to_string(),
                    })?);
            }
        }
        Ok(config)
    }

    /// The configuration to write out: scrubbed (`"***"`), or with its secrets in clear.
    pub fn export_config(&self, include_secrets: bool) -> Result<Config, StoreError> {
        if include_secrets {
            self.config()
        } else {
            self.config_scrubbed()
        }
    }

    /// Stores one secret of a connection (e.g. the refresh token a web or JWT login
    /// returned: `field` = `/auth/refreshToken`). The field must be a secret of that
    /// connection's kind and flow.
    pub fn set_secret(&self, connection: &str, field: &str, value: &str) -> Result<(), StoreError> {
        let doc: Option<String> = rusqlite::OptionalExtension::optional(self.db.query_row(
            "SELECT document FROM connections WHERE name = ?1",
            [connection],
            |r| r.get(0),
        ))?;
        let doc = doc.ok_or_else(|| StoreError::NoSuchConnection(connection.to_string()))?;
        let mut json: Value = serde_json::from_str(&doc)
            .map_err(|e| StoreError::Corrupt(format!("connection \"{connection}\": {e}")))?;
        let (parent, key) = field.rsplit_once('/').unwrap_or(("", field));
        let not_secret = || {
            StoreError::Invalid(vec![ConfigIssue::new(
                field,
                format!("not a secret field of connection \"{connection}\""),
            )])
        };
        match json.pointer_mut(parent).and_then(Value::as_object_mut) {
            Some(obj) => {
                obj.insert(
                    key.to_string(),
                    Value::String(Secret::PLACEHOLDER.to_string()),
                );
            }
            None => return Err(not_secret()),
        }
        let parsed: Connection = serde_json::from_value(json).map_err(|_| not_secret())?;
        if !parsed.secrets().iter().any(|(f, _)| *f == field) {
            return Err(not_secret());
        }
        let sealed = self
            .master_key()?
            .seal(value.as_bytes(), &aad(connection, field));
        let tx = self.db.unchecked_transaction()?;
        tx.execute(
            "UPDATE connections SET document = ?2 WHERE name = ?1",
            params![connection, to_json(&parsed)],
        )?;
        tx.execute(
            "INSERT INTO secrets (connection, field, nonce, ciphertext) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (connection, field) DO UPDATE
             SET nonce = excluded.nonce, ciphertext = excluded.ciphertext",
            params![connection, field, sealed.nonce, sealed.ciphertext],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn sealed_smtp_password(&self) -> Result<Option<Sealed>, StoreError> {
        type Blobs = (Option<Vec<u8>>, Option<Vec<u8>>);
        let row: Option<Blobs> = rusqlite::OptionalExtension::optional(self.db.query_row(
            "SELECT nonce, ciphertext FROM smtp WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        Ok(match row {
            Some((Some(nonce), Some(ciphertext))) => Some(Sealed { nonce, ciphertext }),
            _ => None,
        })
    }

    fn sealed_secrets(&self) -> Result<HashMap<(String, String), Sealed>, StoreError> {
        let mut stmt = self
            .db
            .prepare("SELECT connection, field, nonce, ciphertext FROM secrets")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                Sealed {
                    nonce: r.get(2)?,
                    ciphertext: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn scrub(c: &Connection) -> Connection {
    let mut c = c.clone();
    for (_, s) in c.secrets_mut() {
        *s = Secret::placeholder();
    }
    c
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("configuration types serialise")
}

/// Which part of a configuration an export carries or an import applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Everything.
    #[default]
    All,
    /// These options, the connections they use, the remote sites those connections reach
    /// and the schedules that run only these options.
    Options(Vec<String>),
}

/// The part of a document a [`Scope`] covers (the document's types are declared in
/// synccentral-model, so the store adds this as a trait).
pub trait InScope {
    /// The part of the document `scope` covers. An option name the document does not have
    /// is a problem (with its pointer `/options`).
    fn in_scope(&self, scope: &Scope) -> Result<Config, StoreError>;
}

impl InScope for Config {
    fn in_scope(&self, scope: &Scope) -> Result<Config, StoreError> {
        let Scope::Options(names) = scope else {
            return Ok(self.clone());
        };
        let mut issues = Vec::new();
        for n in names {
            if self.option(n).is_none() {
                let known: Vec<&str> = self.options.iter().map(|o| o.name()).collect();
                issues.push(ConfigIssue::new(
                    "/options",
                    format!(
                        "no option named \"{n}\" (the document has: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        if !issues.is_empty() {
            return Err(StoreError::Invalid(issues));
        }
        let options: Vec<SyncOption> = self
            .options
            .iter()
            .filter(|o| names.iter().any(|n| n == o.name()))
            .cloned()
            .collect();
        let used: Vec<String> = options.iter().flat_map(option_connections).collect();
        let connections: Vec<Connection> = self
            .connections
            .iter()
            .filter(|c| used.iter().any(|u| u == c.name()))
            .cloned()
            .collect();
        let remote_sites = self
            .remote_sites
            .iter()
            .filter(|site| {
                connections.iter().any(|c| {
                    c.urls()
                        .iter()
                        .any(|(_, u)| origin(u).as_deref() == Some(site.trim_end_matches('/')))
                })
            })
            .cloned()
            .collect();
        let schedules = self
            .schedules
            .iter()
            .filter(|s| s.options.iter().all(|o| names.contains(o)))
            .cloned()
            .collect();
        Ok(Config {
            format: self.format.clone(),
            connections,
            remote_sites,
            options,
            schedules,
            // The mail server is the workspace's, not an option's: a scoped export leaves it.
            smtp: None,
        })
    }
}

/// The connections an option reads from and writes to.
fn option_connections(o: &SyncOption) -> Vec<String> {
    match o {
        SyncOption::Import(o) => vec![
            o.source.connection().to_string(),
            o.target.connection.clone(),
        ],
        SyncOption::Export(o) => {
            let mut v = vec![o.source.connection.clone()];
            v.extend(o.target.connection.clone());
            v
        }
    }
}

fn origin(u: &str) -> Option<String> {
    let url = url::Url::parse(u).ok()?;
    Some(url.origin().ascii_serialization())
}

/// What an import does to one item of the workspace's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// Not in the workspace yet: it is added.
    Created,
    /// In the workspace under the same name, with other settings: they are replaced.
    Changed,
    /// In the workspace as it is in the file: left alone.
    Unchanged,
}

/// One item of an import preview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemChange {
    /// `connection`, `remoteSite`, `option` or `schedule`.
    #[ts(type = r#""connection" | "remoteSite" | "option" | "schedule""#)]
    pub item: &'static str,
    /// The item's name (a remote site's URL; a schedule without a name: its cron).
    pub name: String,
    /// Created, changed or left alone.
    pub change: ChangeKind,
    /// For a change: the pointers inside the item whose values differ (`/active`,
    /// `/mapping/fields/2/target`), at most 20.
    pub fields: Vec<String>,
}

/// What an import would do (a preview) or did (after apply). Items of the workspace the
/// file does not mention are kept and not listed.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, ts_rs::TS)]
pub struct ImportPreview {
    /// Every item the file carries, in document order (connections, remote sites, options,
    /// schedules).
    pub items: Vec<ItemChange>,
    /// The workspace's configuration after the import (secrets as `"***"` or as given).
    #[serde(skip)]
    pub merged: Option<Value>,
    /// After apply, when something changed: what the workspace now holds.
    #[serde(skip)]
    pub stored: Option<ImportSummary>,
}

impl ImportPreview {
    /// The items with this change.
    pub fn count(&self, change: ChangeKind) -> usize {
        self.items.iter().filter(|i| i.change == change).count()
    }

    /// True when applying changes nothing.
    pub fn is_noop(&self) -> bool {
        self.items.iter().all(|i| i.change == ChangeKind::Unchanged)
    }
}

/// Reads the version of a `sync-central/N` document: a newer one is refused before anything
/// else is looked at.
pub fn check_format(doc: &Value) -> Result<(), StoreError> {
    let Some(found) = doc.get("format").and_then(Value::as_str) else {
        return Ok(());
    };
    let version = |f: &str| {
        f.strip_prefix("sync-central/")
            .and_then(|n| n.parse::<u32>().ok())
    };
    match (version(found), version(crate::config::FORMAT)) {
        (Some(n), Some(known)) if n > known => Err(StoreError::NewerFormat {
            found: found.to_string(),
            known: crate::config::FORMAT.to_string(),
        }),
        _ => Ok(()),
    }
}

impl Workspace {
    /// What importing `doc` (the part `scope` covers) would do: connections, remote sites,
    /// options and schedules are matched by name; those in the file are created or
    /// replaced, the rest of the workspace is kept. Secrets given as `"***"` keep the value
    /// stored under the same connection name and field. Every problem of the merged
    /// configuration is reported before anything changes; nothing is written.
    pub fn preview_import(&self, doc: &Value, scope: &Scope) -> Result<ImportPreview, StoreError> {
        check_format(doc)?;
        let incoming = validate(doc)
            .map_err(StoreError::Invalid)?
            .in_scope(scope)?;
        let current = self.config_scrubbed()?;
        let has_clear_secrets = incoming
            .connections
            .iter()
            .any(|c| c.secrets().iter().any(|(_, s)| !s.is_placeholder()));
        let current_clear = if has_clear_secrets {
            Some(self.config()?)
        } else {
            None
        };
        let mut merged = current.clone();
        let mut items = Vec::new();

        for c in &incoming.connections {
            let before = current_clear
                .as_ref()
                .and_then(|cc| cc.connection(c.name()))
                .or_else(|| current.connection(c.name()));
            // Compare with secrets: "***" in the file equals what is stored.
            let mut compared = c.clone();
            if let Some(b) = before {
                let stored: HashMap<&str, &Secret> = b.secrets().into_iter().collect();
                for (f, s) in compared.secrets_mut() {
                    if s.is_placeholder() {
                        if let Some(v) = stored.get(f) {
                            *s = (*v).clone();
                        }
                    }
                }
            }
            items.push(item_change("connection", c.name(), before, &compared));
            match merged.connections.iter_mut().find(|m| m.name() == c.name()) {
                Some(m) => *m = c.clone(),
                None => merged.connections.push(c.clone()),
            }
        }
        for site in &incoming.remote_sites {
            let known = current.remote_sites.contains(site);
            items.push(ItemChange {
                item: "remoteSite",
                name: site.clone(),
                change: if known {
                    ChangeKind::Unchanged
                } else {
                    ChangeKind::Created
                },
                fields: Vec::new(),
            });
            if !known {
                merged.remote_sites.push(site.clone());
            }
        }
        for o in &incoming.options {
            items.push(item_change("option", o.name(), current.option(o.name()), o));
            match merged.options.iter_mut().find(|m| m.name() == o.name()) {
                Some(m) => *m = o.clone(),
                None => merged.options.push(o.clone()),
            }
        }
        for s in &incoming.schedules {
            let label = s.name.clone().unwrap_or_else(|| s.cron.clone());
            let before = current.schedules.iter().find(|c| match &s.name {
                Some(n) => c.name.as_deref() == Some(n),
                None => *c == s,
            });
            items.push(item_change("schedule", &label, before, s));
            match merged.schedules.iter_mut().find(|m| match &s.name {
                Some(n) => m.name.as_deref() == Some(n),
                None => *m == s,
            }) {
                Some(m) => *m = s.clone(),
                None => merged.schedules.push(s.clone()),
            }
        }

        if let Some(smtp) = &incoming.smtp {
            // The current side is scrubbed: a password given as "***" compares equal.
            items.push(item_change("smtp", &smtp.host, current.smtp.as_ref(), smtp));
            merged.smtp = Some(smtp.clone());
        }

        let merged = serde_json::to_value(&merged).expect("configuration types serialise");
        validate(&merged).map_err(StoreError::Invalid)?;
        self.check_kept_secrets(&merged)?;
        Ok(ImportPreview {
            items,
            merged: Some(merged),
            stored: None,
        })
    }

    /// Imports `doc` as [`Workspace::preview_import`] describes, in one transaction, and
    /// returns the preview it applied. Importing the same file again changes nothing.
    pub fn apply_import(&self, doc: &Value, scope: &Scope) -> Result<ImportPreview, StoreError> {
        let mut preview = self.preview_import(doc, scope)?;
        if !preview.is_noop() {
            let merged = preview
                .merged
                .as_ref()
                .expect("a preview carries its result");
            preview.stored = Some(self.import_config(merged)?);
        }
        Ok(preview)
    }

    /// `"***"` needs a stored secret under the same connection and field.
    fn check_kept_secrets(&self, doc: &Value) -> Result<(), StoreError> {
        let config: Config = serde_json::from_value(doc.clone())
            .map_err(|e| StoreError::Corrupt(format!("merged configuration: {e}")))?;
        let (stored, smtp) = (self.sealed_secrets()?, self.sealed_smtp_password()?);
        let issues = self.kept_secret_issues(&config, &stored, smtp.as_ref())?;
        if issues.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(issues))
        }
    }

    /// Each secret `config` gives as `"***"` that cannot keep the stored value: nothing is
    /// stored for it, or its connection (or the SMTP server) now points somewhere else than
    /// when the secret was given (another origin, type, login flow or auth type), so the
    /// secret must be given again rather than follow the new destination.
    fn kept_secret_issues(
        &self,
        config: &Config,
        stored: &HashMap<(String, String), Sealed>,
        stored_smtp: Option<&Sealed>,
    ) -> Result<Vec<ConfigIssue>, StoreError> {
        let current = self.config_scrubbed()?;
        let mut issues = Vec::new();
        for (i, c) in config.connections.iter().enumerate() {
            let moved = current
                .connection(c.name())
                .and_then(|before| moved_from(&destination(before), &destination(c)));
            for (field, secret) in c.secrets() {
                if !secret.is_placeholder() {
                    continue;
                }
                let at = format!("/connections/{i}{field}");
                if !stored.contains_key(&(c.name().to_string(), field.to_string())) {
                    issues.push(ConfigIssue::new(
                        at,
                        format!(
                            "\"***\" keeps the stored secret, but connection \"{}\" has none stored here: give the value",
                            c.name()
                        ),
                    ));
                } else if let Some(change) = &moved {
                    issues.push(ConfigIssue::new(
                        at,
                        format!(
                            "\"***\" keeps a secret only while connection \"{}\" points where it did, but {change}: give the secret again",
                            c.name()
                        ),
                    ));
                }
            }
        }
        if let Some(p) = config.smtp.as_ref().and_then(|s| s.password.as_ref()) {
            if p.is_placeholder() {
                let moved = match (&current.smtp, &config.smtp) {
                    (Some(before), Some(after)) => moved_from(
                        &[("host".into(), smtp_destination(before))],
                        &[("host".into(), smtp_destination(after))],
                    ),
                    _ => None,
                };
                if stored_smtp.is_none() {
                    issues.push(ConfigIssue::new(
                        "/smtp/password",
                        "\"***\" keeps the stored password, but none is stored here: give the value",
                    ));
                } else if let Some(change) = moved {
                    issues.push(ConfigIssue::new(
                        "/smtp/password",
                        format!("\"***\" keeps the stored password only while the mail server stays the same, but {change}: give the password again"),
                    ));
                }
            }
        }
        Ok(issues)
    }
}

/// Where a connection's secrets go: its type, the origin of each URL it reaches, and its
/// login flow or auth type.
fn destination(c: &Connection) -> Vec<(String, String)> {
    let mut out = vec![("type".to_string(), c.kind().to_string())];
    for (pointer, url) in c.urls() {
        let origin = url::Url::parse(url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_else(|_| url.trim().to_lowercase());
        out.push((pointer.trim_start_matches('/').to_string(), origin));
    }
    let doc = serde_json::to_value(c).unwrap_or(Value::Null);
    let auth = doc
        .pointer("/auth/flow")
        .or_else(|| doc.pointer("/auth/type"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    out.push(("auth".to_string(), auth.to_string()));
    out
}

fn smtp_destination(s: &crate::config::Smtp) -> String {
    format!(
        "{}:{}",
        s.host.trim().to_lowercase(),
        s.port.map(|p| p.to_string()).unwrap_or_default()
    )
}

/// The first part of a destination that changed, said for a user, if any.
fn moved_from(before: &[(String, String)], after: &[(String, String)]) -> Option<String> {
    for (what, now) in after {
        let was = before.iter().find(|(w, _)| w == what).map(|(_, v)| v);
        match was {
            Some(was) if was != now => {
                return Some(format!("its {what} changed from {was} to {now}"))
            }
            None => return Some(format!("it now has a {what} ({now})")),
            _ => {}
        }
    }
    None
}

fn item_change<T: serde::Serialize>(
    item: &'static str,
    name: &str,
    before: Option<&T>,
    after: &T,
) -> ItemChange {
    let (change, fields) = match before {
        None => (ChangeKind::Created, Vec::new()),
        Some(b) => {
            let mut fields = Vec::new();
            diff_pointers(
                &serde_json::to_value(b).expect("configuration types serialise"),
                &serde_json::to_value(after).expect("configuration types serialise"),
                String::new(),
                &mut fields,
            );
            if fields.is_empty() {
                (ChangeKind::Unchanged, fields)
            } else {
                (ChangeKind::Changed, fields)
            }
        }
    };
    ItemChange {
        item,
        name: name.to_string(),
        change,
        fields,
    }
}

/// The pointers where `a` and `b` differ, down to the leaves (at most 20).
fn diff_pointers(a: &Value, b: &Value, at: String, out: &mut Vec<String>) {
    if out.len() >= 20 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().collect();
            keys.extend(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let null = Value::Null;
                diff_pointers(
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let null = Value::Null;
                diff_pointers(
                    x.get(i).unwrap_or(&null),
                    y.get(i).unwrap_or(&null),
                    format!("{at}/{i}"),
                    out,
                );
            }
        }
        _ => out.push(if at.is_empty() { "/".to_string() } else { at }),
    }
}
