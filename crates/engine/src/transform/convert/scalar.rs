//! The `text`, `number`, `integer` and `boolean` targets of `convert`.

use super::{shown, BOOLEAN_WORDS};
use crate::num::{decimal_to_json, number_to_decimal, parse_decimal};
use rust_decimal::Decimal;
use serde_json::Value;

pub(super) fn to_text(value: &Value) -> Result<Value, String> {
    match value {
        Value::String(_) => Ok(value.clone()),
        Value::Bool(b) => Ok(Value::String(if *b { "true" } else { "false" }.into())),
        Value::Number(n) => Ok(Value::String(match number_to_decimal(n) {
            Some(d) => d.normalize().to_string(),
            None => n.to_string(),
        })),
        Value::Array(_) => Err(format!(
            "{} is a list, not text (use join to combine its items)",
            shown(value)
        )),
        Value::Object(_) => Err(format!(
            "{} is an object, not text (select one of its fields in the source path)",
            shown(value)
        )),
        Value::Null => Ok(Value::Null),
    }
}

pub(super) fn to_number(value: &Value) -> Result<Value, String> {
    match value {
        Value::Number(_) => Ok(value.clone()),
        Value::String(s) => parse_decimal(s)
            .map(decimal_to_json)
            .ok_or_else(|| format!("{} is not a number", shown(value))),
        _ => Err(format!("{} is not a number", shown(value))),
    }
}

pub(super) fn to_integer(value: &Value) -> Result<Value, String> {
    let d = match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => return Ok(value.clone()),
        Value::Number(n) => number_to_decimal(n),
        Value::String(s) => parse_decimal(s),
        _ => None,
    }
    .ok_or_else(|| format!("{} is not a number", shown(value)))?;
    if !d.fract().is_zero() {
        return Err(format!("{} is not a whole number", shown(value)));
    }
    Ok(decimal_to_json(d.trunc()))
}

pub(super) fn to_boolean(value: &Value) -> Result<Value, String> {
    let b = match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match number_to_decimal(n) {
            Some(d) if d == Decimal::ONE => Some(true),
            Some(d) if d.is_zero() => Some(false),
            _ => None,
        },
        Value::String(s) => boolean_word(s.trim()),
        _ => None,
    };
    b.map(Value::Bool).ok_or_else(|| {
        format!(
            "{} is not a boolean (expected {BOOLEAN_WORDS})",
            shown(value)
        )
    })
}

fn boolean_word(word: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["true", "yes", "y", "1", "on"];
    const FALSE: [&str; 5] = ["false", "no", "n", "0", "off"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}
