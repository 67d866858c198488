//! Auto-map: proposes field mappings from a sample response and the target describe
//! (API name, then label, then normalised names, then dotted paths to relationships), and
//! the transforms Salesforce's typing will demand, each with the reason shown to the user.
//! Pure: the CLI (`synccentral mapping suggest`) and the desktop mapping editor call the same
//! [`suggest`]. The rules are listed in docs/mapping.md ("Auto-map").

use crate::describe::{Describe, FieldDescribe, FieldType};
use crate::mapping::{self, CompiledMapping, Source};
use crate::num::{parse_decimal, value_to_decimal};
use crate::path::{lookup, Segment};
use crate::sfcheck::is_valid_id;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// How a source path was matched to a target field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The source key equals the field's API name (case-insensitively).
    ApiName,
    /// The source key equals the field's label.
    Label,
    /// Equal once case, punctuation, `__c`, `-`, `_` and spaces are ignored.
    Normalised,
    /// A dotted path to a parent's key (`company.id`) matched to a lookup via `reference`.
    Relationship,
}

/// A transform the sample values need for the target type, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SuggestedTransform {
    /// The transform as written in a mapping, e.g. `{"convert": "number"}`.
    #[ts(type = "Record<string, unknown>")]
    pub transform: Value,
    /// Shown to the user: `"87.5" is text; Score__c is a number field`.
    pub reason: String,
}

/// One proposed field mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SuggestedField {
    /// The source path, as a mapping writes it.
    pub source: String,
    /// The target field's API name (the lookup for a relationship match).
    pub target: String,
    pub matched_by: MatchKind,
    /// Why the source was matched to this target, shown to the user.
    pub reason: String,
    pub transforms: Vec<SuggestedTransform>,
}

/// All proposals for a sample and a describe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ts_rs::TS)]
pub struct Suggestions {
    pub fields: Vec<SuggestedField>,
    /// Source paths nothing matched, so the user sees what is left to map by hand.
    pub unmatched_sources: Vec<String>,
}

/// Fields Salesforce maintains itself: never proposed as targets.
const AUDIT_FIELDS: &[&str] = &[
    "Id",
    "IsDeleted",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "LastActivityDate",
    "LastViewedDate",
    "LastReferencedDate",
    "MasterRecordId",
];

/// Words API data uses for a standard object (`company` is an Account).
const OBJECT_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "Account",
        &[
            "company",
            "companies",
            "customer",
            "organisation",
            "organization",
            "org",
            "business",
            "client",
            "employer",
            "firm",
        ],
    ),
    ("Contact", &["person", "people"]),
    ("User", &["owner", "user", "assignee"]),
];

/// The external ID field guessed for a parent whose describe is not given.
pub const GUESSED_EXTERNAL_ID: &str = "External_Id__c";

/// Proposes mappings for `records` into the object `describe` describes, with the transforms
/// their values need. Sources and targets already mapped in `existing` are left alone.
/// `parents` are describes of objects lookups point to (their external ID fields are used).
pub fn suggest(
    records: &[&Value],
    describe: &Describe,
    existing: Option<&CompiledMapping>,
    parents: &[Describe],
) -> Suggestions {
    let leaves = collect_leaves(records);
    let (mapped_sources, mut taken) = existing_claims(existing, describe);
    let open: Vec<&Leaf> = leaves
        .iter()
        .filter(|l| !mapped_sources.iter().any(|s| l.same_path(s)))
        .collect();
    let mut found: Vec<Option<Match>> = vec![None; open.len()];
    for kind in [
        MatchKind::ApiName,
        MatchKind::Label,
        MatchKind::Normalised,
        MatchKind::Relationship,
    ] {
        for (i, leaf) in open.iter().enumerate() {
            if found[i].is_some() || !leaf.matchable() {
                continue;
            }
            if let Some(m) = find_match(kind, leaf, describe, &taken, parents) {
                taken[m.field] = true;
                found[i] = Some(m);
            }
        }
    }
    let mut out = Suggestions::default();
    for (leaf, m) in open.iter().zip(found) {
        let Some(m) = m else {
            out.unmatched_sources.push(leaf.text.clone());
            continue;
        };
        let field = &describe.fields[m.field];
        let values: Vec<&Value> = records
            .iter()
            .filter_map(|r| lookup(r, &leaf.segments))
            .filter(|v| !v.is_null())
            .collect();
        let transforms = match m.reference {
            Some(t) => vec![t],
            None => transforms_for(field, &values, parents),
        };
        let suggestion = SuggestedField {
            source: leaf.text.clone(),
            target: field.name.clone(),
            matched_by: m.kind,
            reason: m.reason,
            transforms,
        };
        match checked(suggestion, describe) {
            Some(s) => out.fields.push(s),
            None => out.unmatched_sources.push(leaf.text.clone()),
        }
    }
    out
}

/// A full-form mapping document for `object` with every suggestion accepted.
pub fn to_mapping(s: &Suggestions, object: &str) -> Value {
    merge_into(None, s, object)
}

/// `existing` (shorthand or full form) with every suggestion appended as a full-form field;
/// without `existing`, a new full-form mapping for `object`.
pub fn merge_into(existing: Option<&Value>, s: &Suggestions, object: &str) -> Value {
    let mut doc = match existing {
        Some(Value::Object(m)) if m.get("fields").is_some_and(Value::is_array) => m.clone(),
        Some(Value::Object(shorthand)) => {
            let fields: Vec<Value> = shorthand
                .iter()
                .map(|(source, target)| json!({"source": source, "target": target}))
                .collect();
            let mut m = Map::new();
            m.insert("fields".into(), Value::Array(fields));
            m
        }
        _ => {
            let mut m = Map::new();
            m.insert("fields".into(), Value::Array(Vec::new()));
            m
        }
    };
    if !doc.contains_key("object") {
        doc.insert("object".into(), Value::from(object));
    }
    if let Some(Value::Array(fields)) = doc.get_mut("fields") {
        fields.extend(s.fields.iter().map(field_json));
    }
    // `object` first, as people write it.
    let mut ordered = Map::new();
    if let Some(o) = doc.remove("object") {
        ordered.insert("object".into(), o);
    }
    ordered.extend(doc);
    Value::Object(ordered)
}

fn field_json(f: &SuggestedField) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), Value::from(f.source.clone()));
    m.insert("target".into(), Value::from(f.target.clone()));
    if !f.transforms.is_empty() {
        m.insert(
            "transforms".into(),
            Value::Array(f.transforms.iter().map(|t| t.transform.clone()).collect()),
        );
    }
    m.insert("description".into(), Value::from(f.reason.clone()));
    Value::Object(m)
}

/// Keeps a suggestion only in a form that compiles: without its transforms if they do not
/// (they always should), dropped if even the bare mapping does not.
fn checked(mut s: SuggestedField, describe: &Describe) -> Option<SuggestedField> {
    let compiles = |s: &SuggestedField| {
        mapping::compile(&json!({"fields": [field_json(s)]}), Some(describe)).is_ok()
    };
    if compiles(&s) {
        return Some(s);
    }
    s.transforms.clear();
    compiles(&s).then_some(s)
}

// ---------------------------------------------------------------------------------------
// Source paths

/// One leaf path of the sample records.
#[derive(Debug, Clone)]
struct Leaf {
    segments: Vec<Segment>,
    /// As a mapping writes it: dotted, or JSONPath when a key needs it.
    text: String,
}

impl Leaf {
    fn new(segments: Vec<Segment>) -> Leaf {
        let text = path_text(&segments);
        Leaf { segments, text }
    }

    /// Keys only (no array index): paths into arrays of objects are not auto-matched.
    fn keys(&self) -> Option<Vec<&str>> {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                Segment::Index(_) => None,
            })
            .collect()
    }

    fn matchable(&self) -> bool {
        self.keys().is_some()
    }

    /// The name compared with API names and labels: the keys joined with `.`.
    fn name(&self) -> String {
        self.keys().unwrap_or_default().join(".")
    }

    /// Whether a mapping's source text names this path.
    fn same_path(&self, text: &str) -> bool {
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
fn collect_leaves(records: &[&Value]) -> Vec<Leaf> {
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
fn existing_claims(
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

// ---------------------------------------------------------------------------------------
// Matching

#[derive(Debug, Clone)]
struct Match {
    field: usize,
    kind: MatchKind,
    reason: String,
    /// The `reference` transform of a relationship match.
    reference: Option<SuggestedTransform>,
}

/// A field auto-map may propose: writable (createable or updateable), not `Id`, not an
/// audit field, not a formula or auto-number, not a compound address/location.
pub fn proposable(f: &FieldDescribe) -> bool {
    !AUDIT_FIELDS.iter().any(|a| a.eq_ignore_ascii_case(&f.name))
        && f.field_type != FieldType::Id
        && !f.calculated
        && !f.auto_number
        && (f.createable || f.updateable)
        && !matches!(f.field_type, FieldType::Address | FieldType::Location)
}

/// Lower case letters and digits only, without a trailing `__c`/`__r`.
pub fn normalise(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let stem = lower
        .strip_suffix("__c")
        .or_else(|| lower.strip_suffix("__r"))
        .unwrap_or(&lower);
    stem.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The words of a name, lower case and sorted: split at punctuation, spaces and camelCase
/// (`name-first`, `FirstName` and `First Name` all give `first name`).
fn word_set(s: &str) -> Vec<String> {
    let lower = s.trim();
    let stem = ["__c", "__C", "__r", "__R"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(lower);
    let mut words = ordered_words(stem);
    words.sort();
    words
}

fn find_match(
    kind: MatchKind,
    leaf: &Leaf,
    d: &Describe,
    taken: &[bool],
    parents: &[Describe],
) -> Option<Match> {
    let name = leaf.name();
    let open = |i: usize| !taken[i] && proposable(&d.fields[i]);
    let first = |pred: &dyn Fn(&FieldDescribe) -> bool| {
        (0..d.fields.len()).find(|&i| open(i) && pred(&d.fields[i]))
    };
    let plain = |field: usize, reason: String| Match {
        field,
        kind,
        reason,
        reference: None,
    };
    match kind {
        MatchKind::ApiName => first(&|f| f.name.eq_ignore_ascii_case(name.trim())).map(|i| {
            plain(
                i,
                format!("'{name}' is the API name of {}", d.fields[i].name),
            )
        }),
        MatchKind::Label => first(&|f| f.label.trim().eq_ignore_ascii_case(name.trim())).map(|i| {
            let f = &d.fields[i];
            plain(
                i,
                format!("'{name}' is the label of {} ({})", f.name, f.label),
            )
        }),
        MatchKind::Normalised => {
            let n = normalise(&name);
            if n.is_empty() {
                return None;
            }
            if n == "id" {
                if let Some(m) = own_external_id(leaf, d, &open) {
                    return Some(plain(m.0, m.1));
                }
            }
            if let Some(i) = first(&|f| normalise(&f.name) == n || normalise(&f.label) == n) {
                let f = &d.fields[i];
                return Some(plain(
                    i,
                    format!(
                        "'{name}' matches {} ({}) once case, punctuation, '__c' and separators are ignored",
                        f.name, f.label
                    ),
                ));
            }
            let words = word_set(&name);
            if words.len() < 2 {
                return None;
            }
            first(&|f| word_set(&f.name) == words || word_set(&f.label) == words).map(|i| {
                let f = &d.fields[i];
                plain(
                    i,
                    format!(
                        "'{name}' has the same words as {} ({}) in another order",
                        f.name, f.label
                    ),
                )
            })
        }
        MatchKind::Relationship => relationship_match(leaf, d, &open, parents),
    }
}

/// A source `id` goes to the object's only external ID field when its name contains the
/// object's name or `id` (contacts' `id` → `Contact_Id__c`).
fn own_external_id(
    leaf: &Leaf,
    d: &Describe,
    open: &dyn Fn(usize) -> bool,
) -> Option<(usize, String)> {
    if leaf.segments.len() != 1 {
        return None;
    }
    let externals: Vec<usize> = (0..d.fields.len())
        .filter(|&i| d.fields[i].external_id && proposable(&d.fields[i]))
        .collect();
    let [i] = externals[..] else {
        return None;
    };
    let n = normalise(&d.fields[i].name);
    let object = normalise(&d.name);
    if !open(i) || !(n.contains(&object) || n.contains("id")) {
        return None;
    }
    Some((
        i,
        format!(
            "'{}' is the source's own record ID and {} is {}'s only external ID field: upserts match records on it",
            leaf.name(),
            d.fields[i].name,
            d.name
        ),
    ))
}

/// The last word of a key is `id` or `ref` (`id`, `ref`, `account_ref`, `companyId`).
fn key_like(words_in_order: &[String]) -> bool {
    words_in_order
        .last()
        .is_some_and(|w| w == "id" || w == "ref")
}

/// The words of a key in their order (for `account_ref`: `account`, `ref`).
fn ordered_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        if c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
            words.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Whether `word` names the object lookup `f` points to: its relationship name, the
/// referenced object's name or label, the lookup's label without "ID", or a common word for
/// that object (`company` for Account).
fn names_parent(word: &str, f: &FieldDescribe, parent: Option<&Describe>) -> bool {
    let w = normalise(word);
    if w.is_empty() {
        return false;
    }
    let object = &f.reference_to[0];
    let label = normalise(&f.label);
    let label = label
        .strip_suffix("id")
        .filter(|s| !s.is_empty())
        .unwrap_or(&label);
    f.relationship_name
        .as_deref()
        .is_some_and(|r| normalise(r) == w)
        || normalise(object) == w
        || parent.is_some_and(|p| normalise(&p.label) == w)
        || label == w
        || OBJECT_SYNONYMS
            .iter()
            .any(|(o, words)| o.eq_ignore_ascii_case(object) && words.contains(&w.as_str()))
}

fn relationship_match(
    leaf: &Leaf,
    d: &Describe,
    open: &dyn Fn(usize) -> bool,
    parents: &[Describe],
) -> Option<Match> {
    let keys = leaf.keys()?;
    let [.., parent_key, leaf_key] = keys[..] else {
        return None;
    };
    let leaf_words = ordered_words(leaf_key);
    for (i, f) in d.fields.iter().enumerate() {
        if !open(i) || f.field_type != FieldType::Reference || f.reference_to.is_empty() {
            continue;
        }
        let object = &f.reference_to[0];
        let parent = parents.iter().find(|p| p.name.eq_ignore_ascii_case(object));
        let names_ext_id = parent.is_some_and(|p| {
            p.external_ids()
                .any(|x| normalise(&x.name) == normalise(leaf_key))
        });
        let by_parent =
            names_parent(parent_key, f, parent) && (key_like(&leaf_words) || names_ext_id);
        let by_leaf = leaf_words.len() >= 2
            && key_like(&leaf_words)
            && names_parent(&leaf_words[..leaf_words.len() - 1].join(""), f, parent);
        if !(by_parent || by_leaf) {
            continue;
        }
        let why = if by_parent {
            format!(
                "'{parent_key}' names the {object} that {} looks up and '{leaf_key}' is its key",
                f.name
            )
        } else {
            format!(
                "'{leaf_key}' is a key of the {object} that {} looks up",
                f.name
            )
        };
        let reference = reference_transform(f, parent, leaf_key, &why);
        return Some(Match {
            field: i,
            kind: MatchKind::Relationship,
            reason: format!("{why}: set the lookup by the parent's external ID"),
            reference: Some(reference),
        });
    }
    None
}

/// The `reference` transform for lookup `f`: the parent's external ID field named like the
/// source key, else its first external ID field, else a guess.
fn reference_transform(
    f: &FieldDescribe,
    parent: Option<&Describe>,
    key: &str,
    why: &str,
) -> SuggestedTransform {
    let object = &f.reference_to[0];
    let known = parent.and_then(|p| {
        p.external_ids()
            .find(|x| normalise(&x.name) == normalise(key))
            .or_else(|| p.external_ids().next())
    });
    let (external_id, note) = match known {
        Some(x) => (
            x.name.clone(),
            format!("{} is an external ID field of {object}", x.name),
        ),
        None => (
            GUESSED_EXTERNAL_ID.to_string(),
            format!(
                "{GUESSED_EXTERNAL_ID} is a guess: put the name of {object}'s external ID field holding these values"
            ),
        ),
    };
    SuggestedTransform {
        transform: json!({"reference": {"object": object, "externalId": external_id}}),
        reason: format!(
            "{why}; {} takes a Salesforce ID, the source has the parent's own key; {note}",
            f.name
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Transforms the values need

/// Up to three examples, as JSON text, `…` when there are more.
fn examples(values: &[String]) -> String {
    let mut out: Vec<&str> = values.iter().take(3).map(String::as_str).collect();
    if values.len() > 3 {
        out.push("…");
    }
    out.join(", ")
}

fn quoted(v: &Value) -> String {
    v.to_string()
}

fn suggestion(transform: Value, reason: String) -> SuggestedTransform {
    SuggestedTransform { transform, reason }
}

/// The transforms `values` (every non-null sample value of the source) need to be written
/// to field `f`.
fn transforms_for(
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

/// The shape of a date written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateShape {
    /// `YYYY-MM-DD`: what Salesforce takes.
    Iso,
    /// An ISO datetime or `YYYYMMDD`: `{"convert": "date"}` reads it.
    IsoLike,
    /// `YYYY/MM/DD`.
    YearSlash,
    /// `DD.MM.YYYY`.
    Dotted,
    /// `NN/NN/YYYY` or `NN-NN-YYYY` (day or month first) with the two first parts.
    DayOrMonth(char, u32, u32),
    Unknown,
}

fn date_shape(s: &str) -> DateShape {
    let t = s.trim();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() != 3 || !parts.iter().all(|p| digits(p)) {
            continue;
        }
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        let small = |p: &str| p.len() <= 2;
        return match sep {
            '-' if a.len() == 4 && b.len() == 2 && c.len() == 2 => DateShape::Iso,
            '/' if a.len() == 4 && small(b) && small(c) => DateShape::YearSlash,
            '.' if small(a) && small(b) && c.len() == 4 => DateShape::Dotted,
            '/' | '-' if small(a) && small(b) && c.len() == 4 => {
                DateShape::DayOrMonth(sep, a.parse().unwrap_or(0), b.parse().unwrap_or(0))
            }
            _ => DateShape::Unknown,
        };
    }
    if t.len() > 10 && t.is_char_boundary(10) && date_shape(&t[..10]) == DateShape::Iso {
        return DateShape::IsoLike;
    }
    if t.len() == 8 && digits(t) {
        return DateShape::IsoLike;
    }
    DateShape::Unknown
}

fn date_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let texts: Vec<&Value> = values
        .iter()
        .copied()
        .filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()))
        .collect();
    let shapes: Vec<(DateShape, &Value)> = texts
        .iter()
        .map(|v| (date_shape(v.as_str().unwrap_or_default()), *v))
        .collect();
    let with = |pred: &dyn Fn(DateShape) -> bool| -> Vec<String> {
        shapes
            .iter()
            .filter(|(s, _)| pred(*s))
            .map(|(_, v)| quoted(v))
            .collect()
    };
    let unknown = with(&|s| s == DateShape::Unknown);
    let fail = |others: &[String]| {
        if others.is_empty() {
            String::new()
        } else {
            format!(
                "; {} {} not in this format and will fail",
                examples(others),
                if others.len() == 1 { "is" } else { "are" }
            )
        }
    };
    let year_slash = with(&|s| s == DateShape::YearSlash);
    let dotted = with(&|s| s == DateShape::Dotted);
    let day_or_month: Vec<(char, u32, u32, &Value)> = shapes
        .iter()
        .filter_map(|(s, v)| match s {
            DateShape::DayOrMonth(sep, a, b) => Some((*sep, *a, *b, *v)),
            _ => None,
        })
        .collect();
    // The most frequent non-ISO family decides the format.
    let counts = [day_or_month.len(), year_slash.len(), dotted.len()];
    let best = counts.iter().copied().max().unwrap_or(0);
    if best > 0 {
        let (format, why, family): (String, String, Vec<String>) = if day_or_month.len() == best {
            let sep = day_or_month[0].0;
            let same: Vec<&(char, u32, u32, &Value)> =
                day_or_month.iter().filter(|d| d.0 == sep).collect();
            let day_first = same.iter().find(|d| d.1 > 12);
            let month_first = same.iter().find(|d| d.2 > 12);
            let family: Vec<String> = same.iter().map(|d| quoted(d.3)).collect();
            let (dm, md) = (format!("%d{sep}%m{sep}%Y"), format!("%m{sep}%d{sep}%Y"));
            match (day_first, month_first) {
                (Some(d), None) => (
                    dm,
                    format!("{} is day-first ({} > 12)", quoted(d.3), d.1),
                    family,
                ),
                (None, Some(m)) => (
                    md,
                    format!("{} is month-first ({} > 12)", quoted(m.3), m.2),
                    family,
                ),
                (Some(d), Some(m)) => (
                    dm,
                    format!(
                        "the values mix day-first ({}) and month-first ({}): read as day-first",
                        quoted(d.3),
                        quoted(m.3)
                    ),
                    family,
                ),
                (None, None) => (
                    dm.clone(),
                    format!(
                        "no value has a part above 12, so day-first and month-first are both possible: read as day-first ({dm}); use {md} if they are month/day"
                    ),
                    family,
                ),
            }
        } else if year_slash.len() == best {
            ("%Y/%m/%d".into(), "year/month/day".into(), year_slash)
        } else {
            ("%d.%m.%Y".into(), "day.month.year".into(), dotted)
        };
        let others: Vec<String> = texts
            .iter()
            .map(|v| quoted(v))
            .filter(|q| !family.contains(q))
            .filter(|q| !with(&|s| s == DateShape::Iso).contains(q))
            .collect();
        return vec![suggestion(
            json!({"convert": {"to": "date", "format": format}}),
            format!(
                "{} {} not ISO dates; {} is a date field (YYYY-MM-DD): {why}{}",
                examples(&family),
                if family.len() == 1 { "is" } else { "are" },
                f.name,
                fail(&others)
            ),
        )];
    }
    let iso_like = with(&|s| s == DateShape::IsoLike);
    if iso_like.is_empty() {
        return Vec::new();
    }
    vec![suggestion(
        json!({"convert": "date"}),
        format!(
            "{} {} not YYYY-MM-DD; {} is a date field: the date is kept as written{}",
            examples(&iso_like),
            if iso_like.len() == 1 { "is" } else { "are" },
            f.name,
            fail(&unknown)
        ),
    )]
}

/// The shape of a datetime written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateTimeShape {
    /// `YYYY-MM-DDTHH:MM:SS[.sss]Z`: what Salesforce takes as it is.
    Utc,
    /// No zone: `2024-07-30 20:54:16`.
    Naive,
    /// With an offset (or a space before a `Z`).
    Offset,
    /// A date alone.
    DateOnly,
    Unknown,
}

fn datetime_shape(s: &str) -> DateTimeShape {
    let t = s.trim();
    let b = t.as_bytes();
    let hms = |x: &[u8]| {
        x.len() == 8
            && x[2] == b':'
            && x[5] == b':'
            && [0, 1, 3, 4, 6, 7].iter().all(|&i| x[i].is_ascii_digit())
    };
    if t.len() == 10 && date_shape(t) == DateShape::Iso {
        return DateTimeShape::DateOnly;
    }
    if b.len() < 19
        || !t.is_char_boundary(10)
        || date_shape(&t[..10]) != DateShape::Iso
        || !matches!(b[10], b'T' | b't' | b' ')
        || !hms(&b[11..19])
    {
        return DateTimeShape::Unknown;
    }
    let mut rest = &t[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[digits..];
    }
    match rest {
        "" => DateTimeShape::Naive,
        "Z" | "z" if b[10] == b'T' => DateTimeShape::Utc,
        "Z" | "z" => DateTimeShape::Offset,
        r if r.starts_with(['+', '-']) => DateTimeShape::Offset,
        _ => DateTimeShape::Unknown,
    }
}

fn datetime_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let mut naive = Vec::new();
    let mut offset = Vec::new();
    let mut dates = Vec::new();
    let mut unknown = Vec::new();
    for v in values {
        let Some(s) = v.as_str().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        match datetime_shape(s) {
            DateTimeShape::Utc => {}
            DateTimeShape::Naive => naive.push(quoted(v)),
            DateTimeShape::Offset => offset.push(quoted(v)),
            DateTimeShape::DateOnly => dates.push(quoted(v)),
            DateTimeShape::Unknown => unknown.push(quoted(v)),
        }
    }
    let mut why = Vec::new();
    if !naive.is_empty() {
        why.push(format!(
            "{} {} no time zone: read as UTC (add \"timezone\" to the convert if {} local time)",
            examples(&naive),
            if naive.len() == 1 { "has" } else { "have" },
            if naive.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    if !offset.is_empty() {
        why.push(format!(
            "{} {} an offset: normalised to UTC",
            examples(&offset),
            if offset.len() == 1 { "has" } else { "have" }
        ));
    }
    if !dates.is_empty() {
        why.push(format!(
            "{} {} a date without a time: midnight UTC",
            examples(&dates),
            if dates.len() == 1 { "is" } else { "are" }
        ));
    }
    if why.is_empty() {
        return Vec::new();
    }
    if !unknown.is_empty() {
        why.push(format!(
            "{} {} not a datetime and will fail",
            examples(&unknown),
            if unknown.len() == 1 { "is" } else { "are" }
        ));
    }
    vec![suggestion(
        json!({"convert": "datetime"}),
        format!(
            "{} is a datetime field (YYYY-MM-DDTHH:MM:SS.sssZ): {}",
            f.name,
            why.join("; ")
        ),
    )]
}

fn time_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let salesforce_time = |s: &str| {
        let b = s.as_bytes();
        let rest = s.get(8..).unwrap_or("");
        let rest = rest.strip_suffix('Z').unwrap_or(rest);
        b.len() >= 8
            && b[2] == b':'
            && b[5] == b':'
            && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit())
            && (rest.is_empty()
                || rest
                    .strip_prefix('.')
                    .is_some_and(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit())))
    };
    let other: Vec<String> = values
        .iter()
        .filter(|v| {
            v.as_str()
                .is_some_and(|s| !s.trim().is_empty() && !salesforce_time(s))
        })
        .map(|v| quoted(v))
        .collect();
    if other.is_empty() {
        return Vec::new();
    }
    vec![suggestion(
        json!({"convert": "time"}),
        format!(
            "{} {} not HH:MM:SS.sssZ; {} is a time field",
            examples(&other),
            if other.len() == 1 { "is" } else { "are" },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::{preview, select_records};
    use crate::Operation;

    const CONTACT: &str = include_str!("../../../fixtures/samples/describe/Contact.json");
    const ACCOUNT: &str = include_str!("../../../fixtures/samples/describe/Account.json");
    const INVOICE: &str = include_str!("../../../fixtures/samples/describe/Invoice__c.json");
    const PAYMENT: &str = include_str!("../../../fixtures/samples/describe/Payment__c.json");
    const CONTACTS: &str = include_str!("../../../fixtures/samples/api/contacts.json");
    const INVOICES: &str = include_str!("../../../fixtures/samples/api/invoices.json");
    const PAYMENTS: &str = include_str!("../../../fixtures/samples/api/payments.json");

    fn describe(text: &str) -> Describe {
        Describe::from_json_str(text).unwrap()
    }

    /// A describe of `Thing__c` with the given fields (type, length and flags per field).
    fn thing(fields: Value) -> Describe {
        Describe::from_value(&json!({"name": "Thing__c", "label": "Thing", "fields": fields}))
            .unwrap()
    }

    fn sample(text: &str, path: &str) -> Value {
        let v: Value = serde_json::from_str(text).unwrap();
        v.pointer(path).unwrap().clone()
    }

    fn run(records: &Value, d: &Describe) -> Suggestions {
        let refs: Vec<&Value> = records.as_array().unwrap().iter().collect();
        suggest(&refs, d, None, &[])
    }

    fn field<'a>(s: &'a Suggestions, source: &str) -> &'a SuggestedField {
        s.fields
            .iter()
            .find(|f| f.source == source)
            .unwrap_or_else(|| panic!("no suggestion for {source}: {s:#?}"))
    }

    fn transforms(s: &Suggestions, source: &str) -> Vec<Value> {
        field(s, source)
            .transforms
            .iter()
            .map(|t| t.transform.clone())
            .collect()
    }

    fn reason(s: &Suggestions, source: &str, i: usize) -> String {
        field(s, source).transforms[i].reason.clone()
    }

    #[test]
    fn contacts_are_matched_by_name_label_words_and_relationship() {
        let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
        let pairs: Vec<(&str, &str, MatchKind)> = s
            .fields
            .iter()
            .map(|f| (f.source.as_str(), f.target.as_str(), f.matched_by))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("id", "Contact_Id__c", MatchKind::Normalised),
                ("name-first", "FirstName", MatchKind::Normalised),
                ("name-last", "LastName", MatchKind::Normalised),
                ("title", "Title", MatchKind::ApiName),
                ("email", "Email", MatchKind::ApiName),
                ("phone", "Phone", MatchKind::ApiName),
                ("company.id", "AccountId", MatchKind::Relationship),
                ("languages", "Languages__c", MatchKind::Label),
                ("score", "Score__c", MatchKind::Label),
                ("last_seen", "Last_Seen__c", MatchKind::Normalised),
            ]
        );
        assert_eq!(
            s.unmatched_sources,
            vec!["born", "company.name", "opted_out"]
        );
        assert!(field(&s, "id").reason.contains("only external ID field"));
        assert!(field(&s, "name-first").reason.contains("same words"));
    }

    #[test]
    fn every_suggestion_for_the_bundled_samples_compiles_against_its_describe() {
        for (text, path, d, object) in [
            (CONTACTS, "/data", CONTACT, "Contact"),
            (INVOICES, "/invoices", INVOICE, "Invoice__c"),
            (PAYMENTS, "/items", PAYMENT, "Payment__c"),
        ] {
            let d = describe(d);
            let s = run(&sample(text, path), &d);
            assert!(!s.fields.is_empty(), "{object}: nothing suggested");
            for f in &s.fields {
                let one = json!({"fields": [field_json(f)]});
                assert!(
                    mapping::compile(&one, Some(&d)).is_ok(),
                    "{object}: {f:?} does not compile"
                );
            }
            let doc = to_mapping(&s, object);
            assert_eq!(doc["object"], object);
            let compiled = mapping::compile(&doc, Some(&d)).expect("the whole mapping compiles");
            assert_eq!(compiled.fields.len(), s.fields.len());
        }
    }

    #[test]
    fn accepting_the_contact_suggestions_leaves_the_first_two_records_valid() {
        let d = describe(CONTACT);
        let all: Value = serde_json::from_str(CONTACTS).unwrap();
        let records = select_records(&all, Some("$.data")).unwrap();
        let s = suggest(&records, &d, None, &[]);
        let m = mapping::compile(&to_mapping(&s, "Contact"), Some(&d)).unwrap();
        let report = preview(&m, &records, Some(&d), Operation::Upsert);
        assert_eq!(report.records[0].errors, vec![], "Joe Tester");
        assert_eq!(report.records[1].errors, vec![], "ana de la cruz");
        assert_eq!(
            report.records[0].fields["Account"],
            json!({"attributes": {"type": "Account"}, "External_Id__c": "A-100"})
        );
        assert_eq!(report.records[0].fields["Languages__c"], "English;French");
        assert_eq!(
            report.records[1].fields["Last_Seen__c"],
            "2024-08-01T07:00:00.000Z"
        );
    }

    #[test]
    fn text_holding_numbers_is_converted_to_number_or_integer() {
        let s = run(
            &sample(INVOICES, "/invoices"),
            &thing(json!([
                {"name": "Total__c", "type": "currency"},
                {"name": "Count__c", "type": "int"}
            ])),
        );
        assert_eq!(transforms(&s, "total"), vec![json!({"convert": "number"})]);
        assert!(reason(&s, "total", 0).contains("\"1250.50\""), "{s:?}");
        let s = run(
            &json!([{"count": "12"}, {"count": 3}]),
            &thing(json!([{"name": "Count__c", "type": "int"}])),
        );
        assert_eq!(transforms(&s, "count"), vec![json!({"convert": "integer"})]);
    }

    #[test]
    fn all_records_are_looked_at_not_only_the_first() {
        // The first score is a JSON number; the second is text.
        let s = run(
            &json!([{"score": 92}, {"score": "87.5"}]),
            &describe(CONTACT),
        );
        assert_eq!(transforms(&s, "score"), vec![json!({"convert": "number"})]);
        assert!(reason(&s, "score", 0).contains("\"87.5\" is text"));
    }

    #[test]
    fn a_fraction_for_a_whole_number_field_is_explained() {
        let s = run(
            &json!([{"employees": 12}, {"employees": 2.5}]),
            &describe(ACCOUNT),
        );
        // Employees is the label of NumberOfEmployees (int).
        assert_eq!(field(&s, "employees").target, "NumberOfEmployees");
        assert_eq!(
            transforms(&s, "employees"),
            vec![json!({"calc": "ROUND(value, 0)"})]
        );
        assert!(reason(&s, "employees", 0).contains("2.5 has a fraction"));
    }

    #[test]
    fn day_first_dates_are_detected_from_a_part_above_twelve() {
        let d = thing(json!([{"name": "Born__c", "type": "date"}]));
        let s = run(&json!([{"born": "04/07/1985"}, {"born": "31/12/1990"}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            vec![json!({"convert": {"to": "date", "format": "%d/%m/%Y"}})]
        );
        assert!(reason(&s, "born", 0).contains("day-first (31 > 12)"));
    }

    #[test]
    fn month_first_dates_are_detected_from_a_second_part_above_twelve() {
        let d = thing(json!([{"name": "Born__c", "type": "date"}]));
        let s = run(&json!([{"born": "04/07/1985"}, {"born": "12/31/1990"}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            vec![json!({"convert": {"to": "date", "format": "%m/%d/%Y"}})]
        );
        let s = run(&json!([{"born": "07-31-1985"}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            vec![json!({"convert": {"to": "date", "format": "%m-%d-%Y"}})]
        );
    }

    #[test]
    fn ambiguous_dates_are_read_day_first_and_the_reason_says_so() {
        let d = thing(json!([{"name": "Born__c", "type": "date"}]));
        let s = run(&json!([{"born": "04/07/1985"}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            vec![json!({"convert": {"to": "date", "format": "%d/%m/%Y"}})]
        );
        assert!(reason(&s, "born", 0).contains("read as day-first"));
        assert!(reason(&s, "born", 0).contains("%m/%d/%Y"));
    }

    #[test]
    fn other_date_formats_are_detected() {
        let d = thing(json!([{"name": "Born__c", "type": "date"}]));
        for (value, format) in [
            ("1985/07/04", "%Y/%m/%d"),
            ("04.07.1985", "%d.%m.%Y"),
            ("31-12-1990", "%d-%m-%Y"),
        ] {
            let s = run(&json!([{"born": value}]), &d);
            assert_eq!(
                transforms(&s, "born"),
                vec![json!({"convert": {"to": "date", "format": format}})],
                "{value}"
            );
        }
        let s = run(&json!([{"born": "1985-07-04"}]), &d);
        assert_eq!(
            transforms(&s, "born"),
            Vec::<Value>::new(),
            "ISO needs nothing"
        );
    }

    #[test]
    fn detected_date_formats_convert_the_sample_values() {
        let d = thing(json!([{"name": "Born__c", "type": "date"}]));
        let records = json!([{"born": "04/07/1985"}, {"born": "31/12/1990"}, {"born": "4/7/1986"}]);
        let refs: Vec<&Value> = records.as_array().unwrap().iter().collect();
        let s = suggest(&refs, &d, None, &[]);
        let m = mapping::compile(&to_mapping(&s, "Thing__c"), Some(&d)).unwrap();
        assert_eq!(
            m.apply(&records[0], Some(&d)).fields["Born__c"],
            "1985-07-04"
        );
        assert_eq!(
            m.apply(&records[1], Some(&d)).fields["Born__c"],
            "1990-12-31"
        );
    }

    #[test]
    fn datetimes_without_a_zone_are_read_as_utc() {
        let d = thing(json!([{"name": "Seen__c", "type": "datetime"}]));
        let s = run(&json!([{"seen": "2024-07-30 20:54:16"}]), &d);
        assert_eq!(transforms(&s, "seen"), vec![json!({"convert": "datetime"})]);
        assert!(reason(&s, "seen", 0).contains("read as UTC"));
        assert!(reason(&s, "seen", 0).contains("timezone"));
    }

    #[test]
    fn datetimes_with_offsets_are_normalised_to_utc() {
        let s = run(&sample(PAYMENTS, "/items"), &describe(PAYMENT));
        assert_eq!(field(&s, "paid_at").target, "Paid_At__c");
        assert_eq!(
            transforms(&s, "paid_at"),
            vec![json!({"convert": "datetime"})]
        );
        assert!(reason(&s, "paid_at", 0).contains("normalised to UTC"));
        let d = thing(json!([{"name": "Seen__c", "type": "datetime"}]));
        let s = run(&json!([{"seen": "2024-06-10T14:03:00Z"}]), &d);
        assert_eq!(
            transforms(&s, "seen"),
            Vec::<Value>::new(),
            "UTC needs nothing"
        );
    }

    #[test]
    fn restricted_picklist_values_map_to_active_values_ignoring_case() {
        let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
        assert_eq!(field(&s, "currency").target, "Currency__c");
        assert_eq!(
            transforms(&s, "currency"),
            vec![json!({"replace": {"map": {"usd": "USD"}, "ignoreCase": true}})]
        );
        assert!(reason(&s, "currency", 0).contains("usd → USD"));
    }

    #[test]
    fn values_with_no_active_value_get_an_empty_stub_listed_in_the_reason() {
        let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
        assert_eq!(
            transforms(&s, "status"),
            vec![
                json!({"replace": {"map": {"open": "Open", "paid": "Paid", "credit": ""}, "ignoreCase": true}})
            ]
        );
        assert!(reason(&s, "status", 0).contains("no active value for credit"));
    }

    #[test]
    fn a_missing_or_extra_trailing_dot_maps_to_the_active_value() {
        let d = describe(CONTACT);
        let s = run(
            &json!([{"salutation": "Mr"}, {"salutation": "dr"}, {"salutation": "Mrs."}]),
            &d,
        );
        assert_eq!(
            transforms(&s, "salutation"),
            vec![json!({"replace": {"map": {"Mr": "Mr.", "dr": "Dr."}, "ignoreCase": true}})]
        );
        let d = thing(
            json!([{"name": "Kind__c", "type": "picklist", "restrictedPicklist": true,
            "picklistValues": [{"value": "Inc"}]}]),
        );
        let s = run(&json!([{"kind": "Inc."}]), &d);
        assert_eq!(
            transforms(&s, "kind"),
            vec![json!({"replace": {"map": {"Inc.": "Inc"}, "ignoreCase": true}})]
        );
    }

    #[test]
    fn values_longer_than_the_field_are_truncated_to_fit() {
        let d = thing(json!([{"name": "Code__c", "type": "string", "length": 5}]));
        let s = run(&json!([{"code": "abc"}, {"code": "abcdefgh"}]), &d);
        assert_eq!(transforms(&s, "code"), vec![json!({"truncate": "fit"})]);
        assert!(reason(&s, "code", 0).contains("8 characters"));
        assert!(reason(&s, "code", 0).contains("holds 5"));
    }

    #[test]
    fn yes_no_text_for_a_checkbox_is_converted_to_boolean() {
        let s = run(&sample(INVOICES, "/invoices"), &describe(INVOICE));
        // false, true, then the text "false".
        assert_eq!(transforms(&s, "paid"), vec![json!({"convert": "boolean"})]);
        let d = thing(json!([{"name": "Opted_Out__c", "type": "boolean"}]));
        let s = run(
            &json!([{"opted_out": "no"}, {"opted_out": "Y"}, {"opted_out": "maybe"}]),
            &d,
        );
        assert_eq!(
            transforms(&s, "opted_out"),
            vec![json!({"convert": "boolean"})]
        );
        assert!(reason(&s, "opted_out", 0).contains("\"maybe\" is not a boolean"));
    }

    #[test]
    fn lists_for_a_multi_select_are_joined_and_each_element_checked() {
        let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
        assert_eq!(
            transforms(&s, "languages"),
            vec![
                json!({"join": ";"}),
                json!({"replace": {"map": {"Klingon": ""}, "ignoreCase": true}})
            ]
        );
        assert!(reason(&s, "languages", 1).contains("no active value for Klingon"));
        let s = run(
            &json!([{"languages": ["English", "french"]}]),
            &describe(CONTACT),
        );
        assert_eq!(
            transforms(&s, "languages"),
            vec![
                json!({"join": ";"}),
                json!({"replace": {"map": {"french": "French"}, "ignoreCase": true}})
            ]
        );
    }

    #[test]
    fn numbers_for_a_text_field_are_converted_to_text() {
        let d = thing(json!([{"name": "Zip__c", "type": "string", "length": 10}]));
        let s = run(&json!([{"zip": 75001}, {"zip": "75002"}]), &d);
        assert_eq!(transforms(&s, "zip"), vec![json!({"convert": "text"})]);
        assert!(reason(&s, "zip", 0).contains("75001 is not text"));
    }

    #[test]
    fn a_lookup_matched_by_name_gets_a_reference_when_values_are_not_ids() {
        let s = run(&sample(PAYMENTS, "/items"), &describe(PAYMENT));
        assert_eq!(field(&s, "invoice").target, "Invoice__c");
        assert_eq!(field(&s, "invoice").matched_by, MatchKind::Label);
        assert_eq!(
            transforms(&s, "invoice"),
            vec![json!({"reference": {"object": "Invoice__c", "externalId": "External_Id__c"}})]
        );
        let ids = json!([{"account": "001000000000001"}]);
        let s = run(&ids, &describe(INVOICE));
        assert_eq!(field(&s, "account").target, "Account__c");
        assert_eq!(
            transforms(&s, "account"),
            Vec::<Value>::new(),
            "IDs pass as they are"
        );
    }

    #[test]
    fn a_relationship_uses_the_parents_external_id_when_its_describe_is_given() {
        let items = sample(PAYMENTS, "/items");
        let refs: Vec<&Value> = items.as_array().unwrap().iter().collect();
        let s = suggest(&refs, &describe(PAYMENT), None, &[describe(INVOICE)]);
        assert_eq!(
            transforms(&s, "invoice"),
            vec![json!({"reference": {"object": "Invoice__c", "externalId": "invoice_id__c"}})]
        );
        let invoices = sample(INVOICES, "/invoices");
        let refs: Vec<&Value> = invoices.as_array().unwrap().iter().collect();
        let s = suggest(&refs, &describe(INVOICE), None, &[describe(ACCOUNT)]);
        let f = field(&s, "customer.account_ref");
        assert_eq!(
            (f.target.as_str(), f.matched_by),
            ("Account__c", MatchKind::Relationship)
        );
        assert_eq!(
            transforms(&s, "customer.account_ref"),
            vec![json!({"reference": {"object": "Account", "externalId": "External_Id__c"}})]
        );
        assert!(!reason(&s, "customer.account_ref", 0).contains("guess"));
    }

    #[test]
    fn a_relationship_without_the_parents_describe_guesses_external_id_c() {
        let s = run(&sample(CONTACTS, "/data"), &describe(CONTACT));
        assert_eq!(
            transforms(&s, "company.id"),
            vec![json!({"reference": {"object": "Account", "externalId": "External_Id__c"}})]
        );
        assert!(reason(&s, "company.id", 0).contains("guess"));
        // `company.name` is not a key: never a relationship.
        assert!(s.unmatched_sources.contains(&"company.name".to_string()));
    }

    #[test]
    fn api_name_beats_label_beats_normalised_beats_relationship() {
        // One target, three sources matching it three ways: the best kind wins wherever
        // its source comes in the record.
        let d = thing(json!([
            {"name": "Seen_On__c", "label": "Last Visit", "type": "string", "length": 20}
        ]));
        let s = run(
            &json!([{"seen-on": "a", "Last Visit": "b", "seen_on__c": "c"}]),
            &d,
        );
        let pairs: Vec<(&str, MatchKind)> = s
            .fields
            .iter()
            .map(|f| (f.source.as_str(), f.matched_by))
            .collect();
        assert_eq!(pairs, vec![("seen_on__c", MatchKind::ApiName)]);
        assert_eq!(s.unmatched_sources, vec!["seen-on", "Last Visit"]);
        let s = run(&json!([{"seen-on": "a", "Last Visit": "b"}]), &d);
        let pairs: Vec<(&str, MatchKind)> = s
            .fields
            .iter()
            .map(|f| (f.source.as_str(), f.matched_by))
            .collect();
        assert_eq!(pairs, vec![("Last Visit", MatchKind::Label)]);
        let s = run(&json!([{"seen-on": "a"}]), &d);
        assert_eq!(field(&s, "seen-on").matched_by, MatchKind::Normalised);
        // A normalised match takes a lookup before a relationship path can.
        let d = describe(CONTACT);
        let s = run(&json!([{"account.id": "x", "accountid": "A-1"}]), &d);
        assert_eq!(field(&s, "accountid").target, "AccountId");
        assert!(
            s.unmatched_sources.contains(&"$['account.id']".to_string()),
            "{s:?}"
        );
    }

    #[test]
    fn one_target_is_never_matched_twice() {
        let s = run(
            &json!([{"email": "a@b.co", "EMAIL": "c@d.co", "e-mail": "x@y.z"}]),
            &describe(CONTACT),
        );
        let emails: Vec<&str> = s
            .fields
            .iter()
            .filter(|f| f.target == "Email")
            .map(|f| f.source.as_str())
            .collect();
        assert_eq!(emails, vec!["email"]);
        assert_eq!(s.unmatched_sources, vec!["EMAIL", "e-mail"]);
    }

    #[test]
    fn existing_mappings_are_never_overwritten_nor_proposed_again() {
        let d = describe(CONTACT);
        let existing = mapping::compile(
            &json!({"fields": [
                {"source": "$.email", "target": "Description"},
                {"source": "name-first", "target": "LastName"},
                {"source": "company.name", "target": "Account",
                 "transforms": [{"reference": {"object": "Account", "externalId": "External_Id__c"}}]}
            ]}),
            Some(&d),
        )
        .unwrap();
        let data = sample(CONTACTS, "/data");
        let refs: Vec<&Value> = data.as_array().unwrap().iter().collect();
        let s = suggest(&refs, &d, Some(&existing), &[]);
        let sources: Vec<&str> = s.fields.iter().map(|f| f.source.as_str()).collect();
        assert!(
            !sources.contains(&"email") && !sources.contains(&"name-first"),
            "{sources:?}"
        );
        let targets: Vec<&str> = s.fields.iter().map(|f| f.target.as_str()).collect();
        assert!(
            !targets.contains(&"LastName") && !targets.contains(&"AccountId"),
            "{targets:?}"
        );
        // name-last no longer has LastName; company.id no longer has the Account lookup.
        assert!(s.unmatched_sources.contains(&"name-last".to_string()));
        assert!(s.unmatched_sources.contains(&"company.id".to_string()));
        assert!(!s.unmatched_sources.contains(&"email".to_string()));
        let merged = merge_into(Some(&json!({"email": "Description"})), &s, "Contact");
        assert_eq!(merged["object"], "Contact");
        assert_eq!(
            merged["fields"][0],
            json!({"source": "email", "target": "Description"})
        );
    }

    #[test]
    fn read_only_formula_audit_and_id_fields_are_never_targets() {
        let d = thing(json!([
            {"name": "Id", "type": "id", "createable": false, "updateable": false},
            {"name": "CreatedDate", "type": "datetime", "createable": false, "updateable": false},
            {"name": "Locked__c", "label": "Locked", "type": "string", "createable": false, "updateable": false},
            {"name": "Balance__c", "type": "currency", "calculated": true, "createable": false, "updateable": false},
            {"name": "Formula__c", "type": "string", "calculated": true},
            {"name": "Later__c", "type": "string", "createable": false, "updateable": true}
        ]));
        let s = run(
            &json!([{"Id": "a", "createddate": "2024-01-01", "locked": "x", "balance": 1, "formula": "f", "later": "l"}]),
            &d,
        );
        let targets: Vec<&str> = s.fields.iter().map(|f| f.target.as_str()).collect();
        assert_eq!(targets, vec!["Later__c"], "only the updateable field");
        assert_eq!(
            s.unmatched_sources,
            vec!["Id", "createddate", "locked", "balance", "formula"]
        );
    }

    #[test]
    fn source_paths_are_leaves_with_arrays_of_objects_at_index_zero() {
        let d = thing(json!([{"name": "Sku__c", "type": "string", "length": 20}]));
        let s = run(
            &json!([
                {"lines": [{"sku": "A"}, {"sku": "B"}], "tags": ["x"], "a.b": 1, "meta": {}},
                {"lines": [], "extra": true}
            ]),
            &d,
        );
        assert!(s.fields.is_empty(), "a [0] path is not auto-matched: {s:?}");
        assert_eq!(
            s.unmatched_sources,
            vec!["lines[0].sku", "tags", "$['a.b']", "extra"]
        );
    }
}
