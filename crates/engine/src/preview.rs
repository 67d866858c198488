//! The mock preview: a mapping applied to sample records, each checked against the describe.
//! (Placeholder: lands in the mapping change.)

use crate::FieldError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The preview of one source record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordPreview {
    pub index: usize,
    /// Target API name → value, in mapping order.
    pub fields: Map<String, Value>,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Summary {
    pub total: usize,
    pub valid: usize,
    pub invalid: usize,
}

/// A whole preview, as `synccentral preview` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewReport {
    pub object: Option<String>,
    pub records: Vec<RecordPreview>,
    pub summary: Summary,
}
