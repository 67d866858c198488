//! The egress client against real loopback servers: allowlist (also on redirects), retries
//! on 5xx/429/timeouts/dropped connections, `Retry-After`, and capped reads.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use synccentral_net::{read_capped, Egress, EgressConfig, NetError, RemoteSites, RetryPolicy};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use url::Url;

async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://127.0.0.1:{}", addr.port())
}

fn egress(sites: &[&str]) -> Egress {
    let mut config = EgressConfig::new(RemoteSites::parse(sites).unwrap());
    config.retry = RetryPolicy {
        max_attempts: 4,
        base: Duration::from_millis(10),
        max_delay: Duration::from_secs(5),
    };
    config.timeout = Duration::from_millis(500);
    Egress::new(config).unwrap()
}

async fn get_url(e: &Egress, url: &str) -> Result<reqwest::Response, NetError> {
    let req = e
        .request(reqwest::Method::GET, Url::parse(url).unwrap())
        .build()
        .unwrap();
    e.send(req).await
}

/// A route that fails with `status` for the first `fails` calls, then answers "ok".
fn flaky(fails: usize, status: StatusCode, headers: HeaderMap, hits: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/flaky",
        get(move || {
            let n = hits.fetch_add(1, Ordering::SeqCst);
            let headers = headers.clone();
            async move {
                if n < fails {
                    (status, headers, "busy").into_response()
                } else {
                    "ok".into_response()
                }
            }
        }),
    )
}

#[tokio::test]
async fn server_errors_are_retried_until_a_response_succeeds() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(flaky(
        2,
        StatusCode::SERVICE_UNAVAILABLE,
        HeaderMap::new(),
        hits.clone(),
    ))
    .await;
    let e = egress(&[&base]);
    let resp = get_url(&e, &format!("{base}/flaky")).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "ok");
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    assert_eq!((e.sent(), e.retried()), (3, 2));
}

#[tokio::test]
async fn when_retries_are_spent_the_last_response_is_returned_with_its_body() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(flaky(
        100,
        StatusCode::INTERNAL_SERVER_ERROR,
        HeaderMap::new(),
        hits.clone(),
    ))
    .await;
    let e = egress(&[&base]);
    let resp = get_url(&e, &format!("{base}/flaky")).await.unwrap();
    assert_eq!(resp.status(), 500);
    assert_eq!(resp.text().await.unwrap(), "busy");
    assert_eq!(hits.load(Ordering::SeqCst), 4, "max_attempts in all");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(flaky(
        100,
        StatusCode::BAD_REQUEST,
        HeaderMap::new(),
        hits.clone(),
    ))
    .await;
    let resp = get_url(&egress(&[&base]), &format!("{base}/flaky"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", "1".parse().unwrap());
    let base = serve(flaky(
        1,
        StatusCode::TOO_MANY_REQUESTS,
        headers,
        hits.clone(),
    ))
    .await;
    let started = Instant::now();
    let resp = get_url(&egress(&[&base]), &format!("{base}/flaky"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_url_off_the_list_is_refused_before_anything_is_sent() {
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(flaky(0, StatusCode::OK, HeaderMap::new(), hits.clone())).await;
    let e = egress(&["https://api.example.com"]);
    let err = get_url(&e, &format!("{base}/flaky")).await.unwrap_err();
    assert_eq!(err.code(), "REMOTE_SITE_NOT_ALLOWED");
    assert!(
        err.to_string()
            .contains(&format!("add {base} to the remote sites")),
        "{err}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    assert_eq!(e.sent(), 0);
}

#[tokio::test]
async fn redirects_are_followed_only_to_allowed_origins() {
    let hits = Arc::new(AtomicUsize::new(0));
    let other = serve(flaky(0, StatusCode::OK, HeaderMap::new(), hits.clone())).await;
    let target = format!("{other}/flaky");
    let t2 = target.clone();
    let base = serve(Router::new().route(
        "/moved",
        get(move || async move { Redirect::temporary(&t2) }),
    ))
    .await;

    let err = get_url(&egress(&[&base]), &format!("{base}/moved"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "REMOTE_SITE_NOT_ALLOWED", "{err}");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the redirect target was never called"
    );

    let resp = get_url(&egress(&[&base, &other]), &format!("{base}/moved"))
        .await
        .unwrap();
    assert_eq!(resp.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        // The first connection is closed without an answer; the second is answered.
        let (first, _) = listener.accept().await.unwrap();
        drop(first);
        let (mut second, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = tokio::io::AsyncReadExt::read(&mut second, &mut buf).await;
        second
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            .await
            .unwrap();
    });
    let base = format!("http://127.0.0.1:{port}");
    let e = egress(&[&base]);
    let resp = get_url(&e, &format!("{base}/x")).await.unwrap();
    assert_eq!(resp.text().await.unwrap(), "ok");
    assert_eq!(e.retried(), 1);
}

#[tokio::test]
async fn a_timeout_is_retried_and_reported_when_it_persists() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let base = serve(Router::new().route(
        "/slow",
        get(move || {
            let n = h.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                "late"
            }
        }),
    ))
    .await;
    let e = egress(&[&base]);
    let resp = get_url(&e, &format!("{base}/slow")).await.unwrap();
    assert_eq!(resp.text().await.unwrap(), "late");
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    let never = serve(Router::new().route(
        "/never",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "x"
        }),
    ))
    .await;
    let err = get_url(&egress(&[&never]), &format!("{never}/never"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "CONNECTION_FAILED");
    assert!(err.to_string().contains("after 4 attempt(s)"), "{err}");
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused_naming_the_url() {
    let base = serve(Router::new().route("/big", get(|| async { "x".repeat(10_000) }))).await;
    let e = egress(&[&base]);
    let resp = get_url(&e, &format!("{base}/big")).await.unwrap();
    let err = read_capped(resp, 1_000).await.unwrap_err();
    assert_eq!(err.code(), "RESPONSE_TOO_LARGE");
    assert!(err.to_string().contains("/big"), "{err}");
    let resp = get_url(&e, &format!("{base}/big")).await.unwrap();
    assert_eq!(read_capped(resp, 10_000).await.unwrap().len(), 10_000);
}

/// A server that reads each request and closes the connection without answering, `drops`
/// times, then answers "ok"; counts the requests it read.
async fn dropping_after_read(drops: usize, seen: Arc<AtomicUsize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (mut conn, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut conn, &mut buf).await;
            let n = seen.fetch_add(1, Ordering::SeqCst);
            if n < drops {
                drop(conn);
                continue;
            }
            let _ = conn
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                .await;
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn post(e: &Egress, url: &str) -> reqwest::Request {
    e.request(reqwest::Method::POST, Url::parse(url).unwrap())
        .body("{\"Name\":\"x\"}")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_post_whose_connection_dropped_after_sending_is_not_sent_again() {
    let seen = Arc::new(AtomicUsize::new(0));
    let base = dropping_after_read(1, seen.clone()).await;
    let e = egress(&[&base]);
    let err = e
        .send(post(&e, &format!("{base}/create")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, NetError::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 1, "the server saw it once");
    assert_eq!(e.retried(), 0);
}

#[tokio::test]
async fn a_post_marked_idempotent_is_sent_again_after_a_drop() {
    let seen = Arc::new(AtomicUsize::new(0));
    let base = dropping_after_read(1, seen.clone()).await;
    let e = egress(&[&base]);
    let resp = e
        .send_idempotent(post(&e, &format!("{base}/upsert")))
        .await
        .unwrap();
    assert_eq!(resp.text().await.unwrap(), "ok");
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_post_that_could_not_connect_is_retried() {
    // Nothing listens on the port at first; a server comes up while the client backs off.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let base = format!("http://127.0.0.1:{port}");
    let mut config = EgressConfig::new(RemoteSites::parse(&[base.as_str()]).unwrap());
    config.retry = RetryPolicy {
        max_attempts: 20,
        base: Duration::from_millis(50),
        max_delay: Duration::from_millis(100),
    };
    let e = Egress::new(config).unwrap();
    let request = post(&e, &format!("{base}/create"));
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let (mut conn, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut conn, &mut buf).await;
        conn.write_all(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            .await
            .unwrap();
    });
    let resp = e.send(request).await.unwrap();
    assert_eq!(resp.status(), 201);
    assert!(e.retried() >= 1);
    server.await.unwrap();
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again_but_503_and_429_are() {
    use axum::routing::post as route_post;
    for (status, expected_hits) in [
        (StatusCode::INTERNAL_SERVER_ERROR, 1),
        (StatusCode::SERVICE_UNAVAILABLE, 2),
        (StatusCode::TOO_MANY_REQUESTS, 2),
    ] {
        let hits = Arc::new(AtomicUsize::new(0));
        let h = hits.clone();
        let base = serve(Router::new().route(
            "/w",
            route_post(move || {
                let n = h.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n == 0 {
                        (status, "busy").into_response()
                    } else {
                        "ok".into_response()
                    }
                }
            }),
        ))
        .await;
        let e = egress(&[&base]);
        let resp = e.send(post(&e, &format!("{base}/w"))).await.unwrap();
        assert_eq!(hits.load(Ordering::SeqCst), expected_hits, "{status}");
        if expected_hits == 1 {
            assert_eq!(resp.status(), status);
        }
    }
}
