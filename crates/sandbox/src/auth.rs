//! OAuth 2.0 as Salesforce serves it: the token endpoint (password, client credentials,
//! refresh token, authorization code with PKCE), an authorize endpoint that approves at once
//! and redirects to a loopback `redirect_uri`, revocation, userinfo and the identity URL;
//! and the session check every REST call goes through (401 `INVALID_SESSION_ID`).

use crate::error::{Failure, SfError};
use crate::{json_response, now_ms, store, App, Req};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::distr::{Alphanumeric, SampleString};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The JWT bearer grant's `grant_type`.
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// Clock skew allowed on a JWT's `exp` (seconds).
const JWT_LEEWAY_S: i64 = 60;

/// Authorization codes live this long (milliseconds).
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;

fn random(n: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), n)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = json_response(
        status,
        &json!({"error": error, "error_description": description}),
    );
    no_cache(&mut r);
    r
}

fn no_cache(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Form parameters of the body (URL-encoded), then of the query string.
fn form(req: &Req) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = req.query.iter().cloned().collect();
    if let Ok(body) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&req.body) {
        out.extend(body);
    }
    out
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Issues an access token (and a refresh token when asked) and answers the token response.
fn issue(app: &App, req: &Req, with_refresh: bool, parent: Option<&str>, scope: &str) -> Response {
    let conn = app.db();
    let access = format!("{}!AQ.{}", &app.org_id[..15], random(48));
    let expires = now_ms() + app.config.token_lifetime.as_millis() as i64;
    let mut refresh = None;
    let mut parent = parent.map(str::to_string);
    if with_refresh {
        let r = format!("5Aep{}", random(60));
        if let Err(e) = store::put_token(&conn, &r, "refresh", None, None, &Value::Null) {
            return crate::failure_response(&Failure::from(e));
        }
        parent = Some(r.clone());
        refresh = Some(r);
    }
    if let Err(e) = store::put_token(
        &conn,
        &access,
        "access",
        parent.as_deref(),
        Some(expires),
        &Value::Null,
    ) {
        return crate::failure_response(&Failure::from(e));
    }
    let id = app.identity_url(&req.base);
    let issued_at = now_ms().to_string();
    let signature = STANDARD.encode(hmac_sha256(
        app.config.client_secret.as_bytes(),
        format!("{id}{issued_at}").as_bytes(),
    ));
    let mut body = json!({
        "access_token": access,
        "instance_url": req.base,
        "id": id,
        "token_type": "Bearer",
        "issued_at": issued_at,
        "signature": signature,
        "scope": scope,
    });
    if let Some(r) = refresh {
        body["refresh_token"] = json!(r);
    }
    let mut r = json_response(StatusCode::OK, &body);
    no_cache(&mut r);
    r
}

/// `POST /services/oauth2/token`.
pub fn token(app: &App, req: &Req) -> Response {
    let mut p = form(req);
    // Client credentials may come as HTTP Basic.
    if let Some(basic) = req.header("authorization").and_then(|h| {
        h.strip_prefix("Basic ")
            .or_else(|| h.strip_prefix("basic "))
    }) {
        if let Some((id, secret)) = STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| {
                s.split_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
        {
            p.entry("client_id".into()).or_insert(id);
            p.entry("client_secret".into()).or_insert(secret);
        }
    }
    let bad = StatusCode::BAD_REQUEST;
    let Some(grant) = p.get("grant_type").cloned() else {
        return oauth_error(bad, "invalid_request", "grant type is missing");
    };
    if grant == JWT_BEARER {
        return jwt_bearer(app, req, &p);
    }
    let client_id = p.get("client_id").map(String::as_str);
    let secret = p.get("client_secret").map(String::as_str);
    let known_grant = matches!(
        grant.as_str(),
        "password" | "client_credentials" | "refresh_token" | "authorization_code"
    );
    if !known_grant {
        return oauth_error(bad, "unsupported_grant_type", "grant type not supported");
    }
    if client_id != Some(app.config.client_id.as_str()) {
        return oauth_error(bad, "invalid_client_id", "client identifier invalid");
    }
    let secret_ok = secret == Some(app.config.client_secret.as_str());
    let secret_required = matches!(grant.as_str(), "password" | "client_credentials");
    if (secret_required || secret.is_some()) && !secret_ok {
        return oauth_error(bad, "invalid_client", "invalid client credentials");
    }
    match grant.as_str() {
        "password" => {
            let user_ok = p
                .get("username")
                .is_some_and(|u| u.eq_ignore_ascii_case(&app.config.username));
            if !user_ok || p.get("password") != Some(&app.config.password) {
                return oauth_error(bad, "invalid_grant", "authentication failure");
            }
            issue(app, req, false, None, "api")
        }
        "client_credentials" => issue(app, req, false, None, "api"),
        "refresh_token" => {
            let Some(r) = p.get("refresh_token") else {
                return oauth_error(bad, "invalid_grant", "expired access/refresh token");
            };
            let found = store::get_token(&app.db(), r).ok().flatten();
            match found {
                Some(t) if t.kind == "refresh" && !t.revoked => {
                    issue(app, req, false, Some(r), "refresh_token api")
                }
                _ => oauth_error(bad, "invalid_grant", "expired access/refresh token"),
            }
        }
        _ => authorization_code(app, req, &p),
    }
}

/// The JWT bearer grant: an RS256 assertion signed with the key whose public half is
/// configured, `iss` = the client id, `sub` = the username, `exp` in seconds or milliseconds.
fn jwt_bearer(app: &App, req: &Req, p: &HashMap<String, String>) -> Response {
    let bad = StatusCode::BAD_REQUEST;
    let Some(key) = app.jwt_key.as_ref() else {
        return oauth_error(bad, "invalid_grant", "invalid assertion");
    };
    let Some(assertion) = p.get("assertion") else {
        return oauth_error(bad, "invalid_request", "assertion is missing");
    };
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    // `exp` is checked below (the sf CLI sends milliseconds); `aud` is not checked.
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = match jsonwebtoken::decode::<Value>(assertion, key, &validation) {
        Ok(data) => data.claims,
        Err(_) => return oauth_error(bad, "invalid_grant", "invalid assertion"),
    };
    if claims["iss"].as_str() != Some(app.config.client_id.as_str()) {
        return oauth_error(bad, "invalid_client_id", "client identifier invalid");
    }
    let Some(exp) = claims["exp"].as_i64() else {
        return oauth_error(bad, "invalid_grant", "invalid assertion");
    };
    let exp_s = if exp > 100_000_000_000 {
        exp / 1000
    } else {
        exp
    };
    if exp_s + JWT_LEEWAY_S < now_ms() / 1000 {
        return oauth_error(bad, "invalid_grant", "expired authorization code");
    }
    let user_ok = claims["sub"]
        .as_str()
        .is_some_and(|u| u.eq_ignore_ascii_case(&app.config.username));
    if !user_ok {
        return oauth_error(bad, "invalid_grant", "user hasn't approved this consumer");
    }
    issue(app, req, false, None, "id full")
}

fn authorization_code(app: &App, req: &Req, p: &HashMap<String, String>) -> Response {
    let bad = StatusCode::BAD_REQUEST;
    let expired = || oauth_error(bad, "invalid_grant", "authorization code expired");
    let Some(code) = p.get("code") else {
        return expired();
    };
    let found = {
        let conn = app.db();
        let t = store::get_token(&conn, code).ok().flatten();
        // Codes are single-use.
        let _ = store::revoke(&conn, code);
        t
    };
    let Some(t) = found.filter(|t| t.kind == "code" && !t.revoked) else {
        return expired();
    };
    if t.expires_at.is_some_and(|e| e < now_ms()) {
        return expired();
    }
    if t.extra["redirect_uri"].as_str() != p.get("redirect_uri").map(String::as_str) {
        return oauth_error(
            bad,
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        );
    }
    if let Some(challenge) = t.extra["code_challenge"].as_str() {
        let verifier = p.get("code_verifier").map(String::as_str).unwrap_or("");
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if computed != challenge {
            return oauth_error(bad, "invalid_grant", "invalid code verifier");
        }
    }
    let scope = t.extra["scope"].as_str().unwrap_or("");
    let wants_refresh = scope.is_empty()
        || scope
            .split_whitespace()
            .any(|s| s == "refresh_token" || s == "offline_access");
    let granted = if scope.is_empty() {
        "refresh_token api"
    } else {
        scope
    };
    issue(app, req, wants_refresh, None, granted)
}

/// Whether a redirect URI points back to this machine.
fn is_loopback(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://").or(uri.strip_prefix("https://")) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host
        .rsplit_once(':')
        .filter(|(h, _)| !h.is_empty() && !host.ends_with(']'))
        .map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// `GET /services/oauth2/authorize`: approves at once and redirects with a code.
pub fn authorize(app: &App, req: &Req) -> Response {
    let p = form(req);
    let bad = StatusCode::BAD_REQUEST;
    if p.get("client_id") != Some(&app.config.client_id) {
        return oauth_error(bad, "invalid_client_id", "client identifier invalid");
    }
    let Some(redirect) = p.get("redirect_uri").filter(|u| is_loopback(u)) else {
        return oauth_error(
            bad,
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        );
    };
    if p.get("response_type").map(String::as_str) != Some("code") {
        return oauth_error(
            bad,
            "unsupported_response_type",
            "response type not supported",
        );
    }
    let code = format!("aPrx{}==", random(40));
    let extra = json!({
        "redirect_uri": redirect,
        "code_challenge": p.get("code_challenge"),
        "scope": p.get("scope"),
    });
    if let Err(e) = store::put_token(
        &app.db(),
        &code,
        "code",
        None,
        Some(now_ms() + CODE_LIFETIME_MS),
        &extra,
    ) {
        return crate::failure_response(&Failure::from(e));
    }
    let mut query = vec![("code", code.as_str())];
    if let Some(state) = p.get("state") {
        query.push(("state", state));
    }
    let sep = if redirect.contains('?') { '&' } else { '?' };
    let location = format!(
        "{redirect}{sep}{}",
        serde_urlencoded::to_string(&query).unwrap_or_default()
    );
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

/// `POST /services/oauth2/revoke` (or `GET ?token=`).
pub fn revoke(app: &App, req: &Req) -> Response {
    let p = form(req);
    let revoked = p
        .get("token")
        .map(|t| store::revoke(&app.db(), t).unwrap_or(false))
        .unwrap_or(false);
    if revoked {
        StatusCode::OK.into_response()
    } else {
        oauth_error(StatusCode::BAD_REQUEST, "invalid_token", "invalid token")
    }
}

/// The session check: a live access token in `Authorization: Bearer|OAuth`, or `oauth_token`
/// when `allow_param`.
pub fn session(app: &App, req: &Req, allow_param: bool) -> Result<(), Failure> {
    let from_header = req.header("authorization").and_then(|h| {
        let (scheme, token) = h.split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
            .then(|| token.trim())
    });
    let token = from_header.or_else(|| allow_param.then(|| req.param("oauth_token")).flatten());
    let live = token.is_some_and(|t| {
        matches!(
            store::get_token(&app.db(), t),
            Ok(Some(t)) if t.kind == "access" && !t.revoked && t.expires_at.is_none_or(|e| e > now_ms())
        )
    });
    if live {
        Ok(())
    } else {
        Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            SfError::new("INVALID_SESSION_ID", "Session expired or invalid"),
        ))
    }
}

/// The 401 response, with `WWW-Authenticate: Token`.
pub fn unauthorized(f: &Failure) -> Response {
    let mut r = crate::failure_response(f);
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
    r
}

fn urls(app: &App, b: &str) -> Value {
    let data = format!("{b}/services/data/v{{version}}/");
    json!({
        "enterprise": format!("{b}/services/Soap/c/{{version}}/{}", app.org_id),
        "partner": format!("{b}/services/Soap/u/{{version}}/{}", app.org_id),
        "rest": data,
        "sobjects": format!("{data}sobjects/"),
        "search": format!("{data}search/"),
        "query": format!("{data}query/"),
        "recent": format!("{data}recent/"),
        "profile": format!("{b}/{}", app.user_id),
        "custom_domain": b,
    })
}

/// `GET /services/oauth2/userinfo`.
pub fn userinfo(app: &App, req: &Req) -> Response {
    if let Err(f) = session(app, req, false) {
        return unauthorized(&f);
    }
    let c = &app.config;
    json_response(
        StatusCode::OK,
        &json!({
            "sub": app.identity_url(&req.base),
            "user_id": app.user_id,
            "organization_id": app.org_id,
            "preferred_username": c.username,
            "nickname": "admin",
            "name": "Sandbox Admin",
            "email": c.username,
            "email_verified": true,
            "given_name": "Sandbox",
            "family_name": "Admin",
            "zoneinfo": "GMT",
            "photos": {"picture": null, "thumbnail": null},
            "profile": format!("{}/{}", req.base, app.user_id),
            "picture": null,
            "address": {},
            "is_salesforce_integration_user": false,
            "urls": urls(app, &req.base),
            "active": true,
            "user_type": "STANDARD",
            "language": "en_US",
            "locale": "en_US",
            "utcOffset": 0,
            "updated_at": "2026-01-01T00:00:00Z",
            "is_app_installed": true,
        }),
    )
}

/// `GET /id/{org}/{user}`.
pub fn identity(app: &App, req: &Req, org: &str, user: &str) -> Response {
    if let Err(f) = session(app, req, true) {
        return unauthorized(&f);
    }
    if org != app.org_id || user != app.user_id {
        return crate::failure_response(&Failure::not_found());
    }
    let c = &app.config;
    json_response(
        StatusCode::OK,
        &json!({
            "id": app.identity_url(&req.base),
            "asserted_user": true,
            "user_id": app.user_id,
            "organization_id": app.org_id,
            "username": c.username,
            "nick_name": "admin",
            "display_name": "Sandbox Admin",
            "email": c.username,
            "email_verified": true,
            "first_name": "Sandbox",
            "last_name": "Admin",
            "timezone": "GMT",
            "photos": {"picture": null, "thumbnail": null},
            "status": {"created_date": null, "body": null},
            "urls": urls(app, &req.base),
            "active": true,
            "user_type": "STANDARD",
            "language": "en_US",
            "locale": "en_US",
            "utcOffset": 0,
            "last_modified_date": "2026-01-01T00:00:00.000+0000",
            "is_app_installed": true,
        }),
    )
}
