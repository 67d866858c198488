//! The Salesforce client of Sync Central: OAuth logins ([`auth`]), a session that refreshes
//! itself and every REST call going through the egress client ([`client`]), sObject
//! Collections with batching and per-record results ([`collections`]), Bulk API 2.0 ingest
//! and query ([`bulk`]), and the [`Loader`] choosing between them.
//!
//! Every request goes through [`synccentral_net::Egress`] (remote-site allowlist, retries
//! with backoff and `Retry-After`, capped reads). Nothing here depends on Tauri.

pub mod auth;
pub mod bulk;
pub mod client;
pub mod collections;
pub mod error;
pub mod loader;

pub use auth::{web_login, Auth, Config, Tokens, DEFAULT_API_VERSION, DEFAULT_REDIRECT_PORT};
pub use bulk::BulkOptions;
pub use client::{
    parse_limit_info, soql_literal, ApiVersion, Client, Identity, QueryPage, Session, UpsertOutcome,
};
pub use collections::{
    Operation, RecordError, RecordResult, DEFAULT_CONCURRENCY, MAX_RECORDS_PER_CALL,
};
pub use error::{ApiError, SalesforceError};
pub use loader::{Api, Loader, DEFAULT_BULK_THRESHOLD};

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: T) {}

    /// Hosts run these on multi-threaded runtimes (Tauri async commands need `Send` futures).
    #[allow(dead_code, unreachable_code, clippy::diverging_sub_expression)]
    fn public_futures_are_send(client: Client, egress: synccentral_net::Egress, config: Config) {
        let records: Vec<serde_json::Value> = Vec::new();
        assert_send(Client::connect(egress.clone(), config.clone()));
        assert_send(web_login(&egress, &config, |_| {}));
        assert_send(auth::login(&egress, &config));
        assert_send(client.describe("Account"));
        assert_send(client.query("SELECT Id FROM Account"));
        assert_send(client.write_collections(&Operation::Insert, "Account", &records, 4));
        assert_send(client.update_by_external_id("Account", "X__c", &records, 4));
        assert_send(client.bulk_ingest(
            &Operation::Insert,
            "Account",
            &records,
            None,
            &BulkOptions::default(),
        ));
        assert_send(client.bulk_query("SELECT Id FROM Account", None, &BulkOptions::default()));
        let loader = Loader::new(client.clone());
        assert_send(loader.write(&Operation::Insert, "Account", &records, None));
    }
}
