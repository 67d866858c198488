//! The `date`, `datetime` and `time` targets of `convert`: reading a value (ISO text, a
//! strftime pattern, an epoch) as a date, a wall-clock time or an instant, and writing
//! Salesforce's forms.

use super::{not_in_format, shown, ConvertSpec, Format};
use crate::datetime::{self, Moment};
use crate::num::{number_to_decimal, parse_decimal};
use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::strtime;
use jiff::tz::Offset;
use jiff::Timestamp;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;

impl ConvertSpec {
    /// Reads a date or datetime value for the `date` and `datetime` targets.
    pub(super) fn read_moment(&self, value: &Value, what: &str) -> Result<Moment, String> {
        match (&self.format, value) {
            (Format::EpochSeconds | Format::EpochMillis, Value::Number(_) | Value::String(_)) => {
                let unit = if self.format == Format::EpochSeconds {
                    1_000_000_000
                } else {
                    1_000_000
                };
                epoch(value, unit).ok_or_else(|| not_in_format(value, what, &self.format))
            }
            (Format::Iso, Value::String(s)) => datetime::moment(s.trim()).ok_or_else(|| {
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

    pub(super) fn to_time(&self, value: &Value) -> Result<Value, String> {
        let Value::String(s) = value else {
            return Err(format!("{} is not a time", shown(value)));
        };
        let time = match &self.format {
            Format::Pattern(p) => strtime::parse(&**p, s.trim())
                .ok()
                .filter(|tm| tm.hour().is_some())
                .and_then(|tm| tm.to_time().ok())
                .ok_or_else(|| not_in_format(value, "time", &self.format))?,
            _ => datetime::clock_time(s.trim()).ok_or_else(|| {
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

/// Reads text with a strftime pattern.
fn read_pattern(pattern: &str, text: &str) -> Option<Moment> {
    moment_from_parsed(&strtime::parse(pattern, text).ok()?)
}

pub(super) fn moment_from_parsed(tm: &strtime::BrokenDownTime) -> Option<Moment> {
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

pub(super) fn write_date(date: Date) -> Option<Value> {
    let mut out = String::with_capacity(10);
    write_date_into(&mut out, date)?;
    Some(Value::String(out))
}

pub(super) fn write_datetime(dt: DateTime) -> Option<Value> {
    let mut out = String::with_capacity(24);
    write_date_into(&mut out, dt.date())?;
    out.push('T');
    write_time(&mut out, dt.time());
    out.push('Z');
    Some(Value::String(out))
}
