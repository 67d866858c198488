//! `synccentral config import | export | show`: the workspace's configuration document
//! (docs/config.md).

use crate::Failure;
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Validate a configuration document and, when it is valid, replace the workspace's
    /// configuration with it (a secret given as "***" keeps the stored value).
    Import {
        /// The document (JSON).
        file: PathBuf,
    },
    /// Write the workspace's configuration; secrets as "***" unless --include-secrets.
    Export {
        /// Where to write (`-` for standard output).
        file: PathBuf,
        /// Write secrets in clear.
        #[arg(long)]
        include_secrets: bool,
    },
    /// Print the configuration with secrets as "***".
    Show,
}

pub fn run(command: ConfigCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    match command {
        ConfigCommand::Import { file } => {
            let shown = file.display().to_string();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Unusable(format!("cannot read {shown}: {e}")))?;
            let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                Failure::Unusable(format!(
                    "{shown}: invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ))
            })?;
            // Validate before touching the workspace, so an invalid document does not even
            // create one.
            if let Err(issues) = synccentral_store::validate::validate(&doc) {
                let failure = Failure::from(synccentral_store::StoreError::Invalid(issues));
                return Err(prefix(failure, &shown));
            }
            let ws = crate::workspace::open(workspace)?;
            let before = crate::cmd::users::config_before(&ws);
            let s = ws
                .import_config(&doc)
                .map_err(|e| prefix(Failure::from(e), &shown))?;
            crate::cmd::users::audit_config(&ws, "config.import", &before, &doc, &shown)?;
            println!(
                "imported {} connection{}, {} remote site{}, {} option{} into {} ({} secret{} set, {} kept)",
                s.connections,
                plural(s.connections),
                s.remote_sites,
                plural(s.remote_sites),
                s.options,
                plural(s.options),
                ws.path().display(),
                s.secrets_set,
                plural(s.secrets_set),
                s.secrets_kept
            );
            Ok(())
        }
        ConfigCommand::Export {
            file,
            include_secrets,
        } => {
            let ws = crate::workspace::open(workspace)?;
            let config = ws.export_config(include_secrets)?;
            let text = serde_json::to_string_pretty(&config).expect("configuration serialises");
            if file.as_os_str() == "-" {
                println!("{text}");
            } else {
                std::fs::write(&file, format!("{text}\n")).map_err(|e| {
                    Failure::Unusable(format!("cannot write {}: {e}", file.display()))
                })?;
            }
            if include_secrets {
                eprintln!(
                    "warning: {} holds the secrets in clear; keep it private",
                    if file.as_os_str() == "-" {
                        "the output".to_string()
                    } else {
                        file.display().to_string()
                    }
                );
            }
            Ok(())
        }
        ConfigCommand::Show => {
            let ws = crate::workspace::open(workspace)?;
            let config = ws.config_scrubbed()?;
            println!(
                "{}",
                serde_json::to_string_pretty(&config).expect("configuration serialises")
            );
            Ok(())
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn prefix(f: Failure, file: &str) -> Failure {
    match f {
        Failure::Unusable(m) => Failure::Unusable(format!("{file}: {m}")),
        other => other,
    }
}
