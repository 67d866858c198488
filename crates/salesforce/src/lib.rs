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
pub mod soap;
pub mod soql;

pub use auth::{web_login, Auth, Config, Tokens, DEFAULT_API_VERSION, DEFAULT_REDIRECT_PORT};
pub use bulk::{BulkOptions, BulkQuery};
pub use client::{
    parse_limit_info, ApiVersion, Client, Identity, QueryPage, Session, UpsertOutcome,
};
pub use collections::{
    Operation, RecordError, RecordResult, DEFAULT_CONCURRENCY, MAX_RECORDS_PER_CALL,
};
pub use error::{ApiError, SalesforceError};
pub use loader::{Api, Loader, DEFAULT_BULK_THRESHOLD};
pub use soql::{
    bulk_in_queries, in_queries, in_queries_within, rest_in_queries, soql_literal, url_encoded_len,
    MAX_BULK_SOQL, MAX_REST_QUERY_URI,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: T) {}

    #[test]
    fn debug_output_never_shows_secrets() {
        let auth = Auth::Password {
            client_id: "app".into(),
            client_secret: "s3cret".into(),
            username: "me@x".into(),
            password: "pa55".into(),
            security_token: Some("t0ken".into()),
        };
        let text = format!("{auth:?}");
        assert!(text.contains("me@x") && text.contains("password"), "{text}");
        for secret in ["s3cret", "pa55", "t0ken"] {
            assert!(!text.contains(secret), "{text}");
        }
        let tokens = Tokens {
            access_token: "00D!secret".into(),
            instance_url: url::Url::parse("https://x.my.salesforce.com").unwrap(),
            id: None,
            refresh_token: Some("rt-secret".into()),
            scope: None,
            issued_at: None,
        };
        let text = format!("{tokens:?}");
        assert!(!text.contains("secret"), "{text}");
    }

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
