//! The audit log of configuration changes: who (an app user, or the OS user of a CLI
//! command), when, and what (an action and a one-line description naming what changed, never
//! a secret's value). [`config_changes`] describes the difference between two configuration
//! documents.

use crate::{StoreError, Workspace};
use jiff::Timestamp;
use rusqlite::params;
use serde_json::Value;

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its number (increasing).
    pub id: i64,
    /// When.
    pub at: Timestamp,
    /// Who: an app user's name, or `os:<name>` for a CLI command run with the file.
    pub actor: String,
    /// What kind of change (`connection.save`, `config.import`, `user.add`, …).
    pub action: String,
    /// What changed.
    pub detail: String,
}

impl Workspace {
    /// Adds an entry to the audit log.
    pub fn record_audit(
        &self,
        at: Timestamp,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
            params![at.to_string(), actor, action, detail],
        )?;
        Ok(())
    }

    /// The newest `limit` entries, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.db.prepare(
            "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, actor, action, detail) = row?;
            out.push(AuditEntry {
                id,
                at: at
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("audit time \"{at}\": {e}")))?,
                actor,
                action,
                detail,
            });
        }
        Ok(out)
    }
}

/// What differs between two configuration documents, one phrase per change:
/// `connection "org" added`, `option "invoices" changed (mapping, active)`,
/// `remote site https://x.example removed`. Names and keys only: no value is shown, so no
/// secret either. Empty when nothing changed.
pub fn config_changes(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (key, what) in [
        ("connections", "connection"),
        ("options", "option"),
        ("schedules", "schedule"),
    ] {
        named_changes(&before[key], &after[key], what, &mut out);
    }
    let sites = |v: &Value| -> Vec<String> {
        v["remoteSites"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (sites(before), sites(after));
    for s in new.iter().filter(|s| !old.contains(s)) {
        out.push(format!("remote site {s} added"));
    }
    for s in old.iter().filter(|s| !new.contains(s)) {
        out.push(format!("remote site {s} removed"));
    }
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut others: Vec<String> = keys(before);
    others.extend(keys(after));
    others.sort();
    others.dedup();
    for k in others {
        let known = [
            "connections",
            "options",
            "schedules",
            "remoteSites",
            "format",
        ];
        if !known.contains(&k.as_str()) && before.get(&k) != after.get(&k) {
            out.push(format!("{k} changed"));
        }
    }
    out
}

fn named_changes(before: &Value, after: &Value, what: &str, out: &mut Vec<String>) {
    let list = |v: &Value| -> Vec<(String, Value)> {
        v.as_array()
            .map(|l| {
                l.iter()
                    .map(|e| {
                        let name = e["name"].as_str().unwrap_or("").to_string();
                        (name, e.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (list(before), list(after));
    let find =
        |l: &[(String, Value)], n: &str| l.iter().find(|(m, _)| m == n).map(|(_, v)| v.clone());
    for (name, value) in &new {
        match find(&old, name) {
            None => out.push(format!("{what} \"{name}\" added")),
            Some(prev) if prev != *value => {
                let mut fields: Vec<String> = Vec::new();
                if let (Some(a), Some(b)) = (prev.as_object(), value.as_object()) {
                    for k in a.keys().chain(b.keys()) {
                        if a.get(k) != b.get(k) && !fields.contains(k) {
                            fields.push(k.clone());
                        }
                    }
                }
                out.push(format!("{what} \"{name}\" changed ({})", fields.join(", ")));
            }
            Some(_) => {}
        }
    }
    for (name, _) in &old {
        if find(&new, name).is_none() {
            out.push(format!("{what} \"{name}\" removed"));
        }
    }
}
