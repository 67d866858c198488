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
