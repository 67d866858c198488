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

//!
//! This module holds the argument (its compile-time checks) and the dispatch on the target;
//! the text, number, integer and boolean targets are in [`scalar`], the date, date-time and
//! time targets in [`temporal`].

mod scalar;
mod temporal;
#[cfg(test)]
mod tests;

use crate::datetime::{in_zone, Moment};
use crate::MappingIssue;
use jiff::civil::Time;
use jiff::fmt::strtime;
use jiff::tz::{Offset, TimeZone};
use scalar::{to_boolean, to_integer, to_number, to_text};
use serde_json::{Map, Value};
use temporal::{moment_from_parsed, write_date, write_datetime};

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
