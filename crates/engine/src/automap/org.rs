//! Auto-map for a sample read from another Salesforce org (SOQL records such as
//! `{"AccountId": "001…", "Account": {"Name": "Acme"}}`). That org's Ids mean nothing in the
//! target org, so a lookup is only ever set through the parent's fields: `Account.Name` →
//! `AccountId` with `{"reference": {"object": "Account", "matchOn": "Name"}}` (or
//! `externalId` when the parent's describe says the field is one), and a source whose values
//! are record Ids (`AccountId`, `OwnerId`) is never proposed for a lookup.

use super::matching::Match;
use super::paths::Leaf;
use super::{MatchKind, SuggestedTransform};
use crate::describe::{Describe, FieldDescribe, FieldType};
use crate::path::lookup;
use crate::sfcheck::is_valid_id;
use serde_json::{json, Value};

/// Fields of a user that name one user alone, so a polymorphic owner (`Group` or `User`) is
/// looked up among users by them.
const USER_KEYS: &[&str] = &["Username", "Email"];

/// Whether the leaf holds record Ids of the source org other than the record's own: its key
/// ends in `Id` and every value it has is a well-formed record Id (a key ending in `Id` with
/// no value at all counts too: SOQL gives lookups as `…Id`). The record's own `Id` may still
/// go to the target's external ID field, which is how copies are matched between orgs.
pub(super) fn id_valued(leaf: &Leaf, records: &[&Value]) -> bool {
    let Some(keys) = leaf.keys() else {
        return false;
    };
    let Some(last) = keys.last() else {
        return false;
    };
    if !last.ends_with("Id") || keys == ["Id"] {
        return false;
    }
    records
        .iter()
        .filter_map(|r| lookup(r, &leaf.segments))
        .filter(|v| !v.is_null())
        .all(|v| v.as_str().is_some_and(is_valid_id))
}

/// The object a lookup's parent is looked up in, for the parent's field `key`: the one it
/// references, or `User` for a user's key when it references users among others (`OwnerId`
/// to `Group` and `User`). None when that is ambiguous.
fn parent_object<'f>(f: &'f FieldDescribe, key: &str) -> Option<&'f str> {
    match &f.reference_to[..] {
        [one] => Some(one),
        many => many
            .iter()
            .find(|o| o.as_str() == "User")
            .filter(|_| USER_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)))
            .map(String::as_str),
    }
}

/// `Rel.Field` → the lookup whose relationship name is `Rel`, set by the parent's `Field`.
pub(super) fn relationship_match(
    leaf: &Leaf,
    d: &Describe,
    open: &dyn Fn(usize) -> bool,
    parents: &[Describe],
) -> Option<Match> {
    let keys = leaf.keys()?;
    let [relationship, key] = keys[..] else {
        return None;
    };
    if key.eq_ignore_ascii_case("Id") {
        return None;
    }
    let (i, f) = d.fields.iter().enumerate().find(|(i, f)| {
        open(*i)
            && f.field_type == FieldType::Reference
            && f.relationship_name
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(relationship))
    })?;
    let object = parent_object(f, key)?;
    let parent = parents.iter().find(|p| p.name.eq_ignore_ascii_case(object));
    let parent_field = parent.and_then(|p| p.field(key));
    let name = parent_field.map_or(key, |x| x.name.as_str());
    let why = format!(
        "'{}' names the {object} that {} looks up",
        leaf.text, f.name
    );
    let (transform, how) = match parent_field.filter(|x| x.external_id) {
        Some(x) => (
            json!({"reference": {"object": object, "externalId": x.name}}),
            format!(
                "{} is an external ID field of {object}, Salesforce finds the parent by it",
                x.name
            ),
        ),
        None => (
            json!({"reference": {"object": object, "matchOn": name}}),
            format!("looked up by {name} in the target org"),
        ),
    };
    let reference = SuggestedTransform {
        transform,
        reason: format!(
            "{why}; {} takes an Id of the target org and the source org's Ids mean nothing there: {how}",
            f.name
        ),
    };
    Some(Match {
        field: i,
        kind: MatchKind::Relationship,
        reason: format!("{why}: {how}"),
        reference: Some(reference),
    })
}
