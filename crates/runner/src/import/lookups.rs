//! Parents found by any of their fields (`reference` with `matchOn`: an Account by `Name`,
//! an owner by `Username`, a record type by `DeveloperName`): before a batch is written,
//! the values it names are looked up in the target org (each once a run), and each record's
//! relationship is replaced by the parent's Id in its lookup field. A value no parent holds
//! fails the record with `INVALID_FIELD`; one several hold, with `MULTIPLE_MATCHES` and
//! their Ids. A `RecordType` is looked up among the target object's record types.

use super::matching::MULTIPLE_MATCHES;
use super::record::{failed, Item};
use super::{target_error_text, ImportRun};
use crate::connect::{match_key, SalesforceTarget};
use crate::guard::{field_value, ids_of, path_text};
use crate::journal::{JournalError, RunJournal};
use crate::run::Stop;
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
            // (parent object, value): a polymorphic lookup's relationship names its object.
            let value_of = |item: &Item| -> Option<(String, String)> {
                let mapped = item.result.mapped.as_ref()?.as_object()?;
                let rel = field_value(mapped, &lookup.key)?.as_object()?;
                let object = rel
                    .get("attributes")
                    .and_then(|a| a.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or(&lookup.object)
                    .to_string();
                let value = path_text(rel, &lookup.by)?.trim().to_string();
                Some((object, value))
            };
            let cache_key = |(object, value): &(String, String)| {
                (
                    n,
                    format!("{}\u{1f}{}", object.to_lowercase(), value.to_lowercase()),
                )
            };
            let mut wanted: Vec<(String, String)> = Vec::new();
            for item in items.iter().filter(|i| i.send) {
                if let Some(ov) = value_of(item) {
                    if !self.lookup_cache.contains_key(&cache_key(&ov)) && !wanted.contains(&ov) {
                        wanted.push(ov);
                    }
                }
            }
            let mut objects: Vec<String> = wanted.iter().map(|(o, _)| o.clone()).collect();
            objects.sort();
            objects.dedup();
            for object in objects {
                let record_type = object.eq_ignore_ascii_case("RecordType");
                let values: Vec<&String> = wanted
                    .iter()
                    .filter(|(o, _)| *o == object)
                    .map(|(_, v)| v)
                    .collect();
                let (fields, tuples): (Vec<String>, Vec<Vec<String>>) = if record_type {
                    (
                        vec!["SobjectType".into(), "DeveloperName".into()],
                        values
                            .iter()
                            .map(|v| vec![plan.object.clone(), (*v).clone()])
                            .collect(),
                    )
                } else {
                    (
                        vec![lookup.by.clone()],
                        values.iter().map(|v| vec![(*v).clone()]).collect(),
                    )
                };
                let found = match self
                    .target
                    .match_records(&object, &fields, &tuples, &[])
                    .await
                {
                    Ok(f) => f,
                    Err(e) => {
                        return Ok(Some(Stop::failed(format!(
                            "looking up {object} records by {} failed: {}",
                            lookup.by,
                            target_error_text(&e)
                        ))))
                    }
                };
                for (v, t) in values.iter().zip(&tuples) {
                    let ids = found
                        .get(&match_key(t))
                        .map(|c| ids_of(c))
                        .unwrap_or_default();
                    let what = if record_type {
                        format!("no {} record type has DeveloperName = '{v}'", plan.object)
                    } else {
                        format!("no {object} has {} = '{v}'", lookup.by)
                    };
                    let result: Found = match ids.as_slice() {
                        [] => Err(("INVALID_FIELD", format!("{what} in the target org"))),
                        [one] => Ok(one.clone()),
                        many => Err((
                            MULTIPLE_MATCHES,
                            format!(
                                "{} = '{v}' matches {} {object} records ({}): the link is not set",
                                lookup.by,
                                many.len(),
                                many.join(", ")
                            ),
                        )),
                    };
                    self.lookup_cache
                        .insert(cache_key(&(object.clone(), (*v).clone())), result);
                }
            }
            for item in items.iter_mut().filter(|i| i.send) {
                let Some(ov) = value_of(item) else {
                    continue;
                };
                match self.lookup_cache.get(&cache_key(&ov)).cloned() {
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
