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
        let mut issues = Vec::new();
        let mut needs_key = false;
        for (i, c) in config.connections.iter().enumerate() {
            for (field, secret) in c.secrets() {
                if secret.is_placeholder() {
                    if !stored.contains_key(&(c.name().to_string(), field.to_string())) {
                        issues.push(ConfigIssue::new(
                            format!("/connections/{i}{field}"),
                            format!(
                                "\"***\" keeps the stored secret, but connection \"{}\" has none stored here: give the value",
                                c.name()
                            ),
                        ));
                    }
                } else {
                    needs_key = true;
                }
            }
        }
        let stored_smtp = self.sealed_smtp_password()?;
        if let Some(p) = config.smtp.as_ref().and_then(|s| s.password.as_ref()) {
            if !p.is_placeholder() {
                needs_key = true;
            } else if stored_smtp.is_none() {
                issues.push(ConfigIssue::new(
                    "/smtp/password",
                    "\"***\" keeps the stored password, but none is stored here: give the value",
                ));
            }
        }
        if !issues.is_empty() {
            return Err(StoreError::Invalid(issues));
        }
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
