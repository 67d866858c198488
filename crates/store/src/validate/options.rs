//! The rules of one sync option: its HTTP or Salesforce source, its target (object,
//! operation, external ID or `matchOn`, batch sizes, quota share), the guard, the mail it
//! sends, and its mapping compiled. Cross-checks between options and connections stay in
//! [`super::validate`].

use super::Validator;
use crate::config::*;

impl Validator {
    fn quota_share(&mut self, at: &str, share: Option<f64>) {
        if let Some(share) = share {
            if !(share > 0.0 && share <= 1.0) {
                self.issue(
                    at.to_string(),
                    format!("{share} is out of range: a share above 0 and at most 1 (0.9 stops runs at 90% of the org's daily API requests)"),
                );
            }
        }
    }

    /// An import's HTTP source: its path on the remote sites, sizes, key, body and paging.
    fn api_source_rules(&mut self, s: &HttpSource, at: &str, sites: &[String]) {
        self.source_path(&format!("{at}/source/path"), &s.path, sites);
        if let Some(d) = &s.deletions {
            let here = format!("{at}/source/deletions");
            self.source_path(&format!("{here}/path"), &d.path, sites);
            // A GET: its cursor goes in the query.
            self.paging_rules(&here, &d.paging, ReadMethod::Get);
        }
        if s.max_pages == 0 {
            self.issue(format!("{at}/source/maxPages"), "must be at least 1");
        }
        if s.max_page_bytes == 0 {
            self.issue(format!("{at}/source/maxPageBytes"), "must be at least 1");
        }
        if let Some(k) = &s.key_path {
            if let Err(e) = synccentral_engine::path::SourcePath::parse(k) {
                self.issue(format!("{at}/source/keyPath"), e);
            }
        }
        if s.body.is_some() && s.method == ReadMethod::Get {
            self.issue(
                format!("{at}/source/body"),
                "a GET request has no body: set \"method\": \"POST\" or remove \"body\"",
            );
        }
        self.paging_rules(&format!("{at}/source"), &s.paging, s.method);
    }

    /// A source's path: relative to its connection's `baseUrl` (`/v1/contacts`), or a URL on
    /// the remote sites.
    fn source_path(&mut self, at: &str, path: &str, sites: &[String]) {
        if path.starts_with("http://") || path.starts_with("https://") {
            self.url(at, path, sites);
        } else if !path.starts_with('/') {
            self.issue(
                at.to_string(),
                format!("a path starts with / (\"/{path}\")"),
            );
        }
    }

    /// The `paging` of the source (or its deletions) at `at`, read with `method`.
    fn paging_rules(&mut self, at: &str, paging: &Paging, method: ReadMethod) {
        let empty = |t: &str| t.trim().is_empty();
        match paging {
            Paging::NextUrl { path } | Paging::Cursor { path, .. } if empty(path) => self.issue(
                format!("{at}/paging/path"),
                "give the JSONPath of the value in the response",
            ),
            Paging::Offset { page_size: 0, .. } => {
                self.issue(format!("{at}/paging/pageSize"), "must be at least 1")
            }
            Paging::Page {
                page_size: Some(0), ..
            } => self.issue(format!("{at}/paging/pageSize"), "must be at least 1"),
            Paging::Cursor {
                to: CursorTo::Body, ..
            } if method != ReadMethod::Post => self.issue(
                format!("{at}/paging/to"),
                "a cursor sent in the request body needs \"method\": \"POST\"",
            ),
            Paging::AfterLast { id_path, .. } if empty(id_path) => self.issue(
                format!("{at}/paging/idPath"),
                "give the path of each record's id (id)",
            ),
            Paging::AfterLast { has_more, .. } if empty(has_more) => self.issue(
                format!("{at}/paging/hasMore"),
                "give the JSONPath of the response's more-to-read flag ($.has_more)",
            ),
            _ => {}
        }
    }

    /// `matchOn`: field names (relationship paths allowed), for updates and upserts, not
    /// beside an external ID.
    fn match_on_rules(&mut self, imp: &ImportOption, at: &str) {
        let t = &imp.target;
        if t.match_on.is_empty() {
            return;
        }
        if !matches!(t.operation, WriteOperation::Update | WriteOperation::Upsert) {
            self.issue(
                format!("{at}/target/matchOn"),
                format!(
                    "matchOn finds the record to update: it applies to update and upsert, not {}",
                    t.operation.as_str()
                ),
            );
        }
        if t.external_id.is_some() {
            self.issue(
                format!("{at}/target/matchOn"),
                "give either \"externalId\" or \"matchOn\", not both",
            );
        }
        for (i, f) in t.match_on.iter().enumerate() {
            let ok = !f.is_empty()
                && f.split('.').all(|k| {
                    k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !ok {
                self.issue(
                    format!("{at}/target/matchOn/{i}"),
                    format!("\"{f}\" is not a field API name (Email, Account.Name)"),
                );
            }
        }
    }

    /// A Salesforce source (an export's, or an import's from another org).
    fn org_source_rules(&mut self, s: &SalesforceSource, at: &str) {
        if s.object.trim().is_empty() {
            self.issue(format!("{at}/source/object"), "name the Salesforce object");
        }
        if s.limit == Some(0) {
            self.issue(format!("{at}/source/limit"), "must be at least 1");
        }
    }

    pub(super) fn option_rules(&mut self, o: &SyncOption, at: &str, sites: &[String]) {
        match o {
            SyncOption::Import(imp) => {
                match &imp.source {
                    ImportSource::Api(s) => {
                        self.api_source_rules(s, at, sites);
                        if imp.deletes != DeleteMode::Ignore
                            && s.deleted_path.is_none()
                            && s.deletions.is_none()
                        {
                            self.issue(
                                format!("{at}/source/deletedPath"),
                                format!("\"deletes\": \"{}\" needs to know which source records were deleted: set deletedPath to the mark in each record ($.deleted), or deletions to the endpoint listing them ({{\"path\": \"/contacts/deleted\"}})", imp.deletes.as_str()),
                            );
                        }
                    }
                    ImportSource::Org(s) => self.org_source_rules(s, at),
                }
                let t = &imp.target;
                if t.object.trim().is_empty() {
                    self.issue(format!("{at}/target/object"), "name the Salesforce object");
                }
                if t.operation == WriteOperation::Upsert
                    && t.external_id.is_none()
                    && t.match_on.is_empty()
                {
                    self.issue(
                        format!("{at}/target/externalId"),
                        "an upsert needs \"externalId\" (the external ID field that matches records) or \"matchOn\" (the fields that do)",
                    );
                }
                self.match_on_rules(imp, at);
                let max = if t.api == SalesforceApi::Bulk {
                    10_000
                } else {
                    200
                };
                if t.batch_size == 0 || t.batch_size > max {
                    self.issue(
                        format!("{at}/target/batchSize"),
                        format!(
                            "{} is out of range: 1 to {max}{}",
                            t.batch_size,
                            if max == 200 {
                                " (a REST request carries at most 200 records)"
                            } else {
                                ""
                            }
                        ),
                    );
                }
                if t.bulk_threshold == 0 {
                    self.issue(format!("{at}/target/bulkThreshold"), "must be at least 1");
                }
                if imp.guard != GuardMode::Warn
                    && matches!(t.operation, WriteOperation::Insert | WriteOperation::Delete)
                {
                    self.issue(
                        format!("{at}/guard"),
                        format!(
                            "\"guard\": \"{}\" only applies to update and upsert: an {} overwrites no field",
                            imp.guard.as_str(),
                            if t.operation == WriteOperation::Insert { "insert" } else { "delete" }
                        ),
                    );
                }
                self.quota_share(&format!("{at}/target/quotaShare"), t.quota_share);
            }
            SyncOption::Export(exp) => {
                self.org_source_rules(&exp.source, at);
                let t = &exp.target;
                match (&t.connection, &t.file) {
                    (Some(_), Some(_)) => self.issue(
                        format!("{at}/target"),
                        "give either \"connection\" (an http connection) or \"file\", not both",
                    ),
                    (None, None) => self.issue(
                        format!("{at}/target"),
                        "give \"connection\" (an http connection, with \"path\") or \"file\"",
                    ),
                    (Some(_), None) => match &t.path {
                        None => self.issue(
                            format!("{at}/target/path"),
                            "an http target needs \"path\" (e.g. \"/v1/customers\")",
                        ),
                        Some(p) if p.starts_with("http://") || p.starts_with("https://") => {
                            self.url(&format!("{at}/target/path"), p, sites)
                        }
                        Some(p) if !p.starts_with('/') => self.issue(
                            format!("{at}/target/path"),
                            format!("a path starts with / (\"/{p}\")"),
                        ),
                        _ => {}
                    },
                    (None, Some(f)) => {
                        if f.trim().is_empty() {
                            self.issue(format!("{at}/target/file"), "name the file");
                        }
                        if t.format == ExportFormat::Form {
                            self.issue(
                                format!("{at}/target/format"),
                                "a file is written as json or csv, not form",
                            );
                        }
                    }
                }
                if t.batch == 0 {
                    self.issue(format!("{at}/target/batch"), "must be at least 1");
                }
                self.quota_share(&format!("{at}/target/quotaShare"), t.quota_share);
                if let Some(csv) = &t.csv {
                    for (key, c) in [("delimiter", csv.delimiter), ("quote", csv.quote)] {
                        if !c.is_ascii() || c == '\n' || c == '\r' {
                            self.issue(
                                format!("{at}/target/csv/{key}"),
                                "must be one ASCII character other than a line break",
                            );
                        }
                    }
                    if t.format != ExportFormat::Csv {
                        self.issue(
                            format!("{at}/target/csv"),
                            "csv options need \"format\": \"csv\"",
                        );
                    }
                }
            }
        }
        if let Some(inc) = o.incremental() {
            if inc.cursor.trim().is_empty() {
                self.issue(format!("{at}/incremental/cursor"), "name the cursor field");
            }
            if inc.lookback_seconds().is_none() {
                self.issue(
                    format!("{at}/incremental/lookback"),
                    format!(
                        "\"{}\" is not a duration such as \"48h\", \"15m\", \"2d\" or \"30s\"",
                        inc.lookback.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
        if let Err(issues) = synccentral_engine::mapping::compile(o.mapping(), None) {
            for issue in issues {
                self.issue(format!("{at}/mapping{}", issue.pointer), issue.message);
            }
        }
    }
}
