//! Record types as an org has them: `RecordType` records (built-in object, created through
//! REST like any record so tests can seed them), the `recordTypeInfos` of each object's
//! describe read from them (after the Master record type every org lists), the `RecordTypeId`
//! lookup the built-in Account and Contact lack in their fixtures, and the check Salesforce
//! makes of a `RecordTypeId` written to a record: an active record type of that object.

use crate::error::SfError;
use crate::schema::SObject;
use crate::store::{self, Stored};
use crate::write::Ctx;
use crate::{ids, App};
use serde_json::{json, Value};
use synccentral_engine::FieldDescribe;

/// The Master record type's ID, the same in every org.
pub const MASTER_ID: &str = "012000000000000AAA";

/// Whether `f` is a lookup to record types (`RecordTypeId`).
pub fn is_record_type_field(f: &FieldDescribe) -> bool {
    f.reference_to.len() == 1 && f.reference_to[0].eq_ignore_ascii_case("RecordType")
}

/// Adds `RecordTypeId` (a lookup to RecordType, relationship `RecordType`) to a built-in
/// Account or Contact describe that lacks it, shaped after the describe's own `CreatedById`.
pub fn complete_builtin(raw: &mut Value) {
    // After the system fields, as real describes list it.
    crate::schema::add_builtin_lookup(
        raw,
        &[
            ("name", json!("RecordTypeId")),
            ("label", json!("Record Type ID")),
            ("referenceTo", json!(["RecordType"])),
            ("relationshipName", json!("RecordType")),
            ("createable", json!(true)),
            ("updateable", json!(true)),
            ("nillable", json!(true)),
            ("defaultedOnCreate", json!(false)),
        ],
        "SystemModstamp",
    );
}

/// The object's describe on `version`; when the org has active RecordType records for the
/// object, its `recordTypeInfos` are the Master record type and those (the first the default),
/// else they stay as the describe has them (the built-ins: Master alone).
pub fn describe(app: &App, obj: &SObject, version: &str) -> Value {
    let mut out = obj.describe_json(version);
    if app.schema.get("RecordType").is_none() {
        return out;
    }
    let name = obj.name();
    let mine: Vec<Stored> = store::list(&app.db(), "RecordType", false)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| {
            r.fields["SobjectType"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(name))
                && r.fields["IsActive"] == true
        })
        .collect();
    if mine.is_empty() {
        // As written (a describe saved from an org keeps its own).
        return out;
    }
    let info = |id: &str, dev: &str, label: &str, master: bool, default: bool| {
        json!({
            "active": true,
            "available": true,
            "defaultRecordTypeMapping": default,
            "developerName": dev,
            "master": master,
            "name": label,
            "recordTypeId": id,
            "urls": {"layout": format!("/services/data/v{version}/sobjects/{name}/describe/layouts/{id}")},
        })
    };
    let mut infos = vec![info(MASTER_ID, "Master", "Master", true, false)];
    for (i, r) in mine.iter().enumerate() {
        let text = |k: &str| r.fields[k].as_str().unwrap_or_default().to_string();
        infos.push(info(
            &r.id,
            &text("DeveloperName"),
            &text("Name"),
            false,
            i == 0,
        ));
    }
    out["recordTypeInfos"] = Value::Array(infos);
    out
}

/// A `RecordTypeId` written to a record of `obj`: an active record type of `obj`, or
/// Salesforce's `INVALID_CROSS_REFERENCE_KEY` on the field.
pub fn check(ctx: &Ctx, obj: &SObject, f: &FieldDescribe, id: &str) -> Result<String, SfError> {
    let invalid = || {
        SfError::with_fields(
            "INVALID_CROSS_REFERENCE_KEY",
            format!("{}: this ID value isn't valid for the user: {id}", f.label),
            vec![f.name.clone()],
        )
    };
    let id18 = ids::normalize(id).ok_or_else(invalid)?;
    let record = store::get(ctx.conn, &id18)
        .ok()
        .flatten()
        .filter(|r| !r.deleted && r.object == "RecordType")
        .ok_or_else(invalid)?;
    let fits = record.fields["IsActive"] == true
        && record.fields["SobjectType"]
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(obj.name()));
    if fits {
        Ok(id18)
    } else {
        Err(invalid())
    }
}
