//! `synccentral tokens create OPTION | list | revoke OPTION`: the bearer tokens of the push
//! and pull endpoints (`synccentral serve`). A token is printed once, when created; the
//! workspace keeps only its SHA-256. Creating a new one replaces the old one.

use crate::Failure;
use clap::Subcommand;
use std::path::Path;

#[derive(Subcommand)]
pub enum TokensCommand {
    /// Create (or replace) OPTION's token and print it once.
    Create {
        /// The option.
        option: String,
    },
    /// List the options that have a token.
    List,
    /// Remove OPTION's token: its endpoint answers 401 from now on.
    Revoke {
        /// The option.
        option: String,
    },
}

pub fn run(command: TokensCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    match command {
        TokensCommand::Create { option } => {
            let config = ws.config_scrubbed().map_err(Failure::from)?;
            if config.option(&option).is_none() {
                let names: Vec<&str> = config.options.iter().map(|o| o.name()).collect();
                let hint = synccentral_api::suggest::nearest(&option, &names)
                    .map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                return Err(Failure::Unusable(format!(
                    "no option named \"{option}\"{hint}"
                )));
            }
            let token = ws
                .create_token(&option, synccentral_api::Timestamp::now())
                .map_err(Failure::from)?;
            println!("{token}");
            eprintln!("the token of '{option}': shown only now; keep it in a secret store");
        }
        TokensCommand::List => {
            for t in ws.tokens().map_err(Failure::from)? {
                println!("{:<24}  created {}", t.option, t.created);
            }
        }
        TokensCommand::Revoke { option } => {
            if !ws.revoke_token(&option).map_err(Failure::from)? {
                return Err(Failure::Unusable(format!("option '{option}' has no token")));
            }
            eprintln!("revoked the token of '{option}'");
        }
    }
    Ok(())
}
