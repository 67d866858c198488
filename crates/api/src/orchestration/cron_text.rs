//! Cron lines in words for the schedule editor ("At 02:00, every day", "Every 15 minutes",
//! "At 09:30, Monday to Friday"). Only called on lines croner accepted; a field in a form
//! this does not put into words (`L`, `W`, `#`, mixed lists) is quoted as written.

/// One cron field as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    /// `*` or `?`.
    Any,
    /// `*/n` (from 0 or the field's first value) or `a/n`.
    Step { start: Option<u32>, step: u32 },
    /// `a-b`.
    Range(u32, u32),
    /// `a` or `a,b,c`.
    List(Vec<u32>),
    /// Anything else, quoted as written.
    Raw(String),
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn value(text: &str, names: &[&str], first: u32) -> Option<u32> {
    if let Ok(n) = text.parse::<u32>() {
        return Some(n);
    }
    names
        .iter()
        .position(|n| n[..3].eq_ignore_ascii_case(text))
        .map(|i| i as u32 + first)
}

fn parse(text: &str, names: &[&str], first: u32) -> Field {
    let raw = || Field::Raw(text.to_string());
    if text == "*" || text == "?" {
        return Field::Any;
    }
    if let Some((base, step)) = text.split_once('/') {
        let Ok(step) = step.parse::<u32>() else {
            return raw();
        };
        return match base {
            "*" => Field::Step { start: None, step },
            b => match value(b, names, first) {
                Some(start) => Field::Step {
                    start: Some(start),
                    step,
                },
                None => raw(),
            },
        };
    }
    if let Some((a, b)) = text.split_once('-') {
        return match (value(a, names, first), value(b, names, first)) {
            (Some(a), Some(b)) => Field::Range(a, b),
            _ => raw(),
        };
    }
    let values: Option<Vec<u32>> = text.split(',').map(|v| value(v, names, first)).collect();
    values.map(Field::List).unwrap_or_else(raw)
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn every(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("every {one}")
    } else {
        format!("every {n} {many}")
    }
}

fn day_name(n: u32) -> String {
    DAYS[(n % 7) as usize].to_string()
}

fn month_name(n: u32) -> String {
    MONTHS
        .get((n.max(1) - 1) as usize)
        .map(|m| m.to_string())
        .unwrap_or_else(|| n.to_string())
}

fn hhmm(h: u32, m: u32) -> String {
    format!("{h:02}:{m:02}")
}

/// The hours a minute pattern is restricted to ("between 09:00 and 17:59").
fn hours_phrase(hours: &Field, raw: &str) -> String {
    match hours {
        Field::Any => String::new(),
        Field::Step { start, step } => match start {
            Some(s) if *s > 0 => format!("{} from {}", every(*step, "hour", "hours"), hhmm(*s, 0)),
            _ => every(*step, "hour", "hours"),
        },
        Field::Range(a, b) => format!("between {} and {}", hhmm(*a, 0), hhmm(*b, 59)),
        Field::List(hs) => {
            let hs: Vec<String> = hs.iter().map(|h| format!("{:02}:00", h)).collect();
            format!(
                "in the hour{} from {}",
                if hs.len() > 1 { "s" } else { "" },
                and_list(&hs)
            )
        }
        Field::Raw(_) => format!("hours {raw}"),
    }
}

/// Minute and hour (and seconds, with 6 fields) in words.
fn time_phrase(sec: &str, min: &str, hour: &str) -> (String, bool) {
    let seconds = parse(sec, &[], 0);
    let minutes = parse(min, &[], 0);
    let hours = parse(hour, &[], 0);
    let join = |head: String, tail: String| {
        if tail.is_empty() {
            head
        } else {
            format!("{head}, {tail}")
        }
    };
    // A frequency ("Every 15 minutes") needs no "every day" after it.
    let (text, frequency) = match (&minutes, &hours) {
        (Field::List(ms), Field::List(hs)) if ms.len() * hs.len() <= 6 => {
            let times: Vec<String> = hs
                .iter()
                .flat_map(|h| ms.iter().map(move |m| hhmm(*h, *m)))
                .collect();
            (format!("At {}", and_list(&times)), false)
        }
        (Field::Any, _) => (
            join("Every minute".into(), hours_phrase(&hours, hour)),
            true,
        ),
        (Field::Step { start, step }, _) => {
            let head = match start {
                Some(s) if *s > 0 => format!("Every {step} minutes from minute {s}"),
                _ if *step == 1 => "Every minute".to_string(),
                _ => format!("Every {step} minutes"),
            };
            (join(head, hours_phrase(&hours, hour)), true)
        }
        (Field::List(ms), Field::Any) if ms == &[0] => ("Every hour, on the hour".into(), true),
        (Field::List(ms), Field::Step { start, step }) if ms == &[0] => {
            let head = match start {
                Some(s) if *s > 0 => format!("Every {step} hours from {}", hhmm(*s, 0)),
                _ if *step == 1 => "Every hour".to_string(),
                _ => format!("Every {step} hours"),
            };
            (format!("{head}, on the hour"), true)
        }
        (Field::List(ms), _) => {
            let ms: Vec<String> = ms.iter().map(u32::to_string).collect();
            let head = format!(
                "At minute{} {} past the hour",
                if ms.len() > 1 { "s" } else { "" },
                and_list(&ms)
            );
            let tail = match hours {
                Field::Any => "every hour".to_string(),
                _ => hours_phrase(&hours, hour),
            };
            (join(head, tail), true)
        }
        _ => (format!("At minute {min}, hour {hour}"), false),
    };
    let text = match seconds {
        Field::List(s) if s == [0] => text,
        Field::Any if text == "Every minute" => return ("Every second".into(), true),
        Field::Any => format!("Every second, {}", lower_first(&text)),
        Field::Step { start: None, step } if text == "Every minute" => {
            return (format!("Every {step} seconds"), true)
        }
        Field::Step { start: None, step } => {
            format!("Every {step} seconds, {}", lower_first(&text))
        }
        _ => format!("At second {sec}, {}", lower_first(&text)),
    };
    (text, frequency)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn dom_phrase(dom: &Field, raw: &str) -> String {
    match dom {
        Field::Any => String::new(),
        Field::List(ds) => {
            let ds: Vec<String> = ds.iter().map(u32::to_string).collect();
            format!(
                "on day{} {} of the month",
                if ds.len() > 1 { "s" } else { "" },
                and_list(&ds)
            )
        }
        Field::Range(a, b) => format!("on days {a} to {b} of the month"),
        Field::Step { step, .. } => every(*step, "day", "days"),
        Field::Raw(r) if r.eq_ignore_ascii_case("L") => "on the last day of the month".into(),
        Field::Raw(_) => format!("on day-of-month {raw}"),
    }
}

fn dow_phrase(dow: &Field, raw: &str) -> String {
    match dow {
        Field::Any => String::new(),
        Field::List(ds) if ds.len() == 1 => format!("only on {}", day_name(ds[0])),
        Field::List(ds) => {
            let ds: Vec<String> = ds.iter().map(|d| day_name(*d)).collect();
            format!("on {}", and_list(&ds))
        }
        Field::Range(a, b) => format!("{} to {}", day_name(*a), day_name(*b)),
        Field::Step { step, .. } => format!("every {step} days of the week"),
        Field::Raw(_) => format!("on weekday {raw}"),
    }
}

fn month_phrase(month: &Field, raw: &str) -> String {
    match month {
        Field::Any => String::new(),
        Field::List(ms) => {
            let ms: Vec<String> = ms.iter().map(|m| month_name(*m)).collect();
            format!("in {}", and_list(&ms))
        }
        Field::Range(a, b) => format!("{} to {}", month_name(*a), month_name(*b)),
        Field::Step { step, .. } => every(*step, "month", "months"),
        Field::Raw(_) => format!("in month {raw}"),
    }
}

/// `cron` (5 fields, or 6 with seconds first) in words.
pub fn describe(cron: &str) -> String {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let (sec, rest) = match f.len() {
        5 => ("0", &f[..]),
        6 => (f[0], &f[1..]),
        _ => return format!("cron \"{}\"", cron.trim()),
    };
    let (time, frequency) = time_phrase(sec, rest[0], rest[1]);
    let dom = parse(rest[2], &[], 1);
    let month = parse(rest[3], &MONTHS, 1);
    let dow = parse(rest[4], &DAYS, 0);
    let days = match (dom_phrase(&dom, rest[2]), dow_phrase(&dow, rest[4])) {
        (d, w) if d.is_empty() && w.is_empty() => {
            if frequency {
                String::new()
            } else {
                "every day".to_string()
            }
        }
        (d, w) if w.is_empty() => d,
        (d, w) if d.is_empty() => w,
        (d, w) => format!("{d} and {w}"),
    };
    let mut out = time;
    for part in [days, month_phrase(&month, rest[3])] {
        if !part.is_empty() {
            out.push_str(", ");
            out.push_str(&part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_lines_read_as_people_say_them() {
        assert_eq!(describe("0 2 * * *"), "At 02:00, every day");
        assert_eq!(describe("*/15 * * * *"), "Every 15 minutes");
        assert_eq!(describe("* * * * *"), "Every minute");
        assert_eq!(describe("30 9 * * 1-5"), "At 09:30, Monday to Friday");
        assert_eq!(describe("30 9 * * MON-FRI"), "At 09:30, Monday to Friday");
        assert_eq!(describe("0 0 1 * *"), "At 00:00, on day 1 of the month");
        assert_eq!(describe("0 * * * *"), "Every hour, on the hour");
        assert_eq!(describe("0 */2 * * *"), "Every 2 hours, on the hour");
        assert_eq!(
            describe("15 * * * *"),
            "At minute 15 past the hour, every hour"
        );
    }

    #[test]
    fn lists_ranges_days_and_months() {
        assert_eq!(describe("0 8,20 * * *"), "At 08:00 and 20:00, every day");
        assert_eq!(
            describe("*/10 9-17 * * *"),
            "Every 10 minutes, between 09:00 and 17:59"
        );
        assert_eq!(describe("0 6 * * 0"), "At 06:00, only on Sunday");
        assert_eq!(describe("0 6 * * 7"), "At 06:00, only on Sunday");
        assert_eq!(
            describe("0 6 * * 1,3,5"),
            "At 06:00, on Monday, Wednesday and Friday"
        );
        assert_eq!(
            describe("0 3 1,15 * *"),
            "At 03:00, on days 1 and 15 of the month"
        );
        assert_eq!(
            describe("0 3 1 1,7 *"),
            "At 03:00, on day 1 of the month, in January and July"
        );
        assert_eq!(
            describe("0 4 * JAN-MAR *"),
            "At 04:00, every day, January to March"
        );
        assert_eq!(
            describe("0 2 L * *"),
            "At 02:00, on the last day of the month"
        );
    }

    #[test]
    fn six_fields_start_with_seconds() {
        assert_eq!(describe("*/30 * * * * *"), "Every 30 seconds");
        assert_eq!(describe("0 0 2 * * *"), "At 02:00, every day");
    }
}
