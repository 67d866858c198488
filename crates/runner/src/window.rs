//! Incremental windows: lookback durations (`48h`, `15m`, `2d`), the `{{since}}`/`{{until}}`
//! values handed to a source, the order of cursor values (instants, numbers, then text) and
//! the rule that decides whether a record at the checkpoint is already done.

use crate::journal::Checkpoint;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use std::cmp::Ordering;
use synccentral_model::CursorFormat;

/// Parses a lookback such as `48h`, `15m`, `2d`, `30s` or `1h30m` (`0` for none).
pub fn parse_lookback(text: &str) -> Result<SignedDuration, String> {
    let t = text.trim();
    if t == "0" {
        return Ok(SignedDuration::ZERO);
    }
    let bad = || {
        format!(
            "lookback '{text}' is not a duration like 48h, 15m, 2d or 1h30m (units: d, h, m, s)"
        )
    };
    if t.is_empty() {
        return Err(bad());
    }
    let mut secs: i64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n: i64 = digits.parse().map_err(|_| bad())?;
        secs = n
            .checked_mul(unit)
            .and_then(|v| secs.checked_add(v))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(SignedDuration::from_secs(secs))
}

/// Reads a cursor value as an instant: RFC 3339 (`2024-05-01T10:00:00Z`, `…+02:00`),
/// Salesforce's `2024-05-01T10:00:00.000+0000`, or a date (`2024-05-01`, midnight UTC).
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Some(ts) = synccentral_engine::datetime::instant(t) {
        return Some(ts);
    }
    if t.len() == 10 {
        if let Ok(d) = t.parse::<jiff::civil::Date>() {
            return d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .ok()
                .map(|z| z.timestamp());
        }
    }
    None
}

/// An instant as the window hands it to sources: RFC 3339 in UTC (`2024-05-01T10:00:00Z`).
pub fn format_instant(ts: Timestamp) -> String {
    ts.to_string()
}

/// Reads a cursor value written in `format` as an instant; `None` when it is not one.
pub fn cursor_instant(text: &str, format: CursorFormat) -> Option<Timestamp> {
    let t = text.trim();
    let whole = || -> Option<i64> {
        t.parse::<i64>().ok().or_else(|| {
            t.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        })
    };
    match format {
        CursorFormat::Rfc3339 | CursorFormat::Date => parse_instant(t),
        CursorFormat::UnixSeconds => Timestamp::from_second(whole()?).ok(),
        CursorFormat::UnixMillis => Timestamp::from_millisecond(whole()?).ok(),
    }
}

/// An instant written as `format` writes cursors (`2024-05-01`, `1714557600`, …).
pub fn format_cursor(ts: Timestamp, format: CursorFormat) -> String {
    match format {
        CursorFormat::Rfc3339 => format_instant(ts),
        CursorFormat::Date => ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string(),
        CursorFormat::UnixSeconds => ts.as_second().to_string(),
        CursorFormat::UnixMillis => ts.as_millisecond().to_string(),
    }
}

/// Orders two cursor (or tie) values: as instants when both are, else as numbers when both
/// are, else as text.
pub fn compare_values(a: &str, b: &str) -> Ordering {
    if let (Some(x), Some(y)) = (parse_instant(a), parse_instant(b)) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.trim().parse::<i128>(), b.trim().parse::<i128>()) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        if let Some(o) = x.partial_cmp(&y) {
            return o;
        }
    }
    a.cmp(b)
}

/// Orders two (cursor, tie) positions; a missing tie sorts first.
pub fn compare_positions(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Ordering {
    compare_values(a.0, b.0).then_with(|| match (a.1, b.1) {
        (Some(x), Some(y)) => compare_values(x, y),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
    })
}

/// A JSON value as cursor text: strings as they are, numbers and booleans as written;
/// `None` for null, arrays and objects.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The stretch of changes one incremental run asks its source for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Start (inclusive): the checkpoint minus the lookback; the option's initial value on
    /// the first run; `None` when neither exists (a full read).
    pub since: Option<String>,
    /// End: the run's start time.
    pub until: String,
}

impl Window {
    /// The window of a run starting at `now`, written as the cursor is (`format`). Lookback
    /// applies to cursors that read as instants in that format; any other cursor (a
    /// sequence number, opaque text) starts at the checkpoint itself.
    pub fn new(
        checkpoint: Option<&Checkpoint>,
        lookback: SignedDuration,
        initial_since: Option<&str>,
        now: Timestamp,
        format: CursorFormat,
    ) -> Window {
        let since = match checkpoint {
            Some(cp) => Some(match cursor_instant(&cp.cursor_value, format) {
                Some(ts) => format_cursor(ts.checked_sub(lookback).unwrap_or(ts), format),
                None => cp.cursor_value.clone(),
            }),
            None => initial_since.map(str::to_string),
        };
        Window {
            since,
            until: format_cursor(now, format),
        }
    }

    /// The window of a full read at `now` (no start): what a preview or a sample reads.
    pub fn full(now: Timestamp) -> Window {
        Window::new(
            None,
            SignedDuration::ZERO,
            None,
            now,
            CursorFormat::default(),
        )
    }

    /// Replaces `{{since}}` and `{{until}}` in a source's URL, query or body template
    /// (`since` is empty when the window has no start).
    pub fn render(&self, template: &str) -> String {
        template
            .replace("{{since}}", self.since.as_deref().unwrap_or(""))
            .replace("{{until}}", &self.until)
    }
}

/// Why a record read in an incremental run is not loaded, if it is not.
///
/// A record before the window's start is outside it. A record exactly at the checkpoint's
/// cursor value is already done when its tie is at or below the checkpoint's tie (records
/// sharing a cursor value are done in tie order); without ties nothing at the checkpoint
/// can be told done, so it is loaded again (harmless for upserts). Records after the
/// checkpoint, and those inside the lookback before it, are loaded: the lookback exists to
/// catch records that changed late.
pub fn already_done(
    cursor: &str,
    tie: Option<&str>,
    window: &Window,
    checkpoint: Option<&Checkpoint>,
) -> Option<String> {
    if let Some(since) = &window.since {
        if compare_values(cursor, since) == Ordering::Less {
            return Some(format!(
                "before the window (cursor {cursor} < since {since})"
            ));
        }
    }
    let cp = checkpoint?;
    if compare_values(cursor, &cp.cursor_value) != Ordering::Equal {
        return None;
    }
    match (tie, cp.tie_id.as_deref()) {
        (Some(t), Some(done)) if compare_values(t, done) != Ordering::Greater => Some(format!(
            "already done at the checkpoint (cursor {cursor}, tie {t} ≤ {done})"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn lookbacks_read_as_users_write_them() {
        assert_eq!(
            parse_lookback("48h").unwrap(),
            SignedDuration::from_hours(48)
        );
        assert_eq!(
            parse_lookback("15m").unwrap(),
            SignedDuration::from_mins(15)
        );
        assert_eq!(
            parse_lookback("2d").unwrap(),
            SignedDuration::from_hours(48)
        );
        assert_eq!(
            parse_lookback("1h30m").unwrap(),
            SignedDuration::from_mins(90)
        );
        assert_eq!(parse_lookback("0").unwrap(), SignedDuration::ZERO);
        for bad in ["", "48", "h", "2w", "-1h", "1.5h"] {
            let e = parse_lookback(bad).unwrap_err();
            assert!(e.contains("48h, 15m, 2d"), "{bad}: {e}");
        }
    }

    #[test]
    fn salesforce_and_rfc3339_instants_compare_as_instants() {
        assert_eq!(
            parse_instant("2024-05-01T10:00:00.000+0000"),
            Some(ts("2024-05-01T10:00:00Z"))
        );
        assert_eq!(
            compare_values("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00Z"),
            Ordering::Equal
        );
        assert_eq!(compare_values("9", "10"), Ordering::Less);
        assert_eq!(compare_values("b", "a"), Ordering::Greater);
    }

    #[test]
    fn the_window_starts_at_the_checkpoint_minus_the_lookback() {
        let cp = Checkpoint {
            cursor_value: "2024-05-03T00:00:00Z".into(),
            tie_id: Some("7".into()),
        };
        let w = Window::new(
            Some(&cp),
            parse_lookback("48h").unwrap(),
            None,
            ts("2024-05-04T08:30:00Z"),
            CursorFormat::Rfc3339,
        );
        assert_eq!(w.since.as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(w.until, "2024-05-04T08:30:00Z");
        assert_eq!(
            w.render("/orders?from={{since}}&to={{until}}"),
            "/orders?from=2024-05-01T00:00:00Z&to=2024-05-04T08:30:00Z"
        );
        let first = Window::new(
            None,
            SignedDuration::ZERO,
            Some("2020-01-01"),
            ts("2024-05-04T08:30:00Z"),
            CursorFormat::Rfc3339,
        );
        assert_eq!(first.since.as_deref(), Some("2020-01-01"));
    }

    #[test]
    fn windows_are_written_as_the_cursor_is() {
        // 2024-05-03T00:00:00Z, written four ways; a 1h lookback.
        let now = ts("2024-05-04T08:30:00Z");
        let window = |cursor: &str, format| {
            let cp = Checkpoint {
                cursor_value: cursor.into(),
                tie_id: None,
            };
            let w = Window::new(Some(&cp), SignedDuration::from_hours(1), None, now, format);
            (w.since.unwrap(), w.until)
        };
        assert_eq!(
            window("1714694400", CursorFormat::UnixSeconds),
            ("1714690800".into(), "1714811400".into())
        );
        assert_eq!(
            window("1714694400000", CursorFormat::UnixMillis),
            ("1714690800000".into(), "1714811400000".into())
        );
        assert_eq!(
            window("2024-05-03", CursorFormat::Date),
            ("2024-05-02".into(), "2024-05-04".into())
        );
        // A sequence number in an RFC 3339 option is not an instant: no lookback, as is.
        assert_eq!(window("1714694400", CursorFormat::Rfc3339).0, "1714694400");
        assert_eq!(
            cursor_instant("1714694400.9", CursorFormat::UnixSeconds),
            Some(ts("2024-05-03T00:00:00Z"))
        );
        assert_eq!(cursor_instant("soon", CursorFormat::UnixSeconds), None);
    }
}
