//! The calc tokenizer: turns the expression text into tokens, each with the character
//! position it starts at (columns in messages are 1-based characters, not bytes). The parser
//! pulls one token at a time; right after a `record` word it asks for the path instead, so
//! that keys such as `lines.0` or `2nd` are read as keys, not as numbers.

use super::CalcSyntaxError;
use crate::num::parse_decimal;
use crate::path::Segment;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(Decimal),
    Str(String),
    /// A word: keyword, name or function name.
    Word(String),
    /// `$1` … `$9`.
    Arg(usize),
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    End,
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub kind: Tok,
    /// Index of the first character (0-based).
    pub start: usize,
    /// Index just past the last character.
    pub end: usize,
}

impl Token {
    /// The 1-based column, as messages show it.
    pub fn col(&self) -> usize {
        self.start + 1
    }
}

pub(super) fn error(col: usize, message: impl Into<String>) -> CalcSyntaxError {
    CalcSyntaxError {
        column: col,
        message: message.into(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

pub(super) struct Lexer {
    chars: Vec<char>,
    pos: usize,
}

impl Lexer {
    pub fn new(src: &str) -> Lexer {
        Lexer {
            chars: src.chars().collect(),
            pos: 0,
        }
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    fn peek_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(self.pos)
    }

    /// The source text of a token, shortened for messages.
    pub fn describe(&self, tok: &Token) -> String {
        if tok.kind == Tok::End {
            return "the end of the expression".to_string();
        }
        let text: String = self.chars[tok.start..tok.end].iter().take(24).collect();
        let more = if tok.end - tok.start > 24 { "…" } else { "" };
        format!("'{text}{more}'")
    }

    pub fn next(&mut self) -> Result<Token, CalcSyntaxError> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        let start = self.pos;
        let col = start + 1;
        let Some(c) = self.peek() else {
            return Ok(Token {
                kind: Tok::End,
                start,
                end: start,
            });
        };
        let next = self.peek_at(start + 1);
        let single = |kind: Tok, len: usize, lexer: &mut Lexer| {
            lexer.pos += len;
            kind
        };
        let kind = match c {
            '0'..='9' => self.number()?,
            '.' if next.is_some_and(|n| n.is_ascii_digit()) => self.number()?,
            '"' => Tok::Str(self.string()?),
            'a'..='z' | 'A'..='Z' | '_' => {
                while self.peek().is_some_and(is_word_char) {
                    self.pos += 1;
                }
                Tok::Word(self.chars[start..self.pos].iter().collect())
            }
            '$' => self.arg()?,
            '(' => single(Tok::LParen, 1, self),
            ')' => single(Tok::RParen, 1, self),
            ',' => single(Tok::Comma, 1, self),
            '+' => single(Tok::Plus, 1, self),
            '-' => single(Tok::Minus, 1, self),
            '*' => single(Tok::Star, 1, self),
            '/' => single(Tok::Slash, 1, self),
            '%' => single(Tok::Percent, 1, self),
            '^' => single(Tok::Caret, 1, self),
            '=' if next == Some('=') => single(Tok::Eq, 2, self),
            '=' => single(Tok::Eq, 1, self),
            '!' if next == Some('=') => single(Tok::Ne, 2, self),
            '<' if next == Some('=') => single(Tok::Le, 2, self),
            '<' if next == Some('>') => single(Tok::Ne, 2, self),
            '<' => single(Tok::Lt, 1, self),
            '>' if next == Some('=') => single(Tok::Ge, 2, self),
            '>' => single(Tok::Gt, 1, self),
            '!' => {
                return Err(error(
                    col,
                    "unexpected '!': write != (or <>) for 'not equal', NOT to negate",
                ))
            }
            '&' => {
                return Err(error(
                    col,
                    "unexpected '&': join text with CONCAT(a, b)",
                ))
            }
            '\'' => {
                return Err(error(
                    col,
                    "unexpected \"'\": strings are written in double quotes",
                ))
            }
            '[' | ']' | '.' => {
                return Err(error(
                    col,
                    format!("unexpected '{c}': only record paths have '.' and '[', e.g. record.lines[0].qty"),
                ))
            }
            other => return Err(error(col, format!("unexpected character '{other}'"))),
        };
        Ok(Token {
            kind,
            start,
            end: self.pos,
        })
    }

    /// `12`, `0.5`, `.5`, `1e3`, `2.5E-2`.
    fn number(&mut self) -> Result<Tok, CalcSyntaxError> {
        let start = self.pos;
        let digits = |lexer: &mut Lexer| {
            while lexer.peek().is_some_and(|c| c.is_ascii_digit()) {
                lexer.pos += 1;
            }
        };
        digits(self);
        if self.peek() == Some('.')
            && self
                .peek_at(self.pos + 1)
                .is_some_and(|c| c.is_ascii_digit())
        {
            self.pos += 1;
            digits(self);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let after = self.peek_at(self.pos + 1);
            let signed = matches!(after, Some('+' | '-'));
            let first = if signed {
                self.peek_at(self.pos + 2)
            } else {
                after
            };
            if first.is_some_and(|c| c.is_ascii_digit()) {
                self.pos += if signed { 2 } else { 1 };
                digits(self);
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match parse_decimal(&text) {
            Some(d) => Ok(Tok::Num(d)),
            None => Err(error(
                start + 1,
                format!("number {text} is out of range (numbers go up to about 7.9e28, with up to 28 decimal places)"),
            )),
        }
    }

    /// A double-quoted string; `\"` and `\\` are the only escapes.
    fn string(&mut self) -> Result<String, CalcSyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(error(
                        self.pos + 1,
                        format!(
                            "expected '\"' to close the string opened at column {}",
                            open + 1
                        ),
                    ))
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some('\\') => match self.peek_at(self.pos + 1) {
                    Some(c @ ('"' | '\\')) => {
                        text.push(c);
                        self.pos += 2;
                    }
                    None => {
                        return Err(error(
                            self.pos + 2,
                            format!(
                                "expected '\"' to close the string opened at column {}",
                                open + 1
                            ),
                        ))
                    }
                    Some(c) => {
                        return Err(error(
                            self.pos + 1,
                            format!("unknown escape '\\{c}': a string knows only \\\" and \\\\"),
                        ))
                    }
                },
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// `$1` … `$9`.
    fn arg(&mut self) -> Result<Tok, CalcSyntaxError> {
        let col = self.pos + 1;
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        match digits.as_str() {
            "" => Err(error(
                col,
                "expected a source number after '$': sources are $1 to $9",
            )),
            d @ ("1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9") => {
                Ok(Tok::Arg(usize::from(d.as_bytes()[0] - b'0')))
            }
            d => Err(error(
                col,
                format!("'${d}' is not a source: sources are $1 to $9"),
            )),
        }
    }

    /// The path right after the word `record` (the lexer stands just past it):
    /// `.key`, `[n]` and `["any key"]` steps, at least one, with no space between them.
    pub fn record_path(&mut self) -> Result<Vec<Segment>, CalcSyntaxError> {
        let mut segments = Vec::new();
        loop {
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(is_word_char) {
                        self.pos += 1;
                    }
                    if let Some(c) = self.peek().filter(|c| c.is_alphanumeric()) {
                        let mut end = self.pos;
                        while self
                            .peek_at(end)
                            .is_some_and(|c| c.is_alphanumeric() || c == '_')
                        {
                            end += 1;
                        }
                        let key: String = self.chars[start..end].iter().collect();
                        return Err(error(
                            self.pos + 1,
                            format!(
                                "a key holding '{c}' is written in brackets: record[\"{key}\"]"
                            ),
                        ));
                    }
                    if start == self.pos {
                        return Err(error(
                            start + 1,
                            "expected a key after '.': letters, digits and _ (write other keys in brackets, e.g. record[\"name-last\"])",
                        ));
                    }
                    let key: String = self.chars[start..self.pos].iter().collect();
                    segments.push(Segment::Key(key));
                }
                Some('[') => {
                    let open = self.pos;
                    self.pos += 1;
                    match self.peek() {
                        Some('"') => segments.push(Segment::Key(self.string()?)),
                        Some(c) if c.is_ascii_digit() => {
                            let start = self.pos;
                            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                                self.pos += 1;
                            }
                            let digits: String = self.chars[start..self.pos].iter().collect();
                            let index = digits.parse::<usize>().map_err(|_| {
                                error(start + 1, format!("index {digits} is too large"))
                            })?;
                            segments.push(Segment::Index(index));
                        }
                        _ => {
                            return Err(error(
                                self.pos + 1,
                                "expected an index or a quoted key after '[', e.g. [0] or [\"name-last\"]",
                            ))
                        }
                    }
                    if self.peek() != Some(']') {
                        return Err(error(
                            self.pos + 1,
                            format!("expected ']' to close '[' opened at column {}", open + 1),
                        ));
                    }
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if segments.is_empty() {
            return Err(error(
                self.pos + 1,
                "expected '.' or '[' right after 'record', e.g. record.name or record[\"name-last\"]",
            ));
        }
        Ok(segments)
    }
}
