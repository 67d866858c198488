//! Fetch sample: one real request on an HTTP connection (through the remote sites), its
//! answer as it came, the records path and paging it proposes, and that paging proven by
//! following it for a few pages.

use crate::connections::{egress_for, no_connection};
use crate::workspace::{runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use synccentral_httpapi::detect::{propose, Asked, RecordsCandidate};
use synccentral_httpapi::{Fetcher, Paging, Window};
use synccentral_model as cfg;
pub use synccentral_model::ReadMethod;
use ts_rs::TS;

/// The most pages a sample follows.
pub const MAX_SAMPLE_PAGES: u32 = 20;

/// One request on an HTTP connection, as an import's source would make it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SampleRequest {
    /// An `http` connection.
    pub connection: String,
    #[serde(default)]
    #[ts(as = "Option<ReadMethod>")]
    pub method: ReadMethod,
    /// Joined to the connection's base URL.
    pub path: String,
    #[serde(default)]
    #[ts(as = "Option<BTreeMap<String, String>>")]
    pub params: BTreeMap<String, String>,
    #[serde(default)]
    #[ts(as = "Option<BTreeMap<String, String>>")]
    pub headers: BTreeMap<String, String>,
    /// The JSON body of a POST.
    #[ts(type = "unknown", optional)]
    pub body: Option<Value>,
    /// Pages to read with the paging (1: the first only; at most 20).
    #[serde(default = "one")]
    #[ts(as = "Option<u32>")]
    pub pages: u32,
    /// Where the records are, when not the proposed place (another array was picked).
    pub records_path: Option<String>,
    /// The paging to follow, when not the proposed one.
    pub paging: Option<Paging>,
}

fn one() -> u32 {
    1
}

/// A response header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeaderLine {
    pub name: String,
    pub value: String,
}

/// One page read by following the paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PageSeen {
    pub number: u32,
    /// The URL (secrets as `***`).
    pub url: String,
    /// Records on the page.
    #[ts(type = "number")]
    pub records: usize,
}

/// What a sample fetch found: the first answer, and what it proposes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SampleReport {
    /// The first request's URL (secrets as `***`) and status.
    pub url: String,
    pub status: u16,
    pub headers: Vec<HeaderLine>,
    /// The first answer, as the tree shows it.
    #[ts(type = "unknown")]
    pub body: Value,
    /// Where the records are: the request's, else the proposed (the largest array of
    /// objects); `None` when the answer holds none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub records_path: Option<String>,
    /// Every array of objects, largest first.
    pub candidates: Vec<RecordsCandidate>,
    /// The paging followed: the request's, else the proposed, as the configuration
    /// document writes it.
    pub paging: Paging,
    /// What in the answer the proposed paging was read from.
    pub paging_reason: String,
    /// The pages read with that paging (the first included).
    pub pages: Vec<PageSeen>,
    /// Why following the paging stopped early, when it did (the pages read stay listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<String>,
    /// The records' fields with their types and a sample value.
    pub fields: Vec<crate::editor::SourceField>,
    /// The first page's records (at most 50), for the mapping editor's sample.
    #[ts(type = "Array<unknown>")]
    pub records: Vec<Value>,
}

/// Records kept in a report for the editor's sample.
const SAMPLE_RECORDS: usize = 50;

/// Calls the connection once as `request` says, proposes where the records are and how the
/// API pages, and follows that paging (or the request's own) for `pages` pages.
pub fn fetch_sample(app: &AppWorkspace, request: &SampleRequest) -> Result<SampleReport, ApiError> {
    crate::users::require_user(app)?;
    if request.pages == 0 || request.pages > MAX_SAMPLE_PAGES {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!(
                "pages: between 1 and {MAX_SAMPLE_PAGES}, not {}",
                request.pages
            ),
        ));
    }
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let name = &request.connection;
    let http = match config.connection(name) {
        Some(cfg::Connection::Http(h)) => h.clone(),
        Some(cfg::Connection::Salesforce(_)) => {
            return Err(ApiError::new(
                codes::INVALID_REQUEST,
                format!("{name} is a Salesforce connection: a sample is fetched from an HTTP API (describe reads an org)"),
            ))
        }
        None => return Err(no_connection(&config, name)),
    };
    let egress = egress_for(&config)?;
    let source: cfg::HttpSource = serde_json::from_value(json!({
        "connection": name,
        "path": request.path,
        "method": request.method,
        "params": request.params,
        "headers": request.headers,
        "body": request.body,
    }))
    .map_err(|e| ApiError::new(codes::INVALID_REQUEST, format!("sample request: {e}")))?;
    // The connector's own code: REMOTE_SITE_NOT_ALLOWED (the message names the origin to
    // add), HTTP_STATUS, INVALID_JSON, …
    let failed =
        |e: synccentral_httpapi::HttpApiError| ApiError::new(e.code(), format!("{name}: {e}"));
    let first_config = crate::runs::convert::source_config(&http, &source);
    runtime().block_on(async move {
        let probe =
            Fetcher::new(&first_config, Window::default(), egress.clone()).map_err(failed)?;
        let answer = probe.first_answer().await.map_err(failed)?;
        let proposal = propose(
            &answer.body,
            answer.link_next.as_deref(),
            &Asked {
                method: first_config.method,
                params: &request.params,
                body: request.body.as_ref(),
            },
        );
        let records_path = request
            .records_path
            .clone()
            .or(proposal.records_path.clone());
        let paging = request.paging.clone().unwrap_or(proposal.paging.clone());
        let walk_config = synccentral_httpapi::SourceConfig {
            records_path: records_path.clone().unwrap_or_else(|| "$".into()),
            paging: paging.clone(),
            max_pages: request.pages,
            ..first_config.clone()
        };
        let mut pages = Vec::new();
        let mut problem = None;
        let mut first_records = None;
        match Fetcher::new(&walk_config, Window::default(), egress) {
            Err(e) => problem = Some(e.to_string()),
            Ok(mut walk) => {
                while pages.len() < request.pages as usize {
                    match walk.next_page().await {
                        Ok(Some(page)) => {
                            pages.push(PageSeen {
                                number: page.number,
                                url: page.url,
                                records: page.records.len(),
                            });
                            first_records.get_or_insert(page.records);
                        }
                        Ok(None) => break,
                        Err(e) => {
                            problem = Some(e.to_string());
                            break;
                        }
                    }
                }
            }
        }
        let mut records = first_records.unwrap_or_default();
        let fields = crate::editor::outline(&records);
        records.truncate(SAMPLE_RECORDS);
        Ok(SampleReport {
            url: answer.url,
            status: answer.status,
            headers: answer
                .headers
                .into_iter()
                .map(|(name, value)| HeaderLine { name, value })
                .collect(),
            body: answer.body,
            records_path,
            candidates: proposal.candidates,
            paging,
            paging_reason: proposal.paging_reason,
            pages,
            problem,
            fields,
            records,
        })
    })
}
