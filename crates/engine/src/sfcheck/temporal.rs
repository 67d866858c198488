//! Date, date-time and time values: Salesforce's text forms (read by
//! [`crate::datetime`]), and the hint for text in another form: the `convert` transform
//! with the source's strptime format when it can be recognised.

use super::{add, CheckOutcome};
use crate::datetime::{self, Invalid};
use crate::{ErrorCode, FieldDescribe, FieldError, FieldType};

pub(super) fn temporal_kind(t: &FieldType) -> &'static str {
    match t {
        FieldType::Date => "date",
        FieldType::Time => "time",
        _ => "datetime",
    }
}

pub(super) fn temporal_shape(t: &FieldType) -> &'static str {
    match t {
        FieldType::Date => "YYYY-MM-DD",
        FieldType::Time => "HH:MM:SS.sssZ",
        _ => "YYYY-MM-DDTHH:MM:SS with Z or a UTC offset",
    }
}

pub(super) fn check_temporal(key: &str, f: &FieldDescribe, s: &str, out: &mut CheckOutcome) {
    let verdict = match f.field_type {
        FieldType::Date => datetime::date(s).err(),
        FieldType::Time => datetime::time(s).err(),
        _ => datetime::date_time(s).err(),
    };
    let kind = temporal_kind(&f.field_type);
    let hint = match verdict {
        None => return,
        Some(Invalid::NotReal) if f.field_type == FieldType::Date => {
            format!(" ({s} is not a real calendar date)")
        }
        Some(Invalid::NotReal) if f.field_type == FieldType::Time => {
            format!(" ({s} is not a real time of day)")
        }
        Some(Invalid::NotReal) => format!(" ({s} is not a real date and time of day)"),
        Some(Invalid::Malformed) => format_hint(&f.field_type, s),
    };
    out.errors.push(FieldError::new(
        key,
        ErrorCode::JsonParserError,
        format!(
            "Cannot deserialize instance of {kind} from VALUE_STRING value {s} or request may \
             be missing a required field{hint}"
        ),
    ));
}

const DATE_FORMATS: &[&str] = &[
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%d/%m/%y",
    "%m/%d/%y",
    "%d-%m-%y",
    "%m-%d-%y",
    "%d.%m.%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
];

const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S %Z",
    "%Y-%m-%d %H:%M:%S%:z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%MZ",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
];

const TIME_FORMATS: &[&str] = &[
    "%H:%M",
    "%H:%M:%S%.f",
    "%H:%M:%S%.fZ",
    "%H:%M:%S%:z",
    "%I:%M %p",
    "%I:%M:%S %p",
    "%I:%M%p",
    "%H%M%S",
];

/// Whether `format` (strptime) reads `s` as a real value of the kind; a 4-digit-year
/// format must see a 4-digit year.
fn format_reads(t: &FieldType, format: &str, s: &str) -> bool {
    let Ok(parts) = jiff::fmt::strtime::parse(format, s) else {
        return false;
    };
    match t {
        FieldType::Time => parts.to_time().is_ok(),
        _ => {
            let date = if *t == FieldType::Date {
                parts.to_date().ok()
            } else {
                parts
                    .to_datetime()
                    .ok()
                    .map(|dt| dt.date())
                    .or_else(|| parts.to_date().ok())
            };
            date.is_some_and(|d| !format.contains("%Y") || d.year() >= 1000)
        }
    }
}

/// The hint for a malformed date/time: the convert transform, with the source's format
/// when it can be recognised (both when day/month order is ambiguous).
fn format_hint(t: &FieldType, s: &str) -> String {
    let kind = temporal_kind(t);
    let candidates = match t {
        FieldType::Date => DATE_FORMATS,
        FieldType::Time => TIME_FORMATS,
        _ => DATETIME_FORMATS,
    };
    let matches: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|fmt| format_reads(t, fmt, s))
        .collect();
    let convert =
        |format: &str| format!(r#"{{"convert": {{"to": "{kind}", "format": "{format}"}}}}"#);
    let Some(first) = matches.first() else {
        return format!(
            " (Salesforce takes {}: add {} to this field's transforms with the source's \
             strptime format)",
            temporal_shape(t),
            convert("…")
        );
    };
    let swapped = first
        .replace("%d", "\u{0}")
        .replace("%m", "%d")
        .replace('\u{0}', "%m");
    if swapped != *first && matches.contains(&swapped.as_str()) {
        let day_first = first.find("%d") < first.find("%m");
        let (dm, md) = if day_first {
            (*first, swapped.as_str())
        } else {
            (swapped.as_str(), *first)
        };
        return format!(
            " (add {} to this field's transforms if {s} is day/month, or \"{md}\" if it is \
             month/day)",
            convert(dm)
        );
    }
    add(&convert(first))
}
