//! `synccentral`: the command-line tool. One module per subcommand under `cmd/`; every
//! behaviour lives in `synccentral-api` / `synccentral-engine` / `synccentral-store`, called
//! here as the desktop app calls it. `--workspace PATH` (or `SYNCCENTRAL_WORKSPACE`) names
//! the workspace file of the commands that use one (`config`, `runs`).
//!
//! `run`, `runs retry` and `demo` exit 0 when every record landed, 1 when some did not, 2
//! on configuration problems (nothing ran).
//!
//! Exit codes: 0 the command ran (a preview with invalid records ran); 1 a check found
//! problems (`mapping check`, `mapping test`); 2 unusable input (a file that cannot be read,
//! invalid JSON, a broken mapping, a describe that is not a describe, an invalid
//! configuration document, a workspace that cannot be opened).

mod cmd;
mod input;
mod workspace;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Mapping allocates many small strings and maps per record; mimalloc serves them from
// per-thread pages, which is what makes the second core pay off.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "synccentral",
    version,
    about = "Build, preview and run Salesforce data syncs"
)]
struct Cli {
    /// The workspace file (default: the platform data dir's sync-central/workspace.db).
    #[arg(
        long,
        global = true,
        env = "SYNCCENTRAL_WORKSPACE",
        value_name = "PATH"
    )]
    workspace: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Preview a sample response through a mapping, checked against the target describe.
    Preview(cmd::preview::Args),
    /// Check a mapping, run its test cases.
    #[command(subcommand)]
    Mapping(cmd::mapping::MappingCommand),
    /// Map every record of a JSON file and write the Salesforce records as JSON.
    Map(cmd::map::Args),
    /// Run the local sandbox org, a Salesforce-compatible server.
    #[command(subcommand)]
    Sandbox(cmd::sandbox::SandboxCommand),
    /// Import, export or show the workspace's configuration (connections, options).
    #[command(subcommand)]
    Config(cmd::config::ConfigCommand),
    /// Log in to a connection (browser login) or test it.
    #[command(subcommand)]
    Connections(cmd::connections::ConnectionsCommand),
    /// Run a whole sync with nothing to set up: a sandbox org, the sample API, a workspace.
    Demo(cmd::demo::Args),
    /// Run sync options: some (--option), those of an object (--object) or all (--all).
    Run(cmd::run::Args),
    /// Compare what an import option would send with its target; re-sync or accept rows.
    Diff(cmd::diff::Args),
    /// List the target fields an import would blank (the Day-Zero guard), writing nothing.
    Guard(cmd::guard::Args),
    /// Print the run graph of the options (order, waves, parents) without running them.
    Plan(cmd::plan::Args),
    /// Run the workspace's schedules headless until stopped.
    Daemon(cmd::daemon::Args),
    /// Serve the push (import) and pull (export) endpoints, on loopback by default.
    Serve(cmd::serve::Args),
    /// Create, list or revoke the endpoints' per-option tokens.
    #[command(subcommand)]
    Tokens(cmd::tokens::TokensCommand),
    /// Send a test mail through the workspace's mail server.
    #[command(subcommand)]
    Notify(cmd::notify::NotifyCommand),
    /// List and show runs, export their success and error files.
    #[command(subcommand)]
    Runs(cmd::runs::RunsCommand),
    /// The app's users (list, add, reset a password) and the audit log.
    Users(cmd::users::Args),
    /// Run the sample HTTP API (invoices, payments, contacts) to import from and export to.
    #[command(subcommand)]
    SampleApi(cmd::sample_api::SampleApiCommand),
    /// Call an HTTP connection once: where its records are, how it pages, its fields.
    #[command(subcommand)]
    Sample(cmd::sample::SampleCommand),
    /// A Salesforce connection's objects, or one object's fields.
    Describe(cmd::describe::Args),
    /// What an export would send for its first records, sent nowhere.
    Payload(cmd::payload::Args),
}

/// How a command ended, when not with success.
pub enum Failure {
    /// A check found problems (exit 1); the report was already printed.
    Found,
    /// Unusable input (exit 2), with the message to print.
    Unusable(String),
}

/// Every error of the service layer is unusable input (exit 2), printed with its code.
impl From<synccentral_api::ApiError> for Failure {
    fn from(e: synccentral_api::ApiError) -> Self {
        Failure::Unusable(format!("{}: {}", e.code, e.message))
    }
}

/// The store's errors, where a command reads the workspace itself, as the service layer
/// maps them (`synccentral_api::workspace::store_error`).
impl From<synccentral_api::workspace::StoreError> for Failure {
    fn from(e: synccentral_api::workspace::StoreError) -> Self {
        synccentral_api::workspace::store_error(e).into()
    }
}

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`synccentral runs show 7 | head`)
    // would panic; like any Unix tool, end quietly instead.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Preview(args) => cmd::preview::run(args),
        Command::Mapping(c) => cmd::mapping::run(c),
        Command::Map(args) => cmd::map::run(args),
        Command::Sandbox(c) => cmd::sandbox::run(c),
        Command::Config(c) => cmd::config::run(c, cli.workspace.as_deref()),
        Command::Connections(c) => cmd::connections::run(c, cli.workspace.as_deref()),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Run(args) => cmd::run::run(args, cli.workspace.as_deref()),
        Command::Diff(args) => cmd::diff::run(args, cli.workspace.as_deref()),
        Command::Plan(args) => cmd::plan::run(args, cli.workspace.as_deref()),
        Command::Guard(args) => cmd::guard::run(args, cli.workspace.as_deref()),
        Command::Daemon(args) => cmd::daemon::run(args, cli.workspace.as_deref()),
        Command::Serve(args) => cmd::serve::run(args, cli.workspace.as_deref()),
        Command::Tokens(c) => cmd::tokens::run(c, cli.workspace.as_deref()),
        Command::Sample(c) => cmd::sample::run(c, cli.workspace.as_deref()),
        Command::Describe(args) => cmd::describe::run(args, cli.workspace.as_deref()),
        Command::Payload(args) => cmd::payload::run(args, cli.workspace.as_deref()),
        Command::Notify(c) => cmd::notify::run(c, cli.workspace.as_deref()),
        Command::Runs(c) => cmd::runs::run(c, cli.workspace.as_deref()),
        Command::Users(args) => cmd::users::run(args, cli.workspace.as_deref()),
        Command::SampleApi(c) => cmd::sample_api::run(c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Found) => ExitCode::from(1),
        Err(Failure::Unusable(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
