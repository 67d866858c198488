//! Parents found by any of their fields (`reference` with `matchOn`: an Account by `Name`,
//! an owner by `Username`, a record type by `DeveloperName`): before a batch is written,
//! the values it names are looked up in the target org (each once a run), and each record's
//! relationship is replaced by the parent's Id in its lookup field. A value no parent holds
//! fails the record with `INVALID_FIELD`; one several hold, with `MULTIPLE_MATCHES` and
//! their Ids. A `RecordType` is looked up among the target object's record types.

use super::matching::{path_text, MULTIPLE_MATCHES};
use super::record::{failed, Item};
use super::{target_error_text, ImportRun};
use crate::connect::{match_key, SalesforceTarget};
use crate::guard::field_value;
use crate::journal::{JournalError, RunJournal};
use crate::run::Stop;
use crate::window::value_text;
use serde_json::Value;

/// What a looked-up value found: the parent's Id, or the code and message of the failure.
pub(crate) type Found = Result<String, (&'static str, String)>;

impl<T: SalesforceTarget, J: RunJournal> ImportRun<'_, T, J> {
    /// Resolves the batch's `matchOn` references to Ids (see the module).
    pub(crate) async fn resolve_lookups(
        &mut self,
        items: &mut [Item],
    ) -> Result<Option<Stop>, JournalError> {
        let plan = self.plan;
        for (n, lookup) in plan.lookups.iter().enumerate() {
            let record_type = lookup.object.eq_ignore_ascii_case("RecordType");
            let value_of = |item: &Item| {
                let mapped = item.result.mapped.as_ref()?.as_object()?;
                let rel = field_value(mapped, &lookup.key)?.as_object()?;
                path_text(rel, &lookup.by).map(|v| v.trim().to_string())
            };
            let mut wanted: Vec<String> = Vec::new();
            for item in items.iter().filter(|i| i.send) {
                if let Some(v) = value_of(item) {
                    let k = (n, v.to_lowercase());
                    if !self.lookup_cache.contains_key(&k) && !wanted.contains(&v) {
                        wanted.push(v);
                    }
                }
            }
            if !wanted.is_empty() {
                let (fields, tuples): (Vec<String>, Vec<Vec<String>>) = if record_type {
                    (
                        vec!["SobjectType".into(), "DeveloperName".into()],
                        wanted
                            .iter()
                            .map(|v| vec![plan.object.clone(), v.clone()])
                            .collect(),
                    )
                } else {
                    (
                        vec![lookup.by.clone()],
                        wanted.iter().map(|v| vec![v.clone()]).collect(),
                    )
                };
                let found = match self
                    .target
                    .match_records(&lookup.object, &fields, &tuples, &[])
                    .await
                {
                    Ok(f) => f,
                    Err(e) => {
                        return Ok(Some(Stop::failed(format!(
                            "looking up {} records by {} failed: {}",
                            lookup.object,
                            lookup.by,
                            target_error_text(&e)
                        ))))
                    }
                };
                for (v, t) in wanted.iter().zip(&tuples) {
                    let ids: Vec<String> = found
                        .get(&match_key(t))
                        .map(|c| {
                            c.iter()
                                .filter_map(|r| field_value(r, "Id").and_then(value_text))
                                .collect()
                        })
                        .unwrap_or_default();
                    let what = if record_type {
                        format!("no {} record type has DeveloperName = '{v}'", plan.object)
                    } else {
                        format!("no {} has {} = '{v}'", lookup.object, lookup.by)
                    };
                    let result: Found = match ids.as_slice() {
                        [] => Err(("INVALID_FIELD", format!("{what} in the target org"))),
                        [one] => Ok(one.clone()),
                        many => Err((
                            MULTIPLE_MATCHES,
                            format!(
                                "{} = '{v}' matches {} {} records ({}): the link is not set",
                                lookup.by,
                                many.len(),
                                lookup.object,
                                many.join(", ")
                            ),
                        )),
                    };
                    self.lookup_cache.insert((n, v.to_lowercase()), result);
                }
            }
            for item in items.iter_mut().filter(|i| i.send) {
                let Some(v) = value_of(item) else {
                    continue;
                };
                let found = self.lookup_cache.get(&(n, v.to_lowercase())).cloned();
                match found {
                    Some(Ok(id)) => {
                        if let Some(Value::Object(m)) = &mut item.result.mapped {
                            let key = m
                                .keys()
                                .find(|k| k.eq_ignore_ascii_case(&lookup.key))
                                .cloned();
                            if let Some(key) = key {
                                m.remove(&key);
                            }
                            m.insert(lookup.id_field.clone(), Value::String(id));
                        }
                    }
                    Some(Err((code, message))) => {
                        failed(&mut item.result, code, format!("{}: {message}", lookup.key));
                        item.send = false;
                    }
                    None => {}
                }
            }
        }
        Ok(None)
    }
}
