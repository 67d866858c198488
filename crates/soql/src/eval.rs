//! Runs a checked query over records: filters (type-aware, Salesforce's null and
//! case-insensitive text rules), sorts, pages, and shapes rows like Salesforce's REST query
//! records (`attributes`, nested parents, `null` for an empty lookup).

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use crate::check::{split_multi, CheckedQuery, Const, Filter, Kind, Resolved, Selection};
use crate::error::SoqlError;
use crate::lex::CmpOp;
use crate::parse::{LikePart, RelativeDate};
use synccentral_engine::datetime;

/// A record: a JSON object keyed by field API name.
pub type Record = Map<String, Value>;

/// Where the records come from.
pub trait RecordSource {
    /// All records of an object, soft-deleted ones included (`IsDeleted: true`): [`execute`]
    /// drops those unless [`Context::include_deleted`] is set (`queryAll`).
    fn records(&self, object: &str) -> Vec<Record>;
    /// One record by Id (any object) and its object's name, for parent fields.
    fn by_id(&self, id: &str) -> Option<(String, Record)>;
}

/// What a query runs against besides the records.
#[derive(Debug, Clone)]
pub struct Context {
    /// "Now", for TODAY, LAST_N_DAYS:n and the like.
    pub now: Timestamp,
    /// The user's time zone: where days start for date literals on datetime fields.
    pub time_zone: TimeZone,
    /// The API version of the request, without the `v` (`"59.0"`), for `attributes.url`.
    pub api_version: String,
    /// `queryAll`: keep soft-deleted records.
    pub include_deleted: bool,
}

/// A query's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryResult {
    /// `SELECT COUNT()`: Salesforce answers `totalSize` = the count and `records: []`.
    Count(usize),
    /// Records shaped as in Salesforce's REST query response, in order, after OFFSET/LIMIT.
    Rows(Vec<Value>),
}

/// Runs a checked query.
pub fn execute(
    q: &CheckedQuery,
    source: &dyn RecordSource,
    ctx: &Context,
) -> Result<QueryResult, SoqlError> {
    let run = Run {
        source,
        ctx,
        parents: RefCell::new(HashMap::new()),
    };
    let today = ctx.now.to_zoned(ctx.time_zone.clone()).date();
    let mut matched: Vec<Record> = source
        .records(&q.object)
        .into_iter()
        .filter(|r| ctx.include_deleted || get(r, "IsDeleted") != Some(&Value::Bool(true)))
        .filter(|r| q.filter.as_ref().is_none_or(|f| run.test(f, r, today)))
        .collect();

    match &q.selection {
        Selection::Count => {
            let n = matched.len().saturating_sub(q.offset.unwrap_or(0) as usize);
            let n = q.limit.map_or(n, |l| n.min(l as usize));
            Ok(QueryResult::Count(n))
        }
        Selection::Aggregates(columns) => {
            let mut row = Map::new();
            row.insert("attributes".into(), json!({"type": "AggregateResult"}));
            for (name, field) in columns {
                let n = matched
                    .iter()
                    .filter(|r| !matches!(run.scalar(r, field), Scalar::Null))
                    .count();
                row.insert(name.clone(), json!(n));
            }
            Ok(QueryResult::Rows(vec![Value::Object(row)]))
        }
        Selection::Fields(fields) => {
            if !q.order.is_empty() {
                let mut keyed: Vec<(Vec<Scalar>, Record)> = matched
                    .into_iter()
                    .map(|r| {
                        let keys = q.order.iter().map(|o| run.scalar(&r, &o.field)).collect();
                        (keys, r)
                    })
                    .collect();
                keyed.sort_by(|(a, _), (b, _)| {
                    for ((x, y), o) in a.iter().zip(b).zip(&q.order) {
                        let ord = match (x, y) {
                            (Scalar::Null, Scalar::Null) => Ordering::Equal,
                            (Scalar::Null, _) if o.nulls_first => Ordering::Less,
                            (Scalar::Null, _) => Ordering::Greater,
                            (_, Scalar::Null) if o.nulls_first => Ordering::Greater,
                            (_, Scalar::Null) => Ordering::Less,
                            _ => {
                                let ord = sort_cmp(x, y);
                                if o.descending {
                                    ord.reverse()
                                } else {
                                    ord
                                }
                            }
                        };
                        if ord != Ordering::Equal {
                            return ord;
                        }
                    }
                    Ordering::Equal
                });
                matched = keyed.into_iter().map(|(_, r)| r).collect();
            }
            let rows = matched
                .into_iter()
                .skip(q.offset.unwrap_or(0) as usize)
                .take(q.limit.map_or(usize::MAX, |l| l as usize))
                .map(|r| run.row(&q.object, &r, fields))
                .collect();
            Ok(QueryResult::Rows(rows))
        }
    }
}

/// The top-level column names of a query in SELECT order (`Id`, `Account.Name`): the header
/// of a Bulk query CSV. Empty for `SELECT COUNT()`.
pub fn fields_of(q: &CheckedQuery) -> Vec<String> {
    match &q.selection {
        Selection::Count => Vec::new(),
        Selection::Aggregates(cols) => cols.iter().map(|(n, _)| n.clone()).collect(),
        Selection::Fields(fields) => fields.iter().map(Resolved::dotted).collect(),
    }
}

/// A row's values in [`fields_of`] order (parent fields read through the nested objects;
/// `null` where a parent is empty): the cells of a Bulk query CSV line.
pub fn column_values(q: &CheckedQuery, row: &Value) -> Vec<Value> {
    fields_of(q)
        .iter()
        .map(|dotted| {
            dotted
                .split('.')
                .try_fold(row, |v, key| v.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        })
        .collect()
}

/// A field value, typed.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Null,
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(Date),
    DateTime(Timestamp),
}

struct Run<'a> {
    source: &'a dyn RecordSource,
    ctx: &'a Context,
    parents: RefCell<HashMap<String, Option<(String, Record)>>>,
}

impl Run<'_> {
    fn parent(&self, id: &str) -> Option<(String, Record)> {
        if let Some(hit) = self.parents.borrow().get(id) {
            return hit.clone();
        }
        let found = self.source.by_id(id);
        self.parents
            .borrow_mut()
            .insert(id.to_string(), found.clone());
        found
    }

    /// Follows a path's lookups from `record`; `None` when a lookup is empty or dangling.
    fn follow(&self, record: &Record, hops: usize, field: &Resolved) -> Option<(String, Record)> {
        let mut current: Option<(String, Record)> = None;
        for hop in &field.hops[..hops] {
            let from = current.as_ref().map_or(record, |(_, r)| r);
            let id = get(from, &hop.lookup)?.as_str()?.to_string();
            current = Some(self.parent(&id)?);
        }
        current
    }

    fn scalar(&self, record: &Record, field: &Resolved) -> Scalar {
        let value = if field.hops.is_empty() {
            get(record, &field.field).cloned()
        } else {
            self.follow(record, field.hops.len(), field)
                .and_then(|(object, r)| terminal(&object, &r, field, field.hops.len()))
        };
        value.map_or(Scalar::Null, |v| to_scalar(&v, field.kind))
    }

    fn test(&self, f: &Filter, r: &Record, today: Date) -> bool {
        match f {
            Filter::And(items) => items.iter().all(|i| self.test(i, r, today)),
            Filter::Or(items) => items.iter().any(|i| self.test(i, r, today)),
            Filter::Not(inner) => !self.test(inner, r, today),
            Filter::Compare { field, op, value } => {
                let v = self.scalar(r, field);
                self.compare(&v, *op, value, field.kind, today)
            }
            Filter::Like { field, pattern } => match self.scalar(r, field) {
                Scalar::Text(s) => like(&s, pattern),
                _ => false,
            },
            Filter::In {
                field,
                negated,
                values,
            } => {
                let v = self.scalar(r, field);
                let hit = values
                    .iter()
                    .any(|c| self.compare(&v, CmpOp::Eq, c, field.kind, today));
                hit != *negated
            }
            Filter::Includes {
                field,
                excludes,
                terms,
            } => {
                let selected = match self.scalar(r, field) {
                    Scalar::Text(s) => split_multi(&s),
                    _ => Vec::new(),
                };
                let hit = terms
                    .iter()
                    .any(|term| term.iter().all(|t| selected.contains(t)));
                hit != *excludes
            }
        }
    }

    /// Null is a value for `=` and `!=` (`!= 'x'` keeps empty fields, UNCONFIRMED but the
    /// documented SOQL behaviour); other operators never match an empty field.
    fn compare(&self, v: &Scalar, op: CmpOp, c: &Const, kind: Kind, today: Date) -> bool {
        let eq = |ord: Option<Ordering>| ord == Some(Ordering::Equal);
        if let Const::Relative(rel) = c {
            let (start, end) = range(*rel, today);
            let (lo, hi) = match v {
                Scalar::Date(d) => (d.cmp(&start), d.cmp(&end)),
                Scalar::DateTime(t) => {
                    let at = |d: Date| {
                        d.to_zoned(self.ctx.time_zone.clone())
                            .map(|z| z.timestamp())
                            .unwrap_or(Timestamp::MIN)
                    };
                    (t.cmp(&at(start)), t.cmp(&at(end)))
                }
                _ => return op == CmpOp::Ne,
            };
            let inside = lo != Ordering::Less && hi == Ordering::Less;
            return match op {
                CmpOp::Eq => inside,
                CmpOp::Ne => !inside,
                CmpOp::Lt => lo == Ordering::Less,
                CmpOp::Le => hi == Ordering::Less,
                CmpOp::Gt => hi != Ordering::Less,
                CmpOp::Ge => lo != Ordering::Less,
            };
        }
        let c = const_scalar(c);
        match (v, &c) {
            (Scalar::Null, Scalar::Null) => matches!(op, CmpOp::Eq),
            (Scalar::Null, _) | (_, Scalar::Null) => matches!(op, CmpOp::Ne),
            _ => {
                if kind == Kind::Multi {
                    let same = match (v, &c) {
                        (Scalar::Text(a), Scalar::Text(b)) => {
                            let (mut a, mut b) = (split_multi(a), split_multi(b));
                            a.sort();
                            b.sort();
                            a == b
                        }
                        _ => false,
                    };
                    return same == (op == CmpOp::Eq);
                }
                let ord = if kind == Kind::Id {
                    id_cmp(v, &c)
                } else {
                    filter_cmp(v, &c)
                };
                match op {
                    CmpOp::Eq => eq(ord),
                    CmpOp::Ne => !eq(ord),
                    CmpOp::Lt => ord == Some(Ordering::Less),
                    CmpOp::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                    CmpOp::Gt => ord == Some(Ordering::Greater),
                    CmpOp::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                }
            }
        }
    }

    /// The REST record for `record`: `attributes`, then the selected fields, parents nested.
    fn row(&self, object: &str, record: &Record, fields: &[Resolved]) -> Value {
        let mut row = Map::new();
        row.insert("attributes".into(), self.attributes(object, record));
        for field in fields {
            self.put(&mut row, object, record, field, 0);
        }
        Value::Object(row)
    }

    fn attributes(&self, object: &str, record: &Record) -> Value {
        let id = get(record, "Id").and_then(Value::as_str).unwrap_or("");
        json!({
            "type": object,
            "url": format!("/services/data/v{}/sobjects/{object}/{id}", self.ctx.api_version),
        })
    }

    /// Puts `field` (from hop `depth` on) into `out`, `record` (of `object`) being the record
    /// at that depth.
    fn put(
        &self,
        out: &mut Map<String, Value>,
        object: &str,
        record: &Record,
        field: &Resolved,
        depth: usize,
    ) {
        let Some(hop) = field.hops.get(depth) else {
            let value = terminal(object, record, field, depth).unwrap_or(Value::Null);
            out.insert(field.field.clone(), value);
            return;
        };
        let parent = get(record, &hop.lookup)
            .and_then(Value::as_str)
            .and_then(|id| self.parent(id));
        let Some((parent_object, parent)) = parent else {
            out.entry(hop.relationship.clone()).or_insert(Value::Null);
            return;
        };
        let slot = out.entry(hop.relationship.clone()).or_insert_with(|| {
            let mut m = Map::new();
            m.insert(
                "attributes".into(),
                self.attributes(&parent_object, &parent),
            );
            Value::Object(m)
        });
        if let Value::Object(nested) = slot {
            self.put(nested, &parent_object, &parent, field, depth + 1);
        }
    }
}

/// The selected field's value on `record` (of `object`), reached after `depth` hops: through a
/// polymorphic lookup, `Type` is the referenced record's object.
fn terminal(object: &str, record: &Record, field: &Resolved, depth: usize) -> Option<Value> {
    let through_polymorphic = depth
        .checked_sub(1)
        .and_then(|i| field.hops.get(i))
        .is_some_and(|h| h.polymorphic);
    if through_polymorphic && field.field == crate::polymorphic::TYPE_FIELD {
        return Some(Value::String(object.to_string()));
    }
    get(record, &field.field).cloned()
}

/// A record's value by API name: exact key first, else case-insensitively.
fn get<'r>(record: &'r Record, name: &str) -> Option<&'r Value> {
    record.get(name).or_else(|| {
        record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

fn to_scalar(v: &Value, kind: Kind) -> Scalar {
    let text = match v {
        Value::Null => return Scalar::Null,
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    };
    let parsed = match kind {
        Kind::Text | Kind::Id | Kind::Multi => Some(Scalar::Text(text)),
        Kind::Number => Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .ok()
            .map(Scalar::Number),
        Kind::Bool => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Scalar::Bool(true)),
            "false" => Some(Scalar::Bool(false)),
            _ => None,
        },
        Kind::Date => datetime::leading_date(&text).map(Scalar::Date),
        Kind::DateTime => datetime::instant(&text)
            .or_else(|| {
                let d = datetime::leading_date(&text)?;
                d.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
            })
            .map(Scalar::DateTime),
    };
    parsed.unwrap_or(Scalar::Null)
}

fn const_scalar(c: &Const) -> Scalar {
    match c {
        Const::Null | Const::Relative(_) => Scalar::Null,
        Const::Text(s) => Scalar::Text(s.clone()),
        Const::Number(n) => Scalar::Number(*n),
        Const::Bool(b) => Scalar::Bool(*b),
        Const::Date(d) => Scalar::Date(*d),
        Const::DateTime(t) => Scalar::DateTime(*t),
    }
}

/// Filter comparison: text case-insensitively, the rest by value.
fn filter_cmp(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    Some(match (a, b) {
        (Scalar::Text(x), Scalar::Text(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Scalar::Number(x), Scalar::Number(y)) => x.cmp(y),
        (Scalar::Bool(x), Scalar::Bool(y)) => x.cmp(y),
        (Scalar::Date(x), Scalar::Date(y)) => x.cmp(y),
        (Scalar::DateTime(x), Scalar::DateTime(y)) => x.cmp(y),
        _ => return None,
    })
}

/// IDs: a 15-character ID equals the 18-character one it starts (case-sensitively); two
/// 18-character IDs compare case-insensitively.
fn id_cmp(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    let (Scalar::Text(x), Scalar::Text(y)) = (a, b) else {
        return None;
    };
    if x.len() != y.len() && x.len().min(y.len()) == 15 {
        return Some(x.get(..15).cmp(&y.get(..15)));
    }
    if x.len() == 18 && y.len() == 18 {
        return Some(x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()));
    }
    Some(x.cmp(y))
}

fn sort_cmp(a: &Scalar, b: &Scalar) -> Ordering {
    filter_cmp(a, b).unwrap_or(Ordering::Equal)
}

/// The whole days `[start, end)` a relative date literal names.
fn range(rel: RelativeDate, today: Date) -> (Date, Date) {
    let days = |n: i64| today.checked_add(n.days()).unwrap_or(today);
    let month_start = today.first_of_month();
    let months = |n: i64| month_start.checked_add(n.months()).unwrap_or(month_start);
    let year_start = Date::new(today.year(), 1, 1).unwrap_or(today);
    let years = |n: i64| year_start.checked_add(n.years()).unwrap_or(year_start);
    match rel {
        RelativeDate::Today => (today, days(1)),
        RelativeDate::Yesterday => (days(-1), today),
        RelativeDate::Tomorrow => (days(1), days(2)),
        RelativeDate::LastNDays(n) => (days(-i64::from(n)), days(1)),
        RelativeDate::NextNDays(n) => (days(1), days(1 + i64::from(n))),
        RelativeDate::NDaysAgo(n) => (days(-i64::from(n)), days(1 - i64::from(n))),
        RelativeDate::ThisMonth => (months(0), months(1)),
        RelativeDate::LastMonth => (months(-1), months(0)),
        RelativeDate::NextMonth => (months(1), months(2)),
        RelativeDate::ThisYear => (years(0), years(1)),
        RelativeDate::LastYear => (years(-1), years(0)),
        RelativeDate::NextYear => (years(1), years(2)),
    }
}

/// LIKE: case-insensitive, `%` any run, `_` any one character.
fn like(value: &str, pattern: &[LikePart]) -> bool {
    let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<LikePart> = pattern
        .iter()
        .flat_map(|part| match part {
            LikePart::Char(c) => c.to_lowercase().map(LikePart::Char).collect::<Vec<_>>(),
            other => vec![*other],
        })
        .collect();
    // Classic wildcard matching with backtracking to the last `%`.
    let (mut vi, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some(LikePart::AnyRun) => {
                star = Some((pi, vi));
                pi += 1;
            }
            Some(LikePart::AnyOne) => {
                vi += 1;
                pi += 1;
            }
            Some(LikePart::Char(c)) if *c == v[vi] => {
                vi += 1;
                pi += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    pi = sp + 1;
                    vi = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|x| *x == LikePart::AnyRun)
}
