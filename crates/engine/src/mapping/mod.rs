//! The mapping format (docs/mapping.md): a `MappingDoc` as saved (JSON, shorthand or full
//! form) is validated purely, collecting every problem with its JSON pointer, into a
//! `CompiledMapping` (paths parsed, transforms compiled) that maps source records to
//! Salesforce records.
//!
//! This module holds the compiled types and applies them to records; [`compile`] (in its own
//! module) reads and validates the saved document.

mod compile;
#[cfg(test)]
mod tests;

pub use compile::{compile, pointer_escape, relationship_key};

use crate::path::{Selected, SourcePath};
use crate::transform::{Transform, TransformCtx};
use crate::{Describe, ErrorCode, FieldDescribe, FieldError, MappingIssue, Operation};
use serde_json::{Map, Value};

/// Where a field's value comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// One source path.
    Path { text: String, path: SourcePath },
    /// Several paths: the transforms get an array of their values, in order.
    Many(Vec<(String, SourcePath)>),
    /// A constant (`"value"`).
    Constant(Value),
}

/// One compiled field mapping.
#[derive(Debug, Clone)]
pub struct CompiledField {
    pub source: Source,
    /// The target field as written in the mapping (`AccountId`).
    pub target: String,
    /// The key written in the output record: the target, or its relationship name when a
    /// `reference` transform produces a relationship-by-external-ID value (`Account`).
    pub output_key: String,
    pub transforms: Vec<Transform>,
    /// Leave the field out when its final value is null.
    pub skip_null: bool,
    /// Pointer of this field in the mapping document (`/fields/3`).
    pub pointer: String,
}

/// A test case carried by a mapping: an input record and the output it must give.
#[derive(Debug, Clone, PartialEq)]
pub struct MappingTest {
    pub name: String,
    pub input: Value,
    /// Expected output fields (target key → value). Fields not listed are not compared
    /// unless `exact` is set.
    pub expect: Map<String, Value>,
    /// Expected error codes, as `CODE` or `Field:CODE`.
    pub expect_errors: Vec<String>,
    /// The output must hold exactly the `expect` fields, no others.
    pub exact: bool,
}

/// A validated mapping, ready to apply to records.
#[derive(Debug, Clone)]
pub struct CompiledMapping {
    /// The target object's API name, when the mapping names it.
    pub object: Option<String>,
    pub fields: Vec<CompiledField>,
    pub tests: Vec<MappingTest>,
}

/// The output of one source record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MappedRecord {
    /// Output key → value, in mapping order.
    pub fields: Map<String, Value>,
    /// Errors raised while mapping (transforms, ambiguous paths).
    pub errors: Vec<FieldError>,
}

static NULL: Value = Value::Null;

impl CompiledMapping {
    /// Maps one source record. `describe` gives transforms the target field's describe.
    pub fn apply(&self, record: &Value, describe: Option<&Describe>) -> MappedRecord {
        let mut out = MappedRecord {
            fields: Map::with_capacity(self.fields.len()),
            errors: Vec::new(),
        };
        self.apply_each(record, describe, &mut out.errors, |i, v| {
            out.fields.insert(self.fields[i].output_key.clone(), v);
        });
        out
    }

    /// Maps one source record, handing each output field (its index in `fields`, its
    /// value) to `emit` in mapping order (fields left out by `skipNull` are not emitted) and pushing errors to `errors`.
    /// Lets a bulk writer serialise fields as they come, without building a record.
    pub fn apply_each(
        &self,
        record: &Value,
        describe: Option<&Describe>,
        errors: &mut Vec<FieldError>,
        mut emit: impl FnMut(usize, Value),
    ) {
        for (i, field) in self.fields.iter().enumerate() {
            match self.apply_field(field, record, describe) {
                Ok(Value::Null) if field.skip_null => {}
                Ok(v) => emit(i, v),
                Err(e) => errors.push(e),
            }
        }
    }

    fn apply_field(
        &self,
        field: &CompiledField,
        record: &Value,
        describe: Option<&Describe>,
    ) -> Result<Value, FieldError> {
        let target_field: Option<&FieldDescribe> = describe.and_then(|d| d.field(&field.target));
        let many;
        let (value, sources): (Value, &[Value]) = match &field.source {
            Source::Path { text, path } => {
                let found = select_one(path, text, record, &field.target)?;
                (found.clone(), std::slice::from_ref(found))
            }
            Source::Many(paths) => {
                many = paths
                    .iter()
                    .map(|(text, path)| select_one(path, text, record, &field.target).cloned())
                    .collect::<Result<Vec<_>, _>>()?;
                (Value::Array(many.clone()), many.as_slice())
            }
            Source::Constant(v) => (v.clone(), std::slice::from_ref(v)),
        };
        let ctx = TransformCtx {
            record,
            sources,
            target: &field.target,
            target_field,
        };
        field
            .transforms
            .iter()
            .try_fold(value, |v, t| t.apply(v, &ctx))
    }

    /// Problems of the mapping against the target object's describe: unknown targets,
    /// fields the operation cannot write, reference transforms on non-lookups, a mapping
    /// for another object.
    pub fn check_against(&self, describe: &Describe, op: Operation) -> Vec<MappingIssue> {
        let mut issues = Vec::new();
        if let Some(object) = &self.object {
            if !object.eq_ignore_ascii_case(&describe.name) {
                issues.push(MappingIssue::new(
                    "/object",
                    format!(
                        "the mapping is for {object} but the describe is of {}",
                        describe.name
                    ),
                ));
            }
        }
        for f in &self.fields {
            let at = format!("{}/target", f.pointer);
            let Some(field) = target_field(describe, &at, &f.target, op, &mut issues) else {
                continue;
            };
            let references = f.transforms.iter().find_map(|t| t.reference());
            if let Some(reference) = references {
                let other = reference
                    .objects()
                    .into_iter()
                    .find(|o| !field.reference_to.iter().any(|r| r.eq_ignore_ascii_case(o)));
                if field.reference_to.is_empty() {
                    issues.push(MappingIssue::new(
                        at.clone(),
                        format!(
                            "{} is not a lookup: the reference transform needs a lookup field",
                            field.name
                        ),
                    ));
                } else if let Some(object) = other {
                    issues.push(MappingIssue::new(
                        at.clone(),
                        format!(
                            "{} looks up {}, not {object}",
                            field.name,
                            field.reference_to.join(" or ")
                        ),
                    ));
                }
            }
        }
        issues
    }
}

/// The describe's field a mapping writes at `at`, or `None` with an issue when the object
/// has no such field; an issue too when the field cannot be written by `op`.
fn target_field<'d>(
    describe: &'d Describe,
    at: &str,
    target: &str,
    op: Operation,
    issues: &mut Vec<MappingIssue>,
) -> Option<&'d FieldDescribe> {
    let field = describe
        .field(target)
        .or_else(|| describe.field_by_relationship(target));
    let Some(field) = field else {
        issues.push(MappingIssue::new(
            at,
            format!(
                "{} has no field '{}'{}",
                describe.name,
                target,
                nearest_field(describe, target)
            ),
        ));
        return None;
    };
    let writable = match op {
        Operation::Insert | Operation::Upsert => field.createable,
        Operation::Update => field.updateable,
    };
    if !writable && !field.name.eq_ignore_ascii_case("Id") {
        issues.push(MappingIssue::new(
            at,
            format!(
                "{} ({}) is read-only for {}: not {}",
                field.label,
                field.name,
                match op {
                    Operation::Insert => "insert",
                    Operation::Update => "update",
                    Operation::Upsert => "upsert",
                },
                if op == Operation::Update {
                    "updateable"
                } else {
                    "createable"
                }
            ),
        ));
    }
    Some(field)
}

/// Every problem of a mapping document in one pass: what [`compile`] finds and, against a
/// describe, each target the object does not have or `op` cannot write, even for fields
/// that did not compile (a bad transform does not hide an unknown target).
pub fn check(doc: &Value, describe: Option<&Describe>, op: Operation) -> Vec<MappingIssue> {
    match compile(doc, describe) {
        Ok(mapping) => describe
            .map(|d| mapping.check_against(d, op))
            .unwrap_or_default(),
        Err(mut issues) => {
            let Some(describe) = describe else {
                return issues;
            };
            let mut more = Vec::new();
            for (at, target) in raw_targets(doc) {
                if !issues.iter().any(|i| i.pointer == at) {
                    target_field(describe, &at, &target, op, &mut more);
                }
            }
            issues.extend(more);
            issues
        }
    }
}

/// The targets a mapping document names, at the pointers [`CompiledMapping::check_against`]
/// gives them, read without compiling.
fn raw_targets(doc: &Value) -> Vec<(String, String)> {
    let Some(obj) = doc.as_object() else {
        return Vec::new();
    };
    match obj.get("fields").and_then(Value::as_array) {
        Some(fields) => fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let target = f.get("target")?.as_str()?.trim();
                (!target.is_empty()).then(|| (format!("/fields/{i}/target"), target.to_string()))
            })
            .collect(),
        None => obj
            .iter()
            .filter_map(|(source, target)| {
                let target = target.as_str()?.trim();
                (!target.is_empty()).then(|| {
                    (
                        format!("/{}/target", pointer_escape(source)),
                        target.to_string(),
                    )
                })
            })
            .collect(),
    }
}

fn nearest_field(describe: &Describe, name: &str) -> String {
    describe
        .similar_field(name)
        .map(|f| format!(" (did you mean {}?)", f.name))
        .unwrap_or_default()
}

fn select_one<'a>(
    path: &SourcePath,
    text: &str,
    record: &'a Value,
    target: &str,
) -> Result<&'a Value, FieldError> {
    match path.select(record) {
        Selected::Missing => Ok(&NULL),
        Selected::One(v) => Ok(v),
        Selected::Many(n) => Err(FieldError::new(
            target,
            ErrorCode::AmbiguousPath,
            format!("source path {text} selected {n} values in this record; a source must select at most one"),
        )),
    }
}
