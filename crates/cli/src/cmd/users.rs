//! `synccentral users [--as NAME] list | add NAME --role admin|operator | reset NAME | audit`:
//! the app's users and the audit log, through the same API functions as the app's Users
//! screen. Whoever can write the workspace file may do this (the documented recovery path
//! for a forgotten admin password); the audit log records the OS user, or the admin named by
//! `--as` after checking their password. Passwords are read from standard input, one per
//! line: the `--as` admin's first, then the new one.

use crate::Failure;
use clap::{Args as ClapArgs, Subcommand};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use synccentral_api::users as auth;
use synccentral_api::workspace::AppWorkspace;

#[derive(ClapArgs)]
pub struct Args {
    /// Act as this admin (their password is read first) instead of the OS user.
    #[arg(long = "as", value_name = "ADMIN")]
    admin: Option<String>,
    #[command(subcommand)]
    command: UsersCommand,
}

#[derive(Subcommand)]
pub enum UsersCommand {
    /// List the users, their roles and whether they are locked or must change their password.
    List,
    /// Add a user; their first password (read from standard input) is changed at first login.
    Add {
        /// The login name.
        name: String,
        /// `admin` (everything) or `operator` (runs, previews, logs).
        #[arg(long, default_value = "operator")]
        role: String,
    },
    /// Give a user a new password (read from standard input), to be changed at their next
    /// login; unlocks them.
    Reset {
        /// The user.
        name: String,
    },
    /// Print the audit log of configuration changes, newest first.
    Audit {
        /// How many entries.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

/// The user running the command, as the audit log names them (`USER`, `USERNAME`).
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

fn read_password(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    prompt: &str,
) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}: ");
        let _ = std::io::stderr().flush();
    }
    match lines.next() {
        Some(Ok(line)) => Ok(line.trim_end_matches(['\r', '\n']).to_string()),
        Some(Err(e)) => Err(Failure::Unusable(format!("cannot read the password: {e}"))),
        None => Err(Failure::Unusable(format!(
            "{prompt}: expected on standard input, one password per line"
        ))),
    }
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let app = AppWorkspace::at_or_default(workspace)?;
    auth::ensure_users(&app).map_err(|e| Failure::Unusable(e.message))?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    match &args.admin {
        Some(name) => {
            let password = read_password(&mut lines, &format!("password of {name}"))?;
            auth::log_in(&app, name, &password)?;
            auth::require_admin(&app)?;
        }
        None => app.act_with_file_access(&os_user()),
    }
    match args.command {
        UsersCommand::List => {
            for u in auth::list_users(&app)? {
                let mut notes = Vec::new();
                if u.must_change_password {
                    notes.push("must change password".to_string());
                }
                if let Some(t) = &u.locked_until {
                    notes.push(format!("locked until {t}"));
                }
                println!("{:<24} {:<9} {}", u.name, u.role, notes.join(", "));
            }
        }
        UsersCommand::Add { name, role } => {
            let password = read_password(&mut lines, &format!("first password of {name}"))?;
            let u = auth::add_user(&app, &name, &role, &password)?;
            eprintln!(
                "added {} ({}); they change the password at first login",
                u.name, u.role
            );
        }
        UsersCommand::Reset { name } => {
            let password = read_password(&mut lines, &format!("new password of {name}"))?;
            auth::reset_password(&app, &name, &password)?;
            eprintln!("reset the password of {name}; they change it at their next login");
        }
        UsersCommand::Audit { limit } => {
            for e in auth::audit_log(&app, limit)? {
                println!("{}  {:<16} {:<15} {}", e.at, e.actor, e.action, e.detail);
            }
        }
    }
    Ok(())
}
