//! The one reader of ISO 8601 date, date-time and time text for the engine, the
//! reconciliation and the SOQL evaluator. Two families: Salesforce's own strict forms
//! ([`date`], [`date_time`], [`time`]: what a REST write accepts, telling a malformed text
//! from a well-formed one that names no real day or time), and lenient readers for text
//! from elsewhere ([`instant`], [`moment`], [`leading_date`], [`clock_time`], [`iso_time`]).
//! Every function works on bytes and `str::get`, so no input (non-ASCII included) panics.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

/// Why a text is not one of Salesforce's date/time forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not the form at all (`01/02/2024`, `10:00`).
    Malformed,
    /// The right form, but no such day or time (`2023-02-29`, `24:00:00`).
    NotReal,
}

/// Salesforce's date: exactly `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<Date, Invalid> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !b[..4].iter().all(u8::is_ascii_digit) {
        return Err(Invalid::Malformed);
    }
    let year = b[..4]
        .iter()
        .fold(0i16, |y, d| y * 10 + i16::from(d - b'0'));
    let month = two_digits(b, 5).ok_or(Invalid::Malformed)?;
    let day = two_digits(b, 8).ok_or(Invalid::Malformed)?;
    Date::new(year, month, day).map_err(|_| Invalid::NotReal)
}

/// Salesforce's date-time: `YYYY-MM-DDTHH:MM:SS[.s{1,3}](Z|±HH:MM|±HHMM)`, as an instant.
pub fn date_time(s: &str) -> Result<Timestamp, Invalid> {
    let b = s.as_bytes();
    if b.len() < 20 || b[10] != b'T' {
        return Err(Invalid::Malformed);
    }
    let day = date(s.get(..10).ok_or(Invalid::Malformed)?);
    if day == Err(Invalid::Malformed) {
        return Err(Invalid::Malformed);
    }
    let (read, clock) = hms(&b[11..]).ok_or(Invalid::Malformed)?;
    let zone = &b[11 + read..];
    let offset = match zone {
        b"Z" => Some(0),
        [sign @ (b'+' | b'-'), ..] => {
            let (hh, mm) = match zone.len() {
                6 if zone[3] == b':' => (two_digits(zone, 1), two_digits(zone, 4)),
                5 => (two_digits(zone, 1), two_digits(zone, 3)),
                _ => return Err(Invalid::Malformed),
            };
            let (hh, mm) = hh.zip(mm).ok_or(Invalid::Malformed)?;
            let seconds = i32::from(hh) * 3600 + i32::from(mm) * 60;
            (hh <= 23 && mm <= 59).then_some(if *sign == b'-' { -seconds } else { seconds })
        }
        _ => return Err(Invalid::Malformed),
    };
    let (Ok(day), Some(clock), Some(offset)) = (day, clock, offset) else {
        return Err(Invalid::NotReal);
    };
    Offset::from_seconds(offset)
        .ok()
        .and_then(|o| o.to_timestamp(day.to_datetime(clock)).ok())
        .ok_or(Invalid::NotReal)
}

/// Salesforce's time: `HH:MM:SS[.s{1,3}][Z]`.
pub fn time(s: &str) -> Result<Time, Invalid> {
    let b = s.as_bytes();
    let (read, clock) = hms(b).ok_or(Invalid::Malformed)?;
    match &b[read..] {
        b"" | b"Z" => clock.ok_or(Invalid::NotReal),
        _ => Err(Invalid::Malformed),
    }
}

/// Two ASCII digits at `at`.
fn two_digits(b: &[u8], at: usize) -> Option<i8> {
    match b.get(at..at + 2)? {
        [h, l] if h.is_ascii_digit() && l.is_ascii_digit() => {
            Some(((h - b'0') * 10 + (l - b'0')) as i8)
        }
        _ => None,
    }
}

/// `HH:MM:SS[.s{1,3}]` at the start of `b`: the bytes read and the time, `None` for a time
/// of the right form that does not exist (`24:00:00`).
fn hms(b: &[u8]) -> Option<(usize, Option<Time>)> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (h, m, s) = (two_digits(b, 0)?, two_digits(b, 3)?, two_digits(b, 6)?);
    let mut read = 8;
    let mut nanos = 0;
    if b.get(8) == Some(&b'.') {
        let digits = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        let fraction = b[9..9 + digits]
            .iter()
            .fold(0i32, |n, d| n * 10 + i32::from(d - b'0'));
        nanos = fraction * 10i32.pow(9 - digits as u32);
        read = 9 + digits;
    }
    Some((read, Time::new(h, m, s, nanos).ok()))
}

/// The date a date or date-time text starts with: its first 10 characters read as
/// [`date`] (`2024-03-01`, `2024-03-01T10:00:00Z` → 2024-03-01; the zone is not applied).
pub fn leading_date(s: &str) -> Option<Date> {
    date(s.get(..10)?).ok()
}

/// An instant in RFC 3339 as jiff reads it (`T`, `t` or a space between date and time, up
/// to nine fraction digits, `Z` or an offset, an optional `[zone]` annotation) or with
/// Salesforce's own offset without a colon (`2024-03-01T10:00:00.000+0000`).
pub fn instant(s: &str) -> Option<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    let b = s.as_bytes();
    let tail = b.get(b.len().checked_sub(5)?..)?;
    if matches!(tail[0], b'+' | b'-') && tail[1..].iter().all(u8::is_ascii_digit) {
        // The last two bytes are ASCII digits, so the cut is on a character boundary.
        let (head, minutes) = s.split_at(s.len() - 2);
        return format!("{head}:{minutes}").parse().ok();
    }
    None
}

/// A date or date-time as ISO 8601 / RFC 3339 text says it, before a caller decides what
/// to make of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Moment {
    /// A calendar date, no time of day.
    Date(Date),
    /// Wall-clock time with no zone or offset.
    Civil(DateTime),
    /// An instant; `local` is its wall-clock time as written (UTC for epochs).
    Instant { ts: Timestamp, local: DateTime },
}

/// Reads ISO 8601 / RFC 3339 text: a date `2024-06-01`, or a date-time
/// `2024-07-30T20:54:16` or `2024-07-30 20:54:16`, optionally with fractional seconds, and
/// optionally with `Z`, an offset (`+02:00`, `+0200`, `+02`) or a bracketed IANA zone
/// (`[Europe/Paris]`, whose wall-clock time is resolved with [`in_zone`]).
pub fn moment(s: &str) -> Option<Moment> {
    let pieces = Pieces::parse(s).ok()?;
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

/// Wall-clock time in a zone as an instant, with jiff's "compatible" disambiguation: a time
/// a daylight-saving change skips moves forward by the gap, a repeated time takes its first
/// occurrence.
pub fn in_zone(zone: &TimeZone, dt: DateTime) -> Option<Timestamp> {
    zone.to_ambiguous_timestamp(dt).compatible().ok()
}

/// Reads a time of day as people write it: `H:MM`, `HH:MM`, `HH:MM:SS`, `HH:MM:SS.s…` (up
/// to 9 fraction digits), each optionally followed by `Z` or `z`, and 12-hour times `2 PM`,
/// `2:30 PM`, `2:30pm`, `02:30:15 am` (any case, space optional). `14` alone is not a time.
pub fn clock_time(text: &str) -> Option<Time> {
    let ends_with = |suffix: &str| {
        text.len() >= suffix.len()
            && text.is_char_boundary(text.len() - suffix.len())
            && text[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let (body, pm) = if ends_with("am") {
        (text[..text.len() - 2].trim_end(), Some(false))
    } else if ends_with("pm") {
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

/// A time of day as jiff's ISO 8601 reader takes it (`HH:MM`, `HH:MM:SS[.f…]`, and the
/// basic forms without colons), any trailing `Z` ignored.
pub fn iso_time(s: &str) -> Option<Time> {
    s.trim_end_matches('Z').parse().ok()
}

#[cfg(test)]
mod tests;
