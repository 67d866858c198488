//! The sample's leaf paths, written as a mapping writes them (dotted, or JSONPath when a key
//! needs it), and the sources and targets an existing mapping already claims.

use crate::describe::Describe;
use crate::mapping::{CompiledMapping, Source};
use crate::path::Segment;
use serde_json::Value;

/// One leaf path of the sample records.
#[derive(Debug, Clone)]
pub(super) struct Leaf {
    pub(super) segments: Vec<Segment>,
    /// As a mapping writes it: dotted, or JSONPath when a key needs it.
    pub(super) text: String,
}

impl Leaf {
    pub(super) fn new(segments: Vec<Segment>) -> Leaf {
        let text = path_text(&segments);
        Leaf { segments, text }
    }

    /// Keys only (no array index): paths into arrays of objects are not auto-matched.
    pub(super) fn keys(&self) -> Option<Vec<&str>> {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                Segment::Index(_) => None,
            })
            .collect()
    }

    pub(super) fn matchable(&self) -> bool {
        self.keys().is_some()
    }

    /// The name compared with API names and labels: the keys joined with `.`.
    pub(super) fn name(&self) -> String {
        self.keys().unwrap_or_default().join(".")
    }

    /// Whether a mapping's source text names this path.
    pub(super) fn same_path(&self, text: &str) -> bool {
        let text = text.trim();
        if text == self.text {
            return true;
        }
        if let Ok(crate::path::SourcePath::Dotted(segs)) = crate::path::SourcePath::parse(text) {
            return segs == self.segments;
        }
        // A JSONPath written in dot notation (`$.company.id`) names the same leaf.
        let dotted = text
            .strip_prefix("$.")
            .and_then(|rest| crate::path::parse_dotted(rest).ok());
        dotted.is_some_and(|segs| segs == self.segments) || text == jsonpath_text(&self.segments)
    }
}

/// Every leaf path of the records, in the first record's key order (later records' extra
/// paths after). Nested objects are walked; an array of objects gives its first element's
/// paths (`lines[0].sku`); any other array is itself a leaf (a multi-select's values).
pub(super) fn collect_leaves(records: &[&Value]) -> Vec<Leaf> {
    fn walk(v: &Value, at: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, child) in m {
                    at.push(Segment::Key(k.clone()));
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Object(_) => {}
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                at.push(Segment::Index(0));
                walk(&items[0], at, out);
                at.pop();
            }
            _ => {
                if !at.is_empty() && !out.contains(at) {
                    out.push(at.clone());
                }
            }
        }
    }
    let mut paths = Vec::new();
    for r in records {
        if r.is_object() {
            walk(r, &mut Vec::new(), &mut paths);
        }
    }
    // `company: null` in one record and `company.id` in another: the object's paths win.
    let kept: Vec<Vec<Segment>> = paths
        .iter()
        .filter(|p| {
            !paths
                .iter()
                .any(|q| q.len() > p.len() && q[..p.len()] == p[..])
        })
        .cloned()
        .collect();
    kept.into_iter().map(Leaf::new).collect()
}

fn path_text(segments: &[Segment]) -> String {
    let plain = segments.iter().enumerate().all(|(i, s)| match s {
        Segment::Key(k) => {
            let needs_jsonpath = k.is_empty()
                || k.contains(['.', '[', ']'])
                || k.trim() != k
                || (i == 0 && k.starts_with('$'));
            !needs_jsonpath
        }
        Segment::Index(_) => i > 0,
    });
    if !plain {
        return jsonpath_text(segments);
    }
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn jsonpath_text(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for s in segments {
        match s {
            Segment::Key(k) => {
                let escaped = k.replace('\\', "\\\\").replace('\'', "\\'");
                out.push_str(&format!("['{escaped}']"));
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The sources and targets an existing mapping already uses: (source texts, taken[field]).
pub(super) fn existing_claims(
    existing: Option<&CompiledMapping>,
    describe: &Describe,
) -> (Vec<String>, Vec<bool>) {
    let mut sources = Vec::new();
    let mut taken = vec![false; describe.fields.len()];
    let Some(m) = existing else {
        return (sources, taken);
    };
    for f in &m.fields {
        match &f.source {
            Source::Path { text, .. } => sources.push(text.clone()),
            Source::Many(paths) => sources.extend(paths.iter().map(|(t, _)| t.clone())),
            Source::Constant(_) => {}
        }
        for (i, d) in describe.fields.iter().enumerate() {
            let names_it = |t: &str| {
                d.name.eq_ignore_ascii_case(t)
                    || d.relationship_name
                        .as_deref()
                        .is_some_and(|r| r.eq_ignore_ascii_case(t))
            };
            if names_it(&f.target) || names_it(&f.output_key) {
                taken[i] = true;
            }
        }
    }
    (sources, taken)
}
