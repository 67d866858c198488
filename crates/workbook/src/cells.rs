//! The readable text of a JSON value in a cell, and back: a plain string is written as it is
//! (`date`, `title`, `$.id`), anything else — numbers, booleans, arrays, objects, and strings
//! that would read as one of those or have outer blanks — as compact JSON. Reading tries JSON
//! first and falls back to the text, so every value comes back as it went out.

use serde_json::Value;

/// The cell text of `v`.
pub fn encode(v: &Value) -> String {
    match v {
        Value::String(s) if is_plain(s) => s.clone(),
        other => serde_json::to_string(other).expect("JSON values serialise"),
    }
}

/// The value of a cell's text (never fails: text that is not JSON is a string).
pub fn decode(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

fn is_plain(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains(['\n', '\r'])
        && serde_json::from_str::<Value>(s).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_strings_read_as_written_and_everything_else_as_json() {
        for v in [
            json!("date"),
            json!("123"),
            json!(" padded "),
            json!(""),
            json!("true"),
            json!(12.5),
            json!({"to": "date", "format": "%d/%m/%Y"}),
            json!(["a", "b"]),
            json!(null),
        ] {
            assert_eq!(decode(&encode(&v)), v, "{v}");
        }
        assert_eq!(encode(&json!("title")), "title");
        assert_eq!(encode(&json!("123")), "\"123\"");
    }
}
