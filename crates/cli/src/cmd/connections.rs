//! `synccentral connections login NAME` and `synccentral connections test NAME`.
//!
//! `login` runs the browser login of a Salesforce connection with `flow: web` (OAuth
//! authorization code with PKCE, the redirect caught on `127.0.0.1:redirectPort`) and
//! stores the refresh token it gets in the workspace. The system browser is opened with
//! the platform's opener (`xdg-open`, `open`, `start`) when there is a display; the URL is
//! always printed on stderr, so it can be opened by hand (or by a test).
//!
//! `test` logs in to a Salesforce connection (or sends one request to an HTTP API) and
//! prints the answer: exit 0 when it worked, 2 when it did not.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand};
use std::io::Write;
use std::path::Path;
use synccentral_api::runs::convert;
use synccentral_httpapi::{Fetcher, Paging, SourceConfig, Window};
use synccentral_net::{Egress, EgressConfig, RemoteSites};
use synccentral_salesforce::Client;
use synccentral_store::config::{Config, Connection, SalesforceAuth};

#[derive(Subcommand)]
pub enum ConnectionsCommand {
    /// Log in to a Salesforce connection with `flow: web` in the browser and store its
    /// refresh token.
    Login(LoginArgs),
    /// Log in (Salesforce) or send one request (HTTP API) and print the answer.
    Test(TestArgs),
}

#[derive(ClapArgs)]
pub struct LoginArgs {
    /// The connection's name.
    name: String,
    /// Print the URL only; do not open a browser.
    #[arg(long, env = "SYNCCENTRAL_NO_BROWSER")]
    no_browser: bool,
    /// Seconds to wait for the browser to come back.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
}

#[derive(ClapArgs)]
pub struct TestArgs {
    /// The connection's name.
    name: String,
    /// HTTP connections: the path to request (joined to baseUrl).
    #[arg(long, default_value = "/")]
    path: String,
    /// HTTP connections: where the records are in the answer (JSONPath; default the whole
    /// answer).
    #[arg(long, default_value = "$")]
    records_path: String,
}

pub fn run(command: ConnectionsCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let config = ws.config()?;
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Failure::Unusable(format!("cannot start the async runtime: {e}")))?;
    match command {
        ConnectionsCommand::Login(args) => {
            drop(runtime);
            let app = synccentral_api::workspace::AppWorkspace::at(ws.path());
            app.act_with_file_access(&crate::cmd::users::os_user());
            let no_browser = args.no_browser;
            let answer = synccentral_api::connections::log_in_connection(
                &app,
                &args.name,
                std::time::Duration::from_secs(args.timeout),
                |url| {
                    let opened = !no_browser && synccentral_api::connections::open_in_browser(url);
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(
                        err,
                        "{} the login page; waiting for the browser:\n{url}",
                        if opened { "opened" } else { "open" },
                    );
                    let _ = err.flush();
                },
            )?;
            println!("{}", answer.message);
            Ok(())
        }
        ConnectionsCommand::Test(args) => {
            let (answer, refresh) = runtime.block_on(test(&config, &args))?;
            if let Some(token) = refresh {
                ws.set_secret(&args.name, "/auth/refreshToken", &token)?;
            }
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{answer}");
            Ok(())
        }
    }
}

fn egress(config: &Config) -> Result<Egress, Failure> {
    let sites = RemoteSites::parse(&config.remote_sites).map_err(|errors| {
        Failure::Unusable(
            errors
                .iter()
                .map(|e| format!("/remoteSites: {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    Egress::new(EgressConfig::new(sites)).map_err(|e| Failure::Unusable(e.to_string()))
}

fn connection<'c>(config: &'c Config, name: &str) -> Result<&'c Connection, Failure> {
    config.connection(name).ok_or_else(|| {
        let names: Vec<&str> = config.connections.iter().map(|c| c.name()).collect();
        Failure::Unusable(format!(
            "no connection named \"{name}\" (the workspace has: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ))
    })
}

async fn test(config: &Config, args: &TestArgs) -> Result<(String, Option<String>), Failure> {
    let egress = egress(config)?;
    match connection(config, &args.name)? {
        Connection::Salesforce(c) => {
            let sf = convert::salesforce_config(c)
                .map_err(|e| Failure::Unusable(format!("{}: {e}", args.name)))?;
            let client = Client::connect(egress, sf)
                .await
                .map_err(|e| Failure::Unusable(format!("login to {} failed: {e}", args.name)))?;
            let session = client.session();
            let org = client
                .query_all_records("SELECT Id, Name FROM Organization")
                .await
                .map_err(|e| Failure::Unusable(format!("{}: {e}", args.name)))?;
            let org = org.first().cloned().unwrap_or_default();
            let usage = client
                .api_usage()
                .map(|(used, max)| format!("; API requests today {used} of {max}"))
                .unwrap_or_default();
            let refresh = session
                .refresh_token
                .clone()
                .filter(|_| matches!(c.auth, SalesforceAuth::Jwt(_) | SalesforceAuth::Web(_)));
            Ok((
                format!(
                    "{}: logged in to {} (org {} \"{}\"){usage}",
                    args.name,
                    session.instance_url,
                    org["Id"].as_str().unwrap_or("?"),
                    org["Name"].as_str().unwrap_or("?"),
                ),
                refresh,
            ))
        }
        Connection::Http(h) => {
            let source = SourceConfig {
                base_url: h.base_url.clone(),
                path: args.path.clone(),
                method: synccentral_httpapi::HttpMethod::Get,
                params: Default::default(),
                headers: h.headers.clone(),
                body: None,
                auth: convert::http_auth(&h.auth),
                paging: Paging::None,
                records_path: args.records_path.clone(),
                max_pages: 1,
                max_page_bytes: synccentral_net::DEFAULT_MAX_BODY,
            };
            let mut fetcher = Fetcher::new(
                &source,
                Window {
                    since: None,
                    until: None,
                },
                egress,
            )
            .map_err(|e| Failure::Unusable(format!("{}: {e}", args.name)))?;
            let page = fetcher
                .next_page()
                .await
                .map_err(|e| Failure::Unusable(format!("{}: {e}", args.name)))?
                .ok_or_else(|| Failure::Unusable(format!("{}: no answer", args.name)))?;
            let first = page
                .records
                .first()
                .map(|r| format!("; the first: {r}"))
                .unwrap_or_default();
            Ok((
                format!(
                    "{}: {} answered {} record{}{first}",
                    args.name,
                    page.url,
                    page.records.len(),
                    if page.records.len() == 1 { "" } else { "s" }
                ),
                None,
            ))
        }
    }
}
