//! `GET /query?q=…&columns=true` (and `/queryAll`): the query's column metadata instead of its
//! rows, as `sf data query` reads it — one column per selected field in SELECT order, parent
//! fields grouped under their relationship (`Account.Name` → an `Account` column whose
//! `joinColumns` hold `Name`), `COUNT(f)` as an aggregate `expr0` column. Everything is
//! derived from the describes the query was checked against.

use crate::schema::{SObject, Schema};
use serde_json::{json, Value};
use synccentral_engine::{FieldDescribe, FieldType};
use synccentral_soql::{CheckedQuery, Query, SelectItem};

/// The answer to `columns=true` for a parsed and checked query.
pub fn metadata(schema: &Schema, parsed: &Query, checked: &CheckedQuery) -> Value {
    let obj = schema.get(&checked.object);
    let names = synccentral_soql::fields_of(checked);
    let counts: Vec<String> = parsed
        .select
        .iter()
        .filter_map(|s| match s {
            SelectItem::Count { field, .. } => Some(field.parts.join(".")),
            _ => None,
        })
        .collect();
    let columns: Vec<Value> = if !counts.is_empty() {
        names
            .iter()
            .zip(&counts)
            .map(|(name, field)| aggregate(name, &format!("count({field})")))
            .collect()
    } else if let Some(obj) = obj {
        let paths: Vec<Vec<&str>> = names.iter().map(|n| n.split('.').collect()).collect();
        join_columns(schema, obj, &paths)
    } else {
        Vec::new()
    };
    let id_selected = counts.is_empty() && names.iter().any(|n| n.eq_ignore_ascii_case("Id"));
    json!({
        "columnMetadata": columns,
        "entityName": obj.map_or(checked.object.as_str(), |o| o.name()),
        "groupBy": false,
        "idSelected": id_selected,
        "keyPrefix": obj.and_then(|o| o.describe.key_prefix.clone()),
    })
}

/// The columns of `paths` on `obj`: plain fields as they come, paths through a relationship
/// grouped into one column per relationship (at its first appearance).
fn join_columns(schema: &Schema, obj: &SObject, paths: &[Vec<&str>]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    for path in paths {
        match path.as_slice() {
            [] => {}
            [field] => {
                if let Some(f) = obj.field(field) {
                    out.push(column(obj, f));
                }
            }
            [relationship, ..] => {
                let key = relationship.to_ascii_lowercase();
                if done.contains(&key) {
                    continue;
                }
                done.push(key);
                let Some(lookup) = obj.describe.fields.iter().find(|f| {
                    f.relationship_name
                        .as_deref()
                        .is_some_and(|r| r.eq_ignore_ascii_case(relationship))
                }) else {
                    continue;
                };
                let tails: Vec<Vec<&str>> = paths
                    .iter()
                    .filter(|p| p.len() > 1 && p[0].eq_ignore_ascii_case(relationship))
                    .map(|p| p[1..].to_vec())
                    .collect();
                let parent = lookup.reference_to.first().and_then(|t| schema.get(t));
                let joined = parent.map_or_else(Vec::new, |p| join_columns(schema, p, &tails));
                let name = lookup.relationship_name.clone().unwrap_or_default();
                out.push(json!({
                        "aggregate": false,
                        "apexType": null,
                        "booleanType": false,
                        "columnName": name,
                        "custom": is_custom(obj, lookup),
                        "displayName": name,
                        "foreignKeyName": lookup.name,
                        "insertable": false,
                        "joinColumns": joined,
                        "numberType": false,
                        "textType": false,
                        "updatable": false,
                }));
            }
        }
    }
    out
}

/// One field's column.
fn column(obj: &SObject, f: &FieldDescribe) -> Value {
    json!({
        "aggregate": false,
        "apexType": apex_type(&f.field_type),
        "booleanType": f.field_type == FieldType::Boolean,
        "columnName": f.name,
        "custom": is_custom(obj, f),
        "displayName": f.name,
        "foreignKeyName": null,
        "insertable": f.createable,
        "joinColumns": [],
        "numberType": is_number(&f.field_type),
        "textType": is_text(&f.field_type),
        "updatable": f.updateable,
    })
}

fn aggregate(name: &str, display: &str) -> Value {
    json!({
        "aggregate": true,
        "apexType": null,
        "booleanType": false,
        "columnName": name,
        "custom": false,
        "displayName": display,
        "foreignKeyName": null,
        "insertable": false,
        "joinColumns": [],
        "numberType": true,
        "textType": false,
        "updatable": false,
    })
}

/// The describe's own `custom` flag, else whether the name ends in `__c`.
fn is_custom(obj: &SObject, f: &FieldDescribe) -> bool {
    obj.raw["fields"]
        .as_array()
        .and_then(|fields| {
            fields
                .iter()
                .find(|r| r["name"].as_str() == Some(f.name.as_str()))
        })
        .and_then(|r| r["custom"].as_bool())
        .unwrap_or_else(|| f.name.to_ascii_lowercase().ends_with("__c"))
}

/// The Apex type of a field's values.
fn apex_type(t: &FieldType) -> Value {
    let name = match t {
        FieldType::Id | FieldType::Reference => "Id",
        FieldType::Boolean => "Boolean",
        FieldType::Int => "Integer",
        FieldType::Long => "Long",
        FieldType::Double | FieldType::Currency | FieldType::Percent => "Double",
        FieldType::Date => "Date",
        FieldType::Datetime => "Datetime",
        FieldType::Time => "Time",
        FieldType::Base64 => "Blob",
        FieldType::Address => "Address",
        FieldType::Location => "Location",
        FieldType::AnyType => "Object",
        FieldType::Other(_) => return Value::Null,
        _ => "String",
    };
    Value::String(name.into())
}

fn is_number(t: &FieldType) -> bool {
    matches!(
        t,
        FieldType::Int
            | FieldType::Long
            | FieldType::Double
            | FieldType::Currency
            | FieldType::Percent
    )
}

fn is_text(t: &FieldType) -> bool {
    matches!(
        t,
        FieldType::String
            | FieldType::Textarea
            | FieldType::Picklist
            | FieldType::Multipicklist
            | FieldType::Combobox
            | FieldType::Email
            | FieldType::Phone
            | FieldType::Url
            | FieldType::Encryptedstring
    )
}
