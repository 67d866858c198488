//! `convert`: turns a source value into the JSON a Salesforce field of a given type expects
//! (`text`, `number`, `integer`, `boolean`, `date`, `datetime`, `time`).
//!
//! The transform is `{"convert": "date"}` or `{"convert": {"to": "date", "format": "%d/%m/%Y",
//! "timezone": "Europe/Paris"}}`. The argument is checked once by [`ConvertSpec::compile`]
//! (every problem is reported, each at its own pointer); the time zone is looked up once in
//! the bundled time zone database and the format is checked once, so [`ConvertSpec::apply`]
//! only reads the value (it runs once per record).
//!
//! Rules shared by every target:
//! - `null` stays `null`.
//! - An empty or blank string (`""`, `"  "`) becomes `null`, except for `text`, where it stays
//!   as it is (APIs send `""` for "no value").
//!
//! Dates and times:
//! - Without `format`, strings are read as ISO 8601 / RFC 3339: a date `2024-06-01`, or a
//!   datetime `2024-07-30T20:54:16`, `2024-07-30 20:54:16`, optionally with fractional
//!   seconds, and optionally with `Z`, an offset (`+02:00`, `+0200`, `+02`) or a bracketed
//!   IANA zone (`[Europe/Paris]`).
//! - With `format`, strings are read with that strftime-style pattern (jiff's `strtime`). Two
//!   formats are epochs instead: `%s` (seconds since 1970-01-01T00:00:00Z) and `epoch_ms`
//!   (milliseconds). Only these read JSON numbers; without them a number is an error, since
//!   guessing whether `1722372856` is seconds or milliseconds silently corrupts data. Epochs
//!   may be JSON numbers or numeric strings, with a fraction.
//! - `date` writes `YYYY-MM-DD`. A date-only value never moves across a time zone. The date of
//!   a datetime is the date as written (`2024-08-01T23:30:00-05:00` → `2024-08-01`), unless a
//!   `timezone` is given and the value carries an offset (or is an epoch), in which case the
//!   instant is first converted to that zone. Epochs without `timezone` take their UTC date.
//! - `datetime` writes `YYYY-MM-DDTHH:MM:SS.sssZ` in UTC, always with three millisecond digits
//!   (finer digits are cut, not rounded). A value with `Z` or an offset keeps its instant. A
//!   value without one is wall-clock time in `timezone` (UTC when absent); a date-only value
//!   is midnight there. Wall-clock times that a daylight-saving change skips or repeats are
//!   resolved like jiff's "compatible" rule (and RFC 5545 / Temporal): a skipped time moves
//!   forward by the length of the gap (02:30 on a spring-forward night is 03:30 summer time),
//!   a repeated time takes its first, earlier occurrence (summer time).
//! - `time` writes `HH:MM:SS.sssZ` (Salesforce's time form; the `Z` is part of the form, no
//!   zone conversion happens). Without `format` it reads `H:MM`, `HH:MM`, `HH:MM:SS`,
//!   `HH:MM:SS.s…` (up to 9 fraction digits), each optionally followed by `Z`, and 12-hour
//!   times `2 PM`, `2:30 PM`, `2:30pm`, `02:30:15 am` (any case, space optional). `timezone`
//!   does not apply to it.
//!
//! jiff's `strtime` reads its pattern while it parses (it has no compiled form), so the format
//! is kept as text; it is checked at compile time by formatting a sample instant with it and
//! reading the result back.

use crate::num::{decimal_to_json, number_to_decimal, parse_decimal};
use crate::MappingIssue;
use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::strtime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// What a `convert` transform produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConvertTo {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    Datetime,
    Time,
}

impl ConvertTo {
    /// Every target, in the order the documentation lists them.
    pub const ALL: [ConvertTo; 7] = [
        ConvertTo::Text,
        ConvertTo::Number,
        ConvertTo::Integer,
        ConvertTo::Boolean,
        ConvertTo::Date,
        ConvertTo::Datetime,
        ConvertTo::Time,
    ];

    /// The name used in a mapping (`"datetime"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ConvertTo::Text => "text",
            ConvertTo::Number => "number",
            ConvertTo::Integer => "integer",
            ConvertTo::Boolean => "boolean",
            ConvertTo::Date => "date",
            ConvertTo::Datetime => "datetime",
            ConvertTo::Time => "time",
        }
    }

    /// Reads a target name as written in a mapping (exact, lower case).
    pub fn from_name(name: &str) -> Option<ConvertTo> {
        ConvertTo::ALL.into_iter().find(|t| t.as_str() == name)
    }

    fn takes_format(self) -> bool {
        matches!(
            self,
            ConvertTo::Date | ConvertTo::Datetime | ConvertTo::Time
        )
    }

    fn takes_timezone(self) -> bool {
        matches!(self, ConvertTo::Date | ConvertTo::Datetime)
    }
}

impl std::fmt::Display for ConvertTo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

const TARGETS: &str = "text, number, integer, boolean, date, datetime or time";
const KEYS: &str = "to, format or timezone";
const FORMATS: &str =
    "a strftime pattern such as %d/%m/%Y or %Y-%m-%d %H:%M:%S, %s (epoch seconds) or epoch_ms (epoch milliseconds)";
const TIME_FORMATS: &str = "a strftime pattern such as %H:%M or %I:%M %p";
const BOOLEAN_WORDS: &str = "true/false, yes/no, y/n, 1/0, on/off";

/// How dates and times are read.
#[derive(Debug, Clone, PartialEq)]
enum Format {
    /// ISO 8601 / RFC 3339 (and the built-in time forms).
    Iso,
    /// A strftime pattern, checked at compile time.
    Pattern(Box<str>),
    /// `%s`: seconds since the Unix epoch.
    EpochSeconds,
    /// `epoch_ms`: milliseconds since the Unix epoch.
    EpochMillis,
}

impl Format {
    fn name(&self) -> &str {
        match self {
            Format::Iso => "ISO 8601",
            Format::Pattern(p) => p,
            Format::EpochSeconds => "%s",
            Format::EpochMillis => "epoch_ms",
        }
    }
}

/// A compiled `convert` transform.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertSpec {
    to: ConvertTo,
    format: Format,
    /// The zone naive datetimes are read in and instants are dated in; `None` = as written /
    /// UTC (see the module comment).
    zone: Option<TimeZone>,
}

impl ConvertSpec {
    /// Compiles the argument of `{"convert": ARG}` found at `pointer` (the pointer of the
    /// transform object, e.g. `/fields/0/transforms/1`); pushes every problem to `issues`.
    pub fn compile(
        arg: &Value,
        pointer: &str,
        issues: &mut Vec<MappingIssue>,
    ) -> Option<ConvertSpec> {
        let at = format!("{pointer}/convert");
        match arg {
            Value::String(name) => match ConvertTo::from_name(name) {
                Some(to) => Some(ConvertSpec {
                    to,
                    format: Format::Iso,
                    zone: None,
                }),
                None => {
                    issues.push(MappingIssue::new(at, unknown_target(name)));
                    None
                }
            },
            Value::Object(map) => compile_object(map, &at, issues),
            _ => {
                issues.push(MappingIssue::new(
                    at,
                    format!(
                        "convert expects a type name ({TARGETS}) or an object such as \
                         {{\"to\": \"date\", \"format\": \"%d/%m/%Y\"}}"
                    ),
                ));
                None
            }
        }
    }

    /// What this transform converts to.
    pub fn target(&self) -> ConvertTo {
        self.to
    }

    /// The time zone given with `timezone`, as its IANA name.
    pub fn timezone(&self) -> Option<&str> {
        self.zone.as_ref().and_then(|z| z.iana_name())
    }

    /// Converts a value; `null` stays `null`. The error is the message of a CONVERT_FAILED
    /// field error.
    pub fn apply(&self, value: &Value) -> Result<Value, String> {
        if value.is_null() {
            return Ok(Value::Null);
        }
        if self.to != ConvertTo::Text {
            if let Value::String(s) = value {
                if s.trim().is_empty() {
                    return Ok(Value::Null);
                }
            }
        }
        match self.to {
            ConvertTo::Text => to_text(value),
            ConvertTo::Number => to_number(value),
            ConvertTo::Integer => to_integer(value),
            ConvertTo::Boolean => to_boolean(value),
            ConvertTo::Date => {
                let date = match self.read_moment(value, "date")? {
                    Moment::Date(d) => d,
                    Moment::Civil(dt) => dt.date(),
                    Moment::Instant { ts, local } => match &self.zone {
                        Some(zone) => zone.to_datetime(ts).date(),
                        None => local.date(),
                    },
                };
                write_date(date).ok_or_else(|| out_of_range(value))
            }
            ConvertTo::Datetime => {
                let utc = TimeZone::UTC;
                let zone = self.zone.as_ref().unwrap_or(&utc);
                let ts = match self.read_moment(value, "datetime")? {
                    Moment::Instant { ts, .. } => ts,
                    Moment::Civil(dt) => in_zone(zone, dt).ok_or_else(|| out_of_range(value))?,
                    Moment::Date(d) => in_zone(zone, d.to_datetime(Time::midnight()))
                        .ok_or_else(|| out_of_range(value))?,
                };
                write_datetime(Offset::UTC.to_datetime(ts)).ok_or_else(|| out_of_range(value))
            }
            ConvertTo::Time => self.to_time(value),
        }
    }

    /// Reads a date or datetime value for the `date` and `datetime` targets.
    fn read_moment(&self, value: &Value, what: &str) -> Result<Moment, String> {
        match (&self.format, value) {
            (Format::EpochSeconds | Format::EpochMillis, Value::Number(_) | Value::String(_)) => {
                let unit = if self.format == Format::EpochSeconds {
                    1_000_000_000
                } else {
                    1_000_000
                };
                epoch(value, unit).ok_or_else(|| not_in_format(value, what, &self.format))
            }
            (Format::Iso, Value::String(s)) => read_iso(s.trim()).ok_or_else(|| {
                format!(
                    "{} is not a {what} (expected an ISO 8601 date such as 2024-06-01 or \
                     datetime such as 2024-07-30T20:54:16Z)",
                    shown(value)
                )
            }),
            (Format::Pattern(p), Value::String(s)) => {
                read_pattern(p, s.trim()).ok_or_else(|| not_in_format(value, what, &self.format))
            }
            (_, Value::Number(_)) => Err(format!(
                "{} is not a {what}: numbers are read as {what}s only with format %s \
                 (epoch seconds) or epoch_ms (epoch milliseconds)",
                shown(value)
            )),
            _ => Err(format!("{} is not a {what}", shown(value))),
        }
    }

    fn to_time(&self, value: &Value) -> Result<Value, String> {
        let Value::String(s) = value else {
            return Err(format!("{} is not a time", shown(value)));
        };
        let time = match &self.format {
            Format::Pattern(p) => strtime::parse(&**p, s.trim())
                .ok()
                .filter(|tm| tm.hour().is_some())
                .and_then(|tm| tm.to_time().ok())
                .ok_or_else(|| not_in_format(value, "time", &self.format))?,
            _ => read_time(s.trim()).ok_or_else(|| {
                format!(
                    "{} is not a time (expected HH:MM, HH:MM:SS or HH:MM:SS.sss, optionally \
                     ending in Z, or a 12-hour time such as 2:30 PM)",
                    shown(value)
                )
            })?,
        };
        let mut out = String::with_capacity(13);
        write_time(&mut out, time);
        out.push('Z');
        Ok(Value::String(out))
    }
}

fn compile_object(
    map: &Map<String, Value>,
    at: &str,
    issues: &mut Vec<MappingIssue>,
) -> Option<ConvertSpec> {
    let before = issues.len();
    for key in map.keys() {
        if !matches!(key.as_str(), "to" | "format" | "timezone") {
            issues.push(MappingIssue::new(
                format!("{at}/{}", escape_token(key)),
                format!("unknown key '{key}': expected {KEYS}"),
            ));
        }
    }

    let to = match map.get("to") {
        None => {
            issues.push(MappingIssue::new(
                at,
                format!("missing \"to\": expected one of {TARGETS}"),
            ));
            None
        }
        Some(Value::String(name)) => {
            let to = ConvertTo::from_name(name);
            if to.is_none() {
                issues.push(MappingIssue::new(format!("{at}/to"), unknown_target(name)));
            }
            to
        }
        Some(_) => {
            issues.push(MappingIssue::new(
                format!("{at}/to"),
                format!("\"to\" must be one of {TARGETS}"),
            ));
            None
        }
    };

    let format = match map.get("format") {
        None => Some(Format::Iso),
        Some(Value::String(text)) => {
            let checked = match to {
                Some(to) if !to.takes_format() => Err(format!(
                    "\"format\" applies only to date, datetime and time, not to {to}"
                )),
                _ => check_format(text, to),
            };
            checked
                .map_err(|msg| issues.push(MappingIssue::new(format!("{at}/format"), msg)))
                .ok()
        }
        Some(_) => {
            issues.push(MappingIssue::new(
                format!("{at}/format"),
                format!("\"format\" must be text: {FORMATS}"),
            ));
            None
        }
    };

    let zone = match map.get("timezone") {
        None => Some(None),
        Some(Value::String(name)) => {
            let zone = match jiff::tz::db().get(name) {
                Ok(zone) => Some(Some(zone)),
                Err(_) => {
                    issues.push(MappingIssue::new(
                        format!("{at}/timezone"),
                        format!(
                            "unknown time zone '{name}': expected an IANA time zone name such \
                             as Europe/Paris, America/New_York or UTC"
                        ),
                    ));
                    None
                }
            };
            match to {
                Some(to) if !to.takes_timezone() => {
                    issues.push(MappingIssue::new(
                        format!("{at}/timezone"),
                        format!("\"timezone\" applies only to date and datetime, not to {to}"),
                    ));
                    None
                }
                _ => zone,
            }
        }
        Some(_) => {
            issues.push(MappingIssue::new(
                format!("{at}/timezone"),
                "\"timezone\" must be an IANA time zone name such as Europe/Paris, \
                 America/New_York or UTC",
            ));
            None
        }
    };

    if issues.len() != before {
        return None;
    }
    Some(ConvertSpec {
        to: to?,
        format: format?,
        zone: zone?,
    })
}

/// Checks a `format` for the target (or, when the target is unknown, that it is a pattern
/// at all): the pattern must format a sample instant, read the result back and find in it
/// what the target needs.
fn check_format(text: &str, to: Option<ConvertTo>) -> Result<Format, String> {
    if text.trim().is_empty() {
        return Err(format!("\"format\" is empty: expected {FORMATS}"));
    }
    match text {
        "%s" if to != Some(ConvertTo::Time) => return Ok(Format::EpochSeconds),
        "epoch_ms" => {
            return match to {
                Some(ConvertTo::Time) => Err(
                    "epoch_ms applies only to date and datetime; a time needs a pattern such \
                     as %H:%M"
                        .into(),
                ),
                _ => Ok(Format::EpochMillis),
            };
        }
        _ => {}
    }
    let sample = jiff::civil::date(2024, 7, 30)
        .at(20, 54, 16, 123_456_789)
        .to_zoned(TimeZone::UTC)
        .map_err(|e| e.to_string())?;
    let expected = if to == Some(ConvertTo::Time) {
        TIME_FORMATS
    } else {
        FORMATS
    };
    let written = strtime::format(text, &sample)
        .map_err(|e| format!("invalid format '{text}' ({e}): expected {expected}"))?;
    let tm = strtime::parse(text, &written)
        .map_err(|e| format!("invalid format '{text}' ({e}): expected {expected}"))?;
    let reads_enough = match to {
        Some(ConvertTo::Time) => tm.hour().is_some() && tm.to_time().is_ok(),
        Some(ConvertTo::Date | ConvertTo::Datetime) => moment_from_parsed(&tm).is_some(),
        _ => true,
    };
    if !reads_enough {
        return Err(if to == Some(ConvertTo::Time) {
            format!(
                "format '{text}' does not read a time of day: it needs an hour, e.g. %H:%M or \
                 %I:%M %p"
            )
        } else {
            format!(
                "format '{text}' does not read a whole date: it needs a year, month and day \
                 (e.g. %d/%m/%Y), or %s for epoch seconds"
            )
        });
    }
    Ok(Format::Pattern(text.into()))
}

fn unknown_target(name: &str) -> String {
    let hint = match name.to_ascii_lowercase().as_str() {
        "string" | "str" | "textarea" => Some(ConvertTo::Text),
        "double" | "decimal" | "float" | "currency" | "percent" => Some(ConvertTo::Number),
        "int" | "long" => Some(ConvertTo::Integer),
        "bool" => Some(ConvertTo::Boolean),
        "timestamp" => Some(ConvertTo::Datetime),
        other => ConvertTo::from_name(other),
    };
    match hint {
        Some(t) => format!("unknown type '{name}' (did you mean {t}?): expected {TARGETS}"),
        None => format!("unknown type '{name}': expected {TARGETS}"),
    }
}

/// Escapes a key as one RFC 6901 pointer token.
fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A value as it appears in an error message: text in quotes, other JSON as written; long
/// values are cut.
fn shown(value: &Value) -> String {
    const MAX: usize = 60;
    let (text, quoted) = match value {
        Value::String(s) => (s.clone(), true),
        other => (other.to_string(), false),
    };
    let text = match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    };
    if quoted {
        format!("'{text}'")
    } else {
        text
    }
}

fn not_in_format(value: &Value, what: &str, format: &Format) -> String {
    format!(
        "{} is not a {what} in the format {}",
        shown(value),
        format.name()
    )
}

fn out_of_range(value: &Value) -> String {
    format!(
        "{} is outside the dates this can write (0000-01-01 to 9999-12-31)",
        shown(value)
    )
}

// --- text, number, integer, boolean -------------------------------------------------------

fn to_text(value: &Value) -> Result<Value, String> {
    match value {
        Value::String(_) => Ok(value.clone()),
        Value::Bool(b) => Ok(Value::String(if *b { "true" } else { "false" }.into())),
        Value::Number(n) => Ok(Value::String(match number_to_decimal(n) {
            Some(d) => d.normalize().to_string(),
            None => n.to_string(),
        })),
        Value::Array(_) => Err(format!(
            "{} is a list, not text (use join to combine its items)",
            shown(value)
        )),
        Value::Object(_) => Err(format!(
            "{} is an object, not text (select one of its fields in the source path)",
            shown(value)
        )),
        Value::Null => Ok(Value::Null),
    }
}

fn to_number(value: &Value) -> Result<Value, String> {
    match value {
        Value::Number(_) => Ok(value.clone()),
        Value::String(s) => parse_decimal(s)
            .map(decimal_to_json)
            .ok_or_else(|| format!("{} is not a number", shown(value))),
        _ => Err(format!("{} is not a number", shown(value))),
    }
}

fn to_integer(value: &Value) -> Result<Value, String> {
    let d = match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => return Ok(value.clone()),
        Value::Number(n) => number_to_decimal(n),
        Value::String(s) => parse_decimal(s),
        _ => None,
    }
    .ok_or_else(|| format!("{} is not a number", shown(value)))?;
    if !d.fract().is_zero() {
        return Err(format!("{} is not a whole number", shown(value)));
    }
    Ok(decimal_to_json(d.trunc()))
}

fn to_boolean(value: &Value) -> Result<Value, String> {
    let b = match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match number_to_decimal(n) {
            Some(d) if d == Decimal::ONE => Some(true),
            Some(d) if d.is_zero() => Some(false),
            _ => None,
        },
        Value::String(s) => boolean_word(s.trim()),
        _ => None,
    };
    b.map(Value::Bool).ok_or_else(|| {
        format!(
            "{} is not a boolean (expected {BOOLEAN_WORDS})",
            shown(value)
        )
    })
}

fn boolean_word(word: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["true", "yes", "y", "1", "on"];
    const FALSE: [&str; 5] = ["false", "no", "n", "0", "off"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

// --- dates and times ----------------------------------------------------------------------

/// A date or datetime as read, before the target decides what to make of it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Moment {
    /// A calendar date, no time of day.
    Date(Date),
    /// Wall-clock time with no zone or offset.
    Civil(DateTime),
    /// An instant; `local` is its wall-clock time as written (UTC for epochs).
    Instant { ts: Timestamp, local: DateTime },
}

/// Reads ISO 8601 / RFC 3339 text.
fn read_iso(text: &str) -> Option<Moment> {
    let pieces = Pieces::parse(text).ok()?;
    let date = pieces.date();
    let Some(time) = pieces.time() else {
        return Some(Moment::Date(date));
    };
    let local = date.to_datetime(time);
    if let Some(offset) = pieces.to_numeric_offset() {
        let ts = offset.to_timestamp(local).ok()?;
        return Some(Moment::Instant { ts, local });
    }
    match pieces.to_time_zone().ok()? {
        Some(zone) => Some(Moment::Instant {
            ts: in_zone(&zone, local)?,
            local,
        }),
        None => Some(Moment::Civil(local)),
    }
}

/// Reads text with a strftime pattern.
fn read_pattern(pattern: &str, text: &str) -> Option<Moment> {
    moment_from_parsed(&strtime::parse(pattern, text).ok()?)
}

fn moment_from_parsed(tm: &strtime::BrokenDownTime) -> Option<Moment> {
    if let Some(ts) = tm.timestamp() {
        let offset = tm.offset().unwrap_or(Offset::UTC);
        return Some(Moment::Instant {
            ts,
            local: offset.to_datetime(ts),
        });
    }
    if let Some(offset) = tm.offset() {
        let local = tm.to_datetime().ok()?;
        let ts = offset.to_timestamp(local).ok()?;
        return Some(Moment::Instant { ts, local });
    }
    if tm.iana_time_zone().is_some() {
        let zoned = tm.to_zoned().ok()?;
        return Some(Moment::Instant {
            ts: zoned.timestamp(),
            local: tm.to_datetime().ok()?,
        });
    }
    if tm.hour().is_some() {
        return tm.to_datetime().ok().map(Moment::Civil);
    }
    tm.to_date().ok().map(Moment::Date)
}

/// Reads an epoch number (JSON number or numeric text); `unit` is nanoseconds per unit.
fn epoch(value: &Value, unit: i64) -> Option<Moment> {
    let d = match value {
        Value::Number(n) => number_to_decimal(n)?,
        Value::String(s) => parse_decimal(s)?,
        _ => return None,
    };
    let nanos = d.checked_mul(Decimal::from(unit))?.trunc().to_i128()?;
    let ts = Timestamp::from_nanosecond(nanos).ok()?;
    Some(Moment::Instant {
        ts,
        local: Offset::UTC.to_datetime(ts),
    })
}

/// Wall-clock time in a zone as an instant, with jiff's "compatible" disambiguation.
fn in_zone(zone: &TimeZone, dt: DateTime) -> Option<Timestamp> {
    zone.to_ambiguous_timestamp(dt).compatible().ok()
}

/// Reads the built-in time forms (see the module comment).
fn read_time(text: &str) -> Option<Time> {
    let lower_end = |suffix: &str| {
        text.len() >= suffix.len()
            && text.is_char_boundary(text.len() - suffix.len())
            && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let (body, pm) = if lower_end("am") {
        (text[..text.len() - 2].trim_end(), Some(false))
    } else if lower_end("pm") {
        (text[..text.len() - 2].trim_end(), Some(true))
    } else {
        (text.strip_suffix(['Z', 'z']).unwrap_or(text), None)
    };

    let b = body.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, min: usize, max: usize| -> Option<(u32, usize)> {
        let start = *i;
        let mut v = 0u32;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            v = v * 10 + u32::from(b[*i] - b'0');
            *i += 1;
        }
        (*i - start >= min).then_some((v, *i - start))
    };
    let (hour, _) = digits(&mut i, 1, 2)?;
    let mut minute = None;
    let mut second = 0;
    let mut nanos = 0;
    if b.get(i) == Some(&b':') {
        i += 1;
        minute = Some(digits(&mut i, 2, 2)?.0);
        if b.get(i) == Some(&b':') {
            i += 1;
            second = digits(&mut i, 2, 2)?.0;
            if b.get(i) == Some(&b'.') {
                i += 1;
                let (frac, len) = digits(&mut i, 1, 9)?;
                nanos = frac * 10u32.pow(9 - len as u32);
            }
        }
    }
    if i != b.len() {
        return None;
    }
    let hour = match pm {
        None => {
            minute?; // a 24-hour time needs its minutes: `14` alone is not a time
            hour
        }
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute.unwrap_or(0)).ok()?,
        i8::try_from(second).ok()?,
        i32::try_from(nanos).ok()?,
    )
    .ok()
}

fn write_date_into(out: &mut String, date: Date) -> Option<()> {
    if date.year() < 0 {
        return None;
    }
    write!(
        out,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    )
    .ok()
}

fn write_time(out: &mut String, time: Time) {
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}.{:03}",
        time.hour(),
        time.minute(),
        time.second(),
        time.millisecond()
    );
}

fn write_date(date: Date) -> Option<Value> {
    let mut out = String::with_capacity(10);
    write_date_into(&mut out, date)?;
    Some(Value::String(out))
}

fn write_datetime(dt: DateTime) -> Option<Value> {
    let mut out = String::with_capacity(24);
    write_date_into(&mut out, dt.date())?;
    out.push('T');
    write_time(&mut out, dt.time());
    out.push('Z');
    Some(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const AT: &str = "/fields/0/transforms/1";

    fn spec(arg: Value) -> ConvertSpec {
        let mut issues = Vec::new();
        let spec = ConvertSpec::compile(&arg, AT, &mut issues);
        assert!(issues.is_empty(), "unexpected issues for {arg}: {issues:?}");
        spec.expect("compiles")
    }

    fn issues(arg: Value) -> Vec<(String, String)> {
        let mut issues = Vec::new();
        let spec = ConvertSpec::compile(&arg, AT, &mut issues);
        assert!(spec.is_none(), "{arg} should not compile");
        issues.into_iter().map(|i| (i.pointer, i.message)).collect()
    }

    fn ok(arg: Value, input: Value) -> Value {
        spec(arg.clone())
            .apply(&input)
            .unwrap_or_else(|e| panic!("convert {arg} of {input} failed: {e}"))
    }

    fn err(arg: Value, input: Value) -> String {
        match spec(arg.clone()).apply(&input) {
            Ok(v) => panic!("convert {arg} of {input} should fail, gave {v}"),
            Err(e) => e,
        }
    }

    // --- shared rules ---

    #[test]
    fn null_stays_null_for_every_target() {
        for to in ConvertTo::ALL {
            assert_eq!(ok(json!(to.as_str()), Value::Null), Value::Null, "{to}");
        }
    }

    #[test]
    fn empty_text_is_absent_except_for_text() {
        for to in ConvertTo::ALL {
            let expected = if to == ConvertTo::Text {
                json!("")
            } else {
                Value::Null
            };
            assert_eq!(ok(json!(to.as_str()), json!("")), expected, "{to}");
        }
        assert_eq!(ok(json!("date"), json!("   ")), Value::Null);
        assert_eq!(ok(json!("text"), json!("  ")), json!("  "));
    }

    #[test]
    fn target_tells_what_the_transform_produces() {
        assert_eq!(spec(json!("datetime")).target(), ConvertTo::Datetime);
        let s = spec(json!({"to": "date", "timezone": "Europe/Paris"}));
        assert_eq!(s.target(), ConvertTo::Date);
        assert_eq!(s.timezone(), Some("Europe/Paris"));
        assert_eq!(spec(json!("date")).timezone(), None);
    }

    // --- number ---

    #[test]
    fn number_reads_decimal_text_exactly() {
        assert_eq!(ok(json!("number"), json!("0.1")).to_string(), "0.1");
        assert_eq!(ok(json!("number"), json!(" 12.50 ")).to_string(), "12.5");
        assert_eq!(ok(json!("number"), json!("1e3")), json!(1000));
        assert_eq!(ok(json!("number"), json!("-20")), json!(-20));
        assert_eq!(ok(json!("number"), json!(1250.5)), json!(1250.5));
        assert_eq!(ok(json!("number"), json!(7)), json!(7));
    }

    #[test]
    fn number_rejects_what_is_not_a_number() {
        assert_eq!(
            err(json!("number"), json!("12abc")),
            "'12abc' is not a number"
        );
        assert_eq!(err(json!("number"), json!("n/a")), "'n/a' is not a number");
        assert_eq!(
            err(json!("number"), json!("1,000")),
            "'1,000' is not a number"
        );
        assert_eq!(err(json!("number"), json!(true)), "true is not a number");
        assert_eq!(err(json!("number"), json!([1])), "[1] is not a number");
    }

    // --- integer ---

    #[test]
    fn integer_accepts_whole_numbers_only() {
        assert_eq!(ok(json!("integer"), json!("12.0")), json!(12));
        assert_eq!(ok(json!("integer"), json!(" 42 ")), json!(42));
        assert_eq!(ok(json!("integer"), json!("1e3")), json!(1000));
        assert_eq!(ok(json!("integer"), json!(12.0)), json!(12));
        assert_eq!(ok(json!("integer"), json!(-3)), json!(-3));
        assert_eq!(
            err(json!("integer"), json!("12.5")),
            "'12.5' is not a whole number"
        );
        assert_eq!(
            err(json!("integer"), json!(12.5)),
            "12.5 is not a whole number"
        );
        assert_eq!(
            err(json!("integer"), json!("12abc")),
            "'12abc' is not a number"
        );
        assert_eq!(err(json!("integer"), json!(false)), "false is not a number");
    }

    // --- boolean ---

    #[test]
    fn boolean_reads_words_numbers_and_booleans() {
        for word in ["true", "TRUE", " Yes ", "y", "1", "On"] {
            assert_eq!(ok(json!("boolean"), json!(word)), json!(true), "{word}");
        }
        for word in ["false", "False", "no", "N", "0", " off "] {
            assert_eq!(ok(json!("boolean"), json!(word)), json!(false), "{word}");
        }
        assert_eq!(ok(json!("boolean"), json!(true)), json!(true));
        assert_eq!(ok(json!("boolean"), json!(1)), json!(true));
        assert_eq!(ok(json!("boolean"), json!(0)), json!(false));
        assert_eq!(ok(json!("boolean"), json!(1.0)), json!(true));
    }

    #[test]
    fn boolean_rejects_other_values_naming_the_accepted_words() {
        assert_eq!(
            err(json!("boolean"), json!("maybe")),
            "'maybe' is not a boolean (expected true/false, yes/no, y/n, 1/0, on/off)"
        );
        assert_eq!(
            err(json!("boolean"), json!(2)),
            "2 is not a boolean (expected true/false, yes/no, y/n, 1/0, on/off)"
        );
        assert!(err(json!("boolean"), json!("yess")).starts_with("'yess' is not a boolean"));
    }

    // --- text ---

    #[test]
    fn text_writes_numbers_exactly_and_booleans_as_words() {
        assert_eq!(ok(json!("text"), json!("hello")), json!("hello"));
        assert_eq!(ok(json!("text"), json!(1250.5)), json!("1250.5"));
        assert_eq!(ok(json!("text"), json!(1250)), json!("1250"));
        assert_eq!(ok(json!("text"), json!(12.0)), json!("12"));
        assert_eq!(ok(json!("text"), json!(0.1)), json!("0.1"));
        assert_eq!(ok(json!("text"), json!(-0.000001)), json!("-0.000001"));
        assert_eq!(ok(json!("text"), json!(-0.0)), json!("0"));
        assert_eq!(ok(json!("text"), json!(true)), json!("true"));
        assert_eq!(ok(json!("text"), json!(false)), json!("false"));
    }

    #[test]
    fn text_rejects_lists_and_objects() {
        let e = err(json!("text"), json!(["a", "b"]));
        assert!(e.starts_with("[\"a\",\"b\"] is a list"), "{e}");
        assert!(e.contains("join"), "{e}");
        assert!(err(json!("text"), json!({"a": 1})).contains("is an object"));
    }

    // --- date ---

    #[test]
    fn date_reads_iso_dates_and_the_date_part_of_datetimes() {
        let d = json!("date");
        assert_eq!(ok(d.clone(), json!("2024-06-01")), json!("2024-06-01"));
        assert_eq!(
            ok(d.clone(), json!("2024-07-30T20:54:16Z")),
            json!("2024-07-30")
        );
        assert_eq!(
            ok(d.clone(), json!("2024-08-01T09:00:00+02:00")),
            json!("2024-08-01")
        );
        assert_eq!(
            ok(d.clone(), json!("2024-07-30 20:54:16")),
            json!("2024-07-30")
        );
        // The local calendar date is kept: 23:30 at -05:00 is already the 2nd in UTC.
        assert_eq!(
            ok(d.clone(), json!("2024-08-01T23:30:00-05:00")),
            json!("2024-08-01")
        );
        assert_eq!(
            ok(d, json!("2021-11-06T17:38:40.000+0000")),
            json!("2021-11-06")
        );
    }

    #[test]
    fn date_with_timezone_moves_instants_but_never_dates() {
        let paris = json!({"to": "date", "timezone": "Europe/Paris"});
        // 23:30 at -05:00 is 06:30 on the 2nd in Paris.
        assert_eq!(
            ok(paris.clone(), json!("2024-08-01T23:30:00-05:00")),
            json!("2024-08-02")
        );
        assert_eq!(ok(paris.clone(), json!("2024-08-01")), json!("2024-08-01"));
        // Wall-clock time without offset is already Paris time.
        assert_eq!(ok(paris, json!("2024-08-01 23:30:00")), json!("2024-08-01"));
        let la = json!({"to": "date", "timezone": "America/Los_Angeles"});
        assert_eq!(ok(la, json!("2024-08-01T03:00:00Z")), json!("2024-07-31"));
    }

    #[test]
    fn date_reads_a_format() {
        let dmy = json!({"to": "date", "format": "%d/%m/%Y"});
        assert_eq!(ok(dmy.clone(), json!("04/07/1985")), json!("1985-07-04"));
        assert_eq!(ok(dmy.clone(), json!(" 4/7/1985 ")), json!("1985-07-04"));
        assert_eq!(
            err(dmy.clone(), json!("31/02/1990")),
            "'31/02/1990' is not a date in the format %d/%m/%Y"
        );
        assert_eq!(
            err(dmy, json!("1990-12-31")),
            "'1990-12-31' is not a date in the format %d/%m/%Y"
        );
        let mdy = json!({"to": "date", "format": "%m/%d/%Y"});
        assert_eq!(
            err(mdy, json!("31/12/1990")),
            "'31/12/1990' is not a date in the format %m/%d/%Y"
        );
        let named = json!({"to": "date", "format": "%b %d, %Y"});
        assert_eq!(ok(named, json!("Jul 4, 1985")), json!("1985-07-04"));
    }

    #[test]
    fn date_rejects_non_dates_and_impossible_dates() {
        let e = err(json!("date"), json!("2024-02-31"));
        assert!(e.starts_with("'2024-02-31' is not a date"), "{e}");
        let e = err(json!("date"), json!("next tuesday"));
        assert!(e.starts_with("'next tuesday' is not a date"), "{e}");
        assert!(e.contains("2024-06-01"), "{e}");
        assert_eq!(err(json!("date"), json!(true)), "true is not a date");
    }

    #[test]
    fn date_reads_numbers_only_as_explicit_epochs() {
        let e = err(json!("date"), json!(1722372856));
        assert!(e.starts_with("1722372856 is not a date"), "{e}");
        assert!(e.contains("%s") && e.contains("epoch_ms"), "{e}");
        let secs = json!({"to": "date", "format": "%s"});
        assert_eq!(ok(secs.clone(), json!(1722372856)), json!("2024-07-30"));
        assert_eq!(ok(secs, json!("1722372856")), json!("2024-07-30"));
        // 2024-07-30T22:54:16Z is already the 31st in Tokyo.
        let tokyo = json!({"to": "date", "format": "%s", "timezone": "Asia/Tokyo"});
        assert_eq!(ok(tokyo, json!(1722380056)), json!("2024-07-31"));
    }

    // --- datetime ---

    #[test]
    fn datetime_writes_utc_with_milliseconds() {
        let dt = json!("datetime");
        assert_eq!(
            ok(dt.clone(), json!("2024-08-01T09:00:00+02:00")),
            json!("2024-08-01T07:00:00.000Z")
        );
        assert_eq!(
            ok(dt.clone(), json!("2024-07-30T20:54:16Z")),
            json!("2024-07-30T20:54:16.000Z")
        );
        assert_eq!(
            ok(dt.clone(), json!("2024-07-30T20:54:16.123456Z")),
            json!("2024-07-30T20:54:16.123Z")
        );
        assert_eq!(
            ok(dt.clone(), json!("2021-11-06T17:38:40.000+0000")),
            json!("2021-11-06T17:38:40.000Z")
        );
        // Naive input without timezone is UTC.
        assert_eq!(
            ok(dt.clone(), json!("2024-07-30 20:54:16")),
            json!("2024-07-30T20:54:16.000Z")
        );
        assert_eq!(
            ok(dt, json!("2024-06-01")),
            json!("2024-06-01T00:00:00.000Z")
        );
    }

    #[test]
    fn datetime_reads_naive_input_in_the_timezone() {
        let paris = json!({"to": "datetime", "timezone": "Europe/Paris"});
        assert_eq!(
            ok(paris.clone(), json!("2024-07-30 20:54:16")),
            json!("2024-07-30T18:54:16.000Z")
        );
        assert_eq!(
            ok(paris.clone(), json!("2024-07-30T20:54:16")),
            json!("2024-07-30T18:54:16.000Z")
        );
        // A date is midnight in the zone.
        assert_eq!(
            ok(paris.clone(), json!("2024-01-15")),
            json!("2024-01-14T23:00:00.000Z")
        );
        // An offset wins over the zone.
        assert_eq!(
            ok(paris, json!("2024-08-01T09:00:00+02:00")),
            json!("2024-08-01T07:00:00.000Z")
        );
        // A zone named in the value itself is honoured.
        assert_eq!(
            ok(
                json!("datetime"),
                json!("2024-07-30T20:54:16[Europe/Paris]")
            ),
            json!("2024-07-30T18:54:16.000Z")
        );
    }

    #[test]
    fn datetime_resolves_daylight_saving_gaps_and_folds_compatibly() {
        let paris = json!({"to": "datetime", "timezone": "Europe/Paris"});
        // 02:30 does not exist on 2024-03-31 in Paris: it moves forward to 03:30 CEST.
        assert_eq!(
            ok(paris.clone(), json!("2024-03-31 02:30:00")),
            json!("2024-03-31T01:30:00.000Z")
        );
        // 02:30 happens twice on 2024-10-27: the first (CEST, +02:00) is taken.
        assert_eq!(
            ok(paris, json!("2024-10-27 02:30:00")),
            json!("2024-10-27T00:30:00.000Z")
        );
    }

    #[test]
    fn datetime_reads_a_format_in_the_timezone() {
        let f =
            json!({"to": "datetime", "format": "%d/%m/%Y %H:%M", "timezone": "America/New_York"});
        assert_eq!(
            ok(f.clone(), json!("04/07/1985 14:30")),
            json!("1985-07-04T18:30:00.000Z")
        );
        assert_eq!(
            err(f, json!("1985-07-04 14:30")),
            "'1985-07-04 14:30' is not a datetime in the format %d/%m/%Y %H:%M"
        );
        let with_offset = json!({"to": "datetime", "format": "%d/%m/%Y %H:%M %z"});
        assert_eq!(
            ok(with_offset, json!("04/07/1985 14:30 +0530")),
            json!("1985-07-04T09:00:00.000Z")
        );
        let date_only = json!({"to": "datetime", "format": "%d/%m/%Y"});
        assert_eq!(
            ok(date_only, json!("04/07/1985")),
            json!("1985-07-04T00:00:00.000Z")
        );
    }

    #[test]
    fn datetime_reads_epochs_only_when_told_the_unit() {
        let e = err(json!("datetime"), json!(1722372856));
        assert!(e.starts_with("1722372856 is not a datetime"), "{e}");
        let secs = json!({"to": "datetime", "format": "%s"});
        assert_eq!(
            ok(secs.clone(), json!(1722372856)),
            json!("2024-07-30T20:54:16.000Z")
        );
        assert_eq!(
            ok(secs.clone(), json!("1722372856.5")),
            json!("2024-07-30T20:54:16.500Z")
        );
        assert_eq!(
            err(secs, json!("yesterday")),
            "'yesterday' is not a datetime in the format %s"
        );
        let ms = json!({"to": "datetime", "format": "epoch_ms"});
        assert_eq!(
            ok(ms.clone(), json!(1722372856123_i64)),
            json!("2024-07-30T20:54:16.123Z")
        );
        assert_eq!(
            ok(ms.clone(), json!("1722372856123")),
            json!("2024-07-30T20:54:16.123Z")
        );
        assert_eq!(ok(ms, json!(0)), json!("1970-01-01T00:00:00.000Z"));
    }

    #[test]
    fn datetime_rejects_non_datetimes() {
        let e = err(json!("datetime"), json!("30 July"));
        assert!(e.starts_with("'30 July' is not a datetime"), "{e}");
        assert_eq!(
            err(json!("datetime"), json!(false)),
            "false is not a datetime"
        );
        let e = err(json!("datetime"), json!("2024-07-30T25:00:00Z"));
        assert!(
            e.starts_with("'2024-07-30T25:00:00Z' is not a datetime"),
            "{e}"
        );
    }

    // --- time ---

    #[test]
    fn time_reads_24_hour_times() {
        let t = json!("time");
        assert_eq!(ok(t.clone(), json!("14:30")), json!("14:30:00.000Z"));
        assert_eq!(ok(t.clone(), json!("9:05")), json!("09:05:00.000Z"));
        assert_eq!(ok(t.clone(), json!("14:30:15")), json!("14:30:15.000Z"));
        assert_eq!(ok(t.clone(), json!("14:30:15.25")), json!("14:30:15.250Z"));
        assert_eq!(
            ok(t.clone(), json!("14:30:15.123456")),
            json!("14:30:15.123Z")
        );
        assert_eq!(
            ok(t.clone(), json!("13:30:00.000Z")),
            json!("13:30:00.000Z")
        );
        assert_eq!(ok(t, json!(" 00:00 ")), json!("00:00:00.000Z"));
    }

    #[test]
    fn time_reads_12_hour_times() {
        let t = json!("time");
        assert_eq!(ok(t.clone(), json!("2:30 PM")), json!("14:30:00.000Z"));
        assert_eq!(ok(t.clone(), json!("2:30pm")), json!("14:30:00.000Z"));
        assert_eq!(ok(t.clone(), json!("2pm")), json!("14:00:00.000Z"));
        assert_eq!(ok(t.clone(), json!("12:00 AM")), json!("00:00:00.000Z"));
        assert_eq!(ok(t.clone(), json!("12:15 pm")), json!("12:15:00.000Z"));
        assert_eq!(ok(t, json!("11:59:59 Am")), json!("11:59:59.000Z"));
    }

    #[test]
    fn time_rejects_what_is_not_a_time() {
        for bad in [
            "25:00",
            "14",
            "13:30 PM",
            "0:30 am",
            "14:3",
            "14:30:00+02:00",
            "noon",
        ] {
            let e = err(json!("time"), json!(bad));
            assert!(e.starts_with(&format!("'{bad}' is not a time")), "{e}");
        }
        assert_eq!(err(json!("time"), json!(1430)), "1430 is not a time");
    }

    #[test]
    fn time_reads_a_format() {
        let f = json!({"to": "time", "format": "%Hh%M"});
        assert_eq!(ok(f.clone(), json!("14h30")), json!("14:30:00.000Z"));
        assert_eq!(
            err(f, json!("14:30")),
            "'14:30' is not a time in the format %Hh%M"
        );
    }

    // --- compile ---

    #[test]
    fn compile_accepts_names_and_objects() {
        for to in ConvertTo::ALL {
            assert_eq!(spec(json!(to.as_str())).target(), to);
            assert_eq!(spec(json!({"to": to.as_str()})).target(), to);
        }
        spec(json!({"to": "datetime", "format": "epoch_ms", "timezone": "UTC"}));
        spec(json!({"to": "time", "format": "%I:%M %p"}));
    }

    #[test]
    fn compile_reports_unknown_names_with_the_allowed_ones() {
        assert_eq!(
            issues(json!("datetme")),
            vec![(
                "/fields/0/transforms/1/convert".to_string(),
                "unknown type 'datetme': expected text, number, integer, boolean, date, \
                 datetime or time"
                    .to_string()
            )]
        );
        let found = issues(json!("string"));
        assert!(found[0].1.contains("did you mean text?"), "{found:?}");
        let found = issues(json!(3));
        assert_eq!(found[0].0, "/fields/0/transforms/1/convert");
        assert!(found[0].1.contains("text, number, integer"), "{found:?}");
    }

    #[test]
    fn compile_reports_every_problem_of_an_object_at_its_pointer() {
        let found = issues(json!({
            "to": "dat",
            "format": 5,
            "timezone": "Europe/Pariss",
            "tz": "UTC",
            "a/b": 1
        }));
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            vec![
                "/fields/0/transforms/1/convert/tz",
                "/fields/0/transforms/1/convert/a~1b",
                "/fields/0/transforms/1/convert/to",
                "/fields/0/transforms/1/convert/format",
                "/fields/0/transforms/1/convert/timezone",
            ]
        );
        assert_eq!(
            found[0].1,
            "unknown key 'tz': expected to, format or timezone"
        );
        assert!(found[2].1.contains("unknown type 'dat'"), "{found:?}");
        assert!(found[3].1.contains("%d/%m/%Y"), "{found:?}");
        assert!(
            found[4].1.contains("unknown time zone 'Europe/Pariss'"),
            "{found:?}"
        );
        assert!(found[4].1.contains("Europe/Paris"), "{found:?}");
    }

    #[test]
    fn compile_requires_to() {
        let found = issues(json!({"format": "%d/%m/%Y", "timezone": 1}));
        assert_eq!(
            found,
            vec![
                (
                    "/fields/0/transforms/1/convert".to_string(),
                    "missing \"to\": expected one of text, number, integer, boolean, date, \
                     datetime or time"
                        .to_string()
                ),
                (
                    "/fields/0/transforms/1/convert/timezone".to_string(),
                    "\"timezone\" must be an IANA time zone name such as Europe/Paris, \
                     America/New_York or UTC"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn compile_rejects_invalid_and_insufficient_formats() {
        let bad = |arg: Value| {
            let found = issues(arg);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, "/fields/0/transforms/1/convert/format");
            found[0].1.clone()
        };
        let m = bad(json!({"to": "date", "format": "%K/%m/%Y"}));
        assert!(m.starts_with("invalid format '%K/%m/%Y'"), "{m}");
        assert!(m.contains("%d/%m/%Y"), "{m}");
        // Formats that can be written but not read.
        assert!(bad(json!({"to": "date", "format": "%Z %Y-%m-%d"})).starts_with("invalid format"));
        assert!(bad(json!({"to": "date", "format": "%x"})).starts_with("invalid format"));
        // Formats that do not read what the target needs.
        let m = bad(json!({"to": "date", "format": "%Y-%m"}));
        assert!(m.contains("does not read a whole date"), "{m}");
        assert!(bad(json!({"to": "datetime", "format": "%H:%M"})).contains("whole date"));
        assert!(bad(json!({"to": "time", "format": "%d/%m/%Y"})).contains("time of day"));
        assert!(bad(json!({"to": "time", "format": "epoch_ms"})).contains("epoch_ms"));
        assert!(bad(json!({"to": "date", "format": ""})).contains("empty"));
        let m = bad(json!({"to": "number", "format": "%d"}));
        assert_eq!(
            m,
            "\"format\" applies only to date, datetime and time, not to number"
        );
    }

    #[test]
    fn compile_rejects_timezone_where_it_means_nothing() {
        let found = issues(json!({"to": "time", "timezone": "Europe/Paris"}));
        assert_eq!(
            found,
            vec![(
                "/fields/0/transforms/1/convert/timezone".to_string(),
                "\"timezone\" applies only to date and datetime, not to time".to_string()
            )]
        );
    }

    // --- properties ---

    fn decimal() -> impl Strategy<Value = Decimal> {
        // Up to 15 significant digits: the precision a Salesforce number keeps.
        (-999_999_999_999_999_i64..=999_999_999_999_999, 0u32..=12)
            .prop_map(|(m, scale)| Decimal::new(m, scale))
    }

    proptest! {
        #[test]
        fn number_to_text_to_number_round_trips_exactly(d in decimal()) {
            let number = spec(json!("number")).apply(&json!(d.to_string())).unwrap();
            let text = spec(json!("text")).apply(&number).unwrap();
            let text = text.as_str().unwrap();
            prop_assert_eq!(parse_decimal(text), Some(d));
            let again = spec(json!("number")).apply(&json!(text)).unwrap();
            prop_assert_eq!(again, number);
        }

        #[test]
        fn a_date_never_moves_whatever_the_timezone(
            zone in 0usize..600,
            days in 0i32..(365 * 400),
        ) {
            let names: Vec<_> = jiff::tz::db().available().collect();
            let name = names[zone % names.len()].as_str().to_string();
            let date = jiff::civil::date(1800, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .unwrap();
            let text = date.to_string();
            let to_date = spec(json!({"to": "date", "timezone": name.clone()}));
            prop_assert_eq!(to_date.apply(&json!(text.clone())).unwrap(), json!(text.clone()));
            // Its start in the zone (an instant in UTC) is dated back to the same day there.
            let to_datetime = spec(json!({"to": "datetime", "timezone": name}));
            let start = to_datetime.apply(&json!(text.clone())).unwrap();
            prop_assert_eq!(to_date.apply(&start).unwrap(), json!(text));
        }

        #[test]
        fn boolean_words_are_read_in_any_case(
            word in prop::sample::select(vec![
                ("true", true), ("yes", true), ("y", true), ("1", true), ("on", true),
                ("false", false), ("no", false), ("n", false), ("0", false), ("off", false),
            ]),
            upper in prop::collection::vec(any::<bool>(), 5),
            pad in "[ \t]{0,3}",
        ) {
            let cased: String = word.0.chars().zip(upper.iter().cycle())
                .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
                .collect();
            let input = format!("{pad}{cased}{pad}");
            prop_assert_eq!(spec(json!("boolean")).apply(&json!(input)).unwrap(), json!(word.1));
        }

        #[test]
        fn datetimes_with_offsets_keep_their_instant(
            secs in 0i64..4_102_444_800,
            millis in 0i32..1000,
            offset_minutes in -(14 * 60)..=(14 * 60),
        ) {
            let ts = Timestamp::new(secs, millis * 1_000_000).unwrap();
            let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
            let written = ts.display_with_offset(offset).to_string();
            let out = spec(json!("datetime")).apply(&json!(written)).unwrap();
            let back: Timestamp = out.as_str().unwrap().parse().unwrap();
            prop_assert_eq!(back, ts);
        }
    }
}
