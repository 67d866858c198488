//! Diff rows as a flat table (CSV/XLSX): one line per differing field, one line for a row
//! without field changes (missing on a side, or same).

use crate::classify::Row;
use serde_json::{json, Value};

/// The table's columns.
pub const COLUMNS: [&str; 7] = [
    "KEY",
    "CLASS",
    "ACCEPTED",
    "TARGET_ID",
    "FIELD",
    "SOURCE",
    "TARGET",
];

/// The header and lines of `rows`.
pub fn table(rows: &[Row]) -> (Vec<String>, Vec<Vec<Value>>) {
    let header = COLUMNS.map(String::from).to_vec();
    let mut lines = Vec::new();
    for r in rows {
        let lead = vec![
            json!(r.key),
            json!(r.class.as_str()),
            json!(r.accepted),
            r.target_id.as_ref().map_or(Value::Null, |id| json!(id)),
        ];
        if r.changes.is_empty() {
            let mut line = lead.clone();
            line.extend([Value::Null, Value::Null, Value::Null]);
            lines.push(line);
        }
        for c in &r.changes {
            let mut line = lead.clone();
            line.extend([json!(c.field), c.source.clone(), c.target.clone()]);
            lines.push(line);
        }
    }
    (header, lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Class, FieldChange};

    #[test]
    fn one_line_per_changed_field_and_one_for_a_missing_row() {
        let rows = vec![
            Row {
                key: "K1".into(),
                class: Class::Different,
                changes: vec![
                    FieldChange {
                        field: "A".into(),
                        source: json!(1),
                        target: json!(2),
                    },
                    FieldChange {
                        field: "B".into(),
                        source: json!("x"),
                        target: Value::Null,
                    },
                ],
                target_id: Some("a0X".into()),
                accepted: false,
                hash: String::new(),
            },
            Row {
                key: "K2".into(),
                class: Class::MissingInTarget,
                changes: vec![],
                target_id: None,
                accepted: false,
                hash: String::new(),
            },
        ];
        let (header, lines) = table(&rows);
        assert_eq!(header.len(), 7);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1][4], json!("B"));
        assert_eq!(lines[2][1], json!("missing_in_target"));
        assert_eq!(lines[2][4], Value::Null);
    }
}
