//! sObject Tree, `POST /composite/tree/{Object}`: root records of `{Object}` with nested child
//! records (under a child relationship name of their parent, `"Contacts": {"records": [...]}`),
//! created in one transaction — all or nothing — level by level across the trees, as
//! Salesforce orders them: every root first, then every second-level record, and so on. Each
//! record goes through the same write path as REST's create, the child's lookup set to its
//! parent's new ID. At most 200 records in all, five levels deep.

use super::valid_reference;
use crate::error::{Failure, SfError};
use crate::schema::{SObject, Schema};
use crate::write::{self, Ctx};
use crate::{json_response, App, Req};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};
use synccentral_engine::FieldType;

/// Records across all trees of one request.
const MAX_RECORDS: usize = 200;
/// Levels of one tree (the root is level 1).
const MAX_DEPTH: usize = 5;

/// A child relationship of an object: its name, the child object and the child's lookup field.
pub struct ChildRelationship {
    pub name: String,
    pub child: String,
    pub field: String,
}

/// The child relationships of `obj`: its describe's `childRelationships`, else derived from
/// the other objects' lookups to it (named after the child's plural label, with `__r` for a
/// custom child object).
pub fn child_relationships(schema: &Schema, obj: &SObject) -> Vec<ChildRelationship> {
    if let Some(listed) = obj.raw["childRelationships"].as_array() {
        return listed
            .iter()
            .filter_map(|r| {
                Some(ChildRelationship {
                    name: r["relationshipName"].as_str()?.to_string(),
                    child: r["childSObject"].as_str()?.to_string(),
                    field: r["field"].as_str()?.to_string(),
                })
            })
            .collect();
    }
    let mut out = Vec::new();
    for child in schema.objects() {
        for f in &child.describe.fields {
            let points_here = f.field_type == FieldType::Reference
                && f.reference_to
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(obj.name()));
            if !points_here || f.name.ends_with("ById") {
                continue;
            }
            let plural: String = child.raw["labelPlural"]
                .as_str()
                .unwrap_or(&child.describe.label)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let name = if child.name().ends_with("__c") {
                format!("{plural}__r")
            } else {
                plural
            };
            out.push(ChildRelationship {
                name,
                child: child.name().to_string(),
                field: f.name.clone(),
            });
        }
    }
    out
}

/// One record of the request, flattened.
struct Node<'a> {
    obj: &'a SObject,
    reference: String,
    fields: Map<String, Value>,
    /// The parent's index and the lookup field to set to its ID.
    parent: Option<(usize, String)>,
    /// An error found while reading the request (wrong type, bad child list).
    invalid: Option<SfError>,
}

/// A record still to read: its object, its JSON, and its parent's index and lookup field.
type Pending<'a> = (&'a SObject, &'a Value, Option<(usize, String)>);

fn parser_error(message: impl Into<String>) -> Failure {
    Failure::bad_request(SfError::new("JSON_PARSER_ERROR", message))
}

fn invalid_input(message: impl Into<String>) -> SfError {
    SfError::with_fields("INVALID_INPUT", message, vec![])
}

/// Reads the `records` of one level into `nodes`; answers the children still to read.
fn read_level<'a>(
    app: &'a App,
    level: Vec<Pending<'a>>,
    nodes: &mut Vec<Node<'a>>,
) -> Result<Vec<Pending<'a>>, Failure> {
    let mut next = Vec::new();
    for (obj, record, parent) in level {
        let Some(record) = record.as_object() else {
            return Err(parser_error("Each record must be a JSON object"));
        };
        let attributes = record.get("attributes");
        let reference = attributes
            .and_then(|a| a.get("referenceId"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut invalid = None;
        if let Some(t) = attributes
            .and_then(|a| a.get("type"))
            .and_then(Value::as_str)
        {
            if !t.eq_ignore_ascii_case(obj.name()) {
                invalid = Some(SfError::with_fields(
                    "INVALID_TYPE",
                    format!("Expected a record of type {} but got {t}", obj.name()),
                    vec![],
                ));
            }
        }
        if !valid_reference(&reference) {
            invalid = Some(invalid_input(format!(
                "Provided referenceId ('{reference}') must start with a letter or a number, and \
                 it can contain only letters, numbers and underscores ('_')."
            )));
        }
        let index = nodes.len();
        let relationships = child_relationships(&app.schema, obj);
        let mut fields = Map::new();
        for (key, value) in record {
            if key == "attributes" {
                continue;
            }
            let Some(rel) = relationships
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(key))
            else {
                fields.insert(key.clone(), value.clone());
                continue;
            };
            let Some(children) = value.get("records").and_then(Value::as_array) else {
                invalid = Some(invalid_input(format!(
                    "The child relationship {} must be an object with a 'records' array",
                    rel.name
                )));
                continue;
            };
            let Some(child) = app.schema.get(&rel.child) else {
                continue;
            };
            for c in children {
                next.push((child, c, Some((index, rel.field.clone()))));
            }
        }
        nodes.push(Node {
            obj,
            reference,
            fields,
            parent,
            invalid,
        });
        if nodes.len() > MAX_RECORDS {
            return Err(Failure::bad_request(SfError::new(
                "EXCEEDED_ID_LIMIT",
                format!(
                    "record limit reached. cannot submit more than {MAX_RECORDS} records into \
                     this call"
                ),
            )));
        }
    }
    Ok(next)
}

fn answer(status: StatusCode, results: Vec<Value>, has_errors: bool) -> Response {
    json_response(
        status,
        &json!({"hasErrors": has_errors, "results": results}),
    )
}

/// `POST /composite/tree/{Object}`.
pub fn create(app: &App, req: &Req, root: &SObject) -> Result<Response, Failure> {
    let body = req.json()?;
    let Some(records) = body.get("records").and_then(Value::as_array) else {
        return Err(parser_error(
            "The request body must be an object with a 'records' array",
        ));
    };
    let mut nodes: Vec<Node> = Vec::new();
    let mut level: Vec<Pending> = records.iter().map(|r| (root, r, None)).collect();
    let mut depth = 0;
    while !level.is_empty() {
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(Failure::bad_request(SfError::new(
                "INVALID_INPUT",
                format!("An sObject tree can be at most {MAX_DEPTH} levels deep"),
            )));
        }
        level = read_level(app, level, &mut nodes)?;
    }
    // Duplicate reference IDs: one result per instance, and nothing is written.
    let mut results = Vec::new();
    for n in &nodes {
        let twice = nodes.iter().filter(|m| m.reference == n.reference).count() > 1;
        let error = if twice && !n.reference.is_empty() {
            Some(invalid_input(
                "Duplicate ReferenceId provided in the request",
            ))
        } else {
            n.invalid.clone()
        };
        if let Some(e) = error {
            results.push(json!({"referenceId": n.reference, "errors": [e.to_result()]}));
        }
    }
    if !results.is_empty() {
        return Ok(answer(StatusCode::BAD_REQUEST, results, true));
    }
    let conn = app.db();
    let tx = conn.unchecked_transaction()?;
    let c = Ctx {
        conn: &tx,
        schema: &app.schema,
        user_id: &app.user_id,
    };
    let mut ids: Vec<Option<String>> = Vec::with_capacity(nodes.len());
    let mut created = Vec::new();
    for n in &nodes {
        let mut fields = n.fields.clone();
        if let Some((parent, field)) = &n.parent {
            let Some(Some(parent_id)) = ids.get(*parent) else {
                // The parent failed: its error is reported, the child is not tried.
                ids.push(None);
                continue;
            };
            fields.retain(|k, _| !k.eq_ignore_ascii_case(field));
            fields.insert(field.clone(), Value::String(parent_id.clone()));
        }
        match write::insert(&c, n.obj, &fields) {
            Ok(id) => {
                created.push(json!({"referenceId": n.reference, "id": id}));
                ids.push(Some(id));
            }
            Err(errors) => {
                results.push(json!({
                    "referenceId": n.reference,
                    "errors": errors.iter().map(SfError::to_result).collect::<Vec<_>>(),
                }));
                ids.push(None);
            }
        }
    }
    if !results.is_empty() {
        tx.rollback()?;
        return Ok(answer(StatusCode::BAD_REQUEST, results, true));
    }
    tx.commit()?;
    Ok(answer(StatusCode::CREATED, created, false))
}
