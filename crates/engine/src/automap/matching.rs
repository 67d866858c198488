//! Matching a leaf path to a target field: by API name, label, normalised name, or a dotted
//! path to a lookup's relationship (with the `reference` transform it needs).

use super::paths::Leaf;
use super::{MatchKind, SuggestedTransform, AUDIT_FIELDS, GUESSED_EXTERNAL_ID, OBJECT_SYNONYMS};
use crate::describe::{Describe, FieldDescribe, FieldType};
use serde_json::json;

#[derive(Debug, Clone)]
pub(super) struct Match {
    pub(super) field: usize,
    pub(super) kind: MatchKind,
    pub(super) reason: String,
    /// The `reference` transform of a relationship match.
    pub(super) reference: Option<SuggestedTransform>,
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

pub(super) fn find_match(
    kind: MatchKind,
    leaf: &Leaf,
    d: &Describe,
    taken: &[bool],
    parents: &[Describe],
    source_is_org: bool,
) -> Option<Match> {
    let name = leaf.name();
    // From another org, a lookup is set by its parent's fields only (see `org`).
    let open = |i: usize| {
        !taken[i]
            && proposable(&d.fields[i])
            && !(source_is_org && d.fields[i].field_type == FieldType::Reference)
    };
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
        MatchKind::Relationship if source_is_org => {
            let open = |i: usize| !taken[i] && proposable(&d.fields[i]);
            super::org::relationship_match(leaf, d, &open, parents)
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
pub(super) fn reference_transform(
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
