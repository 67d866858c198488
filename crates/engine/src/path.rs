//! Source paths: where a mapping reads a value in a source record.
//!
//! Two forms. A path starting with `$` is an RFC 9535 JSONPath (serde_json_path) that must
//! select at most one node. Any other string is a dotted path: `company.id`, `lines[0].sku`;
//! a key holding `.` or `[` needs the JSONPath form (`$['name.last']`). A missing value is
//! `null`.

use serde_json::Value;

/// One step of a dotted path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A parsed source path.
#[derive(Debug, Clone)]
pub enum SourcePath {
    Dotted(Vec<Segment>),
    JsonPath(Box<serde_json_path::JsonPath>),
}

/// What a path found in one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Selected<'a> {
    /// Nothing there: the value is `null`.
    Missing,
    One(&'a Value),
    /// A JSONPath selected this many nodes: the mapping is invalid for this record.
    Many(usize),
}

impl<'a> Selected<'a> {
    /// The value, with a missing one as `None`.
    pub fn value(&self) -> Option<&'a Value> {
        match self {
            Selected::One(v) => Some(v),
            _ => None,
        }
    }
}

impl SourcePath {
    /// Parses a path; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<SourcePath, String> {
        if text.starts_with('$') {
            return serde_json_path::JsonPath::parse(text)
                .map(|p| SourcePath::JsonPath(Box::new(p)))
                .map_err(|e| format!("invalid JSONPath '{text}': {e}"));
        }
        parse_dotted(text).map(SourcePath::Dotted)
    }

    /// Selects this path's value in `record`.
    pub fn select<'a>(&self, record: &'a Value) -> Selected<'a> {
        match self {
            SourcePath::Dotted(segments) => match lookup(record, segments) {
                Some(v) => Selected::One(v),
                None => Selected::Missing,
            },
            SourcePath::JsonPath(path) => {
                let nodes = path.query(record);
                match nodes.len() {
                    0 => Selected::Missing,
                    1 => Selected::One(nodes.all()[0]),
                    n => Selected::Many(n),
                }
            }
        }
    }
}

/// Follows dotted-path segments; `None` where any step is missing.
pub fn lookup<'a>(record: &'a Value, segments: &[Segment]) -> Option<&'a Value> {
    let mut here = record;
    for segment in segments {
        here = match (segment, here) {
            (Segment::Key(k), Value::Object(map)) => map.get(k.as_str())?,
            (Segment::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(here)
}

/// Parses `a.b[0].c` into segments.
pub fn parse_dotted(text: &str) -> Result<Vec<Segment>, String> {
    if text.is_empty() {
        return Err("empty source path".to_string());
    }
    let mut segments = Vec::new();
    for (n, part) in text.split('.').enumerate() {
        let (key, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if key.is_empty() && (n > 0 || rest.is_empty()) {
            return Err(format!(
                "path '{text}' has an empty key (a key holding '.' needs the JSONPath form, e.g. $['a.b'])"
            ));
        }
        if !key.is_empty() {
            if key.contains(']') {
                return Err(format!("path '{text}': unexpected ']' in key '{key}'"));
            }
            segments.push(Segment::Key(key.to_string()));
        }
        while !rest.is_empty() {
            let close = rest.find(']').ok_or_else(|| {
                format!("path '{text}': '[' without a closing ']' (a key holding '[' needs the JSONPath form)")
            })?;
            let index = &rest[1..close];
            let index: usize = index.parse().map_err(|_| {
                format!("path '{text}': '[{index}]' is not an array index (use a whole number, or the JSONPath form)")
            })?;
            segments.push(Segment::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("path '{text}': unexpected '{rest}' after ']'"));
            }
        }
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(path: &str, record: &Value) -> Option<Value> {
        SourcePath::parse(path)
            .unwrap()
            .select(record)
            .value()
            .cloned()
    }

    #[test]
    fn dotted_paths_read_nested_objects_and_arrays() {
        let r = json!({"company": {"id": "A-100"}, "lines": [{"sku": "X"}, {"sku": "Y"}], "name-last": "T", "m": [[1, 2]]});
        assert_eq!(sel("company.id", &r), Some(json!("A-100")));
        assert_eq!(sel("lines[1].sku", &r), Some(json!("Y")));
        assert_eq!(sel("name-last", &r), Some(json!("T")));
        assert_eq!(sel("m[0][1]", &r), Some(json!(2)));
        assert_eq!(sel("lines[5].sku", &r), None);
        assert_eq!(sel("company.id.deeper", &r), None);
        assert_eq!(sel("nope", &r), None);
    }

    #[test]
    fn jsonpath_reads_keys_with_dots_and_reports_many_nodes() {
        let r = json!({"name.last": "Tester", "tags": ["a", "b"]});
        assert_eq!(sel("$['name.last']", &r), Some(json!("Tester")));
        let p = SourcePath::parse("$.tags[*]").unwrap();
        assert_eq!(p.select(&r), Selected::Many(2));
        assert_eq!(
            SourcePath::parse("$.missing").unwrap().select(&r),
            Selected::Missing
        );
    }

    #[test]
    fn malformed_paths_say_what_is_wrong() {
        for bad in ["", "a..b", "a[x]", "a[0", "a.", "a[0]b", "$.["] {
            assert!(SourcePath::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
