//! `synccentral diff`, `diff accept` and `diff resync` as a user runs them, against an
//! in-process sandbox org and the sample API on loopback.

use super::run::{invoices, start, Env};
use serde_json::{json, Value};

/// Upserts `records` into Invoice__c by invoice_id__c, straight in the org.
fn upsert(env: &Env, records: Value) {
    let org_url = env.org_url.clone();
    env.rt.block_on(async move {
        let egress = synccentral_net::Egress::new(synccentral_net::EgressConfig::new(
            synccentral_net::RemoteSites::parse(&[org_url.as_str()]).unwrap(),
        ))
        .unwrap();
        let client = synccentral_salesforce::Client::connect(
            egress,
            synccentral_salesforce::Config::new(
                url::Url::parse(&org_url).unwrap(),
                synccentral_salesforce::Auth::sandbox_admin(),
            ),
        )
        .await
        .unwrap();
        let r = client
            .write_collections(
                &synccentral_salesforce::Operation::Upsert {
                    external_id_field: "invoice_id__c".into(),
                },
                "Invoice__c",
                records.as_array().unwrap(),
                1,
            )
            .await;
        assert!(r.iter().all(|r| r.success), "{r:?}");
    });
}

fn summary(same: u64, different: u64, mis: u64, accepted: u64) -> Value {
    json!({"same": same, "different": different, "missing_in_target": 0,
           "missing_in_source": mis, "pending": 0, "accepted": accepted,
           "deleted_in_source": 0})
}

#[test]
fn diff_reports_drift_writes_rows_and_resync_makes_it_clean() {
    let env = start(8);
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let o = env.sc(&["run", "--option", "invoices"]);
    assert_eq!(o.status.code(), Some(0), "{}", super::stderr(&o));
    let clean = env.sc(&["diff", "--option", "invoices"]);
    assert_eq!(clean.status.code(), Some(0), "{}", super::stderr(&clean));
    assert_eq!(super::json(&clean), summary(8, 0, 0, 0));

    upsert(
        &env,
        json!([{"invoice_id__c": "INV-000002", "Name": "Renamed"},
               {"invoice_id__c": "INV-999999", "Name": "Only in the org"}]),
    );
    // A dry run shows what it would change, field by field, as JSON and as text.
    let dry = env.sc(&[
        "run",
        "--option",
        "invoices",
        "--dry-run",
        "--full",
        "--json",
    ]);
    assert_eq!(dry.status.code(), Some(0), "{}", super::stderr(&dry));
    let changes = &super::json(&dry)["changes"]["invoices"];
    let renamed = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "INV-000002")
        .unwrap();
    assert_eq!(renamed["action"], "would-update");
    assert_eq!(
        renamed["changes"],
        json!([{"field": "Name", "old": "Renamed", "new": "INV-000002"}])
    );
    let text = env.sc(&["run", "--option", "invoices", "--dry-run", "--full"]);
    let out = super::stdout(&text);
    assert!(
        out.contains("INV-000002 (would-update")
            && out.contains("Name: \"Renamed\" → \"INV-000002\""),
        "{out}"
    );
    let csv_path = env.dir.path().join("diff.csv");
    let drift = env.sc(&[
        "diff",
        "--option",
        "invoices",
        "--format",
        "csv",
        "--out",
        csv_path.to_str().unwrap(),
    ]);
    assert_eq!(drift.status.code(), Some(1), "open exceptions exit 1");
    assert_eq!(super::json(&drift), summary(7, 1, 1, 0));
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "KEY",
            "CLASS",
            "ACCEPTED",
            "TARGET_ID",
            "FIELD",
            "SOURCE",
            "TARGET"
        ]
    );
    let lines: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        [
            &lines[0][0],
            &lines[0][1],
            &lines[0][4],
            &lines[0][5],
            &lines[0][6]
        ],
        ["INV-000002", "different", "Name", "INV-000002", "Renamed"]
    );
    assert_eq!(lines[0][3].len(), 18, "the target record's Id");
    assert_eq!(
        [&lines[1][0], &lines[1][1]],
        ["INV-999999", "missing_in_source"]
    );

    // Changed at the source since the window start: pending, not an open exception.
    let pending = env.sc(&[
        "diff",
        "--option",
        "invoices",
        "--since",
        "2024-06-01T00:00:00Z",
    ]);
    assert_eq!(
        pending.status.code(),
        Some(1),
        "missing in the source stays open"
    );
    let s = super::json(&pending);
    assert_eq!(
        (s["different"].as_u64(), s["pending"].as_u64()),
        (Some(0), Some(1))
    );

    let xlsx = env.dir.path().join("diff.xlsx");
    let o = env.sc(&[
        "diff",
        "--option",
        "invoices",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "a workbook"
    );

    let accepted = env.sc(&[
        "diff",
        "accept",
        "--option",
        "invoices",
        "--keys",
        "INV-999999",
    ]);
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "{}",
        super::stderr(&accepted)
    );
    assert_eq!(super::json(&accepted), json!({"accepted": ["INV-999999"]}));

    let resync = env.sc(&[
        "diff",
        "resync",
        "--option",
        "invoices",
        "--select",
        "different,missing_in_target",
        "--json",
    ]);
    assert_eq!(resync.status.code(), Some(0), "{}", super::stderr(&resync));
    let done = super::json(&resync);
    assert_eq!(done["before"], summary(7, 1, 0, 1));
    assert_eq!(done["runs"]["runs"][0]["written"], 1);
    assert_eq!(done["after"], summary(8, 0, 0, 1));
    let after = env.sc(&["diff", "--option", "invoices"]);
    assert_eq!(after.status.code(), Some(0));
}

#[test]
fn diff_refuses_an_unknown_class_and_an_unknown_option() {
    let env = start(1);
    env.configure(json!([invoices("invoices", "upsert", 5)]));
    let o = env.sc(&[
        "diff", "resync", "--option", "invoices", "--select", "differnt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("not a class"),
        "{}",
        super::stderr(&o)
    );
    let o = env.sc(&["diff", "--option", "invoice"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        super::stderr(&o).contains("did you mean \"invoices\""),
        "{}",
        super::stderr(&o)
    );
}
