//! The HTTP API connector: an import source that reads pages of records from any JSON/REST
//! API ([`Fetcher`]), an export sink that sends mapped records to an API or writes them to
//! a file ([`Sender`], [`write_file`]), and a local sample API to try both against
//! ([`sample_api`]). Every request goes out through `synccentral_net::Egress`, so the
//! remote-site allowlist, retries and body caps apply to all of them.
//!
//! File split (the house's connector layout): `config` (saved config), `auth`, `fetch`
//! (request building and paging), `detect` (reading a first answer's records and paging),
//! `request` (base URL and path, a cursor put in a JSON body, the `Link` header's next),
//! `encode`, `send` (I/O of the sink), `path`, `template`.

mod auth;
pub mod config;
pub mod detect;
mod encode;
mod error;
mod fetch;
mod path;
mod request;
pub mod sample_api;
mod send;
mod template;

pub use auth::Secrets;
pub use config::{
    Auth, CsvOptions, Encoding, FileFormat, HttpMethod, KeyLocation, Paging, SinkConfig,
    SourceConfig,
};
pub use encode::{csv as encode_csv, form as encode_form, neutralise};
pub use error::HttpApiError;
pub use fetch::{Answer, Fetcher, Page, Window};
pub use path::RecordsPath;
pub use send::{file_bytes, write_file, RecordResult, RequestPreview, Sender, RESULT_BODY_LIMIT};
