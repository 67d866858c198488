//! Exact decimal numbers at the JSON boundary. Arithmetic and conversions run on
//! `rust_decimal::Decimal` (so "0.1" stays 0.1 and 0.1 + 0.2 is 0.3); a result leaves the
//! engine as a JSON number: an integer when it has no fraction, otherwise the shortest
//! decimal text that reads back as the same number (exact up to 15 significant digits,
//! the precision a Salesforce number field keeps).

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde_json::{Number, Value};
use std::str::FromStr;

/// A JSON number as an exact decimal (integers exactly; floats by their shortest text).
pub fn number_to_decimal(n: &Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    let f = n.as_f64()?;
    // `Number`'s Display is the shortest text that reads back as the same f64.
    parse_decimal(&n.to_string()).or_else(|| Decimal::from_f64(f))
}

/// Reads decimal text: optional sign, digits, optional fraction, optional exponent.
/// Surrounding white space is allowed; anything else (`12abc`, `1,000`, ``) is not.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let bytes = t.as_bytes();
    let body = match bytes[0] {
        b'+' | b'-' => &t[1..],
        _ => t,
    };
    if body.is_empty()
        || !body
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    if body.contains(['e', 'E']) {
        Decimal::from_scientific(t.trim_start_matches('+')).ok()
    } else {
        Decimal::from_str(t.trim_start_matches('+')).ok()
    }
}

/// A decimal as a JSON number value.
pub fn decimal_to_json(d: Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0 {
        if let Some(i) = d.to_i64() {
            return Value::Number(i.into());
        }
    }
    match d.to_f64().and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::String(d.to_string()),
    }
}

/// The decimal in a JSON value: a number, or text that is a number.
pub fn value_to_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => number_to_decimal(n),
        Value::String(s) => parse_decimal(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_is_read_exactly() {
        assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
        assert_eq!(parse_decimal(" -20 ").unwrap(), Decimal::from(-20));
        assert_eq!(parse_decimal("1e3").unwrap(), Decimal::from(1000));
        assert!(parse_decimal("12abc").is_none());
        assert!(parse_decimal("").is_none());
        assert!(parse_decimal("1,000").is_none());
        assert!(parse_decimal("1_000").is_none());
        assert!(parse_decimal("abc").is_none());
    }

    #[test]
    fn decimals_leave_as_json_numbers_without_drift() {
        let sum = parse_decimal("0.1").unwrap() + parse_decimal("0.2").unwrap();
        assert_eq!(decimal_to_json(sum).to_string(), "0.3");
        assert_eq!(decimal_to_json(Decimal::from(42)).to_string(), "42");
        assert_eq!(
            decimal_to_json(parse_decimal("1250.50").unwrap()).to_string(),
            "1250.5"
        );
    }
}
