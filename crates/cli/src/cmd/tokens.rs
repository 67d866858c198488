//! `synccentral tokens create OPTION | list | revoke OPTION`: the bearer tokens of the push
//! and pull endpoints (`synccentral serve`). A token is printed once, when created; the
//! workspace keeps only its SHA-256. Creating a new one replaces the old one.

use crate::Failure;
use clap::Subcommand;
use std::path::Path;
use synccentral_api::orchestration;

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
    let app = crate::workspace::app(workspace)?;
    match command {
        TokensCommand::Create { option } => {
            let orchestration = orchestration::Orchestration::at(app.path());
            let new = orchestration::create_token(&app, &orchestration, &option)?;
            println!("{}", new.token);
            eprintln!("the token of '{option}': shown only now; keep it in a secret store");
        }
        TokensCommand::List => {
            for t in orchestration::list_tokens(&app)? {
                println!("{:<24}  created {}", t.option, t.created);
            }
        }
        TokensCommand::Revoke { option } => {
            orchestration::revoke_token(&app, &option)?;
            eprintln!("revoked the token of '{option}'");
        }
    }
    Ok(())
}
