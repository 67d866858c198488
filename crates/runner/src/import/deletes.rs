//! Records deleted at the source (`deletes`: `delete` or `hardDelete`): each one's match in
//! the target — by `matchOn`, the external ID or a mapped `Id`, as its updates are matched —
//! is deleted (to the recycle bin, or for good through Bulk API 2.0). A deletion that finds
//! nothing is skipped; one that finds several fails with their Ids.

use super::matching::MULTIPLE_MATCHES;
use super::record::{failed, lookup_key, Item};
use super::send::apply_outcome;
use super::{target_error_text, ImportRun};
use crate::connect::{match_key, SalesforceTarget, WriteOp};
use crate::guard::ids_of;
use crate::journal::{Action, JournalError, RunJournal};
use crate::run::Stop;
use synccentral_model::DeleteMode;

/// The note of a record deleted for good: an undo cannot bring it back.
pub const HARD_DELETED: &str = "deleted for good (hardDelete): an undo cannot restore it";

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Finds and deletes the targets of the batch's deletions, filling in their results.
    pub(crate) async fn send_deletes(
        &mut self,
        items: &mut [Item],
    ) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        let object = plan.object.as_str();
        let at: Vec<usize> = (0..items.len()).filter(|&n| items[n].delete).collect();
        // Each deletion's target Id, or why it has none.
        let mut found: Vec<Result<String, (Option<&str>, String)>> = Vec::new();
        if !plan.match_on.is_empty() {
            let on = plan.match_on.join(", ");
            let values: Vec<Option<Vec<String>>> =
                at.iter().map(|&n| self.match_values(&items[n])).collect();
            let tuples: Vec<Vec<String>> = values.iter().flatten().cloned().collect();
            let matches = if tuples.is_empty() {
                Default::default()
            } else {
                match self
                    .target
                    .match_records(object, &plan.match_on, &tuples, &[])
                    .await
                {
                    Ok(m) => m,
                    Err(e) => return Ok(Some(read_failed(object, &on, &e))),
                }
            };
            for v in values {
                let Some(v) = v else {
                    found.push(Err((None, format!("it has no {on} to find its match by"))));
                    continue;
                };
                let ids = matches
                    .get(&match_key(&v))
                    .map(|c| ids_of(c))
                    .unwrap_or_default();
                found.push(match ids.as_slice() {
                    [] => Err((None, format!("no {object} has {on} = '{}'", v.join(", ")))),
                    [one] => Ok(one.clone()),
                    many => Err((
                        Some(MULTIPLE_MATCHES),
                        format!(
                            "{on} = '{}' matches {} {object} records ({}): none was deleted",
                            v.join(", "),
                            many.len(),
                            many.join(", ")
                        ),
                    )),
                });
            }
        } else if let Some(ext) = plan.external_id.as_deref() {
            let keys: Vec<Option<String>> =
                at.iter().map(|&n| lookup_key(&items[n], plan)).collect();
            let wanted: Vec<String> = keys.iter().flatten().cloned().collect();
            let ids = if wanted.is_empty() {
                Default::default()
            } else {
                match self.target.lookup_ids(object, ext, &wanted).await {
                    Ok(ids) => ids,
                    Err(e) => return Ok(Some(read_failed(object, ext, &e))),
                }
            };
            for k in keys {
                found.push(match k {
                    None => Err((None, format!("it has no {ext} to find its match by"))),
                    Some(k) => ids
                        .get(&k)
                        .cloned()
                        .ok_or((None, format!("no {object} has {ext} = '{k}'"))),
                });
            }
        } else {
            for &n in &at {
                found.push(
                    items[n]
                        .mapped_text("Id")
                        .ok_or((None, "it maps no Id".to_string())),
                );
            }
        }
        let mut send: Vec<(usize, String)> = Vec::new();
        for (&n, f) in at.iter().zip(found) {
            let result = &mut items[n].result;
            match f {
                Ok(id) => {
                    result.target_id = Some(id.clone());
                    if self.ctx.dry_run {
                        result.action = Action::WouldDelete;
                    } else {
                        send.push((n, id));
                    }
                }
                Err((Some(code), why)) => failed(result, code, why),
                Err((None, why)) => {
                    result.action = Action::Skipped;
                    result.error_message =
                        Some(format!("deleted at the source; nothing to delete: {why}"));
                }
            }
        }
        if send.is_empty() {
            return Ok(None);
        }
        let n = send.len();
        let hard = plan.deletes == DeleteMode::HardDelete;
        let ids: Vec<String> = send.iter().map(|(_, id)| id.clone()).collect();
        let answer = if hard {
            self.target.hard_delete(object, ids).await
        } else {
            let records = ids
                .into_iter()
                .map(|id| serde_json::json!({"Id": id}))
                .collect();
            self.target
                .write(WriteOp::Delete, object, None, records)
                .await
        };
        let outcomes = match answer {
            Ok(o) if o.len() == n => o,
            Ok(o) => {
                return Ok(Some(Stop::failed(format!(
                    "Salesforce answered {} outcomes for {n} {object} deletions",
                    o.len()
                ))))
            }
            Err(e) => {
                return Ok(Some(Stop::failed(format!(
                    "deleting {n} {object} records deleted at the source failed: {}",
                    target_error_text(&e)
                ))))
            }
        };
        for ((n, _), outcome) in send.into_iter().zip(outcomes) {
            let result = &mut items[n].result;
            apply_outcome(result, WriteOp::Delete, outcome);
            if hard && result.action == Action::Deleted {
                result.error_message = Some(HARD_DELETED.to_string());
            }
        }
        Ok(None)
    }
}

fn read_failed(object: &str, by: &str, e: &crate::connect::TargetError) -> Stop {
    Stop::failed(format!(
        "finding the {object} records to delete by {by} failed: {}",
        target_error_text(e)
    ))
}
