//! Streaming joins of the two sides: [`merge_sorted`] walks two key-sorted streams once
//! (memory: one record per side), [`HashJoin`] matches source records against target
//! records fetched by key (memory: the target's records of the current batch).

use crate::classify::{Comparer, Record, Row};
use std::collections::HashMap;

/// A stream was not sorted by key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {side} records are not sorted by key: \"{after}\" came after \"{before}\"")]
pub struct OutOfOrder {
    /// `source` or `target`.
    pub side: &'static str,
    /// The earlier key.
    pub before: String,
    /// The key that came after it but sorts before it.
    pub after: String,
}

fn checked<I: Iterator<Item = Record>>(
    it: &mut I,
    last: &mut Option<String>,
    side: &'static str,
) -> Result<Option<Record>, OutOfOrder> {
    let Some(r) = it.next() else {
        return Ok(None);
    };
    if let Some(prev) = last.as_deref() {
        if r.key.as_str() <= prev {
            return Err(OutOfOrder {
                side,
                before: prev.to_string(),
                after: r.key,
            });
        }
    }
    *last = Some(r.key.clone());
    Ok(Some(r))
}

/// Compares two streams sorted by key (strictly ascending, byte order), handing each
/// classified row to `emit` in key order.
pub fn merge_sorted<S, T>(
    comparer: &Comparer,
    source: S,
    target: T,
    mut emit: impl FnMut(Row),
) -> Result<(), OutOfOrder>
where
    S: IntoIterator<Item = Record>,
    T: IntoIterator<Item = Record>,
{
    let (mut source, mut target) = (source.into_iter(), target.into_iter());
    let (mut last_s, mut last_t) = (None, None);
    let mut s = checked(&mut source, &mut last_s, "source")?;
    let mut t = checked(&mut target, &mut last_t, "target")?;
    loop {
        match (&s, &t) {
            (None, None) => return Ok(()),
            (Some(a), Some(b)) if a.key == b.key => {
                emit(comparer.row(Some(a), Some(b)));
                s = checked(&mut source, &mut last_s, "source")?;
                t = checked(&mut target, &mut last_t, "target")?;
            }
            (Some(a), Some(b)) if a.key < b.key => {
                // Deleted on both sides: nothing to report.
                if !a.deleted {
                    emit(comparer.row(Some(a), None));
                }
                s = checked(&mut source, &mut last_s, "source")?;
            }
            (Some(a), None) => {
                if !a.deleted {
                    emit(comparer.row(Some(a), None));
                }
                s = checked(&mut source, &mut last_s, "source")?;
            }
            (_, Some(b)) => {
                emit(comparer.row(None, Some(b)));
                t = checked(&mut target, &mut last_t, "target")?;
            }
        }
    }
}

/// Source batches matched against the target records fetched for their keys. Keys the
/// target has that no source batch asked for are collected as missing in the source by
/// [`HashJoin::rest`].
#[derive(Debug, Default)]
pub struct HashJoin {
    seen: std::collections::HashSet<String>,
}

impl HashJoin {
    /// A join that has seen no key.
    pub fn new() -> HashJoin {
        HashJoin::default()
    }

    /// Classifies one source batch against `target` (the target's records for the batch's
    /// keys). A key seen in an earlier batch is compared again (the later record wins
    /// nothing: both rows are emitted, as the source delivered them).
    pub fn batch(
        &mut self,
        comparer: &Comparer,
        source: &[Record],
        target: Vec<Record>,
        mut emit: impl FnMut(Row),
    ) {
        let by_key: HashMap<String, Record> =
            target.into_iter().map(|r| (r.key.clone(), r)).collect();
        for s in source {
            self.seen.insert(s.key.clone());
            let target = by_key.get(&s.key);
            // Deleted on both sides: nothing to report.
            if s.deleted && target.is_none() {
                continue;
            }
            emit(comparer.row(Some(s), target));
        }
    }

    /// How many distinct keys the source batches had.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// No source batch had a key.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Whether a source batch had `key`.
    pub fn seen(&self, key: &str) -> bool {
        self.seen.contains(key)
    }

    /// Target records no source batch had: each a `missing_in_source` row.
    pub fn rest(
        &self,
        comparer: &Comparer,
        target: impl IntoIterator<Item = Record>,
        mut emit: impl FnMut(Row),
    ) {
        for t in target {
            if !self.seen.contains(&t.key) {
                emit(comparer.row(None, Some(&t)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Class, Field, Summary};
    use crate::equal::Kind;
    use proptest::prelude::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn rec(key: &str, v: i64) -> Record {
        Record {
            key: key.into(),
            values: vec![json!(v)],
            ..Record::default()
        }
    }

    fn comparer() -> Comparer {
        Comparer::new(vec![Field {
            name: "V".into(),
            kind: Kind::Number { scale: Some(0) },
        }])
    }

    #[test]
    fn a_merge_classifies_every_key_once_in_order() {
        let source = vec![rec("a", 1), rec("b", 2), rec("d", 4)];
        let target = vec![rec("b", 2), rec("c", 3), rec("d", 5)];
        let mut rows = Vec::new();
        merge_sorted(&comparer(), source, target, |r| rows.push(r)).unwrap();
        let got: Vec<(&str, Class)> = rows.iter().map(|r| (r.key.as_str(), r.class)).collect();
        assert_eq!(
            got,
            [
                ("a", Class::MissingInTarget),
                ("b", Class::Same),
                ("c", Class::MissingInSource),
                ("d", Class::Different)
            ]
        );
    }

    #[test]
    fn an_unsorted_stream_is_refused() {
        let err =
            merge_sorted(&comparer(), vec![rec("b", 1), rec("a", 1)], vec![], |_| {}).unwrap_err();
        assert_eq!(err.side, "source");
        assert_eq!((err.before.as_str(), err.after.as_str()), ("b", "a"));
    }

    #[test]
    fn a_hash_join_finds_target_keys_the_source_lacks() {
        let c = comparer();
        let mut join = HashJoin::new();
        let mut rows = Vec::new();
        join.batch(&c, &[rec("a", 1), rec("b", 2)], vec![rec("a", 1)], |r| {
            rows.push(r)
        });
        join.rest(&c, vec![rec("a", 1), rec("z", 9)], |r| rows.push(r));
        let got: Vec<(&str, Class)> = rows.iter().map(|r| (r.key.as_str(), r.class)).collect();
        assert_eq!(
            got,
            [
                ("a", Class::Same),
                ("b", Class::MissingInTarget),
                ("z", Class::MissingInSource)
            ]
        );
    }

    #[test]
    fn a_record_deleted_at_the_source_is_deleted_in_source_while_the_target_has_it() {
        let c = comparer();
        let gone = |k: &str, v: i64| Record {
            deleted: true,
            ..rec(k, v)
        };
        let source = vec![gone("a", 1), gone("b", 2), rec("c", 3)];
        let target = vec![rec("a", 1), rec("c", 3)];
        let classes = |rows: Vec<Row>| -> Vec<(String, Class)> {
            rows.into_iter().map(|r| (r.key, r.class)).collect()
        };
        let want = vec![
            ("a".to_string(), Class::DeletedInSource),
            ("c".to_string(), Class::Same),
        ];
        // `b` is deleted on both sides: no row.
        let mut rows = Vec::new();
        merge_sorted(&c, source.clone(), target.clone(), |r| rows.push(r)).unwrap();
        assert_eq!(classes(rows), want);
        let mut join = HashJoin::new();
        let mut rows = Vec::new();
        join.batch(&c, &source, target.clone(), |r| rows.push(r));
        join.rest(&c, target, |r| rows.push(r));
        assert_eq!(classes(rows.clone()), want);
        let mut sum = Summary::default();
        rows.iter().for_each(|r| sum.add(r));
        assert_eq!((sum.deleted_in_source, sum.same), (1, 1));
        assert!(!sum.is_clean());
    }

    proptest! {
        /// The merge and the hash join agree with a plain map-based classification.
        #[test]
        fn merge_and_join_agree_with_a_model(
            source in proptest::collection::btree_map("[a-f]{1,2}", 0i64..3, 0..30),
            target in proptest::collection::btree_map("[a-f]{1,2}", 0i64..3, 0..30),
        ) {
            let c = comparer();
            let model = |s: &BTreeMap<String, i64>, t: &BTreeMap<String, i64>| {
                let mut sum = Summary::default();
                let keys: std::collections::BTreeSet<&String> = s.keys().chain(t.keys()).collect();
                for k in keys {
                    match (s.get(k), t.get(k)) {
                        (Some(a), Some(b)) if a == b => sum.same += 1,
                        (Some(_), Some(_)) => sum.different += 1,
                        (Some(_), None) => sum.missing_in_target += 1,
                        _ => sum.missing_in_source += 1,
                    }
                }
                sum
            };
            let recs = |m: &BTreeMap<String, i64>| m.iter().map(|(k, v)| rec(k, *v)).collect::<Vec<_>>();
            let mut merged = Summary::default();
            merge_sorted(&c, recs(&source), recs(&target), |r| merged.add(&r)).unwrap();
            prop_assert_eq!(merged, model(&source, &target));
            let mut joined = Summary::default();
            let mut join = HashJoin::new();
            let wanted: Vec<Record> = recs(&target).into_iter().filter(|r| source.contains_key(&r.key)).collect();
            join.batch(&c, &recs(&source), wanted, |r| joined.add(&r));
            join.rest(&c, recs(&target), |r| joined.add(&r));
            prop_assert_eq!(joined, merged);
        }
    }
}
