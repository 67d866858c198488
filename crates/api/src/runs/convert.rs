//! The workspace's saved configuration (the store's DTOs) turned into each connector's own
//! config, all in one place.

use synccentral_httpapi as http;
use synccentral_runner::options::{ExportOptions, ImportOptions, Incremental};
use synccentral_runner::WriteOp;
use synccentral_salesforce as sf;
use synccentral_store::config as cfg;

/// The connector's auth for an `http` connection's.
pub fn http_auth(a: &cfg::HttpAuth) -> http::Auth {
    match a {
        cfg::HttpAuth::None => http::Auth::None,
        cfg::HttpAuth::ApiKey(k) => http::Auth::ApiKey {
            location: match k.location {
                cfg::ApiKeyIn::Header => http::KeyLocation::Header,
                cfg::ApiKeyIn::Query => http::KeyLocation::Query,
            },
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

/// The connector's paging for a source's.
pub fn paging(p: &cfg::Paging) -> http::Paging {
    match p {
        cfg::Paging::None => http::Paging::None,
        cfg::Paging::NextUrl { path } => http::Paging::NextUrl { path: path.clone() },
        cfg::Paging::Cursor { path, param } => http::Paging::Cursor {
            path: path.clone(),
            param: param.clone(),
        },
        cfg::Paging::Link => http::Paging::Link,
        cfg::Paging::Offset {
            param,
            page_size,
            limit_param,
        } => http::Paging::Offset {
            param: param.clone(),
            page_size: *page_size,
            limit_param: limit_param.clone(),
        },
        cfg::Paging::Page {
            param,
            page_size,
            size_param,
            start,
        } => http::Paging::Page {
            param: param.clone(),
            page_size: *page_size,
            size_param: size_param.clone(),
            start: *start,
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
        method: match src.method {
            cfg::ReadMethod::Get => http::HttpMethod::Get,
            cfg::ReadMethod::Post => http::HttpMethod::Post,
        },
        params: src.params.clone(),
        headers,
        body: src.body.as_ref().map(|b| b.to_string()),
        auth: http_auth(&conn.auth),
        paging: paging(&src.paging),
        records_path: src.records_path.clone().unwrap_or_else(|| "$".into()),
        max_pages: src.max_pages,
        max_page_bytes: usize::try_from(src.max_page_bytes).unwrap_or(usize::MAX),
    }
}

/// An export target on its connection: the sender's config.
pub fn sink_config(conn: &cfg::HttpConnection, t: &cfg::ExportTarget) -> http::SinkConfig {
    let mut headers = conn.headers.clone();
    headers.extend(t.headers.clone());
    http::SinkConfig {
        base_url: conn.base_url.clone(),
        path: t.path.clone().unwrap_or_default(),
        method: match t.method {
            cfg::WriteMethod::Post => http::HttpMethod::Post,
            cfg::WriteMethod::Put => http::HttpMethod::Put,
            cfg::WriteMethod::Patch => http::HttpMethod::Patch,
        },
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
    let csv = t.csv.clone().unwrap_or_default();
    match t.format {
        cfg::ExportFormat::Json => http::Encoding::Json {
            batch_size: batch(t),
        },
        cfg::ExportFormat::Form => http::Encoding::Form,
        cfg::ExportFormat::Csv => http::Encoding::Csv {
            delimiter: csv.delimiter,
            quote: csv.quote,
            header: csv.header,
            batch_size: batch(t),
        },
    }
}

/// The layout of an export file.
pub fn file_format(t: &cfg::ExportTarget) -> http::FileFormat {
    let csv = t.csv.clone().unwrap_or_default();
    match t.format {
        cfg::ExportFormat::Csv => http::FileFormat::Csv {
            delimiter: csv.delimiter,
            quote: csv.quote,
            header: csv.header,
        },
        _ => http::FileFormat::Json,
    }
}

/// The client's API choice.
pub fn api(a: cfg::SalesforceApi) -> sf::Api {
    match a {
        cfg::SalesforceApi::Auto => sf::Api::Auto,
        cfg::SalesforceApi::Rest => sf::Api::Rest,
        cfg::SalesforceApi::Bulk => sf::Api::Bulk,
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

fn write_op(op: cfg::WriteOperation) -> WriteOp {
    match op {
        cfg::WriteOperation::Insert => WriteOp::Insert,
        cfg::WriteOperation::Update => WriteOp::Update,
        cfg::WriteOperation::Upsert => WriteOp::Upsert,
        cfg::WriteOperation::Delete => WriteOp::Delete,
    }
}

/// The runner's import option for a saved one.
pub fn import_options(o: &cfg::ImportOption) -> ImportOptions {
    ImportOptions {
        name: o.name.clone(),
        object: o.target.object.clone(),
        operation: write_op(o.target.operation),
        external_id: o.target.external_id.clone(),
        key_path: o.source.key_path.clone(),
        batch_size: Some(o.target.batch_size as usize),
        incremental: o.incremental.as_ref().map(|i| Incremental {
            cursor_field: Some(i.cursor.clone()),
            tie_field: i.tie_breaker.clone(),
            lookback: i.lookback.clone(),
            initial_since: None,
        }),
        quota_share: Some(o.target.quota_share.unwrap_or(cfg::DEFAULT_QUOTA_SHARE)),
        order: Some(i32::try_from(o.order).unwrap_or(i32::MAX)),
        guard: guard_mode(o.guard),
    }
}

/// The runner's guard mode for a saved one.
pub fn guard_mode(g: cfg::GuardMode) -> synccentral_runner::guard::GuardMode {
    match g {
        cfg::GuardMode::Warn => synccentral_runner::guard::GuardMode::Warn,
        cfg::GuardMode::Protect => synccentral_runner::guard::GuardMode::Protect,
        cfg::GuardMode::Block => synccentral_runner::guard::GuardMode::Block,
    }
}

/// The runner's export option for a saved one (exports are incremental on SystemModstamp
/// with Id as the tie, so only the lookback carries over).
pub fn export_options(o: &cfg::ExportOption) -> ExportOptions {
    ExportOptions {
        name: o.name.clone(),
        object: o.source.object.clone(),
        where_clause: o.source.condition.clone(),
        batch_size: Some(
            usize::try_from(o.target.batch.max(1))
                .unwrap_or(usize::MAX)
                .clamp(200, 10_000),
        ),
        incremental: o.incremental.as_ref().map(|i| Incremental {
            cursor_field: None,
            tie_field: None,
            lookback: i.lookback.clone(),
            initial_since: None,
        }),
        quota_share: Some(o.target.quota_share.unwrap_or(cfg::DEFAULT_QUOTA_SHARE)),
        order: Some(i32::try_from(o.order).unwrap_or(i32::MAX)),
    }
}

/// Where a problem the runner found in an option sits in the configuration document
/// (`/options/batchSize` → `/options/3/target/batchSize`, `/mapping/…` →
/// `/options/3/mapping/…`).
pub fn document_pointer(index: usize, import: bool, pointer: &str) -> String {
    let base = format!("/options/{index}");
    if let Some(rest) = pointer.strip_prefix("/mapping") {
        return format!("{base}/mapping{rest}");
    }
    let rest = pointer.strip_prefix("/options").unwrap_or(pointer);
    let mapped = match (rest, import) {
        ("/object", true) | ("/externalId", _) | ("/batchSize", true) => format!("/target{rest}"),
        ("/object", false) => "/source/object".to_string(),
        ("/batchSize", false) => "/target/batch".to_string(),
        ("/keyPath", _) => "/source/keyPath".to_string(),
        ("/quotaShare", _) => "/target/quotaShare".to_string(),
        ("/incremental/cursorField", _) => "/incremental/cursor".to_string(),
        ("/incremental/tieField", _) => "/incremental/tieBreaker".to_string(),
        _ => rest.to_string(),
    };
    format!("{base}{mapped}")
}
