//! Auto-map: proposes field mappings from a sample response and the target describe
//! (API name, then label, then normalised names, then dotted paths to relationships), and
//! the transforms Salesforce's typing will demand, each with the reason shown to the user.
//! Pure: the CLI (`synccentral mapping suggest`) and the desktop mapping editor call the same
//! [`suggest`]. The rules are listed in docs/mapping.md ("Auto-map").
//!
//! This module holds the result types and the walk that puts the pieces together: the
//! sample's leaf paths ([`paths`]), the field each is matched to ([`matching`]) and the
//! transforms its values need ([`values`], dates and times in [`temporal`]). A sample read from
//! another Salesforce org ([`SuggestOptions::source_is_org`]) has its lookups matched by
//! [`org`]'s rules: by the parent's fields, never by that org's Ids.

mod matching;
mod org;
#[cfg(test)]
mod org_tests;
mod paths;
mod temporal;
#[cfg(test)]
mod tests;
mod values;

pub use matching::{normalise, proposable};

use crate::describe::Describe;
use crate::mapping::{self, CompiledMapping};
use crate::path::lookup;
use matching::{find_match, Match};
use paths::{collect_leaves, existing_claims, Leaf};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use values::transforms_for;

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
    /// Why the source was matched to this target, shown to the user.
    pub reason: String,
    pub transforms: Vec<SuggestedTransform>,
}

/// All proposals for a sample and a describe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ts_rs::TS)]
pub struct Suggestions {
    pub fields: Vec<SuggestedField>,
    /// Source paths nothing matched, so the user sees what is left to map by hand.
    pub unmatched_sources: Vec<String>,
}

/// Fields Salesforce maintains itself: never proposed as targets.
const AUDIT_FIELDS: &[&str] = &[
    "Id",
    "IsDeleted",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "LastActivityDate",
    "LastViewedDate",
    "LastReferencedDate",
    "MasterRecordId",
];

/// Words API data uses for a standard object (`company` is an Account).
const OBJECT_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "Account",
        &[
            "company",
            "companies",
            "customer",
            "organisation",
            "organization",
            "org",
            "business",
            "client",
            "employer",
            "firm",
        ],
    ),
    ("Contact", &["person", "people"]),
    ("User", &["owner", "user", "assignee"]),
];

/// The external ID field guessed for a parent whose describe is not given.
pub const GUESSED_EXTERNAL_ID: &str = "External_Id__c";

/// What auto-map is told besides the sample and the target describe.
#[derive(Debug, Clone, Copy, Default)]
pub struct SuggestOptions<'a> {
    /// A mapping whose sources and targets are left alone.
    pub existing: Option<&'a CompiledMapping>,
    /// Describes of objects lookups point to (their external ID fields are used).
    pub parents: &'a [Describe],
    /// The sample is another Salesforce org's records: its Ids mean nothing in the target,
    /// so lookups are set by their parents' fields only (`Account.Name` → `AccountId`) and
    /// Id-valued sources (`AccountId`, `OwnerId`) are left unmatched.
    pub source_is_org: bool,
}

/// Proposes mappings for `records` into the object `describe` describes, with the transforms
/// their values need (see [`SuggestOptions`] for what else it is told).
pub fn suggest(records: &[&Value], describe: &Describe, options: &SuggestOptions) -> Suggestions {
    let SuggestOptions {
        existing,
        parents,
        source_is_org,
    } = *options;
    let leaves = collect_leaves(records);
    let (mapped_sources, mut taken) = existing_claims(existing, describe);
    let open: Vec<&Leaf> = leaves
        .iter()
        .filter(|l| !mapped_sources.iter().any(|s| l.same_path(s)))
        .collect();
    let mut found: Vec<Option<Match>> = vec![None; open.len()];
    // Another org's record Ids are never proposed: they would name nothing in the target.
    let id_valued: Vec<bool> = open
        .iter()
        .map(|l| source_is_org && org::id_valued(l, records))
        .collect();
    for kind in [
        MatchKind::ApiName,
        MatchKind::Label,
        MatchKind::Normalised,
        MatchKind::Relationship,
    ] {
        for (i, leaf) in open.iter().enumerate() {
            if found[i].is_some() || !leaf.matchable() || id_valued[i] {
                continue;
            }
            if let Some(m) = find_match(kind, leaf, describe, &taken, parents, source_is_org) {
                taken[m.field] = true;
                found[i] = Some(m);
            }
        }
    }
    let mut out = Suggestions::default();
    for (leaf, m) in open.iter().zip(found) {
        let Some(m) = m else {
            out.unmatched_sources.push(leaf.text.clone());
            continue;
        };
        let field = &describe.fields[m.field];
        let values: Vec<&Value> = records
            .iter()
            .filter_map(|r| lookup(r, &leaf.segments))
            .filter(|v| !v.is_null())
            .collect();
        let transforms = match m.reference {
            Some(t) => vec![t],
            None => transforms_for(field, &values, parents),
        };
        let suggestion = SuggestedField {
            source: leaf.text.clone(),
            target: field.name.clone(),
            matched_by: m.kind,
            reason: m.reason,
            transforms,
        };
        match checked(suggestion, describe) {
            Some(s) => out.fields.push(s),
            None => out.unmatched_sources.push(leaf.text.clone()),
        }
    }
    out
}

/// A full-form mapping document for `object` with every suggestion accepted.
pub fn to_mapping(s: &Suggestions, object: &str) -> Value {
    merge_into(None, s, object)
}

/// `existing` (shorthand or full form) with every suggestion appended as a full-form field;
/// without `existing`, a new full-form mapping for `object`.
pub fn merge_into(existing: Option<&Value>, s: &Suggestions, object: &str) -> Value {
    let mut doc = match existing {
        Some(Value::Object(m)) if m.get("fields").is_some_and(Value::is_array) => m.clone(),
        Some(Value::Object(shorthand)) => {
            let fields: Vec<Value> = shorthand
                .iter()
                .map(|(source, target)| json!({"source": source, "target": target}))
                .collect();
            let mut m = Map::new();
            m.insert("fields".into(), Value::Array(fields));
            m
        }
        _ => {
            let mut m = Map::new();
            m.insert("fields".into(), Value::Array(Vec::new()));
            m
        }
    };
    if !doc.contains_key("object") {
        doc.insert("object".into(), Value::from(object));
    }
    if let Some(Value::Array(fields)) = doc.get_mut("fields") {
        fields.extend(s.fields.iter().map(field_json));
    }
    // `object` first, as people write it.
    let mut ordered = Map::new();
    if let Some(o) = doc.remove("object") {
        ordered.insert("object".into(), o);
    }
    ordered.extend(doc);
    Value::Object(ordered)
}

fn field_json(f: &SuggestedField) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), Value::from(f.source.clone()));
    m.insert("target".into(), Value::from(f.target.clone()));
    if !f.transforms.is_empty() {
        m.insert(
            "transforms".into(),
            Value::Array(f.transforms.iter().map(|t| t.transform.clone()).collect()),
        );
    }
    m.insert("description".into(), Value::from(f.reason.clone()));
    Value::Object(m)
}

/// Keeps a suggestion only in a form that compiles: without its transforms if they do not
/// (they always should), dropped if even the bare mapping does not.
fn checked(mut s: SuggestedField, describe: &Describe) -> Option<SuggestedField> {
    let compiles = |s: &SuggestedField| {
        mapping::compile(&json!({"fields": [field_json(s)]}), Some(describe)).is_ok()
    };
    if compiles(&s) {
        return Some(s);
    }
    s.transforms.clear();
    compiles(&s).then_some(s)
}
