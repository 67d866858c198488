//! What the visual mapping editor asks for: the live preview and check of the mapping being
//! edited, the target fields of a describe, the source paths of a sample, the bundled demo
//! workspace, and mapping files read and written as text. Every type that crosses to the UI
//! derives `ts_rs::TS`; `ui/src/bindings/` holds what they generate (see the test below).

pub mod automap;
pub mod bulk;
pub mod demo;
mod files;
mod sample_file;

use crate::editor::automap::SuggestRequest;
use crate::{codes, Document, PreviewRequest};
pub(crate) use files::PickedFiles;
pub use files::{
    file_picked, may_pick, read_sample_file, read_text_file, write_text_file, FilePurpose,
    MAX_SAMPLE_BYTES, MAX_TEXT_BYTES,
};
pub use sample_file::{sample_bytes, sample_file, SampleFile};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex};
pub use synccentral_engine::automap::Suggestions;
use synccentral_engine::preview::{self, PreviewReport};
pub use synccentral_engine::testcase::{TestReport, TestResult};
pub use synccentral_engine::MappingIssue;
use synccentral_engine::{Describe, FieldType, Operation};

use crate::ApiError;

/// Codes only the editor's functions raise.
pub mod editor_codes {
    /// A file could not be read or written (the message names it and says why).
    pub const FILE_ERROR: &str = "FILE_ERROR";
    /// A CSV or XLSX sample could not be read (the message says where and why).
    pub const INVALID_SAMPLE: &str = "INVALID_SAMPLE";
    /// A sample's text is not in the encoding it was read in (UTF-8 when none is named), or
    /// the named encoding is unknown: the message says which and how to name one.
    pub const ENCODING: &str = "ENCODING";
    /// The editor may not open or save this file: it was neither chosen in the system's
    /// dialog nor typed as a document of the kind asked for (the message says which).
    pub const FILE_NOT_ALLOWED: &str = "FILE_NOT_ALLOWED";
    /// The file is larger than the editor opens (the message says the limit).
    pub const FILE_TOO_LARGE: &str = "FILE_TOO_LARGE";
}

/// The mapping being edited, the sample and describe it is previewed against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct EditorInput {
    /// The mapping as JSON (shorthand or full form).
    #[ts(type = "unknown")]
    pub mapping: Value,
    /// The sample response, as text.
    pub sample: String,
    /// Where the records are in the sample (`$.data`); none: the sample itself.
    pub records_path: Option<String>,
    /// The target object's describe, as text.
    pub describe: Option<String>,
    #[ts(type = "\"insert\" | \"update\" | \"upsert\"")]
    pub operation: Operation,
    /// The sample is another Salesforce org's records: auto-map sets lookups by their
    /// parents' fields (`Account.Name`), never by that org's Ids. Absent: an API's records.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_is_org: Option<bool>,
}

impl EditorInput {
    fn mapping_text(&self) -> String {
        serde_json::to_string(&self.mapping).unwrap_or_default()
    }
}

/// The mock preview of the mapping being edited.
///
/// Most edits change the mapping only, so the sample and describe parsed for the previous
/// preview are kept (see [`Parsed`]) and only the mapping is compiled again. Anything that
/// does not parse takes the uncached path, so errors are the same either way.
pub fn preview_mapping(input: &EditorInput) -> Result<PreviewReport, ApiError> {
    let Some(parsed) = Parsed::of(input) else {
        let mapping = input.mapping_text();
        return crate::preview(PreviewRequest {
            mapping: Document::new("mapping", &mapping),
            sample: Document::new("sample", &input.sample),
            describe: input
                .describe
                .as_deref()
                .map(|d| Document::new("describe", d)),
            records_path: input.records_path.as_deref(),
            operation: input.operation,
        });
    };
    let mapping = input.mapping_text();
    let describe = parsed.describe.as_ref();
    let compiled = crate::load_checked_mapping(
        Document::new("mapping", &mapping),
        describe.map(|d| (d, "describe")),
    )?;
    crate::preview_parsed(
        &compiled,
        &parsed.sample,
        "sample",
        describe,
        input.records_path.as_deref(),
        input.operation,
    )
}

/// The sample and describe of the last preview, parsed, with the text they came from.
struct Parsed {
    sample_text: String,
    describe_text: Option<String>,
    sample: Value,
    describe: Option<Describe>,
}

static LAST_PARSED: Mutex<Option<Arc<Parsed>>> = Mutex::new(None);

impl Parsed {
    /// The parsed sample and describe of `input`: the last ones if their text is the same,
    /// else parsed now and kept. None when either does not parse.
    fn of(input: &EditorInput) -> Option<Arc<Parsed>> {
        let same = |p: &Parsed| {
            p.sample_text == input.sample && p.describe_text.as_deref() == input.describe.as_deref()
        };
        let mut last = LAST_PARSED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = last.as_ref().filter(|p| same(p)) {
            return Some(Arc::clone(p));
        }
        let sample = Document::new("sample", &input.sample).json().ok()?;
        let describe = match input.describe.as_deref() {
            Some(text) => Some(crate::load_describe(Document::new("describe", text)).ok()?),
            None => None,
        };
        let parsed = Arc::new(Parsed {
            sample_text: input.sample.clone(),
            describe_text: input.describe.clone(),
            sample,
            describe,
        });
        *last = Some(Arc::clone(&parsed));
        Some(parsed)
    }
}

/// Every problem of the mapping being edited, each with its JSON pointer.
pub fn check_mapping(input: &EditorInput) -> Result<Vec<MappingIssue>, ApiError> {
    let mapping = input.mapping_text();
    crate::check_mapping(
        Document::new("mapping", &mapping),
        input
            .describe
            .as_deref()
            .map(|d| Document::new("describe", d)),
        input.operation,
    )
}

/// Runs the test cases the mapping being edited carries (`"tests"`), checking each output
/// against the editor's describe for its operation.
pub fn test_mapping(input: &EditorInput) -> Result<TestReport, ApiError> {
    let mapping = input.mapping_text();
    crate::test_mapping(
        Document::new("mapping", &mapping),
        input
            .describe
            .as_deref()
            .map(|d| Document::new("describe", d)),
        input.operation,
    )
}

/// Auto-map: proposed field mappings from the sample into the described object, leaving the
/// sources and targets the mapping being edited already uses alone.
pub fn suggest_mapping(input: &EditorInput) -> Result<Suggestions, ApiError> {
    let describe = input.describe.as_deref().ok_or_else(|| {
        ApiError::new(
            codes::INVALID_DESCRIBE,
            "auto-map needs the target object's describe",
        )
    })?;
    let mapping = input.mapping_text();
    crate::editor::automap::suggest(SuggestRequest {
        sample: Document::new("sample", &input.sample),
        records_path: input.records_path.as_deref(),
        describe: Document::new("describe", describe),
        existing: Some(Document::new("mapping", &mapping)),
        parents: &[],
        source_is_org: input.source_is_org.unwrap_or(false),
    })
    .map(|o| o.suggestions)
}

/// One field of the target object, as the target panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetField {
    pub name: String,
    pub label: String,
    /// Salesforce's type name: `string`, `picklist`, `reference`, …
    pub field_type: String,
    /// The maximum length of a text field.
    pub length: Option<u32>,
    /// Required when a record is created.
    pub required: bool,
    pub external_id: bool,
    pub createable: bool,
    pub updateable: bool,
    /// Active picklist values, in describe order.
    pub picklist_values: Vec<String>,
    /// The objects a lookup may point to.
    pub reference_to: Vec<String>,
    /// A lookup's relationship name (`Account` for `AccountId`): how a query reaches the
    /// parent's fields (`Account.Name`).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_name: Option<String>,
}

/// The target object of a describe and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TargetObject {
    pub name: String,
    pub label: String,
    pub fields: Vec<TargetField>,
}

fn type_name(t: &FieldType) -> String {
    match serde_json::to_value(t) {
        Ok(Value::String(s)) => s,
        _ => format!("{t:?}").to_lowercase(),
    }
}

/// The fields of a describe, in describe order.
pub fn describe_fields(describe: &str) -> Result<TargetObject, ApiError> {
    let d: Describe = crate::load_describe(Document::new("describe", describe))?;
    let fields = d
        .fields
        .iter()
        .map(|f| {
            let is_text = matches!(
                f.field_type,
                FieldType::String
                    | FieldType::Textarea
                    | FieldType::Email
                    | FieldType::Phone
                    | FieldType::Url
                    | FieldType::Picklist
                    | FieldType::Multipicklist
                    | FieldType::Combobox
                    | FieldType::Encryptedstring
            );
            TargetField {
                name: f.name.clone(),
                label: f.label.clone(),
                field_type: type_name(&f.field_type),
                length: (is_text && f.length > 0).then_some(f.length),
                required: f.required_on_create(),
                external_id: f.external_id,
                createable: f.createable,
                updateable: f.updateable,
                picklist_values: f.active_values().map(str::to_string).collect(),
                reference_to: f.reference_to.clone(),
                relationship_name: f.relationship_name.clone(),
            }
        })
        .collect();
    Ok(TargetObject {
        name: d.name,
        label: d.label,
        fields,
    })
}

/// One leaf of the sample's records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SourceField {
    /// The path as a mapping writes it: `company.id`, `lines[0].sku`, `$['a.b']`.
    pub path: String,
    /// `text`, `number`, `integer`, `boolean`, `date`, `datetime`, `array`, `object` or
    /// `null` (never anything but null in the sample).
    pub kind: String,
    /// The first non-null value in the sample, as JSON text; empty when all are null.
    pub sample: String,
}

/// The records of a sample and every leaf path in them, in first-seen order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SourceOutline {
    pub records: usize,
    pub fields: Vec<SourceField>,
}

fn key_step(prefix: &str, key: &str) -> String {
    let plain = !key.is_empty() && !key.contains(['.', '[', ']', '\'', '$']);
    if plain && !prefix.starts_with('$') {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    } else {
        // Keys a dotted path cannot hold, and anything under one, take the JSONPath form.
        let base = if prefix.is_empty() {
            "$".to_string()
        } else if prefix.starts_with('$') {
            prefix.to_string()
        } else {
            format!("$.{prefix}")
        };
        let quoted = key.replace('\\', "\\\\").replace('\'', "\\'");
        format!("{base}['{quoted}']")
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(s) => text_kind(s),
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn text_kind(s: &str) -> &'static str {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let is_date = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-';
    let is_date = is_date && digits(8..10);
    match (is_date, b.len()) {
        (true, 10) => "date",
        (true, n) if n > 10 && (b[10] == b'T' || b[10] == b' ') => "datetime",
        _ => "text",
    }
}

fn walk(prefix: &str, value: &Value, out: &mut Vec<SourceField>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                walk(&key_step(prefix, k), v, out);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object()) && !prefix.is_empty() => {
            if let Some(first) = items.first() {
                walk(&format!("{prefix}[0]"), first, out);
            }
        }
        _ => {
            if prefix.is_empty() {
                return;
            }
            match out.iter_mut().find(|f| f.path == prefix) {
                Some(field) => {
                    if field.kind == "null" && !value.is_null() {
                        field.kind = kind_of(value).to_string();
                        field.sample = value.to_string();
                    }
                }
                None => out.push(SourceField {
                    path: prefix.to_string(),
                    kind: kind_of(value).to_string(),
                    sample: if value.is_null() {
                        String::new()
                    } else {
                        value.to_string()
                    },
                }),
            }
        }
    }
}

/// The records a sample holds at `records_path`, and every leaf path in them with its
/// inferred type and a sample value.
pub fn source_paths(sample: &str, records_path: Option<&str>) -> Result<SourceOutline, ApiError> {
    let value = Document::new("sample", sample).json()?;
    let records = preview::select_records(&value, records_path)
        .map_err(|e| ApiError::new(codes::INVALID_RECORDS_PATH, format!("sample: {e}")))?;
    Ok(SourceOutline {
        records: records.len(),
        fields: outline(records.iter().copied()),
    })
}

/// Every leaf path of `records` with its inferred type and a sample value, in first-seen
/// order.
pub fn outline<'a>(records: impl IntoIterator<Item = &'a Value>) -> Vec<SourceField> {
    let mut fields = Vec::new();
    for record in records {
        walk("", record, &mut fields);
    }
    fields
}

/// The bundled demo: what the editor opens on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoWorkspace {
    pub sample_name: String,
    pub sample: String,
    pub records_path: String,
    pub describe_name: String,
    pub describe: String,
    pub mapping_name: String,
    pub mapping: String,
}

/// The bundled demo's sample, describe and mapping.
pub fn demo_workspace() -> DemoWorkspace {
    DemoWorkspace {
        sample_name: demo::SAMPLE_NAME.into(),
        sample: demo::SAMPLE.into(),
        records_path: demo::RECORDS_PATH.into(),
        describe_name: demo::DESCRIBE_NAME.into(),
        describe: demo::DESCRIBE.into(),
        mapping_name: demo::MAPPING_NAME.into(),
        mapping: demo::MAPPING.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::AppWorkspace;
    use serde_json::json;

    fn demo_input(mapping: Value) -> EditorInput {
        EditorInput {
            mapping,
            sample: demo::SAMPLE.into(),
            records_path: Some(demo::RECORDS_PATH.into()),
            describe: Some(demo::DESCRIBE.into()),
            operation: Operation::Upsert,
            source_is_org: None,
        }
    }

    #[test]
    fn the_preview_of_an_edited_mapping_shows_its_fields_and_salesforce_errors() {
        let report = preview_mapping(&demo_input(json!({"email": "Email"}))).unwrap();
        assert_eq!(report.summary.total, report.records.len());
        assert!(report.summary.total > 1);
        assert!(report.records[0].fields.contains_key("Email"));
        let bad = json!({"fields": [{"source": "email", "target": "Email", "transforms": [{"uper": 1}]}]});
        let error = preview_mapping(&demo_input(bad)).unwrap_err();
        assert_eq!(error.code, codes::INVALID_MAPPING);
        assert!(
            error.message.contains("/fields/0/transforms/0/uper"),
            "{}",
            error.message
        );
    }

    /// What the uncached path answers for the same input.
    fn uncached(input: &EditorInput) -> Result<PreviewReport, ApiError> {
        let mapping = input.mapping_text();
        crate::preview(PreviewRequest {
            mapping: Document::new("mapping", &mapping),
            sample: Document::new("sample", &input.sample),
            describe: input
                .describe
                .as_deref()
                .map(|d| Document::new("describe", d)),
            records_path: input.records_path.as_deref(),
            operation: input.operation,
        })
    }

    #[test]
    fn the_preview_with_the_kept_sample_and_describe_answers_like_a_fresh_one() {
        let first = demo_input(json!({"email": "Email", "last": "LastName"}));
        let edited = demo_input(json!({"email": "Email", "first": "FirstName"}));
        let other_sample = EditorInput {
            sample: json!({"data": [{"email": "x@y.z", "first": "Ada"}]}).to_string(),
            ..edited.clone()
        };
        let no_describe = EditorInput {
            describe: None,
            ..other_sample.clone()
        };
        let wrong_object = demo_input(json!({"object": "Account", "fields": {"email": "Email"}}));
        let broken_sample = EditorInput {
            sample: "{".into(),
            ..edited.clone()
        };
        let bad_path = EditorInput {
            records_path: Some("$.nothing".into()),
            ..edited.clone()
        };
        for input in [
            &first,
            &edited,
            &other_sample,
            &no_describe,
            &edited,
            &wrong_object,
            &broken_sample,
            &bad_path,
            &first,
        ] {
            assert_eq!(preview_mapping(input), uncached(input), "{input:?}");
        }
        assert_eq!(preview_mapping(&other_sample).unwrap().summary.total, 1);
    }

    #[test]
    fn the_check_names_each_problem_by_its_pointer() {
        let mapping = json!({"fields": [
            {"source": "email", "target": "Email"},
            {"source": "x", "target": "LastName", "transforms": [{"modify": "shout"}]}
        ]});
        let issues = check_mapping(&demo_input(mapping)).unwrap();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].pointer, "/fields/1/transforms/0/modify");
    }

    #[test]
    fn the_tests_of_an_edited_mapping_run_against_the_describe() {
        let mapping = json!({
            "fields": [{"source": "email", "target": "Email", "transforms": [{"modify": "lower"}]}],
            "tests": [
                {"name": "lowercased", "input": {"email": "ADA@EXAMPLE.COM"},
                 "expect": {"Email": "ada@example.com"}},
                {"name": "wrong", "input": {"email": "b@example.com"},
                 "expect": {"Email": "B@example.com"}}
            ]
        });
        let report = test_mapping(&demo_input(mapping)).unwrap();
        assert_eq!((report.passed, report.failed), (1, 1), "{report:?}");
        assert!(report.results[0].passed);
        assert_eq!(report.results[1].name, "wrong");
        assert_eq!(
            report.results[1].failures,
            vec![r#"Email: expected "B@example.com", got "b@example.com""#.to_string()]
        );
        let bad = json!({"fields": [{"source": "email", "target": "Email", "transforms": [{"uper": 1}]}]});
        let error = test_mapping(&demo_input(bad)).unwrap_err();
        assert_eq!(error.code, codes::INVALID_MAPPING);
    }

    #[test]
    fn the_target_panel_gets_types_lengths_requirements_and_picklists() {
        let object = describe_fields(demo::DESCRIBE).unwrap();
        assert_eq!(object.name, "Contact");
        let last = object.fields.iter().find(|f| f.name == "LastName").unwrap();
        assert!(last.required);
        assert_eq!(last.field_type, "string");
        assert_eq!(last.length, Some(80));
        assert!(object
            .fields
            .iter()
            .any(|f| f.field_type == "picklist" && !f.picklist_values.is_empty()));
        let error = describe_fields("{\"nope\": 1}").unwrap_err();
        assert_eq!(error.code, codes::INVALID_DESCRIBE);
    }

    #[test]
    fn the_source_panel_gets_every_leaf_path_with_its_type_and_a_sample() {
        let sample = r#"{"data": [
            {"id": 1, "name": {"last": "Lovelace"}, "born": "1815-12-10", "score": null,
             "lines": [{"sku": "A"}], "tags": ["x"], "a.b": true},
            {"id": 2, "score": 87.5}
        ]}"#;
        let outline = source_paths(sample, Some("$.data")).unwrap();
        assert_eq!(outline.records, 2);
        let kinds: Vec<(&str, &str, &str)> = outline
            .fields
            .iter()
            .map(|f| (f.path.as_str(), f.kind.as_str(), f.sample.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("id", "integer", "1"),
                ("name.last", "text", "\"Lovelace\""),
                ("born", "date", "\"1815-12-10\""),
                ("score", "number", "87.5"),
                ("lines[0].sku", "text", "\"A\""),
                ("tags", "array", "[\"x\"]"),
                ("$['a.b']", "boolean", "true"),
            ]
        );
        let error = source_paths(sample, Some("$.rows")).unwrap_err();
        assert_eq!(error.code, codes::INVALID_RECORDS_PATH);
    }

    #[test]
    fn auto_map_proposes_only_what_the_edited_mapping_leaves_unmapped() {
        let suggestions = suggest_mapping(&demo_input(json!({"email": "Email"}))).unwrap();
        let targets: Vec<&str> = suggestions
            .fields
            .iter()
            .map(|f| f.target.as_str())
            .collect();
        assert!(!targets.contains(&"Email"), "{targets:?}");
        assert!(targets.contains(&"Title"), "{targets:?}");
        let mut no_describe = demo_input(json!({}));
        no_describe.describe = None;
        assert_eq!(
            suggest_mapping(&no_describe).unwrap_err().code,
            codes::INVALID_DESCRIBE
        );
    }

    #[test]
    fn the_demo_workspace_previews_as_the_demo_does() {
        let demo = demo_workspace();
        let input = EditorInput {
            mapping: serde_json::from_str(&demo.mapping).unwrap(),
            sample: demo.sample,
            records_path: Some(demo.records_path),
            describe: Some(demo.describe),
            operation: Operation::Upsert,
            source_is_org: None,
        };
        assert_eq!(preview_mapping(&input), crate::demo_preview());
    }

    /// An app over a workspace in `dir`, signed in as whoever can write it.
    fn signed_in(dir: &std::path::Path) -> AppWorkspace {
        let app = AppWorkspace::at(dir.join("workspace.db"));
        app.act_with_file_access("tester");
        app
    }

    #[test]
    fn files_are_read_and_written_only_for_a_signed_in_user() {
        let dir = std::env::temp_dir().join(format!("sc-editor-anon-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.json");
        std::fs::write(&path, "{}").unwrap();
        let path = path.to_str().unwrap();
        let anonymous = AppWorkspace::at(dir.join("workspace.db"));
        for refused in [
            read_text_file(&anonymous, path).unwrap_err(),
            read_sample_file(&anonymous, path, None).unwrap_err(),
            write_text_file(&anonymous, path, "[]").unwrap_err(),
        ] {
            assert_eq!(refused.code, "NOT_SIGNED_IN");
        }
        assert_eq!(std::fs::read_to_string(path).unwrap(), "{}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_mapping_file_saved_reads_back_and_a_missing_one_is_a_file_error() {
        let dir = std::env::temp_dir().join(format!("sc-editor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.json");
        let path = path.to_str().unwrap();
        let app = signed_in(&dir);
        write_text_file(&app, path, "{\"a\": \"B\"}").unwrap();
        assert_eq!(read_text_file(&app, path).unwrap(), "{\"a\": \"B\"}");
        let missing = read_text_file(&app, &format!("{path}.missing")).unwrap_err();
        assert_eq!(missing.code, editor_codes::FILE_ERROR);
        assert!(missing.message.contains("m.json.missing"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_csv_sample_file_opens_as_row_objects_the_source_panel_reads() {
        let dir = std::env::temp_dir().join(format!("sc-sample-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = dir.join("contacts.csv");
        std::fs::write(&csv, "id,email\nc-1,ada@example.com\n").unwrap();
        let app = signed_in(&dir);
        let text = read_sample_file(&app, csv.to_str().unwrap(), None)
            .unwrap()
            .text;
        let outline = source_paths(&text, None).unwrap();
        assert_eq!(outline.records, 1);
        assert_eq!(outline.fields[1].path, "email");
        let bad = dir.join("broken.xlsx");
        std::fs::write(&bad, "not a workbook").unwrap();
        let error = read_sample_file(&app, bad.to_str().unwrap(), None).unwrap_err();
        assert_eq!(error.code, editor_codes::INVALID_SAMPLE);
        assert!(error.message.contains("broken.xlsx"), "{}", error.message);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
