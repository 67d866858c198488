//! The helper and the peer of `bench/orgs/run.sh`: Contacts into a sandbox org through
//! Bulk API 2.0 (password login with the sandbox's default credentials).
//!
//! ```sh
//! cargo run --release -p synccentral-api --example org_contacts -- seed LOGIN_URL N
//! cargo run --release -p synccentral-api --example org_contacts -- ingest LOGIN_URL N
//! ```
//!
//! `seed` loads N Contacts (`c{i}@example.com`) as the source org holds them; `ingest` is
//! the peer: the same N Contacts, as an org-to-org copy writes them, inserted straight into
//! the org with Bulk API 2.0 jobs of 10,000 (the records are built before the clock starts).
//! Prints `ingested N records (F failed) in S s`.

use serde_json::{json, Value};
use std::time::Instant;
use synccentral_net::{Egress, EgressConfig, RemoteSites};
use synccentral_salesforce::{Auth, BulkOptions, Client, Config, Operation};

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, url, n) = match args.as_slice() {
        [m, u, n] => (m.as_str(), u.as_str(), n.parse::<usize>().expect("N")),
        _ => {
            eprintln!("usage: org_contacts seed|ingest LOGIN_URL N");
            std::process::exit(2);
        }
    };
    let login = url::Url::parse(url).expect("LOGIN_URL");
    let egress = Egress::new(EgressConfig::new(
        RemoteSites::parse(&[url]).expect("remote site"),
    ))
    .expect("egress");
    let client = Client::connect(egress, Config::new(login, Auth::sandbox_admin()))
        .await
        .expect("login");
    let contacts: Vec<Value> = (0..n)
        .map(|i| {
            json!({"FirstName": format!("First{i}"), "LastName": format!("Last{i}"),
                   "Email": format!("c{i}@example.com"), "Title": "Engineer",
                   "Phone": format!("+1 555 {:07}", i)})
        })
        .collect();
    let started = Instant::now();
    let mut failed = 0;
    for chunk in contacts.chunks(10_000) {
        let results = client
            .bulk_ingest(
                &Operation::Insert,
                "Contact",
                chunk,
                None,
                &BulkOptions::default(),
            )
            .await
            .expect("bulk job");
        failed += results.iter().filter(|r| !r.success).count();
    }
    let secs = started.elapsed().as_secs_f64();
    if mode == "ingest" {
        println!("ingested {n} records ({failed} failed) in {secs:.2} s");
    } else {
        println!("seeded {n} records ({failed} failed) in {secs:.2} s");
    }
    if failed > 0 {
        std::process::exit(1);
    }
}
