//! Properties: `parse` never panics, whatever the text.

use proptest::prelude::*;
use synccentral_soql::{check, parse};

use crate::org::catalog;

const PIECES: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "ORDER BY",
    "LIMIT",
    "OFFSET",
    "AND",
    "OR",
    "NOT",
    "IN",
    "LIKE",
    "INCLUDES",
    "NULLS",
    "FIRST",
    "DESC",
    "COUNT()",
    "COUNT(",
    "FIELDS(ALL)",
    "Id",
    "Name",
    "Account.Name",
    "Account",
    "Contact",
    "(",
    ")",
    ",",
    ".",
    ":",
    "=",
    "!=",
    "<>",
    "<=",
    ">",
    "'a\\'b'",
    "'%_\\_'",
    "'",
    "\\",
    "12",
    "-3.5",
    "2024-01-31",
    "2024-01-31T10:00:00Z",
    "2024-13-45T99:00:00+0100",
    "TODAY",
    "LAST_N_DAYS:",
    "null",
    "true",
    "é",
    "\n",
    ";",
    "",
];

proptest! {
    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC{0,80}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_and_check_never_panic_on_soql_like_text(parts in prop::collection::vec(0..PIECES.len(), 0..24)) {
        let text = parts.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        if let Ok(q) = parse(&text) {
            let _ = check(&q, &catalog());
        }
    }
}
