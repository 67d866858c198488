//! `synccentral notify test --to ADDRESS...`: sends a test mail through the workspace's
//! `smtp` server, so the settings (host, port, security, login, sender) can be checked
//! before a run needs them. Without `--to`, it goes to every address the options' `notify`
//! lists.

use crate::Failure;
use clap::Subcommand;
use std::path::Path;
use synccentral_api::orchestration::mail as notify;

#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Send a test mail through the workspace's mail server.
    Test {
        /// Where to send it (repeatable); default: every address of the options' notify.
        #[arg(long, value_name = "ADDRESS")]
        to: Vec<String>,
    },
}

pub fn run(command: NotifyCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    let app = crate::workspace::app(workspace)?;
    let NotifyCommand::Test { to } = command;
    let sent = notify::send_test_mail(&app, &to).map_err(|e| Failure::Unusable(e.message))?;
    println!(
        "test mail sent to {} through {}:{}",
        sent.to.join(", "),
        sent.host,
        sent.port
    );
    Ok(())
}
