//! The peer of `bench/runs/run.sh`: the same mapped records a `synccentral run` writes,
//! ingested straight into an org through the same client, the same API and the same
//! batches one at a time (as the import pipeline sends them), with no source and no
//! mapping in the timed part.
//!
//! ```sh
//! cargo run --release -p synccentral-api --example direct_ingest -- \
//!     LOGIN_URL MAPPING.json RECORDS rest|bulk BATCH
//! ```
//!
//! The sample API's invoices `0..RECORDS` are generated in memory and mapped with the
//! engine before the clock starts; then they are upserted into `Invoice__c` by
//! `invoice_id__c` (password login with the sandbox's default credentials). Prints
//! `ingested N records (F failed) in S s`.

use std::time::Instant;
use synccentral_engine::mapping;
use synccentral_httpapi::sample_api::{record, Resource};
use synccentral_net::{Egress, EgressConfig, RemoteSites};
use synccentral_salesforce::{Api, Auth, Client, Config, Loader, Operation};

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 5 {
        eprintln!("usage: direct_ingest LOGIN_URL MAPPING.json RECORDS rest|bulk BATCH");
        std::process::exit(2);
    }
    let login = url::Url::parse(&args[0]).expect("LOGIN_URL");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[1]).expect("mapping file"))
            .expect("mapping JSON");
    let count: usize = args[2].parse().expect("RECORDS");
    let api = match args[3].as_str() {
        "bulk" => Api::Bulk,
        _ => Api::Rest,
    };
    let batch: usize = args[4].parse().expect("BATCH");

    let egress = Egress::new(EgressConfig::new(
        RemoteSites::parse(&[login.origin().ascii_serialization().as_str()]).unwrap(),
    ))
    .unwrap();
    let client = Client::connect(egress, Config::new(login, Auth::sandbox_admin()))
        .await
        .expect("login");
    let describe = client.describe("Invoice__c").await.expect("describe");
    let compiled = mapping::compile(&doc, Some(&describe)).expect("mapping");
    let records: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            let mapped = compiled.apply(&record(Resource::Invoices, i), Some(&describe));
            serde_json::Value::Object(mapped.fields)
        })
        .collect();
    let mut loader = Loader::new(client);
    loader.api = api;
    let op = Operation::Upsert {
        external_id_field: "invoice_id__c".into(),
    };

    let started = Instant::now();
    let (mut ok, mut failed) = (0usize, 0usize);
    for chunk in records.chunks(batch.max(1)) {
        let results = loader
            .write(&op, "Invoice__c", chunk, Some(&describe))
            .await
            .expect("write");
        for r in results {
            if r.success {
                ok += 1;
            } else {
                failed += 1;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("ingested {ok} records ({failed} failed) in {secs:.2} s");
    if failed > 0 {
        std::process::exit(1);
    }
}
