//! Splits SOQL text into tokens, each with its byte offset for Salesforce's caret errors.
//! Keywords are not told apart from names here: the parser compares identifiers
//! case-insensitively where it expects a keyword.

use crate::error::{ErrorCode, SoqlError};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    /// The text between the quotes, escapes still in place (their meaning depends on
    /// whether the literal is a LIKE pattern).
    Str(String),
    Number(String),
    /// `YYYY-MM-DD` or an ISO-8601 date-time with a zone, as written.
    DateLike(String),
    Comma,
    LParen,
    RParen,
    Dot,
    Colon,
    Op(CmpOp),
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub start: usize,
    /// The token as written (`<EOF>` at the end).
    pub text: String,
}

impl Token {
    /// This token is the keyword `kw` (case-insensitively).
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Ident(s) if s.eq_ignore_ascii_case(kw))
    }
}

pub(crate) fn lex(text: &str) -> Result<Vec<Token>, SoqlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let single = |tok: Tok| Token {
            tok,
            start,
            text: c.to_string(),
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            ',' => out.push(single(Tok::Comma)),
            '(' => out.push(single(Tok::LParen)),
            ')' => out.push(single(Tok::RParen)),
            '.' => out.push(single(Tok::Dot)),
            ':' => out.push(single(Tok::Colon)),
            '=' => out.push(single(Tok::Op(CmpOp::Eq))),
            '!' | '<' | '>' => {
                let next = bytes.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    ('!', Some(b'=')) => (CmpOp::Ne, 2),
                    ('<', Some(b'>')) => (CmpOp::Ne, 2),
                    ('<', Some(b'=')) => (CmpOp::Le, 2),
                    ('>', Some(b'=')) => (CmpOp::Ge, 2),
                    ('<', _) => (CmpOp::Lt, 1),
                    ('>', _) => (CmpOp::Gt, 1),
                    _ => return Err(no_viable(text, i, c)),
                };
                out.push(Token {
                    tok: Tok::Op(op),
                    start,
                    text: text[i..i + len].to_string(),
                });
                i += len;
                continue;
            }
            '\'' => {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        None => {
                            return Err(SoqlError::at(
                                ErrorCode::MalformedQuery,
                                text,
                                start,
                                "mismatched character '<EOF>' expecting '''",
                            ))
                        }
                        Some(b'\\') => j += 2,
                        Some(b'\'') => break,
                        Some(_) => j += 1,
                    }
                }
                let j = j.min(text.len());
                out.push(Token {
                    tok: Tok::Str(text[i + 1..j].to_string()),
                    start,
                    text: text[i..=j].to_string(),
                });
                i = j + 1;
                continue;
            }
            c if c.is_ascii_digit() || ((c == '-' || c == '+') && next_is_digit(bytes, i)) => {
                let len = date_like_len(&bytes[i..]);
                if len > 0 {
                    out.push(Token {
                        tok: Tok::DateLike(text[i..i + len].to_string()),
                        start,
                        text: text[i..i + len].to_string(),
                    });
                    i += len;
                    continue;
                }
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                    j += 1;
                }
                out.push(Token {
                    tok: Tok::Number(text[i..j].to_string()),
                    start,
                    text: text[i..j].to_string(),
                });
                i = j;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                out.push(Token {
                    tok: Tok::Ident(text[i..j].to_string()),
                    start,
                    text: text[i..j].to_string(),
                });
                i = j;
                continue;
            }
            other => return Err(no_viable(text, i, other)),
        }
        i += c.len_utf8();
    }
    out.push(Token {
        tok: Tok::Eof,
        start: text.len(),
        text: "<EOF>".into(),
    });
    Ok(out)
}

fn next_is_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// Salesforce's lexer wording for a character no token starts with.
fn no_viable(text: &str, offset: usize, c: char) -> SoqlError {
    let before = &text[..offset];
    let row = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count();
    SoqlError::at(
        ErrorCode::MalformedQuery,
        text,
        offset,
        &format!("line {row}:{column} no viable alternative at character '{c}'"),
    )
}

/// Length of a date (`2024-01-31`) or date-time (`2024-01-31T10:00:00[.000](Z|±hh:mm|±hhmm)`)
/// at the start of `b`, or 0. The date-time's tail is taken greedily and validated later.
fn date_like_len(b: &[u8]) -> usize {
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|k| b.get(k).is_some_and(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return 0;
    }
    if !matches!(b.get(10), Some(b'T') | Some(b't')) {
        return 10;
    }
    let mut j = 11;
    while j < b.len()
        && (b[j].is_ascii_digit() || matches!(b[j], b':' | b'.' | b'+' | b'-' | b'Z' | b'z'))
    {
        j += 1;
    }
    j
}
