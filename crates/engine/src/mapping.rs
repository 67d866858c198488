//! The mapping format (docs/mapping.md): a `MappingDoc` as saved (JSON, shorthand or full
//! form) is validated purely, collecting every problem with its JSON pointer, into a
//! `CompiledMapping` (paths parsed, transforms compiled) that maps source records to
//! Salesforce records.

use crate::path::{Selected, SourcePath};
use crate::transform::{self, Transform, TransformCtx};
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

const MAPPING_KEYS: &[&str] = &["object", "skipNulls", "fields", "tests", "description"];
const FIELD_KEYS: &[&str] = &[
    "source",
    "value",
    "target",
    "transforms",
    "skipNull",
    "description",
];
const TEST_KEYS: &[&str] = &["name", "input", "expect", "expectErrors", "exact"];

fn unknown_key(key: &str, known: &[&str]) -> String {
    match crate::suggest::nearest(key, known) {
        Some(k) => format!("unknown key '{key}' (did you mean '{k}'?)"),
        None => format!(
            "unknown key '{key}' (expected one of: {})",
            known.join(", ")
        ),
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Compiles a mapping document. With a describe, reference targets use the describe's
/// relationship names and `truncate: "fit"` knows the lengths; problems that concern the
/// describe are reported by [`CompiledMapping::check_against`], not here.
pub fn compile(
    doc: &Value,
    describe: Option<&Describe>,
) -> Result<CompiledMapping, Vec<MappingIssue>> {
    let mut issues = Vec::new();
    let Some(obj) = doc.as_object() else {
        return Err(vec![MappingIssue::new(
            "",
            format!(
                "a mapping is a JSON object (shorthand {{\"source\": \"Target\"}} or {{\"fields\": [...]}}), not {}",
                kind(doc)
            ),
        )]);
    };
    let full = obj.get("fields").is_some_and(Value::is_array);
    let mut mapping = CompiledMapping {
        object: None,
        fields: Vec::new(),
        tests: Vec::new(),
    };
    if full {
        for key in obj.keys() {
            if !MAPPING_KEYS.contains(&key.as_str()) {
                issues.push(MappingIssue::new(
                    format!("/{}", pointer_escape(key)),
                    unknown_key(key, MAPPING_KEYS),
                ));
            }
        }
        match obj.get("object") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if !s.trim().is_empty() => mapping.object = Some(s.clone()),
            Some(other) => issues.push(MappingIssue::new(
                "/object",
                format!(
                    "\"object\" must be the target object's API name (a string), not {}",
                    kind(other)
                ),
            )),
        }
        let skip_nulls = match obj.get("skipNulls") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                issues.push(MappingIssue::new(
                    "/skipNulls",
                    format!("\"skipNulls\" must be true or false, not {}", kind(other)),
                ));
                false
            }
        };
        let fields = obj["fields"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (i, field) in fields.iter().enumerate() {
            if let Some(f) = compile_field(
                field,
                &format!("/fields/{i}"),
                skip_nulls,
                describe,
                &mut issues,
            ) {
                mapping.fields.push(f);
            }
        }
        if let Some(tests) = obj.get("tests") {
            mapping.tests = compile_tests(tests, &mut issues);
        }
    } else {
        if obj.contains_key("fields") {
            issues.push(MappingIssue::new(
                "/fields",
                "\"fields\" must be an array of field mappings",
            ));
        }
        for (source, target) in obj {
            let pointer = format!("/{}", pointer_escape(source));
            let Some(target) = target.as_str() else {
                issues.push(MappingIssue::new(
                    pointer,
                    format!(
                        "in the shorthand form each value is a target field's API name; '{source}' maps to {}",
                        kind(target)
                    ),
                ));
                continue;
            };
            let spec = serde_json::json!({"source": source, "target": target});
            if let Some(f) = compile_field(&spec, &pointer, false, describe, &mut issues) {
                mapping.fields.push(f);
            }
        }
    }
    // A target may be written once.
    for (i, f) in mapping.fields.iter().enumerate() {
        if let Some(first) = mapping.fields[..i]
            .iter()
            .find(|g| g.output_key.eq_ignore_ascii_case(&f.output_key))
        {
            issues.push(MappingIssue::new(
                format!("{}/target", f.pointer),
                format!(
                    "target '{}' is already mapped at {} (map several sources to one target with \"source\": [..])",
                    f.target, first.pointer
                ),
            ));
        }
    }
    if issues.is_empty() {
        Ok(mapping)
    } else {
        Err(issues)
    }
}

fn compile_field(
    spec: &Value,
    pointer: &str,
    skip_nulls: bool,
    describe: Option<&Describe>,
    issues: &mut Vec<MappingIssue>,
) -> Option<CompiledField> {
    let before = issues.len();
    let Some(obj) = spec.as_object() else {
        issues.push(MappingIssue::new(
            pointer,
            format!(
                "a field mapping is an object like {{\"source\": \"name-last\", \"target\": \"LastName\"}}, not {}",
                kind(spec)
            ),
        ));
        return None;
    };
    for key in obj.keys() {
        if !FIELD_KEYS.contains(&key.as_str()) {
            issues.push(MappingIssue::new(
                format!("{pointer}/{}", pointer_escape(key)),
                unknown_key(key, FIELD_KEYS),
            ));
        }
    }
    let target = match obj.get("target") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(other) => {
            issues.push(MappingIssue::new(
                format!("{pointer}/target"),
                format!(
                    "\"target\" must be a field's API name (a non-empty string), not {}",
                    kind(other)
                ),
            ));
            None
        }
        None => {
            issues.push(MappingIssue::new(
                pointer,
                "missing \"target\" (the Salesforce field's API name)",
            ));
            None
        }
    };
    let source = match (obj.get("source"), obj.get("value")) {
        (Some(_), Some(_)) => {
            issues.push(MappingIssue::new(
                pointer,
                "a field has either \"source\" or \"value\" (a constant), not both",
            ));
            None
        }
        (None, None) => {
            issues.push(MappingIssue::new(
                pointer,
                "missing \"source\" (a path in the source record) or \"value\" (a constant)",
            ));
            None
        }
        (None, Some(v)) => Some(Source::Constant(v.clone())),
        (Some(Value::String(text)), None) => match SourcePath::parse(text) {
            Ok(path) => Some(Source::Path {
                text: text.clone(),
                path,
            }),
            Err(e) => {
                issues.push(MappingIssue::new(format!("{pointer}/source"), e));
                None
            }
        },
        (Some(Value::Array(items)), None) if !items.is_empty() => {
            let mut paths = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let at = format!("{pointer}/source/{i}");
                match item.as_str().map(SourcePath::parse) {
                    Some(Ok(path)) => {
                        paths.push((item.as_str().unwrap_or_default().to_string(), path))
                    }
                    Some(Err(e)) => issues.push(MappingIssue::new(at, e)),
                    None => issues.push(MappingIssue::new(
                        at,
                        format!("a source path is a string, not {}", kind(item)),
                    )),
                }
            }
            Some(Source::Many(paths))
        }
        (Some(other), None) => {
            issues.push(MappingIssue::new(
                format!("{pointer}/source"),
                format!(
                    "\"source\" must be a path string or a non-empty array of paths, not {}",
                    kind(other)
                ),
            ));
            None
        }
    };
    let skip_null = match obj.get("skipNull") {
        None | Some(Value::Null) => skip_nulls,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            issues.push(MappingIssue::new(
                format!("{pointer}/skipNull"),
                format!("\"skipNull\" must be true or false, not {}", kind(other)),
            ));
            skip_nulls
        }
    };
    let mut transforms = Vec::new();
    match obj.get("transforms") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, t) in items.iter().enumerate() {
                if let Some(t) = transform::compile(t, &format!("{pointer}/transforms/{i}"), issues)
                {
                    transforms.push(t);
                }
            }
        }
        Some(other) => issues.push(MappingIssue::new(
            format!("{pointer}/transforms"),
            format!("\"transforms\" must be an array, not {}", kind(other)),
        )),
    }
    if issues.len() > before {
        return None;
    }
    let (target, source) = (target?, source?);
    let sources = match &source {
        Source::Many(paths) => paths.len(),
        _ => 1,
    };
    for (i, t) in transforms.iter().enumerate() {
        if t.max_arg() > sources {
            issues.push(MappingIssue::new(
                format!("{pointer}/transforms/{i}"),
                format!(
                    "calc reads ${} but this field has {sources} source{} ($1{})",
                    t.max_arg(),
                    if sources == 1 { "" } else { "s" },
                    if sources == 1 {
                        String::new()
                    } else {
                        format!(" to ${sources}")
                    }
                ),
            ));
        }
    }
    if issues.len() > before {
        return None;
    }
    let references = transforms.iter().any(|t| t.reference_target().is_some());
    let output_key = if references {
        relationship_key(&target, describe)
    } else {
        target.clone()
    };
    Some(CompiledField {
        source,
        target,
        output_key,
        transforms,
        skip_null,
        pointer: pointer.to_string(),
    })
}

/// The relationship name a reference value is written under: from the describe when it
/// knows the field, else by Salesforce's naming (`AccountId` → `Account`, `Account__c` →
/// `Account__r`); a target that already is a relationship name stays as it is.
pub fn relationship_key(target: &str, describe: Option<&Describe>) -> String {
    if let Some(d) = describe {
        if let Some(rel) = d.field(target).and_then(|f| f.relationship_name.as_deref()) {
            return rel.to_string();
        }
        if let Some(f) = d.field_by_relationship(target) {
            return f
                .relationship_name
                .clone()
                .unwrap_or_else(|| target.to_string());
        }
    }
    if let Some(stem) = target.strip_suffix("__c") {
        format!("{stem}__r")
    } else if let Some(stem) = target.strip_suffix("Id").filter(|s| !s.is_empty()) {
        stem.to_string()
    } else {
        target.to_string()
    }
}

fn compile_tests(tests: &Value, issues: &mut Vec<MappingIssue>) -> Vec<MappingTest> {
    let Some(items) = tests.as_array() else {
        issues.push(MappingIssue::new(
            "/tests",
            "\"tests\" must be an array of {\"input\", \"expect\"} cases",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, t) in items.iter().enumerate() {
        let at = format!("/tests/{i}");
        let Some(obj) = t.as_object() else {
            issues.push(MappingIssue::new(
                at,
                format!(
                    "a test case is an object with \"input\" and \"expect\", not {}",
                    kind(t)
                ),
            ));
            continue;
        };
        for key in obj.keys() {
            if !TEST_KEYS.contains(&key.as_str()) {
                issues.push(MappingIssue::new(
                    format!("{at}/{}", pointer_escape(key)),
                    unknown_key(key, TEST_KEYS),
                ));
            }
        }
        let Some(input) = obj.get("input") else {
            issues.push(MappingIssue::new(
                at,
                "a test case needs an \"input\" record",
            ));
            continue;
        };
        let expect = match obj.get("expect") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                issues.push(MappingIssue::new(
                    format!("{at}/expect"),
                    format!(
                        "\"expect\" must be an object of target → value, not {}",
                        kind(other)
                    ),
                ));
                continue;
            }
        };
        let expect_errors = match obj.get("expectErrors") {
            None => Vec::new(),
            Some(Value::Array(codes)) if codes.iter().all(Value::is_string) => codes
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(_) => {
                issues.push(MappingIssue::new(
                    format!("{at}/expectErrors"),
                    "\"expectErrors\" must be an array of codes like \"CONVERT_FAILED\" or \"Email:INVALID_EMAIL_ADDRESS\"",
                ));
                continue;
            }
        };
        if !obj.contains_key("expect") && expect_errors.is_empty() {
            issues.push(MappingIssue::new(
                at.clone(),
                "a test case needs \"expect\" or \"expectErrors\"",
            ));
            continue;
        }
        out.push(MappingTest {
            name: obj
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("test {}", i + 1)),
            input: input.clone(),
            expect,
            expect_errors,
            exact: obj.get("exact").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    out
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
            let field = describe
                .field(&f.target)
                .or_else(|| describe.field_by_relationship(&f.target));
            let Some(field) = field else {
                issues.push(MappingIssue::new(
                    at,
                    format!(
                        "{} has no field '{}'{}",
                        describe.name,
                        f.target,
                        nearest_field(describe, &f.target)
                    ),
                ));
                continue;
            };
            let writable = match op {
                Operation::Insert | Operation::Upsert => field.createable,
                Operation::Update => field.updateable,
            };
            if !writable && !field.name.eq_ignore_ascii_case("Id") {
                issues.push(MappingIssue::new(
                    at.clone(),
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
            let references = f.transforms.iter().find_map(|t| t.reference_target());
            if let Some((object, _)) = references {
                if field.reference_to.is_empty() {
                    issues.push(MappingIssue::new(
                        at.clone(),
                        format!(
                            "{} is not a lookup: the reference transform needs a lookup field",
                            field.name
                        ),
                    ));
                } else if !field
                    .reference_to
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(object))
                {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contact() -> Describe {
        Describe::from_json_str(include_str!(
            "../../../fixtures/samples/describe/Contact.json"
        ))
        .unwrap()
    }

    fn map(doc: Value, record: Value) -> MappedRecord {
        compile(&doc, None).unwrap().apply(&record, None)
    }

    fn pointers(doc: Value) -> Vec<String> {
        compile(&doc, None)
            .unwrap_err()
            .into_iter()
            .map(|i| i.pointer)
            .collect()
    }

    #[test]
    fn shorthand_maps_source_keys_to_targets_in_order() {
        let out = map(
            json!({"name-last": "LastName", "email": "Email", "company.id": "Account_Ref__c"}),
            json!({"email": "a@b.co", "name-last": "Tester", "company": {"id": "A-1"}}),
        );
        assert_eq!(
            serde_json::to_string(&out.fields).unwrap(),
            r#"{"LastName":"Tester","Email":"a@b.co","Account_Ref__c":"A-1"}"#
        );
    }

    #[test]
    fn a_missing_source_value_is_null() {
        let out = map(json!({"phone": "Phone"}), json!({}));
        assert_eq!(out.fields["Phone"], Value::Null);
    }

    #[test]
    fn skip_nulls_leaves_null_targets_out_mapping_wide_and_per_field() {
        let doc = json!({"skipNulls": true, "fields": [
            {"source": "a", "target": "A__c"},
            {"source": "b", "target": "B__c", "skipNull": false},
            {"source": "c", "target": "C__c"}
        ]});
        let out = map(doc, json!({"c": 1}));
        assert!(!out.fields.contains_key("A__c"));
        assert_eq!(out.fields["B__c"], Value::Null);
        assert_eq!(out.fields["C__c"], json!(1));
        let per_field = map(
            json!({"fields": [{"source": "x", "target": "X__c", "skipNull": true}]}),
            json!({}),
        );
        assert!(per_field.fields.is_empty());
    }

    #[test]
    fn constants_and_multi_source_values() {
        let doc = json!({"fields": [
            {"value": "Web", "target": "LeadSource"},
            {"source": ["first", "last"], "target": "Description"}
        ]});
        let out = map(doc, json!({"first": "Joe", "last": "Tester"}));
        assert_eq!(out.fields["LeadSource"], json!("Web"));
        assert_eq!(out.fields["Description"], json!(["Joe", "Tester"]));
    }

    #[test]
    fn a_jsonpath_selecting_several_nodes_is_an_error_for_that_record_only() {
        let m = compile(&json!({"fields": [{"source": "$.tags[*]", "target": "Tags__c"}, {"source": "id", "target": "Id__c"}]}), None).unwrap();
        let bad = m.apply(&json!({"id": 1, "tags": ["a", "b"]}), None);
        assert_eq!(bad.errors.len(), 1);
        assert_eq!(bad.errors[0].code, ErrorCode::AmbiguousPath);
        assert!(
            bad.errors[0].message.contains("selected 2 values"),
            "{}",
            bad.errors[0].message
        );
        assert_eq!(bad.fields["Id__c"], json!(1));
        let good = m.apply(&json!({"id": 2, "tags": ["a"]}), None);
        assert!(good.errors.is_empty());
        assert_eq!(good.fields["Tags__c"], json!("a"));
    }

    #[test]
    fn every_structural_problem_is_reported_with_its_pointer() {
        let doc = json!({
            "object": 7,
            "skipNulls": "yes",
            "colour": "blue",
            "fields": [
                {"source": "a"},
                {"target": "B__c"},
                {"source": "a", "value": 1, "target": "C__c"},
                {"source": "a[x]", "target": "D__c"},
                {"source": ["ok", 5], "target": "E__c"},
                {"source": "f", "target": "F__c", "transforms": {"modify": "upper"}},
                {"source": "g", "target": "G__c", "skipNull": 1, "extra": true},
                "not a field",
                {"source": "h", "target": "H__c"},
                {"source": "i", "target": "h__c"}
            ],
            "tests": [{"expect": {}}]
        });
        assert_eq!(
            pointers(doc),
            vec![
                "/colour",
                "/object",
                "/skipNulls",
                "/fields/0",
                "/fields/1",
                "/fields/2",
                "/fields/3/source",
                "/fields/4/source/1",
                "/fields/5/transforms",
                "/fields/6/extra",
                "/fields/6/skipNull",
                "/fields/7",
                "/tests/0",
                "/fields/9/target",
            ]
        );
    }

    #[test]
    fn shorthand_values_must_be_target_names() {
        let issues = compile(&json!({"a/b": 3, "ok": "Ok__c"}), None).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/a~1b");
        assert!(issues[0].message.contains("'a/b' maps to a number"));
    }

    #[test]
    fn a_mapping_must_be_an_object() {
        let issues = compile(&json!(["LastName"]), None).unwrap_err();
        assert_eq!(issues[0].pointer, "");
        assert!(issues[0].message.contains("not an array"));
    }

    #[test]
    fn relationship_keys_follow_the_describe_or_salesforce_naming() {
        let d = contact();
        assert_eq!(relationship_key("AccountId", Some(&d)), "Account");
        assert_eq!(relationship_key("Account", Some(&d)), "Account");
        assert_eq!(relationship_key("Invoice__c", None), "Invoice__r");
        assert_eq!(relationship_key("AccountId", None), "Account");
        assert_eq!(relationship_key("Account__r", None), "Account__r");
    }

    #[test]
    fn checking_against_the_describe_finds_unknown_and_read_only_targets() {
        let m = compile(
            &json!({"object": "Account", "fields": [
                {"source": "a", "target": "LastName"},
                {"source": "b", "target": "Lastname_"},
                {"source": "c", "target": "Name"},
                {"source": "d", "target": "Contact_Id"}
            ]}),
            None,
        )
        .unwrap();
        let issues = m.check_against(&contact(), Operation::Insert);
        let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        assert_eq!(issues.len(), 4, "{text:#?}");
        assert!(text[0].starts_with("/object: the mapping is for Account"));
        assert!(
            text[1].contains("/fields/1/target") && text[1].contains("did you mean LastName?"),
            "{}",
            text[1]
        );
        assert!(
            text[2].contains("/fields/2/target") && text[2].contains("read-only for insert"),
            "{}",
            text[2]
        );
        assert!(
            text[3].contains("did you mean Contact_Id__c?"),
            "{}",
            text[3]
        );
    }

    #[test]
    fn calc_may_not_read_more_sources_than_the_field_has() {
        let issues = compile(
            &json!({"fields": [{"source": ["a", "b"], "target": "X__c", "transforms": [{"calc": "$1 * $3"}]}]}),
            None,
        )
        .unwrap_err();
        assert_eq!(issues[0].pointer, "/fields/0/transforms/0");
        assert_eq!(
            issues[0].message,
            "calc reads $3 but this field has 2 sources ($1 to $2)"
        );
        assert!(compile(&json!({"fields": [{"source": ["a", "b"], "target": "X__c", "transforms": [{"calc": "$1 * $2"}]}]}), None).is_ok());
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_known_one() {
        let issues = compile(
            &json!({"fields": [{"source": "a", "target": "A__c", "trasnforms": []}]}),
            None,
        )
        .unwrap_err();
        assert_eq!(
            issues[0].message,
            "unknown key 'trasnforms' (did you mean 'transforms'?)"
        );
    }

    #[test]
    fn test_cases_are_read_with_defaults() {
        let m = compile(
            &json!({"fields": [{"source": "a", "target": "A__c"}],
                    "tests": [{"input": {"a": 1}, "expect": {"A__c": 1}}, {"name": "errs", "input": {}, "expectErrors": ["A__c:CONVERT_FAILED"]}]}),
            None,
        )
        .unwrap();
        assert_eq!(m.tests[0].name, "test 1");
        assert_eq!(
            m.tests[1].expect_errors,
            vec!["A__c:CONVERT_FAILED".to_string()]
        );
    }
}
