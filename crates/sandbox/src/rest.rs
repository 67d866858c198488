//! The REST API under `/services/data/vNN.0/`: resources, limits, describes, single-record
//! create/read/update/delete, upsert by external ID, sObject Collections, SOQL queries, and
//! the request
//! count behind `Sforce-Limit-Info` and `REQUEST_LIMIT_EXCEEDED`.

use crate::error::{Failure, SfError};
use crate::schema::SObject;
use crate::store::{self, Stored};
use crate::write::{self, Ctx};
use crate::{auth, failure_response, json_response, App, Req, LATEST_VERSION, OLDEST_VERSION};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use synccentral_engine::{FieldDescribe, FieldType};

/// sObject Collections take at most this many records (or IDs).
const COLLECTION_LIMIT: usize = 200;

type Answer = Result<Response, Failure>;

/// `NN.0` from `vNN.0` (or `latest`), when served.
fn version(segment: &str) -> Option<String> {
    if segment == "latest" {
        return Some(format!("{LATEST_VERSION}.0"));
    }
    let n: u32 = segment
        .strip_prefix('v')?
        .strip_suffix(".0")?
        .parse()
        .ok()?;
    (OLDEST_VERSION..=LATEST_VERSION)
        .contains(&n)
        .then(|| format!("{n}.0"))
}

fn utc_day() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

pub fn handle(app: &App, req: &Req, version_segment: &str, rest: &[&str]) -> Response {
    let Some(v) = version(version_segment) else {
        return failure_response(&Failure::not_found());
    };
    if let Err(f) = auth::session(app, req, false) {
        return auth::unauthorized(&f);
    }
    let limit = app.config.daily_request_limit;
    let day = utc_day();
    let used = {
        let conn = app.db();
        match store::usage(&conn, &day) {
            Ok(used) if used >= limit => Err(used),
            Ok(_) => Ok(store::count_request(&conn, &day).unwrap_or(0)),
            Err(_) => Ok(0),
        }
    };
    let (mut response, used) = match used {
        Err(used) => (
            failure_response(&Failure::new(
                StatusCode::FORBIDDEN,
                SfError::new("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
            )),
            used,
        ),
        Ok(used) => (
            route(app, req, &v, rest).unwrap_or_else(|f| failure_response(&f)),
            used,
        ),
    };
    if let Ok(h) = HeaderValue::from_str(&format!("api-usage={used}/{limit}")) {
        response.headers_mut().insert("sforce-limit-info", h);
    }
    response
}

fn not_allowed(method: &Method, allowed: &str) -> Failure {
    Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        SfError::new(
            "METHOD_NOT_ALLOWED",
            format!("HTTP Method '{method}' not allowed. Allowed are {allowed}"),
        ),
    )
}

fn object<'a>(app: &'a App, name: &str) -> Result<&'a SObject, Failure> {
    app.schema.get(name).ok_or_else(Failure::not_found)
}

pub(crate) fn route(app: &App, req: &Req, v: &str, rest: &[&str]) -> Answer {
    let m = &req.method;
    let lower: Vec<String> = rest.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match (lower.as_slice(), rest) {
        ([], _) => Ok(json_response(StatusCode::OK, &resources(app, req, v))),
        (["limits"], _) => Ok(json_response(StatusCode::OK, &limits(app))),
        (["sobjects"], _) => Ok(json_response(StatusCode::OK, &global_describe(app, v))),
        (["sobjects", _], [_, o]) => {
            let obj = object(app, o)?;
            match *m {
                Method::GET => Ok(json_response(
                    StatusCode::OK,
                    &json!({"objectDescribe": obj.global_entry(v), "recentItems": []}),
                )),
                Method::POST => create(app, req, obj, v),
                _ => Err(not_allowed(m, "GET,HEAD,POST")),
            }
        }
        (["sobjects", _, "describe"], [_, o, _]) => {
            let obj = object(app, o)?;
            Ok(json_response(
                StatusCode::OK,
                &crate::recordtypes::describe(app, obj, v),
            ))
        }
        (["sobjects", _, _], [_, o, id]) => {
            let obj = object(app, o)?;
            match *m {
                Method::GET => retrieve(app, req, obj, id, v),
                Method::PATCH => update(app, req, obj, id),
                Method::DELETE => delete(app, obj, id),
                _ => Err(not_allowed(m, "GET,HEAD,PATCH,DELETE")),
            }
        }
        (["sobjects", _, _, _], [_, o, field, value]) => {
            let obj = object(app, o)?;
            let f = external_field(obj, field)?;
            match *m {
                Method::PATCH => upsert(app, req, obj, f, value, v),
                Method::GET | Method::DELETE => {
                    let conn = app.db();
                    let found = write::find_by(&conn, obj, f, value)?;
                    drop(conn);
                    match found.as_slice() {
                        [] => Err(Failure::not_found()),
                        [one] if *m == Method::GET => retrieve(app, req, obj, &one.id, v),
                        [one] => delete(app, obj, &one.id),
                        many => Ok(multiple_choices(obj, many, v)),
                    }
                }
                _ => Err(not_allowed(m, "GET,HEAD,PATCH,DELETE")),
            }
        }
        (["composite", "sobjects"], _) => match *m {
            Method::POST => collection_create(app, req),
            Method::PATCH => collection_update(app, req),
            Method::DELETE => collection_delete(app, req),
            _ => Err(not_allowed(m, "DELETE,PATCH,POST")),
        },
        (["composite", "sobjects", _], [_, _, o]) => {
            let obj = object(app, o)?;
            match *m {
                Method::GET | Method::POST => collection_retrieve(app, req, obj, v),
                _ => Err(not_allowed(m, "GET,POST")),
            }
        }
        (["composite", "sobjects", _, _], [_, _, o, field]) => {
            let obj = object(app, o)?;
            let f = external_field(obj, field)?;
            match *m {
                Method::PATCH => collection_upsert(app, req, obj, f, v),
                _ => Err(not_allowed(m, "PATCH")),
            }
        }
        (["composite"], _) => crate::composite::requests::handle(app, req),
        (["composite", "batch"], _) => crate::composite::batch::handle(app, req),
        (["composite", "tree", _], [_, _, o]) => {
            let obj = object(app, o)?;
            match *m {
                Method::POST => crate::composite::tree::create(app, req, obj),
                _ => Err(not_allowed(m, "POST")),
            }
        }
        (["query"], _) if *m == Method::GET => crate::query::run(app, req, v, false),
        (["queryall"], _) if *m == Method::GET => crate::query::run(app, req, v, true),
        (["query" | "queryall", _], [_, locator]) if *m == Method::GET => {
            crate::query::more(app, locator, v)
        }
        (["query" | "queryall", ..], _) => Err(not_allowed(m, "GET,HEAD")),
        (["jobs", ..], [_, jobs @ ..]) => crate::bulk::route(app, req, v, jobs),
        _ => Err(Failure::not_found()),
    }
}

fn resources(app: &App, req: &Req, v: &str) -> Value {
    let mut out = Map::new();
    for name in ["sobjects", "query", "queryAll", "limits", "composite"] {
        out.insert(name.into(), json!(format!("/services/data/v{v}/{name}")));
    }
    out.insert("identity".into(), json!(app.identity_url(&req.base)));
    Value::Object(out)
}

fn limits(app: &App) -> Value {
    let max = app.config.daily_request_limit;
    let used = store::usage(&app.db(), &utc_day()).unwrap_or(0);
    json!({
        "DailyApiRequests": {"Max": max, "Remaining": max.saturating_sub(used)},
        "DataStorageMB": {"Max": 1024, "Remaining": 1024},
        "FileStorageMB": {"Max": 1024, "Remaining": 1024},
    })
}

fn global_describe(app: &App, v: &str) -> Value {
    json!({
        "encoding": "UTF-8",
        "maxBatchSize": COLLECTION_LIMIT,
        "sobjects": app.schema.objects().map(|o| o.global_entry(v)).collect::<Vec<_>>(),
    })
}

/// A field usable to match records in an upsert URL: an external ID, an idLookup field, or Id.
pub(crate) fn external_field<'a>(
    obj: &'a SObject,
    name: &str,
) -> Result<&'a FieldDescribe, Failure> {
    obj.field(name)
        .filter(|f| f.external_id || f.id_lookup || f.field_type == FieldType::Id)
        .ok_or_else(|| {
            Failure::new(
                StatusCode::NOT_FOUND,
                SfError::new(
                    "NOT_FOUND",
                    format!(
                        "Provided external ID field does not exist or is not accessible: {name}"
                    ),
                ),
            )
        })
}

/// The body of a single-record write: a JSON object.
fn body_object(req: &Req) -> Result<Map<String, Value>, Failure> {
    match req.json()? {
        Value::Object(m) => Ok(m),
        other => Err(Failure::bad_request(SfError::new(
            "JSON_PARSER_ERROR",
            format!(
                "Cannot deserialize instance of sobject from {} value or request may be missing a required field",
                if other.is_array() { "START_ARRAY" } else { "VALUE_STRING" }
            ),
        ))),
    }
}

/// Record errors of a single-record call: 400 with the error array.
fn record_failure(errors: Vec<SfError>) -> Failure {
    Failure {
        status: StatusCode::BAD_REQUEST,
        errors,
    }
}

fn created(obj: &SObject, id: &str, v: &str, upsert: bool) -> Response {
    let mut body = json!({"id": id, "success": true, "errors": []});
    if upsert {
        body["created"] = json!(true);
    }
    let mut r = json_response(StatusCode::CREATED, &body);
    if let Ok(h) =
        HeaderValue::from_str(&format!("/services/data/v{v}/sobjects/{}/{id}", obj.name()))
    {
        r.headers_mut().insert(header::LOCATION, h);
    }
    r
}

fn ctx<'a>(app: &'a App, conn: &'a rusqlite::Connection) -> Ctx<'a> {
    Ctx {
        conn,
        schema: &app.schema,
        user_id: &app.user_id,
    }
}

fn create(app: &App, req: &Req, obj: &SObject, v: &str) -> Answer {
    let body = body_object(req)?;
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let id = write::insert(&ctx(app, &tx), obj, &body).map_err(record_failure)?;
    tx.commit()?;
    Ok(created(obj, &id, v, false))
}

/// The live record `id` of `obj`, or Salesforce's answer for a bad, wrong or missing ID.
fn live_record(conn: &rusqlite::Connection, obj: &SObject, id: &str) -> Result<Stored, Failure> {
    let Some(id18) = crate::ids::normalize(id) else {
        return Err(Failure::new(
            StatusCode::NOT_FOUND,
            SfError::new(
                "NOT_FOUND",
                format!("Provided external ID field does not exist or is not accessible: {id}"),
            ),
        ));
    };
    if &id18[..3] != obj.key_prefix() {
        return Err(Failure::bad_request(SfError::with_fields(
            "MALFORMED_ID",
            format!(
                "{} ID: id value of incorrect type: {id}",
                obj.describe.label
            ),
            vec!["Id".into()],
        )));
    }
    match store::get(conn, &id18)? {
        None => Err(Failure::not_found()),
        Some(r) if r.deleted => Err(Failure::new(
            StatusCode::NOT_FOUND,
            SfError::entity_is_deleted(),
        )),
        Some(r) => Ok(r),
    }
}

fn retrieve(app: &App, req: &Req, obj: &SObject, id: &str, v: &str) -> Answer {
    let record = live_record(&app.db(), obj, id)?;
    let only = selected_fields(obj, req.param("fields"))?;
    Ok(json_response(
        StatusCode::OK,
        &write::record_json(obj, &record, v, only.as_deref()),
    ))
}

/// `?fields=A,B`: the named fields, or `INVALID_FIELD` for one the object lacks.
fn selected_fields<'a>(
    obj: &'a SObject,
    list: Option<&str>,
) -> Result<Option<Vec<&'a FieldDescribe>>, Failure> {
    let Some(list) = list.filter(|l| !l.trim().is_empty()) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match obj.field(name) {
            Some(f) => out.push(f),
            None => {
                return Err(Failure::bad_request(SfError::new(
                    "INVALID_FIELD",
                    format!(
                        "No such column '{name}' on entity '{}'. If you are attempting to use a \
                         custom field, be sure to append the '__c' after the custom field name.",
                        obj.name()
                    ),
                )))
            }
        }
    }
    Ok(Some(out))
}

fn update(app: &App, req: &Req, obj: &SObject, id: &str) -> Answer {
    let body = body_object(req)?;
    let conn = app.db();
    let record = live_record(&conn, obj, id)?;
    let tx = conn.unchecked_transaction()?;
    write::update(&ctx(app, &tx), obj, &record, &body).map_err(record_failure)?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn delete(app: &App, obj: &SObject, id: &str) -> Answer {
    let conn = app.db();
    let record = live_record(&conn, obj, id)?;
    write::delete(&ctx(app, &conn), obj, &record).map_err(|e| record_failure(vec![e]))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn multiple_choices(obj: &SObject, many: &[Stored], v: &str) -> Response {
    let urls: Vec<String> = many
        .iter()
        .map(|r| format!("/services/data/v{v}/sobjects/{}/{}", obj.name(), r.id))
        .collect();
    json_response(StatusCode::MULTIPLE_CHOICES, &json!(urls))
}

/// The body without the matching field (its value comes from the URL or stays as sent).
fn without_key(body: &Map<String, Value>, field: &str) -> Map<String, Value> {
    body.iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case(field))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The outcome of one upsert.
pub(crate) enum Upserted {
    Created(String),
    Updated(String),
    Several(Vec<Stored>),
}

pub(crate) fn upsert_one(
    c: &Ctx,
    obj: &SObject,
    f: &FieldDescribe,
    value: &str,
    body: &Map<String, Value>,
) -> Result<Upserted, Vec<SfError>> {
    let found = write::find_by(c.conn, obj, f, value).map_err(|e| vec![write::storage(e)])?;
    let mut body = without_key(body, &f.name);
    match found.len() {
        0 => {
            if f.field_type == FieldType::Id {
                return Err(vec![SfError::new(
                    "NOT_FOUND",
                    "The requested resource does not exist",
                )]);
            }
            body.insert(f.name.clone(), Value::String(value.to_string()));
            write::insert(c, obj, &body).map(Upserted::Created)
        }
        1 => {
            let record = &found[0];
            write::update(c, obj, record, &body)?;
            Ok(Upserted::Updated(record.id.clone()))
        }
        _ => Ok(Upserted::Several(found)),
    }
}

fn upsert(app: &App, req: &Req, obj: &SObject, f: &FieldDescribe, value: &str, v: &str) -> Answer {
    let body = body_object(req)?;
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let outcome = upsert_one(&ctx(app, &tx), obj, f, value, &body);
    let response = match outcome {
        Ok(Upserted::Created(id)) => created(obj, &id, v, true),
        Ok(Upserted::Updated(id)) => {
            let major: u32 = v
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major >= 46 {
                json_response(
                    StatusCode::OK,
                    &json!({"id": id, "success": true, "errors": [], "created": false}),
                )
            } else {
                StatusCode::NO_CONTENT.into_response()
            }
        }
        Ok(Upserted::Several(many)) => multiple_choices(obj, &many, v),
        Err(errors) if errors.len() == 1 && errors[0].code == "NOT_FOUND" => {
            return Err(Failure::not_found())
        }
        Err(errors) => return Err(record_failure(errors)),
    };
    tx.commit()?;
    Ok(response)
}

// ---------------------------------------------------------------------------------------
// sObject Collections

/// `{allOrNone, records}` of a collection request.
fn collection_body(req: &Req) -> Result<(bool, Vec<Value>), Failure> {
    let body = req.json()?;
    let all_or_none = body
        .get("allOrNone")
        .map(|a| a.as_bool() == Some(true) || a.as_str() == Some("true"))
        .unwrap_or(false);
    let Some(records) = body.get("records").and_then(Value::as_array) else {
        return Err(Failure::bad_request(SfError::new(
            "JSON_PARSER_ERROR",
            "The request body must be an object with a 'records' array",
        )));
    };
    if records.len() > COLLECTION_LIMIT {
        return Err(limit_exceeded());
    }
    Ok((all_or_none, records.clone()))
}

fn limit_exceeded() -> Failure {
    Failure::bad_request(SfError::new(
        "EXCEEDED_ID_LIMIT",
        format!("record limit reached. cannot submit more than {COLLECTION_LIMIT} records into this call"),
    ))
}

/// One item of a collection's result array.
struct Item {
    id: Option<String>,
    errors: Vec<SfError>,
    created: Option<bool>,
    /// Whether the item keeps its `id` when rolled back (update, upsert, delete do).
    keeps_id: bool,
}

impl Item {
    fn failed(id: Option<String>, errors: Vec<SfError>) -> Item {
        Item {
            id,
            errors,
            created: None,
            keeps_id: false,
        }
    }
}

/// Answers the results; with allOrNone and any failure, rolls back and reports every other
/// record as `ALL_OR_NONE_OPERATION_ROLLED_BACK`.
fn finish(tx: rusqlite::Transaction<'_>, all_or_none: bool, items: Vec<Item>) -> Answer {
    let any_failed = items.iter().any(|i| !i.errors.is_empty());
    let rolled_back = all_or_none && any_failed;
    if rolled_back {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    let out: Vec<Value> = items
        .into_iter()
        .map(|i| {
            let mut m = Map::new();
            if !i.errors.is_empty() {
                if let Some(id) = i.id.filter(|_| i.keeps_id) {
                    m.insert("id".into(), json!(id));
                }
                m.insert("success".into(), json!(false));
                m.insert(
                    "errors".into(),
                    Value::Array(i.errors.iter().map(SfError::to_result).collect()),
                );
            } else if rolled_back {
                if let Some(id) = i.id.filter(|_| i.keeps_id) {
                    m.insert("id".into(), json!(id));
                }
                m.insert("success".into(), json!(false));
                m.insert(
                    "errors".into(),
                    json!([SfError::with_fields(
                        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "Record rolled back because not all records were valid and the request was using AllOrNone header",
                        vec![],
                    )
                    .to_result()]),
                );
            } else {
                if let Some(id) = i.id {
                    m.insert("id".into(), json!(id));
                }
                m.insert("success".into(), json!(true));
                m.insert("errors".into(), json!([]));
                if let Some(c) = i.created {
                    m.insert("created".into(), json!(c));
                }
            }
            Value::Object(m)
        })
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(out)))
}

fn record_type<'a>(app: &'a App, record: &Map<String, Value>) -> Result<&'a SObject, SfError> {
    let name = record
        .get("attributes")
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            SfError::with_fields("INVALID_TYPE", "Must send a concrete entity type.", vec![])
        })?;
    app.schema.get(name).ok_or_else(|| {
        SfError::with_fields(
            "INVALID_TYPE",
            format!("sObject type '{name}' is not supported."),
            vec![],
        )
    })
}

fn collection_create(app: &App, req: &Req) -> Answer {
    let (all_or_none, records) = collection_body(req)?;
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let c = ctx(app, &tx);
    let items = records
        .iter()
        .map(|r| {
            let Some(r) = r.as_object() else {
                return Item::failed(
                    None,
                    vec![SfError::new(
                        "JSON_PARSER_ERROR",
                        "Each record must be a JSON object",
                    )],
                );
            };
            let result = record_type(app, r)
                .map_err(|e| vec![e])
                .and_then(|obj| write::insert(&c, obj, r));
            match result {
                Ok(id) => Item {
                    id: Some(id),
                    errors: vec![],
                    created: None,
                    keeps_id: false,
                },
                Err(errors) => Item::failed(None, errors),
            }
        })
        .collect();
    finish(tx, all_or_none, items)
}

fn collection_update(app: &App, req: &Req) -> Answer {
    let (all_or_none, records) = collection_body(req)?;
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let c = ctx(app, &tx);
    let items = records
        .iter()
        .map(|r| {
            let Some(r) = r.as_object() else {
                return Item::failed(
                    None,
                    vec![SfError::new(
                        "JSON_PARSER_ERROR",
                        "Each record must be a JSON object",
                    )],
                );
            };
            let id = r
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("id"))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string);
            let result = (|| {
                let obj = record_type(app, r).map_err(|e| vec![e])?;
                let Some(id) = id.as_deref() else {
                    return Err(vec![SfError::with_fields(
                        "MISSING_ARGUMENT",
                        "Id not specified in an update call",
                        vec![],
                    )]);
                };
                let record = collection_record(&tx, obj, id)?;
                let body = without_key(r, "id");
                write::update(&c, obj, &record, &body).map(|_| record.id)
            })();
            match result {
                Ok(id) => Item {
                    id: Some(id),
                    errors: vec![],
                    created: None,
                    keeps_id: true,
                },
                Err(errors) => Item::failed(None, errors),
            }
        })
        .collect();
    finish(tx, all_or_none, items)
}

/// The live record of a collection item, or its per-record error.
pub(crate) fn collection_record(
    conn: &rusqlite::Connection,
    obj: &SObject,
    id: &str,
) -> Result<Stored, Vec<SfError>> {
    let malformed = || {
        vec![SfError::with_fields(
            "MALFORMED_ID",
            format!(
                "{} ID: id value of incorrect type: {id}",
                obj.describe.label
            ),
            vec!["Id".into()],
        )]
    };
    let id18 = crate::ids::normalize(id).ok_or_else(malformed)?;
    if &id18[..3] != obj.key_prefix() {
        return Err(malformed());
    }
    match store::get(conn, &id18).map_err(|e| vec![write::storage(e)])? {
        None => Err(vec![SfError::with_fields(
            "INVALID_CROSS_REFERENCE_KEY",
            "invalid cross reference id",
            vec![],
        )]),
        Some(r) if r.deleted => Err(vec![SfError::entity_is_deleted()]),
        Some(r) => Ok(r),
    }
}

fn collection_delete(app: &App, req: &Req) -> Answer {
    let ids: Vec<String> = req
        .param("ids")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if ids.len() > COLLECTION_LIMIT {
        return Err(limit_exceeded());
    }
    let all_or_none = req.param("allOrNone") == Some("true");
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let c = ctx(app, &tx);
    let items = ids
        .iter()
        .map(|id| {
            let result = (|| {
                let id18 = crate::ids::normalize(id).ok_or_else(|| {
                    vec![SfError::with_fields(
                        "MALFORMED_ID",
                        format!("malformed id {id}"),
                        vec![],
                    )]
                })?;
                let obj = app.schema.by_prefix(&id18[..3]).ok_or_else(|| {
                    vec![SfError::with_fields(
                        "MALFORMED_ID",
                        format!("malformed id {id}"),
                        vec![],
                    )]
                })?;
                let record = collection_record(&tx, obj, &id18)?;
                write::delete(&c, obj, &record).map_err(|e| vec![e])?;
                Ok(record.id)
            })();
            match result {
                Ok(id) => Item {
                    id: Some(id),
                    errors: vec![],
                    created: None,
                    keeps_id: true,
                },
                Err(errors) => Item {
                    keeps_id: true,
                    ..Item::failed(Some(id.clone()), errors)
                },
            }
        })
        .collect();
    finish(tx, all_or_none, items)
}

fn collection_retrieve(app: &App, req: &Req, obj: &SObject, v: &str) -> Answer {
    let (ids, fields): (Vec<String>, Option<String>) = if req.method == Method::POST {
        let body = req.json()?;
        let list = |k: &str| -> Vec<String> {
            body.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let fields = list("fields");
        (list("ids"), (!fields.is_empty()).then(|| fields.join(",")))
    } else {
        (
            req.param("ids")
                .unwrap_or("")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            req.param("fields").map(str::to_string),
        )
    };
    let only = selected_fields(obj, fields.as_deref())?;
    let conn = app.db();
    let out: Vec<Value> = ids
        .iter()
        .map(|id| {
            crate::ids::normalize(id)
                .and_then(|id| store::get(&conn, &id).ok().flatten())
                .filter(|r| !r.deleted && r.object == obj.name())
                .map(|r| write::record_json(obj, &r, v, only.as_deref()))
                .unwrap_or(Value::Null)
        })
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(out)))
}

fn collection_upsert(app: &App, req: &Req, obj: &SObject, f: &FieldDescribe, _v: &str) -> Answer {
    let (all_or_none, records) = collection_body(req)?;
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let c = ctx(app, &tx);
    let mut seen: Vec<String> = Vec::new();
    let items = records
        .iter()
        .map(|r| {
            let Some(r) = r.as_object() else {
                return Item::failed(
                    None,
                    vec![SfError::new(
                        "JSON_PARSER_ERROR",
                        "Each record must be a JSON object",
                    )],
                );
            };
            let value = r
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&f.name))
                .and_then(|(_, v)| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            let result = (|| {
                let Some(value) = value else {
                    return Err(vec![SfError::with_fields(
                        "MISSING_ARGUMENT",
                        format!("{} not specified", f.name),
                        vec![],
                    )]);
                };
                if seen.iter().any(|s| s.eq_ignore_ascii_case(&value)) {
                    return Err(vec![SfError::with_fields(
                        "DUPLICATE_EXTERNAL_ID",
                        format!("Duplicate external id specified: {value}"),
                        vec![f.name.clone()],
                    )]);
                }
                seen.push(value.clone());
                match upsert_one(&c, obj, f, &value, r)? {
                    Upserted::Created(id) => Ok((id, true)),
                    Upserted::Updated(id) => Ok((id, false)),
                    Upserted::Several(many) => Err(vec![SfError::with_fields(
                        "DUPLICATE_EXTERNAL_ID",
                        format!(
                            "{}: more than one record found for external id field: [{}]",
                            f.label,
                            many.iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        vec![f.name.clone()],
                    )]),
                }
            })();
            match result {
                Ok((id, created)) => Item {
                    id: Some(id),
                    errors: vec![],
                    created: Some(created),
                    keeps_id: true,
                },
                Err(errors) => Item::failed(None, errors),
            }
        })
        .collect();
    finish(tx, all_or_none, items)
}
