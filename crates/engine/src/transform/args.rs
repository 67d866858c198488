//! Shared pieces of transform compilation and application: JSON pointers into the mapping,
//! how a value is named and shown in a message, "did you mean" suggestions, checks of object
//! arguments, regex compilation, and the text form of scalar values.

use crate::num::parse_decimal;
use crate::MappingIssue;
use regex::Regex;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// `pointer` extended by one key, escaped as RFC 6901 asks (`~` → `~0`, `/` → `~1`).
pub(crate) fn child(pointer: &str, key: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + key.len() + 1);
    p.push_str(pointer);
    p.push('/');
    for c in key.chars() {
        match c {
            '~' => p.push_str("~0"),
            '/' => p.push_str("~1"),
            c => p.push(c),
        }
    }
    p
}

/// What kind of JSON value this is, for messages: "a number", "an array", …
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as a message shows it: text in single quotes, anything else as compact JSON;
/// cut after 80 characters.
pub(crate) fn show(v: &Value) -> String {
    let full = match v {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    };
    const MAX: usize = 80;
    match full.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &full[..cut]),
        None => full,
    }
}

/// The text form of a scalar: text as is, a number in plain decimal notation without
/// trailing zeros (`2.50` → `2.5`, `1e3` → `1000`), a boolean as `true`/`false`.
/// `None` for null, arrays and objects.
pub(crate) fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s.as_str())),
        Value::Number(n) => Some(Cow::Owned(number_text(n))),
        Value::Bool(true) => Some(Cow::Borrowed("true")),
        Value::Bool(false) => Some(Cow::Borrowed("false")),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A JSON number as plain decimal text (see [`scalar_text`]); numbers beyond the exact
/// decimal range keep their JSON text.
pub(crate) fn number_text(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let json = n.to_string();
    match parse_decimal(&json) {
        Some(d) if !d.is_zero() || n.as_f64() == Some(0.0) => d.normalize().to_string(),
        _ => json,
    }
}

pub(crate) use crate::suggest::nearest;

/// ` (did you mean "x"?)` when a candidate is close, else nothing.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match nearest(word, candidates) {
        Some(c) => format!(" (did you mean \"{c}\"?)"),
        None => String::new(),
    }
}

/// `"a", "b" or "c"`.
pub(crate) fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Reports every key of an object argument that is not in `known`, each at its own pointer.
/// Returns whether all keys were known.
pub(crate) fn check_keys(
    obj: &Map<String, Value>,
    known: &[&str],
    what: &str,
    arg_pointer: &str,
    issues: &mut Vec<MappingIssue>,
) -> bool {
    let mut ok = true;
    for key in obj.keys() {
        if !known.contains(&key.as_str()) {
            ok = false;
            issues.push(MappingIssue::new(
                child(arg_pointer, key),
                format!(
                    "unknown key \"{key}\" in {what}{}; known keys: {}",
                    did_you_mean(key, known),
                    known.join(", ")
                ),
            ));
        }
    }
    ok
}

/// Compiles a regular expression (regex crate syntax); a bad one is an issue at `pointer`.
pub(crate) fn compile_regex(
    src: &str,
    pointer: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<Regex> {
    match Regex::new(src) {
        Ok(re) => Some(re),
        Err(e) => {
            issues.push(MappingIssue::new(
                pointer,
                format!(
                    "invalid pattern {}: {}",
                    Value::from(src),
                    regex_error_text(&e)
                ),
            ));
            None
        }
    }
}

/// The one-line reason inside a regex error (its `error: …` line).
fn regex_error_text(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(text) => text
            .lines()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .map(str::to_string)
            .unwrap_or_else(|| text.split_whitespace().collect::<Vec<_>>().join(" ")),
        other => other.to_string(),
    }
}

/// Whether `name` looks like a Salesforce API name: letters, digits and single underscores
/// (`__c`, `__r` and namespace prefixes use two), starting with a letter.
pub(crate) fn is_api_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.ends_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_escape_tilde_and_slash_in_keys() {
        assert_eq!(child("/fields/0", "a/b~c"), "/fields/0/a~1b~0c");
    }

    #[test]
    fn typos_and_wrapped_words_get_a_suggestion_and_strangers_do_not() {
        let names = ["upper", "lower", "title", "trim", "collapse"];
        assert_eq!(nearest("uper", &names), Some("upper"));
        assert_eq!(nearest("Title", &names), Some("title"));
        assert_eq!(nearest("uppercase", &names), Some("upper"));
        assert_eq!(nearest("colapse", &names), Some("collapse"));
        assert_eq!(nearest("reverse", &names), None);
        assert_eq!(nearest("x", &names), None);
    }

    #[test]
    fn numbers_have_a_plain_decimal_text_form() {
        let text = |v: Value| scalar_text(&v).map(|t| t.into_owned());
        assert_eq!(text(json!(1)), Some("1".into()));
        assert_eq!(text(json!(2.50)), Some("2.5".into()));
        assert_eq!(text(json!(1.0)), Some("1".into()));
        assert_eq!(text(json!(1e3)), Some("1000".into()));
        assert_eq!(text(json!(-0.1)), Some("-0.1".into()));
        assert_eq!(text(json!(1e-30)), Some("1e-30".into()));
        assert_eq!(text(json!(true)), Some("true".into()));
        assert_eq!(text(json!(null)), None);
        assert_eq!(text(json!([1])), None);
    }

    #[test]
    fn regex_errors_read_as_one_line() {
        let mut issues = Vec::new();
        assert!(compile_regex("(abc", "/p", &mut issues).is_none());
        assert_eq!(issues[0].pointer, "/p");
        assert_eq!(
            issues[0].message,
            "invalid pattern \"(abc\": unclosed group"
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        assert_eq!(show(&json!("li@")), "'li@'");
        assert_eq!(show(&json!([1, 2])), "[1,2]");
        let long = "x".repeat(200);
        assert_eq!(show(&json!(long)).chars().count(), 81);
    }
}
