//! SOQL text: string literals, and `IN` lists split so each query stays within what a REST
//! GET's URI or a Bulk API 2.0 job's SOQL may hold.

/// A SOQL string literal (`'` and `\` escaped, and the control escapes).
pub fn soql_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `SELECT {select} FROM {object} WHERE {field} IN (…)` over `values`, split into as few
/// queries as keep each under [`crate::collections::MAX_LOOKUP_SOQL`] characters (a lookup is
/// sent in the URL of a GET). Values that differ only by case are sent once, as Salesforce
/// matches text regardless of case. The one place lookups by key build their SOQL.
pub fn in_queries<'v>(
    select: &[&str],
    object: &str,
    field: &str,
    values: impl IntoIterator<Item = &'v str>,
) -> Vec<String> {
    in_queries_within(
        select,
        object,
        field,
        values,
        crate::collections::MAX_LOOKUP_SOQL,
        str::len,
    )
}

/// The most a REST query's text may take once URL-encoded: the GET's URI (path and `?q=`
/// included) must stay under Salesforce's 16,384 bytes.
pub const MAX_REST_QUERY_URI: usize = 16_000;

/// The longest SOQL statement Salesforce takes (100,000 characters), less a margin: a Bulk
/// API 2.0 query job carries its SOQL in a JSON body, so only this limit applies.
pub const MAX_BULK_SOQL: usize = 99_000;

/// The length of `text` as a query-string value (`application/x-www-form-urlencoded`, as
/// the client sends `q=`): unreserved bytes and spaces (`+`) one byte, every other byte three.
pub fn url_encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' | b' ' => 1,
            _ => 3,
        })
        .sum()
}

/// [`in_queries`] for a REST query: each as long as a GET's URI allows once URL-encoded
/// (about 800 keys of ten characters), so a read by many keys takes few calls.
pub fn rest_in_queries<'v>(
    select: &[&str],
    object: &str,
    field: &str,
    values: impl IntoIterator<Item = &'v str>,
) -> Vec<String> {
    in_queries_within(
        select,
        object,
        field,
        values,
        MAX_REST_QUERY_URI,
        url_encoded_len,
    )
}

/// [`in_queries`] for Bulk API 2.0 query jobs: up to [`MAX_BULK_SOQL`] characters each.
pub fn bulk_in_queries<'v>(
    select: &[&str],
    object: &str,
    field: &str,
    values: impl IntoIterator<Item = &'v str>,
) -> Vec<String> {
    in_queries_within(select, object, field, values, MAX_BULK_SOQL, str::len)
}

/// [`in_queries`] with each query's `measure` (characters: `str::len`; a URL:
/// [`url_encoded_len`]) at most `max`, or one value per query when a single value is
/// longer than that leaves room for.
pub fn in_queries_within<'v>(
    select: &[&str],
    object: &str,
    field: &str,
    values: impl IntoIterator<Item = &'v str>,
    max: usize,
    measure: fn(&str) -> usize,
) -> Vec<String> {
    let head = format!(
        "SELECT {} FROM {object} WHERE {field} IN (",
        select.join(", ")
    );
    let fixed = measure(&head) + measure(")");
    let comma = measure(",");
    let mut seen = std::collections::HashSet::new();
    let mut queries = Vec::new();
    let mut chunk: Vec<String> = Vec::new();
    let mut len = fixed;
    for v in values {
        if !seen.insert(v.to_lowercase()) {
            continue;
        }
        let lit = soql_literal(v);
        let cost = measure(&lit) + if chunk.is_empty() { 0 } else { comma };
        if !chunk.is_empty() && len + cost > max {
            queries.push(format!("{head}{})", chunk.join(",")));
            chunk.clear();
            len = fixed;
        }
        len += measure(&lit) + if chunk.is_empty() { 0 } else { comma };
        chunk.push(lit);
    }
    if !chunk.is_empty() {
        queries.push(format!("{head}{})", chunk.join(",")));
    }
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_queries_split_under_the_length_limit_and_send_each_key_once() {
        let keys: Vec<String> = (0..1000).map(|i| format!("KEY-{i:05}")).collect();
        let mut all: Vec<&str> = keys.iter().map(String::as_str).collect();
        all.push("key-00001");
        let queries = in_queries(&["Id", "Ext__c"], "Thing__c", "Ext__c", all);
        assert!(queries.len() > 1, "{} queries", queries.len());
        for q in &queries {
            assert!(q.starts_with("SELECT Id, Ext__c FROM Thing__c WHERE Ext__c IN ('"));
            assert!(
                q.len() <= crate::collections::MAX_LOOKUP_SOQL,
                "{}",
                q.len()
            );
        }
        let sent: usize = queries.iter().map(|q| q.matches('\'').count() / 2).sum();
        assert_eq!(sent, 1000, "each key once, case-insensitively");
        assert!(in_queries(&["Id"], "A", "B", Vec::<&str>::new()).is_empty());
    }

    #[test]
    fn queries_within_a_budget_fill_it_and_never_pass_it() {
        let keys: Vec<String> = (0..5_000).map(|i| format!("INV-{i:07}")).collect();
        let rest = in_queries_within(
            &["Id", "Name"],
            "Invoice__c",
            "invoice_id__c",
            keys.iter().map(String::as_str),
            MAX_REST_QUERY_URI,
            url_encoded_len,
        );
        // Every key once, each query within the URI budget and nearly full but the last.
        let listed: usize = rest.iter().map(|q| q.matches("'INV-").count()).sum();
        assert_eq!(listed, 5_000);
        for q in &rest {
            assert!(
                url_encoded_len(q) <= MAX_REST_QUERY_URI,
                "{}",
                url_encoded_len(q)
            );
        }
        for q in &rest[..rest.len() - 1] {
            assert!(url_encoded_len(q) > MAX_REST_QUERY_URI - 40);
        }
        // Far fewer than the 4,000-character lookups, and more per query than a batch of 200.
        assert!(
            rest.len()
                < in_queries(
                    &["Id"],
                    "Invoice__c",
                    "invoice_id__c",
                    keys.iter().map(String::as_str)
                )
                .len()
                    / 2
        );
        assert!(rest[0].matches("'INV-").count() > 600);
        let bulk = in_queries_within(
            &["Id"],
            "Invoice__c",
            "invoice_id__c",
            keys.iter().map(String::as_str),
            MAX_BULK_SOQL,
            str::len,
        );
        assert_eq!(bulk.len(), 1);
        // A value too long for any budget still gets a query of its own.
        let long = "x".repeat(200);
        assert_eq!(
            in_queries_within(&["Id"], "A", "B", [long.as_str(), "y"], 50, str::len).len(),
            2
        );
    }

    #[test]
    fn url_encoded_length_counts_escaped_bytes_three_times() {
        assert_eq!(url_encoded_len("SELECT Id"), 9);
        assert_eq!(url_encoded_len("('a','b')"), 3 * 7 + 2);
        assert_eq!(url_encoded_len("é"), 6);
    }

    #[test]
    fn soql_literals_escape_quotes_and_backslashes() {
        assert_eq!(soql_literal(r"O'Brien \ co"), r"'O\'Brien \\ co'");
    }
}
