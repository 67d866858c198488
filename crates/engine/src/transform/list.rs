//! `split` (text → parts, or one part) and `join` (array → text).

use super::args::{check_keys, child, kind, scalar_text};
use crate::MappingIssue;
use serde_json::Value;

/// A compiled `split`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    separator: String,
    /// `None`: every part, as an array. Negative counts from the end (-1 is the last).
    index: Option<i64>,
}

impl Split {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Split> {
        let at = child(pointer, "split");
        let empty = |at: String, issues: &mut Vec<MappingIssue>| {
            issues.push(MappingIssue::new(
                at,
                "split needs a separator of at least one character",
            ))
        };
        match arg {
            Value::String(s) if s.is_empty() => {
                empty(at, issues);
                None
            }
            Value::String(s) => Some(Split {
                separator: s.clone(),
                index: None,
            }),
            Value::Object(obj) => {
                let mut ok = check_keys(obj, &["separator", "index"], "split", &at, issues);
                let separator = match obj.get("separator") {
                    Some(Value::String(s)) if s.is_empty() => {
                        empty(child(&at, "separator"), issues);
                        None
                    }
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => {
                        issues.push(MappingIssue::new(
                            child(&at, "separator"),
                            format!("\"separator\" is text; got {}", kind(other)),
                        ));
                        None
                    }
                    None => {
                        issues.push(MappingIssue::new(
                            at.as_str(),
                            "split needs a \"separator\", e.g. {\"separator\": \" \", \"index\": 0}",
                        ));
                        None
                    }
                };
                let index = match obj.get("index") {
                    None => None,
                    Some(v) => match v.as_i64() {
                        Some(i) => Some(i),
                        None => {
                            ok = false;
                            issues.push(MappingIssue::new(
                                child(&at, "index"),
                                format!(
                                    "\"index\" is a whole number (0 is the first part, -1 the last); got {}",
                                    match v {
                                        Value::Number(n) => n.to_string(),
                                        other => kind(other).to_string(),
                                    }
                                ),
                            ));
                            None
                        }
                    },
                };
                let separator = separator?;
                ok.then_some(Split { separator, index })
            }
            other => {
                issues.push(MappingIssue::new(
                    at,
                    format!(
                        "split takes a separator (\";\") or {{\"separator\": \" \", \"index\": 0}}; got {}",
                        kind(other)
                    ),
                ));
                None
            }
        }
    }

    pub(crate) fn describe(&self) -> String {
        let sep = Value::from(self.separator.as_str());
        match self.index {
            None => format!("split on {sep}"),
            Some(i) if i >= 0 => format!("split on {sep} and keep part {i}"),
            Some(-1) => format!("split on {sep} and keep the last part"),
            Some(i) => format!(
                "split on {sep} and keep part {} from the end",
                i.unsigned_abs()
            ),
        }
    }

    /// Text (numbers and booleans by their text form) → an array of parts, or the part at
    /// `index` (null when there is none).
    pub(crate) fn apply(&self, value: Value) -> Result<Value, String> {
        let Some(text) = scalar_text(&value) else {
            return Err(format!("split needs text, got {}", kind(&value)));
        };
        let sep = self.separator.as_str();
        let part = match self.index {
            None => return Ok(Value::Array(text.split(sep).map(Value::from).collect())),
            Some(i) if i >= 0 => usize::try_from(i).ok().and_then(|i| text.split(sep).nth(i)),
            Some(i) => {
                let parts: Vec<&str> = text.split(sep).collect();
                usize::try_from(i.unsigned_abs())
                    .ok()
                    .and_then(|back| parts.len().checked_sub(back))
                    .map(|i| parts[i])
            }
        };
        Ok(part.map_or(Value::Null, Value::from))
    }
}

/// A compiled `join`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    separator: String,
    skip_empty: bool,
}

impl Join {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Join> {
        let at = child(pointer, "join");
        match arg {
            Value::String(s) => Some(Join {
                separator: s.clone(),
                skip_empty: false,
            }),
            Value::Object(obj) => {
                let mut ok = check_keys(obj, &["separator", "skipEmpty"], "join", &at, issues);
                let separator = match obj.get("separator") {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => {
                        issues.push(MappingIssue::new(
                            child(&at, "separator"),
                            format!("\"separator\" is text; got {}", kind(other)),
                        ));
                        None
                    }
                    None => {
                        issues.push(MappingIssue::new(
                            at.as_str(),
                            "join needs a \"separator\", e.g. {\"separator\": \";\", \"skipEmpty\": true}",
                        ));
                        None
                    }
                };
                let skip_empty = match obj.get("skipEmpty") {
                    None => false,
                    Some(Value::Bool(b)) => *b,
                    Some(other) => {
                        ok = false;
                        issues.push(MappingIssue::new(
                            child(&at, "skipEmpty"),
                            format!("\"skipEmpty\" is true or false; got {}", kind(other)),
                        ));
                        false
                    }
                };
                let separator = separator?;
                ok.then_some(Join {
                    separator,
                    skip_empty,
                })
            }
            other => {
                issues.push(MappingIssue::new(
                    at,
                    format!(
                        "join takes a separator (\" \") or {{\"separator\": \";\", \"skipEmpty\": true}}; got {}",
                        kind(other)
                    ),
                ));
                None
            }
        }
    }

    pub(crate) fn describe(&self) -> String {
        let sep = Value::from(self.separator.as_str());
        if self.skip_empty {
            format!("join with {sep}, skipping empty values")
        } else {
            format!("join with {sep}")
        }
    }

    /// An array → one text: nulls skipped (and empty or blank text with `skipEmpty`),
    /// numbers and booleans by their text form; nested arrays and objects fail. Anything
    /// else passes unchanged.
    pub(crate) fn apply(&self, value: Value) -> Result<Value, String> {
        let Value::Array(items) = value else {
            return Ok(value);
        };
        let mut out = String::new();
        let mut first = true;
        for (n, item) in items.iter().enumerate() {
            if item.is_null() {
                continue;
            }
            let Some(text) = scalar_text(item) else {
                return Err(format!(
                    "join cannot join {} (item {n}); only text, numbers and booleans",
                    kind(item)
                ));
            };
            if self.skip_empty && text.trim().is_empty() {
                continue;
            }
            if !first {
                out.push_str(&self.separator);
            }
            first = false;
            out.push_str(&text);
        }
        Ok(Value::String(out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{compiled, run, spec_issues};
    use crate::ErrorCode;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    fn ok(spec: Value, input: Value) -> Value {
        run(&spec, input).unwrap()
    }

    #[test]
    fn split_with_a_plain_separator_gives_every_part() {
        assert_eq!(
            ok(json!({"split": ";"}), json!("a;b;;c")),
            json!(["a", "b", "", "c"])
        );
        assert_eq!(ok(json!({"split": ", "}), json!("x, y")), json!(["x", "y"]));
        assert_eq!(ok(json!({"split": ";"}), json!("")), json!([""]));
        assert_eq!(
            ok(json!({"split": {"separator": ";"}}), json!("a;b")),
            json!(["a", "b"])
        );
        assert_eq!(ok(json!({"split": "."}), json!(1.5)), json!(["1", "5"]));
    }

    #[test]
    fn split_with_an_index_keeps_one_part_counting_from_either_end() {
        let part = |index: i64, input: &str| {
            ok(
                json!({"split": {"separator": " ", "index": index}}),
                json!(input),
            )
        };
        assert_eq!(part(0, "Ann Marie Smith"), json!("Ann"));
        assert_eq!(part(1, "Ann Marie Smith"), json!("Marie"));
        assert_eq!(part(-1, "Ann Marie Smith"), json!("Smith"));
        assert_eq!(part(-3, "Ann Marie Smith"), json!("Ann"));
        assert_eq!(part(3, "Ann Marie Smith"), json!(null));
        assert_eq!(part(-4, "Ann Marie Smith"), json!(null));
        assert_eq!(part(i64::MIN, "Ann"), json!(null));
        assert_eq!(part(-1, "Madonna"), json!("Madonna"));
    }

    #[test]
    fn split_fails_on_arrays_and_objects() {
        let err = run(&json!({"split": ";"}), json!(["a;b"])).unwrap_err();
        assert_eq!(err.code, ErrorCode::TransformFailed);
        assert_eq!(err.message, "split needs text, got an array");
    }

    #[test]
    fn split_arguments_are_checked() {
        let at = |spec: Value| -> Vec<String> {
            spec_issues(&spec, "/t")
                .into_iter()
                .map(|i| i.pointer)
                .collect()
        };
        assert_eq!(at(json!({"split": ""})), ["/t/split"]);
        assert_eq!(
            at(json!({"split": {"separator": ""}})),
            ["/t/split/separator"]
        );
        assert_eq!(at(json!({"split": {"index": 0}})), ["/t/split"]);
        assert_eq!(
            at(json!({"split": {"separator": 1, "index": "0"}})),
            ["/t/split/separator", "/t/split/index"]
        );
        assert_eq!(
            at(json!({"split": {"separator": " ", "index": 0.5}})),
            ["/t/split/index"]
        );
        assert_eq!(
            at(json!({"split": {"separator": " ", "idx": 0}})),
            ["/t/split/idx"]
        );
        assert_eq!(at(json!({"split": 3})), ["/t/split"]);
        let issues = spec_issues(&json!({"split": ""}), "/t");
        assert_eq!(
            issues[0].message,
            "split needs a separator of at least one character"
        );
    }

    #[test]
    fn join_makes_one_text_of_an_array_skipping_nulls() {
        assert_eq!(
            ok(json!({"join": " "}), json!(["Ann", null, "Smith"])),
            json!("Ann Smith")
        );
        assert_eq!(
            ok(json!({"join": " "}), json!(["Ann", "", "Smith"])),
            json!("Ann  Smith")
        );
        assert_eq!(
            ok(json!({"join": "-"}), json!([1, 2.50, true])),
            json!("1-2.5-true")
        );
        assert_eq!(ok(json!({"join": ""}), json!(["a", "b"])), json!("ab"));
        assert_eq!(ok(json!({"join": ";"}), json!([])), json!(""));
        assert_eq!(ok(json!({"join": ";"}), json!([null])), json!(""));
    }

    #[test]
    fn join_with_skip_empty_also_skips_blank_text() {
        let spec = json!({"join": {"separator": ";", "skipEmpty": true}});
        assert_eq!(
            ok(spec.clone(), json!(["a", "", "  ", null, "b"])),
            json!("a;b")
        );
        let keep = json!({"join": {"separator": ";"}});
        assert_eq!(ok(keep, json!(["a", "", "b"])), json!("a;;b"));
    }

    #[test]
    fn join_passes_single_values_and_fails_on_nested_structures() {
        assert_eq!(ok(json!({"join": " "}), json!("Ann")), json!("Ann"));
        assert_eq!(ok(json!({"join": " "}), json!(5)), json!(5));
        assert_eq!(ok(json!({"join": " "}), json!({"a": 1})), json!({"a": 1}));
        let err = run(&json!({"join": " "}), json!(["a", ["b"]])).unwrap_err();
        assert_eq!(err.code, ErrorCode::TransformFailed);
        assert_eq!(
            err.message,
            "join cannot join an array (item 1); only text, numbers and booleans"
        );
        let err = run(&json!({"join": " "}), json!([{"b": 1}])).unwrap_err();
        assert_eq!(
            err.message,
            "join cannot join an object (item 0); only text, numbers and booleans"
        );
    }

    #[test]
    fn join_arguments_are_checked() {
        let at = |spec: Value| -> Vec<String> {
            spec_issues(&spec, "/t")
                .into_iter()
                .map(|i| i.pointer)
                .collect()
        };
        assert_eq!(at(json!({"join": {"skipEmpty": true}})), ["/t/join"]);
        assert_eq!(
            at(json!({"join": {"separator": ";", "skipEmpty": "yes"}})),
            ["/t/join/skipEmpty"]
        );
        assert_eq!(
            at(json!({"join": {"separator": [";"]}})),
            ["/t/join/separator"]
        );
        assert_eq!(at(json!({"join": null})), ["/t/join"]);
    }

    #[test]
    fn split_and_join_describe_themselves() {
        let d = |spec: Value| compiled(&spec).describe();
        assert_eq!(d(json!({"split": ";"})), "split on \";\"");
        assert_eq!(
            d(json!({"split": {"separator": " ", "index": 0}})),
            "split on \" \" and keep part 0"
        );
        assert_eq!(
            d(json!({"split": {"separator": " ", "index": -1}})),
            "split on \" \" and keep the last part"
        );
        assert_eq!(
            d(json!({"split": {"separator": " ", "index": -2}})),
            "split on \" \" and keep part 2 from the end"
        );
        assert_eq!(d(json!({"join": " "})), "join with \" \"");
        assert_eq!(
            d(json!({"join": {"separator": ";", "skipEmpty": true}})),
            "join with \";\", skipping empty values"
        );
    }

    proptest! {
        #[test]
        fn join_undoes_split_with_the_same_separator(
            s in "[a-c;, ]{0,30}",
            sep in prop::sample::select(vec![";", ",", " ", ", ", ";;", "ab"]),
        ) {
            let parts = ok(json!({"split": sep}), json!(s));
            prop_assert_eq!(ok(json!({"join": sep}), parts), json!(s));
        }

        #[test]
        fn join_undoes_split_for_any_text(s in any::<String>(), sep in "\\PC{1,3}") {
            let parts = ok(json!({"split": sep}), json!(s));
            prop_assert_eq!(ok(json!({"join": sep}), parts), json!(s));
        }
    }
}
