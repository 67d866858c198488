//! What the mapping editor opens on for an export option: Salesforce records read live from
//! the option's query as the sample, and the API's JSON keys as the target. An export's
//! target has no describe: the keys it may write are the mapping's own targets and one per
//! field of the sample (`Account.Name` is `Account_Name`, as the guided flow names them),
//! described as `anyType` so the preview checks no Salesforce type against them.

use crate::workspace::runtime;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use synccentral_engine::describe::FieldType;
use synccentral_runner::export::build_soql;
use synccentral_runner::window::Window;
use synccentral_store::config as cfg;

/// The most records the editor's sample of an export reads.
pub const SAMPLE_RECORDS: u32 = 20;
/// The most fields of the object the sample selects beside the mapped ones.
pub const SAMPLE_FIELDS: usize = 100;

/// The export's sample and keys "describe" (JSON texts), with why either is not live.
pub(super) struct ExportWorkspace {
    pub sample: String,
    pub describe: String,
    pub describe_from: String,
    pub notes: Vec<String>,
}

pub(super) fn export_workspace(
    config: &cfg::Config,
    option: &cfg::ExportOption,
) -> ExportWorkspace {
    let mut notes = Vec::new();
    let records = match sample_records(config, option) {
        Ok(records) => records,
        Err(e) => {
            notes.push(format!(
                "no sample from {} ({}): {e}",
                option.source.connection, option.source.object
            ));
            Vec::new()
        }
    };
    let mut keys: BTreeSet<String> = mapping_targets(&option.mapping).into_iter().collect();
    let mut paths = Vec::new();
    for record in &records {
        leaf_paths(record, "", &mut paths);
    }
    keys.extend(paths.iter().map(|p| p.replace('.', "_")));
    let to = match (&option.target.connection, &option.target.file) {
        (Some(c), _) => c.clone(),
        (None, Some(f)) => f.clone(),
        (None, None) => option.name.clone(),
    };
    ExportWorkspace {
        sample: serde_json::to_string_pretty(&Value::Array(records)).unwrap_or_default(),
        describe: serde_json::to_string_pretty(&keys_describe(&to, &keys)).unwrap_or_default(),
        describe_from: format!("the JSON keys sent to {to}"),
        notes,
    }
}

/// The option's first records, read with its own query (its mapped fields and condition)
/// plus up to [`SAMPLE_FIELDS`] more fields of the object, so that unmapped ones can be
/// dragged too; Salesforce's `attributes` removed.
fn sample_records(config: &cfg::Config, option: &cfg::ExportOption) -> Result<Vec<Value>, String> {
    let org = &option.source.connection;
    let Some(cfg::Connection::Salesforce(sf)) = config.connection(org) else {
        return Err(format!("\"{org}\" is not a Salesforce connection here"));
    };
    let mut plan = synccentral_runner::options::validate_export(option).map_err(|issues| {
        issues
            .iter()
            .map(|i| format!("{}: {}", i.pointer, i.message))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let egress = crate::connections::egress_for(config).map_err(|e| e.message)?;
    runtime().block_on(async {
        let client = crate::connections::connect_org(org, sf, egress)
            .await
            .map_err(|e| e.message)?;
        let describe = client
            .describe(&plan.object)
            .await
            .map_err(|e| e.to_string())?;
        let more = describe
            .fields
            .iter()
            .filter(|f| {
                !matches!(
                    f.field_type,
                    FieldType::Address | FieldType::Location | FieldType::Base64
                )
            })
            .map(|f| f.name.clone())
            .filter(|n| !plan.fields.iter().any(|m| m.eq_ignore_ascii_case(n)))
            .take(SAMPLE_FIELDS);
        plan.fields.extend(more.collect::<Vec<_>>());
        // The sample is the first records as they are: no incremental window.
        plan.lookback = None;
        let window = Window::full(jiff::Timestamp::now());
        let soql = format!(
            "{} LIMIT {SAMPLE_RECORDS}",
            build_soql(&plan, None, &window)
        );
        let mut records = client
            .query_all_records(&soql)
            .await
            .map_err(|e| format!("{}: {e}", e.code()))?;
        records.iter_mut().for_each(without_attributes);
        Ok(records)
    })
}

/// Removes Salesforce's `attributes` from a record and its parents' records.
pub(crate) fn without_attributes(record: &mut Value) {
    if let Value::Object(map) = record {
        map.remove("attributes");
        map.values_mut().for_each(without_attributes);
    }
}

/// The dotted paths of a record's values (a parent's fields as `Account.Name`).
fn leaf_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (k, v) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(_) => leaf_paths(v, &path, out),
            _ if !out.contains(&path) => out.push(path),
            _ => {}
        }
    }
}

/// The targets an export's mapping writes (`fields[].target`).
fn mapping_targets(mapping: &Value) -> Vec<String> {
    mapping["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["target"].as_str())
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A describe document (as Salesforce writes one) whose fields are JSON keys of any type.
fn keys_describe(to: &str, keys: &BTreeSet<String>) -> Value {
    let fields: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({
                "name": k,
                "label": k,
                "type": "anyType",
                "length": 0,
                "nillable": true,
                "createable": true,
                "updateable": true,
                "defaultedOnCreate": false,
                "externalId": false,
                "idLookup": false,
                "unique": false,
                "calculated": false,
                "autoNumber": false,
                "picklistValues": [],
                "referenceTo": [],
            })
        })
        .collect();
    let mut doc = Map::new();
    doc.insert("name".into(), json!(to));
    doc.insert("label".into(), json!(format!("JSON keys sent to {to}")));
    doc.insert("fields".into(), Value::Array(fields));
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_describe_reads_as_a_describe_of_any_typed_fields() {
        let keys: BTreeSet<String> = ["invoice_id__c", "Account_Name"]
            .into_iter()
            .map(String::from)
            .collect();
        let describe =
            synccentral_engine::Describe::from_value(&keys_describe("sample-api", &keys)).unwrap();
        assert_eq!(describe.fields.len(), 2);
        assert!(describe
            .fields
            .iter()
            .all(|f| f.field_type == FieldType::AnyType && f.createable && f.nillable));
    }

    #[test]
    fn a_parent_record_gives_dotted_paths_and_attributes_go() {
        let mut record = json!({"attributes": {"type": "Invoice__c"}, "Name": "INV-1",
            "Account__r": {"attributes": {"type": "Account"}, "Name": "Acme"}});
        without_attributes(&mut record);
        let mut paths = Vec::new();
        leaf_paths(&record, "", &mut paths);
        assert_eq!(paths, ["Account__r.Name", "Name"]);
    }
}
