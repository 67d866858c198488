//! Transforms: the in-flight steps of a field mapping, each a single-key JSON object
//! (`{"modify": "title"}`), compiled once (collecting every argument error with its JSON
//! pointer) and applied to each record's value in order.
//!
//! `null` passes through every transform unchanged except `default`, `validate` and `calc`
//! (which decide for themselves). Errors name the target field (`TransformCtx::target`).

mod args;
pub mod convert;
mod expr;
mod list;
mod reference;
mod replace;
mod text;
mod validate;

pub use expr::Calc;
pub use list::{Join, Split};
pub use reference::Reference;
pub use replace::Replace;
pub use text::{Codec, Escape, Modify, Truncate};
pub use validate::Validate;

use crate::{ErrorCode, FieldDescribe, FieldError, MappingIssue};
use args::{child, did_you_mean, kind};
use convert::ConvertSpec;
use serde_json::Value;

/// A compiled transform.
#[derive(Debug, Clone)]
pub enum Transform {
    Convert(Convert),
    Replace(Replace),
    Modify(Modify),
    Split(Split),
    Join(Join),
    Calc(Calc),
    Escape(Escape),
    Encode(Codec),
    Decode(Codec),
    Reference(Reference),
    /// The value used for null or empty text.
    Default(Value),
    Truncate(Truncate),
    Validate(Validate),
}

/// A compiled `convert`, with its argument kept for [`Transform::describe`].
#[derive(Debug, Clone)]
pub struct Convert {
    spec: ConvertSpec,
    arg: Value,
}

impl Convert {
    /// The compiled conversion.
    pub fn spec(&self) -> &ConvertSpec {
        &self.spec
    }
}

/// What a transform sees besides the value.
pub struct TransformCtx<'a> {
    /// The whole source record (for `calc`'s `record.<path>`).
    pub record: &'a Value,
    /// The source values of the mapping, in order (one for a single source); `calc`'s `$n`.
    pub sources: &'a [Value],
    /// The target field's API name, as written in the mapping (for error `field`).
    pub target: &'a str,
    /// The target field's describe, when a describe was given (`truncate: "fit"`).
    pub target_field: Option<&'a FieldDescribe>,
}

/// Every transform name, in the order the documentation lists them.
pub const NAMES: &[&str] = &[
    "convert",
    "replace",
    "modify",
    "split",
    "join",
    "calc",
    "escape",
    "encode",
    "decode",
    "reference",
    "default",
    "truncate",
    "validate",
];

/// Names people reach for that are spelled otherwise here.
const ALIASES: &[(&str, &str)] = &[
    ("upper", "modify"),
    ("lower", "modify"),
    ("title", "modify"),
    ("trim", "modify"),
    ("case", "modify"),
    ("map", "replace"),
    ("regex", "replace"),
    ("lookup", "reference"),
    ("concat", "join"),
    ("formula", "calc"),
    ("expression", "calc"),
    ("cast", "convert"),
    ("format", "convert"),
    ("maxlength", "truncate"),
    ("required", "validate"),
];

/// Compiles one transform spec found at `pointer`; pushes every problem to `issues`.
///
/// Problems are reported at `pointer` (the spec is not a single-key object), at
/// `pointer/<name>` (an unknown name, or a bad argument) or at `pointer/<name>/<key>`
/// (a bad or unknown key inside an object argument).
pub fn compile(spec: &Value, pointer: &str, issues: &mut Vec<MappingIssue>) -> Option<Transform> {
    let single = spec.as_object().filter(|o| o.len() == 1);
    let Some((name, arg)) = single.and_then(|o| o.iter().next()) else {
        let found = match spec {
            Value::Object(o) if o.is_empty() => "an empty object".to_string(),
            Value::Object(o) => format!(
                "an object with {} keys ({})",
                o.len(),
                o.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
            ),
            Value::String(s) => format!("the text \"{s}\""),
            other => kind(other).to_string(),
        };
        issues.push(MappingIssue::new(
            pointer,
            format!(
                "a transform is an object with exactly one key, e.g. {{\"modify\": \"upper\"}}; found {found}"
            ),
        ));
        return None;
    };
    let before = issues.len();
    let compiled = match name.as_str() {
        "convert" => ConvertSpec::compile(arg, pointer, issues).map(|spec| {
            Transform::Convert(Convert {
                spec,
                arg: arg.clone(),
            })
        }),
        "replace" => Replace::compile(arg, pointer, issues).map(Transform::Replace),
        "modify" => Modify::compile(arg, pointer, issues).map(Transform::Modify),
        "split" => Split::compile(arg, pointer, issues).map(Transform::Split),
        "join" => Join::compile(arg, pointer, issues).map(Transform::Join),
        "calc" => Calc::compile(arg, pointer, issues).map(Transform::Calc),
        "escape" => Escape::compile(arg, pointer, issues).map(Transform::Escape),
        "encode" => Codec::compile(arg, "encode", pointer, issues).map(Transform::Encode),
        "decode" => Codec::compile(arg, "decode", pointer, issues).map(Transform::Decode),
        "reference" => Reference::compile(arg, pointer, issues).map(Transform::Reference),
        "default" => Some(Transform::Default(arg.clone())),
        "truncate" => Truncate::compile(arg, pointer, issues).map(Transform::Truncate),
        "validate" => Validate::compile(arg, pointer, issues).map(Transform::Validate),
        unknown => {
            let alias = ALIASES
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(unknown))
                .map(|(_, t)| format!(" (did you mean \"{t}\"?)"));
            issues.push(MappingIssue::new(
                child(pointer, unknown),
                format!(
                    "unknown transform \"{unknown}\"{}; known transforms: {}",
                    alias.unwrap_or_else(|| did_you_mean(unknown, NAMES)),
                    NAMES.join(", ")
                ),
            ));
            return None;
        }
    };
    if compiled.is_none() && issues.len() == before {
        issues.push(MappingIssue::new(
            child(pointer, name),
            format!("{name}: the argument could not be read"),
        ));
    }
    compiled
}

/// Compiles a `transforms` array found at `pointer` (e.g. `/fields/3/transforms`), each
/// item at `pointer/<index>`. Every problem is pushed; the list comes back only when every
/// transform compiled.
pub fn compile_list(
    specs: &Value,
    pointer: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<Vec<Transform>> {
    let Some(items) = specs.as_array() else {
        issues.push(MappingIssue::new(
            pointer,
            format!(
                "\"transforms\" is a list of transforms, e.g. [{{\"modify\": \"trim\"}}]; got {}",
                kind(specs)
            ),
        ));
        return None;
    };
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, spec) in items.iter().enumerate() {
        match compile(spec, &format!("{pointer}/{i}"), issues) {
            Some(t) => out.push(t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

impl Transform {
    /// Applies the transform to a value.
    pub fn apply(&self, value: Value, ctx: &TransformCtx) -> Result<Value, FieldError> {
        let fail =
            |code: ErrorCode| move |message: String| FieldError::new(ctx.target, code, message);
        let failed = fail(ErrorCode::TransformFailed);
        match self {
            Transform::Default(default) => {
                let empty = match &value {
                    Value::Null => true,
                    Value::String(s) => s.is_empty(),
                    _ => false,
                };
                Ok(if empty { default.clone() } else { value })
            }
            Transform::Validate(v) => v.apply(value).map_err(fail(ErrorCode::ValidationFailed)),
            Transform::Calc(c) => c.apply(&value, ctx).map_err(fail(ErrorCode::CalcFailed)),
            _ if value.is_null() => Ok(Value::Null),
            Transform::Convert(c) => c.spec.apply(&value).map_err(fail(ErrorCode::ConvertFailed)),
            Transform::Replace(r) => r.apply(value).map_err(failed),
            Transform::Modify(m) => m.apply(value).map_err(failed),
            Transform::Split(s) => s.apply(value).map_err(failed),
            Transform::Join(j) => j.apply(value).map_err(failed),
            Transform::Escape(e) => e.apply(value).map_err(failed),
            Transform::Encode(c) => c.encode(value).map_err(failed),
            Transform::Decode(c) => c.decode(value).map_err(failed),
            Transform::Reference(r) => r.apply(value).map_err(failed),
            Transform::Truncate(t) => Ok(t.apply(value, ctx.target_field)),
        }
    }

    /// The transform's name as written in a mapping (`"modify"`).
    pub fn name(&self) -> &'static str {
        match self {
            Transform::Convert(_) => "convert",
            Transform::Replace(_) => "replace",
            Transform::Modify(_) => "modify",
            Transform::Split(_) => "split",
            Transform::Join(_) => "join",
            Transform::Calc(_) => "calc",
            Transform::Escape(_) => "escape",
            Transform::Encode(_) => "encode",
            Transform::Decode(_) => "decode",
            Transform::Reference(_) => "reference",
            Transform::Default(_) => "default",
            Transform::Truncate(_) => "truncate",
            Transform::Validate(_) => "validate",
        }
    }

    /// A readable one-line description (`make title case`, `replace Mrs→Mrs., Mr→Mr.`).
    pub fn describe(&self) -> String {
        match self {
            Transform::Convert(c) => describe_convert(&c.arg),
            Transform::Replace(r) => r.describe(),
            Transform::Modify(m) => m.describe(),
            Transform::Split(s) => s.describe(),
            Transform::Join(j) => j.describe(),
            Transform::Calc(c) => c.describe(),
            Transform::Escape(e) => e.describe(),
            Transform::Encode(c) => format!("encode as {}", c.keyword()),
            Transform::Decode(c) => format!("decode from {}", c.keyword()),
            Transform::Reference(r) => r.describe(),
            Transform::Default(v) => format!("default to {v}"),
            Transform::Truncate(t) => t.describe(),
            Transform::Validate(v) => v.describe(),
        }
    }

    /// The `reference` transform itself, when this is one.
    pub fn reference(&self) -> Option<&Reference> {
        match self {
            Transform::Reference(r) => Some(r),
            _ => None,
        }
    }

    /// For `reference`: the parent object and its external ID field
    /// (`("Account", "External_Id__c")`); `None` for every other transform.
    pub fn reference_target(&self) -> Option<(&str, &str)> {
        match self {
            Transform::Reference(r) => Some((r.object(), r.external_id())),
            _ => None,
        }
    }

    /// The highest `$n` this transform reads (a `calc`'s sources); 0 when none.
    pub fn max_arg(&self) -> usize {
        match self {
            Transform::Calc(c) => c.expr().max_arg(),
            _ => 0,
        }
    }
}

/// `convert to date from %d/%m/%Y in Europe/Paris`: the target type, then the `format` the
/// value is read with and the `timezone`, as written in the argument.
fn describe_convert(arg: &Value) -> String {
    let word = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match arg {
        Value::Object(o) => {
            let mut text = String::from("convert");
            for (key, label) in [("to", "to"), ("format", "from"), ("timezone", "in")] {
                if let Some(v) = o.get(key) {
                    text.push_str(&format!(" {label} {}", word(v)));
                }
            }
            text
        }
        other => format!("convert to {}", word(other)),
    }
}

/// Helpers for the transform tests: compile a spec, run it on a value, collect issues.
#[cfg(test)]
pub(crate) mod testing {
    use super::{compile, Transform, TransformCtx};
    use crate::{FieldDescribe, FieldError, FieldType, MappingIssue};
    use serde_json::{json, Value};

    /// Compiles a spec that must be valid.
    pub fn compiled(spec: &Value) -> Transform {
        let mut issues = Vec::new();
        let t = compile(spec, "/t", &mut issues);
        assert!(
            issues.is_empty(),
            "unexpected issues for {spec}: {issues:?}"
        );
        t.expect("compiled without issues")
    }

    /// The issues of a spec; a spec with issues must not compile.
    pub fn spec_issues(spec: &Value, pointer: &str) -> Vec<MappingIssue> {
        let mut issues = Vec::new();
        let t = compile(spec, pointer, &mut issues);
        assert_eq!(t.is_some(), issues.is_empty(), "{spec}: {issues:?}");
        issues
    }

    /// Runs a valid spec on a value, target field `Field__c`, no describe.
    pub fn run(spec: &Value, value: Value) -> Result<Value, FieldError> {
        run_ctx(spec, value, None)
    }

    pub fn run_ctx(
        spec: &Value,
        value: Value,
        field: Option<&FieldDescribe>,
    ) -> Result<Value, FieldError> {
        let record = json!({});
        let sources = [value.clone()];
        let ctx = TransformCtx {
            record: &record,
            sources: &sources,
            target: "Field__c",
            target_field: field,
        };
        compiled(spec).apply(value, &ctx)
    }

    /// A text field's describe with this `length`.
    pub fn ctx_with_field(length: u32) -> FieldDescribe {
        FieldDescribe {
            name: "Field__c".into(),
            label: "Field".into(),
            field_type: if length > 0 {
                FieldType::String
            } else {
                FieldType::Double
            },
            length,
            precision: 0,
            scale: 0,
            digits: 0,
            nillable: true,
            createable: true,
            updateable: true,
            defaulted_on_create: false,
            external_id: false,
            id_lookup: false,
            unique: false,
            calculated: false,
            auto_number: false,
            restricted_picklist: false,
            picklist_values: Vec::new(),
            reference_to: Vec::new(),
            relationship_name: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{compiled, run, spec_issues};
    use super::*;
    use serde_json::json;

    #[test]
    fn ten_mistakes_in_one_list_are_all_reported_with_their_pointers() {
        let transforms = json!([
            "trim",
            {"modify": "upper", "trim": true},
            {"modfy": "upper"},
            {"modify": "uper"},
            {"join": {"separator": ";", "skipempty": true}},
            {"modify": "trim"},
            {"replace": {"pattern": "(\\d", "with": "x"}},
            {"truncate": 0},
            {"split": ""},
            {"reference": {"object": "Account"}},
            {"validate": {"min": "abc"}},
            {"escape": 5}
        ]);
        let mut issues = Vec::new();
        let compiled = compile_list(&transforms, "/fields/0/transforms", &mut issues);
        assert!(compiled.is_none());
        let got: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.pointer.as_str(), i.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/fields/0/transforms/0", "a transform is an object with exactly one key, e.g. {\"modify\": \"upper\"}; found the text \"trim\""),
                ("/fields/0/transforms/1", "a transform is an object with exactly one key, e.g. {\"modify\": \"upper\"}; found an object with 2 keys (modify, trim)"),
                ("/fields/0/transforms/2/modfy", "unknown transform \"modfy\" (did you mean \"modify\"?); known transforms: convert, replace, modify, split, join, calc, escape, encode, decode, reference, default, truncate, validate"),
                ("/fields/0/transforms/3/modify", "modify takes one of \"upper\", \"lower\", \"title\", \"trim\" or \"collapse\"; got \"uper\" (did you mean \"upper\"?)"),
                ("/fields/0/transforms/4/join/skipempty", "unknown key \"skipempty\" in join (did you mean \"skipEmpty\"?); known keys: separator, skipEmpty"),
                ("/fields/0/transforms/6/replace/pattern", "invalid pattern \"(\\\\d\": unclosed group"),
                ("/fields/0/transforms/7/truncate", "truncate takes a length of at least 1 (characters) or \"fit\" (the target field's length); got 0"),
                ("/fields/0/transforms/8/split", "split needs a separator of at least one character"),
                ("/fields/0/transforms/9/reference", "reference needs \"externalId\", the API name of the parent's external ID field, e.g. \"External_Id__c\""),
                ("/fields/0/transforms/10/validate/min", "\"min\" is a number; got 'abc'"),
                ("/fields/0/transforms/11/escape", "escape takes one of \"html\", \"xml\", \"json\", \"csv\" or \"url\"; got a number"),
            ]
        );
    }

    #[test]
    fn a_valid_list_compiles_in_order() {
        let mut issues = Vec::new();
        let list = compile_list(
            &json!([{"modify": "trim"}, {"default": "n/a"}]),
            "/fields/1/transforms",
            &mut issues,
        )
        .unwrap();
        assert!(issues.is_empty());
        let names: Vec<&str> = list.iter().map(Transform::name).collect();
        assert_eq!(names, ["modify", "default"]);
        let issues = {
            let mut issues = Vec::new();
            compile_list(
                &json!({"modify": "trim"}),
                "/fields/1/transforms",
                &mut issues,
            );
            issues
        };
        assert_eq!(issues[0].pointer, "/fields/1/transforms");
    }

    #[test]
    fn unknown_names_suggest_the_transform_meant() {
        let message = |spec| spec_issues(&spec, "/t")[0].message.clone();
        assert!(message(json!({"Replace": {"a": "b"}}))
            .starts_with("unknown transform \"Replace\" (did you mean \"replace\"?)"));
        assert!(message(json!({"upper": true}))
            .starts_with("unknown transform \"upper\" (did you mean \"modify\"?)"));
        assert!(message(json!({"lookup": {}}))
            .starts_with("unknown transform \"lookup\" (did you mean \"reference\"?)"));
        assert!(message(json!({"explode": 1}))
            .starts_with("unknown transform \"explode\"; known transforms: convert,"));
        assert_eq!(spec_issues(&json!({"a/b": 1}), "/t")[0].pointer, "/t/a~1b");
        assert!(message(json!({})).ends_with("found an empty object"));
        assert!(message(json!(null)).ends_with("found null"));
    }

    #[test]
    fn null_passes_through_every_transform_but_default_and_validate() {
        let specs = [
            json!({"replace": {"map": {"a": "b"}, "default": "other"}}),
            json!({"replace": {"pattern": "^$", "with": "empty"}}),
            json!({"modify": "upper"}),
            json!({"split": ";"}),
            json!({"split": {"separator": ";", "index": 0}}),
            json!({"join": ";"}),
            json!({"escape": "csv"}),
            json!({"encode": "base64"}),
            json!({"decode": "hex"}),
            json!({"reference": {"object": "Account", "externalId": "Ext__c"}}),
            json!({"truncate": 3}),
            json!({"validate": {"pattern": "x", "min": 1}}),
        ];
        for spec in specs {
            assert_eq!(run(&spec, json!(null)).unwrap(), json!(null), "{spec}");
        }
        assert_eq!(
            run(&json!({"default": "n/a"}), json!(null)).unwrap(),
            json!("n/a")
        );
        let err = run(&json!({"validate": {"required": true}}), json!(null)).unwrap_err();
        assert_eq!(err.field, "Field__c");
    }

    #[test]
    fn default_fills_null_and_empty_text_only() {
        let spec = json!({"default": {"code": 0}});
        assert_eq!(run(&spec, json!(null)).unwrap(), json!({"code": 0}));
        assert_eq!(run(&spec, json!("")).unwrap(), json!({"code": 0}));
        assert_eq!(run(&spec, json!(" ")).unwrap(), json!(" "));
        assert_eq!(run(&spec, json!(0)).unwrap(), json!(0));
        assert_eq!(run(&spec, json!(false)).unwrap(), json!(false));
        assert_eq!(run(&spec, json!([])).unwrap(), json!([]));
    }

    #[test]
    fn errors_name_the_target_field() {
        let err = run(&json!({"decode": "base64"}), json!("!!")).unwrap_err();
        assert_eq!(err.field, "Field__c");
        assert_eq!(err.code, ErrorCode::TransformFailed);
    }

    #[test]
    fn each_transform_names_and_describes_itself() {
        let cases = [
            (json!({"modify": "title"}), "modify", "make title case"),
            (
                json!({"modify": "collapse"}),
                "modify",
                "collapse white space",
            ),
            (json!({"escape": "html"}), "escape", "escape for HTML"),
            (
                json!({"encode": "base64url"}),
                "encode",
                "encode as base64url",
            ),
            (json!({"decode": "hex"}), "decode", "decode from hex"),
            (
                json!({"default": "Other"}),
                "default",
                "default to \"Other\"",
            ),
            (
                json!({"truncate": 80}),
                "truncate",
                "truncate to 80 characters",
            ),
            (
                json!({"truncate": "fit"}),
                "truncate",
                "truncate to the target field's length",
            ),
            (
                json!({"replace": {"Mrs": "Mrs.", "Mr": "Mr."}}),
                "replace",
                "replace Mrs→Mrs., Mr→Mr.",
            ),
        ];
        for (spec, name, description) in cases {
            let t = compiled(&spec);
            assert_eq!(t.name(), name);
            assert_eq!(t.describe(), description);
            assert_eq!(t.max_arg(), 0);
        }
    }

    #[test]
    fn convert_is_described_from_its_argument() {
        let d = |spec: Value| compiled(&spec).describe();
        assert_eq!(d(json!({"convert": "number"})), "convert to number");
        assert_eq!(
            d(json!({"convert": {"to": "date", "format": "%d/%m/%Y"}})),
            "convert to date from %d/%m/%Y"
        );
        assert_eq!(
            d(json!({"convert": {"timezone": "Europe/Paris", "to": "datetime"}})),
            "convert to datetime in Europe/Paris"
        );
    }

    #[test]
    fn convert_reads_values_and_reports_unreadable_ones_on_the_target_field() {
        let date = json!({"convert": {"to": "date", "format": "%d/%m/%Y"}});
        assert_eq!(
            run(&date, json!("31/12/2024")).unwrap(),
            json!("2024-12-31")
        );
        assert_eq!(run(&date, json!(null)).unwrap(), json!(null));
        let err = run(&date, json!("2024-12-31")).unwrap_err();
        assert_eq!(err.code, ErrorCode::ConvertFailed);
        assert_eq!(err.field, "Field__c");
        assert_eq!(
            run(&json!({"convert": "number"}), json!("12.50")).unwrap(),
            json!(12.5)
        );
        let issues = spec_issues(&json!({"convert": "dat"}), "/fields/4/transforms/2");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/fields/4/transforms/2/convert");
    }

    #[test]
    fn a_list_of_transforms_runs_in_order() {
        let mut issues = Vec::new();
        let list = compile_list(
            &json!([
                {"modify": "collapse"},
                {"split": {"separator": " ", "index": -1}},
                {"modify": "title"},
                {"default": "Unknown"},
                {"truncate": 5}
            ]),
            "/fields/0/transforms",
            &mut issues,
        )
        .unwrap();
        let record = json!({});
        let ctx = TransformCtx {
            record: &record,
            sources: &[],
            target: "LastName",
            target_field: None,
        };
        let run_all = |value: Value| {
            list.iter()
                .try_fold(value, |v, t| t.apply(v, &ctx))
                .unwrap()
        };
        assert_eq!(run_all(json!("  ann   o'NEILLY ")), json!("O'Nei"));
        assert_eq!(run_all(json!("")), json!("Unkno"));
        assert_eq!(run_all(json!(null)), json!("Unkno"));
    }

    #[test]
    fn convert_delegates_compilation_and_reports_its_failures_as_convert_failed() {
        for arg in [
            json!("number"),
            json!("date"),
            json!({"to": "date", "from": "%d/%m/%Y"}),
            json!(7),
        ] {
            let mut direct = Vec::new();
            let spec = ConvertSpec::compile(&arg, "/t", &mut direct);
            let mut issues = Vec::new();
            let t = compile(&json!({ "convert": arg }), "/t", &mut issues);
            assert_eq!(t.is_some(), spec.is_some(), "{arg}");
            if direct.is_empty() && spec.is_none() {
                assert_eq!(issues.len(), 1, "a refusal is never silent");
            } else {
                assert_eq!(issues, direct, "{arg}");
            }
            let (Some(t), Some(spec)) = (t, spec) else {
                continue;
            };
            assert_eq!(t.name(), "convert");
            let record = json!({});
            let ctx = TransformCtx {
                record: &record,
                sources: &[],
                target: "Due__c",
                target_field: None,
            };
            for input in [
                json!("12.5"),
                json!("not a value"),
                json!(true),
                json!(null),
            ] {
                let ours = t.apply(input.clone(), &ctx);
                match spec.apply(&input) {
                    Ok(v) => assert_eq!(ours.unwrap(), v),
                    Err(message) => assert_eq!(
                        ours.unwrap_err(),
                        FieldError::new("Due__c", ErrorCode::ConvertFailed, message)
                    ),
                }
            }
        }
    }
}
