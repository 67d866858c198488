//! The transforms a field's sample values need before Salesforce takes them: numbers, checkboxes,
//! lookups and text (length, lists, picklist values); dates and times are in
//! [`super::temporal`].

use super::matching::reference_transform;
use super::temporal::{date_values, datetime_values, time_values};
use super::SuggestedTransform;
use crate::describe::{Describe, FieldDescribe, FieldType};
use crate::num::{parse_decimal, value_to_decimal};
use crate::sfcheck::is_valid_id;
use serde_json::{json, Map, Value};

/// Up to three examples, as JSON text, `…` when there are more.
pub(super) fn examples(values: &[String]) -> String {
    let mut out: Vec<&str> = values.iter().take(3).map(String::as_str).collect();
    if values.len() > 3 {
        out.push("…");
    }
    out.join(", ")
}

pub(super) fn quoted(v: &Value) -> String {
    v.to_string()
}

pub(super) fn suggestion(transform: Value, reason: String) -> SuggestedTransform {
    SuggestedTransform { transform, reason }
}

/// The transforms `values` (every non-null sample value of the source) need to be written
/// to field `f`.
pub(super) fn transforms_for(
    f: &FieldDescribe,
    values: &[&Value],
    parents: &[Describe],
) -> Vec<SuggestedTransform> {
    let t = &f.field_type;
    match t {
        FieldType::Reference => reference_values(f, values, parents),
        _ if t.is_number() => number_values(f, values),
        FieldType::Boolean => boolean_values(f, values),
        FieldType::Date => date_values(f, values),
        FieldType::Datetime => datetime_values(f, values),
        FieldType::Time => time_values(f, values),
        _ if t.is_text() => text_values(f, values),
        _ => Vec::new(),
    }
}

fn reference_values(
    f: &FieldDescribe,
    values: &[&Value],
    parents: &[Describe],
) -> Vec<SuggestedTransform> {
    let not_ids: Vec<String> = values
        .iter()
        .filter(|v| !v.as_str().is_some_and(is_valid_id))
        .map(|v| quoted(v))
        .collect();
    if not_ids.is_empty() || f.reference_to.is_empty() {
        return Vec::new();
    }
    let parent = parents
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(&f.reference_to[0]));
    vec![reference_transform(
        f,
        parent,
        "",
        &format!("{} are not Salesforce IDs", examples(&not_ids)),
    )]
}

fn number_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let whole = matches!(f.field_type, FieldType::Int | FieldType::Long);
    let mut texts = Vec::new();
    let mut not_numbers = Vec::new();
    let mut fractions = Vec::new();
    for v in values {
        let d = match v {
            Value::String(s) if s.trim().is_empty() => continue,
            Value::String(s) => {
                texts.push(quoted(v));
                match parse_decimal(s) {
                    Some(d) => Some(d),
                    None => {
                        not_numbers.push(quoted(v));
                        None
                    }
                }
            }
            Value::Number(_) => value_to_decimal(v),
            _ => None,
        };
        if d.is_some_and(|d| !d.fract().is_zero()) {
            fractions.push(quoted(v));
        }
    }
    let kind = if whole {
        "a whole-number field"
    } else {
        "a number field"
    };
    let fail = if not_numbers.is_empty() {
        String::new()
    } else {
        format!(
            "; {} {} not a number and will fail (CONVERT_FAILED)",
            examples(&not_numbers),
            if not_numbers.len() == 1 { "is" } else { "are" }
        )
    };
    if whole && !fractions.is_empty() {
        return vec![suggestion(
            json!({"calc": "ROUND(value, 0)"}),
            format!(
                "{} {} a fraction and {} is {kind} ({}): Salesforce refuses fractions, so this rounds them (half away from zero); remove it to refuse those records instead{fail}",
                examples(&fractions),
                if fractions.len() == 1 { "has" } else { "have" },
                f.name,
                type_name(&f.field_type),
            ),
        )];
    }
    if texts.is_empty() {
        return Vec::new();
    }
    vec![suggestion(
        json!({"convert": if whole { "integer" } else { "number" }}),
        format!(
            "{} {} text; {} is {kind} ({}){fail}",
            examples(&texts),
            if texts.len() == 1 { "is" } else { "are" },
            f.name,
            type_name(&f.field_type)
        ),
    )]
}

fn type_name(t: &FieldType) -> String {
    match serde_json::to_value(t) {
        Ok(Value::String(s)) => s,
        _ => format!("{t:?}").to_lowercase(),
    }
}

fn boolish(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "y" | "n" | "1" | "0" | "on" | "off"
    )
}

fn boolean_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let mut convertible = Vec::new();
    let mut not_booleans = Vec::new();
    for v in values {
        match v {
            Value::String(s) if s.trim().is_empty() => {}
            Value::String(s) if boolish(s) => convertible.push(quoted(v)),
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1) => convertible.push(quoted(v)),
            Value::Bool(_) => {}
            other => not_booleans.push(quoted(other)),
        }
    }
    if convertible.is_empty() {
        return Vec::new();
    }
    let fail = if not_booleans.is_empty() {
        String::new()
    } else {
        format!(
            "; {} {} not a boolean and will fail (CONVERT_FAILED)",
            examples(&not_booleans),
            if not_booleans.len() == 1 { "is" } else { "are" }
        )
    };
    vec![suggestion(
        json!({"convert": "boolean"}),
        format!(
            "{} {} not true/false; {} is a checkbox{fail}",
            examples(&convertible),
            if convertible.len() == 1 { "is" } else { "are" },
            f.name
        ),
    )]
}

/// The text a value is written as once converted (`12.0` → `"12"` aside, as `convert` does).
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let mut out = Vec::new();
    let multi = f.field_type == FieldType::Multipicklist;
    let picklist = matches!(f.field_type, FieldType::Picklist | FieldType::Multipicklist);
    let arrays: Vec<String> = values
        .iter()
        .filter(|v| v.is_array())
        .map(|v| quoted(v))
        .collect();
    if multi && !arrays.is_empty() {
        out.push(suggestion(
            json!({"join": ";"}),
            format!(
                "{} {} a list; {} is a multi-select picklist, written as values joined by ';'",
                examples(&arrays),
                if arrays.len() == 1 { "is" } else { "are" },
                f.name
            ),
        ));
    }
    let non_text: Vec<String> = values
        .iter()
        .filter(|v| v.is_number() || v.is_boolean())
        .map(|v| quoted(v))
        .collect();
    if !non_text.is_empty() {
        out.push(suggestion(
            json!({"convert": "text"}),
            format!(
                "{} {} not text; {} is a text field ({})",
                examples(&non_text),
                if non_text.len() == 1 { "is" } else { "are" },
                f.name,
                type_name(&f.field_type)
            ),
        ));
    }
    // The texts that reach Salesforce: a multi-select's elements, else each value's text.
    let mut texts: Vec<String> = Vec::new();
    for v in values {
        match v {
            Value::Array(items) if multi => texts.extend(items.iter().filter_map(as_text)),
            Value::String(s) if multi => texts.extend(s.split(';').map(str::to_string)),
            other => texts.extend(as_text(other)),
        }
    }
    if picklist && f.restricted_picklist {
        if let Some(t) = picklist_stub(f, &texts) {
            out.push(t);
        }
    }
    if !picklist && f.field_type != FieldType::Email && f.length > 0 {
        if let Some(longest) = texts.iter().max_by_key(|t| t.chars().count()) {
            let n = longest.chars().count();
            if n > f.length as usize {
                out.push(suggestion(
                    json!({"truncate": "fit"}),
                    format!(
                        "the longest value has {n} characters and {} holds {}: the rest is cut",
                        f.name, f.length
                    ),
                ));
            }
        }
    }
    out
}

/// The active value a sample value most likely means: the same ignoring case, or ignoring a
/// trailing `.` (`Mr` → `Mr.`).
fn closest_active<'a>(f: &'a FieldDescribe, value: &str) -> Option<&'a str> {
    let v = value.trim();
    f.active_values()
        .find(|a| a.eq_ignore_ascii_case(v))
        .or_else(|| {
            let bare = v.trim_end_matches('.');
            f.active_values()
                .find(|a| !bare.is_empty() && a.trim_end_matches('.').eq_ignore_ascii_case(bare))
        })
}

fn picklist_stub(f: &FieldDescribe, texts: &[String]) -> Option<SuggestedTransform> {
    let active: Vec<&str> = f.active_values().collect();
    let mut map = Map::new();
    let mut mapped = Vec::new();
    let mut unmatched = Vec::new();
    for t in texts {
        if active.contains(&t.as_str())
            || map
                .keys()
                .any(|k: &String| k.to_lowercase() == t.to_lowercase())
        {
            continue;
        }
        match closest_active(f, t) {
            Some(a) => {
                mapped.push(format!("{t} → {a}"));
                map.insert(t.clone(), Value::from(a));
            }
            None => {
                unmatched.push(t.clone());
                map.insert(t.clone(), Value::from(""));
            }
        }
    }
    if map.is_empty() {
        return None;
    }
    let mut why = format!(
        "{} is a restricted picklist ({})",
        f.name,
        active.join(", ")
    );
    if !mapped.is_empty() {
        why.push_str(&format!(": {}", mapped.join(", ")));
    }
    if !unmatched.is_empty() {
        why.push_str(&format!(
            "{} no active value for {}: fill in what {} should become",
            if mapped.is_empty() { ":" } else { ";" },
            unmatched.join(", "),
            if unmatched.len() == 1 { "it" } else { "each" }
        ));
    }
    if f.field_type == FieldType::Multipicklist {
        why.push_str(
            " (the map applies to the joined text, so it replaces a value selected on its own)",
        );
    }
    Some(suggestion(
        json!({"replace": {"map": map, "ignoreCase": true}}),
        why,
    ))
}
