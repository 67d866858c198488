//! Type-aware equality of one field's source and target values, the way Salesforce stores
//! them: numbers by value at the field's scale, dates by day, datetimes and times to the
//! second, multi-select picklists as sets, Ids in their 15 or 18 character forms, checkboxes
//! never null, and an empty text stored as null.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use synccentral_engine::datetime::{self, Moment};
use synccentral_engine::describe::{FieldDescribe, FieldType};
use synccentral_engine::num::value_to_decimal;

/// How a field's values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Kind {
    /// Text, compared exactly; `""` is null (Salesforce stores an empty text as null).
    Text,
    /// A picklist value, compared exactly; `""` is null.
    Picklist,
    /// `;`-separated picklist values, compared as a set; `""` is null.
    MultiPicklist,
    /// A number, compared by value after rounding to `scale` decimals when known
    /// (`1.5` = `1.50`; at scale 2, `1.234` = `1.23`).
    Number {
        /// The field's decimal places.
        scale: Option<u32>,
    },
    /// A checkbox: `true`/`false` (also as text); null is `false`.
    Boolean,
    /// A calendar day (`2024-03-01`; a datetime's date part counts).
    Date,
    /// An instant, to the second, in any offset (`…T10:00:00.000+0000` = `…T10:00:00Z`).
    DateTime,
    /// A time of day, to the second.
    Time,
    /// A Salesforce Id or reference: the 15-character prefix decides.
    Id,
    /// Anything else: JSON equality, `""` = null.
    Other,
}

impl Kind {
    /// The comparison a field of this describe needs.
    pub fn of(field: &FieldDescribe) -> Kind {
        Kind::of_type(&field.field_type, Some(field.scale))
    }

    /// The comparison for a Salesforce field type (`scale` for numbers).
    pub fn of_type(t: &FieldType, scale: Option<u32>) -> Kind {
        match t {
            FieldType::Id | FieldType::Reference => Kind::Id,
            FieldType::Picklist | FieldType::Combobox => Kind::Picklist,
            FieldType::Multipicklist => Kind::MultiPicklist,
            FieldType::Int | FieldType::Long => Kind::Number { scale: Some(0) },
            FieldType::Double | FieldType::Currency | FieldType::Percent => Kind::Number { scale },
            FieldType::Boolean => Kind::Boolean,
            FieldType::Date => Kind::Date,
            FieldType::Datetime => Kind::DateTime,
            FieldType::Time => Kind::Time,
            t if t.is_text() => Kind::Text,
            _ => Kind::Other,
        }
    }
}

/// Null, or a text that is empty: what Salesforce keeps as null.
fn blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn number(v: &Value, scale: Option<u32>) -> Option<Decimal> {
    let d = value_to_decimal(v)?;
    Some(match scale {
        Some(s) => d.round_dp_with_strategy(s, RoundingStrategy::MidpointAwayFromZero),
        None => d,
    })
}

fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Null => Some(false),
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") || s.is_empty() => Some(false),
        _ => None,
    }
}

/// An instant in RFC 3339 or Salesforce's `+0000` form, as whole seconds since the epoch.
fn instant(v: &Value) -> Option<i64> {
    datetime::instant(v.as_str()?.trim()).map(|t| t.as_second())
}

/// A calendar day: `2024-03-01`, or the (UTC) day of an instant, or a civil datetime's day.
fn date(v: &Value) -> Option<jiff::civil::Date> {
    let s = v.as_str()?.trim();
    if let Ok(d) = datetime::date(s) {
        return Some(d);
    }
    if let Some(t) = datetime::instant(s) {
        return Some(t.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    match datetime::moment(s)? {
        Moment::Date(d) => Some(d),
        Moment::Civil(dt) | Moment::Instant { local: dt, .. } => Some(dt.date()),
    }
}

fn time(v: &Value) -> Option<(i8, i8, i8)> {
    let t = datetime::iso_time(v.as_str()?.trim())?;
    Some((t.hour(), t.minute(), t.second()))
}

fn picklist_set(v: &Value) -> Option<Vec<String>> {
    let s = text(v)?;
    let mut parts: Vec<String> = s
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    parts.sort();
    parts.dedup();
    Some(parts)
}

fn id15(v: &Value) -> Option<String> {
    let s = text(v)?;
    // `get`, not slicing: an 18-byte text with a multi-byte character is not an ID.
    Some(match s.get(..15) {
        Some(head) if s.len() == 18 => head.to_string(),
        _ => s,
    })
}

/// Whether a field of `kind` holds the same value on both sides. Values that do not read
/// as the kind (a number field holding `"abc"`) compare as JSON.
pub fn same_value(kind: Kind, source: &Value, target: &Value) -> bool {
    if source == target {
        return true;
    }
    if kind != Kind::Boolean && blank(source) && blank(target) {
        return true;
    }
    let parsed = match kind {
        Kind::Text | Kind::Picklist | Kind::Other => None,
        Kind::MultiPicklist => Some(picklist_set(source) == picklist_set(target)),
        Kind::Number { scale } => both(number(source, scale), number(target, scale)),
        Kind::Boolean => both(boolean(source), boolean(target)),
        Kind::Date => both(date(source), date(target)),
        Kind::DateTime => both(instant(source), instant(target)),
        Kind::Time => both(time(source), time(target)),
        Kind::Id => both(id15(source), id15(target)),
    };
    match parsed {
        Some(same) => same,
        None => match (source, target) {
            // A number sent as text to a text field is stored as that text.
            (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
                kind == Kind::Text && n.to_string() == *s
            }
            _ => false,
        },
    }
}

fn both<T: PartialEq>(a: Option<T>, b: Option<T>) -> Option<bool> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a == b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn num(scale: u32) -> Kind {
        Kind::Number { scale: Some(scale) }
    }

    #[test]
    fn numbers_compare_by_value_at_the_field_scale() {
        assert!(same_value(num(2), &json!(1.5), &json!(1.50)));
        assert!(same_value(num(2), &json!("1.50"), &json!(1.5)));
        assert!(same_value(num(2), &json!(1.234), &json!(1.23)));
        assert!(same_value(num(2), &json!(1.235), &json!(1.24)));
        assert!(!same_value(num(2), &json!(1.2), &json!(1.21)));
        assert!(same_value(num(0), &json!(7), &json!(7.0)));
        assert!(!same_value(
            Kind::Number { scale: None },
            &json!(1.234),
            &json!(1.23)
        ));
        assert!(!same_value(num(2), &json!(0), &Value::Null));
    }

    #[test]
    fn empty_text_is_null_as_salesforce_stores_it() {
        assert!(same_value(Kind::Text, &json!(""), &Value::Null));
        assert!(same_value(Kind::Picklist, &Value::Null, &json!("")));
        assert!(!same_value(Kind::Text, &json!(" "), &Value::Null));
        assert!(!same_value(Kind::Text, &json!("a"), &json!("A")));
        assert!(same_value(Kind::Text, &json!(42), &json!("42")));
    }

    #[test]
    fn checkboxes_are_never_null() {
        assert!(same_value(Kind::Boolean, &Value::Null, &json!(false)));
        assert!(same_value(Kind::Boolean, &json!("TRUE"), &json!(true)));
        assert!(!same_value(Kind::Boolean, &Value::Null, &json!(true)));
    }

    #[test]
    fn datetimes_compare_to_the_second_in_any_offset() {
        let k = Kind::DateTime;
        assert!(same_value(
            k,
            &json!("2024-03-01T10:00:00Z"),
            &json!("2024-03-01T10:00:00.000+0000")
        ));
        assert!(same_value(
            k,
            &json!("2024-03-01T12:00:00.400+02:00"),
            &json!("2024-03-01T10:00:00.000+0000")
        ));
        assert!(!same_value(
            k,
            &json!("2024-03-01T10:00:01Z"),
            &json!("2024-03-01T10:00:00.000+0000")
        ));
    }

    #[test]
    fn dates_and_times() {
        assert!(same_value(
            Kind::Date,
            &json!("2024-03-01T23:00:00Z"),
            &json!("2024-03-01")
        ));
        assert!(!same_value(
            Kind::Date,
            &json!("2024-03-02"),
            &json!("2024-03-01")
        ));
        assert!(
            !same_value(Kind::Date, &json!("2024-03-01x"), &json!("2024-03-01")),
            "text after a date is not the same date"
        );
        assert!(same_value(
            Kind::Time,
            &json!("10:00:00"),
            &json!("10:00:00.000Z")
        ));
    }

    #[test]
    fn dates_datetimes_and_times_read_every_form_they_read_before_the_shared_reader() {
        let same = |k: Kind, a: Value, b: Value| same_value(k, &a, &b);
        // A civil date-time's own day; an instant's UTC day; spaces around are ignored.
        assert!(same(
            Kind::Date,
            json!("2024-03-01T23:30:00"),
            json!("2024-03-01")
        ));
        assert!(same(
            Kind::Date,
            json!("2024-03-01T23:30:00-05:00"),
            json!("2024-03-02")
        ));
        assert!(same(Kind::Date, json!(" 2024-03-01 "), json!("2024-03-01")));
        assert!(!same(Kind::Date, json!("2024-02-30"), json!("2024-03-01")));
        // RFC 3339 with a space or lower-case letters, nine fraction digits.
        assert!(same(
            Kind::DateTime,
            json!("2024-03-01 10:00:00.123456789z"),
            json!("2024-03-01T10:00:00.000+0000")
        ));
        assert!(same(
            Kind::DateTime,
            json!("2024-03-01T11:30:00+0130"),
            json!("2024-03-01T10:00:00Z")
        ));
        assert!(!same(
            Kind::DateTime,
            json!("2024-03-01T10:00:00"),
            json!("2024-03-01T10:00:00Z")
        ));
        // Times to the second, with or without seconds; any trailing Zs.
        assert!(same(Kind::Time, json!("10:00"), json!("10:00:00.000Z")));
        assert!(same(Kind::Time, json!("10:00:05.9"), json!("10:00:05ZZ")));
        assert!(!same(Kind::Time, json!("2 PM"), json!("14:00:00")));
    }

    #[test]
    fn non_ascii_text_compares_as_text_never_a_panic() {
        let weird = [
            "2024-01-0é",
            "日本語日本語日本語日本語日本語日本語",
            "é+0000",
            "日本語日本語",
        ];
        for kind in [Kind::Date, Kind::DateTime, Kind::Time, Kind::Id] {
            for w in weird {
                assert!(same_value(kind, &json!(w), &json!(w)));
                assert!(!same_value(kind, &json!(w), &json!("2024-01-01T00:00:00Z")));
            }
        }
    }

    #[test]
    fn multi_picklists_are_sets_and_ids_match_in_both_lengths() {
        assert!(same_value(
            Kind::MultiPicklist,
            &json!("b;a"),
            &json!("a;b")
        ));
        assert!(!same_value(Kind::MultiPicklist, &json!("a"), &json!("a;b")));
        assert!(same_value(
            Kind::Id,
            &json!("001000000000001"),
            &json!("001000000000001AAA")
        ));
        assert!(!same_value(Kind::Picklist, &json!("Paid"), &json!("paid")));
    }

    #[test]
    fn the_describe_type_picks_the_comparison() {
        let kind = |t: &str, scale: u32| Kind::of_type(&FieldType::parse(t), Some(scale));
        assert_eq!(kind("currency", 2), Kind::Number { scale: Some(2) });
        assert_eq!(kind("int", 0), Kind::Number { scale: Some(0) });
        assert_eq!(kind("reference", 0), Kind::Id);
        assert_eq!(kind("textarea", 0), Kind::Text);
        assert_eq!(kind("combobox", 0), Kind::Picklist);
        assert_eq!(kind("multipicklist", 0), Kind::MultiPicklist);
        assert_eq!(kind("datetime", 0), Kind::DateTime);
        assert_eq!(kind("boolean", 0), Kind::Boolean);
        assert_eq!(kind("base64", 0), Kind::Other);
    }

    proptest! {
        #[test]
        fn equality_is_symmetric(a in "[0-9]{1,4}(\\.[0-9]{1,3})?", b in "[0-9]{1,4}(\\.[0-9]{1,3})?", scale in 0u32..4) {
            let (a, b) = (json!(a), json!(b));
            prop_assert_eq!(same_value(num(scale), &a, &b), same_value(num(scale), &b, &a));
        }

        #[test]
        fn a_number_equals_itself_written_with_trailing_zeros(n in -1_000_000i64..1_000_000, zeros in 0usize..4) {
            let plain = Decimal::new(n, 2);
            let padded = format!("{plain}{}", "0".repeat(zeros));
            prop_assert!(same_value(num(2), &json!(plain.to_string()), &json!(padded)));
        }

        #[test]
        fn a_datetime_equals_itself_in_salesforce_form(secs in 0i64..4_000_000_000, millis in 0u32..1000) {
            let t = jiff::Timestamp::from_second(secs).unwrap();
            let sf = format!("{}.{millis:03}+0000", t.strftime("%Y-%m-%dT%H:%M:%S"));
            prop_assert!(same_value(Kind::DateTime, &json!(t.to_string()), &json!(sf)));
        }
    }
}
