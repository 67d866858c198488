//! Logging in to an org: the OAuth grants Salesforce offers a connected app — username +
//! password (+ security token), client credentials, JWT bearer (RS256), the browser
//! authorization-code flow with PKCE on a loopback redirect, and refresh token. The token
//! requests are built by the `oauth2` crate and sent through our [`Egress`] (so the
//! remote-site allowlist and retries apply to logins too); the JWT assertion is signed with
//! `jsonwebtoken`.
//!
//! [`login`] runs the non-interactive grants; [`web_login`] runs the browser flow (the desktop
//! app opens the system browser, tests follow the redirect with an HTTP client).

use crate::error::{Result, SalesforceError};
use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken,
    RequestTokenError, ResourceOwnerPassword, ResourceOwnerUsername, Scope, StandardErrorResponse,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use synccentral_net::{read_capped, reqwest, Egress, NetError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

/// The API version used unless a [`Config`] says otherwise.
pub const DEFAULT_API_VERSION: &str = "62.0";
/// The loopback port of the browser flow's redirect (the `sf` CLI's, so connected apps
/// registered for `http://localhost:1717/OauthRedirect` work).
pub const DEFAULT_REDIRECT_PORT: u16 = 1717;
/// The largest token response read.
const TOKEN_BODY_CAP: usize = 256 * 1024;

/// How to log in (a connected app's credentials and the grant to use). `Debug` shows the
/// flow, client ID and username, never a secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flow", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// Username-password grant; `security_token` is appended to the password when set.
    Password {
        client_id: String,
        client_secret: String,
        username: String,
        password: String,
        #[serde(default)]
        security_token: Option<String>,
    },
    /// Client-credentials grant (call it on the org's My Domain URL; the token runs as the
    /// app's Run-As user).
    ClientCredentials {
        client_id: String,
        client_secret: String,
    },
    /// JWT bearer grant: an RS256 assertion signed with the connected app's private key.
    Jwt {
        client_id: String,
        username: String,
        private_key_pem: String,
        /// `https://login.salesforce.com` or `https://test.salesforce.com` (not My Domain).
        audience: String,
    },
    /// The browser flow (authorization code + PKCE on a loopback redirect); see [`web_login`].
    Web {
        client_id: String,
        #[serde(default)]
        client_secret: Option<String>,
        #[serde(default = "default_redirect_port")]
        redirect_port: u16,
        #[serde(default = "default_scopes")]
        scopes: Vec<String>,
    },
    /// A refresh token kept from an earlier browser login.
    RefreshToken {
        client_id: String,
        #[serde(default)]
        client_secret: Option<String>,
        refresh_token: String,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (flow, client_id, username) = match self {
            Auth::Password {
                client_id,
                username,
                ..
            } => ("password", client_id, Some(username)),
            Auth::ClientCredentials { client_id, .. } => ("client_credentials", client_id, None),
            Auth::Jwt {
                client_id,
                username,
                ..
            } => ("jwt", client_id, Some(username)),
            Auth::Web { client_id, .. } => ("web", client_id, None),
            Auth::RefreshToken { client_id, .. } => ("refresh_token", client_id, None),
        };
        f.debug_struct("Auth")
            .field("flow", &flow)
            .field("client_id", client_id)
            .field("username", &username)
            .finish_non_exhaustive()
    }
}

fn default_redirect_port() -> u16 {
    DEFAULT_REDIRECT_PORT
}

fn default_scopes() -> Vec<String> {
    ["refresh_token", "api", "web"]
        .map(String::from)
        .into_iter()
        .collect()
}

impl Auth {
    /// The local sandbox org's default admin through the username-password flow (the flow
    /// Salesforce retires, kept for the sandbox): `synccentral sandbox serve`'s printed
    /// defaults, for tests, benchmarks and the demo.
    pub fn sandbox_admin() -> Auth {
        Auth::Password {
            client_id: "sandbox".into(),
            client_secret: "sandbox-secret".into(),
            username: "admin@sandbox.local".into(),
            password: "sandbox".into(),
            security_token: None,
        }
    }

    /// The browser flow with the default port and scopes (`refresh_token api web`).
    pub fn web(client_id: impl Into<String>, client_secret: Option<String>) -> Auth {
        Auth::Web {
            client_id: client_id.into(),
            client_secret,
            redirect_port: DEFAULT_REDIRECT_PORT,
            scopes: default_scopes(),
        }
    }

    fn client_credentials(&self) -> (&str, Option<&str>) {
        match self {
            Auth::Password {
                client_id,
                client_secret,
                ..
            }
            | Auth::ClientCredentials {
                client_id,
                client_secret,
            } => (client_id, Some(client_secret)),
            Auth::Jwt { client_id, .. } => (client_id, None),
            Auth::Web {
                client_id,
                client_secret,
                ..
            }
            | Auth::RefreshToken {
                client_id,
                client_secret,
                ..
            } => (client_id, client_secret.as_deref()),
        }
    }
}

/// Where and how to connect to one org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// The login host (`https://login.salesforce.com`, `https://test.salesforce.com`, or the
    /// org's My Domain — required for client credentials); token requests go to
    /// `{login_url}/services/oauth2/token`.
    pub login_url: Url,
    pub auth: Auth,
    /// `"62.0"` unless set.
    #[serde(default = "default_api_version")]
    pub api_version: String,
}

fn default_api_version() -> String {
    DEFAULT_API_VERSION.to_string()
}

impl Config {
    pub fn new(login_url: Url, auth: Auth) -> Config {
        Config {
            login_url,
            auth,
            api_version: default_api_version(),
        }
    }

    fn endpoint(&self, path: &str) -> Result<Url> {
        self.login_url
            .join(path)
            .map_err(|e| SalesforceError::Config(format!("login URL {}: {e}", self.login_url)))
    }
}

/// What a successful login returns (`Debug` leaves the tokens out).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    /// Where REST calls go (`https://acme.my.salesforce.com`).
    pub instance_url: Url,
    /// The identity URL (`…/id/{orgId}/{userId}`).
    pub id: Option<String>,
    /// Only from the browser flow (with the `refresh_token` scope) or as configured.
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    /// Milliseconds since the epoch, as Salesforce sends it.
    pub issued_at: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("instance_url", &self.instance_url.as_str())
            .field("id", &self.id)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// The fields Salesforce adds to a token response.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SalesforceTokenFields {
    #[serde(default)]
    pub instance_url: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub issued_at: Option<String>,
    #[serde(default)]
    pub signature: Option<String>,
}

impl ExtraTokenFields for SalesforceTokenFields {}

type SfTokenResponse = StandardTokenResponse<SalesforceTokenFields, BasicTokenType>;
type OAuthClient<HasAuthUrl> = oauth2::Client<
    BasicErrorResponse,
    SfTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    HasAuthUrl,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

fn oauth_client(config: &Config) -> Result<OAuthClient<EndpointNotSet>> {
    let (client_id, secret) = config.auth.client_credentials();
    let token_url = TokenUrl::from_url(config.endpoint("/services/oauth2/token")?);
    let mut client = oauth2::Client::new(ClientId::new(client_id.to_string()))
        .set_token_uri(token_url)
        .set_auth_type(AuthType::RequestBody);
    if let Some(secret) = secret {
        client = client.set_client_secret(ClientSecret::new(secret.to_string()));
    }
    Ok(client)
}

/// The `oauth2` crate's HTTP client: token requests go through the egress client. A named
/// type with a boxed `Send` future (a closure here makes callers' futures non-`Send`).
struct EgressHttp(Egress);

impl<'c> oauth2::AsyncHttpClient<'c> for EgressHttp {
    type Error = NetError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<oauth2::HttpResponse, NetError>> + Send + 'c>,
    >;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(send_oauth(&self.0, request))
    }
}

async fn send_oauth(
    egress: &Egress,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, NetError> {
    let (parts, body) = request.into_parts();
    let url = Url::parse(&parts.uri.to_string()).map_err(|e| NetError::Setup {
        message: format!("token URL: {e}"),
    })?;
    let request = egress
        .request(parts.method, url)
        .headers(parts.headers)
        .body(body)
        .build()
        .map_err(|e| NetError::Setup {
            message: e.to_string(),
        })?;
    // A token request changes nothing on the server: safe to send again.
    let response = egress.send_idempotent(request).await?;
    let mut builder = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = read_capped(response, TOKEN_BODY_CAP).await?;
    builder.body(body.to_vec()).map_err(|e| NetError::Setup {
        message: e.to_string(),
    })
}

fn tokens_from(response: &SfTokenResponse, refresh_fallback: Option<&str>) -> Result<Tokens> {
    let extra = response.extra_fields();
    let instance = extra
        .instance_url
        .as_deref()
        .ok_or_else(|| SalesforceError::decode("token response", "no instance_url"))?;
    Ok(Tokens {
        access_token: response.access_token().secret().clone(),
        instance_url: Url::parse(instance)
            .map_err(|e| SalesforceError::decode("token response", format!("instance_url: {e}")))?,
        id: extra.id.clone(),
        refresh_token: response
            .refresh_token()
            .map(|t| t.secret().clone())
            .or_else(|| refresh_fallback.map(str::to_string)),
        scope: response
            .scopes()
            .map(|s| s.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
        issued_at: extra.issued_at.clone(),
    })
}

fn token_error(e: RequestTokenError<NetError, BasicErrorResponse>) -> SalesforceError {
    match e {
        RequestTokenError::ServerResponse(r) => oauth_error(&r),
        RequestTokenError::Request(net) => SalesforceError::Net(net),
        RequestTokenError::Parse(e, body) => SalesforceError::Decode {
            url: "token response".into(),
            message: format!("{e}: {}", String::from_utf8_lossy(&body)),
        },
        RequestTokenError::Other(message) => SalesforceError::Decode {
            url: "token response".into(),
            message,
        },
    }
}

fn oauth_error(r: &StandardErrorResponse<BasicErrorResponseType>) -> SalesforceError {
    SalesforceError::OAuth {
        error: r.error().as_ref().to_string(),
        description: r.error_description().cloned().unwrap_or_default(),
    }
}

/// Logs in with a non-interactive grant (everything but [`Auth::Web`], which needs
/// [`web_login`] once and then logs in again through its refresh token).
pub async fn login(egress: &Egress, config: &Config) -> Result<Tokens> {
    let http = EgressHttp(egress.clone());
    match &config.auth {
        Auth::Password {
            username,
            password,
            security_token,
            ..
        } => {
            let secret = format!("{password}{}", security_token.as_deref().unwrap_or(""));
            let user = ResourceOwnerUsername::new(username.clone());
            let pass = ResourceOwnerPassword::new(secret);
            let r = oauth_client(config)?
                .exchange_password(&user, &pass)
                .request_async(&http)
                .await
                .map_err(token_error)?;
            tokens_from(&r, None)
        }
        Auth::ClientCredentials { .. } => {
            let r = oauth_client(config)?
                .exchange_client_credentials()
                .request_async(&http)
                .await
                .map_err(token_error)?;
            tokens_from(&r, None)
        }
        Auth::RefreshToken { refresh_token, .. } => refresh(egress, config, refresh_token).await,
        Auth::Jwt {
            client_id,
            username,
            private_key_pem,
            audience,
        } => {
            jwt_login(
                egress,
                config,
                client_id,
                username,
                private_key_pem,
                audience,
            )
            .await
        }
        Auth::Web { .. } => Err(SalesforceError::WebLogin(
            "the browser flow needs web_login (or a refresh token from it)".into(),
        )),
    }
}

/// The refresh-token grant; the answer keeps `refresh_token` (Salesforce does not send a new one).
pub async fn refresh(egress: &Egress, config: &Config, refresh_token: &str) -> Result<Tokens> {
    let http = EgressHttp(egress.clone());
    let token = RefreshToken::new(refresh_token.to_string());
    let r = oauth_client(config)?
        .exchange_refresh_token(&token)
        .request_async(&http)
        .await
        .map_err(token_error)?;
    tokens_from(&r, Some(refresh_token))
}

#[derive(Serialize)]
struct JwtClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
}

/// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with an RS256 assertion valid
/// for three minutes (Salesforce's limit).
async fn jwt_login(
    egress: &Egress,
    config: &Config,
    client_id: &str,
    username: &str,
    private_key_pem: &str,
    audience: &str,
) -> Result<Tokens> {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem.as_bytes())
        .map_err(|e| SalesforceError::Config(format!("JWT private key: {e}")))?;
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        + 180;
    let claims = JwtClaims {
        iss: client_id,
        sub: username,
        aud: audience,
        exp,
    };
    let assertion = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .map_err(|e| SalesforceError::Config(format!("JWT signing: {e}")))?;
    let url = config.endpoint("/services/oauth2/token")?;
    let request = egress
        .request(reqwest::Method::POST, url.clone())
        .header(http::header::ACCEPT, "application/json")
        .form(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion.as_str()),
        ])
        .build()
        .map_err(|e| SalesforceError::Config(e.to_string()))?;
    // A token request changes nothing on the server: safe to send again.
    let response = egress.send_idempotent(request).await?;
    let status = response.status();
    let body = read_capped(response, TOKEN_BODY_CAP).await?;
    if !status.is_success() {
        if let Ok(e) = serde_json::from_slice::<BasicErrorResponse>(&body) {
            return Err(oauth_error(&e));
        }
        return Err(SalesforceError::Http {
            status: status.as_u16(),
            url: url.to_string(),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    let r: SfTokenResponse =
        serde_json::from_slice(&body).map_err(|e| SalesforceError::decode(url.as_str(), e))?;
    tokens_from(&r, None)
}

/// How long [`web_login`] waits for the browser to come back.
pub const WEB_LOGIN_TIMEOUT: Duration = Duration::from_secs(300);

const CLOSE_PAGE: &str =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sync Central</title></head>\
<body style=\"font-family: sans-serif; margin: 3em\"><h1>Logged in</h1>\
<p>Sync Central is connected. You can close this window.</p></body></html>";

/// The browser login (authorization code + PKCE S256 + state on a loopback redirect):
/// listens on `127.0.0.1:redirect_port` (0 picks a free port), builds the authorize URL on
/// the login host with redirect `http://localhost:PORT/OauthRedirect`, hands it to
/// `open_browser`, waits (up to [`WEB_LOGIN_TIMEOUT`]) for the redirect carrying `code` and
/// the same `state`, answers the browser with a "you can close this window" page and
/// exchanges the code. The tokens include the refresh token when the scopes ask for one.
pub async fn web_login(
    egress: &Egress,
    config: &Config,
    open_browser: impl FnOnce(&Url),
) -> Result<Tokens> {
    web_login_within(egress, config, WEB_LOGIN_TIMEOUT, open_browser).await
}

/// [`web_login`] with a chosen wait for the browser.
pub async fn web_login_within(
    egress: &Egress,
    config: &Config,
    timeout: Duration,
    open_browser: impl FnOnce(&Url),
) -> Result<Tokens> {
    let Auth::Web {
        redirect_port,
        scopes,
        ..
    } = &config.auth
    else {
        return Err(SalesforceError::Config(
            "web_login needs the web flow's settings".into(),
        ));
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", *redirect_port))
        .await
        .map_err(|e| {
            SalesforceError::WebLogin(format!("cannot listen on 127.0.0.1:{redirect_port}: {e}"))
        })?;
    let port = listener
        .local_addr()
        .map_err(|e| SalesforceError::WebLogin(e.to_string()))?
        .port();
    let redirect = format!("http://localhost:{port}/OauthRedirect");
    let client = oauth_client(config)?
        .set_auth_uri(AuthUrl::from_url(
            config.endpoint("/services/oauth2/authorize")?,
        ))
        .set_redirect_uri(
            RedirectUrl::new(redirect.clone())
                .map_err(|e| SalesforceError::Config(e.to_string()))?,
        );
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (authorize_url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes.iter().cloned().map(Scope::new))
        .set_pkce_challenge(challenge)
        .url();
    open_browser(&authorize_url);
    let code = tokio::time::timeout(timeout, wait_for_code(&listener, state.secret()))
        .await
        .map_err(|_| {
            SalesforceError::WebLogin(format!(
                "no answer on {redirect} within {} s",
                timeout.as_secs()
            ))
        })??;
    let http = EgressHttp(egress.clone());
    let r = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.secret().clone()))
        .request_async(&http)
        .await
        .map_err(token_error)?;
    tokens_from(&r, None)
}

/// Accepts connections until one brings `/OauthRedirect?code=…&state=…` (or `error=…`).
async fn wait_for_code(listener: &tokio::net::TcpListener, state: &str) -> Result<String> {
    loop {
        let (mut socket, _) = listener
            .accept()
            .await
            .map_err(|e| SalesforceError::WebLogin(e.to_string()))?;
        let mut buf = Vec::with_capacity(2048);
        let mut chunk = [0u8; 2048];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 64 * 1024 {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("/");
        let url = Url::parse(&format!("http://localhost{target}")).ok();
        let Some(url) = url.filter(|u| u.path() == "/OauthRedirect") else {
            let _ = socket
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            continue;
        };
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let outcome = if let Some(error) = param("error") {
            Err(SalesforceError::OAuth {
                error,
                description: param("error_description").unwrap_or_default(),
            })
        } else if param("state").as_deref() != Some(state) {
            Err(SalesforceError::WebLogin(
                "the redirect's state does not match the login's (not our login)".into(),
            ))
        } else {
            param("code")
                .ok_or_else(|| SalesforceError::WebLogin("the redirect has no code".into()))
        };
        let (status, page) = match &outcome {
            Ok(_) => ("200 OK", CLOSE_PAGE.to_string()),
            Err(e) => (
                "400 Bad Request",
                format!(
                    "<!doctype html><html><body><h1>Login failed</h1><p>{}</p></body></html>",
                    html_escape(&e.to_string())
                ),
            ),
        };
        let answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = socket.write_all(answer.as_bytes()).await;
        let _ = socket.shutdown().await;
        return outcome;
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
