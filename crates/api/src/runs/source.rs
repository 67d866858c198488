//! Where an import reads: an HTTP API (the connector's paging walk) or another Salesforce
//! org (one SOQL query, REST or a Bulk API 2.0 job, built from the mapping's source fields
//! and the run's window), behind one [`PageSource`].

use super::httpapi::{ApiPages, ApiRead};
use super::salesforce::{OrgSource, QueryPages};
use serde_json::Value;
use synccentral_net::Egress;
use synccentral_runner::connect::{PageSource, SoqlSource, SourceError};
use synccentral_runner::export::{org_read_soql, Soql};
use synccentral_runner::options::ImportPlan;
use synccentral_runner::window::Window;

/// An import's source, connected.
// One per option and run: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
pub enum ImportFrom {
    /// An HTTP API (its records, and the endpoint listing its deletions).
    Api(ApiRead),
    /// Another Salesforce org.
    Org(OrgSource),
}

impl ImportFrom {
    /// The pages of a run of `plan` over `window`.
    pub fn open(&self, plan: &ImportPlan, window: &Window, egress: &Egress) -> ImportPages {
        match (self, &plan.org_source) {
            (ImportFrom::Org(source), Some(read)) => ImportPages::Org(OrgPages {
                source: source.clone(),
                soql: org_read_soql(read, plan.incremental.as_ref(), window),
                pages: None,
            }),
            (ImportFrom::Api(config), _) => {
                ImportPages::Api(ApiPages::open(config, window, egress.clone()))
            }
            (ImportFrom::Org(_), None) => ImportPages::Api(ApiPages::Broken(Some(
                SourceError::new("the option's plan has no Salesforce query"),
            ))),
        }
    }
}

/// Records already in hand (a retry, the second pass of self links) as an import's pages.
pub fn records(records: Vec<Value>) -> ImportPages {
    ImportPages::Api(ApiPages::Records(Some(records)))
}

/// The pages of an import's source.
pub enum ImportPages {
    /// An API's pages, or records in hand.
    Api(ApiPages),
    /// Another org's query, started on the first page asked for.
    Org(OrgPages),
}

/// One SOQL query on the source org, started lazily.
pub struct OrgPages {
    source: OrgSource,
    soql: Soql,
    pages: Option<QueryPages>,
}

impl PageSource for ImportPages {
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        match self {
            ImportPages::Api(pages) => pages.next_page().await,
            ImportPages::Org(org) => {
                if org.pages.is_none() {
                    let pages = org.source.query(&org.soql).await.map_err(|e| {
                        SourceError::new(format!("{} (SOQL: {})", e.message, org.soql))
                    })?;
                    org.pages = Some(pages);
                }
                match org.pages.as_mut() {
                    Some(pages) => pages.next_page().await,
                    None => Ok(None),
                }
            }
        }
    }

    async fn next_deletions(&mut self) -> Result<Option<Vec<Value>>, SourceError> {
        match self {
            ImportPages::Api(pages) => pages.next_deletions().await,
            ImportPages::Org(_) => Ok(None),
        }
    }
}
