//! OAuth as clients see it: the password, client-credentials, authorization-code (PKCE) and
//! refresh-token grants, Salesforce's error bodies for bad credentials, token expiry and
//! revocation (401 INVALID_SESSION_ID), userinfo and the identity URL.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::{start, start_with};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;

async fn token(org: &common::Org, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let r = org
        .http
        .post(format!("{}/services/oauth2/token", org.base))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn password_grant_answers_a_salesforce_shaped_token() {
    let org = start().await;
    let (status, body) = token(
        &org,
        &[
            ("grant_type", "password"),
            ("client_id", "sandbox"),
            ("client_secret", "sandbox-secret"),
            ("username", "admin@sandbox.local"),
            ("password", "sandbox"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let access = body["access_token"].as_str().unwrap();
    let (org_part, _) = access.split_once('!').unwrap();
    assert!(
        org_part.starts_with("00D") && org_part.len() == 15,
        "{access}"
    );
    assert_eq!(body["instance_url"], org.base.as_str());
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["issued_at"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(body.get("refresh_token").is_none());
    let id = body["id"].as_str().unwrap();
    assert!(id.starts_with(&format!("{}/id/00D", org.base)), "{id}");
}

#[tokio::test]
async fn bad_credentials_get_salesforce_oauth_errors() {
    let org = start().await;
    type Form<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Form, &str, &str); 4] = [
        (
            &[
                ("grant_type", "password"),
                ("client_id", "sandbox"),
                ("client_secret", "sandbox-secret"),
                ("username", "admin@sandbox.local"),
                ("password", "wrong"),
            ],
            "invalid_grant",
            "authentication failure",
        ),
        (
            &[
                ("grant_type", "password"),
                ("client_id", "someone-else"),
                ("client_secret", "sandbox-secret"),
                ("username", "admin@sandbox.local"),
                ("password", "sandbox"),
            ],
            "invalid_client_id",
            "client identifier invalid",
        ),
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "sandbox"),
                ("client_secret", "nope"),
            ],
            "invalid_client",
            "invalid client credentials",
        ),
        (
            &[("grant_type", "magic"), ("client_id", "sandbox")],
            "unsupported_grant_type",
            "grant type not supported",
        ),
    ];
    for (form, error, description) in cases {
        let (status, body) = token(&org, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"], error);
        assert_eq!(body["error_description"], description);
    }
}

#[tokio::test]
async fn client_credentials_work_in_the_body_and_as_basic_auth() {
    let org = start().await;
    let (status, _) = token(
        &org,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox"),
            ("client_secret", "sandbox-secret"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let r = org
        .http
        .post(format!("{}/services/oauth2/token", org.base))
        .basic_auth("sandbox", Some("sandbox-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap();
    let limits = org
        .http
        .get(format!("{}/services/data/v59.0/limits", org.base))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(limits.status(), StatusCode::OK);
}

#[tokio::test]
async fn authorization_code_with_pkce_then_refresh_token() {
    let org = start().await;
    let verifier = "a-verifier-long-enough-to-be-a-real-pkce-code-verifier-0123456789";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let redirect = "http://localhost:1717/OauthRedirect";
    let r = org
        .http
        .get(format!("{}/services/oauth2/authorize", org.base))
        .query(&[
            ("response_type", "code"),
            ("client_id", "sandbox"),
            ("redirect_uri", redirect),
            ("state", "s-42"),
            ("scope", "refresh_token api web"),
            ("code_challenge", &challenge),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(redirect), "{location}");
    let query = location.split_once('?').unwrap().1;
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    let code = &params.iter().find(|(k, _)| k == "code").unwrap().1;
    assert!(params.contains(&("state".into(), "s-42".into())));

    let exchange = |verifier: &'static str| {
        let code = code.clone();
        let org = &org;
        async move {
            token(
                org,
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", "sandbox"),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", verifier),
                ],
            )
            .await
        }
    };
    let (status, body) = exchange(verifier).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    // Codes are single-use.
    let (status, body) = exchange(verifier).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");

    let (status, body) = token(
        &org,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox"),
            ("refresh_token", &refresh),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("refresh_token").is_none());

    // Revoking the refresh token ends it and the sessions issued from it.
    let access = body["access_token"].as_str().unwrap().to_string();
    let r = org
        .http
        .post(format!("{}/services/oauth2/revoke", org.base))
        .form(&[("token", refresh.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (status, body) = token(
        &org,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox"),
            ("refresh_token", &refresh),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "expired access/refresh token");
    let r = org
        .http
        .get(format!("{}/services/data/v59.0/limits", org.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused() {
    let org = start().await;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(b"the-right-verifier"));
    let r = org
        .http
        .get(format!(
            "{}/services/oauth2/authorize?response_type=code&client_id=sandbox&redirect_uri=http://127.0.0.1:9/cb&code_challenge={challenge}",
            org.base
        ))
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let params: Vec<(String, String)> =
        serde_urlencoded::from_str(location.split_once('?').unwrap().1).unwrap();
    let (status, body) = token(
        &org,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "sandbox"),
            ("code", &params[0].1),
            ("redirect_uri", "http://127.0.0.1:9/cb"),
            ("code_verifier", "another-verifier"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn missing_revoked_and_expired_sessions_get_invalid_session_id() {
    let org = start_with(|c| c.token_lifetime = Duration::from_millis(300)).await;
    let limits = format!("{}/services/data/v59.0/limits", org.base);
    let r = org.http.get(&limits).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Token");
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}])
    );
    let r = org
        .http
        .get(&limits)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = org
        .http
        .get(&limits)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "an expired token");

    let fresh = common::password_login(&org.http, &org.base).await;
    org.http
        .post(format!("{}/services/oauth2/revoke", org.base))
        .form(&[("token", fresh.as_str())])
        .send()
        .await
        .unwrap();
    let r = org
        .http
        .get(&limits)
        .bearer_auth(&fresh)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "a revoked token");
}

#[tokio::test]
async fn userinfo_and_identity_name_the_admin_user_and_the_org() {
    let org = start().await;
    let r = org
        .http
        .get(format!("{}/services/oauth2/userinfo", org.base))
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    let info: Value = r.json().await.unwrap();
    assert_eq!(info["preferred_username"], "admin@sandbox.local");
    assert_eq!(info["user_id"], org.sandbox.admin_user_id());
    assert_eq!(info["organization_id"], org.sandbox.org_id());
    let id_url = info["sub"].as_str().unwrap();
    let r = org
        .http
        .get(format!("{id_url}?format=json&oauth_token={}", org.token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let identity: Value = r.json().await.unwrap();
    assert_eq!(identity["username"], "admin@sandbox.local");
    // The admin user is a record too.
    let user = org
        .get(&format!("/sobjects/User/{}", org.sandbox.admin_user_id()))
        .await;
    assert_eq!(user.body["Username"], "admin@sandbox.local");
}

#[tokio::test]
async fn https_serves_the_same_org_with_a_certificate_kept_in_the_data_directory() {
    let org = start_with(|c| c.tls_port = Some(0)).await;
    let url = org.sandbox.tls_url().expect("an HTTPS URL").to_string();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let cert_path = org.sandbox.certificate_path().unwrap().to_path_buf();
    assert!(cert_path.starts_with(org.dir.path()));
    let pem = std::fs::read(&cert_path).unwrap();
    let https = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let token: Value = https
        .post(format!("{url}/services/oauth2/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", "sandbox"),
            ("client_secret", "sandbox-secret"),
            ("username", "admin@sandbox.local"),
            ("password", "sandbox"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(token["instance_url"], url.as_str());
    let r = https
        .get(format!("{url}/services/data/v59.0/sobjects/"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // A restart reuses the certificate.
    let common::Org { sandbox, dir, .. } = org;
    sandbox.stop().await;
    let again = common::start_in(dir, |c| c.tls_port = Some(0)).await;
    assert_eq!(
        std::fs::read(again.sandbox.certificate_path().unwrap()).unwrap(),
        pem
    );
}

fn assertion(claims: Value) -> String {
    let key =
        jsonwebtoken::EncodingKey::from_rsa_pem(include_bytes!("fixtures/jwt-key.pem")).unwrap();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .unwrap()
}

#[tokio::test]
async fn jwt_bearer_accepts_exp_in_seconds_or_milliseconds_and_refuses_bad_assertions() {
    let key =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jwt-public.pem");
    let org = start_with(|c| c.jwt_public_key = Some(key)).await;
    let now_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    let claims = |exp: i64, sub: &str, iss: &str| serde_json::json!({"iss": iss, "sub": sub, "aud": "https://login.salesforce.com", "exp": exp});
    for exp in [now_s + 180, (now_s + 300) * 1000] {
        let jwt = assertion(claims(exp, "admin@sandbox.local", "sandbox"));
        let (status, body) = token(&org, &[("grant_type", grant), ("assertion", &jwt)]).await;
        assert_eq!(status, StatusCode::OK, "exp {exp}: {body}");
        assert_eq!(body["scope"], "id full");
        assert!(body.get("refresh_token").is_none());
    }
    let cases = [
        (
            assertion(claims(now_s - 3600, "admin@sandbox.local", "sandbox")),
            "invalid_grant",
        ),
        (
            assertion(claims(now_s + 180, "someone@else", "sandbox")),
            "invalid_grant",
        ),
        (
            assertion(claims(now_s + 180, "admin@sandbox.local", "other-app")),
            "invalid_client_id",
        ),
        ("not.a.jwt".to_string(), "invalid_grant"),
    ];
    for (jwt, error) in cases {
        let (status, body) = token(&org, &[("grant_type", grant), ("assertion", &jwt)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], error, "{body}");
    }
}
