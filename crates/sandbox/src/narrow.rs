//! Narrowing: from a query's WHERE clause, an SQL condition on `records r` that every record
//! the query can match passes, so the store decodes only those. It never decides a result —
//! `synccentral-soql`'s evaluator still judges each row returned — so it only has to be a
//! superset, and gives up (`None`) wherever it cannot be sure.
//!
//! Narrowed: `=` and `IN` with non-null strings on a field of the queried object compared as
//! text or as an ID — `Id` through `records_id15`, external ID and idLookup fields through the
//! key index (`crate::keys`), other such fields by folding the stored JSON value in SQLite
//! (a JSON null never matches; numbers, booleans and absent names always pass: the evaluator
//! reads them as text, or finds the name in another letter case). `AND` narrows by any narrowable part, `OR`
//! only when every part narrows. `NOT`, `!=`, ranges, LIKE, INCLUDES, nulls and relationship
//! paths are left to the evaluator.

use rusqlite::types::Value as SqlValue;
use synccentral_soql::{CmpOp, Condition, FieldPath, Literal, LiteralValue};

use crate::keys::{self, KeyKind};
use crate::schema::SObject;

/// SQLite allows 32,766 parameters; past this many keys the query reads every record.
const MAX_PARAMS: usize = 30_000;

/// An SQL condition on `records r` and its `?` parameters in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Narrow {
    pub sql: String,
    pub params: Vec<SqlValue>,
    /// The condition is led by indexed keys: only the rows they name need visiting.
    pub driven: bool,
}

/// The narrowing of `filter` on `object`, whose indexed fields are `slots` (field, slot,
/// kind, as [`keys::slots`] lists them).
pub fn narrow(
    filter: &Condition,
    object: &SObject,
    slots: &[(String, i64, KeyKind)],
) -> Option<Narrow> {
    let n = Planner { object, slots }.condition(filter)?;
    (n.params.len() <= MAX_PARAMS).then_some(n)
}

struct Planner<'a> {
    object: &'a SObject,
    slots: &'a [(String, i64, KeyKind)],
}

impl Planner<'_> {
    fn condition(&self, c: &Condition) -> Option<Narrow> {
        match c {
            Condition::And(items) => {
                let parts: Vec<Narrow> = items.iter().filter_map(|i| self.condition(i)).collect();
                join(parts, " AND ", |ps| ps.iter().any(|p| p.driven))
            }
            Condition::Or(items) => {
                let parts: Vec<Narrow> = items
                    .iter()
                    .map(|i| self.condition(i))
                    .collect::<Option<_>>()?;
                join(parts, " OR ", |ps| ps.iter().all(|p| p.driven))
            }
            Condition::Compare {
                field,
                op: CmpOp::Eq,
                value,
            } => self.equal(field, std::slice::from_ref(value)),
            Condition::In {
                field,
                negated: false,
                values,
            } => self.equal(field, values),
            _ => None,
        }
    }

    /// `field = v` or `field IN (v, …)`.
    fn equal(&self, path: &FieldPath, values: &[Literal]) -> Option<Narrow> {
        let [name] = path.parts.as_slice() else {
            return None;
        };
        let field = self.object.field(name)?;
        let kind = KeyKind::of(field)?;
        let mut keys = Vec::with_capacity(values.len());
        for v in values {
            match &v.value {
                // An empty string on an ID field means null to the evaluator.
                LiteralValue::String(s) if !(kind == KeyKind::Id && s.is_empty()) => {
                    keys.push(SqlValue::Text(kind.fold(s)));
                }
                _ => return None,
            }
        }
        if keys.is_empty() {
            return None;
        }
        let marks = vec!["?"; keys.len()].join(", ");
        if field.field_type == synccentral_engine::FieldType::Id {
            return Some(Narrow {
                sql: format!("lower(substr(r.id, 1, 15)) IN ({marks})"),
                params: keys,
                driven: true,
            });
        }
        if let Some((_, slot, _)) = self
            .slots
            .iter()
            .find(|(f, _, k)| f.as_str() == field.name && *k == kind)
        {
            let mut params = vec![SqlValue::Integer(*slot)];
            params.extend(keys);
            return Some(Narrow {
                sql: format!(
                    "r.seq IN (SELECT seq FROM record_keys WHERE slot = ? AND key IN ({marks}))"
                ),
                params,
                driven: true,
            });
        }
        // Names are API names; anything else is not written into SQL.
        if !field
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return None;
        }
        let path = format!("'$.\"{}\"'", field.name);
        Some(Narrow {
            sql: format!(
                "(CASE json_type(r.fields, {path}) WHEN 'text' THEN {}(json_extract(r.fields, {path})) IN ({marks}) WHEN 'null' THEN 0 ELSE 1 END)",
                keys::sql_function(kind)
            ),
            params: keys,
            driven: false,
        })
    }
}

fn join(parts: Vec<Narrow>, op: &str, driven: impl Fn(&[Narrow]) -> bool) -> Option<Narrow> {
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => {
            let driven = driven(&parts);
            let sql = parts
                .iter()
                .map(|p| format!("({})", p.sql))
                .collect::<Vec<_>>()
                .join(op);
            let params = parts.into_iter().flat_map(|p| p.params).collect();
            Some(Narrow {
                sql,
                params,
                driven,
            })
        }
    }
}
