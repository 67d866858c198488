//! Paths into a response body, on the engine's [`SourcePath`] (dotted, or RFC 9535 JSONPath
//! when it starts with `$`): [`RecordsPath`] finds a page's records, [`ValuePath`] one value
//! (a next URL, a cursor, a token).

use serde_json::Value;
use synccentral_engine::path::{Selected, SourcePath};

/// A path that selects one value.
#[derive(Debug, Clone)]
pub struct ValuePath {
    text: String,
    path: SourcePath,
}

impl ValuePath {
    pub fn parse(text: &str) -> Result<ValuePath, String> {
        Ok(ValuePath {
            text: text.to_string(),
            path: SourcePath::parse(text.trim())?,
        })
    }

    /// The value, `None` when missing; a JSONPath matching several nodes is an error.
    pub fn select<'a>(&self, body: &'a Value) -> Result<Option<&'a Value>, String> {
        match self.path.select(body) {
            Selected::Missing => Ok(None),
            Selected::One(v) => Ok(Some(v)),
            Selected::Many(n) => Err(format!(
                "the path '{}' matches {n} values, not one",
                self.text
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Where a page's records are.
#[derive(Debug, Clone)]
pub struct RecordsPath {
    text: String,
    path: SourcePath,
}

impl RecordsPath {
    pub fn parse(text: &str) -> Result<RecordsPath, String> {
        let text = text.trim();
        let text = if text.is_empty() { "$" } else { text };
        Ok(RecordsPath {
            text: text.to_string(),
            path: SourcePath::parse(text)?,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Takes the records out of `body`: an array's elements; one object as one record;
    /// `null` as no records; a JSONPath matching several nodes gives each node. `Err`
    /// describes what the body holds instead when the path matches nothing usable.
    pub fn take(&self, mut body: Value) -> Result<Vec<Value>, String> {
        let selected = match &self.path {
            SourcePath::JsonPath(p) => {
                let pointer = {
                    let nodes = p.query_located(&body);
                    if nodes.len() > 1 {
                        return Ok(nodes.iter().map(|n| n.node().clone()).collect());
                    }
                    nodes.first().map(|n| n.location().to_json_pointer())
                };
                pointer.and_then(|ptr| body.pointer_mut(&ptr).map(Value::take))
            }
            SourcePath::Dotted(segments) => {
                let mut pointer = String::new();
                for s in segments {
                    pointer.push('/');
                    match s {
                        synccentral_engine::path::Segment::Key(k) => {
                            pointer.push_str(&k.replace('~', "~0").replace('/', "~1"))
                        }
                        synccentral_engine::path::Segment::Index(i) => {
                            pointer.push_str(&i.to_string())
                        }
                    }
                }
                body.pointer_mut(&pointer).map(Value::take)
            }
        };
        match selected {
            Some(Value::Array(items)) => Ok(items),
            Some(Value::Null) => Ok(Vec::new()),
            Some(v @ Value::Object(_)) => Ok(vec![v]),
            Some(other) => Err(format!(
                "it selects a {} (records must be an array of objects)",
                kind(&other)
            )),
            None => Err(describe(&body)),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What a body holds, for "records path matches nothing" messages.
pub(crate) fn describe(body: &Value) -> String {
    match body {
        Value::Object(map) if map.is_empty() => "the body is an empty object".to_string(),
        Value::Object(map) => {
            let keys: Vec<String> = map
                .iter()
                .map(|(k, v)| match v {
                    Value::Array(a) => format!("{k} (array of {})", a.len()),
                    Value::Object(_) => format!("{k} (object)"),
                    _ => k.clone(),
                })
                .collect();
            format!("the body has keys: {}", keys.join(", "))
        }
        Value::Array(a) => format!(
            "the body is an array of {} (use the records path $)",
            a.len()
        ),
        other => format!("the body is a {}", kind(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn take(path: &str, body: Value) -> Result<Vec<Value>, String> {
        RecordsPath::parse(path).unwrap().take(body)
    }

    #[test]
    fn records_are_found_by_dotted_path_jsonpath_or_the_root() {
        let body = json!({"data": {"items": [{"a": 1}, {"a": 2}]}});
        assert_eq!(take("data.items", body.clone()).unwrap().len(), 2);
        assert_eq!(take("$.data.items", body.clone()).unwrap().len(), 2);
        assert_eq!(take("$.data.items[*]", body.clone()).unwrap().len(), 2);
        assert_eq!(take("$", json!([{"a": 1}])).unwrap(), vec![json!({"a": 1})]);
        assert_eq!(
            take("data", json!({"data": null})).unwrap(),
            Vec::<Value>::new()
        );
    }

    #[test]
    fn a_path_matching_nothing_says_what_the_body_has() {
        let e = take("data", json!({"items": [1, 2], "links": {}, "n": 1})).unwrap_err();
        assert_eq!(
            e,
            "the body has keys: items (array of 2), links (object), n"
        );
        let e = take("data", json!([1])).unwrap_err();
        assert!(e.contains("the body is an array of 1"), "{e}");
        let e = take("n", json!({"n": 1})).unwrap_err();
        assert!(e.contains("selects a number"), "{e}");
    }
}
