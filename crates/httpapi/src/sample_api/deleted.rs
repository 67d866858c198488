//! Records removed from the sample API: left out of its lists, and listed with their key
//! and deletion time at `GET /v1/{r}/deleted` (one page, `{<records key>: [{<id field>,
//! deleted_at}], meta: {total}}`), within the same `updated_since`/`updated_until` window
//! (on `deleted_at`) the lists honour.

use super::data::{self, Resource};
use jiff::Timestamp;
use serde_json::{json, Value};

/// One removed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Removed {
    pub resource: Resource,
    pub index: usize,
    pub at: Timestamp,
}

/// Whether record `index` of `resource` was removed.
pub(super) fn is_removed(removed: &[Removed], resource: Resource, index: usize) -> bool {
    removed
        .iter()
        .any(|r| r.resource == resource && r.index == index)
}

/// The body of `GET /v1/{r}/deleted`: the removals of `resource` at or after `since` and
/// before `until`, in deletion order.
pub(super) fn listing(
    removed: &[Removed],
    resource: Resource,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Value {
    let mut listed: Vec<&Removed> = removed
        .iter()
        .filter(|r| r.resource == resource)
        .filter(|r| since.is_none_or(|s| r.at >= s) && until.is_none_or(|u| r.at < u))
        .collect();
    listed.sort_by_key(|r| (r.at, r.index));
    let id_field = resource.id_field();
    let records: Vec<Value> = listed
        .iter()
        .map(|r| {
            let record = data::record(resource, r.index);
            json!({id_field: record[id_field], "deleted_at": r.at.to_string()})
        })
        .collect();
    let total = records.len();
    json!({resource.records_key(): records, "meta": {"total": total}})
}
