//! `synccentral guard` and `synccentral runs undo` as a user runs them, against an in-process
//! sandbox org and the sample API on loopback.

use super::run::{start, Env};
use serde_json::{json, Value};

/// Upserts the first page (4 invoices) with the status as notes and the account as name:
/// what the org holds before the run under test.
fn seed() -> Value {
    json!({"name": "seed", "direction": "import",
           "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "4"},
                      "recordsPath": "$.invoices", "paging": {"type": "none"}},
           "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                      "externalId": "invoice_id__c"},
           "mapping": {"fields": [{"source": "invoice_id", "target": "invoice_id__c"},
                                   {"source": "customer.account_ref", "target": "Name"},
                                   {"source": "status", "target": "Notes__c"}]}})
}

/// Upserts all 6 invoices with the memo as notes (INV-000001's memo is empty).
fn invoices(guard: &str) -> Value {
    json!({"name": "inv", "direction": "import", "guard": guard,
           "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": "4"},
                      "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"}},
           "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
                      "externalId": "invoice_id__c"},
           "mapping": {"fields": [{"source": "invoice_id", "target": "invoice_id__c"},
                                   {"source": "invoice_id", "target": "Name"},
                                   {"source": "memo", "target": "Notes__c"}]}})
}

/// The newest run's id, as `runs list` gives it.
fn last_run(env: &Env) -> String {
    let o = env.sc(&["runs", "list", "--limit", "1", "--json"]);
    super::json(&o)[0]["id"]
        .as_i64()
        .map(|n| n.to_string())
        .unwrap_or_else(|| panic!("no run: {}", super::stdout(&o)))
}

#[test]
fn guard_lists_the_blanked_notes_then_undo_puts_them_back_and_removes_the_inserts() {
    let env = start(6);
    env.configure(json!([seed(), invoices("warn")]));
    let o = env.sc(&["run", "--option", "seed"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));

    // The guard on its own: exit 1 with the list, nothing written.
    let g = env.sc(&["guard", "--option", "inv"]);
    assert_eq!(g.status.code(), Some(1), "{}", super::stderr(&g));
    let text = super::stdout(&g);
    assert!(
        text.contains("1 target field holds a value the source would blank"),
        "{text}"
    );
    assert!(
        text.contains("INV-000001") && text.contains("Notes__c") && text.contains("\"open\""),
        "{text}"
    );
    assert_eq!(env.invoice_ids().len(), 4);

    // Warn: the run goes through, says so, and its log has the finding.
    let o = env.sc(&["run", "--option", "inv"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));
    let run = last_run(&env);
    assert_eq!(env.invoice_ids().len(), 6);
    assert!(
        super::stderr(&o).contains("the Day-Zero guard (warn) found 1 target field"),
        "{}",
        super::stderr(&o)
    );
    let show = env.sc(&["runs", "show", &run]);
    let text = super::stdout(&show);
    assert!(
        text.contains("Day-Zero guard: 1 field held a value the source would blank"),
        "{text}"
    );
    assert!(text.contains("Notes__c was \"open\""), "{text}");

    // Undo: 4 restored, 2 deleted; the guard sees the seeded notes again.
    let u = env.sc(&["runs", "undo", &run]);
    assert_eq!(u.status.code(), Some(0), "{}", super::stderr(&u));
    let text = super::stdout(&u);
    assert!(
        text.contains(&format!("run {run} undone by run"))
            && text.contains("4 restored, 2 deleted, 0 undeleted, 0 failed"),
        "{text}"
    );
    assert_eq!(env.invoice_ids().len(), 4);
    let g = env.sc(&["guard", "--option", "inv", "--json"]);
    let report = super::json(&g);
    assert_eq!(report["findings"][0]["prior"], "open", "{report}");

    // Once only.
    let again = env.sc(&["runs", "undo", &run]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        super::stderr(&again).contains("already undone"),
        "{}",
        super::stderr(&again)
    );
}

#[test]
fn undo_refuses_records_changed_after_the_run_until_forced() {
    let env = start(6);
    env.configure(json!([seed(), invoices("warn")]));
    assert_eq!(env.sc(&["run", "--option", "seed"]).status.code(), Some(0));
    let o = env.sc(&["run", "--option", "inv", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));
    let run = last_run(&env);
    // The seed runs again after it: the 4 records it updated change under it.
    assert_eq!(env.sc(&["run", "--option", "seed"]).status.code(), Some(0));

    let u = env.sc(&["runs", "undo", &run]);
    assert_eq!(u.status.code(), Some(1));
    let err = super::stderr(&u);
    assert!(
        err.contains("4 records changed after it") && err.contains("--force"),
        "{err}"
    );
    assert!(
        err.contains("(INV-000002): Name was \"INV-000002\" after the run, is \"A-101\" now"),
        "{err}"
    );
    assert_eq!(env.invoice_ids().len(), 6, "a refused undo deleted records");

    let f = env.sc(&["runs", "undo", &run, "--force", "--json"]);
    assert_eq!(f.status.code(), Some(0), "{}", super::stderr(&f));
    let out = super::json(&f);
    assert_eq!(
        (out["restored"].as_u64(), out["deleted"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(env.invoice_ids().len(), 4);
}

#[test]
fn a_blocking_guard_stops_the_run_and_protect_keeps_the_notes() {
    let env = start(6);
    env.configure(json!([seed(), invoices("block")]));
    assert_eq!(env.sc(&["run", "--option", "seed"]).status.code(), Some(0));
    let o = env.sc(&["run", "--option", "inv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = super::stderr(&o);
    assert!(
        err.contains("the Day-Zero guard (block) stopped the run before writing anything"),
        "{err}"
    );
    assert_eq!(env.invoice_ids().len(), 4, "a blocked run inserted");

    env.configure(json!([seed(), invoices("protect")]));
    let o = env.sc(&["run", "--option", "inv"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));
    assert_eq!(env.invoice_ids().len(), 6);
    // The notes were kept, so the guard still finds them.
    let g = env.sc(&["guard", "--option", "inv", "--json"]);
    assert_eq!(super::json(&g)["findings"][0]["prior"], "open");
}
