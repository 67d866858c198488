//! Mock values of the same shape and type as real ones, deterministic per value (the same
//! original always gives the same mock, so joins between records still match): emails stay
//! valid emails (the top-level domain kept), dates stay valid dates in the same format,
//! Salesforce IDs keep their length and key prefix, numbers keep their sign, digit count and
//! decimals, other text keeps its length and its pattern of letters (case kept), digits and
//! punctuation. Booleans, nulls, object keys and the values in `keep` (picklist values, the
//! mapping's own constants) stay as they are.

use serde_json::{Number, Value};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Makes mock values; see the module comment.
#[derive(Debug, Clone, Default)]
pub struct Mocker {
    keep: HashSet<String>,
}

impl Mocker {
    /// A mocker that leaves the strings in `keep` as they are.
    pub fn new(keep: HashSet<String>) -> Mocker {
        Mocker { keep }
    }

    /// The mock of `v` (arrays and objects value by value).
    pub fn value(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.text(s)),
            Value::Number(n) => Value::Number(mock_number(n)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.value(x)).collect()),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, x)| (k.clone(), self.value(x))).collect())
            }
            other => other.clone(),
        }
    }

    /// The mock of one text value.
    pub fn text(&self, s: &str) -> String {
        if s.is_empty() || self.keep.contains(s) {
            return s.to_string();
        }
        let mut stream = Stream::new(s);
        if let Some(m) =
            mock_date_prefix(s, &mut stream).or_else(|| mock_numeric_date(s, &mut stream))
        {
            return m;
        }
        if let Some((local, domain)) = s.split_once('@').filter(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.contains('@') && !d.starts_with('.')
        }) {
            let (host, tld) = domain.rsplit_once('.').expect("a domain with a dot");
            return format!(
                "{}@{}.{tld}",
                shape(local, &mut stream),
                shape(host, &mut stream)
            );
        }
        if is_salesforce_id(s) {
            return format!("{}{}", &s[..3], shape(&s[3..], &mut stream));
        }
        shape(s, &mut stream)
    }
}

/// A deterministic byte stream from a value (SHA-256 in counter mode).
struct Stream {
    seed: Vec<u8>,
    block: Vec<u8>,
    counter: u64,
}

impl Stream {
    fn new(original: &str) -> Stream {
        Stream {
            seed: format!("sync-central/mock\0{original}").into_bytes(),
            block: Vec::new(),
            counter: 0,
        }
    }

    fn next(&mut self, below: u32) -> u32 {
        if self.block.is_empty() {
            let mut h = Sha256::new();
            h.update(&self.seed);
            h.update(self.counter.to_le_bytes());
            self.counter += 1;
            self.block = h.finalize().to_vec();
        }
        let hi = self.block.pop().expect("a block has bytes") as u32;
        let lo = self.block.pop().unwrap_or(0) as u32;
        ((hi << 8) | lo) % below
    }
}

/// Letters stay letters of the same case, digits digits, everything else as it is.
fn shape(s: &str, stream: &mut Stream) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_lowercase() {
                (b'a' + stream.next(26) as u8) as char
            } else if c.is_ascii_uppercase() {
                (b'A' + stream.next(26) as u8) as char
            } else if c.is_ascii_digit() {
                (b'0' + stream.next(10) as u8) as char
            } else if c.is_alphabetic() {
                (b'a' + stream.next(26) as u8) as char
            } else {
                c
            }
        })
        .collect()
}

/// 15 or 18 letters and digits with at least one digit: a Salesforce record ID.
fn is_salesforce_id(s: &str) -> bool {
    (s.len() == 15 || s.len() == 18)
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_digit())
}

/// A text starting with an ISO date (`2024-06-01`, `2024-06-01T09:30:00Z`): another valid
/// date between 1990 and 2029, the rest (a time) kept.
fn mock_date_prefix(s: &str, stream: &mut Stream) -> Option<String> {
    let head = s.get(..10)?;
    let date: jiff::civil::Date = head.parse().ok()?;
    let _ = date;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let start = jiff::civil::date(1990, 1, 1);
    let mock = start
        .checked_add(jiff::Span::new().days(stream.next(40 * 365) as i64))
        .ok()?;
    Some(format!("{mock}{rest}"))
}

/// `01/02/1990`, `1.2.1990`, `1990/02/01` (any separator, day and month in either order):
/// another valid date written the same way (day and month both at most 12, so either
/// reading holds).
fn mock_numeric_date(s: &str, stream: &mut Stream) -> Option<String> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !"/.-".contains(sep) {
        return None;
    }
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let year_first = parts[0].len() == 4;
    let (a, b, y) = if year_first {
        (parts[1], parts[2], parts[0])
    } else {
        (parts[0], parts[1], parts[2])
    };
    if y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (da, db): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if !(1..=31).contains(&da) || !(1..=31).contains(&db) || (da > 12 && db > 12) {
        return None;
    }
    let pad = |n: u32, like: &str| {
        if like.len() == 2 {
            format!("{n:02}")
        } else {
            n.to_string()
        }
    };
    let ma = pad(1 + stream.next(12), a);
    let mb = pad(1 + stream.next(12), b);
    let my = (1990 + stream.next(40)).to_string();
    Some(if year_first {
        format!("{my}{sep}{ma}{sep}{mb}")
    } else {
        format!("{ma}{sep}{mb}{sep}{my}")
    })
}

/// Same sign, same number of digits before and after the point.
fn mock_number(n: &Number) -> Number {
    let text = n.to_string();
    if text.contains(['e', 'E']) {
        return n.clone();
    }
    let mut stream = Stream::new(&text);
    let mut out = String::new();
    let mut first = true;
    for c in text.chars() {
        if c.is_ascii_digit() {
            let d = if first && c != '0' {
                1 + stream.next(9)
            } else if first {
                0
            } else {
                stream.next(10)
            };
            first = false;
            out.push((b'0' + d as u8) as char);
        } else {
            if c == '.' {
                first = false;
            }
            out.push(c);
        }
    }
    out.parse().unwrap_or_else(|_| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m() -> Mocker {
        Mocker::new(["Gold".to_string()].into_iter().collect())
    }

    #[test]
    fn emails_stay_valid_emails_of_the_same_length() {
        let out = m().text("jane.doe@acme-corp.com");
        assert_ne!(out, "jane.doe@acme-corp.com");
        assert_eq!(out.len(), "jane.doe@acme-corp.com".len());
        let (local, domain) = out.split_once('@').unwrap();
        assert_eq!(local.len(), 8);
        assert!(domain.ends_with(".com") && domain.contains('-'), "{out}");
    }

    #[test]
    fn dates_stay_dates_and_times_keep_their_form() {
        let d = m().text("2024-02-29");
        assert!(d.parse::<jiff::civil::Date>().is_ok(), "{d}");
        assert_ne!(d, "2024-02-29");
        let t = m().text("2024-06-01T09:30:00Z");
        assert!(t.ends_with("T09:30:00Z") && t[..10].parse::<jiff::civil::Date>().is_ok());
    }

    #[test]
    fn ids_keep_prefix_and_length_and_the_same_value_always_gives_the_same_mock() {
        let id = "001Dn00000AbCdEfGH";
        let a = m().text(id);
        assert_eq!(&a[..3], "001");
        assert_eq!(a.len(), 18);
        assert_ne!(a, id);
        assert_eq!(m().text(id), a, "deterministic, so joins still match");
    }

    #[test]
    fn numbers_keep_sign_digits_and_decimals_and_kept_values_stay() {
        let v = m().value(&json!({"amount": -1250.75, "n": 42, "tier": "Gold", "ok": true}));
        let amount = v["amount"].as_f64().unwrap();
        assert!(
            amount < 0.0 && v["amount"].to_string().len() == "-1250.75".len(),
            "{v}"
        );
        assert_eq!(v["n"].to_string().len(), 2);
        assert_eq!(v["tier"], "Gold");
        assert_eq!(v["ok"], true);
    }
}
