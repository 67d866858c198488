//! Reading a saved mapping document (shorthand or full form) into a [`CompiledMapping`]:
//! every structural problem is collected with its JSON pointer, and keys that are almost
//! right get the nearest known one.

use super::{CompiledField, CompiledMapping, MappingTest, Source};
use crate::path::SourcePath;
use crate::transform;
use crate::{Describe, MappingIssue};
use serde_json::{Map, Value};

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
