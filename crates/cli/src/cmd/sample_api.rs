//! `synccentral sample-api serve`: runs the bundled sample API (invoices, payments and
//! contacts with every paging style, auth modes, fault injection and receiving endpoints)
//! on a loopback port until interrupted, printing its URLs and credentials, so a person can
//! point an HTTP API source or sink at it.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use std::io::Write;
use std::time::Duration;
use synccentral_api::workspace::demo::sample_api::{SampleApi, SampleAuth, SampleConfig};

#[derive(Subcommand)]
pub enum SampleApiCommand {
    /// Serve the sample API on 127.0.0.1 until interrupted.
    Serve(ServeArgs),
}

/// Which credentials `/v1/...` demands.
#[derive(Clone, Copy, ValueEnum)]
enum AuthMode {
    None,
    Bearer,
    /// `X-Api-Key` header.
    ApiKey,
    /// `api_key` query parameter.
    ApiKeyQuery,
    Basic,
    /// Client-credentials tokens from `POST /oauth/token`.
    Oauth2,
    /// Tokens from `POST /auth/login`, sent as `X-Session-Token: Session <token>`.
    Custom,
}

#[derive(ClapArgs)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8050)]
    port: u16,
    /// Records of each resource (invoices, payments, contacts).
    #[arg(long, default_value_t = 1000)]
    records: usize,
    /// The credentials callers must present.
    #[arg(long, value_enum, default_value = "none")]
    auth: AuthMode,
    /// Issued tokens expire after this many seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
}

const USER: &str = "sample";
const PASSWORD: &str = "sample-password";
const TOKEN: &str = "sample-token";
const KEY: &str = "sample-key";
const CLIENT_ID: &str = "sample-client";
const CLIENT_SECRET: &str = "sample-secret";

pub fn run(command: SampleApiCommand) -> Result<(), Failure> {
    let SampleApiCommand::Serve(args) = command;
    let (auth, credentials) = match args.auth {
        AuthMode::None => (SampleAuth::None, "none".to_string()),
        AuthMode::Bearer => (
            SampleAuth::Bearer {
                token: TOKEN.into(),
            },
            format!("Authorization: Bearer {TOKEN}"),
        ),
        AuthMode::ApiKey => (
            SampleAuth::ApiKey {
                query: false,
                name: "X-Api-Key".into(),
                value: KEY.into(),
            },
            format!("X-Api-Key: {KEY}"),
        ),
        AuthMode::ApiKeyQuery => (
            SampleAuth::ApiKey {
                query: true,
                name: "api_key".into(),
                value: KEY.into(),
            },
            format!("?api_key={KEY}"),
        ),
        AuthMode::Basic => (
            SampleAuth::Basic {
                username: USER.into(),
                password: PASSWORD.into(),
            },
            format!("basic {USER} / {PASSWORD}"),
        ),
        AuthMode::Oauth2 => (
            SampleAuth::Oauth2 {
                client_id: CLIENT_ID.into(),
                client_secret: CLIENT_SECRET.into(),
            },
            format!("POST /oauth/token client_credentials {CLIENT_ID} / {CLIENT_SECRET}"),
        ),
        AuthMode::Custom => (
            SampleAuth::Custom {
                username: USER.into(),
                password: PASSWORD.into(),
            },
            format!(
                "POST /auth/login {{\"username\": \"{USER}\", \"password\": \"{PASSWORD}\"}} -> data.session.token, sent as X-Session-Token: Session <token>"
            ),
        ),
    };
    let config = SampleConfig {
        port: args.port,
        records: args.records,
        auth,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        ..SampleConfig::default()
    };
    // On the service layer's runtime; waiting for Ctrl-C is this host's own.
    synccentral_api::workspace::block_on(async move {
        let api = SampleApi::start(config).await.map_err(|e| {
            Failure::Unusable(format!("cannot listen on 127.0.0.1:{}: {e}", args.port))
        })?;
        let base = api.base_url();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Sample API listening on {base}");
        let _ = writeln!(
            out,
            "  records        {} each of invoices, payments, contacts",
            args.records
        );
        let _ = writeln!(out, "  list           {base}/v1/invoices?paging=nextUrl|cursor|link|offset|page&page_size=100");
        let _ = writeln!(out, "  time window    &updated_since=2024-06-01T00:00:00Z&updated_until=2024-06-02T00:00:00Z");
        let _ = writeln!(out, "  credentials    {credentials}");
        let _ = writeln!(out, "  receive        POST|PUT|PATCH {base}/v1/customers[/ID]; read back GET {base}/__sample/received");
        let _ = writeln!(out, "  faults         POST {base}/__sample/faults {{\"kind\": \"status\", \"status\": 503, \"retryAfter\": 1, \"every\": 3, \"times\": 5}}");
        let _ = out.flush();
        drop(out);
        let _ = tokio::signal::ctrl_c().await;
        api.stop();
        Ok(())
    })
}
