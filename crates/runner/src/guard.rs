//! The Day-Zero guard. Here, pure: which target fields hold a value where a mapped record
//! would write null or empty ("good data overwritten by an emptier source"), and which
//! fields of a batch to read before writing it, so that one query gives both the guard's
//! view and the prior values an undo restores. Its `batch` module runs it inside an import.

use serde_json::{Map, Value};
use synccentral_engine::describe::FieldType;
use synccentral_engine::Describe;

mod batch;

/// Code of the records a blocking Day-Zero guard kept from being written.
pub const GUARD_BLOCKED: &str = "GUARD_BLOCKED";

pub use synccentral_model::GuardMode;

/// Null, or text that is empty or only blanks (Salesforce stores both as null).
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn get_ci<'m>(m: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    m.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// A field a mapped record would blank while the target holds a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Blank {
    /// The mapped record's key (left out of the write in `protect` mode).
    pub mapped: String,
    /// The Salesforce field.
    pub field: String,
    /// The value the target holds.
    pub current: Value,
}

/// The fields of `mapped` that would blank a value `current` holds, in the mapped record's
/// order. `key` (the field the record is matched on) is never reported; checkboxes never
/// are either (false is a value).
pub fn blanked(
    mapped: &Map<String, Value>,
    current: &Map<String, Value>,
    fields: &[ReadField],
    key: Option<&str>,
) -> Vec<Blank> {
    fields
        .iter()
        .filter(|f| !key.is_some_and(|k| f.field.eq_ignore_ascii_case(k)))
        .filter(|f| mapped.get(&f.mapped).is_some_and(is_blank))
        .filter_map(|f| {
            let now = get_ci(current, &f.field)?;
            (!is_blank(now)).then(|| Blank {
                mapped: f.mapped.clone(),
                field: f.field.clone(),
                current: now.clone(),
            })
        })
        .collect()
}

/// The value of `field` in a record read from Salesforce, case-insensitively.
pub fn field_value<'m>(record: &'m Map<String, Value>, field: &str) -> Option<&'m Value> {
    get_ci(record, field)
}

/// The value at a dotted path of a record, as text (`Account.Name` reads
/// `{"Account": {"Name": …}}`), any letter case: a mapped record's relationship, or a
/// queried record's parent field.
pub fn path_text(record: &Map<String, Value>, path: &str) -> Option<String> {
    if let Some(v) = field_value(record, path) {
        return crate::window::value_text(v);
    }
    let mut parts = path.split('.');
    let mut at = field_value(record, parts.next()?)?;
    for part in parts {
        at = field_value(at.as_object()?, part)?;
    }
    crate::window::value_text(at)
}

/// The `Id`s of records read from Salesforce.
pub fn ids_of(records: &[Map<String, Value>]) -> Vec<String> {
    records
        .iter()
        .filter_map(|r| field_value(r, "Id").and_then(crate::window::value_text))
        .collect()
}

/// One field a batch's query reads: the key it has in a mapped record, and the Salesforce
/// field it is read (and restored) as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadField {
    /// The mapped record's key (`Notes__c`, or a relationship name such as `Account__r`).
    pub mapped: String,
    /// The Salesforce field (`Notes__c`, `Account__c`).
    pub field: String,
}

/// The Salesforce fields to read before writing `records` of the described object: each
/// field the records write (a relationship written by external ID is read as its lookup
/// field, which an undo restores; so is a relationship set to null), in first-seen order, without `Id` and keys the describe
/// does not know.
pub fn read_fields<'a>(
    records: impl IntoIterator<Item = &'a Map<String, Value>>,
    describe: &Describe,
) -> Vec<ReadField> {
    let mut out: Vec<ReadField> = Vec::new();
    for record in records {
        for (k, v) in record {
            if k.eq_ignore_ascii_case("Id") || out.iter().any(|r| r.mapped == *k) {
                continue;
            }
            let field = match v {
                Value::Object(_) => describe.field_by_relationship(k),
                _ => describe
                    .field(k)
                    .filter(|f| f.field_type != FieldType::Id)
                    .or_else(|| describe.field_by_relationship(k)),
            }
            .map(|f| f.name.clone());
            if let Some(field) = field {
                out.push(ReadField {
                    mapped: k.clone(),
                    field,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn fields(names: &[(&str, &str)]) -> Vec<ReadField> {
        names
            .iter()
            .map(|(m, f)| ReadField {
                mapped: m.to_string(),
                field: f.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_blank_over_a_value_is_found_and_nothing_else() {
        let mapped = obj(json!({"ext__c": "", "Notes__c": null, "Phone": "  ",
                                 "Name": "New", "Email": null, "Account__r": null}));
        let current = obj(
            json!({"Id": "a01", "ext__c": "K-1", "Notes__c": "good notes",
                                  "Phone": "555", "Name": "Old", "Email": null,
                                  "Account__c": "001A"}),
        );
        let read = fields(&[
            ("ext__c", "ext__c"),
            ("Notes__c", "Notes__c"),
            ("Phone", "Phone"),
            ("Name", "Name"),
            ("Email", "Email"),
            ("Account__r", "Account__c"),
        ]);
        let found: Vec<(String, String, Value)> = blanked(&mapped, &current, &read, Some("ext__c"))
            .into_iter()
            .map(|b| (b.mapped, b.field, b.current))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Notes__c".into(), "Notes__c".into(), json!("good notes")),
                ("Phone".into(), "Phone".into(), json!("555")),
                ("Account__r".into(), "Account__c".into(), json!("001A")),
            ]
        );
    }

    #[test]
    fn false_and_zero_are_values_not_blanks() {
        let mapped = obj(json!({"Paid__c": false, "Amount__c": 0}));
        let current = obj(json!({"Paid__c": true, "Amount__c": 5}));
        let read = fields(&[("Paid__c", "Paid__c"), ("Amount__c", "Amount__c")]);
        assert!(blanked(&mapped, &current, &read, None).is_empty());
    }
}
