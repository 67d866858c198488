//! The import source against the sample API on loopback: every paging style over several
//! pages delivers exactly the record set, templates fill requests, maxPages stops with a
//! warning, and each kind of bad page gives an error naming its URL and page.

mod common;

use common::*;
use futures_util::StreamExt;
use synccentral_httpapi::sample_api::{updated_at, Fault, FaultKind, SampleAuth};
use synccentral_httpapi::{Fetcher, HttpApiError, HttpMethod, Paging, Window};

#[tokio::test]
async fn next_url_paging_follows_relative_links_to_the_last_page() {
    let api = sample(25, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "nextUrl"), ("page_size", "10")],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [10, 10, 5]);
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..25));
    assert_eq!(
        pages.iter().map(|p| p.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(pages[1].url.contains("offset=10"), "{}", pages[1].url);
}

#[tokio::test]
async fn next_url_paging_follows_absolute_links_found_by_jsonpath() {
    let api = sample(7, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/contacts",
        &[
            ("paging", "nextUrl"),
            ("page_size", "3"),
            ("next", "absolute"),
        ],
    );
    config.paging = Paging::NextUrl {
        path: "$.paging.next".into(),
    };
    config.records_path = "$.data".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [3, 3, 1]);
    let want: Vec<String> = (0..7).map(|i| format!("c-{}", 1001 + i)).collect();
    assert_eq!(ids(&pages, "id"), want);
}

#[tokio::test]
async fn cursor_paging_sends_the_token_back_until_it_is_empty() {
    let api = sample(23, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/payments",
        &[("paging", "cursor"), ("page_size", "8")],
    );
    config.paging = Paging::Cursor {
        to: Default::default(),
        path: "meta.next_cursor".into(),
        param: "cursor".into(),
    };
    config.records_path = "items".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [8, 8, 7]);
    let want: Vec<String> = (0..23).map(|i| format!("PAY-{}", i + 1)).collect();
    assert_eq!(ids(&pages, "payment_id"), want);
    let seen = api.requests();
    assert!(!seen[0].path.contains("cursor="), "{}", seen[0].path);
    assert!(seen[1].path.contains("cursor="), "{}", seen[1].path);
}

#[tokio::test]
async fn link_header_paging_follows_rel_next() {
    let api = sample(21, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "link"), ("page_size", "7")],
    );
    config.paging = Paging::Link;
    config.records_path = "invoices".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [7, 7, 7]);
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..21));
}

#[tokio::test]
async fn offset_paging_stops_on_a_short_page_or_an_empty_one() {
    let api = sample(25, SampleAuth::None).await;
    let mut config = source(&api, "/v1/invoices", &[("paging", "offset")]);
    config.paging = Paging::Offset {
        total_path: None,
        param: "offset".into(),
        page_size: 10,
        limit_param: Some("limit".into()),
    };
    config.records_path = "invoices".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [10, 10, 5]);
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..25));
    assert!(api.requests()[2].path.contains("offset=20&limit=10"));

    let api = sample(20, SampleAuth::None).await;
    let config = config_on(&config, &api);
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [10, 10, 0]);
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..20));
}

fn config_on(
    config: &synccentral_httpapi::SourceConfig,
    api: &synccentral_httpapi::sample_api::SampleApi,
) -> synccentral_httpapi::SourceConfig {
    let mut c = config.clone();
    c.base_url = api.base_url().to_string();
    c
}

#[tokio::test]
async fn page_number_paging_counts_from_start_and_stops_on_a_short_page() {
    let api = sample(12, SampleAuth::None).await;
    let mut config = source(&api, "/v1/contacts", &[("paging", "page")]);
    config.paging = Paging::Page {
        pages_path: None,
        param: "page".into(),
        page_size: Some(5),
        size_param: Some("page_size".into()),
        start: 1,
    };
    config.records_path = "data".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [5, 5, 2]);
    let want: Vec<String> = (0..12).map(|i| format!("c-{}", 1001 + i)).collect();
    assert_eq!(ids(&pages, "id"), want);
    let paths: Vec<String> = api.requests().iter().map(|s| s.path.clone()).collect();
    assert!(paths[0].contains("page=1&page_size=5"), "{paths:?}");
    assert!(paths[2].contains("page=3&page_size=5"), "{paths:?}");
}

#[tokio::test]
async fn page_number_paging_without_a_size_stops_on_an_empty_page() {
    let api = sample(10, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "page"), ("page_size", "4")],
    );
    config.paging = Paging::Page {
        pages_path: None,
        param: "page".into(),
        page_size: None,
        size_param: None,
        start: 1,
    };
    config.records_path = "invoices".into();
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(sizes(&pages), [4, 4, 2, 0]);
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..10));
}

#[tokio::test]
async fn the_time_window_and_page_number_fill_params_and_headers() {
    let api = sample(30, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[
            ("paging", "nextUrl"),
            ("page_size", "4"),
            ("updated_since", "{{since}}"),
            ("updated_until", "{{until}}"),
        ],
    );
    config
        .headers
        .insert("X-Page".into(), "page {{page}}".into());
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    // Records 6..15: since is inclusive, so all three records sharing updated_at(6) come.
    let window = Window {
        since: Some(updated_at(7).to_string()),
        until: Some(updated_at(15).to_string()),
    };
    let pages = fetch_all(&config, window, egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(6..15));
    let seen = api.requests();
    assert!(
        seen[0]
            .path
            .contains("updated_since=2024-06-01T00%3A02%3A00Z"),
        "{}",
        seen[0].path
    );
    let pages_sent: Vec<&str> = seen.iter().map(|s| s.headers["x-page"].as_str()).collect();
    assert_eq!(pages_sent, ["page 1", "page 2", "page 3"]);

    // A full import (no window) leaves the window's parameters out.
    let api = sample(5, SampleAuth::None).await;
    let config = config_on(&config, &api);
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..5));
    assert!(!api.requests()[0].path.contains("updated_"));
}

#[tokio::test]
async fn a_post_search_fills_its_body_template_per_page() {
    let api = sample(9, SampleAuth::None).await;
    let mut config = source(&api, "/v1/invoices/search", &[]);
    config.method = HttpMethod::Post;
    config.body = Some(
        r#"{"paging": "page", "page_size": 4, "page": "{{page}}", "updated_since": "{{since}}"}"#
            .into(),
    );
    config.paging = Paging::Page {
        pages_path: None,
        param: "page".into(),
        page_size: Some(4),
        size_param: None,
        start: 1,
    };
    config.records_path = "invoices".into();
    let window = Window {
        since: Some(updated_at(3).to_string()),
        until: None,
    };
    let pages = fetch_all(&config, window, egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(3..9));
    let seen = api.requests();
    assert_eq!(seen[1].method, "POST");
    let body: serde_json::Value = serde_json::from_str(&seen[1].body).unwrap();
    assert_eq!(body["page"], "2", "{}", seen[1].body);
    assert_eq!(body["updated_since"], updated_at(3).to_string());
    assert_eq!(seen[1].headers["content-type"], "application/json");
}

#[tokio::test]
async fn templates_with_unknown_variables_are_refused_with_every_problem() {
    let api = sample(1, SampleAuth::None).await;
    let mut config = source(&api, "/v1/{{tenant}}/invoices", &[("from", "{{sinse}}")]);
    config.records_path = "$[".into();
    config.max_pages = 0;
    let e = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap_err();
    let HttpApiError::Config { problems } = &e else {
        panic!("{e}")
    };
    assert_eq!(problems.len(), 4, "{problems:?}");
    let text = e.to_string();
    assert!(text.contains("path: unknown variable {{tenant}}"), "{text}");
    assert!(
        text.contains("params.from: unknown variable {{sinse}}"),
        "{text}"
    );
    assert!(text.contains("recordsPath"), "{text}");
    assert!(text.contains("maxPages must be at least 1"), "{text}");
}

#[tokio::test]
async fn max_pages_stops_with_a_warning_that_records_may_remain() {
    let api = sample(25, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "nextUrl"), ("page_size", "5")],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    config.max_pages = 2;
    let (pages, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..10));
    assert_eq!(e.code(), "MAX_PAGES_REACHED");
    let text = e.to_string();
    assert!(text.contains("stopped after 2 pages (maxPages)"), "{text}");
    assert!(text.contains("records may remain"), "{text}");
    assert!(text.contains("offset=10"), "{text}");
    assert_eq!(api.requests().len(), 2, "the third page is not requested");

    // Exactly maxPages pages is a complete import.
    config.max_pages = 5;
    let pages = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap();
    assert_eq!(pages.len(), 5);
}

#[tokio::test]
async fn invalid_json_names_the_page_line_and_column_and_a_retry_loses_nothing() {
    let api = sample(9, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "nextUrl"), ("page_size", "3")],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    let mut fault = Fault::new(FaultKind::InvalidJson, 1);
    fault.after = 1;
    api.inject(fault);
    let mut fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let first = fetcher.next_page().await.unwrap().unwrap();
    let e = fetcher.next_page().await.unwrap_err();
    assert_eq!(e.code(), "INVALID_JSON");
    let HttpApiError::InvalidJson {
        page, line, column, ..
    } = &e
    else {
        panic!("{e}")
    };
    assert_eq!((*page, *line), (2, 3));
    assert!(*column > 0);
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("page 2 ({}/v1/invoices?", api.base_url())),
        "{text}"
    );
    assert!(text.contains("offset=3"), "{text}");
    assert!(text.contains("at line 3, column"), "{text}");
    // The same page again, now served well: nothing skipped, nothing twice.
    let mut pages = vec![first];
    while let Some(page) = fetcher.next_page().await.unwrap() {
        pages.push(page);
    }
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..9));
    assert_eq!(
        pages.iter().map(|p| p.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[tokio::test]
async fn an_html_page_served_with_200_is_named_as_such() {
    let api = sample(3, SampleAuth::None).await;
    api.inject(Fault::new(FaultKind::Html, 1));
    let mut config = source(&api, "/v1/invoices", &[]);
    config.records_path = "invoices".into();
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "HTML_RESPONSE");
    assert_eq!(
        e.to_string(),
        format!(
            "page 1 ({}/v1/invoices) is an HTML page (HTTP 200), not JSON: check the URL and the authentication",
            api.base_url()
        )
    );
}

#[tokio::test]
async fn a_records_path_matching_nothing_says_which_keys_the_body_has() {
    let api = sample(4, SampleAuth::None).await;
    let mut config = source(&api, "/v1/payments", &[("page_size", "2")]);
    config.records_path = "data".into();
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "INVALID_RECORDS_PATH");
    let text = e.to_string();
    assert!(
        text.ends_with(
            "the records path 'data' matches nothing; the body has keys: items (array of 2), links (object), meta (object)"
        ),
        "{text}"
    );
    assert!(text.starts_with("page 1 ("), "{text}");
}

#[tokio::test]
async fn a_page_over_the_byte_cap_is_refused() {
    let api = sample(50, SampleAuth::None).await;
    let mut config = source(&api, "/v1/invoices", &[("page_size", "50")]);
    config.records_path = "invoices".into();
    config.max_page_bytes = 2_000;
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "RESPONSE_TOO_LARGE");
    let text = e.to_string();
    assert!(
        text.contains("page 1 (")
            && text.contains("larger than the 2000-byte page limit (maxPageBytes)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_non_2xx_status_shows_the_first_500_bytes_of_the_body() {
    let api = sample(3, SampleAuth::None).await;
    let long = "x".repeat(1_000);
    let config = source(&api, &format!("/v1/{long}"), &[]);
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    let HttpApiError::Status {
        status, body, page, ..
    } = &e
    else {
        panic!("{e}")
    };
    assert_eq!((*status, *page), (404, 1));
    assert!(
        body.starts_with(r#"{"error":"no such resource: /v1/xxx"#),
        "{body}"
    );
    assert_eq!(body.chars().count(), 501, "500 bytes and an ellipsis");
    assert!(e.to_string().contains("answered HTTP 404"));

    // A 500 that outlasts the retries is reported with its body too.
    api.inject(Fault::new(
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
        10,
    ));
    let config = source(&api, "/v1/invoices", &[]);
    let (_, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .ends_with(r#"answered HTTP 500: {"error":"injected fault"}"#),
        "{e}"
    );
}

#[tokio::test]
async fn transient_429_and_503_with_retry_after_are_retried_and_nothing_is_lost() {
    let api = sample(12, SampleAuth::None).await;
    let mut fault = Fault::new(
        FaultKind::Status {
            status: 503,
            retry_after: Some(1),
        },
        1,
    );
    fault.after = 1;
    api.inject(fault);
    let mut fault = Fault::new(
        FaultKind::Status {
            status: 429,
            retry_after: Some(0),
        },
        2,
    );
    fault.every = 2;
    api.inject(fault);
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "nextUrl"), ("page_size", "4")],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    let egress = egress(&[api.base_url()]);
    let started = std::time::Instant::now();
    let pages = fetch_all(&config, Window::default(), egress.clone())
        .await
        .unwrap();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..12));
    assert_eq!(egress.retried(), 3);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After honoured"
    );
}

#[tokio::test]
async fn a_next_url_off_the_remote_sites_is_refused_naming_the_site_to_add() {
    let api = sample(6, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[
            ("paging", "nextUrl"),
            ("page_size", "3"),
            ("next", "absolute"),
            ("next_base", "http://127.0.0.1:9"),
        ],
    );
    config.paging = Paging::NextUrl {
        path: "next_page".into(),
    };
    config.records_path = "invoices".into();
    let (pages, e) = fetch_all(&config, Window::default(), egress(&[api.base_url()]))
        .await
        .unwrap_err();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..3));
    assert_eq!(e.code(), "REMOTE_SITE_NOT_ALLOWED");
    let text = e.to_string();
    assert!(
        text.starts_with("page 2 (http://127.0.0.1:9/v1/invoices?"),
        "{text}"
    );
    assert!(
        text.contains("add http://127.0.0.1:9 to the remote sites"),
        "{text}"
    );
}

#[tokio::test]
async fn the_stream_yields_the_same_pages_and_ends_after_an_error() {
    let api = sample(10, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/invoices",
        &[("paging", "link"), ("page_size", "4")],
    );
    config.paging = Paging::Link;
    config.records_path = "invoices".into();
    let fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let pages: Vec<_> = fetcher.into_stream().collect().await;
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    assert_eq!(ids(&pages, "invoice_id"), invoice_ids(0..10));

    api.inject(Fault::new(FaultKind::Html, 1));
    let fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let items: Vec<_> = fetcher.into_stream().collect().await;
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

#[tokio::test]
async fn a_hundred_thousand_records_arrive_complete_a_page_at_a_time() {
    let api = sample(100_000, SampleAuth::None).await;
    let mut config = source(
        &api,
        "/v1/payments",
        &[("paging", "cursor"), ("page_size", "2000")],
    );
    config.paging = Paging::Cursor {
        to: Default::default(),
        path: "meta.next_cursor".into(),
        param: "cursor".into(),
    };
    config.records_path = "items".into();
    let mut fetcher = Fetcher::new(&config, Window::default(), egress(&[api.base_url()])).unwrap();
    let (mut count, mut pages, mut last) = (0usize, 0u32, 0usize);
    while let Some(page) = fetcher.next_page().await.unwrap() {
        pages += 1;
        for r in &page.records {
            let n: usize = r["payment_id"].as_str().unwrap()[4..].parse().unwrap();
            assert_eq!(n, last + 1, "in order, none skipped or repeated");
            last = n;
        }
        count += page.records.len();
    }
    assert_eq!((count, pages), (100_000, 50));
}
