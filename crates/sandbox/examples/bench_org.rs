//! A sandbox org for benchmarks (bench/sandbox/query.sh): serves the data directory given on
//! 127.0.0.1 with no daily request limit until killed. `--no-indexes` answers every SOQL query
//! by reading every record of the object (the path used before the query indexes).
//!
//! Usage: bench_org DATA_DIR [--no-indexes]

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let Some(data) = args.next() else {
        eprintln!("usage: bench_org DATA_DIR [--no-indexes]");
        std::process::exit(2);
    };
    let mut config = synccentral_sandbox::Config::new(data);
    config.daily_request_limit = u64::MAX;
    config.use_indexes = !args.any(|a| a == "--no-indexes");
    let started = std::time::Instant::now();
    let org = match synccentral_sandbox::Sandbox::start(config).await {
        Ok(org) => org,
        Err(e) => {
            eprintln!("the sandbox did not start: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "listening on {} (opened in {:.3}s)",
        org.base_url(),
        started.elapsed().as_secs_f64()
    );
    org.wait().await;
}
