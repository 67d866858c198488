//! Encoding exported records: JSON (objects or arrays), `x-www-form-urlencoded`, and
//! delimited text with formula neutralisation and CRLF line ends.

use crate::config::CsvOptions;
use serde_json::Value;
use std::borrow::Cow;

/// A record's value as flat text: strings as they are, numbers and booleans as JSON text,
/// `null` as empty, arrays and objects as JSON text.
pub fn flat_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

/// One record as a form body (`a=1&b=x+y`), fields in record order.
pub fn form(record: &Value) -> Result<String, String> {
    let Value::Object(map) = record else {
        return Err(format!("a form body needs an object record, not {record}"));
    };
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in map {
        out.append_pair(k, &flat_text(v));
    }
    Ok(out.finish())
}

/// Guards a text cell against spreadsheet formula injection (OWASP's advice): a value
/// starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The columns of a set of records: every key, in the order first seen.
pub fn columns<'a>(records: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut columns = Vec::new();
    for record in records {
        if let Value::Object(map) = record {
            for k in map.keys() {
                if seen.insert(k.as_str()) {
                    columns.push(k.clone());
                }
            }
        }
    }
    columns
}

/// Records as delimited text. Only text cells are neutralised: a JSON number such as `-20`
/// cannot be a formula and keeps its sign.
pub fn csv(records: &[Value], options: &CsvOptions) -> Result<Vec<u8>, String> {
    let columns = columns(records);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(ascii(options.delimiter, "delimiter")?)
        .quote(ascii(options.quote, "quote")?)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| format!("CSV encoding failed: {e}");
    if options.header {
        writer
            .write_record(columns.iter().map(|c| neutralise(c).into_owned()))
            .map_err(failed)?;
    }
    for record in records {
        let row = columns.iter().map(|c| match record.get(c) {
            None => Cow::Borrowed(""),
            Some(Value::String(s)) => neutralise(s),
            Some(other) => flat_text(other),
        });
        writer
            .write_record(row.map(|c| c.into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| format!("CSV encoding failed: {e}"))
}

fn ascii(c: char, what: &str) -> Result<u8, String> {
    if c.is_ascii() {
        Ok(c as u8)
    } else {
        Err(format!(
            "the CSV {what} '{c}' must be a single ASCII character"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_neutralises_formulas_quotes_and_ends_lines_with_crlf() {
        let records = [
            json!({"name": "=SUM(A1)", "n": -20, "note": "a,b", "tags": ["x"]}),
            json!({"name": "@cmd", "n": 1.5, "extra": "+1", "note": null}),
        ];
        let out = String::from_utf8(csv(&records, &CsvOptions::default()).unwrap()).unwrap();
        assert_eq!(
            out,
            "name,n,note,tags,extra\r\n'=SUM(A1),-20,\"a,b\",\"[\"\"x\"\"]\",\r\n'@cmd,1.5,,,'+1\r\n"
        );
        let semi = CsvOptions {
            delimiter: ';',
            quote: '\'',
            header: false,
        };
        let out =
            String::from_utf8(csv(&[json!({"a": "x;y", "b": "ok"})], &semi).unwrap()).unwrap();
        assert_eq!(out, "'x;y';ok\r\n");
    }

    #[test]
    fn form_bodies_flatten_nested_values_to_json() {
        let body = form(
            &json!({"name": "Ann Lee", "n": 2, "ok": true, "x": null, "addr": {"city": "Köln"}}),
        )
        .unwrap();
        assert_eq!(
            body,
            "name=Ann+Lee&n=2&ok=true&x=&addr=%7B%22city%22%3A%22K%C3%B6ln%22%7D"
        );
    }
}
