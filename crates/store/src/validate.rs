//! Validating a configuration document purely (no I/O), collecting **every** problem with
//! its JSON pointer, so an editor can underline them all at once and `config import` can
//! print them all before changing anything.
//!
//! Each connection and option is read on its own (a broken one does not hide the problems
//! of the others); then the cross-checks run: unique names, references to connections of
//! the right type, upsert keys, remote sites and HTTPS, durations, and each option's mapping
//! through `synccentral_engine::mapping::compile`.

use crate::config::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;
use synccentral_engine::mapping::pointer_escape;
use synccentral_engine::suggest::nearest;

mod options;

/// One problem in a configuration document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConfigIssue {
    /// RFC 6901 pointer into the document (`/options/1/target/connection`); empty for the
    /// whole document.
    pub pointer: String,
    /// What is wrong, and how to fix it when that is known.
    pub message: String,
}

impl ConfigIssue {
    /// An issue at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> ConfigIssue {
        ConfigIssue {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// Parses and validates a document given as JSON text. Invalid JSON is one issue naming
/// the line and column.
pub fn parse(text: &str) -> Result<Config, Vec<ConfigIssue>> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        vec![ConfigIssue::new(
            "",
            format!(
                "invalid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )]
    })?;
    validate(&doc)
}

const TOP_KEYS: &[&str] = &[
    "format",
    "connections",
    "remoteSites",
    "options",
    "schedules",
    "smtp",
];

/// Validates a document; returns it typed when every rule holds, else every problem found.
pub fn validate(doc: &Value) -> Result<Config, Vec<ConfigIssue>> {
    let mut v = Validator::default();
    let Some(obj) = doc.as_object() else {
        return Err(vec![ConfigIssue::new(
            "",
            "a configuration is a JSON object with \"format\", \"connections\", \"remoteSites\" and \"options\"",
        )]);
    };
    for key in obj.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            v.issue(
                format!("/{}", pointer_escape(key)),
                unknown_key(key, TOP_KEYS),
            );
        }
    }
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => v.issue(
            "/format",
            format!("unsupported format {other}: this build reads \"{FORMAT}\""),
        ),
        None => v.issue("/format", format!("missing; add \"format\": \"{FORMAT}\"")),
    }

    // Connections, each on its own.
    let mut connections: Vec<Option<Connection>> = Vec::new();
    // name → (index, kind as written) for every connection with a readable name.
    let mut names: Vec<(usize, String, Option<String>)> = Vec::new();
    for (i, raw) in v.array(obj, "connections").iter().enumerate() {
        let at = format!("/connections/{i}");
        if let Some(name) = raw.get("name").and_then(Value::as_str) {
            let kind = raw
                .get("type")
                .and_then(Value::as_str)
                .filter(|k| matches!(*k, "salesforce" | "http"))
                .map(str::to_string);
            names.push((i, name.to_string(), kind));
        }
        connections.push(v.connection(raw, &at));
    }

    // Remote sites.
    let mut sites: Vec<String> = Vec::new();
    for (i, raw) in v.array(obj, "remoteSites").iter().enumerate() {
        let at = format!("/remoteSites/{i}");
        let Some(text) = raw.as_str() else {
            v.issue(
                at,
                "a remote site is a URL string such as \"https://api.example.com\"",
            );
            continue;
        };
        match url::Url::parse(text) {
            // The mail server: `smtp://host` (any port) or `smtp://host:port`.
            Ok(u) if u.scheme() == "smtp" && u.host_str().is_some_and(|h| !h.is_empty()) => {
                if !matches!(u.path(), "" | "/") || u.query().is_some() || u.fragment().is_some()
                {
                    v.issue(
                        &at,
                        "a mail server's site is smtp://host or smtp://host:port, without a path",
                    );
                }
                sites.push(mail_site(u.host_str().unwrap_or_default(), u.port()));
            }
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                if u.path() != "/" || u.query().is_some() || u.fragment().is_some() {
                    v.issue(
                        &at,
                        format!(
                            "a remote site is an origin (scheme://host[:port]) without a path: use \"{}\"",
                            u.origin().ascii_serialization()
                        ),
                    );
                }
                if u.scheme() == "http" && !is_loopback(&u) {
                    v.issue(&at, https_message(text));
                }
                sites.push(u.origin().ascii_serialization());
            }
            _ => v.issue(
                at,
                format!("\"{text}\" is not an http(s) URL such as \"https://api.example.com\" (or a mail server's smtp://host)"),
            ),
        }
    }

    // Unique connection names.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name, _) in &names {
        if name.trim().is_empty() {
            v.issue(
                format!("/connections/{i}/name"),
                "a connection needs a name",
            );
        } else if let Some(first) = seen.get(name.as_str()) {
            v.issue(
                format!("/connections/{i}/name"),
                format!("duplicate connection name \"{name}\" (also /connections/{first})"),
            );
        } else {
            seen.insert(name, *i);
        }
    }

    // Each connection's URLs: https unless loopback, and on remoteSites.
    for (i, c) in connections.iter().enumerate() {
        let Some(c) = c else { continue };
        for (ptr, text) in c.urls() {
            v.url(&format!("/connections/{i}{ptr}"), text, &sites);
        }
        match c {
            Connection::Salesforce(s) => {
                if !valid_api_version(&s.api_version) {
                    v.issue(
                        format!("/connections/{i}/apiVersion"),
                        format!(
                            "\"{}\" is not a Salesforce API version such as \"62.0\"",
                            s.api_version
                        ),
                    );
                }
                if let SalesforceAuth::Web(w) = &s.auth {
                    if w.redirect_port == 0 {
                        v.issue(
                            format!("/connections/{i}/auth/redirectPort"),
                            "the redirect port must be between 1 and 65535",
                        );
                    }
                }
                if let SalesforceAuth::Jwt(j) = &s.auth {
                    if j.key_file.trim().is_empty() {
                        v.issue(
                            format!("/connections/{i}/auth/keyFile"),
                            "the JWT flow needs the path of the PEM private key",
                        );
                    }
                }
            }
            Connection::Http(h) => {
                if let HttpAuth::Custom(a) = &h.auth {
                    if a.token_path.trim().is_empty() {
                        v.issue(
                            format!("/connections/{i}/auth/tokenPath"),
                            "give the JSONPath of the token in the response, e.g. \"$.access_token\"",
                        );
                    }
                }
            }
        }
    }

    let conn_names: Vec<&str> = names.iter().map(|(_, n, _)| n.as_str()).collect();
    let kind_of = |name: &str| -> Option<Option<&str>> {
        names
            .iter()
            .find(|(_, n, _)| n == name)
            .map(|(_, _, k)| k.as_deref())
    };

    // Options, each on its own, then their references.
    let mut options: Vec<Option<SyncOption>> = Vec::new();
    let mut option_names: HashMap<String, usize> = HashMap::new();
    for (i, raw) in v.array(obj, "options").iter().enumerate() {
        let at = format!("/options/{i}");
        if let Some(name) = raw.get("name").and_then(Value::as_str) {
            if name.trim().is_empty() {
                v.issue(format!("{at}/name"), "an option needs a name");
            } else if let Some(first) = option_names.get(name) {
                v.issue(
                    format!("{at}/name"),
                    format!("duplicate option name \"{name}\" (also /options/{first})"),
                );
            } else {
                option_names.insert(name.to_string(), i);
            }
        }
        let option = v.option(raw, &at);
        if let Some(o) = &option {
            let mut reference = |ptr: String, name: &str, want: &str| {
                match kind_of(name) {
                None => {
                    let hint = nearest(name, &conn_names)
                        .map(|n| format!(" (did you mean \"{n}\"?)"))
                        .unwrap_or_default();
                    v.issue(ptr, format!("no connection named \"{name}\"{hint}"));
                }
                Some(Some(kind)) if kind != want => v.issue(
                    ptr,
                    format!("connection \"{name}\" is a {kind} connection; this needs a {want} connection"),
                ),
                Some(_) => {}
            }
            };
            match o {
                SyncOption::Import(imp) => {
                    reference(
                        format!("{at}/source/connection"),
                        imp.source.connection(),
                        match imp.source {
                            ImportSource::Api(_) => "http",
                            ImportSource::Org(_) => "salesforce",
                        },
                    );
                    reference(
                        format!("{at}/target/connection"),
                        &imp.target.connection,
                        "salesforce",
                    );
                }
                SyncOption::Export(exp) => {
                    reference(
                        format!("{at}/source/connection"),
                        &exp.source.connection,
                        "salesforce",
                    );
                    if let Some(c) = &exp.target.connection {
                        reference(format!("{at}/target/connection"), c, "http");
                    }
                }
            }
            v.option_rules(o, &at, &sites);
        }
        options.push(option);
    }

    // Schedules: each read on its own, then its cron, time zone and options.
    let option_names: Vec<&str> = options.iter().flatten().map(|o| o.name()).collect();
    let mut schedules = Vec::new();
    for (i, raw) in v.array(obj, "schedules").iter().enumerate() {
        let at = format!("/schedules/{i}");
        let unknown: Vec<&String> = raw
            .as_object()
            .map(|o| {
                o.keys()
                    .filter(|k| !crate::schedule::KEYS.contains(&k.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        for key in &unknown {
            v.issue(
                format!("{at}/{}", pointer_escape(key)),
                unknown_key(key, crate::schedule::KEYS),
            );
        }
        if !unknown.is_empty() {
            continue;
        }
        if let Some(s) = v.read::<crate::schedule::Schedule>(raw.clone(), &at) {
            for issue in crate::schedule::rules(&s, &at, &option_names) {
                v.issues.push(issue);
            }
            schedules.push(s);
        }
    }

    // The mail server, then the options' notifications and watched folders.
    let smtp = match obj.get("smtp") {
        None | Some(Value::Null) => None,
        Some(raw) => v.read::<Smtp>(raw.clone(), "/smtp"),
    };
    if let Some(s) = &smtp {
        v.smtp_rules(s, &sites);
    }
    let smtp_given = obj.get("smtp").is_some_and(|s| !s.is_null());
    let mut folders: HashMap<String, usize> = HashMap::new();
    for (i, o) in options.iter().enumerate() {
        let Some(o) = o else { continue };
        if let Some(n) = o.notify() {
            v.notify_rules(n, o, &format!("/options/{i}/notify"), smtp_given);
        }
        if let SyncOption::Import(imp) = o {
            if let Some(w) = &imp.watch {
                let at = format!("/options/{i}/watch");
                if w.folder.trim().is_empty() {
                    v.issue(format!("{at}/folder"), "name the folder to watch");
                } else if let Some(first) = folders.get(w.folder.trim()) {
                    v.issue(
                        format!("{at}/folder"),
                        format!("folder \"{}\" is already watched by /options/{first}: one option per folder", w.folder),
                    );
                } else {
                    folders.insert(w.folder.trim().to_string(), i);
                }
                if w.pattern
                    .as_deref()
                    .is_some_and(|p| p.trim().is_empty() || p.contains(['/', '\\']))
                {
                    v.issue(
                        format!("{at}/pattern"),
                        "a file name pattern with * and ? (\"invoices-*.json\"), without folders",
                    );
                }
                if let Some(label) = &w.encoding {
                    if let Err(e) = synccentral_engine::sample::encoding_for_label(label) {
                        v.issue(format!("{at}/encoding"), e.to_string());
                    }
                }
            }
        }
    }

    if !v.issues.is_empty() {
        return Err(v.issues);
    }
    Ok(Config {
        format: FORMAT.to_string(),
        connections: connections.into_iter().flatten().collect(),
        remote_sites: obj
            .get("remoteSites")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        options: options.into_iter().flatten().collect(),
        schedules,
        smtp,
    })
}

#[derive(Default)]
struct Validator {
    issues: Vec<ConfigIssue>,
}

impl Validator {
    fn issue(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.issues.push(ConfigIssue::new(pointer, message));
    }

    /// The array at `key` (absent = empty); anything else is an issue.
    fn array<'a>(&mut self, obj: &'a Map<String, Value>, key: &str) -> &'a [Value] {
        match obj.get(key) {
            None => &[],
            Some(Value::Array(a)) => a,
            Some(_) => {
                self.issue(format!("/{key}"), "must be an array");
                &[]
            }
        }
    }

    /// Reads one element as `T`, reporting a serde problem at its pointer.
    fn read<T: DeserializeOwned>(&mut self, raw: Value, at: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(raw) {
            Ok(t) => Some(t),
            Err(e) => {
                let mut pointer = at.to_string();
                for seg in e.path().iter() {
                    match seg {
                        serde_path_to_error::Segment::Seq { index } => {
                            pointer.push_str(&format!("/{index}"))
                        }
                        serde_path_to_error::Segment::Map { key } => {
                            pointer.push('/');
                            pointer.push_str(&pointer_escape(key));
                        }
                        _ => {}
                    }
                }
                let (extra, message) = friendly(&e.inner().to_string());
                if let Some(key) = extra {
                    pointer.push('/');
                    pointer.push_str(&pointer_escape(&key));
                }
                self.issue(pointer, message);
                None
            }
        }
    }

    /// Reads an element tagged by `tag`, dispatching on the tag so that problems inside a
    /// variant keep their full pointer.
    fn tagged(
        &mut self,
        raw: &Value,
        at: &str,
        tag: &str,
        known: &[&str],
    ) -> Option<(String, Value)> {
        let Some(obj) = raw.as_object() else {
            self.issue(at, "must be an object");
            return None;
        };
        let Some(value) = obj.get(tag) else {
            self.issue(
                at,
                format!("missing \"{tag}\" (one of: {})", known.join(", ")),
            );
            return None;
        };
        let Some(value) = value.as_str().filter(|s| known.contains(s)) else {
            let text = value
                .as_str()
                .map(str::to_string)
                .unwrap_or(value.to_string());
            let hint = nearest(&text, known)
                .map(|k| format!(" (did you mean \"{k}\"?)"))
                .unwrap_or_else(|| format!(" (expected one of: {})", known.join(", ")));
            self.issue(
                format!("{at}/{tag}"),
                format!("unknown {tag} \"{text}\"{hint}"),
            );
            return None;
        };
        let mut rest = obj.clone();
        rest.remove(tag);
        Some((value.to_string(), Value::Object(rest)))
    }

    fn connection(&mut self, raw: &Value, at: &str) -> Option<Connection> {
        let (kind, rest) = self.tagged(raw, at, "type", &["salesforce", "http"])?;
        match kind.as_str() {
            "salesforce" => self.read(rest, at).map(Connection::Salesforce),
            _ => self.read(rest, at).map(Connection::Http),
        }
    }

    fn option(&mut self, raw: &Value, at: &str) -> Option<SyncOption> {
        let (direction, mut rest) = self.tagged(raw, at, "direction", &["import", "export"])?;
        match direction.as_str() {
            "import" => {
                // The source is read first, as the kind its keys say, so its problems keep
                // their full pointers; a broken one is set aside to check the rest.
                let source_ok = match rest.get("source") {
                    Some(src @ Value::Object(keys)) => {
                        let at = format!("{at}/source");
                        if ImportSource::is_org_document(keys) {
                            self.read::<SalesforceSource>(src.clone(), &at).is_some()
                        } else {
                            self.read::<HttpSource>(src.clone(), &at).is_some()
                        }
                    }
                    _ => true,
                };
                if source_ok {
                    return self.read(rest, at).map(SyncOption::Import);
                }
                rest["source"] = serde_json::json!({"connection": "", "object": "-"});
                self.read::<ImportOption>(rest, at);
                None
            }
            _ => self.read(rest, at).map(SyncOption::Export),
        }
    }

    /// An absolute URL a connection reaches: http(s), https unless loopback, on remoteSites.
    fn url(&mut self, at: &str, text: &str, sites: &[String]) {
        match url::Url::parse(text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                if u.scheme() == "http" && !is_loopback(&u) {
                    self.issue(at, https_message(text));
                }
                let origin = u.origin().ascii_serialization();
                if !sites.contains(&origin) {
                    self.issue(
                        at,
                        format!(
                            "{text} is not on remoteSites: add \"{origin}\" to \"remoteSites\""
                        ),
                    );
                }
            }
            _ => self.issue(at, format!("\"{text}\" is not an absolute http(s) URL")),
        }
    }

    fn smtp_rules(&mut self, s: &Smtp, sites: &[String]) {
        let host = s.host.trim();
        if host.is_empty() {
            self.issue("/smtp/host", "name the mail server (\"smtp.example.com\")");
        } else if !mail_server_listed(host, s.port(), sites) {
            // Like every destination, and the mail password goes there.
            self.issue(
                "/smtp/host",
                format!(
                    "the mail server {host} is not on remoteSites: add \"{}\" to \"remoteSites\"",
                    mail_site(host, None)
                ),
            );
        }
        if !host.is_empty() && s.security == SmtpSecurity::None && !is_loopback_host(host) {
            self.issue(
                "/smtp/security",
                format!("\"none\" sends mail and password unencrypted: it is allowed only for a server on 127.0.0.1, ::1 or localhost, not {host}; use \"starttls\" or \"tls\""),
            );
        }
        if s.port == Some(0) {
            self.issue("/smtp/port", "the port must be between 1 and 65535");
        }
        if s.password.is_some() && s.username.as_deref().is_none_or(|u| u.trim().is_empty()) {
            self.issue(
                "/smtp/username",
                "a password needs the user name to log in with",
            );
        }
        if !is_address(&s.from) {
            self.issue(
                "/smtp/from",
                format!("\"{}\" is not a sender address such as \"sync@example.com\" or \"Sync Central <sync@example.com>\"", s.from),
            );
        }
    }

    fn notify_rules(&mut self, n: &Notify, o: &SyncOption, at: &str, smtp: bool) {
        if !smtp {
            self.issue(
                at,
                "mail needs a mail server: add \"smtp\" (host, security, from) to the configuration",
            );
        }
        if n.to.is_empty() {
            self.issue(
                format!("{at}/to"),
                "give at least one address to mail the run log to",
            );
        }
        for (i, to) in n.to.iter().enumerate() {
            if !is_address(to) {
                self.issue(
                    format!("{at}/to/{i}"),
                    format!("\"{to}\" is not a mail address such as \"ops@example.com\""),
                );
            }
        }
        if n.attach_export {
            match o {
                SyncOption::Export(e) if e.target.format == ExportFormat::Csv => {}
                SyncOption::Export(_) => self.issue(
                    format!("{at}/attachExport"),
                    "only a CSV export can be attached: set the target's \"format\": \"csv\"",
                ),
                SyncOption::Import(_) => self.issue(
                    format!("{at}/attachExport"),
                    "an import has no exported file to attach (its failed records are attached to the run log)",
                ),
            }
        }
    }
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A mail server's remote site as the allowlist keeps it: `smtp://host[:port]`, the host in
/// lower case (an IPv6 address in brackets).
pub fn mail_site(host: &str, port: Option<u16>) -> String {
    let host = host
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    match port {
        Some(p) => format!("smtp://{host}:{p}"),
        None => format!("smtp://{host}"),
    }
}

/// Whether the mail server `host:port` is on `remote_sites` (as `smtp://host` or
/// `smtp://host:port`): the one check the settings' validation and each send make.
pub fn mail_server_listed(host: &str, port: u16, remote_sites: &[String]) -> bool {
    let listed: Vec<String> = remote_sites
        .iter()
        .filter_map(|site| {
            let u = url::Url::parse(site.trim()).ok()?;
            (u.scheme() == "smtp").then_some(())?;
            Some(mail_site(u.host_str()?, u.port()))
        })
        .collect();
    [mail_site(host, None), mail_site(host, Some(port))]
        .iter()
        .any(|s| listed.contains(s))
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `user@domain` or `Name <user@domain>`: one `@` with text on both sides, no spaces in
/// the address.
fn is_address(text: &str) -> bool {
    let text = text.trim();
    let addr = match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(_)) => &text[open + 1..text.len() - 1],
        (None, None) => text,
        _ => return false,
    };
    match addr.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !addr.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn https_message(text: &str) -> String {
    format!(
        "{text} must use https:// (plain http is allowed only for 127.0.0.1, ::1 and localhost)"
    )
}

fn valid_api_version(v: &str) -> bool {
    match v.split_once('.') {
        Some((major, "0")) => !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn unknown_key(key: &str, known: &[&str]) -> String {
    match nearest(key, known) {
        Some(k) => format!("unknown key \"{key}\" (did you mean \"{k}\"?)"),
        None => format!(
            "unknown key \"{key}\" (expected one of: {})",
            known.join(", ")
        ),
    }
}

/// Rewrites serde's messages in the document's own terms. For an unknown key it also
/// returns the key, so the pointer can name it.
fn friendly(message: &str) -> (Option<String>, String) {
    let between = |s: &str| -> Option<(String, Vec<String>)> {
        let mut parts = s.split('`').skip(1).step_by(2).map(str::to_string);
        let first = parts.next()?;
        Some((first, parts.collect()))
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        if let Some((key, expected)) = between(rest) {
            let known: Vec<&str> = expected.iter().map(String::as_str).collect();
            return (Some(key.clone()), unknown_key(&key, &known));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((value, expected)) = between(rest) {
            let known: Vec<&str> = expected.iter().map(String::as_str).collect();
            let hint = match nearest(&value, &known) {
                Some(k) => format!("did you mean \"{k}\"?"),
                None => format!("expected one of: {}", known.join(", ")),
            };
            return (None, format!("unknown value \"{value}\" ({hint})"));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        if let Some((key, _)) = between(rest) {
            return (None, format!("missing \"{key}\""));
        }
    }
    (None, message.to_string())
}
