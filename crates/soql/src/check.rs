//! Resolves a parsed query against the objects' describes: the object, every field path
//! through lookups (describe spelling), each literal's type against its field, and each
//! operator against the field's type — with Salesforce's codes and messages.

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::Timestamp;
use rust_decimal::Decimal;
use synccentral_engine::describe::{Describe, FieldDescribe, FieldType};

use crate::error::{ErrorCode, SoqlError};
use crate::lex::CmpOp;
use crate::parse::{
    Condition, FieldPath, FieldsKind, LikePart, Literal, LiteralValue, Query, RelativeDate,
    SelectItem,
};
use crate::polymorphic;

/// The describes a query is checked against, found by object name case-insensitively.
pub trait Catalog {
    fn describe(&self, object: &str) -> Option<&Describe>;
}

impl Catalog for [Describe] {
    fn describe(&self, object: &str) -> Option<&Describe> {
        self.iter().find(|d| d.name.eq_ignore_ascii_case(object))
    }
}

impl Catalog for Vec<Describe> {
    fn describe(&self, object: &str) -> Option<&Describe> {
        self.as_slice().describe(object)
    }
}

/// Salesforce allows five levels of child-to-parent relationships in one path.
const MAX_RELATIONSHIP_LEVELS: usize = 5;

/// Salesforce's maximum OFFSET (UNCONFIRMED in the reference; the documented SOQL limit).
const MAX_OFFSET: u64 = 2000;

/// `FIELDS(ALL)` and `FIELDS(CUSTOM)` need a LIMIT of at most this.
const MAX_FIELDS_ALL_LIMIT: u64 = 200;

/// A query whose names and types are resolved: ready for [`crate::execute`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedQuery {
    /// The object, as the describe spells it.
    pub object: String,
    pub(crate) selection: Selection,
    pub(crate) filter: Option<Filter>,
    pub(crate) order: Vec<OrderKey>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selection {
    /// `SELECT COUNT()`.
    Count,
    /// `SELECT COUNT(f) [alias], …`: one AggregateResult row; (column name, counted field).
    Aggregates(Vec<(String, Resolved)>),
    Fields(Vec<Resolved>),
}

/// How a field's values compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Id,
    Number,
    Bool,
    Date,
    DateTime,
    Multi,
}

/// One lookup step of a path: the lookup field on the child (`AccountId`) and its
/// relationship name (`Account`), as the describe spells them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop {
    pub lookup: String,
    pub relationship: String,
    /// The lookup may reference several objects: its fields are the `Name` object's, read
    /// from whichever record it references (`Type` is that record's object).
    pub polymorphic: bool,
}

/// A field path resolved through the describes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resolved {
    pub hops: Vec<Hop>,
    pub field: String,
    pub kind: Kind,
}

impl Resolved {
    /// `Account.Owner.Name`, in the describes' spelling.
    pub fn dotted(&self) -> String {
        let mut s = String::new();
        for h in &self.hops {
            s.push_str(&h.relationship);
            s.push('.');
        }
        s.push_str(&self.field);
        s
    }
}

/// A literal converted to its field's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Null,
    Text(String),
    Number(Decimal),
    Bool(bool),
    Date(Date),
    DateTime(Timestamp),
    Relative(RelativeDate),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Compare {
        field: Resolved,
        op: CmpOp,
        value: Const,
    },
    Like {
        field: Resolved,
        pattern: Vec<LikePart>,
    },
    In {
        field: Resolved,
        negated: bool,
        values: Vec<Const>,
    },
    /// Each term is a set of values that must all be selected (`'A;B'`), lower-cased.
    Includes {
        field: Resolved,
        excludes: bool,
        terms: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderKey {
    pub field: Resolved,
    pub descending: bool,
    pub nulls_first: bool,
}

impl CheckedQuery {
    /// `SELECT COUNT()` or `COUNT(field)`: Bulk API query jobs refuse these.
    pub fn is_aggregate(&self) -> bool {
        !matches!(self.selection, Selection::Fields(_))
    }
}

/// Checks a parsed query against the describes in `catalog`.
pub fn check(query: &Query, catalog: &dyn Catalog) -> Result<CheckedQuery, SoqlError> {
    let text = query.text.as_str();
    let root = catalog.describe(&query.from.name).ok_or_else(|| {
        SoqlError::at(
            ErrorCode::InvalidType,
            text,
            query.from.pos,
            &format!(
                "sObject type '{}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
                query.from.name
            ),
        )
    })?;
    let cx = Resolver {
        text,
        catalog,
        root,
    };

    let selection = cx.selection(query)?;
    let filter = query.filter.as_ref().map(|c| cx.filter(c)).transpose()?;
    let mut order = Vec::new();
    for item in &query.order_by {
        let field = cx.resolve(&item.field)?;
        if field.kind == Kind::Multi {
            return Err(SoqlError::at(
                ErrorCode::InvalidField,
                text,
                item.field.pos,
                &format!("field '{}' can not be sorted in a query call", field.field),
            ));
        }
        order.push(OrderKey {
            field,
            descending: item.descending,
            nulls_first: item.nulls_first,
        });
    }
    if let Some(offset) = query.offset {
        if offset.value > MAX_OFFSET {
            return Err(SoqlError::plain(
                ErrorCode::NumberOutsideValidRange,
                format!("Maximum SOQL offset allowed is {MAX_OFFSET}"),
            ));
        }
    }
    let wide_fields = query.select.iter().find_map(|s| match s {
        SelectItem::Fields {
            kind: FieldsKind::All | FieldsKind::Custom,
            pos,
        } => Some(*pos),
        _ => None,
    });
    if let Some(pos) = wide_fields {
        if query.limit.is_none_or(|l| l.value > MAX_FIELDS_ALL_LIMIT) {
            return Err(SoqlError::at(
                ErrorCode::MalformedQuery,
                text,
                pos,
                &format!(
                    "The SOQL FIELDS function must have a LIMIT of at most {MAX_FIELDS_ALL_LIMIT}"
                ),
            ));
        }
    }
    Ok(CheckedQuery {
        object: root.name.clone(),
        selection,
        filter,
        order,
        limit: query.limit.map(|l| l.value),
        offset: query.offset.map(|o| o.value),
    })
}

struct Resolver<'a> {
    text: &'a str,
    catalog: &'a dyn Catalog,
    root: &'a Describe,
}

impl Resolver<'_> {
    fn err(&self, code: ErrorCode, pos: usize, detail: &str) -> SoqlError {
        SoqlError::at(code, self.text, pos, detail)
    }

    fn selection(&self, query: &Query) -> Result<Selection, SoqlError> {
        let count_all = query.select.iter().find_map(|s| match s {
            SelectItem::CountAll { pos } => Some(*pos),
            _ => None,
        });
        if let Some(pos) = count_all {
            if query.select.len() > 1 {
                return Err(self.err(
                    ErrorCode::MalformedQuery,
                    pos,
                    "COUNT() must be the only element in the SELECT list.",
                ));
            }
            return Ok(Selection::Count);
        }
        let counts = query
            .select
            .iter()
            .filter(|s| matches!(s, SelectItem::Count { .. }))
            .count();
        if counts > 0 {
            let mut out = Vec::new();
            for item in &query.select {
                match item {
                    SelectItem::Count { field, alias, .. } => {
                        let resolved = self.resolve(field)?;
                        let name = alias
                            .clone()
                            .unwrap_or_else(|| format!("expr{}", out.len()));
                        out.push((name, resolved));
                    }
                    SelectItem::Field(path) => {
                        let resolved = self.resolve(path)?;
                        return Err(self.err(
                            ErrorCode::MalformedQuery,
                            path.pos,
                            &format!("Field must be grouped or aggregated: {}", resolved.dotted()),
                        ));
                    }
                    SelectItem::Fields { pos, .. } | SelectItem::CountAll { pos } => {
                        return Err(self.err(
                            ErrorCode::MalformedQuery,
                            *pos,
                            "FIELDS() cannot be used with aggregate functions",
                        ))
                    }
                }
            }
            return Ok(Selection::Aggregates(out));
        }
        let mut out: Vec<Resolved> = Vec::new();
        let mut seen = HashSet::new();
        for item in &query.select {
            match item {
                SelectItem::Field(path) => {
                    let resolved = self.resolve(path)?;
                    if !seen.insert(resolved.dotted().to_ascii_lowercase()) {
                        // Salesforce refuses a field selected twice; the error code is
                        // UNCONFIRMED (the message is widely reported).
                        return Err(self.err(
                            ErrorCode::MalformedQuery,
                            path.pos,
                            &format!("duplicate field selected: {}", resolved.dotted()),
                        ));
                    }
                    out.push(resolved);
                }
                SelectItem::Fields { kind, .. } => {
                    for f in &self.root.fields {
                        let custom = f.name.ends_with("__c");
                        let wanted = match kind {
                            FieldsKind::All => true,
                            FieldsKind::Standard => !custom,
                            FieldsKind::Custom => custom,
                        };
                        if wanted && seen.insert(f.name.to_ascii_lowercase()) {
                            out.push(Resolved {
                                hops: Vec::new(),
                                field: f.name.clone(),
                                kind: kind_of(f),
                            });
                        }
                    }
                }
                SelectItem::CountAll { .. } | SelectItem::Count { .. } => {}
            }
        }
        Ok(Selection::Fields(out))
    }

    /// Resolves `A.B.Field` from the root object through lookups.
    fn resolve(&self, path: &FieldPath) -> Result<Resolved, SoqlError> {
        let (field_name, rels) = path
            .parts
            .split_last()
            .expect("a field path has at least one part");
        if rels.len() > MAX_RELATIONSHIP_LEVELS {
            // Message wording UNCONFIRMED.
            return Err(self.err(
                ErrorCode::InvalidField,
                path.pos,
                &format!(
                    "SOQL statements cannot query more than {MAX_RELATIONSHIP_LEVELS} levels of relationships"
                ),
            ));
        }
        let mut describe = self.root;
        let mut hops = Vec::new();
        for rel in rels {
            let parent = describe.field_by_relationship(rel).and_then(|lookup| {
                if polymorphic::is_polymorphic(lookup) {
                    return Some((lookup, polymorphic::name_describe()));
                }
                let target = lookup.reference_to.first()?;
                Some((lookup, self.catalog.describe(target)?))
            });
            let Some((lookup, parent)) = parent else {
                return Err(self.err(
                    ErrorCode::InvalidField,
                    path.pos,
                    &format!(
                        "Didn't understand relationship '{rel}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."
                    ),
                ));
            };
            hops.push(Hop {
                lookup: lookup.name.clone(),
                relationship: lookup
                    .relationship_name
                    .clone()
                    .unwrap_or_else(|| rel.clone()),
                polymorphic: polymorphic::is_polymorphic(lookup),
            });
            describe = parent;
        }
        let field = describe.field(field_name).ok_or_else(|| {
            self.err(
                ErrorCode::InvalidField,
                path.pos,
                &format!(
                    "No such column '{field_name}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                    describe.name
                ),
            )
        })?;
        Ok(Resolved {
            hops,
            field: field.name.clone(),
            kind: kind_of(field),
        })
    }

    fn filter(&self, c: &Condition) -> Result<Filter, SoqlError> {
        Ok(match c {
            Condition::And(items) => Filter::And(
                items
                    .iter()
                    .map(|i| self.filter(i))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Or(items) => Filter::Or(
                items
                    .iter()
                    .map(|i| self.filter(i))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Not(inner) => Filter::Not(Box::new(self.filter(inner)?)),
            Condition::Compare { field, op, value } => {
                let resolved = self.resolve(field)?;
                let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
                if ordering && matches!(resolved.kind, Kind::Bool | Kind::Multi) {
                    return Err(self.bad_operator(field, &resolved));
                }
                let value = self.constant(field, &resolved, value)?;
                Filter::Compare {
                    field: resolved,
                    op: *op,
                    value,
                }
            }
            Condition::Like { field, pattern } => {
                let resolved = self.resolve(field)?;
                if resolved.kind != Kind::Text {
                    return Err(self.bad_operator(field, &resolved));
                }
                Filter::Like {
                    field: resolved,
                    pattern: pattern.clone(),
                }
            }
            Condition::In {
                field,
                negated,
                values,
            } => {
                let resolved = self.resolve(field)?;
                let values = values
                    .iter()
                    .map(|v| self.constant(field, &resolved, v))
                    .collect::<Result<_, _>>()?;
                Filter::In {
                    field: resolved,
                    negated: *negated,
                    values,
                }
            }
            Condition::Includes {
                field,
                excludes,
                values,
            } => {
                let resolved = self.resolve(field)?;
                if resolved.kind != Kind::Multi {
                    return Err(self.err(
                        ErrorCode::InvalidQueryFilterOperator,
                        field.pos,
                        "includes or excludes operator only valid on multipicklist field",
                    ));
                }
                let mut terms = Vec::new();
                for v in values {
                    match &self.constant(field, &resolved, v)? {
                        Const::Text(s) => terms.push(split_multi(s)),
                        _ => return Err(self.wrong_type(field, &resolved)),
                    }
                }
                Filter::Includes {
                    field: resolved,
                    excludes: *excludes,
                    terms,
                }
            }
        })
    }

    fn bad_operator(&self, path: &FieldPath, field: &Resolved) -> SoqlError {
        let type_name = match field.kind {
            Kind::Text => "string",
            Kind::Id => "id",
            Kind::Number => "numeric",
            Kind::Bool => "boolean",
            Kind::Date => "date",
            Kind::DateTime => "dateTime",
            Kind::Multi => "multipicklist",
        };
        // "invalid operator on id field" is Salesforce's wording; the other type names are
        // the same pattern (UNCONFIRMED).
        self.err(
            ErrorCode::InvalidQueryFilterOperator,
            path.pos,
            &format!("invalid operator on {type_name} field"),
        )
    }

    /// `value of filter criterion for field 'X' must be of type T and should (not) be enclosed
    /// in quotes` — INVALID_FIELD, caret at the field (as Salesforce answers).
    fn wrong_type(&self, path: &FieldPath, field: &Resolved) -> SoqlError {
        let (type_name, quoted) = match field.kind {
            Kind::Text | Kind::Multi => ("string", true),
            Kind::Id => ("id", true),
            Kind::Number => ("double", false),
            Kind::Bool => ("boolean", false),
            Kind::Date => ("date", false),
            Kind::DateTime => ("dateTime", false),
        };
        let should = if quoted {
            "should be enclosed in quotes"
        } else {
            "should not be enclosed in quotes"
        };
        self.err(
            ErrorCode::InvalidField,
            path.pos,
            &format!(
                "value of filter criterion for field '{}' must be of type {type_name} and {should}",
                field.field
            ),
        )
    }

    fn constant(
        &self,
        path: &FieldPath,
        field: &Resolved,
        lit: &Literal,
    ) -> Result<Const, SoqlError> {
        use LiteralValue as L;
        Ok(match (field.kind, &lit.value) {
            (_, L::Null) => Const::Null,
            (Kind::Text | Kind::Multi, L::String(s)) => Const::Text(s.clone()),
            (Kind::Id, L::String(s)) => {
                // An empty string matches an empty lookup (UNCONFIRMED; tools write `!= ''`).
                if s.is_empty() {
                    Const::Null
                } else if is_id(s) {
                    Const::Text(s.clone())
                } else {
                    return Err(self.err(
                        ErrorCode::InvalidQueryFilterOperator,
                        path.pos,
                        &format!("invalid ID field: {s}"),
                    ));
                }
            }
            (Kind::Number, L::Number(n)) => Const::Number(*n),
            (Kind::Bool, L::Boolean(b)) => Const::Bool(*b),
            (Kind::Date, L::Date(d)) => Const::Date(*d),
            (Kind::DateTime, L::DateTime(t)) => Const::DateTime(*t),
            (Kind::Date | Kind::DateTime, L::Relative(r)) => Const::Relative(*r),
            _ => return Err(self.wrong_type(path, field)),
        })
    }
}

/// A 15- or 18-character record ID.
fn is_id(s: &str) -> bool {
    matches!(s.len(), 15 | 18) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `'A;B'` → `["a", "b"]`.
pub(crate) fn split_multi(s: &str) -> Vec<String> {
    s.split(';')
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}

pub(crate) fn kind_of(f: &FieldDescribe) -> Kind {
    match &f.field_type {
        FieldType::Id | FieldType::Reference => Kind::Id,
        FieldType::Multipicklist => Kind::Multi,
        FieldType::Boolean => Kind::Bool,
        FieldType::Date => Kind::Date,
        FieldType::Datetime => Kind::DateTime,
        t if t.is_number() => Kind::Number,
        _ => Kind::Text,
    }
}
