//! `synccentral config import | export | show`: the workspace's configuration document
//! (docs/config.md), as JSON or as an Excel workbook, all of it or some options, scrubbed
//! and mocked for support; an import previews what it creates, changes and leaves alone and
//! applies with `--apply`.

use crate::Failure;
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use synccentral_api::settings::{
    self, ChangeKind, ExportRequest, ImportPreview, Scope, SettingsFormat,
};
use synccentral_api::{users, ApiError, Describe};

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Preview what importing a configuration document or an edited settings workbook
    /// would create, change and leave alone; --apply imports it. Connections, options and
    /// schedules are matched by name; a secret given as "***" keeps the stored value.
    Import {
        /// The document (JSON) or workbook (.xlsx).
        file: PathBuf,
        /// Import (without it, only the preview is shown and nothing changes).
        #[arg(long)]
        apply: bool,
        /// `all` (default) or `option NAME…`: only these options and what they use.
        #[arg(long, num_args = 1.., value_name = "all | option NAME…")]
        scope: Vec<String>,
    },
    /// Write the workspace's configuration: JSON (secrets as "***" unless
    /// --include-secrets) or an Excel workbook (always scrubbed).
    Export {
        /// Where to write (`-` for standard output); a .xlsx name writes a workbook.
        file: PathBuf,
        /// json or xlsx (default: from the file name).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// `all` (default) or `option NAME…`: only these options and what they use.
        #[arg(long, num_args = 1.., value_name = "all | option NAME…")]
        scope: Vec<String>,
        /// Write secrets in clear (JSON only).
        #[arg(long, conflicts_with_all = ["scrub", "mock_samples"])]
        include_secrets: bool,
        /// For support: secrets as "***", tokens removed, credential headers hidden.
        #[arg(long)]
        scrub: bool,
        /// With --scrub: the test cases' sample values replaced by mock values of the same
        /// shape (implies --scrub).
        #[arg(long)]
        mock_samples: bool,
        /// Describes of target objects (JSON), for labels, types, lengths and required in
        /// the workbook, and to keep picklist values when mocking. Repeatable.
        #[arg(long)]
        describe: Vec<PathBuf>,
    },
    /// Print the configuration with secrets as "***".
    Show,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Xlsx,
}

pub fn run(command: ConfigCommand, workspace: Option<&Path>) -> Result<(), Failure> {
    match command {
        ConfigCommand::Import { file, apply, scope } => {
            let scope = parse_scope(&scope)?;
            let shown = file.display().to_string();
            let bytes = std::fs::read(&file)
                .map_err(|e| Failure::Unusable(format!("cannot read {shown}: {e}")))?;
            // A JSON document is checked before the workspace is opened, so an invalid
            // document does not even create one.
            settings::check_document(&shown, &bytes).map_err(api_failure)?;
            let app = crate::workspace::app(workspace)?;
            let ws = app.open()?;
            let before = users::config_snapshot(&ws);
            let doc = settings::import_document(&ws, &shown, &bytes).map_err(api_failure)?;
            let outcome = if apply {
                settings::apply_import(&ws, &doc, &scope)
            } else {
                settings::preview_import(&ws, &doc, &scope)
            }
            .map_err(|e| prefix(api_failure(e), &shown))?;
            if outcome.stored.is_some() {
                let after = users::config_snapshot(&ws);
                users::audit_config_from(&app, &ws, "config.import", &before, &after, &shown)?;
            }
            print_preview(&outcome);
            let counts = format!(
                "{} created, {} changed, {} unchanged",
                outcome.count(ChangeKind::Created),
                outcome.count(ChangeKind::Changed),
                outcome.count(ChangeKind::Unchanged)
            );
            match (apply, &outcome.stored) {
                (false, _) if outcome.is_noop() => println!("{counts}: nothing to import"),
                (false, _) => println!("{counts} (a preview: nothing changed; add --apply to import)"),
                (true, None) => println!("{counts}: nothing to import, the workspace already holds this"),
                (true, Some(s)) => println!(
                    "{counts}: imported, {} holds {} connection{}, {} remote site{}, {} option{} ({} secret{} set, {} kept)",
                    ws.path().display(),
                    s.connections,
                    plural(s.connections),
                    s.remote_sites,
                    plural(s.remote_sites),
                    s.options,
                    plural(s.options),
                    s.secrets_set,
                    plural(s.secrets_set),
                    s.secrets_kept
                ),
            }
            Ok(())
        }
        ConfigCommand::Export {
            file,
            format,
            scope,
            include_secrets,
            scrub,
            mock_samples,
            describe,
        } => {
            let scope = parse_scope(&scope)?;
            let to_stdout = file.as_os_str() == "-";
            let format = match format {
                Some(Format::Xlsx) => SettingsFormat::Xlsx,
                Some(Format::Json) => SettingsFormat::Json,
                None if file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) =>
                {
                    SettingsFormat::Xlsx
                }
                None => SettingsFormat::Json,
            };
            if format == SettingsFormat::Xlsx && include_secrets {
                return Err(Failure::Unusable(
                    "a workbook never holds secrets: --include-secrets is for JSON".to_string(),
                ));
            }
            let describes = describe
                .iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p).map_err(|e| {
                        Failure::Unusable(format!("cannot read {}: {e}", p.display()))
                    })?;
                    Describe::from_json_str(&text)
                        .map_err(|e| Failure::Unusable(format!("{}: {e}", p.display())))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let ws = crate::workspace::open(workspace)?;
            let bytes = settings::export_settings(
                &ws,
                &ExportRequest {
                    format,
                    scope,
                    include_secrets,
                    scrub,
                    mock_samples,
                    describes,
                },
            )
            .map_err(api_failure)?;
            if to_stdout {
                use std::io::Write;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| Failure::Unusable(format!("cannot write the output: {e}")))?;
            } else {
                settings::write_export(&file, &bytes, include_secrets).map_err(api_failure)?;
            }
            if include_secrets {
                eprintln!(
                    "warning: {} holds the secrets in clear; keep it private",
                    if to_stdout {
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

/// `all` or `option NAME…` (nothing: all).
fn parse_scope(words: &[String]) -> Result<Scope, Failure> {
    match words.split_first() {
        None => Ok(Scope::All),
        Some((first, rest)) if first == "all" && rest.is_empty() => Ok(Scope::All),
        Some((first, rest)) if first == "option" && !rest.is_empty() => {
            Ok(Scope::Options(rest.to_vec()))
        }
        _ => Err(Failure::Unusable(format!(
            "--scope {}: give `all` or `option NAME…`",
            words.join(" ")
        ))),
    }
}

fn print_preview(p: &ImportPreview) {
    for i in &p.items {
        let change = match i.change {
            ChangeKind::Created => "created".to_string(),
            ChangeKind::Unchanged => "unchanged".to_string(),
            ChangeKind::Changed => format!("changed {}", i.fields.join(", ")),
        };
        let item = match i.item {
            "remoteSite" => "remote site",
            other => other,
        };
        println!("{item} {}: {change}", i.name);
    }
}

fn api_failure(e: ApiError) -> Failure {
    Failure::Unusable(e.message)
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
        Failure::Unusable(m) if !m.starts_with(file) => Failure::Unusable(format!("{file}: {m}")),
        other => other,
    }
}
