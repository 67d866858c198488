//! The `convert` a date, date-time or time field's sample values need: their shape (ISO, day
//! or month first, dotted…) decides the format, and the reason says which values decided it.

use super::values::{examples, quoted, suggestion};
use super::SuggestedTransform;
use crate::datetime::{self, Invalid};
use crate::describe::FieldDescribe;
use serde_json::{json, Value};

/// The shape of a date written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateShape {
    /// `YYYY-MM-DD`: what Salesforce takes.
    Iso,
    /// An ISO datetime or `YYYYMMDD`: `{"convert": "date"}` reads it.
    IsoLike,
    /// `YYYY/MM/DD`.
    YearSlash,
    /// `DD.MM.YYYY`.
    Dotted,
    /// `NN/NN/YYYY` or `NN-NN-YYYY` (day or month first) with the two first parts.
    DayOrMonth(char, u32, u32),
    Unknown,
}

fn date_shape(s: &str) -> DateShape {
    let t = s.trim();
    let salesforce_form = |d: &str| datetime::date(d) != Err(Invalid::Malformed);
    if salesforce_form(t) {
        return DateShape::Iso;
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() != 3 || !parts.iter().all(|p| digits(p)) {
            continue;
        }
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        let small = |p: &str| p.len() <= 2;
        return match sep {
            '/' if a.len() == 4 && small(b) && small(c) => DateShape::YearSlash,
            '.' if small(a) && small(b) && c.len() == 4 => DateShape::Dotted,
            '/' | '-' if small(a) && small(b) && c.len() == 4 => {
                DateShape::DayOrMonth(sep, a.parse().unwrap_or(0), b.parse().unwrap_or(0))
            }
            _ => DateShape::Unknown,
        };
    }
    if t.len() > 10 && t.get(..10).is_some_and(salesforce_form) {
        return DateShape::IsoLike;
    }
    if t.len() == 8 && digits(t) {
        return DateShape::IsoLike;
    }
    DateShape::Unknown
}

pub(super) fn date_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let texts: Vec<&Value> = values
        .iter()
        .copied()
        .filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()))
        .collect();
    let shapes: Vec<(DateShape, &Value)> = texts
        .iter()
        .map(|v| (date_shape(v.as_str().unwrap_or_default()), *v))
        .collect();
    let with = |pred: &dyn Fn(DateShape) -> bool| -> Vec<String> {
        shapes
            .iter()
            .filter(|(s, _)| pred(*s))
            .map(|(_, v)| quoted(v))
            .collect()
    };
    let unknown = with(&|s| s == DateShape::Unknown);
    let fail = |others: &[String]| {
        if others.is_empty() {
            String::new()
        } else {
            format!(
                "; {} {} not in this format and will fail",
                examples(others),
                if others.len() == 1 { "is" } else { "are" }
            )
        }
    };
    let year_slash = with(&|s| s == DateShape::YearSlash);
    let dotted = with(&|s| s == DateShape::Dotted);
    let day_or_month: Vec<(char, u32, u32, &Value)> = shapes
        .iter()
        .filter_map(|(s, v)| match s {
            DateShape::DayOrMonth(sep, a, b) => Some((*sep, *a, *b, *v)),
            _ => None,
        })
        .collect();
    // The most frequent non-ISO family decides the format.
    let counts = [day_or_month.len(), year_slash.len(), dotted.len()];
    let best = counts.iter().copied().max().unwrap_or(0);
    if best > 0 {
        let (format, why, family): (String, String, Vec<String>) = if day_or_month.len() == best {
            let sep = day_or_month[0].0;
            let same: Vec<&(char, u32, u32, &Value)> =
                day_or_month.iter().filter(|d| d.0 == sep).collect();
            let day_first = same.iter().find(|d| d.1 > 12);
            let month_first = same.iter().find(|d| d.2 > 12);
            let family: Vec<String> = same.iter().map(|d| quoted(d.3)).collect();
            let (dm, md) = (format!("%d{sep}%m{sep}%Y"), format!("%m{sep}%d{sep}%Y"));
            match (day_first, month_first) {
                (Some(d), None) => (
                    dm,
                    format!("{} is day-first ({} > 12)", quoted(d.3), d.1),
                    family,
                ),
                (None, Some(m)) => (
                    md,
                    format!("{} is month-first ({} > 12)", quoted(m.3), m.2),
                    family,
                ),
                (Some(d), Some(m)) => (
                    dm,
                    format!(
                        "the values mix day-first ({}) and month-first ({}): read as day-first",
                        quoted(d.3),
                        quoted(m.3)
                    ),
                    family,
                ),
                (None, None) => (
                    dm.clone(),
                    format!(
                        "no value has a part above 12, so day-first and month-first are both possible: read as day-first ({dm}); use {md} if they are month/day"
                    ),
                    family,
                ),
            }
        } else if year_slash.len() == best {
            ("%Y/%m/%d".into(), "year/month/day".into(), year_slash)
        } else {
            ("%d.%m.%Y".into(), "day.month.year".into(), dotted)
        };
        let others: Vec<String> = texts
            .iter()
            .map(|v| quoted(v))
            .filter(|q| !family.contains(q))
            .filter(|q| !with(&|s| s == DateShape::Iso).contains(q))
            .collect();
        return vec![suggestion(
            json!({"convert": {"to": "date", "format": format}}),
            format!(
                "{} {} not ISO dates; {} is a date field (YYYY-MM-DD): {why}{}",
                examples(&family),
                if family.len() == 1 { "is" } else { "are" },
                f.name,
                fail(&others)
            ),
        )];
    }
    let iso_like = with(&|s| s == DateShape::IsoLike);
    if iso_like.is_empty() {
        return Vec::new();
    }
    vec![suggestion(
        json!({"convert": "date"}),
        format!(
            "{} {} not YYYY-MM-DD; {} is a date field: the date is kept as written{}",
            examples(&iso_like),
            if iso_like.len() == 1 { "is" } else { "are" },
            f.name,
            fail(&unknown)
        ),
    )]
}

/// The shape of a datetime written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateTimeShape {
    /// `YYYY-MM-DDTHH:MM:SS[.sss]Z`: what Salesforce takes as it is.
    Utc,
    /// No zone: `2024-07-30 20:54:16`.
    Naive,
    /// With an offset (or a space before a `Z`).
    Offset,
    /// A date alone.
    DateOnly,
    Unknown,
}

fn datetime_shape(s: &str) -> DateTimeShape {
    let t = s.trim();
    let b = t.as_bytes();
    let hms = |x: &[u8]| {
        x.len() == 8
            && x[2] == b':'
            && x[5] == b':'
            && [0, 1, 3, 4, 6, 7].iter().all(|&i| x[i].is_ascii_digit())
    };
    if t.len() == 10 && date_shape(t) == DateShape::Iso {
        return DateTimeShape::DateOnly;
    }
    if b.len() < 19
        || !t.is_char_boundary(10)
        || date_shape(&t[..10]) != DateShape::Iso
        || !matches!(b[10], b'T' | b't' | b' ')
        || !hms(&b[11..19])
    {
        return DateTimeShape::Unknown;
    }
    let mut rest = &t[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[digits..];
    }
    match rest {
        "" => DateTimeShape::Naive,
        "Z" | "z" if datetime::date_time(t) != Err(Invalid::Malformed) => DateTimeShape::Utc,
        "Z" | "z" => DateTimeShape::Offset,
        r if r.starts_with(['+', '-']) => DateTimeShape::Offset,
        _ => DateTimeShape::Unknown,
    }
}

pub(super) fn datetime_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let mut naive = Vec::new();
    let mut offset = Vec::new();
    let mut dates = Vec::new();
    let mut unknown = Vec::new();
    for v in values {
        let Some(s) = v.as_str().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        match datetime_shape(s) {
            DateTimeShape::Utc => {}
            DateTimeShape::Naive => naive.push(quoted(v)),
            DateTimeShape::Offset => offset.push(quoted(v)),
            DateTimeShape::DateOnly => dates.push(quoted(v)),
            DateTimeShape::Unknown => unknown.push(quoted(v)),
        }
    }
    let mut why = Vec::new();
    if !naive.is_empty() {
        why.push(format!(
            "{} {} no time zone: read as UTC (add \"timezone\" to the convert if {} local time)",
            examples(&naive),
            if naive.len() == 1 { "has" } else { "have" },
            if naive.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    if !offset.is_empty() {
        why.push(format!(
            "{} {} an offset: normalised to UTC",
            examples(&offset),
            if offset.len() == 1 { "has" } else { "have" }
        ));
    }
    if !dates.is_empty() {
        why.push(format!(
            "{} {} a date without a time: midnight UTC",
            examples(&dates),
            if dates.len() == 1 { "is" } else { "are" }
        ));
    }
    if why.is_empty() {
        return Vec::new();
    }
    if !unknown.is_empty() {
        why.push(format!(
            "{} {} not a datetime and will fail",
            examples(&unknown),
            if unknown.len() == 1 { "is" } else { "are" }
        ));
    }
    vec![suggestion(
        json!({"convert": "datetime"}),
        format!(
            "{} is a datetime field (YYYY-MM-DDTHH:MM:SS.sssZ): {}",
            f.name,
            why.join("; ")
        ),
    )]
}

pub(super) fn time_values(f: &FieldDescribe, values: &[&Value]) -> Vec<SuggestedTransform> {
    let other: Vec<String> = values
        .iter()
        .filter(|v| {
            v.as_str().is_some_and(|s| {
                !s.trim().is_empty() && datetime::time(s) == Err(Invalid::Malformed)
            })
        })
        .map(|v| quoted(v))
        .collect();
    if other.is_empty() {
        return Vec::new();
    }
    vec![suggestion(
        json!({"convert": "time"}),
        format!(
            "{} {} not HH:MM:SS.sssZ; {} is a time field",
            examples(&other),
            if other.len() == 1 { "is" } else { "are" },
            f.name
        ),
    )]
}
