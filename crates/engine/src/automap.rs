//! Auto-map: proposes field mappings from a sample response and the target describe
//! (API name, then label, then normalised names, then dotted paths to relationships), and
//! the transforms Salesforce's typing will demand, each with the reason shown to the user.
//! (Placeholder: lands with the auto-map change.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a source path was matched to a target field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The source key equals the field's API name (case-insensitively).
    ApiName,
    /// The source key equals the field's label.
    Label,
    /// Equal once case, punctuation, `__c`, `-`, `_` and spaces are ignored.
    Normalised,
    /// A dotted path to a parent's key (`company.id`) matched to a lookup via `reference`.
    Relationship,
}

/// A transform the sample values need for the target type, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SuggestedTransform {
    /// The transform as written in a mapping, e.g. `{"convert": "number"}`.
    #[ts(type = "Record<string, unknown>")]
    pub transform: Value,
    /// Shown to the user: `"87.5" is text; Score__c is a number field`.
    pub reason: String,
}

/// One proposed field mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SuggestedField {
    /// The source path, as a mapping writes it.
    pub source: String,
    /// The target field's API name (the lookup for a relationship match).
    pub target: String,
    pub matched_by: MatchKind,
    pub transforms: Vec<SuggestedTransform>,
}

/// All proposals for a sample and a describe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ts_rs::TS)]
pub struct Suggestions {
    pub fields: Vec<SuggestedField>,
    /// Source paths nothing matched, so the user sees what is left to map by hand.
    pub unmatched_sources: Vec<String>,
}
