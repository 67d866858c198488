//! The remote-site allowlist: no request leaves unless its scheme + host + port is listed
//! (Salesforce's Remote Site Settings), and `http://` is allowed only for loopback hosts.

use crate::NetError;
use url::{Host, Url};

/// A scheme + host + port, the unit the allowlist compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// The origin of a URL (default ports filled in); `None` for non-HTTP URLs.
    pub fn of(url: &Url) -> Option<Origin> {
        let scheme = url.scheme();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        Some(Origin {
            scheme: scheme.to_string(),
            host: url
                .host_str()?
                .trim_matches(['[', ']'])
                .to_ascii_lowercase(),
            port: url.port_or_known_default()?,
        })
    }

    fn is_loopback(url: &Url) -> bool {
        match url.host() {
            Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let default = if self.scheme == "https" { 443 } else { 80 };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == default {
            write!(f, "{}://{}", self.scheme, host)
        } else {
            write!(f, "{}://{}:{}", self.scheme, host, self.port)
        }
    }
}

/// The allowed origins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteSites {
    origins: Vec<Origin>,
}

impl RemoteSites {
    /// Parses the list, collecting every bad entry (`https://host[:port]`, a path is
    /// ignored; `http://` only for loopback). A mail server's `smtp://host[:port]` is a
    /// valid entry that allows no HTTP call (the mail sender checks it).
    pub fn parse<S: AsRef<str>>(sites: &[S]) -> Result<RemoteSites, Vec<NetError>> {
        let mut origins = Vec::new();
        let mut errors = Vec::new();
        for site in sites {
            let site = site.as_ref();
            if Self::is_mail_server(site) {
                continue;
            }
            match Self::parse_one(site) {
                Ok(o) => {
                    if !origins.contains(&o) {
                        origins.push(o)
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(RemoteSites { origins })
        } else {
            Err(errors)
        }
    }

    fn is_mail_server(site: &str) -> bool {
        Url::parse(site.trim())
            .is_ok_and(|u| u.scheme() == "smtp" && u.host_str().is_some_and(|h| !h.is_empty()))
    }

    fn parse_one(site: &str) -> Result<Origin, NetError> {
        let bad = |reason: &str| NetError::BadSite {
            site: site.to_string(),
            reason: reason.to_string(),
        };
        let url = Url::parse(site.trim()).map_err(|e| bad(&format!("{e}")))?;
        let origin = Origin::of(&url).ok_or_else(|| bad("expected http(s)://host[:port]"))?;
        if url.scheme() == "http" && !Origin::is_loopback(&url) {
            return Err(bad(
                "http:// is allowed only for loopback hosts; use https://",
            ));
        }
        Ok(origin)
    }

    /// The listed origins.
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Whether `url` may be called; the error names the origin to add.
    pub fn check(&self, url: &Url) -> Result<(), NetError> {
        let Some(origin) = Origin::of(url) else {
            return Err(NetError::NotAllowed {
                url: url.to_string(),
                origin: format!("{}:", url.scheme()),
            });
        };
        if url.scheme() == "http" && !Origin::is_loopback(url) {
            return Err(NetError::Insecure {
                url: url.to_string(),
            });
        }
        if self.origins.contains(&origin) {
            Ok(())
        } else {
            Err(NetError::NotAllowed {
                url: url.to_string(),
                origin: origin.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn an_origin_matches_on_scheme_host_and_port() {
        let sites =
            RemoteSites::parse(&["https://api.example.com", "http://127.0.0.1:8080/x"]).unwrap();
        assert!(sites
            .check(&url("https://API.example.com/v1/invoices?x=1"))
            .is_ok());
        assert!(sites.check(&url("https://api.example.com:443/v1")).is_ok());
        assert!(sites.check(&url("http://127.0.0.1:8080/other")).is_ok());
        let e = sites
            .check(&url("https://api.example.com:8443/v1"))
            .unwrap_err();
        assert_eq!(e.code(), "REMOTE_SITE_NOT_ALLOWED");
        assert!(
            e.to_string()
                .contains("add https://api.example.com:8443 to the remote sites"),
            "{e}"
        );
        assert!(sites.check(&url("http://127.0.0.1:8081/")).is_err());
        assert!(sites.check(&url("https://evil.example.com/")).is_err());
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let errors = RemoteSites::parse(&[
            "http://api.example.com",
            "ftp://x",
            "nonsense",
            "http://localhost:9",
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].to_string().contains("use https://"));
        let sites = RemoteSites::parse(&["http://[::1]:9000", "http://localhost:9"]).unwrap();
        assert!(sites.check(&url("http://[::1]:9000/a")).is_ok());
        assert!(sites.check(&url("http://localhost:9/a")).is_ok());
        let e = sites.check(&url("http://api.example.com/")).unwrap_err();
        assert_eq!(e.code(), "INSECURE_URL");
    }

    #[test]
    fn a_mail_server_site_is_valid_and_allows_no_http_call() {
        let sites = RemoteSites::parse(&["smtp://mail.example.com", "smtp://mail.example.com:465"])
            .unwrap();
        assert!(sites.origins().is_empty());
        assert!(sites.check(&url("https://mail.example.com/")).is_err());
        assert!(sites.check(&url("smtp://mail.example.com/")).is_err());
    }
}
