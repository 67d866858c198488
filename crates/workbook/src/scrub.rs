//! Exports for support: every secret becomes `***`, stored tokens (refresh tokens) are
//! removed, header and query parameter values whose names say they carry credentials
//! (`Authorization`, `X-Api-Key`, `token`, …) become `***`; with `mock_samples`, the sample
//! records the configuration carries — the `input` and `expect` of each mapping's test
//! cases; the workspace keeps no other sample data — get mock values of the same shape
//! ([`crate::mock`]), so the mapping and its preview still run.

use crate::mock::Mocker;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use synccentral_engine::Describe;
use synccentral_store::config::{Connection, SalesforceAuth};
use synccentral_store::{Config, Secret, SyncOption};

/// What a support export does beyond scrubbing secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScrubOptions {
    /// Replace the values of the mappings' test cases with mock values.
    pub mock_samples: bool,
}

/// `config` fit to hand to someone else: see the module comment. `describes` tell which
/// values are picklist values (kept, so they stay valid).
pub fn scrub(config: &Config, options: ScrubOptions, describes: &[Describe]) -> Config {
    let mut c = config.scrubbed();
    for conn in &mut c.connections {
        match conn {
            Connection::Salesforce(s) => match &mut s.auth {
                SalesforceAuth::Jwt(a) => a.refresh_token = None,
                SalesforceAuth::Web(a) => a.refresh_token = None,
                _ => {}
            },
            Connection::Http(h) => scrub_map(&mut h.headers),
        }
    }
    for o in &mut c.options {
        match o {
            SyncOption::Import(x) => {
                if let Some(source) = x.source.api_mut() {
                    scrub_map(&mut source.headers);
                    scrub_map(&mut source.params);
                }
            }
            SyncOption::Export(x) => scrub_map(&mut x.target.headers),
        }
    }
    if options.mock_samples {
        for o in &mut c.options {
            let mut keep: HashSet<String> = HashSet::new();
            let object = match o {
                SyncOption::Import(x) => Some(x.target.object.clone()),
                SyncOption::Export(x) => Some(x.source.object.clone()),
            };
            if let Some(d) = object
                .as_deref()
                .and_then(|obj| describes.iter().find(|d| d.name.eq_ignore_ascii_case(obj)))
            {
                for f in &d.fields {
                    keep.extend(f.picklist_values.iter().map(|p| p.value.clone()));
                }
            }
            let mapping = match o {
                SyncOption::Import(x) => &mut x.mapping,
                SyncOption::Export(x) => &mut x.mapping,
            };
            if let Some(fields) = mapping.get("fields") {
                collect_strings(fields, &mut keep);
            }
            let mocker = Mocker::new(keep);
            if let Some(Value::Array(tests)) = mapping.get_mut("tests") {
                for t in tests {
                    for key in ["input", "expect"] {
                        if let Some(v) = t.get_mut(key) {
                            *v = mocker.value(v);
                        }
                    }
                }
            }
        }
    }
    c
}

/// Header or parameter names that carry credentials.
pub fn is_sensitive_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "auth",
        "token",
        "secret",
        "key",
        "password",
        "passwd",
        "cookie",
        "session",
        "signature",
        "credential",
    ]
    .iter()
    .any(|w| n.contains(w))
}

fn scrub_map(map: &mut BTreeMap<String, String>) {
    for (k, v) in map.iter_mut() {
        // Templates such as {{since}} carry no credential.
        if is_sensitive_name(k) && !(v.starts_with("{{") && v.ends_with("}}")) {
            *v = Secret::PLACEHOLDER.to_string();
        }
    }
}

/// Every string in a mapping's fields (constants, replace maps, validate lists): the
/// mapping's own vocabulary, kept as it is so the mapping still recognises it.
fn collect_strings(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                out.insert(k.clone());
                collect_strings(x, out);
            }
        }
        _ => {}
    }
}
