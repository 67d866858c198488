//! Preview payload: what an export would send, from a live query of its first records,
//! mapped and encoded exactly as a run does, and sent nowhere.

use crate::runs::execute::{prepare, Work};
use crate::runs::httpapi::Sink;
use crate::runs::{RunRequest, Selection, StoreJournal, WireError};
use crate::workspace::{runtime, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::Value;
use synccentral_httpapi::{file_bytes, RequestPreview};
use synccentral_runner::export::build_soql;
use synccentral_runner::window::Window;
use ts_rs::TS;

/// The most records a payload preview reads.
pub const MAX_PREVIEW_RECORDS: usize = 50;

/// A record whose mapping failed: it would be recorded failed, not sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Unsent {
    /// The Salesforce record's Id.
    pub id: String,
    pub message: String,
}

/// What an export would send for its first records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PayloadPreview {
    /// The query that read them (the run's, with `LIMIT`).
    pub soql: String,
    /// Records read.
    #[ts(type = "number")]
    pub records: usize,
    /// The requests (or, for a file, the file) they become, in order.
    pub requests: Vec<RequestPreview>,
    /// Why some records, or requests, would not go.
    pub unsent: Vec<Unsent>,
}

/// Reads the first `count` records (1-50) of export `option` from its org and shows the
/// requests (or file) they become: mapped and encoded as a run does, sent nowhere, with no
/// run recorded.
pub fn preview_payload(
    app: &AppWorkspace,
    option: &str,
    count: usize,
) -> Result<PayloadPreview, ApiError> {
    crate::users::require_user(app)?;
    if count == 0 || count > MAX_PREVIEW_RECORDS {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!("records: between 1 and {MAX_PREVIEW_RECORDS}, not {count}"),
        ));
    }
    let journal = StoreJournal::new(app.open()?);
    let request = RunRequest::new(Selection::Option(option.to_string()));
    runtime().block_on(async {
        let ready = prepare(&journal, &request)
            .await
            .map_err(|p| ApiError::from(WireError::Config(p)))?;
        let Some(Work::Export { plan, source, sink }) = ready.options.first().map(|p| &p.work)
        else {
            return Err(ApiError::new(
                codes::INVALID_REQUEST,
                format!(
                    "\"{option}\" is not an export: an import's preview is the mapping editor's"
                ),
            ));
        };
        let window = Window::full(jiff::Timestamp::now());
        let limit = plan_limit(source.limit, count);
        let soql = format!("{} LIMIT {limit}", build_soql(plan, None, &window));
        let read = source
            .client
            .query_all_records(&soql)
            .await
            .map_err(|e| ApiError::new(e.code(), format!("{option}: {e}")))?;
        let mut unsent = Vec::new();
        let mut mapped = Vec::new();
        for record in &read {
            let id = record["Id"].as_str().unwrap_or_default().to_string();
            let m = plan.mapping.apply(record, None);
            if m.errors.is_empty() {
                mapped.push(Value::Object(m.fields));
            } else {
                let message = m
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                unsent.push(Unsent { id, message });
            }
        }
        let requests = match sink {
            Sink::Api(sender) => sender
                .preview(&mapped)
                .into_iter()
                .filter_map(|r| match r {
                    Ok(request) => Some(request),
                    Err(message) => {
                        unsent.push(Unsent {
                            id: String::new(),
                            message,
                        });
                        None
                    }
                })
                .collect(),
            Sink::File { path, format, .. } => {
                let bytes = file_bytes(format, &mapped)
                    .map_err(|m| ApiError::new(codes::INVALID_CONFIG, format!("{option}: {m}")))?;
                vec![RequestPreview {
                    method: "WRITE".into(),
                    url: path.display().to_string(),
                    content_type: match format {
                        synccentral_httpapi::FileFormat::Csv(_) => "text/csv",
                        synccentral_httpapi::FileFormat::Ndjson => "application/x-ndjson",
                        synccentral_httpapi::FileFormat::Json => "application/json",
                    }
                    .into(),
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                    records: mapped.len(),
                }]
            }
        };
        Ok(PayloadPreview {
            soql,
            records: read.len(),
            requests,
            unsent,
        })
    })
}

/// The preview's `LIMIT`: the option's own, when smaller.
fn plan_limit(option_limit: Option<u64>, count: usize) -> u64 {
    let count = count as u64;
    option_limit.map_or(count, |l| l.min(count))
}
