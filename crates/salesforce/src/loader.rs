//! The [`Loader`]: writes records through sObject Collections or Bulk API 2.0. With
//! [`Api::Auto`] it uses Bulk from [`Loader::bulk_threshold`] records on (2,000 by default,
//! where Bulk's few calls beat 10+ collections calls and its asynchronous processing is worth
//! the wait), collections below. Either way the answer is one [`RecordResult`] per record in
//! input order.

use crate::bulk::BulkOptions;
use crate::client::Client;
use crate::collections::{Operation, RecordResult, DEFAULT_CONCURRENCY};
use crate::error::Result;
use serde_json::Value;
use synccentral_engine::Describe;

/// Which API writes the records: the document's `api` (`auto`: Bulk from the threshold on,
/// REST collections below).
pub use synccentral_model::SalesforceApi as Api;

/// Records at which [`Api::Auto`] switches to Bulk.
pub const DEFAULT_BULK_THRESHOLD: usize = 2_000;

/// Writes records with the API chosen for their number.
#[derive(Debug, Clone)]
pub struct Loader {
    pub client: Client,
    pub api: Api,
    pub bulk_threshold: usize,
    /// Collections calls in flight.
    pub concurrency: usize,
    pub bulk: BulkOptions,
}

impl Loader {
    /// `auto`, 2,000-record threshold, 4 calls in flight, default Bulk options.
    pub fn new(client: Client) -> Loader {
        Loader {
            client,
            api: Api::Auto,
            bulk_threshold: DEFAULT_BULK_THRESHOLD,
            concurrency: DEFAULT_CONCURRENCY,
            bulk: BulkOptions::default(),
        }
    }

    /// The API used for `count` records ([`Api::Rest`] or [`Api::Bulk`]).
    pub fn choose(&self, count: usize) -> Api {
        match self.api {
            Api::Auto if count >= self.bulk_threshold => Api::Bulk,
            Api::Auto => Api::Rest,
            fixed => fixed,
        }
    }

    /// Writes `records` (deletes: records with `Id`) and returns one result per record in
    /// order. Errors only when a Bulk job fails as a whole or cannot be run; collections
    /// calls that fail report their error on their records.
    pub async fn write(
        &self,
        op: &Operation,
        object: &str,
        records: &[Value],
        describe: Option<&Describe>,
    ) -> Result<Vec<RecordResult>> {
        let api = match op {
            // Only Bulk API 2.0 deletes for good.
            Operation::HardDelete => Api::Bulk,
            _ => self.choose(records.len()),
        };
        match api {
            Api::Bulk => {
                self.client
                    .bulk_ingest(op, object, records, describe, &self.bulk)
                    .await
            }
            _ => Ok(self
                .client
                .write_collections(op, object, records, self.concurrency)
                .await),
        }
    }
}
