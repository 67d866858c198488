//! One record pair → one classified row: `same`, `different` (with the fields),
//! `missing_in_target`, `missing_in_source`, `deleted_in_source` (the source deleted it, the
//! target still has it), or `pending` (changed at the source since the last successful
//! sync, so the next sync is expected to carry it). A row whose both sides
//! hash as they did when a user accepted it is marked accepted.

use crate::equal::{same_value, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A compared field: its target name and how its values compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The target field's API name (`Amount__c`).
    pub name: String,
    /// The comparison.
    pub kind: Kind,
}

/// One side's record: its key and the compared fields' values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// The key both sides share (the external ID's value).
    pub key: String,
    /// The compared fields' values, in the comparer's field order (missing = null).
    pub values: Vec<Value>,
    /// When the record last changed on the source side (source records only).
    pub changed_at: Option<jiff::Timestamp>,
    /// The target record's Salesforce Id (target records only).
    pub id: Option<String>,
    /// The source says the record was deleted there (source records only).
    pub deleted: bool,
}

/// A row's class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Every compared field holds the same value.
    Same,
    /// Some fields differ (listed in the row).
    Different,
    /// The source has the key, the target does not.
    MissingInTarget,
    /// The target has the key, the source does not.
    MissingInSource,
    /// Different or missing in the target, but changed at the source since the last sync.
    Pending,
    /// Deleted at the source, still in the target: a sync with `deletes` deletes it.
    DeletedInSource,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 6] = [
        Class::Same,
        Class::Different,
        Class::MissingInTarget,
        Class::MissingInSource,
        Class::DeletedInSource,
        Class::Pending,
    ];

    /// The snake_case name (`missing_in_target`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Same => "same",
            Class::Different => "different",
            Class::MissingInTarget => "missing_in_target",
            Class::MissingInSource => "missing_in_source",
            Class::Pending => "pending",
            Class::DeletedInSource => "deleted_in_source",
        }
    }

    /// The class named `name`.
    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A field whose values differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The target field.
    pub field: String,
    /// The source's value (what a sync would write).
    pub source: Value,
    /// The target's value now.
    pub target: Value,
}

/// One compared key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The key.
    pub key: String,
    /// The class.
    pub class: Class,
    /// The fields that differ (for `different` and `pending`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub changes: Vec<FieldChange>,
    /// The target record's Id, when it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_id: Option<String>,
    /// Accepted by a user with these very values: not an open exception.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub accepted: bool,
    /// The hash of both sides' compared values (what acceptance stores); empty for `same`.
    pub hash: String,
}

/// Counts by class; accepted rows count as `accepted`, not in their class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Same on both sides.
    pub same: u64,
    /// Different, not accepted.
    pub different: u64,
    /// Missing in the target, not accepted.
    pub missing_in_target: u64,
    /// Missing in the source, not accepted.
    pub missing_in_source: u64,
    /// Pending the next sync.
    pub pending: u64,
    /// Deleted at the source and still in the target, not accepted.
    #[serde(default)]
    pub deleted_in_source: u64,
    /// Accepted exceptions whose values have not changed since.
    pub accepted: u64,
}

impl Summary {
    /// Counts `row`.
    pub fn add(&mut self, row: &Row) {
        if row.accepted {
            self.accepted += 1;
            return;
        }
        match row.class {
            Class::Same => self.same += 1,
            Class::Different => self.different += 1,
            Class::MissingInTarget => self.missing_in_target += 1,
            Class::MissingInSource => self.missing_in_source += 1,
            Class::Pending => self.pending += 1,
            Class::DeletedInSource => self.deleted_in_source += 1,
        }
    }

    /// No open exception: nothing different or missing (pending and accepted rows allowed).
    pub fn is_clean(&self) -> bool {
        self.different == 0
            && self.missing_in_target == 0
            && self.missing_in_source == 0
            && self.deleted_in_source == 0
    }
}

/// Compares record pairs: the fields, the pending window and the accepted exceptions.
#[derive(Debug, Clone, Default)]
pub struct Comparer {
    /// The compared fields, in mapping order.
    pub fields: Vec<Field>,
    /// Source records changed at or after this instant are pending rather than different
    /// or missing in the target. `None`: nothing is pending.
    pub pending_since: Option<jiff::Timestamp>,
    /// Accepted rows: key → the hash of both sides when accepted.
    pub accepted: HashMap<String, String>,
}

impl Comparer {
    /// A comparer of `fields` with no pending window and nothing accepted.
    pub fn new(fields: Vec<Field>) -> Comparer {
        Comparer {
            fields,
            ..Comparer::default()
        }
    }

    /// The hash of both sides' compared values (absent sides hash as absent).
    pub fn hash(&self, source: Option<&Record>, target: Option<&Record>) -> String {
        let mut h = Sha256::new();
        for side in [source, target] {
            match side {
                None => h.update(b"\x00absent"),
                Some(r) => {
                    for (i, f) in self.fields.iter().enumerate() {
                        let v = r.values.get(i).unwrap_or(&Value::Null);
                        h.update(f.name.as_bytes());
                        h.update(b"=");
                        h.update(v.to_string().as_bytes());
                        h.update(b"\x1f");
                    }
                }
            }
            h.update(b"\x1e");
        }
        h.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The fields whose values differ between `source` and `target`.
    pub fn changes(&self, source: &Record, target: &Record) -> Vec<FieldChange> {
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let s = source.values.get(i).unwrap_or(&Value::Null);
                let t = target.values.get(i).unwrap_or(&Value::Null);
                (!same_value(f.kind, s, t)).then(|| FieldChange {
                    field: f.name.clone(),
                    source: s.clone(),
                    target: t.clone(),
                })
            })
            .collect()
    }

    /// Classifies one key; at least one side must be present.
    pub fn row(&self, source: Option<&Record>, target: Option<&Record>) -> Row {
        let key = source.or(target).map(|r| r.key.clone()).unwrap_or_default();
        let (mut class, changes) = match (source, target) {
            (Some(s), Some(_)) if s.deleted => (Class::DeletedInSource, Vec::new()),
            (Some(s), Some(t)) => {
                let changes = self.changes(s, t);
                let class = if changes.is_empty() {
                    Class::Same
                } else {
                    Class::Different
                };
                (class, changes)
            }
            (Some(_), None) => (Class::MissingInTarget, Vec::new()),
            _ => (Class::MissingInSource, Vec::new()),
        };
        let recent = match (source.and_then(|s| s.changed_at), self.pending_since) {
            (Some(changed), Some(since)) => changed >= since,
            _ => false,
        };
        if recent && matches!(class, Class::Different | Class::MissingInTarget) {
            class = Class::Pending;
        }
        // Only an exception can be accepted: same rows skip the hash (most of a diff's rows).
        let hash = if class == Class::Same {
            String::new()
        } else {
            self.hash(source, target)
        };
        let accepted = class != Class::Same && self.accepted.get(&key) == Some(&hash);
        Row {
            key,
            class,
            changes,
            target_id: target.and_then(|t| t.id.clone()),
            accepted,
            hash,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A record of `values` by name, in [`comparer`]'s field order.
    fn rec(key: &str, values: Value) -> Record {
        Record {
            key: key.into(),
            values: ["Name", "Amount__c"]
                .iter()
                .map(|n| values.get(n).cloned().unwrap_or(Value::Null))
                .collect(),
            ..Record::default()
        }
    }

    fn comparer() -> Comparer {
        Comparer::new(vec![
            Field {
                name: "Name".into(),
                kind: Kind::Text,
            },
            Field {
                name: "Amount__c".into(),
                kind: Kind::Number { scale: Some(2) },
            },
        ])
    }

    #[test]
    fn each_class_from_its_pair() {
        let c = comparer();
        let s = rec("K1", json!({"Name": "A", "Amount__c": 1.5}));
        let same = rec("K1", json!({"Name": "A", "Amount__c": "1.50"}));
        let other = rec("K1", json!({"Name": "B", "Amount__c": 1.5}));
        assert_eq!(c.row(Some(&s), Some(&same)).class, Class::Same);
        let diff = c.row(Some(&s), Some(&other));
        assert_eq!(diff.class, Class::Different);
        assert_eq!(
            diff.changes,
            vec![FieldChange {
                field: "Name".into(),
                source: json!("A"),
                target: json!("B")
            }]
        );
        assert_eq!(c.row(Some(&s), None).class, Class::MissingInTarget);
        assert_eq!(c.row(None, Some(&other)).class, Class::MissingInSource);
    }

    #[test]
    fn changes_after_the_window_start_are_pending() {
        let mut c = comparer();
        let since: jiff::Timestamp = "2024-03-01T10:00:00Z".parse().unwrap();
        c.pending_since = Some(since);
        let mut s = rec("K1", json!({"Name": "A"}));
        let t = rec("K1", json!({"Name": "B"}));
        s.changed_at = Some("2024-03-01T10:00:00Z".parse().unwrap());
        assert_eq!(c.row(Some(&s), Some(&t)).class, Class::Pending);
        assert_eq!(c.row(Some(&s), None).class, Class::Pending);
        s.changed_at = Some("2024-03-01T09:59:59Z".parse().unwrap());
        assert_eq!(c.row(Some(&s), Some(&t)).class, Class::Different);
        // A record already equal stays same, however recent.
        s.changed_at = Some("2024-03-02T00:00:00Z".parse().unwrap());
        assert_eq!(c.row(Some(&s), Some(&s)).class, Class::Same);
    }

    proptest::proptest! {
        /// A pair is `same` exactly when no field is listed as changed, and only rows that
        /// are not `same` carry the hash acceptance stores.
        #[test]
        fn same_means_no_changes(a in 0i64..4, b in 0i64..4, x in "[ab]?", y in "[ab]?") {
            let c = comparer();
            let s = rec("K", json!({"Name": x, "Amount__c": a}));
            let t = rec("K", json!({"Name": y, "Amount__c": b}));
            let row = c.row(Some(&s), Some(&t));
            proptest::prop_assert_eq!(row.class == Class::Same, row.changes.is_empty());
            proptest::prop_assert_eq!(row.class == Class::Same, row.hash.is_empty());
        }
    }

    #[test]
    fn accepted_until_either_side_changes() {
        let mut c = comparer();
        let s = rec("K1", json!({"Name": "A"}));
        let t = rec("K1", json!({"Name": "B"}));
        let first = c.row(Some(&s), Some(&t));
        c.accepted.insert("K1".into(), first.hash.clone());
        let again = c.row(Some(&s), Some(&t));
        assert!(again.accepted);
        let mut summary = Summary::default();
        summary.add(&again);
        assert_eq!((summary.different, summary.accepted), (0, 1));
        let t2 = rec("K1", json!({"Name": "C"}));
        assert!(!c.row(Some(&s), Some(&t2)).accepted);
        let s2 = rec("K1", json!({"Name": "A2"}));
        assert!(!c.row(Some(&s2), Some(&t)).accepted);
    }
}
