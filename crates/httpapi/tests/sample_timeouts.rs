//! The sample API bounds slow clients on real sockets: half a request head is cut off, a
//! body promised but not sent is answered 408 `{"error"}`, requests in time are served.

use serde_json::Value;
use std::time::{Duration, Instant};
use synccentral_httpapi::sample_api::{SampleApi, SampleConfig};
use synccentral_serve::Limits;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

async fn briefly() -> SampleApi {
    SampleApi::start(SampleConfig {
        records: 3,
        limits: Limits::default().all_timeouts(Duration::from_secs(1)),
        ..SampleConfig::default()
    })
    .await
    .unwrap()
}

async fn connect(api: &SampleApi) -> TcpStream {
    TcpStream::connect(api.base_url().trim_start_matches("http://"))
        .await
        .unwrap()
}

use synccentral_serve::probe::read_to_close;

#[tokio::test]
async fn half_a_request_head_is_cut_off() {
    let api = briefly().await;
    let mut stream = connect(&api).await;
    stream
        .write_all(b"GET /v1/invoices HTTP/1.1\r\nHo")
        .await
        .unwrap();
    let began = Instant::now();
    let got = read_to_close(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(got.as_deref(), Some(""), "closed without an answer");
    assert!(began.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn a_body_promised_but_not_sent_is_408_and_nothing_is_kept() {
    let api = briefly().await;
    let mut stream = connect(&api).await;
    stream
        .write_all(
            b"POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{\"id\": 12",
        )
        .await
        .unwrap();
    let began = Instant::now();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .expect("answered and closed");
    assert!(began.elapsed() < Duration::from_secs(3));
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    let body: Value = serde_json::from_str(got.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("within 1 s"),
        "{got}"
    );
    assert!(api.received().is_empty());

    let page: Value = plain_get(&api, "/v1/invoices?page_size=2").await;
    assert_eq!(page["invoices"].as_array().map(Vec::len), Some(2));
}

/// A plain GET over a raw socket (this crate's tests have no HTTP client).
async fn plain_get(api: &SampleApi, path: &str) -> Value {
    let mut stream = connect(api).await;
    let head = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    serde_json::from_str(got.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}
