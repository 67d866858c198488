//! Reading records as the org holds them now, by Id or external ID: the Day-Zero guard's
//! view, the prior values an undo restores, and the undo's own check. What it costs in API
//! calls is the point (issue #15: the guard must not double a run's calls):
//!
//! - when the run's first read has at least [`SNAPSHOT_MIN_KEYS`] keys, it counts the object (`SELECT COUNT()`, one call). When it holds at
//!   most [`SNAPSHOT_ROWS`] records and no more than [`SNAPSHOT_FACTOR`] times the keys asked
//!   for, the whole object is read once (its key, `Id` and the fields asked for) and the
//!   run's later reads are answered from it: a first load into an empty object costs that one
//!   call;
//! - otherwise, REST queries as long as a GET's URI allows (about 800 short keys a query),
//!   the run reading [`REST_READ_AHEAD`] records' worth at once; from the bulk threshold (or
//!   with `api: bulk`), when that would take more than three queries, Bulk API 2.0 query jobs
//!   of up to 99,000 characters of SOQL instead. The snapshot is read in REST pages, or in
//!   a Bulk job when it spans more than three pages.
//!
//! The snapshot is the object as it was before the run's first write: what the
//! guard compares with and what an undo restores. Records another client creates or changes
//! during the run are not in it.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use synccentral_engine::Describe;
use synccentral_salesforce::{
    bulk_in_queries, rest_in_queries, Api, BulkOptions, Client, SalesforceError,
};

/// The fewest calls a Bulk API 2.0 query job costs (create, poll, results).
const BULK_JOB_CALLS: usize = 3;
/// Records a REST query page holds (Salesforce's default batch).
const REST_PAGE_ROWS: u64 = 2_000;

/// Records one REST read covers when batches are written through REST.
pub const REST_READ_AHEAD: usize = 1_600;
/// A run whose first read has fewer keys than this reads by key only: one query (or job)
/// answers it, so counting the object could only add a call.
pub const SNAPSHOT_MIN_KEYS: usize = 500;
/// The largest object read whole for a run.
pub const SNAPSHOT_ROWS: u64 = 200_000;
/// The object is read whole only when it holds at most this many times the keys of the
/// first bulk read.
pub const SNAPSHOT_FACTOR: u64 = 10;

/// Current values by key as given: each record's `Id`, its key field and the fields asked.
pub type Current = HashMap<String, Map<String, Value>>;

/// The whole object, read once for the run.
#[derive(Debug)]
struct Snapshot {
    /// The field it is keyed by, and the fields it holds (lower case).
    by: String,
    fields: Vec<String>,
    /// Records by their key's value in lower case.
    rows: HashMap<String, Map<String, Value>>,
}

#[derive(Debug, Default)]
enum Whole {
    /// No bulk read yet.
    #[default]
    Untried,
    /// The object is too large for a snapshot, or a read failed: keyed jobs only.
    Declined,
    Held(Snapshot),
}

/// Reads current values through one org's client, choosing the API by how many keys.
#[derive(Debug, Clone)]
pub struct CurrentReader {
    pub client: Client,
    /// The option's `api`.
    pub api: Api,
    /// Reads of at least this many keys go through Bulk with `api: auto`.
    pub bulk_threshold: usize,
    /// Types the Bulk results' CSV.
    pub describe: Option<Describe>,
    pub bulk: BulkOptions,
    whole: Arc<Mutex<Whole>>,
}

impl CurrentReader {
    /// A reader for one run (or one undo): its snapshot, once read, serves only it.
    pub fn new(
        client: Client,
        api: Api,
        bulk_threshold: usize,
        describe: Option<Describe>,
    ) -> CurrentReader {
        CurrentReader {
            client,
            api,
            bulk_threshold,
            describe,
            bulk: BulkOptions::default(),
            whole: Arc::new(Mutex::new(Whole::Untried)),
        }
    }

    /// Whether a read of `keys` keys goes through Bulk API 2.0.
    pub fn bulk_for(&self, keys: usize) -> bool {
        match self.api {
            Api::Bulk => true,
            Api::Rest => false,
            Api::Auto => keys >= self.bulk_threshold,
        }
    }

    /// How many records one read should cover when batches of `batch` are written: a
    /// Bulk-sized batch is read on its own (its reads are jobs, or the snapshot); REST
    /// batches are read [`REST_READ_AHEAD`] records at a time, staying under the threshold.
    pub fn read_ahead(&self, batch: usize) -> usize {
        if self.bulk_for(batch) {
            return batch;
        }
        let under = match self.api {
            Api::Auto => self.bulk_threshold.saturating_sub(1),
            _ => usize::MAX,
        };
        REST_READ_AHEAD.min(under).max(batch)
    }

    /// The current `fields` (and `Id`) of the `object` records whose `by` field holds one
    /// of `keys`, by key as given (matched regardless of case).
    pub async fn read(
        &self,
        object: &str,
        by: &str,
        keys: &[String],
        fields: &[String],
    ) -> Result<Current, SalesforceError> {
        let mut select: Vec<&str> = vec!["Id"];
        for f in fields.iter().map(String::as_str).chain(std::iter::once(by)) {
            if !select.iter().any(|s| s.eq_ignore_ascii_case(f)) {
                select.push(f);
            }
        }
        let mut by_lower: HashMap<String, &String> = HashMap::new();
        for k in keys {
            by_lower.entry(k.to_lowercase()).or_insert(k);
        }
        if by_lower.is_empty() {
            return Ok(Current::new());
        }
        if let Some(found) = self.snapshot_read(object, by, &select, &by_lower).await? {
            return Ok(found);
        }
        let keys = || by_lower.values().map(|k| k.as_str());
        let rest = rest_in_queries(&select, object, by, keys());
        // A Bulk query job costs at least three calls (create, poll, results): below that
        // many REST queries, REST is cheaper whatever the option writes with.
        let rows = if self.bulk_for(by_lower.len()) && rest.len() > BULK_JOB_CALLS {
            let mut rows = Vec::new();
            for soql in bulk_in_queries(&select, object, by, keys()) {
                rows.extend(
                    self.client
                        .bulk_query(&soql, self.describe.as_ref(), &self.bulk)
                        .await?,
                );
            }
            rows
        } else {
            let mut rows = Vec::new();
            for soql in rest {
                rows.extend(self.client.query_all_records(&soql).await?);
            }
            rows
        };
        let mut out = Current::new();
        for row in rows {
            let Value::Object(record) = strip_attributes(row) else {
                continue;
            };
            if let Some(key) = key_of(&record, by).and_then(|v| by_lower.get(&v)) {
                out.insert((*key).clone(), record);
            }
        }
        Ok(out)
    }

    /// The keys' records from the snapshot, reading it first when this is the run's first
    /// read and the object is small enough; `None` when there is no snapshot, or it lacks a
    /// field asked for.
    async fn snapshot_read(
        &self,
        object: &str,
        by: &str,
        select: &[&str],
        keys: &HashMap<String, &String>,
    ) -> Result<Option<Current>, SalesforceError> {
        let untried = matches!(*self.lock(), Whole::Untried);
        if untried {
            let whole = self.read_whole(object, by, select, keys.len()).await;
            let (next, failed) = match whole {
                Ok(Some(s)) => (Whole::Held(s), None),
                Ok(None) => (Whole::Declined, None),
                Err(e) => (Whole::Declined, Some(e)),
            };
            *self.lock() = next;
            if let Some(e) = failed {
                return Err(e);
            }
        }
        let slot = self.lock();
        let Whole::Held(snapshot) = &*slot else {
            return Ok(None);
        };
        let covers = snapshot.by.eq_ignore_ascii_case(by)
            && select
                .iter()
                .all(|f| snapshot.fields.contains(&f.to_lowercase()));
        if !covers {
            return Ok(None);
        }
        Ok(Some(
            keys.iter()
                .filter_map(|(lower, key)| {
                    snapshot
                        .rows
                        .get(lower)
                        .map(|r| ((*key).clone(), r.clone()))
                })
                .collect(),
        ))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Whole> {
        self.whole.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts the object and, when it is small enough for a snapshot, reads it whole.
    async fn read_whole(
        &self,
        object: &str,
        by: &str,
        select: &[&str],
        keys: usize,
    ) -> Result<Option<Snapshot>, SalesforceError> {
        if keys < SNAPSHOT_MIN_KEYS {
            return Ok(None);
        }
        let count = self.count(object).await?;
        let cap = SNAPSHOT_ROWS.min(SNAPSHOT_FACTOR.saturating_mul(keys as u64));
        if count > cap {
            return Ok(None);
        }
        let mut snapshot = Snapshot {
            by: by.to_string(),
            fields: select.iter().map(|f| f.to_lowercase()).collect(),
            rows: HashMap::new(),
        };
        if count == 0 {
            return Ok(Some(snapshot));
        }
        let filter = if by.eq_ignore_ascii_case("Id") {
            String::new()
        } else {
            format!(" WHERE {by} != null")
        };
        let soql = format!("SELECT {} FROM {object}{filter}", select.join(", "));
        // REST pages hold 2,000 records: a Bulk job pays off from a few pages on.
        let rows = if count > (BULK_JOB_CALLS as u64) * REST_PAGE_ROWS {
            self.client
                .bulk_query(&soql, self.describe.as_ref(), &self.bulk)
                .await?
        } else {
            self.client.query_all_records(&soql).await?
        };
        if rows.len() as u64 > SNAPSHOT_ROWS {
            return Ok(None);
        }
        for row in rows {
            if let Value::Object(record) = strip_attributes(row) {
                if let Some(key) = key_of(&record, by) {
                    snapshot.rows.insert(key, record);
                }
            }
        }
        Ok(Some(snapshot))
    }

    /// `SELECT COUNT() FROM object`: one REST call.
    async fn count(&self, object: &str) -> Result<u64, SalesforceError> {
        use futures_util::StreamExt;
        let soql = format!("SELECT COUNT() FROM {object}");
        let mut pages = Box::pin(self.client.query(&soql));
        match pages.next().await {
            Some(page) => Ok(page?.total_size),
            None => Ok(0),
        }
    }
}

/// A record's `by` value in lower case.
fn key_of(record: &Map<String, Value>, by: &str) -> Option<String> {
    record
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(by))
        .and_then(|(_, v)| synccentral_runner::window::value_text(v))
        .map(|v| v.to_lowercase())
}

/// A queried record without Salesforce's `attributes` (type and URL), also inside
/// relationship fields.
pub(crate) fn strip_attributes(v: Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(k, _)| k != "attributes")
                .map(|(k, v)| (k, strip_attributes(v)))
                .collect(),
        ),
        other => other,
    }
}
