//! Tests of the `convert` transform: each target's readings and refusals, and the problems
//! its argument can have.

use super::*;
use crate::num::parse_decimal;
use jiff::Timestamp;
use proptest::prelude::*;
use rust_decimal::Decimal;
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
    let f = json!({"to": "datetime", "format": "%d/%m/%Y %H:%M", "timezone": "America/New_York"});
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
