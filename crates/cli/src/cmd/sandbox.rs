//! `synccentral sandbox serve`: runs the local sandbox org (a Salesforce-compatible server on
//! SQLite) on a loopback port until interrupted, printing its URLs, credentials,
//! certificate and data path.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
// The sandbox org is a development server of its own (no workspace, no service behind it):
// `sandbox serve` starts it directly, with its own configuration and fault types.
use synccentral_sandbox::{Config, Sandbox};

#[derive(Subcommand)]
pub enum SandboxCommand {
    /// Serve the sandbox org on 127.0.0.1 until interrupted.
    Serve(ServeArgs),
}

#[derive(ClapArgs)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8040)]
    port: u16,
    /// Also serve HTTPS on this 127.0.0.1 port (0 picks a free one), with a self-signed
    /// certificate generated under the data directory on first start.
    #[arg(long)]
    tls_port: Option<u16>,
    /// Where the org's data (sandbox.db) lives; kept between runs.
    #[arg(long, default_value = "sandbox-data")]
    data: PathBuf,
    /// A directory of describe JSON files, one object per file, added to the built-in
    /// User, Organization, Account and Contact.
    #[arg(long)]
    schema: Option<PathBuf>,
    #[arg(long, default_value = Config::DEFAULT_USERNAME)]
    username: String,
    #[arg(long, default_value = Config::DEFAULT_PASSWORD)]
    password: String,
    #[arg(long, default_value = Config::DEFAULT_CLIENT_ID)]
    client_id: String,
    #[arg(long, default_value = Config::DEFAULT_CLIENT_SECRET)]
    client_secret: String,
    /// Access tokens expire after this many seconds.
    #[arg(long, default_value_t = 7200)]
    token_lifetime: u64,
    /// REST requests allowed per UTC day before REQUEST_LIMIT_EXCEEDED.
    #[arg(long, default_value_t = 100_000)]
    daily_limit: u64,
    /// The RSA public key (PEM) that checks JWT bearer assertions
    /// (`openssl x509 -pubkey -noout -in <connected app certificate>`).
    #[arg(long)]
    jwt_key: Option<PathBuf>,
    /// Arm a fault from the start, repeatable: KIND[:N][@PATH], KIND one of 500, 503,
    /// UNABLE_TO_LOCK_ROW, session_expired, delay=MS, drop; N calls (default 1); PATH a URL
    /// path prefix (default /services/data/v). More at run time: POST /__sandbox/faults.
    #[arg(long = "fault", value_name = "SPEC")]
    faults: Vec<synccentral_sandbox::Fault>,
}

pub fn run(command: SandboxCommand) -> Result<(), Failure> {
    let SandboxCommand::Serve(args) = command;
    let mut config = Config::new(&args.data);
    config.port = args.port;
    config.tls_port = args.tls_port;
    config.schema_dir = args.schema;
    config.username = args.username;
    config.password = args.password;
    config.client_id = args.client_id;
    config.client_secret = args.client_secret;
    config.token_lifetime = Duration::from_secs(args.token_lifetime);
    config.daily_request_limit = args.daily_limit;
    config.jwt_public_key = args.jwt_key;
    config.faults = args.faults;
    let shown = config.clone();
    // On the service layer's runtime; waiting for Ctrl-C is this host's own.
    synccentral_api::workspace::block_on(async move {
        let sandbox = Sandbox::start(config)
            .await
            .map_err(|e| Failure::Unusable(e.to_string()))?;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Sandbox org listening on {}", sandbox.base_url());
        if let (Some(url), Some(cert)) = (sandbox.tls_url(), sandbox.certificate_path()) {
            let _ = writeln!(out, "Sandbox org listening on {url}");
            let _ = writeln!(out, "  certificate    {}", cert.display());
        }
        let _ = writeln!(out, "  login URL      {}", sandbox.base_url());
        let _ = writeln!(out, "  username       {}", shown.username);
        let _ = writeln!(out, "  password       {}", shown.password);
        let _ = writeln!(out, "  client id      {}", shown.client_id);
        let _ = writeln!(out, "  client secret  {}", shown.client_secret);
        let _ = writeln!(
            out,
            "  data           {}",
            sandbox.database_path().display()
        );
        for fault in &shown.faults {
            let _ = writeln!(out, "  fault armed    {fault}");
        }
        let _ = out.flush();
        drop(out);
        tokio::select! {
            _ = tokio::signal::ctrl_c() => sandbox.stop().await,
        }
        Ok(())
    })
}
