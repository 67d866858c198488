//! Shared test helpers: a sample API on loopback, an egress allowed to call it, and a
//! fetch that collects every page.
#![allow(dead_code)]

use serde_json::Value;
use std::time::Duration;
use synccentral_httpapi::sample_api::{SampleApi, SampleAuth, SampleConfig};
use synccentral_httpapi::{Fetcher, HttpApiError, Page, SourceConfig, Window};
use synccentral_net::{Egress, EgressConfig, RemoteSites, RetryPolicy};

pub async fn sample(records: usize, auth: SampleAuth) -> SampleApi {
    SampleApi::start(SampleConfig {
        records,
        auth,
        ..SampleConfig::default()
    })
    .await
    .unwrap()
}

/// An egress allowed to call `sites`, retrying fast.
pub fn egress(sites: &[&str]) -> Egress {
    let mut config = EgressConfig::new(RemoteSites::parse(sites).unwrap());
    config.retry = RetryPolicy {
        max_attempts: 4,
        base: Duration::from_millis(5),
        max_delay: Duration::from_secs(3),
    };
    config.timeout = Duration::from_secs(20);
    Egress::new(config).unwrap()
}

/// A source on `path` of `api` with query `params`.
pub fn source(api: &SampleApi, path: &str, params: &[(&str, &str)]) -> SourceConfig {
    let mut config = SourceConfig::new(api.base_url(), path);
    for (k, v) in params {
        config.params.insert(k.to_string(), v.to_string());
    }
    config
}

/// Every page, or the pages before the error and the error.
pub async fn fetch_all(
    config: &SourceConfig,
    window: Window,
    egress: Egress,
) -> Result<Vec<Page>, (Vec<Page>, HttpApiError)> {
    let mut fetcher = Fetcher::new(config, window, egress).map_err(|e| (Vec::new(), e))?;
    let mut pages = Vec::new();
    loop {
        match fetcher.next_page().await {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => return Ok(pages),
            Err(e) => return Err((pages, e)),
        }
    }
}

/// The `field` of every record of every page, in order.
pub fn ids(pages: &[Page], field: &str) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p.records.iter())
        .map(|r| r[field].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn invoice_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("INV-{:06}", i + 1)).collect()
}

pub fn sizes(pages: &[Page]) -> Vec<usize> {
    pages.iter().map(|p| p.records.len()).collect()
}

pub fn str_field(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}
