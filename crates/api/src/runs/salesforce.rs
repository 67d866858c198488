//! The Salesforce client as an import's [`SalesforceTarget`] (writes through the
//! [`Loader`], so `api: auto | rest | bulk` and the bulk threshold apply) and as an
//! export's [`SoqlSource`] (query/queryMore, page by page).

use super::current::{strip_attributes, CurrentReader};
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use serde_json::{Map, Value};
use std::collections::HashMap;
use synccentral_engine::Describe;
use synccentral_model::SalesforceApi;
use synccentral_runner::connect::{
    PageSource, SalesforceTarget, SoqlSource, SourceError, TargetError, WriteOp, WriteOutcome,
};
use synccentral_runner::export::Soql;
use synccentral_salesforce::{
    BulkOptions, BulkQuery, Client, Loader, Operation, QueryPage, SalesforceError,
};

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

/// From this many records on, `api: auto` reads a Salesforce source through a Bulk API 2.0
/// query job rather than REST `query`/`queryMore` (2,000 records a call): the job costs a
/// few calls whatever the volume, its results come 10,000 rows a call.
pub const BULK_QUERY_FROM: u64 = 10_000;

/// Rows asked per call when reading a Bulk query job's results: a page held at a time.
pub const BULK_QUERY_PAGE: u32 = 10_000;

/// A Salesforce source (an export's, an import's from another org): SOQL on one org, with
/// the option's `limit` when it has one.
#[derive(Debug, Clone)]
pub struct OrgSource {
    /// The logged-in client.
    pub client: Client,
    /// The object queried (its describe types a Bulk query's CSV).
    pub object: String,
    /// At most this many records.
    pub limit: Option<u64>,
    /// REST, Bulk API 2.0, or by volume: `auto` counts the records first (one call).
    pub api: SalesforceApi,
    /// The object's describe, read before the run for `api: bulk`; `auto` reads it when the
    /// count says Bulk.
    pub describe: Option<Describe>,
    /// Deleted records too (`queryAll`).
    pub all: bool,
}

/// The pages of one SOQL query.
pub enum QueryPages {
    /// query/queryMore, a page at a time.
    Rest(BoxStream<'static, Result<QueryPage, SalesforceError>>),
    /// A Bulk API 2.0 query job's results, a page at a time, typed by the describe.
    Bulk(Box<(BulkQuery, Describe)>),
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
            QueryPages::Bulk(job) => {
                let (job, describe) = &mut **job;
                job.next_page(Some(describe))
                    .await
                    .map_err(|e| SourceError::new(format!("bulk query: {} ({})", e, e.code())))
            }
        }
    }
}

impl OrgSource {
    /// Whether this query goes through Bulk API 2.0: `api: auto` counts its records.
    async fn bulk(&self, soql: &Soql) -> Result<bool, SourceError> {
        match self.api {
            SalesforceApi::Rest => Ok(false),
            SalesforceApi::Bulk => Ok(true),
            SalesforceApi::Auto => {
                let mut pages = Box::pin(self.client.query_with(&soql.count, None, self.all));
                let total = match pages.next().await {
                    Some(Ok(page)) => page.total_size,
                    Some(Err(e)) => {
                        return Err(SourceError::new(format!(
                            "counting the records: {} ({}) (SOQL: {})",
                            e,
                            e.code(),
                            soql.count
                        )))
                    }
                    None => 0,
                };
                let total = self.limit.map_or(total, |n| total.min(n));
                Ok(total >= BULK_QUERY_FROM)
            }
        }
    }
}

impl SoqlSource for OrgSource {
    type Pages = QueryPages;

    async fn query(&self, soql: &Soql) -> Result<QueryPages, SourceError> {
        let text = match self.limit {
            Some(n) => format!("{} LIMIT {n}", soql.text),
            None => soql.text.clone(),
        };
        if !self.bulk(soql).await? {
            return Ok(QueryPages::Rest(
                self.client.query_with(&text, None, self.all).boxed(),
            ));
        }
        let describe = match &self.describe {
            Some(d) => d.clone(),
            None => self.client.describe(&self.object).await.map_err(|e| {
                SourceError::new(format!(
                    "cannot describe {}: {e} ({})",
                    self.object,
                    e.code()
                ))
            })?,
        };
        let options = BulkOptions {
            query_page_size: Some(BULK_QUERY_PAGE),
            ..BulkOptions::default()
        };
        let job = self
            .client
            .bulk_query_open(&text, &options, self.all)
            .await
            .map_err(|e| SourceError::new(format!("bulk query: {} ({})", e, e.code())))?;
        Ok(QueryPages::Bulk(Box::new((job, describe))))
    }

    fn api_usage(&self) -> Option<(u64, u64)> {
        self.client.api_usage()
    }
}
