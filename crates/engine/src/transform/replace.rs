//! `replace`: swaps values through a value map, a map with a default and optional case
//! folding, or a regular expression.

use super::args::{check_keys, child, compile_regex, kind, scalar_text};
use crate::MappingIssue;
use regex::Regex;
use serde_json::{Map, Value};

/// A compiled `replace`.
#[derive(Debug, Clone)]
pub struct Replace {
    form: Form,
}

#[derive(Debug, Clone)]
enum Form {
    /// A value map, or `{"map": …, "default": …, "ignoreCase": …}`.
    Map {
        /// Keys as written (for describe), in document order.
        entries: Map<String, Value>,
        /// With `ignoreCase`, the same entries under lower-cased keys.
        folded: Option<Map<String, Value>>,
        default: Option<Value>,
    },
    /// `{"pattern": …, "with": …}`.
    Regex { re: Regex, with: String },
}

const DETAILED_KEYS: &[&str] = &["map", "default", "ignoreCase"];
const REGEX_KEYS: &[&str] = &["pattern", "with"];

impl Replace {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Replace> {
        let at = child(pointer, "replace");
        let Some(obj) = arg.as_object() else {
            issues.push(MappingIssue::new(
                at,
                format!(
                    "replace takes an object: a value map {{\"Mrs\": \"Mrs.\"}}, {{\"map\": {{…}}, \"default\": …, \"ignoreCase\": …}} or {{\"pattern\": \"…\", \"with\": \"…\"}}; got {}",
                    kind(arg)
                ),
            ));
            return None;
        };
        let has_only = |keys: &[&str]| obj.keys().all(|k| keys.contains(&k.as_str()));
        let is_detailed = obj.contains_key("map")
            && (has_only(DETAILED_KEYS) || obj.get("map").is_some_and(Value::is_object));
        let is_regex = obj.contains_key("pattern")
            && obj.contains_key("with")
            && (obj.len() == 2
                || (obj.get("pattern").is_some_and(Value::is_string)
                    && obj.get("with").is_some_and(Value::is_string)));
        if is_detailed {
            compile_detailed(obj, &at, issues)
        } else if is_regex {
            compile_regex_form(obj, &at, issues)
        } else if obj.is_empty() {
            issues.push(MappingIssue::new(
                at,
                "replace needs at least one value to replace, e.g. {\"Mrs\": \"Mrs.\"}",
            ));
            None
        } else {
            Some(Replace {
                form: Form::Map {
                    entries: obj.clone(),
                    folded: None,
                    default: None,
                },
            })
        }
    }

    pub(crate) fn describe(&self) -> String {
        match &self.form {
            Form::Regex { re, with } => {
                format!(
                    "replace matches of {} with {}",
                    re.as_str(),
                    Value::from(with.as_str())
                )
            }
            Form::Map {
                entries,
                folded,
                default,
            } => {
                const SHOWN: usize = 5;
                let mut parts: Vec<String> = entries
                    .iter()
                    .take(SHOWN)
                    .map(|(k, v)| format!("{}→{}", plain(&Value::from(k.as_str())), plain(v)))
                    .collect();
                if entries.len() > SHOWN {
                    parts.push(format!("… ({} more)", entries.len() - SHOWN));
                }
                let mut text = format!("replace {}", parts.join(", "));
                if let Some(d) = default {
                    text.push_str(&format!(", otherwise {}", plain(d)));
                }
                if folded.is_some() {
                    text.push_str(", ignoring case");
                }
                text
            }
        }
    }

    /// Looks the value up (by its text form) or rewrites its regex matches.
    pub(crate) fn apply(&self, value: Value) -> Result<Value, String> {
        let Some(text) = scalar_text(&value) else {
            return Err(format!(
                "replace needs a single value, got {}",
                kind(&value)
            ));
        };
        match &self.form {
            Form::Map {
                entries,
                folded,
                default,
            } => {
                let hit = match folded {
                    Some(folded) => folded.get(text.to_lowercase().as_str()),
                    None => entries.get(text.as_ref()),
                };
                match (hit, default) {
                    (Some(v), _) => Ok(v.clone()),
                    (None, Some(d)) => Ok(d.clone()),
                    (None, None) => Ok(value),
                }
            }
            Form::Regex { re, with } => {
                let out = match re.replace_all(&text, with.as_str()) {
                    std::borrow::Cow::Borrowed(_) => None,
                    std::borrow::Cow::Owned(o) => Some(o),
                };
                Ok(out.map_or(value, Value::String))
            }
        }
    }
}

/// Text as is (empty text as `""`), anything else as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) if !s.is_empty() => s.clone(),
        other => other.to_string(),
    }
}

fn compile_detailed(
    obj: &Map<String, Value>,
    at: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<Replace> {
    let mut ok = check_keys(obj, DETAILED_KEYS, "replace", at, issues);
    let ignore_case = match obj.get("ignoreCase") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            ok = false;
            issues.push(MappingIssue::new(
                child(at, "ignoreCase"),
                format!("\"ignoreCase\" is true or false; got {}", kind(other)),
            ));
            false
        }
    };
    let entries = match obj.get("map") {
        Some(Value::Object(map)) => map.clone(),
        other => {
            issues.push(MappingIssue::new(
                child(at, "map"),
                format!(
                    "\"map\" is an object of values and their replacements, e.g. {{\"Mrs\": \"Mrs.\"}}; got {}",
                    other.map_or("nothing", kind)
                ),
            ));
            return None;
        }
    };
    let folded = if ignore_case {
        let mut folded = Map::new();
        for (key, v) in &entries {
            let lower = key.to_lowercase();
            match folded.get(&lower) {
                Some(earlier) if earlier != v => {
                    ok = false;
                    issues.push(MappingIssue::new(
                        child(&child(at, "map"), key),
                        format!(
                            "\"{key}\" is the same as an earlier key when case is ignored, but is replaced by something else"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    folded.insert(lower, v.clone());
                }
            }
        }
        Some(folded)
    } else {
        None
    };
    ok.then(|| Replace {
        form: Form::Map {
            entries,
            folded,
            default: obj.get("default").cloned(),
        },
    })
}

fn compile_regex_form(
    obj: &Map<String, Value>,
    at: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<Replace> {
    let keys_ok = check_keys(obj, REGEX_KEYS, "replace", at, issues);
    let re = match obj.get("pattern") {
        Some(Value::String(src)) => compile_regex(src, &child(at, "pattern"), issues),
        other => {
            issues.push(MappingIssue::new(
                child(at, "pattern"),
                format!(
                    "\"pattern\" is a regular expression in text; got {}",
                    other.map_or("nothing", kind)
                ),
            ));
            None
        }
    };
    let with = match obj.get("with") {
        Some(Value::String(with)) => Some(with.clone()),
        other => {
            issues.push(MappingIssue::new(
                child(at, "with"),
                format!(
                    "\"with\" is the replacement text ($1 for the first group); got {}",
                    other.map_or("nothing", kind)
                ),
            ));
            None
        }
    };
    let (re, with) = (re?, with?);
    let groups_ok = check_group_references(&re, &with, &child(at, "with"), issues);
    (keys_ok && groups_ok).then_some(Replace {
        form: Form::Regex { re, with },
    })
}

/// Reports `$n` / `$name` / `${name}` references in `with` to groups the pattern lacks
/// (a common slip: `$1a` names a group `1a`; `${1}a` is group 1 then `a`).
fn check_group_references(
    re: &Regex,
    with: &str,
    pointer: &str,
    issues: &mut Vec<MappingIssue>,
) -> bool {
    let mut ok = true;
    let mut rest = with;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
            continue;
        }
        let (name, braced) = if let Some(inner) = rest.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => {
                    rest = &inner[end + 1..];
                    (&inner[..end], true)
                }
                None => continue,
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            rest = &rest[end..];
            (name, false)
        };
        if name.is_empty() {
            continue;
        }
        let exists = match name.parse::<usize>() {
            Ok(n) => n < re.captures_len(),
            Err(_) => re.capture_names().flatten().any(|g| g == name),
        };
        if !exists {
            ok = false;
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            let hint = if !braced && !digits.is_empty() && digits.len() < name.len() {
                format!(
                    " (write ${{{digits}}}{} for group {digits} followed by \"{}\")",
                    &name[digits.len()..],
                    &name[digits.len()..]
                )
            } else {
                String::new()
            };
            issues.push(MappingIssue::new(
                pointer,
                format!(
                    "\"with\" refers to group ${name}, which the pattern does not have{hint}; write $$ for a literal $"
                ),
            ));
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::super::testing::{compiled, run, spec_issues};
    use crate::ErrorCode;
    use serde_json::{json, Value};

    fn ok(spec: Value, input: Value) -> Value {
        run(&spec, input).unwrap()
    }

    #[test]
    fn a_value_map_swaps_exact_matches_and_passes_the_rest() {
        let spec = json!({"replace": {"Mrs": "Mrs.", "Mr": "Mr."}});
        assert_eq!(ok(spec.clone(), json!("Mrs")), json!("Mrs."));
        assert_eq!(ok(spec.clone(), json!("Mr")), json!("Mr."));
        assert_eq!(ok(spec.clone(), json!("mr")), json!("mr"));
        assert_eq!(ok(spec.clone(), json!("Mr ")), json!("Mr "));
        assert_eq!(ok(spec, json!("Dr")), json!("Dr"));
    }

    #[test]
    fn map_values_may_be_any_json_and_numbers_match_by_text() {
        let spec =
            json!({"replace": {"yes": true, "no": false, "1": "one", "2.5": [2, 5], "true": "T"}});
        assert_eq!(ok(spec.clone(), json!("yes")), json!(true));
        assert_eq!(ok(spec.clone(), json!("no")), json!(false));
        assert_eq!(ok(spec.clone(), json!(1)), json!("one"));
        assert_eq!(ok(spec.clone(), json!(2.50)), json!([2, 5]));
        assert_eq!(ok(spec.clone(), json!(true)), json!("T"));
        assert_eq!(ok(spec, json!(7)), json!(7));
    }

    #[test]
    fn a_detailed_map_sends_unmatched_values_to_the_default_and_can_ignore_case() {
        let spec = json!({"replace": {"map": {"Mrs": "Mrs.", "Mr": "Mr."}, "default": "Other", "ignoreCase": true}});
        assert_eq!(ok(spec.clone(), json!("MRS")), json!("Mrs."));
        assert_eq!(ok(spec.clone(), json!("mr")), json!("Mr."));
        assert_eq!(ok(spec.clone(), json!("Dr")), json!("Other"));
        let strict = json!({"replace": {"map": {"Mr": "Mr."}}});
        assert_eq!(ok(strict.clone(), json!("mr")), json!("mr"));
        assert_eq!(ok(strict, json!("Mr")), json!("Mr."));
    }

    #[test]
    fn a_pattern_replaces_every_match_with_groups() {
        let spec = json!({"replace": {"pattern": "\\s+", "with": " "}});
        assert_eq!(ok(spec, json!("a  b\t\nc")), json!("a b c"));
        let spec = json!({"replace": {"pattern": "(\\d{3})(\\d{4})", "with": "$1-$2"}});
        assert_eq!(ok(spec.clone(), json!("5551234")), json!("555-1234"));
        assert_eq!(ok(spec, json!(5551234)), json!("555-1234"));
        let spec = json!({"replace": {"pattern": "(?P<d>\\d)x", "with": "${d}y"}});
        assert_eq!(ok(spec.clone(), json!("1x2x")), json!("1y2y"));
        assert_eq!(
            ok(spec, json!(42)),
            json!(42),
            "no match: the number passes unchanged"
        );
    }

    #[test]
    fn objects_that_are_not_exactly_a_detailed_or_pattern_form_are_value_maps() {
        let spec = json!({"replace": {"pattern": "x", "default": "y"}});
        assert_eq!(ok(spec.clone(), json!("pattern")), json!("x"));
        assert_eq!(ok(spec, json!("default")), json!("y"));
        let spec = json!({"replace": {"map": "Map", "other": "Other"}});
        assert_eq!(ok(spec, json!("map")), json!("Map"));
    }

    #[test]
    fn replace_fails_on_arrays_and_objects() {
        let err = run(&json!({"replace": {"a": "b"}}), json!(["a"])).unwrap_err();
        assert_eq!(err.code, ErrorCode::TransformFailed);
        assert_eq!(err.message, "replace needs a single value, got an array");
    }

    #[test]
    fn replace_arguments_are_checked_with_pointers() {
        let issues = spec_issues(&json!({"replace": "Mrs"}), "/t");
        assert_eq!(issues[0].pointer, "/t/replace");
        let issues = spec_issues(&json!({"replace": {}}), "/t");
        assert_eq!(issues[0].pointer, "/t/replace");
        let issues = spec_issues(
            &json!({"replace": {"map": {"a": "b"}, "ignorecase": true, "default": 1}}),
            "/t",
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/t/replace/ignorecase");
        assert_eq!(
            issues[0].message,
            "unknown key \"ignorecase\" in replace (did you mean \"ignoreCase\"?); known keys: map, default, ignoreCase"
        );
        let issues = spec_issues(&json!({"replace": {"map": [], "ignoreCase": "yes"}}), "/t");
        let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert_eq!(pointers, ["/t/replace/ignoreCase", "/t/replace/map"]);
        let issues = spec_issues(&json!({"replace": {"pattern": "(", "with": 3}}), "/t");
        let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert_eq!(pointers, ["/t/replace/pattern", "/t/replace/with"]);
        assert_eq!(issues[0].message, "invalid pattern \"(\": unclosed group");
    }

    #[test]
    fn replacement_groups_must_exist_in_the_pattern() {
        let issues = spec_issues(
            &json!({"replace": {"pattern": "(\\d)", "with": "$1a"}}),
            "/t",
        );
        assert_eq!(issues[0].pointer, "/t/replace/with");
        assert_eq!(
            issues[0].message,
            "\"with\" refers to group $1a, which the pattern does not have (write ${1}a for group 1 followed by \"a\"); write $$ for a literal $"
        );
        assert_eq!(
            spec_issues(&json!({"replace": {"pattern": "x", "with": "$2"}}), "/t").len(),
            1
        );
        assert!(spec_issues(
            &json!({"replace": {"pattern": "(\\d)", "with": "${1}a $$5 $0"}}),
            "/t"
        )
        .is_empty());
    }

    #[test]
    fn ignoring_case_refuses_keys_that_collide_with_different_replacements() {
        let issues = spec_issues(
            &json!({"replace": {"map": {"Mr": "Mr.", "MR": "Mister", "mr": "Mr."}, "ignoreCase": true}}),
            "/t",
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/t/replace/map/MR");
    }

    #[test]
    fn describes_read_like_the_map() {
        let d = |spec: Value| compiled(&spec).describe();
        assert_eq!(
            d(json!({"replace": {"Mrs": "Mrs.", "Mr": "Mr."}})),
            "replace Mrs→Mrs., Mr→Mr."
        );
        assert_eq!(
            d(
                json!({"replace": {"map": {"yes": true, "": "none"}, "default": "Other", "ignoreCase": true}})
            ),
            "replace yes→true, \"\"→none, otherwise Other, ignoring case"
        );
        assert_eq!(
            d(json!({"replace": {"pattern": "\\s+", "with": " "}})),
            "replace matches of \\s+ with \" \""
        );
        let big: serde_json::Map<String, Value> =
            (0..8).map(|i| (format!("k{i}"), json!(i))).collect();
        assert_eq!(
            d(json!({"replace": big})),
            "replace k0→0, k1→1, k2→2, k3→3, k4→4, … (3 more)"
        );
    }
}
