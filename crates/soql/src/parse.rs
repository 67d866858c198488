//! The SOQL grammar: text to a [`Query`] (names as written, positions kept for errors). No
//! describe is consulted here; [`crate::check`] resolves names and types.

use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use rust_decimal::Decimal;

use crate::error::{ErrorCode, SoqlError};
use crate::lex::{lex, CmpOp, Tok, Token};
use synccentral_engine::datetime;

/// A parsed query, names as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The query text, for errors found after parsing.
    pub text: String,
    pub select: Vec<SelectItem>,
    pub from: Name,
    pub filter: Option<Condition>,
    pub order_by: Vec<OrderItem>,
    pub limit: Option<Counted>,
    pub offset: Option<Counted>,
}

/// A name and the byte offset where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub name: String,
    pub pos: usize,
}

/// `LIMIT n` / `OFFSET n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub value: u64,
    pub pos: usize,
}

/// `Name`, `Account.Name`, `Account.Owner.Name`: relationship names, then a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub parts: Vec<String>,
    pub pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsKind {
    All,
    Standard,
    Custom,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    Field(FieldPath),
    /// `COUNT()`.
    CountAll {
        pos: usize,
    },
    /// `COUNT(field) [alias]`.
    Count {
        field: FieldPath,
        alias: Option<String>,
        pos: usize,
    },
    /// `FIELDS(ALL|STANDARD|CUSTOM)`.
    Fields {
        kind: FieldsKind,
        pos: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        field: FieldPath,
        op: CmpOp,
        value: Literal,
    },
    Like {
        field: FieldPath,
        pattern: Vec<LikePart>,
    },
    In {
        field: FieldPath,
        negated: bool,
        values: Vec<Literal>,
    },
    Includes {
        field: FieldPath,
        excludes: bool,
        values: Vec<Literal>,
    },
}

/// One element of a LIKE pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikePart {
    Char(char),
    /// `%`: any run of characters.
    AnyRun,
    /// `_`: any one character.
    AnyOne,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub value: LiteralValue,
    pub pos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    String(String),
    Number(Decimal),
    Boolean(bool),
    Null,
    Date(Date),
    DateTime(Timestamp),
    Relative(RelativeDate),
}

/// Date literals relative to "now" in the caller's time zone. Each names a range of whole days
/// `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeDate {
    Today,
    Yesterday,
    Tomorrow,
    /// `LAST_N_DAYS:n` (and `LAST_90_DAYS`): the n days before today, and today.
    LastNDays(u32),
    /// `NEXT_N_DAYS:n` (and `NEXT_90_DAYS`): the n days after today, not today.
    NextNDays(u32),
    /// `N_DAYS_AGO:n`: the one day n days before today.
    NDaysAgo(u32),
    ThisMonth,
    LastMonth,
    NextMonth,
    ThisYear,
    LastYear,
    NextYear,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderItem {
    pub field: FieldPath,
    pub descending: bool,
    /// As written, else Salesforce's default: NULLS FIRST ascending, NULLS LAST descending.
    pub nulls_first: bool,
}

/// Parses SOQL text. Errors are `MALFORMED_QUERY` with Salesforce's caret preamble.
pub fn parse(soql: &str) -> Result<Query, SoqlError> {
    let tokens = lex(soql)?;
    let mut p = Parser {
        text: soql,
        tokens,
        at: 0,
    };
    p.query()
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

/// Words that end a field list or condition: never field names.
const CLAUSE_WORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "OFFSET", "GROUP", "HAVING", "WITH",
    "USING", "FOR", "AND", "OR", "NOT", "ASC", "DESC", "NULLS", "IN", "LIKE", "INCLUDES",
    "EXCLUDES",
];

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn peek2(&self) -> &Token {
        &self.tokens[(self.at + 1).min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        t
    }

    fn unexpected(&self, t: &Token) -> SoqlError {
        SoqlError::at(
            ErrorCode::MalformedQuery,
            self.text,
            t.start,
            &format!("unexpected token: '{}'", t.text),
        )
    }

    fn unsupported(&self, t: &Token, what: &str) -> SoqlError {
        SoqlError::at(
            ErrorCode::MalformedQuery,
            self.text,
            t.start,
            &format!("{what} is not supported by Sync Central's SOQL"),
        )
    }

    fn expect_kw(&mut self, kw: &str) -> Result<Token, SoqlError> {
        let t = self.next();
        if t.is_kw(kw) {
            Ok(t)
        } else {
            Err(self.unexpected(&t))
        }
    }

    fn expect(&mut self, tok: Tok) -> Result<Token, SoqlError> {
        let t = self.next();
        if t.tok == tok {
            Ok(t)
        } else {
            Err(self.unexpected(&t))
        }
    }

    fn query(&mut self) -> Result<Query, SoqlError> {
        self.expect_kw("SELECT")?;
        let mut select = vec![self.select_item()?];
        while self.peek().tok == Tok::Comma {
            self.next();
            select.push(self.select_item()?);
        }
        self.expect_kw("FROM")?;
        let t = self.next();
        // `Group` is an object (users' groups and queues) as well as a clause word: after
        // FROM it names the object unless `BY` follows.
        let group_object = |name: &str, parser: &Self| {
            name.eq_ignore_ascii_case("GROUP") && !parser.peek().is_kw("BY")
        };
        let from = match &t.tok {
            Tok::Ident(name) if !is_clause_word(name) || group_object(name, self) => Name {
                name: name.clone(),
                pos: t.start,
            },
            _ => return Err(self.unexpected(&t)),
        };
        if self.peek().tok == Tok::Comma {
            let t = self.peek().clone();
            return Err(self.unsupported(&t, "A FROM list of several objects"));
        }
        let mut filter = None;
        if self.peek().is_kw("WHERE") {
            self.next();
            filter = Some(self.condition()?);
        }
        for (kw, what) in [
            ("WITH", "WITH"),
            ("USING", "USING SCOPE"),
            ("GROUP", "GROUP BY"),
            ("HAVING", "HAVING"),
        ] {
            if self.peek().is_kw(kw) {
                let t = self.peek().clone();
                return Err(self.unsupported(&t, what));
            }
        }
        let mut order_by = Vec::new();
        if self.peek().is_kw("ORDER") {
            self.next();
            self.expect_kw("BY")?;
            order_by.push(self.order_item()?);
            while self.peek().tok == Tok::Comma {
                self.next();
                order_by.push(self.order_item()?);
            }
        }
        let mut limit = None;
        if self.peek().is_kw("LIMIT") {
            self.next();
            limit = Some(self.count()?);
        }
        let mut offset = None;
        if self.peek().is_kw("OFFSET") {
            self.next();
            offset = Some(self.count()?);
        }
        if self.peek().is_kw("FOR") {
            let t = self.peek().clone();
            return Err(self.unsupported(&t, "FOR VIEW / FOR REFERENCE / FOR UPDATE"));
        }
        let t = self.next();
        if t.tok != Tok::Eof {
            return Err(self.unexpected(&t));
        }
        Ok(Query {
            text: self.text.to_string(),
            select,
            from,
            filter,
            order_by,
            limit,
            offset,
        })
    }

    fn count(&mut self) -> Result<Counted, SoqlError> {
        let t = self.next();
        match &t.tok {
            Tok::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => match n.parse() {
                Ok(value) => Ok(Counted {
                    value,
                    pos: t.start,
                }),
                Err(_) => Err(self.unexpected(&t)),
            },
            _ => Err(self.unexpected(&t)),
        }
    }

    fn select_item(&mut self) -> Result<SelectItem, SoqlError> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::LParen => Err(self.unsupported(&t, "A parent-to-child subquery")),
            Tok::Ident(word) if self.peek2().tok == Tok::LParen => {
                let word = word.to_ascii_uppercase();
                self.next();
                self.next();
                match word.as_str() {
                    "COUNT" => {
                        if self.peek().tok == Tok::RParen {
                            self.next();
                            return Ok(SelectItem::CountAll { pos: t.start });
                        }
                        let field = self.field_path()?;
                        self.expect(Tok::RParen)?;
                        let alias = match &self.peek().tok {
                            Tok::Ident(a) if !is_clause_word(a) => {
                                let a = a.clone();
                                self.next();
                                Some(a)
                            }
                            _ => None,
                        };
                        Ok(SelectItem::Count {
                            field,
                            alias,
                            pos: t.start,
                        })
                    }
                    "FIELDS" => {
                        let k = self.next();
                        let kind = if k.is_kw("ALL") {
                            FieldsKind::All
                        } else if k.is_kw("STANDARD") {
                            FieldsKind::Standard
                        } else if k.is_kw("CUSTOM") {
                            FieldsKind::Custom
                        } else {
                            return Err(self.unexpected(&k));
                        };
                        self.expect(Tok::RParen)?;
                        Ok(SelectItem::Fields { kind, pos: t.start })
                    }
                    _ => Err(self.unsupported(&t, &format!("The function {word}()"))),
                }
            }
            Tok::Ident(word) if word.eq_ignore_ascii_case("TYPEOF") => {
                Err(self.unsupported(&t, "TYPEOF"))
            }
            _ => Ok(SelectItem::Field(self.field_path()?)),
        }
    }

    fn field_path(&mut self) -> Result<FieldPath, SoqlError> {
        let t = self.next();
        let mut parts = match &t.tok {
            Tok::Ident(name) if !is_clause_word(name) => vec![name.clone()],
            _ => return Err(self.unexpected(&t)),
        };
        while self.peek().tok == Tok::Dot {
            self.next();
            let n = self.next();
            match &n.tok {
                Tok::Ident(name) => parts.push(name.clone()),
                _ => return Err(self.unexpected(&n)),
            }
        }
        Ok(FieldPath {
            parts,
            pos: t.start,
        })
    }

    fn order_item(&mut self) -> Result<OrderItem, SoqlError> {
        let field = self.field_path()?;
        let mut descending = false;
        if self.peek().is_kw("ASC") {
            self.next();
        } else if self.peek().is_kw("DESC") {
            self.next();
            descending = true;
        }
        let mut nulls_first = !descending;
        if self.peek().is_kw("NULLS") {
            self.next();
            let t = self.next();
            if t.is_kw("FIRST") {
                nulls_first = true;
            } else if t.is_kw("LAST") {
                nulls_first = false;
            } else {
                return Err(self.unexpected(&t));
            }
        }
        Ok(OrderItem {
            field,
            descending,
            nulls_first,
        })
    }

    /// `unit (AND unit)*` or `unit (OR unit)*`: SOQL refuses AND and OR mixed without
    /// parentheses.
    fn condition(&mut self) -> Result<Condition, SoqlError> {
        let first = self.unit()?;
        let joiner = if self.peek().is_kw("AND") {
            "AND"
        } else if self.peek().is_kw("OR") {
            "OR"
        } else {
            return Ok(first);
        };
        let other = if joiner == "AND" { "OR" } else { "AND" };
        let mut items = vec![first];
        while self.peek().is_kw(joiner) {
            self.next();
            items.push(self.unit()?);
        }
        if self.peek().is_kw(other) {
            let t = self.peek().clone();
            return Err(self.unexpected(&t));
        }
        Ok(if joiner == "AND" {
            Condition::And(items)
        } else {
            Condition::Or(items)
        })
    }

    fn unit(&mut self) -> Result<Condition, SoqlError> {
        if self.peek().is_kw("NOT") {
            self.next();
            return Ok(Condition::Not(Box::new(self.unit()?)));
        }
        if self.peek().tok == Tok::LParen {
            self.next();
            let c = self.condition()?;
            self.expect(Tok::RParen)?;
            return Ok(c);
        }
        let field = self.field_path()?;
        let t = self.next();
        match &t.tok {
            Tok::Op(op) => {
                let value = self.literal()?;
                Ok(Condition::Compare {
                    field,
                    op: *op,
                    value,
                })
            }
            _ if t.is_kw("LIKE") => {
                let s = self.next();
                match &s.tok {
                    Tok::Str(raw) => Ok(Condition::Like {
                        field,
                        pattern: decode_string(self.text, s.start, raw, true)?,
                    }),
                    _ => Err(self.unexpected(&s)),
                }
            }
            _ if t.is_kw("IN") => Ok(Condition::In {
                field,
                negated: false,
                values: self.list()?,
            }),
            _ if t.is_kw("NOT") => {
                self.expect_kw("IN")?;
                Ok(Condition::In {
                    field,
                    negated: true,
                    values: self.list()?,
                })
            }
            _ if t.is_kw("INCLUDES") || t.is_kw("EXCLUDES") => Ok(Condition::Includes {
                field,
                excludes: t.is_kw("EXCLUDES"),
                values: self.list()?,
            }),
            _ => Err(self.unexpected(&t)),
        }
    }

    fn list(&mut self) -> Result<Vec<Literal>, SoqlError> {
        self.expect(Tok::LParen)?;
        if self.peek().is_kw("SELECT") {
            let t = self.peek().clone();
            return Err(self.unsupported(&t, "A semi-join (IN (SELECT …))"));
        }
        let mut values = vec![self.literal()?];
        while self.peek().tok == Tok::Comma {
            self.next();
            values.push(self.literal()?);
        }
        self.expect(Tok::RParen)?;
        Ok(values)
    }

    fn literal(&mut self) -> Result<Literal, SoqlError> {
        let t = self.next();
        let value = match &t.tok {
            Tok::Str(raw) => {
                let parts = decode_string(self.text, t.start, raw, false)?;
                LiteralValue::String(
                    parts
                        .into_iter()
                        .map(|p| match p {
                            LikePart::Char(c) => c,
                            LikePart::AnyRun => '%',
                            LikePart::AnyOne => '_',
                        })
                        .collect(),
                )
            }
            Tok::Number(n) => match Decimal::from_str(n.trim_start_matches('+')) {
                Ok(d) => LiteralValue::Number(d),
                Err(_) => return Err(self.unexpected(&t)),
            },
            Tok::DateLike(s) if s.len() == 10 => match datetime::date(s) {
                Ok(d) => LiteralValue::Date(d),
                Err(_) => return Err(self.unexpected(&t)),
            },
            Tok::DateLike(s) => match datetime::instant(s) {
                Some(ts) => LiteralValue::DateTime(ts),
                None => return Err(self.unexpected(&t)),
            },
            Tok::Ident(word) => {
                let upper = word.to_ascii_uppercase();
                match upper.as_str() {
                    "TRUE" => LiteralValue::Boolean(true),
                    "FALSE" => LiteralValue::Boolean(false),
                    "NULL" => LiteralValue::Null,
                    "TODAY" => LiteralValue::Relative(RelativeDate::Today),
                    "YESTERDAY" => LiteralValue::Relative(RelativeDate::Yesterday),
                    "TOMORROW" => LiteralValue::Relative(RelativeDate::Tomorrow),
                    "THIS_MONTH" => LiteralValue::Relative(RelativeDate::ThisMonth),
                    "LAST_MONTH" => LiteralValue::Relative(RelativeDate::LastMonth),
                    "NEXT_MONTH" => LiteralValue::Relative(RelativeDate::NextMonth),
                    "THIS_YEAR" => LiteralValue::Relative(RelativeDate::ThisYear),
                    "LAST_YEAR" => LiteralValue::Relative(RelativeDate::LastYear),
                    "NEXT_YEAR" => LiteralValue::Relative(RelativeDate::NextYear),
                    "LAST_90_DAYS" => LiteralValue::Relative(RelativeDate::LastNDays(90)),
                    "NEXT_90_DAYS" => LiteralValue::Relative(RelativeDate::NextNDays(90)),
                    "LAST_N_DAYS" | "NEXT_N_DAYS" | "N_DAYS_AGO" => {
                        self.expect(Tok::Colon)?;
                        let n = self.next();
                        let days = match &n.tok {
                            Tok::Number(d) if d.bytes().all(|b| b.is_ascii_digit()) => {
                                d.parse::<u32>().map_err(|_| self.unexpected(&n))?
                            }
                            _ => return Err(self.unexpected(&n)),
                        };
                        LiteralValue::Relative(match upper.as_str() {
                            "LAST_N_DAYS" => RelativeDate::LastNDays(days),
                            "NEXT_N_DAYS" => RelativeDate::NextNDays(days),
                            _ => RelativeDate::NDaysAgo(days),
                        })
                    }
                    w if is_other_date_literal(w) => {
                        return Err(self.unsupported(&t, &format!("The date literal {w}")))
                    }
                    _ => return Err(self.unexpected(&t)),
                }
            }
            Tok::Colon => return Err(self.unsupported(&t, "A bind variable")),
            _ => return Err(self.unexpected(&t)),
        };
        Ok(Literal {
            value,
            pos: t.start,
        })
    }
}

fn is_clause_word(word: &str) -> bool {
    CLAUSE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Salesforce date literals outside the supported set (weeks, quarters, fiscal periods…).
fn is_other_date_literal(w: &str) -> bool {
    [
        "WEEK", "QUARTER", "FISCAL", "_N_", "_DAYS", "_MONTHS", "_YEARS",
    ]
    .iter()
    .any(|part| w.contains(part))
        && (w.starts_with("THIS_")
            || w.starts_with("LAST_")
            || w.starts_with("NEXT_")
            || w.starts_with("N_"))
}

/// Reads a string literal's escapes. `\%` and `\_` are only allowed in a LIKE pattern, where
/// unescaped `%` and `_` are wildcards.
fn decode_string(
    text: &str,
    pos: usize,
    raw: &str,
    like: bool,
) -> Result<Vec<LikePart>, SoqlError> {
    let mut out = Vec::new();
    let mut chars = raw.chars().peekable();
    let illegal = |seq: &str| {
        SoqlError::at(
            ErrorCode::MalformedQuery,
            text,
            pos,
            &format!(
                "Invalid string literal '{raw}'. Illegal character sequence '{seq}' in string literal."
            ),
        )
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next().ok_or_else(|| illegal("\\"))?;
                let decoded = match e {
                    'n' | 'N' => '\n',
                    'r' | 'R' => '\r',
                    't' | 'T' => '\t',
                    'b' | 'B' => '\u{8}',
                    'f' | 'F' => '\u{c}',
                    '"' => '"',
                    '\'' => '\'',
                    '\\' => '\\',
                    '%' | '_' if like => e,
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == 4)
                            .and_then(char::from_u32)
                            .ok_or_else(|| illegal(&format!("\\u{hex}")))?
                    }
                    other => return Err(illegal(&format!("\\{other}"))),
                };
                out.push(LikePart::Char(decoded));
            }
            '%' if like => out.push(LikePart::AnyRun),
            '_' if like => out.push(LikePart::AnyOne),
            c => out.push(LikePart::Char(c)),
        }
    }
    Ok(out)
}
