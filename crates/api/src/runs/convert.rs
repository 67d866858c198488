//! What truly converts between the document and the connectors: a connection with its
//! secrets exposed (and a JWT key file read) becomes a client's login, an option's source or
//! target joined to its connection becomes the HTTP connector's resolved config. The option
//! itself needs no conversion: the runner validates the document's types directly.

use synccentral_httpapi as http;
use synccentral_salesforce as sf;
use synccentral_store::config as cfg;

/// The connector's auth for an `http` connection's.
pub fn http_auth(a: &cfg::HttpAuth) -> http::Auth {
    match a {
        cfg::HttpAuth::None => http::Auth::None,
        cfg::HttpAuth::ApiKey(k) => http::Auth::ApiKey {
            location: k.location,
            name: k.name.clone(),
            value: k.value.expose().to_string(),
        },
        cfg::HttpAuth::Basic(b) => http::Auth::Basic {
            username: b.username.clone(),
            password: b.password.expose().to_string(),
        },
        cfg::HttpAuth::Bearer(b) => http::Auth::Bearer {
            token: b.token.expose().to_string(),
        },
        cfg::HttpAuth::Oauth2(o) => http::Auth::Oauth2 {
            token_url: o.token_url.clone(),
            client_id: o.client_id.clone(),
            client_secret: o.client_secret.expose().to_string(),
            scope: o.scope.clone(),
        },
        cfg::HttpAuth::Custom(c) => http::Auth::Custom {
            method: match c.method.to_ascii_uppercase().as_str() {
                "GET" => http::HttpMethod::Get,
                "PUT" => http::HttpMethod::Put,
                "PATCH" => http::HttpMethod::Patch,
                _ => http::HttpMethod::Post,
            },
            url: c.url.clone(),
            body: c.body.as_ref().map(|b| b.expose().to_string()),
            content_type: Some(c.content_type.clone()),
            token_path: c.token_path.clone(),
            header: c.header.clone(),
            prefix: c.prefix.clone(),
        },
    }
}

/// An import source on its connection: the fetcher's config.
pub fn source_config(conn: &cfg::HttpConnection, src: &cfg::HttpSource) -> http::SourceConfig {
    let mut headers = conn.headers.clone();
    headers.extend(src.headers.clone());
    http::SourceConfig {
        base_url: conn.base_url.clone(),
        path: src.path.clone(),
        method: src.method.into(),
        params: src.params.clone(),
        headers,
        body: src.body.as_ref().map(|b| b.to_string()),
        auth: http_auth(&conn.auth),
        paging: src.paging.clone(),
        records_path: src.records_path.clone().unwrap_or_else(|| "$".into()),
        max_pages: src.max_pages,
        max_page_bytes: usize::try_from(src.max_page_bytes).unwrap_or(usize::MAX),
    }
}

/// The endpoint listing an import source's deleted records, on its connection: a GET with
/// the source's headers and sizes, its own path, records path and paging, and the source's
/// query parameters unless it gives its own (so the same `{{since}}` window).
pub fn deletions_config(
    conn: &cfg::HttpConnection,
    src: &cfg::HttpSource,
) -> Option<http::SourceConfig> {
    let d = src.deletions.as_ref()?;
    let records = source_config(conn, src);
    Some(http::SourceConfig {
        path: d.path.clone(),
        method: http::HttpMethod::Get,
        params: d.params.clone().unwrap_or_else(|| src.params.clone()),
        body: None,
        paging: d.paging.clone(),
        records_path: d.records_path.clone().unwrap_or_else(|| "$".into()),
        ..records
    })
}

/// An export target on its connection: the sender's config.
pub fn sink_config(conn: &cfg::HttpConnection, t: &cfg::ExportTarget) -> http::SinkConfig {
    let mut headers = conn.headers.clone();
    headers.extend(t.headers.clone());
    http::SinkConfig {
        base_url: conn.base_url.clone(),
        path: t.path.clone().unwrap_or_default(),
        method: t.method.into(),
        headers,
        auth: http_auth(&conn.auth),
        encoding: encoding(t),
    }
}

fn batch(t: &cfg::ExportTarget) -> Option<usize> {
    (t.batch > 1).then(|| usize::try_from(t.batch).unwrap_or(usize::MAX))
}

/// How an export target encodes its records to an API.
pub fn encoding(t: &cfg::ExportTarget) -> http::Encoding {
    let csv = t.csv.unwrap_or_default();
    match t.format {
        cfg::ExportFormat::Json => http::Encoding::Json {
            batch_size: batch(t),
        },
        cfg::ExportFormat::Form => http::Encoding::Form,
        cfg::ExportFormat::Csv => http::Encoding::Csv {
            csv,
            batch_size: batch(t),
        },
    }
}

/// The layout of an export file.
pub fn file_format(t: &cfg::ExportTarget) -> http::FileFormat {
    let csv = t.csv.unwrap_or_default();
    match t.format {
        cfg::ExportFormat::Csv => http::FileFormat::Csv(csv),
        _ => http::FileFormat::Json,
    }
}

/// The client's login config for a `salesforce` connection. A JWT key file is read here;
/// a web flow needs the refresh token an earlier browser login stored.
pub fn salesforce_config(c: &cfg::SalesforceConnection) -> Result<sf::Config, String> {
    let login_url = url::Url::parse(&c.login_url).map_err(|e| format!("loginUrl: {e}"))?;
    let auth =
        match &c.auth {
            cfg::SalesforceAuth::Password(p) => sf::Auth::Password {
                client_id: p.client_id.clone(),
                client_secret: p.client_secret.expose().to_string(),
                username: p.username.clone(),
                password: p.password.expose().to_string(),
                security_token: p.security_token.as_ref().map(|s| s.expose().to_string()),
            },
            cfg::SalesforceAuth::ClientCredentials(p) => sf::Auth::ClientCredentials {
                client_id: p.client_id.clone(),
                client_secret: p.client_secret.expose().to_string(),
            },
            cfg::SalesforceAuth::Jwt(j) => sf::Auth::Jwt {
                client_id: j.client_id.clone(),
                username: j.username.clone(),
                private_key_pem: std::fs::read_to_string(&j.key_file)
                    .map_err(|e| format!("auth/keyFile {}: {e}", j.key_file))?,
                audience: login_url.origin().ascii_serialization(),
            },
            cfg::SalesforceAuth::Web(w) => match &w.refresh_token {
                Some(rt) => sf::Auth::RefreshToken {
                    client_id: w.client_id.clone(),
                    client_secret: w.client_secret.as_ref().map(|s| s.expose().to_string()),
                    refresh_token: rt.expose().to_string(),
                },
                None => return Err(
                    "auth: a web login has no refresh token yet: log in once from the desktop app"
                        .into(),
                ),
            },
        };
    Ok(sf::Config {
        login_url,
        auth,
        api_version: c.api_version.clone(),
    })
}
