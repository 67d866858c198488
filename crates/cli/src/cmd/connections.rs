//! `synccentral connections login NAME` and `synccentral connections test NAME`.
//!
//! `login` runs the browser login of a Salesforce connection with `flow: web` (OAuth
//! authorization code with PKCE, the redirect caught on `127.0.0.1:redirectPort`) and
//! stores the refresh token it gets in the workspace. The system browser is opened with
//! the platform's opener (`xdg-open`, `open`, `start`) when there is a display; the URL is
//! always printed on stderr, so it can be opened by hand (or by a test).
//!
//! `test` logs in to a Salesforce connection (or sends one request to an HTTP API) and
//! prints the answer: exit 0 when it worked, 2 when it did not. Both go through the
//! service functions the app's Connections screen calls, and print what it shows.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand};
use std::io::Write;
use std::path::Path;
use synccentral_api::connections::{self, HttpProbe};

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
    /// HTTP connections: the path to request (joined to baseUrl; default: the path of the
    /// first import reading from the connection, else `/`).
    #[arg(long)]
    path: Option<String>,
    /// HTTP connections: where the records are in the answer (JSONPath; default: that
    /// import's, else the whole answer).
    #[arg(long)]
    records_path: Option<String>,
}

pub fn run(command: ConnectionsCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    let app = crate::workspace::app(workspace)?;
    let answer = match command {
        ConnectionsCommand::Login(args) => {
            let no_browser = args.no_browser;
            connections::log_in_connection(
                &app,
                &args.name,
                std::time::Duration::from_secs(args.timeout),
                |url| {
                    let opened = !no_browser && connections::open_in_browser(url);
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(
                        err,
                        "{} the login page; waiting for the browser:\n{url}",
                        if opened { "opened" } else { "open" },
                    );
                    let _ = err.flush();
                },
            )?
        }
        ConnectionsCommand::Test(args) => connections::test_connection(
            &app,
            &args.name,
            &HttpProbe {
                path: args.path,
                records_path: args.records_path,
            },
        )?,
    };
    // The same facts as the app's Connections screen shows.
    println!("{}: {}", answer.connection, answer.message);
    Ok(())
}
