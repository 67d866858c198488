//! Logging in against the sandbox org over real HTTP: every grant (password, client
//! credentials, JWT bearer with a freshly generated RSA key, the browser flow driven by an
//! HTTP client that follows the authorize redirect, refresh token), sessions that end
//! mid-run being renewed transparently, and the remote-site allowlist naming the refused URL.

mod common;

use common::{egress_for, password, start, start_with};
use std::time::Duration;
use synccentral_net::{Egress, EgressConfig, RemoteSites};
use synccentral_salesforce::{auth, Auth, Client};

#[tokio::test]
async fn password_login_opens_a_session_on_the_instance_with_the_identity() {
    let org = start().await;
    let client = org.client().await;
    let s = client.session();
    assert_eq!(
        s.instance_url.as_str().trim_end_matches('/'),
        org.base.as_str().trim_end_matches('/')
    );
    assert!(s.access_token.starts_with("00D"), "{}", s.access_token);
    assert_eq!(s.api_version, "62.0");
    let id = s.identity.expect("identity");
    assert_eq!(id.org_id, org.sandbox.org_id());
    assert_eq!(id.user_id, org.sandbox.admin_user_id());
    assert_eq!(client.refresh_token(), None);
}

#[tokio::test]
async fn a_wrong_password_is_salesforce_s_invalid_grant() {
    let org = start().await;
    let auth = Auth::Password {
        client_id: "sandbox".into(),
        client_secret: "sandbox-secret".into(),
        username: "admin@sandbox.local".into(),
        password: "sand".into(),
        security_token: Some("box-wrong".into()),
    };
    let e = Client::connect(org.egress.clone(), org.config(auth))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_grant");
    assert!(e.to_string().contains("authentication failure"), "{e}");
}

#[tokio::test]
async fn the_security_token_is_appended_to_the_password() {
    let org = start().await;
    let auth = Auth::Password {
        client_id: "sandbox".into(),
        client_secret: "sandbox-secret".into(),
        username: "admin@sandbox.local".into(),
        password: "sand".into(),
        security_token: Some("box".into()),
    };
    Client::connect(org.egress.clone(), org.config(auth))
        .await
        .expect("sand + box = the sandbox's password");
}

#[tokio::test]
async fn client_credentials_login_works_and_a_bad_secret_is_invalid_client() {
    let org = start().await;
    let ok = Auth::ClientCredentials {
        client_id: "sandbox".into(),
        client_secret: "sandbox-secret".into(),
    };
    let client = Client::connect(org.egress.clone(), org.config(ok))
        .await
        .unwrap();
    client.limits().await.expect("a usable session");
    let bad = Auth::ClientCredentials {
        client_id: "sandbox".into(),
        client_secret: "nope".into(),
    };
    let e = Client::connect(org.egress.clone(), org.config(bad))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_client");
}

#[tokio::test]
async fn jwt_bearer_login_with_a_generated_rsa_key() {
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    let key = rsa::RsaPrivateKey::new(&mut rand08::rngs::OsRng, 2048).unwrap();
    let private_pem = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let public_pem = rsa::RsaPublicKey::from(&key)
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let keys = tempfile::tempdir().unwrap();
    let public_path = keys.path().join("public.pem");
    std::fs::write(&public_path, public_pem).unwrap();
    let org = start_with(|c| c.jwt_public_key = Some(public_path)).await;
    let jwt = |username: &str| Auth::Jwt {
        client_id: "sandbox".into(),
        username: username.into(),
        private_key_pem: private_pem.clone(),
        audience: "https://login.salesforce.com".into(),
    };
    let client = Client::connect(org.egress.clone(), org.config(jwt("admin@sandbox.local")))
        .await
        .expect("JWT login");
    client.limits().await.unwrap();
    let e = Client::connect(org.egress.clone(), org.config(jwt("someone@else")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_grant");
    let bad_key = Auth::Jwt {
        client_id: "sandbox".into(),
        username: "admin@sandbox.local".into(),
        private_key_pem: "not a key".into(),
        audience: "https://login.salesforce.com".into(),
    };
    let e = Client::connect(org.egress.clone(), org.config(bad_key))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "INVALID_CONFIG");
}

/// Plays the browser: follows the authorize URL's redirect to our loopback listener and
/// returns the page it showed.
fn browser() -> (
    impl FnOnce(&url::Url),
    tokio::sync::oneshot::Receiver<(u16, String)>,
) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let open = move |url: &url::Url| {
        let url = url.clone();
        tokio::spawn(async move {
            let r = synccentral_net::reqwest::Client::new()
                .get(url)
                .send()
                .await
                .expect("browser request");
            let status = r.status().as_u16();
            let _ = tx.send((status, r.text().await.unwrap_or_default()));
        });
    };
    (open, rx)
}

#[tokio::test]
async fn the_browser_flow_uses_pkce_and_state_and_returns_a_refresh_token() {
    let org = start().await;
    let config = org.config(Auth::Web {
        client_id: "sandbox".into(),
        client_secret: None,
        redirect_port: 0,
        scopes: vec!["refresh_token".into(), "api".into()],
    });
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let (open, page) = browser();
    let seen2 = seen.clone();
    let tokens = auth::web_login(&org.egress, &config, move |url| {
        *seen2.lock().unwrap() = Some(url.clone());
        open(url)
    })
    .await
    .expect("browser login");
    let authorize = seen.lock().unwrap().clone().unwrap();
    let q: std::collections::HashMap<_, _> = authorize.query_pairs().into_owned().collect();
    assert_eq!(authorize.path(), "/services/oauth2/authorize");
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["code_challenge_method"], "S256");
    assert!(q["redirect_uri"].starts_with("http://localhost:"));
    assert!(q["redirect_uri"].ends_with("/OauthRedirect"));
    assert!(!q["state"].is_empty() && !q["code_challenge"].is_empty());
    let (status, text) = page.await.unwrap();
    assert_eq!(status, 200);
    assert!(text.contains("You can close this window"), "{text}");
    let refresh = tokens.refresh_token.clone().expect("refresh token");

    // A client on these tokens renews an ended session through the refresh token, and the
    // refresh token stays available to persist.
    let client = Client::with_tokens(org.egress.clone(), config.clone(), tokens);
    org.arm_kind(&client, "session_expired", 1, "/services/data/v")
        .await;
    client.limits().await.expect("refreshed and retried");
    assert_eq!(client.refresh_token().as_deref(), Some(refresh.as_str()));

    // The refresh-token configuration logs in with it directly.
    let again = Client::connect(
        org.egress.clone(),
        org.config(Auth::RefreshToken {
            client_id: "sandbox".into(),
            client_secret: None,
            refresh_token: refresh.clone(),
        }),
    )
    .await
    .expect("refresh-token login");
    again.limits().await.unwrap();
    assert_eq!(again.refresh_token().as_deref(), Some(refresh.as_str()));
}

#[tokio::test]
async fn a_redirect_with_another_state_is_refused() {
    let org = start().await;
    let config = org.config(Auth::Web {
        client_id: "sandbox".into(),
        client_secret: None,
        redirect_port: 0,
        scopes: vec!["api".into()],
    });
    let e = auth::web_login(&org.egress, &config, |url| {
        let redirect = url
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri")
            .unwrap()
            .1
            .into_owned();
        tokio::spawn(async move {
            let _ = synccentral_net::reqwest::get(format!("{redirect}?code=x&state=forged")).await;
        });
    })
    .await
    .unwrap_err();
    assert_eq!(e.code(), "WEB_LOGIN_FAILED");
    assert!(e.to_string().contains("state"), "{e}");
}

#[tokio::test]
async fn a_revoked_session_is_renewed_with_the_original_grant_and_the_call_retried() {
    let org = start().await;
    let client = org.client().await;
    let before = client.session().access_token;
    org.arm_kind(&client, "session_expired", 1, "/services/data/v")
        .await;
    let versions_seen = client
        .describe("Contact")
        .await
        .expect("retried after login");
    assert_eq!(versions_seen.name, "Contact");
    assert_ne!(client.session().access_token, before);
}

#[tokio::test]
async fn a_token_expiring_mid_run_is_renewed() {
    let org = start_with(|c| c.token_lifetime = Duration::from_secs(1)).await;
    let client = org.client().await;
    client.limits().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = client.session().access_token;
    client.limits().await.expect("renewed");
    assert_ne!(client.session().access_token, before);
}

#[tokio::test]
async fn a_sandbox_missing_from_the_remote_sites_is_refused_naming_the_url() {
    let org = start().await;
    let egress = Egress::new(EgressConfig::new(
        RemoteSites::parse(&["https://login.salesforce.com"]).unwrap(),
    ))
    .unwrap();
    let e = Client::connect(egress, org.config(password()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "REMOTE_SITE_NOT_ALLOWED");
    let token_url = org.base.join("/services/oauth2/token").unwrap();
    assert!(e.to_string().contains(token_url.as_str()), "{e}");

    // The same for REST calls when only the login host is allowed.
    let good = org.client().await;
    let tokens = synccentral_salesforce::Tokens {
        access_token: good.session().access_token,
        instance_url: url::Url::parse("http://127.0.0.1:9").unwrap(),
        id: None,
        refresh_token: None,
        scope: None,
        issued_at: None,
    };
    let client = Client::with_tokens(
        egress_for(org.base.as_str()),
        org.config(password()),
        tokens,
    );
    let e = client.limits().await.unwrap_err();
    assert_eq!(e.code(), "REMOTE_SITE_NOT_ALLOWED");
    assert!(
        e.to_string()
            .contains("http://127.0.0.1:9/services/data/v62.0/limits"),
        "{e}"
    );
}
