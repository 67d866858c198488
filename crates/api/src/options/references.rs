//! Unknown parents: the lookups by external ID in an option's previewed records
//! (`Account__r: {"attributes": {"type": "Account"}, "External_Id__c": "A-100"}`) looked up
//! in the option's org, so the editor's preview can say which ones name no record there
//! before a run fails each of them (Salesforce answers `INVALID_FIELD` "Foreign key external
//! ID: A-100 not found for field External_Id__c in entity Account"). The describe check
//! cannot know this offline. One `SELECT <extId> FROM <Object> WHERE <extId> IN (…)` per
//! parent object and external ID field, split by [`in_queries`] under the lookup length;
//! at most [`MAX_PARENT_KEYS`] distinct keys per check.

use crate::workspace::{runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use synccentral_engine::{ErrorCode, FieldError};
use synccentral_salesforce::{in_queries, Client};
use synccentral_store::config as cfg;
use ts_rs::TS;

/// The most distinct parent keys one check looks up; keys past it are counted as
/// `unchecked` and their records are not flagged.
pub const MAX_PARENT_KEYS: usize = 2_000;

/// One previewed record as the check reads it: its index in the preview and its mapped
/// fields (the preview's `RecordPreview` is one; only relationship values are read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MappedRecord {
    pub index: usize,
    /// Target API name → value, as the preview mapped it.
    pub fields: Map<String, Value>,
}

/// A reference that names no record in the org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnknownParent {
    /// The previewed record's index.
    pub index: usize,
    /// On the relationship as mapped (`Account__r`), `INVALID_FIELD` as the run would get,
    /// `no Account with External_Id__c = A-100 in sandbox-org`.
    pub error: FieldError,
    /// The parent object (`Account`).
    pub object: String,
    /// The parent's external ID field (`External_Id__c`).
    pub external_id: String,
    /// The key, as sent (`A-100`).
    pub value: String,
}

/// What a parent check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParentCheck {
    /// The org looked in: the option's target connection.
    pub org: String,
    /// Each reference, by record, that names no record in the org.
    pub unknown: Vec<UnknownParent>,
    /// Distinct keys looked up.
    pub checked: usize,
    /// Distinct keys past [`MAX_PARENT_KEYS`], not looked up.
    pub unchecked: usize,
    /// SOQL queries sent.
    pub queries: usize,
}

/// One lookup by external ID in a mapped record.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    index: usize,
    field: String,
    object: String,
    external_id: String,
    /// The key as text, as a query sends it.
    value: String,
}

/// A relationship value as Salesforce resolves it: `{"attributes": {"type": T}, F: key}`
/// with exactly one field beside `attributes`, its key text, a number or a boolean (not
/// empty). Names that are not API names are left alone: they cannot go into a query, and a
/// compiled `reference` never writes them.
fn reference_in(index: usize, field: &str, value: &Value) -> Option<Reference> {
    let m = value.as_object()?;
    let object = m.get("attributes")?.get("type")?.as_str()?;
    let mut keys = m.iter().filter(|(k, _)| k.as_str() != "attributes");
    let (external_id, key) = match (keys.next(), keys.next()) {
        (Some(one), None) => one,
        _ => return None,
    };
    let value = synccentral_runner::window::value_text(key).filter(|v| !v.is_empty())?;
    (is_api_name(object) && is_api_name(external_id)).then(|| Reference {
        index,
        field: field.to_string(),
        object: object.to_string(),
        external_id: external_id.clone(),
        value,
    })
}

fn is_api_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every lookup by external ID in `records`, in record and field order.
fn references(records: &[MappedRecord]) -> Vec<Reference> {
    records
        .iter()
        .flat_map(|r| {
            r.fields
                .iter()
                .filter_map(move |(field, value)| reference_in(r.index, field, value))
        })
        .collect()
}

/// The keys to look up for one parent object and external ID field.
#[derive(Debug, Default)]
struct Lookup {
    object: String,
    external_id: String,
    /// Keys as first seen, each once regardless of case.
    values: Vec<String>,
    /// `values` in lower case.
    wanted: HashSet<String>,
    /// The text keys the org has, in lower case.
    found_text: HashSet<String>,
    /// The number keys the org has (a Number external ID field), as `f64` prints them.
    found_numbers: HashSet<String>,
}

impl Lookup {
    fn is(&self, r: &Reference) -> bool {
        self.object.eq_ignore_ascii_case(&r.object)
            && self.external_id.eq_ignore_ascii_case(&r.external_id)
    }

    /// A key the org answered with: text regardless of case (as SOQL matches it), a number
    /// by its value (the org may answer `42.0` for `42`).
    fn add_found(&mut self, value: &Value) {
        match value {
            Value::String(s) => {
                self.found_text.insert(s.to_lowercase());
            }
            Value::Number(n) => {
                if let Some(f) = n.as_f64() {
                    self.found_numbers.insert(f.to_string());
                }
            }
            _ => {}
        }
    }

    /// Whether `value` was looked up and the org has no record with it.
    fn is_unknown(&self, value: &str) -> bool {
        let lower = value.to_lowercase();
        let as_number = || value.trim().parse::<f64>().ok().map(|f| f.to_string());
        self.wanted.contains(&lower)
            && !self.found_text.contains(&lower)
            && !as_number().is_some_and(|n| self.found_numbers.contains(&n))
    }
}

/// The lookups `refs` need, at most `max` distinct keys in all (first seen first), and how
/// many distinct keys were left out.
fn plan(refs: &[Reference], max: usize) -> (Vec<Lookup>, usize) {
    let mut lookups: Vec<Lookup> = Vec::new();
    let mut taken = 0;
    let mut left_out: HashSet<(String, String, String)> = HashSet::new();
    for r in refs {
        let at = match lookups.iter().position(|l| l.is(r)) {
            Some(at) => at,
            None => {
                lookups.push(Lookup {
                    object: r.object.clone(),
                    external_id: r.external_id.clone(),
                    ..Lookup::default()
                });
                lookups.len() - 1
            }
        };
        let lookup = &mut lookups[at];
        let key = r.value.to_lowercase();
        if lookup.wanted.contains(&key) {
            continue;
        }
        if taken < max {
            taken += 1;
            lookup.wanted.insert(key);
            lookup.values.push(r.value.clone());
        } else {
            left_out.insert((r.object.to_lowercase(), r.external_id.to_lowercase(), key));
        }
    }
    lookups.retain(|l| !l.values.is_empty());
    (lookups, left_out.len())
}

/// Sends each lookup's queries and records the keys the org has; the count of queries.
async fn look_up(client: &Client, org: &str, lookups: &mut [Lookup]) -> Result<usize, ApiError> {
    let mut sent = 0;
    for l in lookups.iter_mut() {
        let queries = in_queries(
            &[l.external_id.as_str()],
            &l.object,
            &l.external_id,
            l.values.iter().map(String::as_str),
        );
        for soql in queries {
            sent += 1;
            let rows = client.query_all_records(&soql).await.map_err(|e| {
                // Salesforce's code (INVALID_FIELD, INVALID_TYPE, …) as it answered.
                ApiError::new(
                    e.code(),
                    format!(
                        "looking up {} by {} in {org}: {}",
                        l.object,
                        l.external_id,
                        e.message().trim()
                    ),
                )
            })?;
            for row in rows {
                let key = row.as_object().and_then(|m| {
                    m.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(&l.external_id))
                        .map(|(_, v)| v)
                });
                if let Some(key) = key {
                    l.add_found(key);
                }
            }
        }
    }
    Ok(sent)
}

/// The references in `records` (an option's previewed records) that name no record in the
/// org the option `option` writes to, each as an error on its record's relationship field.
/// The option must be an import into a Salesforce connection of this workspace.
pub fn check_parents(
    app: &AppWorkspace,
    option: &str,
    records: &[MappedRecord],
) -> Result<ParentCheck, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let found = config
        .option(option)
        .ok_or_else(|| super::no_option(option, &config))?;
    let cfg::SyncOption::Import(import) = found else {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!("\"{option}\" is an export: only an import's records have parents to look up"),
        ));
    };
    let org = import.target.connection.as_str();
    let Some(cfg::Connection::Salesforce(sf)) = config.connection(org) else {
        return Err(ApiError::new(
            codes::INVALID_REQUEST,
            format!("\"{org}\" is not a Salesforce connection here"),
        ));
    };
    let refs = references(records);
    let (mut lookups, unchecked) = plan(&refs, MAX_PARENT_KEYS);
    let mut queries = 0;
    if !lookups.is_empty() {
        let egress = crate::connections::egress_for(&config)?;
        queries = runtime().block_on(async {
            let client = crate::connections::connect_org(org, sf, egress).await?;
            look_up(&client, org, &mut lookups).await
        })?;
    }
    let unknown = refs
        .into_iter()
        .filter_map(|r| {
            let lookup = lookups.iter().find(|l| l.is(&r))?;
            lookup.is_unknown(&r.value).then(|| {
                let message = format!(
                    "no {} with {} = {} in {org}",
                    r.object, r.external_id, r.value
                );
                UnknownParent {
                    index: r.index,
                    error: FieldError::new(r.field, ErrorCode::InvalidField, message),
                    object: r.object,
                    external_id: r.external_id,
                    value: r.value,
                }
            })
        })
        .collect();
    Ok(ParentCheck {
        org: org.to_string(),
        unknown,
        checked: lookups.iter().map(|l| l.values.len()).sum(),
        unchecked,
        queries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(index: usize, fields: Value) -> MappedRecord {
        MappedRecord {
            index,
            fields: fields.as_object().unwrap().clone(),
        }
    }

    fn account(key: Value) -> Value {
        json!({"attributes": {"type": "Account"}, "External_Id__c": key})
    }

    #[test]
    fn only_relationship_values_with_one_key_are_references() {
        let refs = references(&[record(
            3,
            json!({
                "Name": "x",
                "Account__r": account(json!("A-100")),
                "Other__r": {"attributes": {"type": "Other__c"}, "Num__c": 42},
                "Empty__r": account(json!("")),
                "Null__r": account(json!(null)),
                "Two__r": {"attributes": {"type": "Account"}, "A__c": "1", "B__c": "2"},
                "Untyped__r": {"External_Id__c": "A-1"},
                "Injected__r": {"attributes": {"type": "Account WHERE"}, "External_Id__c": "A-1"}
            }),
        )]);
        let found: Vec<(usize, &str, &str, &str, &str)> = refs
            .iter()
            .map(|r| {
                (
                    r.index,
                    r.field.as_str(),
                    r.object.as_str(),
                    r.external_id.as_str(),
                    r.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (3, "Account__r", "Account", "External_Id__c", "A-100"),
                (3, "Other__r", "Other__c", "Num__c", "42"),
            ]
        );
    }

    #[test]
    fn keys_are_looked_up_once_per_parent_regardless_of_case_and_at_most_max() {
        let records: Vec<MappedRecord> = ["A-1", "a-1", "A-2", "A-3", "A-2"]
            .iter()
            .enumerate()
            .map(|(i, k)| record(i, json!({"Account__r": account(json!(k))})))
            .chain([record(
                9,
                json!({"Parent__r": {"attributes": {"type": "account"}, "external_id__c": "A-9"}}),
            )])
            .collect();
        let (lookups, left_out) = plan(&references(&records), 3);
        assert_eq!(lookups.len(), 1, "one lookup per object and field");
        assert_eq!(lookups[0].values, ["A-1", "A-2", "A-3"]);
        assert_eq!(left_out, 1, "A-9 is past the limit");
        let (_, none_left) = plan(&references(&records), 10);
        assert_eq!(none_left, 0);
    }

    #[test]
    fn the_org_s_keys_match_regardless_of_case_and_numbers_by_value() {
        let refs = references(&[
            record(0, json!({"Account__r": account(json!("a-100"))})),
            record(1, json!({"Account__r": account(json!("007"))})),
            record(2, json!({"Account__r": account(json!(42))})),
            record(3, json!({"Account__r": account(json!("A-404"))})),
        ]);
        let (mut lookups, _) = plan(&refs, 10);
        let l = &mut lookups[0];
        for found in [json!("A-100"), json!("7"), json!(42.0)] {
            l.add_found(&found);
        }
        let unknown: Vec<&str> = ["a-100", "007", "42", "A-404", "A-never-asked"]
            .into_iter()
            .filter(|v| l.is_unknown(v))
            .collect();
        assert_eq!(unknown, ["007", "A-404"], "text 7 is not text 007");
    }
}
