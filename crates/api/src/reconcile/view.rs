//! The diff viewer's API: compare an import option with its target ([`diff_option`]: the
//! summary counts and one page of rows, filtered by class), re-sync chosen keys through a
//! real run ([`resync`]), accept rows as they are ([`accept`]), and write the rows to a file
//! ([`export_diff`]). The CLI's `diff` command calls the same runner functions.
//!
//! A diff fetches both sides, so the rows of the last diff of each option are kept in
//! memory: paging through them does not fetch again; `refresh` (and every re-sync or
//! acceptance) does.

use crate::codes;
use crate::reconcile::diff::{self as wire_diff, DiffOutcome, DiffRequest, RowSelection};
use crate::runs::{StoreJournal, WireError};
use crate::workspace::AppWorkspace;
use crate::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use synccentral_recon::{Class, Row, Summary};
use synccentral_runner::{CancelToken, RunEvent};
use synccentral_store::Workspace;
use ts_rs::TS;

/// Counts by class (accepted rows count only as accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffSummary {
    #[ts(type = "number")]
    pub same: u64,
    #[ts(type = "number")]
    pub different: u64,
    #[ts(type = "number")]
    pub missing_in_target: u64,
    #[ts(type = "number")]
    pub missing_in_source: u64,
    #[ts(type = "number")]
    pub pending: u64,
    #[ts(type = "number")]
    pub accepted: u64,
    /// Deleted at the source and still in the target.
    #[ts(type = "number")]
    pub deleted_in_source: u64,
}

impl From<Summary> for DiffSummary {
    fn from(s: Summary) -> DiffSummary {
        DiffSummary {
            same: s.same,
            different: s.different,
            missing_in_target: s.missing_in_target,
            missing_in_source: s.missing_in_source,
            pending: s.pending,
            accepted: s.accepted,
            deleted_in_source: s.deleted_in_source,
        }
    }
}

/// One field whose values differ.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FieldChangeView {
    pub field: String,
    /// What a sync would write.
    pub source: Value,
    /// What the target holds.
    pub target: Value,
}

/// One compared key.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffRowView {
    pub key: String,
    pub class: Class,
    pub changes: Vec<FieldChangeView>,
    pub target_id: Option<String>,
    pub accepted: bool,
}

impl From<&Row> for DiffRowView {
    fn from(r: &Row) -> DiffRowView {
        DiffRowView {
            key: r.key.clone(),
            class: r.class,
            changes: r
                .changes
                .iter()
                .map(|c| FieldChangeView {
                    field: c.field.clone(),
                    source: c.source.clone(),
                    target: c.target.clone(),
                })
                .collect(),
            target_id: r.target_id.clone(),
            accepted: r.accepted,
        }
    }
}

/// Which rows a page shows, and how the diff is computed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DiffQuery {
    /// Only rows of these classes (default: every class but `same`); a name that is none
    /// is refused naming the classes.
    #[ts(as = "Vec<Class>")]
    pub classes: Vec<String>,
    /// Only rows with a change on this field (default: any row of the classes).
    pub field: Option<String>,
    /// Also accepted rows (default: open exceptions only).
    pub include_accepted: bool,
    /// The first row of the page.
    #[ts(type = "number")]
    pub offset: usize,
    /// Rows per page (default 100).
    #[ts(type = "number | null")]
    pub limit: Option<usize>,
    /// Pending window start (RFC 3339); default: the last successful run minus `window`.
    pub since: Option<String>,
    /// How long before the last successful run changes count as pending (`15m`).
    pub window: Option<String>,
    /// Take the source side from this run's stored source records.
    #[ts(type = "number | null")]
    pub run: Option<i64>,
    /// Compare again instead of paging the last diff.
    pub refresh: bool,
}

/// A page of a diff.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffView {
    pub option: String,
    pub summary: DiffSummary,
    /// The compared target fields.
    pub fields: Vec<String>,
    /// Mapped targets not compared (the describe does not know them).
    pub skipped_fields: Vec<String>,
    pub pending_since: Option<String>,
    /// Rows matching the query's filter.
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub offset: usize,
    pub rows: Vec<DiffRowView>,
}

/// What a re-sync did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResyncView {
    pub before: DiffSummary,
    pub after: DiffSummary,
    /// The run's id in the run log (none when nothing was sent).
    #[ts(type = "number | null")]
    pub run: Option<i64>,
    #[ts(type = "number")]
    pub written: u64,
    #[ts(type = "number")]
    pub failed: u64,
    /// Selected keys with no source record (missing in the source).
    pub unsendable: Vec<String>,
}

struct Cached {
    outcome: DiffOutcome,
    rows: Vec<Row>,
}

type Cache = Mutex<HashMap<(PathBuf, String), std::sync::Arc<Cached>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn journal(app: &AppWorkspace) -> Result<StoreJournal, ApiError> {
    Workspace::open(app.path())
        .map(StoreJournal::new)
        .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, e.to_string()))
}

fn wire_error(e: WireError) -> ApiError {
    ApiError::from(e)
}

fn request(option: &str, query: &DiffQuery) -> Result<DiffRequest, ApiError> {
    let mut r = DiffRequest::new(option);
    r.from_run = query.run;
    if let Some(s) = &query.since {
        r.since = Some(synccentral_runner::window::parse_instant(s).ok_or_else(|| {
            ApiError::new(
                codes::INVALID_CONFIG,
                format!("since \"{s}\" is not an instant like 2024-06-01T00:00:00Z"),
            )
        })?);
    }
    if let Some(w) = &query.window {
        r.window = synccentral_runner::window::parse_lookback(w)
            .map_err(|e| ApiError::new(codes::INVALID_CONFIG, e))?;
    }
    Ok(r)
}

fn classes(names: &[String]) -> Result<Vec<Class>, ApiError> {
    names
        .iter()
        .map(|n| {
            Class::parse(n).ok_or_else(|| {
                ApiError::new(
                    codes::INVALID_CONFIG,
                    format!(
                        "\"{n}\" is not a class: {}",
                        Class::ALL.map(Class::as_str).join(", ")
                    ),
                )
            })
        })
        .collect()
}

fn computed(
    app: &AppWorkspace,
    option: &str,
    query: &DiffQuery,
) -> Result<std::sync::Arc<Cached>, ApiError> {
    let key = (app.path().to_path_buf(), option.to_string());
    if !query.refresh {
        if let Some(hit) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(hit.clone());
        }
    }
    let request = request(option, query)?;
    let journal = journal(app)?;
    let mut rows = Vec::new();
    let outcome = crate::workspace::runtime()
        .block_on(wire_diff::diff_option(&journal, &request, &mut |r| {
            rows.push(r)
        }))
        .map_err(wire_error)?;
    let cached = std::sync::Arc::new(Cached { outcome, rows });
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, cached.clone());
    Ok(cached)
}

fn selected<'r>(cached: &'r Cached, query: &DiffQuery) -> Result<Vec<&'r Row>, ApiError> {
    let wanted = if query.classes.is_empty() {
        vec![
            Class::Different,
            Class::MissingInTarget,
            Class::MissingInSource,
            Class::DeletedInSource,
            Class::Pending,
        ]
    } else {
        classes(&query.classes)?
    };
    Ok(cached
        .rows
        .iter()
        .filter(|r| wanted.contains(&r.class) && (query.include_accepted || !r.accepted))
        .filter(|r| match &query.field {
            Some(f) => r.changes.iter().any(|c| &c.field == f),
            None => true,
        })
        .collect())
}

/// The diff of `option` (computed on first call or with `refresh`): the summary and the
/// page of rows `query` asks for.
pub fn diff_option(
    app: &AppWorkspace,
    option: &str,
    query: &DiffQuery,
) -> Result<DiffView, ApiError> {
    crate::users::require_user(app)?;
    let cached = computed(app, option, query)?;
    let rows = selected(&cached, query)?;
    let limit = query.limit.unwrap_or(100);
    Ok(DiffView {
        option: option.to_string(),
        summary: cached.outcome.summary.into(),
        fields: cached
            .outcome
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect(),
        skipped_fields: cached.outcome.skipped_fields.clone(),
        pending_since: cached.outcome.pending_since.map(|t| t.to_string()),
        total: rows.len(),
        offset: query.offset,
        rows: rows
            .into_iter()
            .skip(query.offset)
            .take(limit)
            .map(DiffRowView::from)
            .collect(),
    })
}

fn forget(app: &AppWorkspace, option: &str) {
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&(app.path().to_path_buf(), option.to_string()));
}

/// Pushes the source values of `keys` through a real run of `option` (kept in the run
/// log), then compares again.
pub fn resync(app: &AppWorkspace, option: &str, keys: &[String]) -> Result<ResyncView, ApiError> {
    crate::users::require_user(app)?;
    forget(app, option);
    let journal = journal(app)?;
    let select = RowSelection {
        keys: keys.to_vec(),
        ..RowSelection::default()
    };
    let events = |_: &RunEvent| {};
    let done = crate::workspace::runtime()
        .block_on(wire_diff::resync(
            &journal,
            &DiffRequest::new(option),
            &select,
            &events,
            &CancelToken::new(),
        ))
        .map_err(wire_error)?;
    let outcome = done.runs.outcomes.first();
    Ok(ResyncView {
        before: done.before.into(),
        after: done.after.into(),
        run: outcome.map(|o| o.run.0),
        written: outcome.map_or(0, |o| o.counts.written),
        failed: outcome.map_or(0, |o| o.counts.failed),
        unsendable: done.unsendable,
    })
}

/// Accepts the rows of `keys` as they are now; they show as accepted until either side
/// changes. Returns the keys accepted (keys that are the same on both sides are not).
pub fn accept(app: &AppWorkspace, option: &str, keys: &[String]) -> Result<Vec<String>, ApiError> {
    crate::users::require_user(app)?;
    forget(app, option);
    let journal = journal(app)?;
    let select = RowSelection {
        keys: keys.to_vec(),
        ..RowSelection::default()
    };
    crate::workspace::runtime()
        .block_on(wire_diff::accept(
            &journal,
            &DiffRequest::new(option),
            &select,
        ))
        .map_err(wire_error)
}

/// Writes the rows `query` selects (all pages) as `json`, `csv` or `xlsx` into the
/// `exports` folder next to the workspace; returns the file's path.
pub fn export_diff(
    app: &AppWorkspace,
    option: &str,
    query: &DiffQuery,
    format: &str,
) -> Result<String, ApiError> {
    crate::users::require_user(app)?;
    let cached = computed(app, option, query)?;
    let rows: Vec<Row> = selected(&cached, query)?.into_iter().cloned().collect();
    let dir = app
        .path()
        .parent()
        .map(|p| p.join("exports"))
        .unwrap_or_else(|| PathBuf::from("exports"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, format!("{}: {e}", dir.display())))?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S");
    let safe: String = option
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let path = dir.join(format!("diff-{safe}-{stamp}.{format}"));
    let written = match format {
        "json" => {
            let views: Vec<DiffRowView> = rows.iter().map(DiffRowView::from).collect();
            let doc = serde_json::json!({
                "option": option,
                "summary": DiffSummary::from(cached.outcome.summary),
                "rows": views,
            });
            std::fs::write(
                &path,
                serde_json::to_string_pretty(&doc).unwrap_or_default(),
            )
            .map_err(|e| e.to_string())
        }
        "csv" | "xlsx" => {
            let (header, lines) = synccentral_recon::report::table(&rows);
            let f = if format == "csv" {
                synccentral_store::FileFormat::Csv
            } else {
                synccentral_store::FileFormat::Xlsx
            };
            synccentral_store::export::write_table(&path, f, &header, &lines)
                .map_err(|e| e.to_string())
        }
        other => {
            return Err(ApiError::new(
                codes::INVALID_CONFIG,
                format!("unknown export format \"{other}\": use json, csv or xlsx"),
            ))
        }
    };
    written.map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, e))?;
    Ok(path.display().to_string())
}
