//! The Salesforce client as an import's [`SalesforceTarget`] (writes through the
//! [`Loader`], so `api: auto | rest | bulk` and the bulk threshold apply) and as an
//! export's [`SoqlSource`] (query/queryMore, page by page).

use super::current::{strip_attributes, CurrentReader};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use serde_json::{Map, Value};
use std::collections::HashMap;
use synccentral_engine::Describe;
use synccentral_runner::connect::{
    PageSource, SalesforceTarget, SoqlSource, SourceError, TargetError, WriteOp, WriteOutcome,
};
use synccentral_salesforce::{BulkOptions, Client, Loader, Operation, QueryPage, SalesforceError};

/// An import's target: one object of one org.
#[derive(Debug, Clone)]
pub struct OrgTarget {
    /// Writes through collections or Bulk API 2.0.
    pub loader: Loader,
    /// Reads records as the org holds them, with the loader's API choice; its describe
    /// (the object's) also types Bulk's ingest CSV.
    pub reader: CurrentReader,
}

impl OrgTarget {
    /// A target writing with `loader` (one per run: its reader keeps the run's snapshot).
    pub fn new(loader: Loader, describe: Option<Describe>) -> OrgTarget {
        let reader = CurrentReader::new(
            loader.client.clone(),
            loader.api,
            loader.bulk_threshold,
            describe,
        );
        OrgTarget { loader, reader }
    }
}

fn target_error(e: &SalesforceError) -> TargetError {
    TargetError {
        code: Some(e.code().to_string()),
        message: e.to_string(),
    }
}

/// A record result standing for a whole call whose effect is unknown: a transport error
/// after the request may have been sent, or a server error answered for the whole call.
fn outcome_unknown(r: &synccentral_salesforce::RecordResult) -> bool {
    !r.success
        && r.errors.first().is_some_and(|e| {
            e.fields.is_empty()
                && (e.status_code == "CONNECTION_FAILED"
                    || (e.status_code == "UNKNOWN_EXCEPTION"
                        && e.message.starts_with("Salesforce answered 5")))
        })
}

/// The runner's outcome of one record of a write.
fn outcome(r: synccentral_salesforce::RecordResult, op: WriteOp) -> WriteOutcome {
    match (r.success, r.id) {
        (true, Some(id)) => WriteOutcome::Success {
            id,
            created: r.created.unwrap_or(op == WriteOp::Insert),
        },
        (success, _) => {
            let first = r.errors.into_iter().next();
            WriteOutcome::Error {
                code: first
                    .as_ref()
                    .map(|e| e.status_code.clone())
                    .unwrap_or_else(|| if success { "NO_ID" } else { "UNKNOWN_ERROR" }.to_string()),
                message: first
                    .as_ref()
                    .map(|e| e.message.clone())
                    .unwrap_or_else(|| "Salesforce gave no Id for this record".into()),
                fields: first.map(|e| e.fields).unwrap_or_default(),
            }
        }
    }
}

/// The client's operation for the runner's.
pub fn operation(op: WriteOp, external_id: Option<&str>) -> Operation {
    match op {
        WriteOp::Insert => Operation::Insert,
        WriteOp::Update => Operation::Update,
        WriteOp::Upsert => Operation::Upsert {
            external_id_field: external_id.unwrap_or("Id").to_string(),
        },
        WriteOp::Delete => Operation::Delete,
    }
}

impl SalesforceTarget for OrgTarget {
    async fn write(
        &self,
        op: WriteOp,
        object: &str,
        external_id: Option<&str>,
        records: Vec<Value>,
    ) -> Result<Vec<WriteOutcome>, TargetError> {
        let results = self
            .loader
            .write(
                &operation(op, external_id),
                object,
                &records,
                self.reader.describe.as_ref(),
            )
            .await
            .map_err(|e| target_error(&e))?;
        // An insert call that failed as a whole without a clear refusal (the connection
        // dropped after sending, or a 5xx) may have created its records: fail the batch so
        // it has no result and its inserts stay pending in the journal; the next run finds
        // the ones that landed by external ID instead of inserting them twice.
        if op == WriteOp::Insert {
            if let Some(unknown) = results.iter().find(|r| outcome_unknown(r)) {
                let e = &unknown.errors[0];
                return Err(TargetError {
                    code: Some(e.status_code.clone()),
                    message: format!("the outcome of an insert call is unknown: {}", e.message),
                });
            }
        }
        if results.len() != records.len() {
            return Err(TargetError::new(format!(
                "Salesforce answered {} results for {} records",
                results.len(),
                records.len()
            )));
        }
        Ok(results.into_iter().map(|r| outcome(r, op)).collect())
    }

    async fn lookup_ids(
        &self,
        object: &str,
        external_id: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>, TargetError> {
        let found = self
            .loader
            .client
            .ids_by_external_id(object, external_id, keys)
            .await
            .map_err(|e| target_error(&e))?;
        Ok(keys
            .iter()
            .filter_map(|k| {
                found
                    .get(&k.to_lowercase())
                    .and_then(|ids| ids.first())
                    .map(|id| (k.clone(), id.clone()))
            })
            .collect())
    }

    async fn current_values(
        &self,
        object: &str,
        by: &str,
        keys: &[String],
        fields: &[String],
    ) -> Result<HashMap<String, Map<String, Value>>, TargetError> {
        self.reader
            .read(object, by, keys, fields)
            .await
            .map_err(|e| target_error(&e))
    }

    async fn hard_delete(
        &self,
        object: &str,
        ids: Vec<String>,
    ) -> Result<Vec<WriteOutcome>, TargetError> {
        let records: Vec<Value> = ids.iter().map(|id| serde_json::json!({"Id": id})).collect();
        let results = self
            .loader
            .write(&Operation::HardDelete, object, &records, None)
            .await
            .map_err(|e| {
                let mut t = target_error(&e);
                t.message = format!(
                    "{} (a hard delete needs the \"Bulk API Hard Delete\" permission on the user's profile or a permission set)",
                    t.message
                );
                t
            })?;
        if results.len() != ids.len() {
            return Err(TargetError::new(format!(
                "Salesforce answered {} results for {} hard deletes",
                results.len(),
                ids.len()
            )));
        }
        Ok(results
            .into_iter()
            .map(|r| outcome(r, WriteOp::Delete))
            .collect())
    }

    async fn match_records(
        &self,
        object: &str,
        fields: &[String],
        tuples: &[Vec<String>],
        read: &[String],
    ) -> Result<HashMap<String, Vec<Map<String, Value>>>, TargetError> {
        super::matching::match_records(&self.loader.client, object, fields, tuples, read)
            .await
            .map_err(|e| target_error(&e))
    }

    fn read_ahead(&self, batch: usize) -> usize {
        self.reader.read_ahead(batch)
    }

    fn api_usage(&self) -> Option<(u64, u64)> {
        self.loader.client.api_usage()
    }
}

/// An export's source: SOQL on one org (with the option's `limit`, when it has one).
#[derive(Debug, Clone)]
pub struct OrgSource {
    /// The logged-in client.
    pub client: Client,
    /// At most this many records.
    pub limit: Option<u64>,
    /// `api: bulk`: a Bulk API 2.0 query job, its CSV typed by this describe of the object.
    pub bulk: Option<Describe>,
    /// Deleted records too (`queryAll`).
    pub all: bool,
}

/// The pages of one SOQL query.
pub enum QueryPages {
    /// query/queryMore, a page at a time.
    Rest(BoxStream<'static, Result<QueryPage, SalesforceError>>),
    /// A Bulk API 2.0 query's records, as one page.
    Bulk(Option<Vec<Value>>),
}

impl PageSource for QueryPages {
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        match self {
            QueryPages::Rest(stream) => match stream.next().await {
                None => Ok(None),
                Some(Ok(page)) => Ok(Some(
                    page.records.into_iter().map(strip_attributes).collect(),
                )),
                Some(Err(e)) => Err(SourceError::new(format!("query: {} ({})", e, e.code()))),
            },
            QueryPages::Bulk(records) => Ok(records.take()),
        }
    }
}

impl SoqlSource for OrgSource {
    type Pages = QueryPages;

    async fn query(&self, soql: &str) -> Result<QueryPages, SourceError> {
        let soql = match self.limit {
            Some(n) => format!("{soql} LIMIT {n}"),
            None => soql.to_string(),
        };
        match &self.bulk {
            None => Ok(QueryPages::Rest(
                self.client.query_with(&soql, None, self.all).boxed(),
            )),
            Some(describe) => self
                .client
                .bulk_query_with(&soql, Some(describe), &BulkOptions::default(), self.all)
                .await
                .map(|records| QueryPages::Bulk(Some(records)))
                .map_err(|e| SourceError::new(format!("bulk query: {} ({})", e, e.code()))),
        }
    }

    fn api_usage(&self) -> Option<(u64, u64)> {
        self.client.api_usage()
    }
}
