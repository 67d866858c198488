//! The sample API's records: invoices, payments and contacts shaped like
//! `fixtures/samples/api/*.json`, generated from their index so any count costs no memory.
//! Record `i` was updated at `START + (i / SAME_TIME)` minutes, so [`SAME_TIME`] records
//! share each timestamp (what a time-window import's tie handling must cope with).

use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Value};

/// The first record's `updated_at`.
pub const START: &str = "2024-06-01T00:00:00Z";
/// How many consecutive records share one `updated_at`.
pub const SAME_TIME: usize = 3;

/// A resource the sample API lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Invoices,
    Payments,
    Contacts,
}

impl Resource {
    pub fn parse(name: &str) -> Option<Resource> {
        match name {
            "invoices" => Some(Resource::Invoices),
            "payments" => Some(Resource::Payments),
            "contacts" => Some(Resource::Contacts),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Resource::Invoices => "invoices",
            Resource::Payments => "payments",
            Resource::Contacts => "contacts",
        }
    }

    /// The key holding the records in a page, as in the fixtures.
    pub fn records_key(self) -> &'static str {
        match self {
            Resource::Invoices => "invoices",
            Resource::Payments => "items",
            Resource::Contacts => "data",
        }
    }

    /// The id field of a record.
    pub fn id_field(self) -> &'static str {
        match self {
            Resource::Invoices => "invoice_id",
            Resource::Payments => "payment_id",
            Resource::Contacts => "id",
        }
    }
}

pub fn start() -> Timestamp {
    START.parse().expect("START is RFC 3339")
}

/// When record `i` was last updated.
pub fn updated_at(i: usize) -> Timestamp {
    start() + SignedDuration::from_mins((i / SAME_TIME) as i64)
}

/// The first index updated at or after `t` (`count` when none).
pub fn first_at_or_after(t: Timestamp, count: usize) -> usize {
    let secs = t.as_second() - start().as_second();
    if secs <= 0 {
        return 0;
    }
    // The first minute step m with START + m minutes >= t.
    let minute = ((secs + 59) / 60) as usize;
    minute.saturating_mul(SAME_TIME).min(count)
}

/// Record `i` of `resource`.
pub fn record(resource: Resource, i: usize) -> Value {
    let updated = updated_at(i).to_string();
    let day = |offset: usize| {
        let date = jiff::civil::date(2024, 6, 1)
            .checked_add(jiff::Span::new().days(((i + offset) % 365) as i64))
            .unwrap_or(jiff::civil::date(2024, 6, 1));
        date.to_string()
    };
    match resource {
        Resource::Invoices => json!({
            "invoice_id": format!("INV-{:06}", i + 1),
            "customer": {"account_ref": format!("A-{}", 100 + i % 7)},
            "total": if i.is_multiple_of(2) { json!(format!("{}.{:02}", 10 + i % 2000, i % 100)) } else { json!((i % 5000) as f64 + 0.99) },
            "currency": (["usd", "EUR", "GBP"][i % 3]),
            "status": (["open", "paid", "credit"][i % 3]),
            "issued": day(0),
            "due": day(30),
            "paid": i % 3 == 1,
            "memo": if i.is_multiple_of(4) { Value::Null } else { json!(format!("Order {}", i + 1)) },
            "updated_at": updated,
        }),
        Resource::Payments => json!({
            "payment_id": format!("PAY-{}", i + 1),
            "invoice": format!("INV-{:06}", i / 2 + 1),
            "amount_cents": (i * 7919) % 100_000,
            "paid_at": updated,
            "method": (["card", "wire", "CARD"][i % 3]),
            "ref": if i % 3 == 2 { Value::Null } else { json!(format!("ch_{}", i + 1)) },
            "updated_at": updated,
        }),
        Resource::Contacts => {
            const FIRST: [&str; 5] = ["Joe", "ana", "Li", "Zoë", "Sam"];
            const LAST: [&str; 5] = ["Tester", "de la cruz", "", "Ørsted", "O'Brien"];
            let first = FIRST[i % FIRST.len()];
            json!({
                "id": format!("c-{}", 1001 + i),
                "name-first": first,
                "name-last": LAST[(i / 5) % LAST.len()],
                "title": (["Mr", "Mrs", "Dr", "Ms"][i % 4]),
                "email": format!("{}.{}@example.com", first.to_lowercase(), i + 1),
                "phone": if i % 3 == 1 { Value::Null } else { json!(format!("+1 415 555 {:04}", i % 10_000)) },
                "born": if i % 7 == 3 { Value::Null } else { json!(format!("{:02}/{:02}/{}", 1 + i % 28, 1 + i % 12, 1950 + i % 50)) },
                "company": if i % 9 == 8 { Value::Null } else { json!({"id": format!("A-{}", 100 + i % 7), "name": (["Acme Corp", "Globex", "Initech"][i % 3])}) },
                "languages": ([["English"], ["Spanish"], ["French"]][i % 3]),
                "score": if i.is_multiple_of(2) { json!(format!("{}.5", i % 100)) } else { json!(i % 100) },
                "opted_out": (["no", "yes"][i % 2]),
                "last_seen": updated,
                "updated_at": updated,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_shared_in_threes_and_windows_find_their_first_index() {
        assert_eq!(updated_at(0), updated_at(2));
        assert_ne!(updated_at(2), updated_at(3));
        assert_eq!(first_at_or_after(updated_at(4), 100), 3);
        assert_eq!(first_at_or_after(updated_at(3), 100), 3);
        assert_eq!(
            first_at_or_after(start() - SignedDuration::from_secs(5), 100),
            0
        );
        assert_eq!(
            first_at_or_after(updated_at(2) + SignedDuration::from_secs(1), 100),
            3
        );
        assert_eq!(first_at_or_after(updated_at(99_999), 10), 10);
        assert_eq!(record(Resource::Invoices, 0)["invoice_id"], "INV-000001");
    }
}
