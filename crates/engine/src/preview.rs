//! The mock preview (the analysts' job): a mapping applied to the records of a sample
//! response, each output record checked against the target describe, with every error shown
//! on its field. Also picks the records out of a sample (`--records-path`).

use crate::mapping::CompiledMapping;
use crate::path::{Selected, SourcePath};
use crate::sfcheck::Checker;
use crate::{Describe, FieldError, Operation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The preview of one source record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RecordPreview {
    pub index: usize,
    /// Target API name → value, in mapping order.
    pub fields: Map<String, Value>,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, ts_rs::TS)]
pub struct Summary {
    pub total: usize,
    pub valid: usize,
    pub invalid: usize,
}

/// A whole preview, as `synccentral preview` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PreviewReport {
    pub object: Option<String>,
    pub records: Vec<RecordPreview>,
    pub summary: Summary,
}

/// The records of a sample: with a records path (JSONPath or dotted), the array it selects
/// (or the nodes it selects, when several); without one, the sample's elements if it is an
/// array, else the sample as one record.
pub fn select_records<'a>(
    sample: &'a Value,
    records_path: Option<&str>,
) -> Result<Vec<&'a Value>, String> {
    let Some(text) = records_path.filter(|p| !p.trim().is_empty()) else {
        return Ok(match sample {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        });
    };
    let path = SourcePath::parse(text.trim()).map_err(|e| format!("records path: {e}"))?;
    let nodes: Vec<&Value> = match &path {
        SourcePath::JsonPath(p) => p.query(sample).all(),
        SourcePath::Dotted(_) => match path.select(sample) {
            Selected::One(v) => vec![v],
            _ => Vec::new(),
        },
    };
    match nodes.as_slice() {
        [] => Err(format!(
            "records path {text} found nothing in the sample{}",
            hint_arrays(sample)
        )),
        [Value::Array(items)] => Ok(items.iter().collect()),
        [one] => Ok(vec![*one]),
        _ => Ok(nodes),
    }
}

fn hint_arrays(sample: &Value) -> String {
    let arrays: Vec<String> = sample
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.is_array())
                .map(|(k, _)| format!("$.{k}"))
                .collect()
        })
        .unwrap_or_default();
    if arrays.is_empty() {
        String::new()
    } else {
        format!(" (arrays at the top level: {})", arrays.join(", "))
    }
}

/// Maps and checks every record.
pub fn preview(
    mapping: &CompiledMapping,
    records: &[&Value],
    describe: Option<&Describe>,
    op: Operation,
) -> PreviewReport {
    let checker = describe.map(Checker::new);
    let mut summary = Summary::default();
    let records: Vec<RecordPreview> = records
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let mapped = mapping.apply(record, describe);
            let mut errors = mapped.errors;
            let mut warnings = Vec::new();
            if let Some(checker) = &checker {
                let outcome = checker.check(&mapped.fields, op);
                errors.extend(outcome.errors);
                warnings = outcome.warnings;
            }
            summary.total += 1;
            if errors.is_empty() {
                summary.valid += 1;
            } else {
                summary.invalid += 1;
            }
            RecordPreview {
                index,
                fields: mapped.fields,
                errors,
                warnings,
            }
        })
        .collect();
    PreviewReport {
        object: mapping
            .object
            .clone()
            .or_else(|| describe.map(|d| d.name.clone())),
        records,
        summary,
    }
}
