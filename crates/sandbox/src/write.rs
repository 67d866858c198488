//! Writing records the way Salesforce does: JSON values read with Salesforce's coercions
//! (numeric strings for numbers, `"true"`/`"false"` for checkboxes, `JSON_PARSER_ERROR`
//! otherwise), then the engine's describe check (`sfcheck::Checker`: codes and messages),
//! then what only an org can know: lookups by external ID, lookups to missing or deleted
//! records, unique values, and the system fields (IDs, audit dates, `IsDeleted`).

use crate::error::SfError;
use crate::schema::{SObject, Schema};
use crate::store::{self, Stored};
use crate::{ids, now_text, App};
use rusqlite::Connection;
use serde_json::{Map, Number, Value};
use synccentral_engine::{FieldDescribe, FieldType, Operation};

/// What a write needs besides the record.
pub struct Ctx<'a> {
    pub conn: &'a Connection,
    pub schema: &'a Schema,
    pub user_id: &'a str,
}

/// Seeds the admin user and the organization on first start.
pub fn seed(app: &App) -> rusqlite::Result<()> {
    let conn = app.db();
    // The admin user takes the first user ID (sequence 1): new users start after it. Done at
    // every start, so data directories made before users could be created follow too.
    conn.execute(
        "INSERT INTO counters (prefix, next) VALUES ('005', 2)
         ON CONFLICT (prefix) DO UPDATE SET next = max(next, 2)",
        [],
    )?;
    if store::get(&conn, &app.user_id)?.is_some() {
        return Ok(());
    }
    let now = now_text();
    let audit = |m: &mut Map<String, Value>, id: &str| {
        for (k, v) in [
            ("Id", id),
            ("CreatedDate", &now),
            ("CreatedById", &app.user_id),
            ("LastModifiedDate", &now),
            ("LastModifiedById", &app.user_id),
            ("SystemModstamp", &now),
        ] {
            m.insert(k.into(), Value::String(v.to_string()));
        }
    };
    let mut user = Map::new();
    audit(&mut user, &app.user_id);
    for (k, v) in [
        ("Username", app.config.username.as_str()),
        ("LastName", "Admin"),
        ("FirstName", "Sandbox"),
        ("Name", "Sandbox Admin"),
        ("Email", app.config.username.as_str()),
        ("Alias", "admin"),
        ("TimeZoneSidKey", "GMT"),
        ("LocaleSidKey", "en_US"),
        ("LanguageLocaleKey", "en_US"),
        ("UserType", "Standard"),
    ] {
        user.insert(k.into(), Value::String(v.into()));
    }
    user.insert("IsActive".into(), Value::Bool(true));
    store::insert(&conn, &app.user_id, "User", &user)?;
    let mut org = Map::new();
    audit(&mut org, &app.org_id);
    for (k, v) in [
        ("Name", "Sync Central Sandbox"),
        ("InstanceName", "SB1"),
        ("OrganizationType", "Developer Edition"),
        ("TimeZoneSidKey", "GMT"),
    ] {
        org.insert(k.into(), Value::String(v.into()));
    }
    org.insert("IsSandbox".into(), Value::Bool(true));
    org.insert("NamespacePrefix".into(), Value::Null);
    org.insert("TrialExpirationDate".into(), Value::Null);
    store::insert(&conn, &app.org_id, "Organization", &org)
}

/// The Jackson-style type name Salesforce's parser errors use.
fn parser_type(t: &FieldType) -> &'static str {
    match t {
        FieldType::Int => "int",
        FieldType::Long => "long",
        FieldType::Double | FieldType::Currency | FieldType::Percent => "double",
        FieldType::Boolean => "boolean",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
        FieldType::Time => "time",
        _ => "string",
    }
}

fn parser_error(t: &FieldType, kind: &str, shown: &str) -> SfError {
    SfError::new(
        "JSON_PARSER_ERROR",
        format!(
            "Cannot deserialize instance of {} from {kind} value {shown} or request may be \
             missing a required field",
            parser_type(t)
        ),
    )
}

fn value_kind(v: &Value) -> (&'static str, String) {
    match v {
        Value::Object(_) => ("START_OBJECT", "{".into()),
        Value::Array(_) => ("START_ARRAY", "[".into()),
        Value::String(s) => ("VALUE_STRING", s.clone()),
        Value::Bool(true) => ("VALUE_TRUE", "true".into()),
        Value::Bool(false) => ("VALUE_FALSE", "false".into()),
        Value::Number(n) if n.is_f64() => ("VALUE_NUMBER_FLOAT", n.to_string()),
        Value::Number(n) => ("VALUE_NUMBER_INT", n.to_string()),
        Value::Null => ("VALUE_NULL", "null".into()),
    }
}

/// Reads a JSON value for a field as Salesforce's parser does (see docs/sandbox.md).
fn coerce(f: &FieldDescribe, v: &Value) -> Result<Value, SfError> {
    let t = &f.field_type;
    let refuse = || {
        let (kind, shown) = value_kind(v);
        Err(parser_error(t, kind, &shown))
    };
    if matches!(
        t,
        FieldType::AnyType | FieldType::Other(_) | FieldType::Address | FieldType::Location
    ) {
        return Ok(v.clone());
    }
    match v {
        Value::Null => Ok(Value::Null),
        Value::Object(_) | Value::Array(_) => refuse(),
        Value::String(s) if t.is_number() => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(Value::Null);
            }
            match serde_json::from_str::<Number>(s) {
                Ok(n) => Ok(Value::Number(n)),
                Err(_) => refuse(),
            }
        }
        Value::Bool(_) if t.is_number() => refuse(),
        Value::String(s) if *t == FieldType::Boolean => match s.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "" => Ok(Value::Null),
            _ => refuse(),
        },
        Value::Number(_) if *t == FieldType::Boolean => refuse(),
        Value::String(s) if t.is_text() && *t != FieldType::Textarea => Ok(trimmed(s)),
        Value::Number(n) if t.is_text() => Ok(Value::String(n.to_string())),
        Value::Bool(b) if t.is_text() => Ok(Value::String(b.to_string())),
        Value::Number(_) | Value::Bool(_)
            if matches!(
                t,
                FieldType::Date
                    | FieldType::Datetime
                    | FieldType::Time
                    | FieldType::Reference
                    | FieldType::Id
            ) =>
        {
            refuse()
        }
        _ => Ok(v.clone()),
    }
}

/// A text value as Salesforce stores it: without leading and trailing whitespace (Java's
/// `trim`: every character up to U+0020; a no-break space stays), and never empty — a text
/// that is blank once trimmed is null. ("sObject String field values follow the same rules as
/// in the SOAP API: they can never be empty (only null), and they can never include leading
/// and trailing whitespace", Apex Developer Guide, Primitive Data Types.) Text areas keep
/// their text as sent.
fn trimmed(s: &str) -> Value {
    let t = s.trim_matches(|c: char| c <= ' ');
    if t.is_empty() {
        Value::Null
    } else {
        Value::String(t.to_string())
    }
}

/// The engine's message without its trailing advice for mapping authors, so it reads as
/// Salesforce's own (`(max length=N)` is Salesforce's and stays).
fn salesforce_message(message: &str) -> String {
    if !message.ends_with(')') {
        return message.to_string();
    }
    let mut depth = 0;
    for (i, c) in message.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let tail = &message[i..];
                    if tail.starts_with("(max length=") || i == 0 {
                        return message.to_string();
                    }
                    return message[..i].trim_end().to_string();
                }
            }
            _ => {}
        }
    }
    message.to_string()
}

/// Datetimes are stored in Salesforce's output form (UTC, milliseconds, `+0000`).
fn normalize_temporal(f: &FieldDescribe, v: Value) -> Value {
    if f.field_type != FieldType::Datetime {
        return v;
    }
    let Value::String(s) = &v else { return v };
    let mut text = s.clone();
    // `+hhmm` offsets: jiff reads `+hh:mm`.
    let b = text.as_bytes();
    if b.len() > 5 && (b[b.len() - 5] == b'+' || b[b.len() - 5] == b'-') {
        text.insert(text.len() - 2, ':');
    }
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => Value::String(ts.strftime("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()),
        Err(_) => v,
    }
}

/// The record's field values to write (describe names), or every error found.
fn prepare(
    ctx: &Ctx,
    obj: &SObject,
    body: &Map<String, Value>,
    update_id: Option<&str>,
) -> Result<Map<String, Value>, Vec<SfError>> {
    let typed = crate::owners::typed_owner(ctx.schema, obj, body);
    let body = typed.as_ref().unwrap_or(body);
    let mut coerced = Map::new();
    let mut errors = Vec::new();
    if let Some(id) = update_id {
        coerced.insert("Id".into(), Value::String(id.into()));
    }
    for (k, v) in body {
        if k == "attributes" {
            continue;
        }
        match obj.field(k) {
            Some(f) => match coerce(f, v) {
                Ok(v) => {
                    coerced.insert(k.clone(), v);
                }
                Err(e) => errors.push(e),
            },
            None => {
                coerced.insert(k.clone(), v.clone());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let op = if update_id.is_some() {
        Operation::Update
    } else {
        Operation::Insert
    };
    let outcome = obj.checker.check(&coerced, op);
    let mut missing: Vec<String> = Vec::new();
    for e in outcome.errors {
        let code = e.code.as_str();
        if code == "REQUIRED_FIELD_MISSING" {
            missing.push(e.field);
            continue;
        }
        let field = obj
            .field(&e.field)
            .map(|f| f.name.clone())
            .unwrap_or(e.field);
        errors.push(if code == "JSON_PARSER_ERROR" {
            SfError::new(code, salesforce_message(&e.message))
        } else {
            SfError::with_fields(code, salesforce_message(&e.message), vec![field])
        });
    }
    if !missing.is_empty() {
        errors.push(SfError::with_fields(
            "REQUIRED_FIELD_MISSING",
            format!("Required fields are missing: [{}]", missing.join(", ")),
            missing,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    coerced.remove("Id");
    let mut out = Map::new();
    for (k, v) in coerced {
        if let Some(f) = obj.field(&k) {
            let v = match (&f.field_type, v) {
                (t, Value::String(s)) if s.is_empty() && !t.is_text() => Value::Null,
                (FieldType::Reference, Value::String(s))
                    if crate::recordtypes::is_record_type_field(f) =>
                {
                    match crate::recordtypes::check(ctx, obj, f, &s) {
                        Ok(id) => Value::String(id),
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    }
                }
                (FieldType::Reference, Value::String(s)) if crate::owners::is_owner_field(f) => {
                    match crate::owners::check(ctx, obj, f, &s) {
                        Ok(id) => Value::String(id),
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    }
                }
                (FieldType::Reference, Value::String(s)) => match check_reference(ctx, f, &s) {
                    Ok(id) => Value::String(id),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                },
                (_, v) => normalize_temporal(f, v),
            };
            out.insert(f.name.clone(), v);
        } else if let Some(f) = obj.describe.fields.iter().find(|f| {
            f.relationship_name
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(&k))
        }) {
            let resolved = resolve_reference(ctx, f, &v).and_then(|id| match id {
                Value::String(s) if crate::owners::is_owner_field(f) => {
                    crate::owners::check(ctx, obj, f, &s).map(Value::String)
                }
                other => Ok(other),
            });
            match resolved {
                Ok(id) => {
                    out.insert(f.name.clone(), id);
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A lookup set to an ID: the record must exist, not be deleted, and be of a target object.
fn check_reference(ctx: &Ctx, f: &FieldDescribe, id: &str) -> Result<String, SfError> {
    let invalid = || {
        SfError::with_fields(
            "INVALID_CROSS_REFERENCE_KEY",
            "invalid cross reference id",
            vec![f.name.clone()],
        )
    };
    let id = ids::normalize(id).ok_or_else(invalid)?;
    let record = store::get(ctx.conn, &id)
        .ok()
        .flatten()
        .ok_or_else(invalid)?;
    if !f
        .reference_to
        .iter()
        .any(|t| t.eq_ignore_ascii_case(&record.object))
    {
        return Err(SfError::with_fields(
            "FIELD_INTEGRITY_EXCEPTION",
            format!("{}: id value of incorrect type: {id}", f.label),
            vec![f.name.clone()],
        ));
    }
    if record.deleted {
        return Err(SfError::with_fields(
            "ENTITY_IS_DELETED",
            "entity is deleted",
            vec![f.name.clone()],
        ));
    }
    Ok(id)
}

/// Text of a scalar as compared for matching and uniqueness.
fn match_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Live records of `obj` whose `field` holds `value`.
pub fn find_by(
    conn: &Connection,
    obj: &SObject,
    field: &FieldDescribe,
    value: &str,
) -> rusqlite::Result<Vec<Stored>> {
    if field.field_type == FieldType::Id {
        return Ok(ids::normalize(value)
            .and_then(|id| store::get(conn, &id).ok().flatten())
            .filter(|r| !r.deleted && r.object == obj.name())
            .into_iter()
            .collect());
    }
    store::find_equal(
        conn,
        obj.name(),
        &field.name,
        value,
        obj.case_sensitive(&field.name),
    )
}

/// `"Account": {"External_Id__c": "A-1"}` → the Account's ID.
fn resolve_reference(ctx: &Ctx, f: &FieldDescribe, v: &Value) -> Result<Value, SfError> {
    let Value::Object(m) = v else {
        return Ok(Value::Null);
    };
    let Some((key, value)) = m.iter().find(|(k, _)| k.as_str() != "attributes") else {
        return Ok(Value::Null);
    };
    let value = match_text(value).unwrap_or_default();
    let named = m
        .get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str);
    if let Some(t) = named {
        if !f.reference_to.iter().any(|r| r.eq_ignore_ascii_case(t)) {
            return Err(SfError::with_fields(
                "INVALID_FIELD",
                format!(
                    "Invalid type: {t} for the relationship {} of field {}",
                    f.relationship_name.as_deref().unwrap_or_default(),
                    f.name
                ),
                vec![f.name.clone()],
            ));
        }
    }
    // A polymorphic lookup named without a type (`"Owner": {"Username": "x"}`): the first
    // object it references that has the key as an external ID or idLookup field.
    let parent_name = named
        .or_else(|| {
            f.reference_to
                .iter()
                .find(|t| {
                    ctx.schema
                        .get(t)
                        .and_then(|p| p.field(key))
                        .is_some_and(|p| p.external_id || p.id_lookup)
                })
                .map(String::as_str)
        })
        .or(f.reference_to.first().map(String::as_str))
        .unwrap_or_default();
    let Some(parent) = ctx.schema.get(parent_name) else {
        return Err(SfError::with_fields(
            "INVALID_FIELD",
            format!("Foreign key external ID: {value} not found for field {key} in entity {parent_name}"),
            vec![],
        ));
    };
    let ext = parent
        .field(key)
        .filter(|p| p.external_id || p.id_lookup)
        .ok_or_else(|| {
            SfError::with_fields(
                "INVALID_FIELD",
                format!(
                    "Field name provided, {key} is not an External ID or indexed field for {}",
                    parent.name()
                ),
                vec![],
            )
        })?;
    let found = find_by(ctx.conn, parent, ext, &value).map_err(storage)?;
    match found.as_slice() {
        [one] => Ok(Value::String(one.id.clone())),
        [] => Err(SfError::with_fields(
            "INVALID_FIELD",
            format!(
                "Foreign key external ID: {value} not found for field {} in entity {}",
                ext.name,
                parent.name()
            ),
            vec![],
        )),
        many => Err(SfError::with_fields(
            "DUPLICATE_EXTERNAL_ID",
            format!(
                "{}: more than one record found for external id field: [{}]",
                ext.label,
                many.iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            vec![f.name.clone()],
        )),
    }
}

pub fn storage(e: rusqlite::Error) -> SfError {
    SfError::new("UNKNOWN_EXCEPTION", format!("storage error: {e}"))
}

/// Values Salesforce derives: a Contact's (or Lead's, User's) `Name` from its name parts.
fn derive(obj: &SObject, fields: &mut Map<String, Value>) {
    let name_is_derived = obj
        .field("Name")
        .is_some_and(|f| !f.createable && !f.updateable)
        && obj.has_field("LastName");
    if name_is_derived {
        let part = |k: &str| {
            fields
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let full = [part("FirstName"), part("LastName")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        fields.insert("Name".into(), Value::String(full));
    }
}

/// Unique and unique external-ID fields must not repeat a live record's value.
fn check_unique(
    ctx: &Ctx,
    obj: &SObject,
    fields: &Map<String, Value>,
    own_id: Option<&str>,
) -> Result<(), Vec<SfError>> {
    let mut errors = Vec::new();
    let unique: Vec<&FieldDescribe> = obj
        .describe
        .fields
        .iter()
        .filter(|f| f.unique && f.field_type != FieldType::Id)
        .collect();
    if unique.is_empty() {
        return Ok(());
    }
    for f in unique {
        let Some(mine) = fields.get(&f.name).and_then(match_text) else {
            continue;
        };
        if mine.is_empty() {
            continue;
        }
        let same = find_by(ctx.conn, obj, f, &mine).map_err(|e| vec![storage(e)])?;
        let clash = same.iter().find(|r| Some(r.id.as_str()) != own_id);
        if let Some(r) = clash {
            if let Some(e) = crate::owners::duplicate_username(obj, f) {
                errors.push(e);
                continue;
            }
            errors.push(SfError::with_fields(
                "DUPLICATE_VALUE",
                format!(
                    "duplicate value found: {} duplicates value on record with id: {}",
                    f.name,
                    &r.id[..15]
                ),
                vec![],
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Creates a record; returns its ID.
pub fn insert(ctx: &Ctx, obj: &SObject, body: &Map<String, Value>) -> Result<String, Vec<SfError>> {
    let defaulted = crate::owners::user_defaults(obj, body);
    let mut fields = prepare(ctx, obj, defaulted.as_ref().unwrap_or(body), None)?;
    if let Some(owner) = crate::owners::owner_field(obj) {
        if fields.get(&owner.name).is_none_or(Value::is_null) {
            fields.insert(owner.name.clone(), Value::String(ctx.user_id.into()));
        }
    }
    crate::owners::derive_group(obj, &mut fields);
    for f in &obj.describe.fields {
        if fields.contains_key(&f.name) {
            continue;
        }
        if f.field_type == FieldType::Boolean && f.createable {
            let default = obj.raw["fields"]
                .as_array()
                .and_then(|fs| fs.iter().find(|x| x["name"] == f.name.as_str()))
                .and_then(|x| x["defaultValue"].as_bool())
                .unwrap_or(false);
            fields.insert(f.name.clone(), Value::Bool(default));
        } else if let Some(p) = f
            .picklist_values
            .iter()
            .find(|p| p.default_value && p.active)
        {
            fields.insert(f.name.clone(), Value::String(p.value.clone()));
        }
    }
    derive(obj, &mut fields);
    check_unique(ctx, obj, &fields, None)?;
    let id = store::next_id(ctx.conn, obj.key_prefix()).map_err(|e| vec![storage(e)])?;
    let now = now_text();
    let mut record = Map::new();
    for (k, v) in [
        ("Id", Value::String(id.clone())),
        ("IsDeleted", Value::Bool(false)),
        ("CreatedDate", Value::String(now.clone())),
        ("CreatedById", Value::String(ctx.user_id.into())),
        ("LastModifiedDate", Value::String(now.clone())),
        ("LastModifiedById", Value::String(ctx.user_id.into())),
        ("SystemModstamp", Value::String(now)),
    ] {
        if k == "Id" || obj.has_field(k) {
            record.insert(k.into(), v);
        }
    }
    record.extend(fields);
    store::insert(ctx.conn, &id, obj.name(), &record).map_err(|e| vec![storage(e)])?;
    Ok(id)
}

/// Updates a live record.
pub fn update(
    ctx: &Ctx,
    obj: &SObject,
    record: &Stored,
    body: &Map<String, Value>,
) -> Result<(), Vec<SfError>> {
    let fields = prepare(ctx, obj, body, Some(&record.id))?;
    let mut merged = record.fields.clone();
    merged.extend(fields);
    derive(obj, &mut merged);
    check_unique(ctx, obj, &merged, Some(&record.id))?;
    let now = now_text();
    for k in ["LastModifiedDate", "SystemModstamp"] {
        if obj.has_field(k) {
            merged.insert(k.into(), Value::String(now.clone()));
        }
    }
    if obj.has_field("LastModifiedById") {
        merged.insert("LastModifiedById".into(), Value::String(ctx.user_id.into()));
    }
    let updated = Stored {
        fields: merged,
        ..record.clone()
    };
    store::save(ctx.conn, &updated).map_err(|e| vec![storage(e)])
}

/// Moves a live record to the recycle bin (`IsDeleted` true, still readable by queryAll).
pub fn delete(ctx: &Ctx, obj: &SObject, record: &Stored) -> Result<(), SfError> {
    let mut fields = record.fields.clone();
    fields.insert("IsDeleted".into(), Value::Bool(true));
    if obj.has_field("SystemModstamp") {
        fields.insert("SystemModstamp".into(), Value::String(now_text()));
    }
    let deleted = Stored {
        deleted: true,
        fields,
        ..record.clone()
    };
    store::save(ctx.conn, &deleted).map_err(storage)
}

/// Brings a record back from the recycle bin (the SOAP `undelete` call): `IsDeleted` false,
/// the same ID and fields, `SystemModstamp` now. Its unique values must still be free.
pub fn undelete(ctx: &Ctx, obj: &SObject, record: &Stored) -> Result<(), Vec<SfError>> {
    check_unique(ctx, obj, &record.fields, Some(&record.id))?;
    let mut fields = record.fields.clone();
    fields.insert("IsDeleted".into(), Value::Bool(false));
    if obj.has_field("SystemModstamp") {
        fields.insert("SystemModstamp".into(), Value::String(now_text()));
    }
    let restored = Stored {
        deleted: false,
        fields,
        ..record.clone()
    };
    store::save(ctx.conn, &restored).map_err(|e| vec![storage(e)])
}

/// A record as the REST API returns it: `attributes`, then every field (or the `only` ones)
/// in describe order, null when unset.
pub fn record_json(
    obj: &SObject,
    record: &Stored,
    version: &str,
    only: Option<&[&FieldDescribe]>,
) -> Value {
    let mut out = Map::new();
    out.insert(
        "attributes".into(),
        serde_json::json!({
            "type": obj.name(),
            "url": format!("/services/data/v{version}/sobjects/{}/{}", obj.name(), record.id),
        }),
    );
    let all: Vec<&FieldDescribe> = obj.describe.fields.iter().collect();
    for f in only.unwrap_or(&all) {
        let v = match f.field_type {
            FieldType::Id => Value::String(record.id.clone()),
            FieldType::Boolean if f.name == "IsDeleted" => Value::Bool(record.deleted),
            _ => record.fields.get(&f.name).cloned().unwrap_or(Value::Null),
        };
        let v = match (&f.field_type, v) {
            (FieldType::Double | FieldType::Currency | FieldType::Percent, Value::Number(n)) => n
                .as_f64()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::Number(n)),
            (_, v) => v,
        };
        out.insert(f.name.clone(), v);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::salesforce_message;

    #[test]
    fn advice_for_mapping_authors_is_cut_but_salesforce_text_stays() {
        assert_eq!(
            salesforce_message("Last Name: data value too large: abc (max length=2)"),
            "Last Name: data value too large: abc (max length=2)"
        );
        assert_eq!(
            salesforce_message(
                "No such column 'Foo' on sobject of type Contact (did you mean 'Fax'?)"
            ),
            "No such column 'Foo' on sobject of type Contact"
        );
    }
}
