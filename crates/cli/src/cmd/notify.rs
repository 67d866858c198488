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
    let ws = crate::workspace::open(workspace)?;
    let NotifyCommand::Test { mut to } = command;
    let config = ws.config().map_err(Failure::from)?;
    let Some(smtp) = config.smtp.clone() else {
        return Err(Failure::Unusable(
            "no mail server is configured: add \"smtp\" (host, security, from) to the configuration".into(),
        ));
    };
    if to.is_empty() {
        for o in &config.options {
            for a in o.notify().map(|n| n.to.as_slice()).unwrap_or_default() {
                if !to.contains(a) {
                    to.push(a.clone());
                }
            }
        }
    }
    if to.is_empty() {
        return Err(Failure::Unusable(
            "no address to send to: give --to ADDRESS (no option has \"notify\")".into(),
        ));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Unusable(format!("cannot start the runtime: {e}")))?;
    rt.block_on(notify::send(&smtp, &notify::test_mail(&to)))
        .map_err(|e| Failure::Unusable(e.to_string()))?;
    println!(
        "test mail sent to {} through {}:{}",
        to.join(", "),
        smtp.host,
        smtp.port()
    );
    Ok(())
}
