//! Run notifications by mail: after a run of an option with `notify`, its run log goes to
//! the option's addresses through the workspace's `smtp` server (on failure, or always),
//! with the failed records (key, Salesforce code, message, source fields) attached as the
//! run's error file; a CSV export with `attachExport` also gets its exported file attached.
//!
//! A mail that cannot be sent never fails the run: the reason is recorded as a warning of
//! the run (in the workspace, and in the outcome, so the summary shows it).

use crate::runs::StoreJournal;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::Value;
use std::time::Duration;
use synccentral_runner::run::RunOutcome;
use synccentral_store::config as cfg;
use synccentral_store::{RecordFilter, RunId, RunMode, RunStatus, StoreError, SyncOption};

/// How long one mail may take (connect, TLS, login, send).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Failed records listed in the mail's body (all of them are in the attachment).
pub const BODY_FAILURES: usize = 20;

/// One file attached to a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    /// The file name the recipient sees.
    pub name: String,
    /// Its MIME type (`text/csv`).
    pub content_type: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// A mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Recipients.
    pub to: Vec<String>,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// Files attached.
    pub attachments: Vec<MailAttachment>,
}

/// Why a mail could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The workspace has no `smtp` settings.
    #[error("no mail server is configured: add \"smtp\" to the configuration")]
    NoServer,
    /// An address could not be read.
    #[error("\"{address}\" is not a mail address: {reason}")]
    Address {
        /// The address as written.
        address: String,
        /// Why.
        reason: String,
    },
    /// The message could not be built.
    #[error("the mail could not be built: {0}")]
    Message(String),
    /// The server could not be reached, refused the login or the mail.
    #[error("mail to {to} not sent through {host}:{port}: {reason}")]
    Send {
        /// The server.
        host: String,
        /// Its port.
        port: u16,
        /// The recipients.
        to: String,
        /// What went wrong.
        reason: String,
    },
    /// The mail server is not on the remote sites.
    #[error("the mail server {host}:{port} is not on the remote sites: add \"{site}\" to them")]
    NotAllowed {
        /// The server.
        host: String,
        /// Its port.
        port: u16,
        /// The site to add.
        site: String,
    },
    /// The run's record could not be read from the workspace.
    #[error("the run log could not be read: {0}")]
    Workspace(#[from] StoreError),
}

fn mailbox(address: &str) -> Result<Mailbox, NotifyError> {
    address.trim().parse().map_err(|e| NotifyError::Address {
        address: address.to_string(),
        reason: format!("{e}"),
    })
}

fn transport(smtp: &cfg::Smtp) -> Result<AsyncSmtpTransport<Tokio1Executor>, NotifyError> {
    let host = smtp.host.trim();
    let builder = match smtp.security {
        cfg::SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
        cfg::SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
        cfg::SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            host,
        )),
    }
    .map_err(|e| NotifyError::Send {
        host: host.to_string(),
        port: smtp.port(),
        to: String::new(),
        reason: e.to_string(),
    })?;
    let mut builder = builder.port(smtp.port()).timeout(Some(SEND_TIMEOUT));
    if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.expose().to_string(),
        ));
    }
    Ok(builder.build())
}

/// Whether the mail server is on `remote_sites` (`smtp://host` or `smtp://host:port`).
fn allowed(smtp: &cfg::Smtp, remote_sites: &[String]) -> Result<(), NotifyError> {
    use synccentral_store::validate::{mail_server_listed, mail_site};
    let host = smtp.host.trim();
    if mail_server_listed(host, smtp.port(), remote_sites) {
        return Ok(());
    }
    Err(NotifyError::NotAllowed {
        host: host.to_string(),
        port: smtp.port(),
        site: mail_site(host, None),
    })
}

/// Sends `mail` through `smtp`, which must be on `remote_sites` (the mail password goes
/// there, as a connection's secrets go only to its listed origin).
pub async fn send(
    smtp: &cfg::Smtp,
    remote_sites: &[String],
    mail: &Mail,
) -> Result<(), NotifyError> {
    allowed(smtp, remote_sites)?;
    let mut message = Message::builder()
        .from(mailbox(&smtp.from)?)
        .subject(mail.subject.clone());
    for to in &mail.to {
        message = message.to(mailbox(to)?);
    }
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
    for a in &mail.attachments {
        let content_type = ContentType::parse(&a.content_type)
            .map_err(|e| NotifyError::Message(format!("{}: {e}", a.content_type)))?;
        parts =
            parts.singlepart(Attachment::new(a.name.clone()).body(a.bytes.clone(), content_type));
    }
    let message = message
        .multipart(parts)
        .map_err(|e| NotifyError::Message(e.to_string()))?;
    transport(smtp)?
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| NotifyError::Send {
            host: smtp.host.clone(),
            port: smtp.port(),
            to: mail.to.join(", "),
            reason: e.to_string(),
        })
}

/// The mail `synccentral notify test` sends: proof that the server and the address work.
pub fn test_mail(to: &[String]) -> Mail {
    Mail {
        to: to.to_vec(),
        subject: "[Sync Central] test mail".to_string(),
        body: "This is a test mail from Sync Central: the workspace's mail server works.\n"
            .to_string(),
        attachments: Vec::new(),
    }
}

/// Where a test mail went: to whom, through which server.
#[derive(Debug, Clone)]
pub struct TestMailSent {
    pub to: Vec<String>,
    pub host: String,
    pub port: u16,
}

/// Sends a test mail through the workspace's mail server to `to` (none given: every address
/// the options notify), as the app's and the CLI's "send a test mail".
pub fn send_test_mail(
    app: &crate::workspace::AppWorkspace,
    to: &[String],
) -> Result<TestMailSent, crate::ApiError> {
    use crate::{codes, ApiError};
    crate::users::require_user(app)?;
    let config = app
        .open()?
        .config()
        .map_err(crate::workspace::store_error)?;
    let Some(smtp) = config.smtp.clone() else {
        return Err(ApiError::new(
            codes::INVALID_CONFIG,
            "no mail server is configured: add \"smtp\" (host, security, from) to the configuration",
        ));
    };
    let mut to = to.to_vec();
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
        return Err(ApiError::new(
            codes::INVALID_CONFIG,
            "no address to send to: give --to ADDRESS (no option has \"notify\")",
        ));
    }
    crate::workspace::block_on(send(&smtp, &config.remote_sites, &test_mail(&to)))
        .map_err(|e| ApiError::new(codes::CONNECTION_FAILED, e.to_string()))?;
    Ok(TestMailSent {
        to,
        host: smtp.host.clone(),
        port: smtp.port(),
    })
}

/// Whether a run with `status` is mailed under `when`.
pub fn mails(when: cfg::NotifyWhen, status: RunStatus) -> bool {
    match when {
        cfg::NotifyWhen::Always => !matches!(status, RunStatus::Running),
        cfg::NotifyWhen::Failure => matches!(
            status,
            RunStatus::Failed | RunStatus::Partial | RunStatus::StoppedQuota | RunStatus::Skipped
        ),
    }
}

fn what(option: &SyncOption) -> String {
    match option {
        SyncOption::Import(o) => format!(
            "import into {} ({})",
            o.target.object,
            serde_json::to_value(o.target.operation)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        ),
        SyncOption::Export(o) => format!(
            "export of {} to {}",
            o.source.object,
            o.target
                .file
                .clone()
                .or_else(|| o.target.connection.clone())
                .unwrap_or_default()
        ),
    }
}

/// The exported file of a CSV export run: the target file as written, else the records
/// sent, encoded as the option's CSV. `None` when nothing was written.
fn exported_file(
    ws: &synccentral_store::Workspace,
    option: &cfg::ExportOption,
    run: &synccentral_store::Run,
) -> Result<Option<MailAttachment>, StoreError> {
    if run.counts.written == 0 || run.mode == RunMode::DryRun {
        return Ok(None);
    }
    let bytes = match &option.target.file {
        Some(file) => std::fs::read(file).map_err(|e| StoreError::Write {
            path: file.into(),
            message: format!("cannot read the exported file: {e}"),
        })?,
        None => {
            let sent: Vec<Value> = ws
                .run_records(run.id, RecordFilter::Succeeded)?
                .into_iter()
                .filter_map(|r| r.mapped)
                .collect();
            let csv = option.target.csv.unwrap_or_default();
            let options = synccentral_httpapi::CsvOptions {
                delimiter: csv.delimiter,
                quote: csv.quote,
                header: csv.header,
            };
            synccentral_httpapi::encode_csv(&sent, &options)
                .map_err(|e| StoreError::Corrupt(format!("the exported records: {e}")))?
        }
    };
    let name = option
        .target
        .file
        .as_deref()
        .and_then(|f| std::path::Path::new(f).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}-run-{}.csv", option.name, run.id));
    Ok(Some(MailAttachment {
        name,
        content_type: "text/csv".to_string(),
        bytes,
    }))
}

/// The mail about run `run` of `option`, when its `notify` says one goes out: the subject
/// with option, outcome and counts; the body with the summary and the first failed
/// records; the error file attached when records failed; the exported file for a CSV
/// export with `attachExport`.
pub fn run_mail(
    ws: &synccentral_store::Workspace,
    option: &SyncOption,
    run: RunId,
) -> Result<Option<Mail>, StoreError> {
    let Some(notify) = option.notify() else {
        return Ok(None);
    };
    let run = ws.run(run)?;
    let export = match option {
        SyncOption::Export(e) if notify.attach_export => exported_file(ws, e, &run)?,
        _ => None,
    };
    if !mails(notify.when, run.status) && export.is_none() {
        return Ok(None);
    }
    let failed = ws.failed_records(run.id)?;
    let c = run.counts;
    let subject = format!(
        "[Sync Central] {}: {} — {} read, {} written, {} failed",
        run.option, run.status, c.read, c.written, c.failed
    );
    let mut body = format!(
        "Option: {} ({})\nRun: {} ({})\nStarted: {}\nFinished: {}\nOutcome: {}\n\
         Read: {}\nWritten: {}\nFailed: {}\nSkipped: {}\n",
        run.option,
        what(option),
        run.id,
        run.mode,
        run.started_at,
        run.finished_at
            .map(|t| t.to_string())
            .unwrap_or_else(|| "-".to_string()),
        run.status,
        c.read,
        c.written,
        c.failed,
        c.skipped,
    );
    if let Some(error) = &run.error {
        body.push_str(&format!("Error: {error}\n"));
    }
    let mut attachments = Vec::new();
    if !failed.is_empty() {
        body.push_str(&format!(
            "\nFailed records ({}; all of them, with their source fields, in run-{}-errors.csv):\n",
            failed.len(),
            run.id
        ));
        for r in failed.iter().take(BODY_FAILURES) {
            body.push_str(&format!(
                "  {}  {}  {}\n",
                r.source_key.as_deref().unwrap_or("(no key)"),
                r.error_code.as_deref().unwrap_or("-"),
                r.error_message.as_deref().unwrap_or("")
            ));
        }
        if failed.len() > BODY_FAILURES {
            body.push_str(&format!("  … and {} more\n", failed.len() - BODY_FAILURES));
        }
        attachments.push(MailAttachment {
            name: format!("run-{}-errors.csv", run.id),
            content_type: "text/csv".to_string(),
            bytes: synccentral_store::export::error_file_csv(&failed)?,
        });
    }
    if let Some(file) = export {
        body.push_str(&format!("\nThe exported file is attached: {}\n", file.name));
        attachments.push(file);
    }
    Ok(Some(Mail {
        to: notify.to.clone(),
        subject,
        body,
        attachments,
    }))
}

/// After runs ended: mails each run whose option's `notify` asks for it. A mail that
/// cannot be built or sent becomes a warning of its run (in the workspace and in
/// `outcomes`); it never fails the run.
pub async fn after_runs(journal: &StoreJournal, outcomes: &mut [RunOutcome]) {
    let mut mails: Vec<(usize, Result<Mail, NotifyError>)> = Vec::new();
    let mut smtp = None;
    let mut remote_sites = Vec::new();
    {
        let ws = journal.workspace();
        let Ok(scrubbed) = ws.config_scrubbed() else {
            return;
        };
        if !scrubbed.options.iter().any(|o| o.notify().is_some()) {
            return;
        }
        for (i, outcome) in outcomes.iter().enumerate() {
            let Some(option) = scrubbed.option(&outcome.option) else {
                continue;
            };
            match run_mail(&ws, option, RunId(outcome.run.0)) {
                Ok(Some(mail)) => mails.push((i, Ok(mail))),
                Ok(None) => {}
                Err(e) => mails.push((i, Err(e.into()))),
            }
        }
        if !mails.is_empty() {
            smtp = match ws.config() {
                Ok(c) => {
                    remote_sites = c.remote_sites;
                    c.smtp
                }
                Err(e) => {
                    let reason = format!("the mail server's settings: {e}");
                    for (_, m) in &mut mails {
                        *m = Err(NotifyError::Message(reason.clone()));
                    }
                    None
                }
            };
        }
    }
    for (i, mail) in mails {
        let sent = match (mail, &smtp) {
            (Err(e), _) => Err(e),
            (Ok(_), None) => Err(NotifyError::NoServer),
            (Ok(mail), Some(smtp)) => send(smtp, &remote_sites, &mail).await,
        };
        if let Err(e) = sent {
            let warning = format!("notification not sent: {e}");
            let run = RunId(outcomes[i].run.0);
            // The warning stays in the outcome even if the workspace cannot take it.
            let _ = journal.workspace().add_run_warning(run, &warning);
            outcomes[i].warnings.push(warning);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_goes_only_to_a_server_on_the_remote_sites() {
        let smtp: cfg::Smtp = serde_json::from_value(serde_json::json!(
            {"host": "Mail.Example.com", "security": "tls", "from": "sync@example.com"}
        ))
        .unwrap();
        let sites = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(allowed(&smtp, &sites(&["smtp://mail.example.com"])).is_ok());
        assert!(allowed(&smtp, &sites(&["smtp://mail.example.com:465"])).is_ok());
        for refused in [
            sites(&[]),
            sites(&["https://mail.example.com"]),
            sites(&["smtp://mail.example.com:587", "smtp://other.example.com"]),
        ] {
            let e = allowed(&smtp, &refused).unwrap_err();
            assert_eq!(
                e.to_string(),
                "the mail server Mail.Example.com:465 is not on the remote sites: add \"smtp://mail.example.com\" to them"
            );
        }
    }
}
