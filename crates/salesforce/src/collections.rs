//! sObject Collections (`/composite/sobjects`): create, update, upsert by external ID and
//! delete of up to 200 records a call with `allOrNone: false`, one [`RecordResult`] per
//! record in request order. [`Client::write_collections`] splits any number of records into
//! ≤200-record calls with N in flight and keeps the input order of the results; a record
//! failing with `UNABLE_TO_LOCK_ROW` is sent again on its own (with backoff, a few times)
//! before its failure is reported. Update and delete by external ID first look the IDs up
//! with SOQL `IN` queries chunked to stay under URL length limits.

use crate::client::{strip_attributes, Body, Client};
use crate::error::{Result, SalesforceError};
use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use synccentral_net::reqwest::Method;

/// The most records one collections call takes.
pub const MAX_RECORDS_PER_CALL: usize = 200;
/// Calls kept in flight by [`Client::write_collections`] unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// How many times a record refused with `UNABLE_TO_LOCK_ROW` is sent again.
pub const RECORD_LOCK_RETRIES: u32 = 3;
/// The longest SOQL text (before URL encoding) an external-ID lookup puts in one query, well
/// under Salesforce's 16,384-byte URI limit once encoded.
pub const MAX_LOOKUP_SOQL: usize = 4_000;

/// One record's outcome, as collections (and Bulk results mapped back) report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordResult {
    #[serde(default)]
    pub id: Option<String>,
    /// Upserts only: whether the record was inserted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<bool>,
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<RecordError>,
}

/// One error of one record (`statusCode`, not `errorCode`, as Salesforce names it here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    #[serde(rename = "statusCode", alias = "errorCode")]
    pub status_code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub fields: Vec<String>,
}

impl RecordResult {
    /// A failure with one error.
    pub fn failed(code: &str, message: impl Into<String>, fields: Vec<String>) -> RecordResult {
        RecordResult {
            id: None,
            created: None,
            success: false,
            errors: vec![RecordError {
                status_code: code.to_string(),
                message: message.into(),
                fields,
            }],
        }
    }

    /// A whole call that failed, reported on each of its records.
    pub fn from_call_error(e: &SalesforceError) -> RecordResult {
        RecordResult::failed(e.code(), e.to_string(), Vec::new())
    }

    fn is_locked(&self) -> bool {
        self.errors
            .iter()
            .any(|e| e.status_code == "UNABLE_TO_LOCK_ROW")
    }
}

/// A write operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "operation", rename_all = "camelCase")]
pub enum Operation {
    /// Records without `Id`.
    Insert,
    /// Records with `Id`.
    Update,
    /// Records carrying the external-ID field.
    Upsert {
        #[serde(rename = "externalIdFieldName")]
        external_id_field: String,
    },
    /// Records with `Id` (other fields ignored).
    Delete,
    /// Records with `Id`, deleted for good (not to the recycle bin): Bulk API 2.0 only, and
    /// only for users with the "Bulk API Hard Delete" permission.
    HardDelete,
}

/// The record with `attributes.type` first (collections require it).
fn typed(object: &str, record: &Value, drop: &[&str]) -> Value {
    let mut out = Map::new();
    out.insert("attributes".into(), json!({ "type": object }));
    if let Value::Object(o) = strip_attributes(record) {
        for (k, v) in o {
            if !drop.iter().any(|d| d.eq_ignore_ascii_case(&k)) {
                out.insert(k, v);
            }
        }
    }
    Value::Object(out)
}

/// The record's `Id` (any letter case), as text.
pub fn record_id(record: &Value) -> Option<String> {
    field_text(record, "Id")
}

/// A field's value as text (strings as they are, numbers and booleans printed), by name in
/// any letter case.
pub fn field_text(record: &Value, field: &str) -> Option<String> {
    let o = record.as_object()?;
    let v = o
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(field))
        .map(|(_, v)| v)?;
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Client {
    /// One collections call (≤200 records), results in request order, without retries of
    /// locked records.
    async fn collection_call(
        &self,
        op: &Operation,
        object: &str,
        records: &[Value],
    ) -> Result<Vec<RecordResult>> {
        if records.len() > MAX_RECORDS_PER_CALL {
            return Err(SalesforceError::Config(format!(
                "a collections call takes at most {MAX_RECORDS_PER_CALL} records, not {}",
                records.len()
            )));
        }
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let answer = match op {
            Operation::HardDelete => {
                return Err(SalesforceError::Config(
                    "a hard delete goes through Bulk API 2.0, not sObject Collections".into(),
                ))
            }
            Operation::Insert => {
                let body = json!({"allOrNone": false, "records": records.iter().map(|r| typed(object, r, &["Id"])).collect::<Vec<_>>()});
                self.call(
                    Method::POST,
                    &self.data_path("/composite/sobjects"),
                    &[],
                    Body::Json(body),
                    &[],
                )
                .await?
            }
            Operation::Update => {
                let body = json!({"allOrNone": false, "records": records.iter().map(|r| typed(object, r, &[])).collect::<Vec<_>>()});
                self.call(
                    Method::PATCH,
                    &self.data_path("/composite/sobjects"),
                    &[],
                    Body::Json(body),
                    &[],
                )
                .await?
            }
            Operation::Upsert { external_id_field } => {
                let body = json!({"allOrNone": false, "records": records.iter().map(|r| typed(object, r, &["Id"])).collect::<Vec<_>>()});
                self.call(
                    Method::PATCH,
                    &self.data_path(&format!(
                        "/composite/sobjects/{}/{}",
                        crate::client::seg(object),
                        crate::client::seg(external_id_field)
                    )),
                    &[],
                    Body::Json(body),
                    &[],
                )
                .await?
            }
            Operation::Delete => {
                let ids: Vec<String> = records
                    .iter()
                    .map(|r| match r {
                        Value::String(s) => s.clone(),
                        other => record_id(other).unwrap_or_default(),
                    })
                    .collect();
                let joined = ids.join(",");
                self.call(
                    Method::DELETE,
                    &self.data_path("/composite/sobjects"),
                    &[("ids", joined.as_str()), ("allOrNone", "false")],
                    Body::None,
                    &[],
                )
                .await?
            }
        };
        let results: Vec<RecordResult> = answer.json()?;
        if results.len() != records.len() {
            return Err(SalesforceError::decode(
                &answer.url,
                format!("{} results for {} records", results.len(), records.len()),
            ));
        }
        Ok(results)
    }

    /// One collections call (≤200 records) with `allOrNone: false`: one result per record
    /// in order. Records refused with `UNABLE_TO_LOCK_ROW` are sent again alone, with
    /// backoff, up to [`RECORD_LOCK_RETRIES`] times.
    pub async fn collection(
        &self,
        op: &Operation,
        object: &str,
        records: &[Value],
    ) -> Result<Vec<RecordResult>> {
        let mut results = self.collection_call(op, object, records).await?;
        for attempt in 0..RECORD_LOCK_RETRIES {
            let locked: Vec<usize> = (0..results.len())
                .filter(|i| results[*i].is_locked())
                .collect();
            if locked.is_empty() {
                break;
            }
            tokio::time::sleep(self.lock_backoff() * 2u32.pow(attempt)).await;
            let again: Vec<Value> = locked.iter().map(|i| records[*i].clone()).collect();
            match self.collection_call(op, object, &again).await {
                Ok(retried) => {
                    for (k, i) in locked.into_iter().enumerate() {
                        results[i] = retried[k].clone();
                    }
                }
                Err(_) => break, // keep the lock errors as the records' outcome
            }
        }
        Ok(results)
    }

    /// `POST /composite/sobjects` (≤200 records).
    pub async fn create_many(&self, object: &str, records: &[Value]) -> Result<Vec<RecordResult>> {
        self.collection(&Operation::Insert, object, records).await
    }

    /// `PATCH /composite/sobjects` (≤200 records, each with `Id`).
    pub async fn update_many(&self, object: &str, records: &[Value]) -> Result<Vec<RecordResult>> {
        self.collection(&Operation::Update, object, records).await
    }

    /// `PATCH /composite/sobjects/{object}/{field}` (≤200 records, each with the field).
    pub async fn upsert_many(
        &self,
        object: &str,
        external_id_field: &str,
        records: &[Value],
    ) -> Result<Vec<RecordResult>> {
        let op = Operation::Upsert {
            external_id_field: external_id_field.to_string(),
        };
        self.collection(&op, object, records).await
    }

    /// `DELETE /composite/sobjects?ids=…&allOrNone=false` (≤200 IDs).
    pub async fn delete_many(&self, ids: &[String]) -> Result<Vec<RecordResult>> {
        let records: Vec<Value> = ids.iter().map(|id| Value::String(id.clone())).collect();
        self.collection(&Operation::Delete, "", &records).await
    }

    /// Any number of records in ≤200-record calls, `concurrency` calls in flight (at least
    /// 1), one result per input record in input order. A call that fails as a whole (after
    /// the egress client's retries) reports its error on each of its records, so the other
    /// calls' outcomes are never lost.
    pub fn write_collections<'a>(
        &'a self,
        op: &'a Operation,
        object: &'a str,
        records: &'a [Value],
        concurrency: usize,
    ) -> BoxFuture<'a, Vec<RecordResult>> {
        // Boxed batch futures collected up front: a closure inside the stream would keep the
        // whole future from being provably `Send` (hosts need that).
        let batches: Vec<BoxFuture<'a, Vec<RecordResult>>> = records
            .chunks(MAX_RECORDS_PER_CALL)
            .map(|chunk| -> BoxFuture<'a, Vec<RecordResult>> {
                Box::pin(async move {
                    match self.collection(op, object, chunk).await {
                        Ok(results) => results,
                        Err(e) => vec![RecordResult::from_call_error(&e); chunk.len()],
                    }
                })
            })
            .collect();
        Box::pin(async move {
            let per_batch: Vec<Vec<RecordResult>> = futures_util::stream::iter(batches)
                .buffered(concurrency.max(1))
                .collect()
                .await;
            per_batch.into_iter().flatten().collect()
        })
    }

    /// The IDs of the `object` records whose `field` has one of `values`, keyed by the value
    /// in lower case (external IDs match regardless of case unless the field is
    /// case-sensitive). One SOQL `IN` query per chunk of values, each under
    /// [`MAX_LOOKUP_SOQL`] characters.
    pub async fn ids_by_external_id(
        &self,
        object: &str,
        field: &str,
        values: &[String],
    ) -> Result<HashMap<String, Vec<String>>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        let queries = crate::soql::in_queries(
            &["Id", field],
            object,
            field,
            values.iter().map(String::as_str),
        );
        for soql in queries {
            for row in self.query_all_records(&soql).await? {
                if let (Some(id), Some(value)) = (record_id(&row), field_text(&row, field)) {
                    out.entry(value.to_lowercase()).or_default().push(id);
                }
            }
        }
        Ok(out)
    }

    /// Updates records identified by their external ID (`field`): the IDs are looked up
    /// first; a value matching no record fails with `NOT_FOUND`, several with
    /// `DUPLICATE_EXTERNAL_ID`. Results in input order.
    pub async fn update_by_external_id(
        &self,
        object: &str,
        field: &str,
        records: &[Value],
        concurrency: usize,
    ) -> Result<Vec<RecordResult>> {
        let values: Vec<Option<String>> = records.iter().map(|r| field_text(r, field)).collect();
        let known: Vec<String> = values.iter().flatten().cloned().collect();
        let ids = self.ids_by_external_id(object, field, &known).await?;
        let mut results: Vec<Option<RecordResult>> = vec![None; records.len()];
        let mut to_send = Vec::new();
        let mut positions = Vec::new();
        for (i, (record, value)) in records.iter().zip(&values).enumerate() {
            match resolve(object, field, value.as_deref(), &ids) {
                Ok(id) => {
                    let mut r = typed(object, record, &[field, "Id"]);
                    if let Some(o) = r.as_object_mut() {
                        o.insert("Id".into(), Value::String(id));
                    }
                    to_send.push(r);
                    positions.push(i);
                }
                Err(failure) => results[i] = Some(failure),
            }
        }
        let sent = self
            .write_collections(&Operation::Update, object, &to_send, concurrency)
            .await;
        for (i, r) in positions.into_iter().zip(sent) {
            results[i] = Some(r);
        }
        Ok(results
            .into_iter()
            .map(|r| r.expect("every record has a result"))
            .collect())
    }

    /// Deletes the records whose external ID (`field`) is one of `values`, looked up first;
    /// results in the order of `values`.
    pub async fn delete_by_external_id(
        &self,
        object: &str,
        field: &str,
        values: &[String],
        concurrency: usize,
    ) -> Result<Vec<RecordResult>> {
        let ids = self.ids_by_external_id(object, field, values).await?;
        let mut results: Vec<Option<RecordResult>> = vec![None; values.len()];
        let mut to_send = Vec::new();
        let mut positions = Vec::new();
        for (i, value) in values.iter().enumerate() {
            match resolve(object, field, Some(value), &ids) {
                Ok(id) => {
                    to_send.push(Value::String(id));
                    positions.push(i);
                }
                Err(failure) => results[i] = Some(failure),
            }
        }
        let sent = self
            .write_collections(&Operation::Delete, object, &to_send, concurrency)
            .await;
        for (i, r) in positions.into_iter().zip(sent) {
            results[i] = Some(r);
        }
        Ok(results
            .into_iter()
            .map(|r| r.expect("every value has a result"))
            .collect())
    }
}

/// The one ID an external-ID value names, or the record's failure.
fn resolve(
    object: &str,
    field: &str,
    value: Option<&str>,
    ids: &HashMap<String, Vec<String>>,
) -> Result<String, RecordResult> {
    let Some(value) = value else {
        return Err(RecordResult::failed(
            "REQUIRED_FIELD_MISSING",
            format!("the record has no {field} to find it by"),
            vec![field.to_string()],
        ));
    };
    match ids.get(&value.to_lowercase()).map(Vec::as_slice) {
        Some([id]) => Ok(id.clone()),
        Some(many) if many.len() > 1 => Err(RecordResult::failed(
            "DUPLICATE_EXTERNAL_ID",
            format!(
                "{field}: more than one record found for external id field: [{}]",
                many.join(", ")
            ),
            vec![field.to_string()],
        )),
        _ => Err(RecordResult::failed(
            "NOT_FOUND",
            format!("no {object} record has {field} = {value}"),
            vec![field.to_string()],
        )),
    }
}
