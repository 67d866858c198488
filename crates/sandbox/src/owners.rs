//! Owners, users and queues as an org has them: the `OwnerId` lookup the built-in Account and
//! Contact lack in their fixtures (polymorphic to `Group` and `User`, relationship `Owner`),
//! the admin user as every new record's owner, the check Salesforce makes of an owner written
//! to a record (an active user, or a queue that takes the object), `User` records created with
//! what the sandbox can default, and Salesforce's `DUPLICATE_USERNAME`.

use crate::error::SfError;
use crate::ids;
use crate::schema::SObject;
use crate::store;
use crate::write::Ctx;
use serde_json::{json, Map, Value};
use synccentral_engine::FieldDescribe;

/// Whether `f` is a record's owner (`OwnerId`, a lookup to users and maybe queues).
pub fn is_owner_field(f: &FieldDescribe) -> bool {
    f.name == "OwnerId" && f.reference_to.iter().any(|t| t == "User")
}

/// The object's owner field, if records of it have owners.
pub fn owner_field(obj: &SObject) -> Option<&FieldDescribe> {
    obj.field("OwnerId").filter(|f| is_owner_field(f))
}

/// Adds `OwnerId` (Group or User, relationship `Owner`) to a built-in Account or Contact
/// describe that lacks it, shaped after the describe's own `CreatedById`.
pub fn complete_builtin(raw: &mut Value) {
    crate::schema::add_builtin_lookup(
        raw,
        &[
            ("name", json!("OwnerId")),
            ("label", json!("Owner ID")),
            ("referenceTo", json!(["Group", "User"])),
            ("relationshipName", json!("Owner")),
            ("createable", json!(true)),
            ("updateable", json!(true)),
            ("nillable", json!(false)),
            ("defaultedOnCreate", json!(true)),
            ("polymorphicForeignKey", json!(true)),
            ("namePointing", json!(true)),
        ],
        "IsDeleted",
    );
}

/// An owner written to a record of `obj`: an active user, or a queue (`Group` of type
/// `Queue`) with a `QueueSobject` for `obj` when the field takes groups. Answers the
/// 18-character ID or Salesforce's error on the field.
pub fn check(ctx: &Ctx, obj: &SObject, f: &FieldDescribe, id: &str) -> Result<String, SfError> {
    let invalid = || {
        SfError::with_fields(
            "INVALID_CROSS_REFERENCE_KEY",
            "invalid cross reference id",
            vec![f.name.clone()],
        )
    };
    let id18 = ids::normalize(id).ok_or_else(invalid)?;
    let record = store::get(ctx.conn, &id18)
        .ok()
        .flatten()
        .filter(|r| !r.deleted)
        .ok_or_else(invalid)?;
    let takes = |t: &str| f.reference_to.iter().any(|x| x == t);
    match record.object.as_str() {
        "User" if record.fields["IsActive"] == true => Ok(id18),
        "User" => Err(SfError::with_fields(
            "INACTIVE_OWNER_OR_USER",
            format!(
                "operation performed with inactive user [{}] as owner of {}",
                &id18[..15],
                obj.name().to_ascii_lowercase()
            ),
            vec![f.name.clone()],
        )),
        "Group" if takes("Group") => {
            let queue = record.fields["Type"] == "Queue";
            if queue && queue_takes(ctx, &id18, obj.name()) {
                Ok(id18)
            } else {
                Err(invalid())
            }
        }
        _ => Err(SfError::with_fields(
            "FIELD_INTEGRITY_EXCEPTION",
            format!("{}: id value of incorrect type: {id18}", f.label),
            vec![f.name.clone()],
        )),
    }
}

/// Whether the queue has a `QueueSobject` for `object`.
fn queue_takes(ctx: &Ctx, queue: &str, object: &str) -> bool {
    if ctx.schema.get("QueueSobject").is_none() {
        return true;
    }
    store::find_equal(ctx.conn, "QueueSobject", "QueueId", queue, true)
        .unwrap_or_default()
        .iter()
        .any(|r| {
            r.fields["SobjectType"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(object))
        })
}

/// A new `User` as the sandbox takes it: besides `Username` and `Email`, what Salesforce
/// requires may be left out (`LastName` from the username, `Alias`, the locale keys,
/// `IsActive` true). Other objects' bodies are left alone.
pub fn user_defaults(obj: &SObject, body: &Map<String, Value>) -> Option<Map<String, Value>> {
    if obj.name() != "User" {
        return None;
    }
    let has = |k: &str| {
        body.iter()
            .any(|(key, v)| key.eq_ignore_ascii_case(k) && !v.is_null())
    };
    let local = body
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Username"))
        .and_then(|(_, v)| v.as_str())
        .map(|u| u.split('@').next().unwrap_or(u).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "user".into());
    let mut out = body.clone();
    let alias: String = local.chars().take(8).collect();
    let last: String = local.chars().take(80).collect();
    for (k, v) in [
        ("LastName", json!(last)),
        ("Alias", json!(alias)),
        ("TimeZoneSidKey", json!("GMT")),
        ("LocaleSidKey", json!("en_US")),
        ("LanguageLocaleKey", json!("en_US")),
        ("IsActive", json!(true)),
    ] {
        if !has(k) && obj.has_field(k) {
            out.insert(k.into(), v);
        }
    }
    Some(out)
}

/// `Username` is unique across orgs: a taken one is `DUPLICATE_USERNAME`, not
/// `DUPLICATE_VALUE`.
pub fn duplicate_username(obj: &SObject, f: &FieldDescribe) -> Option<SfError> {
    (obj.name() == "User" && f.name == "Username").then(|| {
        SfError::with_fields(
            "DUPLICATE_USERNAME",
            "Duplicate Username.<br>Another user has already selected this username.<br>Please select another.",
            vec!["Username".into()],
        )
    })
}

/// A new `Group` without `DeveloperName` gets one from its `Name`, as Salesforce's setup does.
pub fn derive_group(obj: &SObject, fields: &mut Map<String, Value>) {
    if obj.name() != "Group" || fields.get("DeveloperName").is_some_and(|v| !v.is_null()) {
        return;
    }
    let Some(name) = fields.get("Name").and_then(Value::as_str) else {
        return;
    };
    let mut dev: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while dev.contains("__") {
        dev = dev.replace("__", "_");
    }
    let dev = dev.trim_matches('_');
    let dev = if dev.starts_with(|c: char| c.is_ascii_alphabetic()) {
        dev.to_string()
    } else {
        format!("X{dev}")
    };
    fields.insert(
        "DeveloperName".into(),
        Value::String(dev.chars().take(80).collect()),
    );
}

/// `"Owner": {"Username": "x"}` without `attributes`: Salesforce's parser asks a polymorphic
/// relationship for its type first, but a record's owner is found by a user's field as in
/// orgs where the owner is a user alone, so the type is the first object the owner field
/// references that has the key as an idLookup or external ID field. `None`: nothing to add.
pub fn typed_owner(
    schema: &crate::schema::Schema,
    obj: &SObject,
    body: &Map<String, Value>,
) -> Option<Map<String, Value>> {
    let f = owner_field(obj)?;
    let rel = f.relationship_name.as_deref()?;
    let (key, Value::Object(nested)) = body.iter().find(|(k, _)| k.eq_ignore_ascii_case(rel))?
    else {
        return None;
    };
    if nested.contains_key("attributes") {
        return None;
    }
    let (field, _) = nested.iter().next()?;
    let target = f.reference_to.iter().find(|t| {
        schema
            .get(t)
            .and_then(|o| o.field(field))
            .is_some_and(|p| p.id_lookup || p.external_id)
    })?;
    let mut typed = Map::new();
    typed.insert("attributes".into(), json!({ "type": target }));
    typed.extend(nested.clone());
    let mut out = body.clone();
    out.insert(key.clone(), Value::Object(typed));
    Some(out)
}
