//! Every auth type against the sample API's auth modes, token expiry followed by one
//! refresh and a retry, and no secret in any message.

mod common;

use common::*;
use synccentral_httpapi::sample_api::{Fault, FaultKind, SampleAuth};
use synccentral_httpapi::{Auth, Fetcher, HttpMethod, KeyLocation, Paging, SourceConfig, Window};

/// Invoices in pages of `size`, next URLs followed.
fn invoices(
    api: &synccentral_httpapi::sample_api::SampleApi,
    size: usize,
    auth: Auth,
) -> SourceConfig {
    let size = size.to_string();
    let mut config = source(
        api,
        "/v1/invoices",
        &[("paging", "nextUrl"), ("page_size", &size)],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    config.auth = auth;
    config
}

#[tokio::test]
async fn a_bearer_token_is_sent_and_a_wrong_one_is_a_401_that_does_not_show_it() {
    let api = sample(
        5,
        SampleAuth::Bearer {
            token: "t0ps3cret".into(),
        },
    )
    .await;
    let ok = invoices(
        &api,
        2,
        Auth::Bearer {
            token: "t0ps3cret".into(),
        },
    );
    let pages = fetch_all(&ok, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..5));

    let wrong = invoices(
        &api,
        2,
        Auth::Bearer {
            token: "wr0ngtoken".into(),
        },
    );
    let (_, e) = fetch_all(&wrong, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("answered HTTP 401"), "{e}");
    assert!(!format!("{e} {e:?}").contains("wr0ngtoken"));
}

#[tokio::test]
async fn an_api_key_goes_in_a_header() {
    let api = sample(
        3,
        SampleAuth::ApiKey {
            query: false,
            name: "X-Api-Key".into(),
            value: "k-123456".into(),
        },
    )
    .await;
    let auth = Auth::ApiKey {
        location: KeyLocation::Header,
        name: "X-Api-Key".into(),
        value: "k-123456".into(),
    };
    let pages = fetch_all(
        &invoices(&api, 2, auth),
        Window::default(),
        egress(&[api.base_url()]),
    )
    .await
    .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..3));
}

#[tokio::test]
async fn an_api_key_in_the_query_is_kept_on_next_urls_and_shown_as_stars() {
    let api = sample(
        7,
        SampleAuth::ApiKey {
            query: true,
            name: "api_key".into(),
            value: "k+s3cr3t/1".into(),
        },
    )
    .await;
    let auth = Auth::ApiKey {
        location: KeyLocation::Query,
        name: "api_key".into(),
        value: "k+s3cr3t/1".into(),
    };
    let config = invoices(&api, 3, auth);
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..7));
    for page in &pages {
        assert!(!page.url.contains("s3cr3t"), "{}", page.url);
    }
    // The API echoes the key into its next URLs: shown as stars.
    assert!(pages[1].url.contains("api_key=***"), "{}", pages[1].url);
    // The key is sent once per request even though the API echoes it into its next URLs.
    let seen = api.requests();
    assert_eq!(
        seen[1].path.matches("api_key=").count(),
        1,
        "{}",
        seen[1].path
    );

    let mut fault = Fault::new(FaultKind::Html, 1);
    fault.after = 1;
    api.inject(fault);
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(text.contains("api_key=***"), "{text}");
    assert!(!text.contains("s3cr3t"), "{text}");
}

#[tokio::test]
async fn basic_auth_sends_the_username_and_password() {
    let api = sample(
        4,
        SampleAuth::Basic {
            username: "ann".into(),
            password: "pa:ss w0rd".into(),
        },
    )
    .await;
    let auth = Auth::Basic {
        username: "ann".into(),
        password: "pa:ss w0rd".into(),
    };
    let pages = fetch_all(
        &invoices(&api, 2, auth),
        Window::default(),
        egress(&[api.base_url()]),
    )
    .await
    .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..4));
    let wrong = Auth::Basic {
        username: "ann".into(),
        password: "nope".into(),
    };
    let (_, e) = fetch_all(
        &invoices(&api, 2, wrong),
        Window::default(),
        egress(&[api.base_url()]),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("HTTP 401"), "{e}");
}

fn oauth2(api: &synccentral_httpapi::sample_api::SampleApi, secret: &str) -> Auth {
    Auth::Oauth2 {
        token_url: format!("{}/oauth/token", api.base_url()),
        client_id: "sync-central".into(),
        client_secret: secret.into(),
        scope: Some("invoices:read".into()),
    }
}

#[tokio::test]
async fn oauth2_fetches_one_token_and_after_expiry_fetches_a_new_one_and_retries() {
    let api = sample(
        9,
        SampleAuth::Oauth2 {
            client_id: "sync-central".into(),
            client_secret: "cl1ent-s3cret".into(),
        },
    )
    .await;
    let config = invoices(&api, 3, oauth2(&api, "cl1ent-s3cret"));
    let mut fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let mut pages = vec![fetcher.next_page().await.unwrap().unwrap()];
    pages.push(fetcher.next_page().await.unwrap().unwrap());
    assert_eq!(api.tokens_issued(), 1, "the token is cached");
    api.expire_tokens();
    while let Some(p) = fetcher.next_page().await.unwrap() {
        pages.push(p);
    }
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..9));
    assert_eq!(api.tokens_issued(), 2, "one new token after the 401");
    let statuses: Vec<String> = api
        .requests()
        .iter()
        .map(|s| s.headers.get("authorization").cloned().unwrap_or_default())
        .collect();
    assert_eq!(statuses.len(), 4, "three pages and one retry: {statuses:?}");
    assert_ne!(statuses[2], statuses[3], "the retry carries the new token");
}

#[tokio::test]
async fn a_refused_oauth2_client_fails_with_the_token_endpoint_named_and_no_secret() {
    let api = sample(
        3,
        SampleAuth::Oauth2 {
            client_id: "sync-central".into(),
            client_secret: "right-one".into(),
        },
    )
    .await;
    let config = invoices(&api, 3, oauth2(&api, "wr0ng-s3cret"));
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "AUTH_FAILED");
    let text = e.to_string();
    assert!(
        text.contains(&format!(
            "the token endpoint {}/oauth/token answered HTTP 401",
            api.base_url()
        )),
        "{text}"
    );
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!format!("{e:?}").contains("wr0ng-s3cret"));
}

#[tokio::test]
async fn a_token_that_keeps_failing_is_retried_once_only() {
    // The API accepts no token at all (Bearer mode with another token), so the refresh
    // cannot help: one retry, then the 401 is reported.
    let api = sample(
        3,
        SampleAuth::Bearer {
            token: "fixed".into(),
        },
    )
    .await;
    let config = invoices(&api, 3, oauth2(&api, "x"));
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("HTTP 401"), "{e}");
    assert_eq!(api.tokens_issued(), 2);
    assert_eq!(api.requests().len(), 2);
}

fn custom(api: &synccentral_httpapi::sample_api::SampleApi, password: &str) -> Auth {
    Auth::Custom {
        method: HttpMethod::Post,
        url: format!("{}/auth/login", api.base_url()),
        body: Some(format!(
            r#"{{"username": "ann", "password": "{password}"}}"#
        )),
        content_type: Some("application/json".into()),
        token_path: "data.session.token".into(),
        header: "X-Session-Token".into(),
        prefix: "Session ".into(),
    }
}

#[tokio::test]
async fn a_custom_token_endpoint_is_read_at_its_path_sent_in_its_header_and_refreshed() {
    let api = sample(
        6,
        SampleAuth::Custom {
            username: "ann".into(),
            password: "l0gin-pw".into(),
        },
    )
    .await;
    let config = invoices(&api, 2, custom(&api, "l0gin-pw"));
    let mut fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let mut pages = vec![fetcher.next_page().await.unwrap().unwrap()];
    api.expire_tokens();
    while let Some(p) = fetcher.next_page().await.unwrap() {
        pages.push(p);
    }
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..6));
    assert_eq!(api.tokens_issued(), 2);
    assert!(api.requests()[0].headers["x-session-token"].starts_with("Session tok-"));

    let wrong = invoices(&api, 2, custom(&api, "bad-pw-123"));
    let (_, e) = fetch_all(&wrong, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(text.contains("/auth/login answered HTTP 401"), "{text}");
    assert!(!text.contains("bad-pw-123"), "{text}");
}

#[tokio::test]
async fn a_token_path_that_finds_nothing_says_what_the_answer_had() {
    let api = sample(
        1,
        SampleAuth::Custom {
            username: "ann".into(),
            password: "pw".into(),
        },
    )
    .await;
    let mut auth = custom(&api, "pw");
    if let Auth::Custom { token_path, .. } = &mut auth {
        *token_path = "token".into();
    }
    let (_, e) = fetch_all(
        &invoices(&api, 2, auth),
        Window::default(),
        egress(&[api.base_url()]),
    )
    .await
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("without a token at 'token'; the body has keys: data (object), expiresIn"),
        "{text}"
    );
    assert!(
        !text.contains("tok-"),
        "the token itself is not shown: {text}"
    );
}

#[test]
fn the_config_reads_the_workspace_document_field_names() {
    let auth: Auth =
        serde_json::from_str(r#"{"type": "apiKey", "in": "query", "name": "k", "value": "v"}"#)
            .unwrap();
    assert_eq!(
        auth,
        Auth::ApiKey {
            location: KeyLocation::Query,
            name: "k".into(),
            value: "v".into()
        }
    );
    let auth: Auth = serde_json::from_str(
        r#"{"type": "oauth2", "tokenUrl": "https://h/t", "clientId": "i", "clientSecret": "s"}"#,
    )
    .unwrap();
    assert!(matches!(auth, Auth::Oauth2 { scope: None, .. }));
    let auth: Auth =
        serde_json::from_str(r#"{"type": "custom", "url": "https://h/login", "tokenPath": "$.t"}"#)
            .unwrap();
    let Auth::Custom {
        method,
        header,
        prefix,
        ..
    } = auth
    else {
        panic!()
    };
    assert_eq!(
        (method, header.as_str(), prefix.as_str()),
        (HttpMethod::Post, "Authorization", "Bearer ")
    );
    let config: SourceConfig = serde_json::from_str(
        r#"{"baseUrl": "https://h", "path": "/v1/x", "paging": {"type": "page", "param": "p"}, "recordsPath": "data"}"#,
    )
    .unwrap();
    assert_eq!(
        config.paging,
        Paging::Page {
            pages_path: None,
            param: "p".into(),
            page_size: None,
            size_param: None,
            start: 1
        }
    );
    assert_eq!(
        (config.max_pages, config.max_page_bytes),
        (100, 5 * 1024 * 1024)
    );
    let paging: Paging = serde_json::from_str(
        r#"{"type": "offset", "param": "o", "pageSize": 50, "limitParam": "l"}"#,
    )
    .unwrap();
    assert!(matches!(paging, Paging::Offset { page_size: 50, .. }));
    assert!(
        serde_json::from_str::<Paging>(r#"{"type": "nextUrl", "path": "n", "extra": 1}"#).is_err()
    );
}

#[tokio::test]
async fn debug_output_of_configs_and_fetchers_hides_credentials() {
    let api = sample(1, SampleAuth::None).await;
    let auths = [
        Auth::Bearer {
            token: "hide-me-1".into(),
        },
        Auth::Basic {
            username: "ann".into(),
            password: "hide-me-2".into(),
        },
        Auth::ApiKey {
            location: KeyLocation::Query,
            name: "k".into(),
            value: "hide-me-3".into(),
        },
        oauth2(&api, "hide-me-4"),
        custom(&api, "hide-me-5"),
    ];
    for auth in auths {
        let config = invoices(&api, 1, auth);
        let fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
        let shown = format!("{config:?} {fetcher:?}");
        assert!(!shown.contains("hide-me"), "{shown}");
    }
}

#[tokio::test]
async fn a_token_past_its_expires_in_is_renewed_before_the_request_without_a_401() {
    let api = synccentral_httpapi::sample_api::SampleApi::start(
        synccentral_httpapi::sample_api::SampleConfig {
            records: 4,
            auth: SampleAuth::Oauth2 {
                client_id: "sync-central".into(),
                client_secret: "s".into(),
            },
            token_lifetime: std::time::Duration::from_secs(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let config = invoices(&api, 2, oauth2(&api, "s"));
    let mut fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let first = fetcher.next_page().await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_050)).await;
    let second = fetcher.next_page().await.unwrap().unwrap();
    assert_eq!(ids(&[first, second], "invoice_id"), invoice_ids(0..4));
    assert_eq!(api.tokens_issued(), 2);
    assert_eq!(api.requests().len(), 2, "no request was answered 401");
}

#[tokio::test]
async fn credentials_go_only_to_the_connections_own_origin() {
    let home = sample(
        3,
        SampleAuth::Bearer {
            token: "t0ps3cret".into(),
        },
    )
    .await;
    // Another server, also on the remote sites, that takes no credentials.
    let other = sample(3, SampleAuth::None).await;
    let bearer = Auth::Bearer {
        token: "t0ps3cret".into(),
    };
    let mut config = invoices(&home, 5, bearer);
    config.path = format!("{}/v1/invoices", other.base_url().trim_end_matches('/'));
    let sites = [home.base_url(), other.base_url()];
    let pages = fetch_all(&config, Window::default(), egress(&sites))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..3));
    let seen = other.requests();
    assert!(!seen.is_empty());
    for r in &seen {
        assert!(
            !r.headers.contains_key("authorization"),
            "the token went to another origin: {:?}",
            r.headers
        );
    }
    // At home it is sent.
    let config = invoices(
        &home,
        5,
        Auth::Bearer {
            token: "t0ps3cret".into(),
        },
    );
    fetch_all(&config, Window::default(), egress(&sites))
        .await
        .unwrap();
    assert!(home
        .requests()
        .iter()
        .all(|r| r.headers.get("authorization").map(String::as_str) == Some("Bearer t0ps3cret")));
}
