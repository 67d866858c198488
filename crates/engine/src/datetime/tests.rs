//! Tests of the date/time readers: what each accepts and refuses, pinned from the copies
//! they replace (the describe check's, convert's, the reconciliation's and the SOQL
//! evaluator's), and that no input makes any of them panic.

use super::*;
use proptest::prelude::*;

fn ok<T>(r: Result<T, Invalid>) -> bool {
    r.is_ok()
}

#[test]
fn salesforce_dates_are_exactly_year_month_day() {
    assert_eq!(date("2024-02-29"), Ok(jiff::civil::date(2024, 2, 29)));
    assert_eq!(date("0000-01-01"), Ok(jiff::civil::date(0, 1, 1)));
    for not_real in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31"] {
        assert_eq!(date(not_real), Err(Invalid::NotReal), "{not_real}");
    }
    for malformed in [
        "",
        "2024-1-01",
        "2024-01-1",
        "24-01-01",
        "2024/01/01",
        "20240101",
        " 2024-01-01",
        "2024-01-01 ",
        "2024-01-01T10:00:00Z",
        "+02024-01-01",
        "2024-0a-01",
    ] {
        assert_eq!(date(malformed), Err(Invalid::Malformed), "{malformed:?}");
    }
}

#[test]
fn salesforce_date_times_need_t_seconds_and_a_zone() {
    let at = |s: &str| date_time(s).map(|t| t.to_string());
    assert_eq!(
        at("2024-03-01T10:00:00Z"),
        Ok("2024-03-01T10:00:00Z".into())
    );
    assert_eq!(
        at("2024-03-01T10:00:00.5Z"),
        Ok("2024-03-01T10:00:00.5Z".into())
    );
    assert_eq!(
        at("2024-03-01T10:00:00.123+01:00"),
        Ok("2024-03-01T09:00:00.123Z".into())
    );
    assert_eq!(
        at("2024-03-01T10:00:00-0230"),
        Ok("2024-03-01T12:30:00Z".into())
    );
    for not_real in [
        "2023-02-29T10:00:00Z",
        "2024-03-01T24:00:00Z",
        "2024-03-01T10:60:00Z",
        "2024-03-01T10:00:00+24:00",
        "2024-03-01T10:00:00+01:60",
    ] {
        assert_eq!(date_time(not_real), Err(Invalid::NotReal), "{not_real}");
    }
    for malformed in [
        "2024-03-01",
        "2024-03-01T10:00:00",
        "2024-03-01 10:00:00Z",
        "2024-03-01t10:00:00Z",
        "2024-03-01T10:00:00z",
        "2024-03-01T10:00Z",
        "2024-03-01T10:00:00.1234Z",
        "2024-03-01T10:00:00.Z",
        "2024-03-01T10:00:00+01",
        "2024-03-01T10:00:00+1:00",
        "2024-03-01T10:00:00+01:00:00",
        "2024-03-01T10:00:00 +01:00",
        "2024-3-01T10:00:00Z",
    ] {
        assert_eq!(
            date_time(malformed),
            Err(Invalid::Malformed),
            "{malformed:?}"
        );
    }
}

#[test]
fn salesforce_times_have_seconds_and_at_most_milliseconds() {
    assert_eq!(time("10:15:30"), Ok(jiff::civil::time(10, 15, 30, 0)));
    assert_eq!(
        time("10:15:30.250Z"),
        Ok(jiff::civil::time(10, 15, 30, 250_000_000))
    );
    assert!(ok(time("23:59:59.9")));
    for not_real in ["24:00:00", "10:60:00", "10:00:60Z"] {
        assert_eq!(time(not_real), Err(Invalid::NotReal), "{not_real}");
    }
    for malformed in [
        "",
        "10:15",
        "1:15:30",
        "10:15:30.",
        "10:15:30.1234",
        "10:15:30z",
        "10:15:30+01:00",
        "10-15-30",
        "2 PM",
    ] {
        assert_eq!(time(malformed), Err(Invalid::Malformed), "{malformed:?}");
    }
}

#[test]
fn instants_are_rfc_3339_or_salesforce_offsets_without_a_colon() {
    let at = |s: &str| instant(s).map(|t| t.to_string());
    assert_eq!(
        at("2024-03-01T10:00:00Z").as_deref(),
        Some("2024-03-01T10:00:00Z")
    );
    assert_eq!(
        at("2024-03-01T10:00:00.000+0000").as_deref(),
        Some("2024-03-01T10:00:00Z")
    );
    assert_eq!(
        at("2024-03-01T10:00:00+01:00").as_deref(),
        Some("2024-03-01T09:00:00Z")
    );
    assert_eq!(
        at("2024-03-01T10:00:00-0130").as_deref(),
        Some("2024-03-01T11:30:00Z")
    );
    assert_eq!(
        at("2024-03-01 10:00:00.123456789z").as_deref(),
        Some("2024-03-01T10:00:00.123456789Z")
    );
    for refused in [
        "",
        "2024-03-01",
        "2024-03-01T10:00:00",
        "2024-02-30T10:00:00Z",
        "10:00:00Z",
        "+0000",
        "2024-03-01T10:00:00+99:99",
    ] {
        assert_eq!(instant(refused), None, "{refused:?}");
    }
}

#[test]
fn the_leading_date_is_the_first_ten_characters_as_a_date() {
    let d = jiff::civil::date(2024, 3, 1);
    assert_eq!(leading_date("2024-03-01"), Some(d));
    assert_eq!(leading_date("2024-03-01T23:30:00-05:00"), Some(d));
    assert_eq!(leading_date("2024-03-01 and more"), Some(d));
    assert_eq!(leading_date("2024-02-30"), None);
    assert_eq!(leading_date("01/03/2024"), None);
    assert_eq!(leading_date("2024-03"), None);
}

#[test]
fn moments_tell_dates_wall_clock_times_and_instants_apart() {
    let day = jiff::civil::date(2024, 6, 1);
    assert_eq!(moment("2024-06-01"), Some(Moment::Date(day)));
    assert_eq!(
        moment("2024-06-01 20:54:16"),
        Some(Moment::Civil(day.at(20, 54, 16, 0)))
    );
    let Some(Moment::Instant { ts, local }) = moment("2024-06-01T20:54:16+0200") else {
        panic!("an offset makes an instant");
    };
    assert_eq!(ts.to_string(), "2024-06-01T18:54:16Z");
    assert_eq!(local, day.at(20, 54, 16, 0));
    let Some(Moment::Instant { ts, .. }) = moment("2024-06-01T20:54:16[Europe/Paris]") else {
        panic!("a zone makes an instant");
    };
    assert_eq!(ts.to_string(), "2024-06-01T18:54:16Z");
    assert_eq!(moment("01/06/2024"), None);
    assert_eq!(moment("2024-02-30"), None);
}

#[test]
fn clock_times_read_24_and_12_hour_forms() {
    let t = |h, m, s| Some(jiff::civil::time(h, m, s, 0));
    assert_eq!(clock_time("9:05"), t(9, 5, 0));
    assert_eq!(clock_time("14:30:15Z"), t(14, 30, 15));
    assert_eq!(
        clock_time("14:30:15.123456789z"),
        Some(jiff::civil::time(14, 30, 15, 123_456_789))
    );
    assert_eq!(clock_time("2 PM"), t(14, 0, 0));
    assert_eq!(clock_time("12:30am"), t(0, 30, 0));
    assert_eq!(clock_time("02:30:15 Pm"), t(14, 30, 15));
    for refused in [
        "",
        "14",
        "13 PM",
        "0 am",
        "24:00",
        "9:5",
        "14:30:15.",
        "14h30",
    ] {
        assert_eq!(clock_time(refused), None, "{refused:?}");
    }
}

#[test]
fn iso_times_are_read_as_jiff_reads_them_ignoring_trailing_zs() {
    let t = |h, m, s| Some(jiff::civil::time(h, m, s, 0));
    assert_eq!(iso_time("10:00:00.000Z"), t(10, 0, 0));
    assert_eq!(iso_time("10:00"), t(10, 0, 0));
    assert_eq!(iso_time("10:00:05ZZ"), t(10, 0, 5));
    assert_eq!(iso_time("2 PM"), None);
    assert_eq!(iso_time("25:00:00"), None);
}

#[test]
fn non_ascii_text_is_refused_never_a_panic() {
    for s in [
        "2024-01-0é",
        "日本語日本語日本語日本語日本語日本語",
        "2024-01-0é1T10:00:00+0000",
        "é+0100",
        "2024-01-é1T10:00:00",
        "10:00:0é",
        "é",
        "pm日",
        "日am",
    ] {
        assert!(date(s).is_err(), "{s}");
        assert!(date_time(s).is_err(), "{s}");
        assert!(time(s).is_err(), "{s}");
        assert_eq!(instant(s), None, "{s}");
        assert_eq!(leading_date(s), None, "{s}");
        assert_eq!(moment(s), None, "{s}");
        assert_eq!(clock_time(s), None, "{s}");
        assert_eq!(iso_time(s), None, "{s}");
    }
}

proptest! {
    #[test]
    fn no_text_makes_a_reader_panic(s in "\\PC{0,40}") {
        let _ = (date(&s), date_time(&s), time(&s), instant(&s), leading_date(&s));
        let _ = (moment(&s), clock_time(&s), iso_time(&s));
    }

    #[test]
    fn date_like_text_with_a_multibyte_character_anywhere_is_safe(
        at in 0usize..30,
        c in "[éü日€]",
    ) {
        let mut s = String::from("2024-01-01T10:00:00.000+0000");
        let at = (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
        s.insert_str(at, &c);
        let _ = (date(&s), date_time(&s), time(&s), instant(&s), leading_date(&s));
        let _ = (moment(&s), clock_time(&s), iso_time(&s));
    }

    #[test]
    fn every_real_date_is_read_and_written_back(days in 0i64..3_652_059) {
        let d = jiff::civil::date(1, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
        let text = d.to_string();
        prop_assert_eq!(date(&text), Ok(d));
        prop_assert_eq!(leading_date(&text), Some(d));
    }
}
