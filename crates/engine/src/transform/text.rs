//! Text transforms: `modify` (case and white space), `escape` (HTML, XML, JSON, CSV, URL),
//! `encode`/`decode` (base64, base64url, hex, URL) and `truncate`.

use super::args::{child, did_you_mean, kind, quoted_list, scalar_text};
use crate::{FieldDescribe, MappingIssue};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine};
use base64::{alphabet, DecodeError};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use std::borrow::Cow;

/// Every byte but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`) is encoded.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Reads one string argument that must be one of `names`; reports it otherwise.
fn keyword<T: Copy>(
    arg: &Value,
    transform: &str,
    table: &[(&str, T)],
    pointer: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<T> {
    let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
    let found = arg
        .as_str()
        .and_then(|s| table.iter().find(|(n, _)| *n == s).map(|(_, t)| *t));
    if found.is_none() {
        let got = match arg.as_str() {
            Some(s) => format!("\"{s}\"{}", did_you_mean(s, &names)),
            None => kind(arg).to_string(),
        };
        issues.push(MappingIssue::new(
            child(pointer, transform),
            format!(
                "{transform} takes one of {}; got {got}",
                quoted_list(&names)
            ),
        ));
    }
    found
}

/// `modify`: a change of case or white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modify {
    /// `"upper"`: Unicode upper case.
    Upper,
    /// `"lower"`: Unicode lower case.
    Lower,
    /// `"title"`: each word's first letter upper case, the rest lower case.
    Title,
    /// `"trim"`: white space removed at both ends.
    Trim,
    /// `"collapse"`: trimmed, and every run of white space inside made one space.
    Collapse,
}

const MODIFY: &[(&str, Modify)] = &[
    ("upper", Modify::Upper),
    ("lower", Modify::Lower),
    ("title", Modify::Title),
    ("trim", Modify::Trim),
    ("collapse", Modify::Collapse),
];

impl Modify {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Modify> {
        keyword(arg, "modify", MODIFY, pointer, issues)
    }

    pub(crate) fn describe(self) -> String {
        match self {
            Modify::Upper => "make upper case",
            Modify::Lower => "make lower case",
            Modify::Title => "make title case",
            Modify::Trim => "trim white space",
            Modify::Collapse => "collapse white space",
        }
        .to_string()
    }

    fn keyword(self) -> &'static str {
        MODIFY
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("", |(n, _)| n)
    }

    /// Text is changed; numbers and booleans pass unchanged; arrays and objects fail.
    pub(crate) fn apply(self, value: Value) -> Result<Value, String> {
        match value {
            Value::String(s) => Ok(Value::String(self.run(s))),
            Value::Array(_) | Value::Object(_) => Err(format!(
                "modify {} needs text, got {}",
                self.keyword(),
                kind(&value)
            )),
            scalar => Ok(scalar),
        }
    }

    pub(crate) fn run(self, s: String) -> String {
        match self {
            Modify::Upper => s.to_uppercase(),
            Modify::Lower => s.to_lowercase(),
            Modify::Title => title_case(&s),
            Modify::Trim => {
                let t = s.trim();
                if t.len() == s.len() {
                    s
                } else {
                    t.to_string()
                }
            }
            Modify::Collapse => {
                let mut out = String::with_capacity(s.len());
                for word in s.split_whitespace() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
                out
            }
        }
    }
}

/// Combining marks belong to the letter before them (`e` + U+0301 is one letter).
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// One letter, perhaps with combining marks: the `o` of `o'neil`, the `d` of `d'angelo`.
fn is_single_letter(s: &str) -> bool {
    let mut base = s.chars().filter(|c| !is_mark(*c));
    base.next().is_some_and(char::is_alphabetic) && base.next().is_none()
}

/// Title case. Words are runs of letters, digits and combining marks; anything else (space,
/// hyphen, slash, …) separates them. An apostrophe between letters stays inside the word
/// (`don't` → `Don't`) unless a single letter precedes it (`o'neil` → `O'Neil`).
fn title_case(s: &str) -> String {
    fn push_word(out: &mut String, word: &str) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_lowercase());
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut word_start: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start {
            let next_is_word = chars.peek().is_some_and(|&(_, n)| is_word_char(n));
            if is_apostrophe(c) && next_is_word && !is_single_letter(&s[start..i]) {
                continue;
            }
            push_word(&mut out, &s[start..i]);
            word_start = None;
        }
        out.push(c);
    }
    if let Some(start) = word_start {
        push_word(&mut out, &s[start..]);
    }
    out
}

/// `escape`: makes text safe to embed in another format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// `& < > " '` → `&amp; &lt; &gt; &quot; &#39;`.
    Html,
    /// `& < > " '` → `&amp; &lt; &gt; &quot; &apos;`.
    Xml,
    /// The inside of a JSON string literal, without the quotes.
    Json,
    /// A CSV field: quoted when it holds `,` `"` CR or LF, with quotes doubled.
    Csv,
    /// Percent-encoding of everything but `A–Z a–z 0–9 - . _ ~`.
    Url,
}

const ESCAPE: &[(&str, Escape)] = &[
    ("html", Escape::Html),
    ("xml", Escape::Xml),
    ("json", Escape::Json),
    ("csv", Escape::Csv),
    ("url", Escape::Url),
];

/// Text in and text out for a scalar; null never reaches here; arrays and objects fail.
fn map_text(
    value: Value,
    what: &str,
    f: impl FnOnce(&str) -> Result<Cow<'_, str>, String>,
) -> Result<Value, String> {
    let out = match &value {
        Value::String(s) => match f(s)? {
            Cow::Borrowed(_) => return Ok(value),
            Cow::Owned(o) => o,
        },
        other => match scalar_text(other) {
            Some(text) => f(&text)?.into_owned(),
            None => return Err(format!("{what} needs text, got {}", kind(other))),
        },
    };
    Ok(Value::String(out))
}

fn entities<'a>(s: &'a str, apos: &str) -> Cow<'a, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apos),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

impl Escape {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Escape> {
        keyword(arg, "escape", ESCAPE, pointer, issues)
    }

    pub(crate) fn describe(self) -> String {
        let what = match self {
            Escape::Html => "HTML",
            Escape::Xml => "XML",
            Escape::Json => "JSON",
            Escape::Csv => "CSV",
            Escape::Url => "URL",
        };
        format!("escape for {what}")
    }

    pub(crate) fn apply(self, value: Value) -> Result<Value, String> {
        map_text(value, "escape", |s| Ok(self.run(s)))
    }

    pub(crate) fn run(self, s: &str) -> Cow<'_, str> {
        match self {
            Escape::Html => entities(s, "&#39;"),
            Escape::Xml => entities(s, "&apos;"),
            Escape::Json => {
                if !s.chars().any(|c| c == '"' || c == '\\' || c < ' ') {
                    return Cow::Borrowed(s);
                }
                let quoted = Value::String(s.to_string()).to_string();
                Cow::Owned(quoted[1..quoted.len() - 1].to_string())
            }
            Escape::Csv => {
                if s.contains([',', '"', '\r', '\n']) {
                    Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
                } else {
                    Cow::Borrowed(s)
                }
            }
            Escape::Url => utf8_percent_encode(s, NOT_UNRESERVED).into(),
        }
    }
}

/// `encode` / `decode`: a binary-to-text encoding of the value's UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Standard alphabet; encoding pads with `=`.
    Base64,
    /// URL-safe alphabet (`-` and `_`); encoding does not pad.
    Base64Url,
    /// Lower-case hexadecimal; decoding accepts either case.
    Hex,
    /// Percent-encoding of everything but `A–Z a–z 0–9 - . _ ~`.
    Url,
}

const CODECS: &[(&str, Codec)] = &[
    ("base64", Codec::Base64),
    ("base64url", Codec::Base64Url),
    ("hex", Codec::Hex),
    ("url", Codec::Url),
];

/// Decoding accepts input with or without padding.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const BASE64: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const BASE64URL: GeneralPurpose =
    GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT.with_encode_padding(false));

fn base64_error(e: DecodeError, name: &str, input: &[u8]) -> String {
    match e {
        DecodeError::InvalidByte(_, b'=') | DecodeError::InvalidPadding => {
            format!("value is not valid {name}: misplaced padding '='")
        }
        DecodeError::InvalidByte(at, _) => {
            let c = String::from_utf8_lossy(&input[at..])
                .chars()
                .next()
                .unwrap_or('?');
            format!("value is not valid {name}: unexpected character {c:?}")
        }
        DecodeError::InvalidLastSymbol(_, _) | DecodeError::InvalidLength(_) => {
            format!("value is not valid {name}: it is cut short or has extra characters")
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl Codec {
    pub(crate) fn compile(
        arg: &Value,
        transform: &str,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Codec> {
        keyword(arg, transform, CODECS, pointer, issues)
    }

    pub(crate) fn keyword(self) -> &'static str {
        CODECS
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |(n, _)| n)
    }

    pub(crate) fn encode(self, value: Value) -> Result<Value, String> {
        map_text(value, "encode", |s| {
            Ok(match self {
                Codec::Base64 => Cow::Owned(BASE64.encode(s)),
                Codec::Base64Url => Cow::Owned(BASE64URL.encode(s)),
                Codec::Hex => {
                    const DIGITS: &[u8; 16] = b"0123456789abcdef";
                    let mut out = String::with_capacity(s.len() * 2);
                    for b in s.bytes() {
                        out.push(char::from(DIGITS[usize::from(b >> 4)]));
                        out.push(char::from(DIGITS[usize::from(b & 15)]));
                    }
                    Cow::Owned(out)
                }
                Codec::Url => utf8_percent_encode(s, NOT_UNRESERVED).into(),
            })
        })
    }

    pub(crate) fn decode(self, value: Value) -> Result<Value, String> {
        map_text(value, "decode", |s| {
            let bytes = match self {
                Codec::Base64 | Codec::Base64Url => {
                    let compact: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                    let engine = if self == Codec::Base64 {
                        &BASE64
                    } else {
                        &BASE64URL
                    };
                    engine
                        .decode(&compact)
                        .map_err(|e| base64_error(e, self.keyword(), &compact))?
                }
                Codec::Hex => {
                    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                    if digits.len() % 2 == 1 {
                        return Err(
                            "value is not valid hex: it has an odd number of digits".to_string()
                        );
                    }
                    let mut out = Vec::with_capacity(digits.len() / 2);
                    for (n, pair) in digits.chunks(2).enumerate() {
                        match (hex_value(pair[0]), hex_value(pair[1])) {
                            (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                            _ => {
                                let bad = if hex_value(pair[0]).is_none() { 0 } else { 1 };
                                let c = String::from_utf8_lossy(&digits[n * 2 + bad..])
                                    .chars()
                                    .next()
                                    .unwrap_or('?');
                                return Err(format!(
                                    "value is not valid hex: unexpected character {c:?}"
                                ));
                            }
                        }
                    }
                    out
                }
                Codec::Url => match percent_decode_str(s).into() {
                    Cow::Borrowed(_) => return Ok(Cow::Borrowed(s)),
                    Cow::Owned(bytes) => bytes,
                },
            };
            String::from_utf8(bytes)
                .map(Cow::Owned)
                .map_err(|_| "decoded bytes are not UTF-8 text".to_string())
        })
    }
}

/// `truncate`: a maximum length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truncate {
    /// At most this many characters (Unicode scalar values).
    Chars(usize),
    /// `"fit"`: the target field's describe `length`.
    Fit,
}

impl Truncate {
    pub(crate) fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<Truncate> {
        let length = match arg {
            Value::Number(n) => n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                        .map(|f| f as u64)
                })
                .filter(|n| *n >= 1)
                .and_then(|n| usize::try_from(n).ok()),
            _ => None,
        };
        match (arg, length) {
            (_, Some(n)) => return Some(Truncate::Chars(n)),
            (Value::String(s), _) if s == "fit" => return Some(Truncate::Fit),
            _ => {}
        }
        let got = match arg {
            Value::String(s) => format!("\"{s}\"{}", did_you_mean(s, &["fit"])),
            Value::Number(n) => n.to_string(),
            other => kind(other).to_string(),
        };
        issues.push(MappingIssue::new(
            child(pointer, "truncate"),
            format!(
                "truncate takes a length of at least 1 (characters) or \"fit\" (the target field's length); got {got}"
            ),
        ));
        None
    }

    pub(crate) fn describe(self) -> String {
        match self {
            Truncate::Chars(1) => "truncate to 1 character".to_string(),
            Truncate::Chars(n) => format!("truncate to {n} characters"),
            Truncate::Fit => "truncate to the target field's length".to_string(),
        }
    }

    /// Text longer than the limit is cut at a character boundary; anything else passes.
    pub(crate) fn apply(self, value: Value, target: Option<&FieldDescribe>) -> Value {
        let limit = match self {
            Truncate::Chars(n) => n,
            Truncate::Fit => match target.map(|f| f.length) {
                Some(len) if len > 0 => len as usize,
                _ => return value,
            },
        };
        match value {
            Value::String(mut s) => {
                if let Some((cut, _)) = s.char_indices().nth(limit) {
                    s.truncate(cut);
                }
                Value::String(s)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ctx_with_field, run, run_ctx, spec_issues};
    use crate::ErrorCode;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    fn ok(spec: Value, input: Value) -> Value {
        run(&spec, input).unwrap()
    }

    #[test]
    fn upper_lower_trim_and_collapse_are_unicode_aware() {
        assert_eq!(
            ok(json!({"modify": "upper"}), json!("straße é")),
            json!("STRASSE É")
        );
        assert_eq!(
            ok(json!({"modify": "lower"}), json!("ÉLODIE ΟΔΟΣ")),
            json!("élodie οδος")
        );
        assert_eq!(
            ok(json!({"modify": "trim"}), json!("\u{a0} Ann\t\n")),
            json!("Ann")
        );
        assert_eq!(
            ok(
                json!({"modify": "collapse"}),
                json!("  Ann \t  Marie\n Smith ")
            ),
            json!("Ann Marie Smith")
        );
    }

    #[test]
    fn title_case_capitalises_each_word_including_after_hyphens_and_o_apostrophes() {
        let title = |s: &str| ok(json!({"modify": "title"}), json!(s));
        assert_eq!(title("de la cruz"), json!("De La Cruz"));
        assert_eq!(title("ÉLODIE"), json!("Élodie"));
        assert_eq!(title("o'neil-smith"), json!("O'Neil-Smith"));
        assert_eq!(title("D’ANGELO"), json!("D’Angelo"));
        assert_eq!(title("don't stop"), json!("Don't Stop"));
        assert_eq!(title("rock'n'roll"), json!("Rock'n'roll"));
        assert_eq!(title("e\u{301}lodie"), json!("E\u{301}lodie"));
        assert_eq!(title("3RD street/apt 4b"), json!("3rd Street/Apt 4b"));
        assert_eq!(title("  two  spaces "), json!("  Two  Spaces "));
    }

    #[test]
    fn modify_passes_numbers_and_booleans_but_fails_on_arrays() {
        assert_eq!(ok(json!({"modify": "upper"}), json!(12)), json!(12));
        assert_eq!(ok(json!({"modify": "title"}), json!(true)), json!(true));
        let err = run(&json!({"modify": "upper"}), json!(["a"])).unwrap_err();
        assert_eq!(err.code, ErrorCode::TransformFailed);
        assert_eq!(err.message, "modify upper needs text, got an array");
    }

    #[test]
    fn modify_names_the_five_keywords_and_suggests_the_nearest() {
        let issues = spec_issues(&json!({"modify": "Upper"}), "/fields/0/transforms/0");
        assert_eq!(issues[0].pointer, "/fields/0/transforms/0/modify");
        assert_eq!(
            issues[0].message,
            "modify takes one of \"upper\", \"lower\", \"title\", \"trim\" or \"collapse\"; got \"Upper\" (did you mean \"upper\"?)"
        );
        let issues = spec_issues(&json!({"modify": 3}), "/t");
        assert!(
            issues[0].message.ends_with("; got a number"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn escapes_for_each_format() {
        let esc = |how: &str, v: Value| ok(json!({"escape": how}), v);
        assert_eq!(
            esc("html", json!(r#"<a href="x">Tom & Jerry's</a>"#)),
            json!("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        );
        assert_eq!(
            esc("xml", json!("Tom & 'Jerry'")),
            json!("Tom &amp; &apos;Jerry&apos;")
        );
        assert_eq!(
            esc("json", json!("say \"hi\"\n\tback\\slash\u{1}")),
            json!("say \\\"hi\\\"\\n\\tback\\\\slash\\u0001")
        );
        assert_eq!(esc("csv", json!("plain")), json!("plain"));
        assert_eq!(esc("csv", json!("a,b")), json!("\"a,b\""));
        assert_eq!(esc("csv", json!("say \"hi\"")), json!("\"say \"\"hi\"\"\""));
        assert_eq!(esc("csv", json!("two\nlines")), json!("\"two\nlines\""));
        assert_eq!(
            esc("url", json!("a b&c/é~-._")),
            json!("a%20b%26c%2F%C3%A9~-._")
        );
        assert_eq!(esc("html", json!(2.50)), json!("2.5"));
        assert_eq!(esc("url", json!(false)), json!("false"));
        let err = run(&json!({"escape": "html"}), json!({"a": 1})).unwrap_err();
        assert_eq!(err.message, "escape needs text, got an object");
    }

    #[test]
    fn encodes_in_each_codec() {
        let enc = |how: &str, v: Value| ok(json!({"encode": how}), v);
        assert_eq!(enc("base64", json!("hi?")), json!("aGk/"));
        assert_eq!(enc("base64", json!("hi")), json!("aGk="));
        assert_eq!(enc("base64url", json!("hi?")), json!("aGk_"));
        assert_eq!(enc("base64url", json!("hi")), json!("aGk"));
        assert_eq!(enc("hex", json!("Hé")), json!("48c3a9"));
        assert_eq!(enc("url", json!("a b/é")), json!("a%20b%2F%C3%A9"));
        assert_eq!(enc("hex", json!(12)), json!("3132"));
    }

    #[test]
    fn decodes_padded_or_not_and_in_either_hex_case() {
        let dec = |how: &str, v: Value| run(&json!({"decode": how}), v);
        assert_eq!(dec("base64", json!("aGk=")).unwrap(), json!("hi"));
        assert_eq!(dec("base64", json!("aGk")).unwrap(), json!("hi"));
        assert_eq!(dec("base64", json!("aGVs\nbG8=")).unwrap(), json!("hello"));
        assert_eq!(dec("base64url", json!("aGk_")).unwrap(), json!("hi?"));
        assert_eq!(dec("base64url", json!("aGk=")).unwrap(), json!("hi"));
        assert_eq!(dec("hex", json!("48C3A9")).unwrap(), json!("Hé"));
        assert_eq!(dec("url", json!("a%20b+c%2f")).unwrap(), json!("a b+c/"));
        assert_eq!(dec("url", json!("plain")).unwrap(), json!("plain"));
    }

    #[test]
    fn decoding_garbage_or_binary_fails_with_a_reason() {
        let dec = |how: &str, v: Value| run(&json!({"decode": how}), v).unwrap_err();
        let e = dec("base64", json!("ab!d"));
        assert_eq!(e.code, ErrorCode::TransformFailed);
        assert_eq!(
            e.message,
            "value is not valid base64: unexpected character '!'"
        );
        assert_eq!(
            dec("base64", json!("a=bc")).message,
            "value is not valid base64: misplaced padding '='"
        );
        assert_eq!(
            dec("base64", json!("a")).message,
            "value is not valid base64: it is cut short or has extra characters"
        );
        assert_eq!(
            dec("hex", json!("abc")).message,
            "value is not valid hex: it has an odd number of digits"
        );
        assert_eq!(
            dec("hex", json!("zz")).message,
            "value is not valid hex: unexpected character 'z'"
        );
        assert_eq!(
            dec("base64", json!("/w==")).message,
            "decoded bytes are not UTF-8 text"
        );
        assert_eq!(
            dec("hex", json!("ff")).message,
            "decoded bytes are not UTF-8 text"
        );
        assert_eq!(
            dec("url", json!("%FF")).message,
            "decoded bytes are not UTF-8 text"
        );
    }

    #[test]
    fn codec_and_escape_arguments_are_checked() {
        let issues = spec_issues(&json!({"encode": "base-64"}), "/t");
        assert_eq!(issues[0].pointer, "/t/encode");
        assert_eq!(
            issues[0].message,
            "encode takes one of \"base64\", \"base64url\", \"hex\" or \"url\"; got \"base-64\" (did you mean \"base64\"?)"
        );
        let issues = spec_issues(&json!({"decode": null}), "/t");
        assert_eq!(issues[0].pointer, "/t/decode");
        let issues = spec_issues(&json!({"escape": "HTML"}), "/t");
        assert!(issues[0]
            .message
            .ends_with("got \"HTML\" (did you mean \"html\"?)"));
    }

    #[test]
    fn truncate_cuts_at_characters_never_inside_one() {
        assert_eq!(ok(json!({"truncate": 3}), json!("Zoë Smith")), json!("Zoë"));
        assert_eq!(ok(json!({"truncate": 2}), json!("👍👍👍")), json!("👍👍"));
        assert_eq!(ok(json!({"truncate": 10}), json!("short")), json!("short"));
        assert_eq!(ok(json!({"truncate": 2}), json!(12345)), json!(12345));
    }

    #[test]
    fn truncate_fit_uses_the_target_field_length_when_a_describe_is_given() {
        let spec = json!({"truncate": "fit"});
        let with = ctx_with_field(5);
        assert_eq!(
            run_ctx(&spec, json!("Abcdefgh"), Some(&with)).unwrap(),
            json!("Abcde")
        );
        assert_eq!(
            run_ctx(&spec, json!("Abcdefgh"), None).unwrap(),
            json!("Abcdefgh")
        );
        let not_text = ctx_with_field(0);
        assert_eq!(
            run_ctx(&spec, json!("Abcdefgh"), Some(&not_text)).unwrap(),
            json!("Abcdefgh")
        );
    }

    #[test]
    fn truncate_needs_a_positive_length_or_fit() {
        for bad in [json!(0), json!(-3), json!(2.5), json!("fits"), json!(null)] {
            let issues = spec_issues(&json!({"truncate": bad}), "/t");
            assert_eq!(issues.len(), 1, "{bad}");
            assert_eq!(issues[0].pointer, "/t/truncate");
        }
        let issues = spec_issues(&json!({"truncate": "fitt"}), "/t");
        assert!(issues[0]
            .message
            .ends_with("got \"fitt\" (did you mean \"fit\"?)"));
        assert!(spec_issues(&json!({"truncate": 80.0}), "/t").is_empty());
    }

    proptest! {
        #[test]
        fn decode_undoes_encode_for_any_text(s in any::<String>()) {
            for codec in ["base64", "base64url", "hex", "url"] {
                let encoded = ok(json!({"encode": codec}), json!(s));
                let decoded = ok(json!({"decode": codec}), encoded);
                prop_assert_eq!(decoded, json!(s), "{}", codec);
            }
        }

        #[test]
        fn upper_case_is_idempotent(s in any::<String>()) {
            let once = ok(json!({"modify": "upper"}), json!(s));
            let twice = ok(json!({"modify": "upper"}), once.clone());
            prop_assert_eq!(once, twice);
        }

        #[test]
        fn truncate_never_yields_more_characters_and_keeps_a_prefix(s in any::<String>(), n in 1usize..20) {
            let out = ok(json!({"truncate": n}), json!(s));
            let out = out.as_str().unwrap();
            prop_assert!(out.chars().count() <= n);
            prop_assert!(s.starts_with(out));
        }
    }
}
