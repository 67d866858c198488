//! `matchOn` in the org: the records whose fields hold a run's values, read with SOQL
//! `IN` lists as long as a GET's URI allows (one list per field; the tuples are told apart
//! here), every candidate kept so that a value several records hold is seen.

use super::current::strip_attributes;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use synccentral_runner::connect::match_key;
use synccentral_runner::guard::path_text;
use synccentral_salesforce::{
    soql_literal, url_encoded_len, Client, SalesforceError, MAX_REST_QUERY_URI,
};

/// Every `object` record whose `fields` hold one of `tuples`, by [`match_key`].
pub async fn match_records(
    client: &Client,
    object: &str,
    fields: &[String],
    tuples: &[Vec<String>],
    read: &[String],
) -> Result<HashMap<String, Vec<Map<String, Value>>>, SalesforceError> {
    let mut select: Vec<&str> = vec!["Id"];
    for f in fields.iter().chain(read) {
        if !select.iter().any(|s| s.eq_ignore_ascii_case(f)) {
            select.push(f);
        }
    }
    let wanted: HashSet<String> = tuples.iter().map(|t| match_key(t)).collect();
    let head = format!("SELECT {} FROM {object} WHERE ", select.join(", "));
    // Room for the path and parameter name around the query.
    let budget = MAX_REST_QUERY_URI.saturating_sub(url_encoded_len(&head) + 200);
    let mut out: HashMap<String, Vec<Map<String, Value>>> = HashMap::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut start = 0;
    while start < tuples.len() {
        // As many tuples as fit: each field's IN list grows by its value.
        let mut lists: Vec<Vec<String>> = vec![Vec::new(); fields.len()];
        let mut size = 0usize;
        let mut end = start;
        while end < tuples.len() {
            let grow: usize = tuples[end]
                .iter()
                .map(|v| url_encoded_len(&soql_literal(v.trim())) + 3)
                .sum();
            if end > start && size + grow > budget {
                break;
            }
            size += grow;
            for (list, v) in lists.iter_mut().zip(&tuples[end]) {
                let lit = soql_literal(v.trim());
                if !list.contains(&lit) {
                    list.push(lit);
                }
            }
            end += 1;
        }
        let conditions: Vec<String> = fields
            .iter()
            .zip(&lists)
            .map(|(f, list)| format!("{f} IN ({})", list.join(", ")))
            .collect();
        let soql = format!("{head}{}", conditions.join(" AND "));
        for row in client.query_all_records(&soql).await? {
            let Value::Object(row) = strip_attributes(row) else {
                continue;
            };
            let values: Option<Vec<String>> = fields.iter().map(|f| path_text(&row, f)).collect();
            let Some(key) = values.map(|v| match_key(&v)) else {
                continue;
            };
            let id = path_text(&row, "Id").unwrap_or_default();
            if wanted.contains(&key) && seen_ids.insert(id) {
                out.entry(key).or_default().push(row);
            }
        }
        start = end;
    }
    Ok(out)
}
