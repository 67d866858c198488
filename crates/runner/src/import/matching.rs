//! `matchOn`: target records found by the values of any fields (`Email`; `LastName` and
//! `Account.Name`) instead of an external ID. Each read group's values are looked up in one
//! go; a record whose values match exactly one target record updates it, none inserts it
//! (upsert) or fails it (update), several fail it with their Ids and nothing is written for
//! it. Two source records of one run with the same values: the later fails, so one target
//! record is never written twice by a run. The Day-Zero guard then compares as usual.

use super::record::{failed, Item};
use super::{ImportRun, MISSING_KEY, NOT_FOUND};
use crate::connect::{match_key, SalesforceTarget, WriteOp};
use crate::guard::{field_value, ids_of, path_text, read_fields, GuardMode};
use crate::journal::{JournalError, RunJournal};
use crate::run::Stop;
use crate::window::value_text;
use serde_json::Value;

/// Code of a record whose values match several target records.
pub const MULTIPLE_MATCHES: &str = "MULTIPLE_MATCHES";
/// Code of a record whose values an earlier record of the same run already had.
pub const DUPLICATE_SOURCE_KEY: &str = "DUPLICATE_SOURCE_KEY";

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// The values an item is matched on (`None` when one is empty).
    pub(crate) fn match_values(&self, item: &Item) -> Option<Vec<String>> {
        let mapped = item.result.mapped.as_ref()?.as_object()?;
        self.plan
            .match_on
            .iter()
            .map(|f| {
                path_text(mapped, f)
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
            })
            .collect()
    }

    /// Reads the group's target records by their `matchOn` values and decides each
    /// record: update (its Id set), insert, or failed.
    pub(crate) async fn read_matches(
        &mut self,
        items: &mut [Item],
    ) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        let object = plan.object.as_str();
        let on = plan.match_on.join(", ");
        let mut tuples: Vec<Vec<String>> = Vec::new();
        for item in items.iter_mut().filter(|i| i.send && !i.read) {
            let Some(values) = self.match_values(item) else {
                failed(
                    &mut item.result,
                    MISSING_KEY,
                    format!("the record has no value for {on} to match {object} records on"),
                );
                item.send = false;
                continue;
            };
            let key = match_key(&values);
            if let Some(first) = self.match_seen.get(&key) {
                failed(
                    &mut item.result,
                    DUPLICATE_SOURCE_KEY,
                    format!(
                        "record {first} of this run has the same {on} ({}): only the first is written",
                        values.join(", ")
                    ),
                );
                item.send = false;
                continue;
            }
            self.match_seen.insert(key, item.result.seq);
            tuples.push(values);
        }
        let read = if plan.guard == GuardMode::Off {
            Vec::new()
        } else {
            read_fields(
                items
                    .iter()
                    .filter(|i| i.send && !i.read)
                    .filter_map(|i| i.result.mapped.as_ref().and_then(Value::as_object)),
                &plan.describe,
            )
        };
        let names: Vec<String> = read.iter().map(|f| f.field.clone()).collect();
        let found = if tuples.is_empty() {
            Default::default()
        } else {
            match self
                .target
                .match_records(object, &plan.match_on, &tuples, &names)
                .await
            {
                Ok(found) => found,
                Err(e) => {
                    return Ok(Some(Stop::failed(format!(
                        "reading the current {object} records by {on} failed: {}",
                        super::target_error_text(&e)
                    ))))
                }
            }
        };
        let mut findings = Vec::new();
        for item in items.iter_mut().filter(|i| i.send && !i.read) {
            item.read = true;
            let values = self.match_values(item).unwrap_or_default();
            let candidates = found.get(&match_key(&values)).map(Vec::as_slice);
            let current = match candidates.unwrap_or_default() {
                [] if plan.operation == WriteOp::Update => {
                    failed(
                        &mut item.result,
                        NOT_FOUND,
                        format!(
                            "no {object} has {on} = '{}', so there is nothing to update",
                            values.join(", ")
                        ),
                    );
                    item.send = false;
                    continue;
                }
                [] => None,
                [one] => Some(one.clone()),
                many => {
                    let ids = ids_of(many);
                    failed(
                        &mut item.result,
                        MULTIPLE_MATCHES,
                        format!(
                            "{on} = '{}' matches {} {object} records ({}): nothing was written for this record",
                            values.join(", "),
                            ids.len(),
                            ids.join(", ")
                        ),
                    );
                    item.send = false;
                    continue;
                }
            };
            let id = current
                .as_ref()
                .and_then(|c| field_value(c, "Id"))
                .and_then(value_text);
            if let Some(id) = &id {
                if let Some(Value::Object(m)) = &mut item.result.mapped {
                    m.insert("Id".into(), Value::String(id.clone()));
                }
                item.result.target_id = Some(id.clone());
            }
            self.guard_one(item, current, id, &read, None, &mut findings);
        }
        self.record_findings(findings).await?;
        Ok(None)
    }
}
