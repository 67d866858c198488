//! The HTTP API connector as an import's [`PageSource`] and an export's [`RecordSink`]
//! (an API, or a file rewritten atomically after each batch).

use serde_json::Value;
use std::path::PathBuf;
use std::sync::Mutex;
use synccentral_httpapi::{write_file, Fetcher, FileFormat, HttpApiError, Sender, SourceConfig};
use synccentral_net::Egress;
use synccentral_runner::connect::{PageSource, RecordSink, SendOutcome, SinkError, SourceError};
use synccentral_runner::window::Window;

fn source_error(e: &HttpApiError) -> SourceError {
    SourceError::new(format!("{e} ({})", e.code()))
}

/// The connector's window: the run's, as the cursor's format wrote it.
pub fn http_window(w: &Window) -> synccentral_httpapi::Window {
    synccentral_httpapi::Window {
        since: w.since.clone(),
        until: Some(w.until.clone()),
    }
}

/// An API import source resolved on its connection: the records' walk, and the walk of the
/// endpoint listing deleted records (`source.deletions`, when `deletes` is not ignored).
#[derive(Debug, Clone)]
pub struct ApiRead {
    /// The records.
    pub records: SourceConfig,
    /// The deleted records, read after them.
    pub deletions: Option<SourceConfig>,
}

/// An import's pages: the fetcher, or the error that kept it from being built.
pub enum ApiPages {
    /// Walking the API, then its deletions endpoint when it has one.
    Fetching(Box<Fetcher>, Option<Box<ApiPages>>),
    /// The fetcher could not be built: the first call fails with this.
    Broken(Option<SourceError>),
    /// Records already in hand (a retry of stored source records), as one page.
    Records(Option<Vec<Value>>),
}

impl ApiPages {
    /// Opens `read` over the run's window: the deletions endpoint gets the same window.
    pub fn open(read: &ApiRead, window: &Window, egress: Egress) -> ApiPages {
        let deletions = read
            .deletions
            .as_ref()
            .map(|d| Box::new(ApiPages::walk(d, window, egress.clone())));
        match ApiPages::walk(&read.records, window, egress) {
            ApiPages::Fetching(f, _) => ApiPages::Fetching(f, deletions),
            other => other,
        }
    }

    fn walk(config: &SourceConfig, window: &Window, egress: Egress) -> ApiPages {
        match Fetcher::new(config, http_window(window), egress) {
            Ok(f) => ApiPages::Fetching(Box::new(f), None),
            Err(e) => ApiPages::Broken(Some(source_error(&e))),
        }
    }
}

impl PageSource for ApiPages {
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        match self {
            ApiPages::Fetching(f, _) => match f.next_page().await {
                Ok(Some(page)) => Ok(Some(page.records)),
                Ok(None) => Ok(None),
                Err(e) => Err(source_error(&e)),
            },
            ApiPages::Broken(e) => Err(e
                .take()
                .unwrap_or_else(|| SourceError::new("the source could not be opened"))),
            ApiPages::Records(r) => Ok(r.take()),
        }
    }

    async fn next_deletions(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        match self {
            ApiPages::Fetching(_, Some(deletions)) => Box::pin(deletions.next_page()).await,
            _ => Ok(None),
        }
    }
}

/// Where an export goes.
pub enum Sink {
    /// An HTTP API.
    Api(Box<Sender>),
    /// A file: every record sent so far, rewritten atomically after each batch.
    File {
        /// The file.
        path: PathBuf,
        /// Its layout.
        format: FileFormat,
        /// The records written so far.
        written: Mutex<Vec<Value>>,
    },
}

/// An id the API gave a record, read from a JSON answer's `id` (or `Id`).
fn id_in(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let id = v.get("id").or_else(|| v.get("Id"))?;
    match id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl RecordSink for Sink {
    async fn send(&self, records: Vec<Value>) -> Result<Vec<SendOutcome>, SinkError> {
        match self {
            Sink::Api(sender) => {
                let results = sender.send(&records).await;
                let mut out: Vec<SendOutcome> = (0..records.len())
                    .map(|_| SendOutcome {
                        ok: false,
                        status: None,
                        body: Some("no answer for this record".into()),
                        id: None,
                    })
                    .collect();
                for r in results {
                    if let Some(slot) = out.get_mut(r.index) {
                        let body = match (&r.error, r.body.is_empty()) {
                            (Some(e), true) => e.clone(),
                            (Some(e), false) => format!("{e}: {}", r.body),
                            (None, _) => r.body.clone(),
                        };
                        *slot = SendOutcome {
                            ok: r.success,
                            status: r.status,
                            id: if r.success { id_in(&r.body) } else { None },
                            body: Some(body),
                        };
                    }
                }
                Ok(out)
            }
            Sink::File {
                path,
                format,
                written,
            } => {
                let all = {
                    let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
                    w.extend(records.iter().cloned());
                    w.clone()
                };
                write_file(path, format, &all).map_err(|e| SinkError::new(e.to_string()))?;
                Ok(records
                    .iter()
                    .map(|_| SendOutcome {
                        ok: true,
                        status: None,
                        body: None,
                        id: None,
                    })
                    .collect())
            }
        }
    }
}
