//! The org bounds slow clients on real sockets: half a request head is cut off, a body that
//! never comes is answered 408 `REQUEST_TIMEOUT`, a call that takes too long 503
//! `REQUEST_RUNNING_TOO_LONG`; the HTTPS listener cuts off a client that never shakes hands.

mod common;

use common::start_with;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};
use synccentral_sandbox::{Fault, FaultKind};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

fn short(c: &mut synccentral_sandbox::Config) {
    c.limits = c.limits.all_timeouts(Duration::from_secs(1));
}

fn addr(url: &str) -> String {
    url.split("://").nth(1).unwrap().to_string()
}

use synccentral_serve::probe::read_to_close;

fn error_array(answer: &str) -> Value {
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    serde_json::from_str(body).unwrap_or(Value::Null)
}

#[tokio::test]
async fn half_a_request_head_is_cut_off() {
    let org = start_with(short).await;
    let mut stream = TcpStream::connect(addr(&org.base)).await.unwrap();
    stream
        .write_all(b"GET /services/data/ HTTP/1.1\r\nHost: x\r\nAccept: appl")
        .await
        .unwrap();
    let began = Instant::now();
    let got = read_to_close(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(got.as_deref(), Some(""), "closed without an answer");
    assert!(began.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn a_body_promised_but_not_sent_is_answered_408() {
    let org = start_with(short).await;
    let mut stream = TcpStream::connect(addr(&org.base)).await.unwrap();
    let head = format!(
        "POST /services/data/v59.0/sobjects/Account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{{\"Name\": ",
        org.token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let began = Instant::now();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .expect("answered and closed");
    assert!(began.elapsed() < Duration::from_secs(3));
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    let errors = error_array(&got);
    assert_eq!(errors[0]["errorCode"], "REQUEST_TIMEOUT", "{got}");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("within 1 s"));
}

#[tokio::test]
async fn a_call_running_too_long_is_answered_503_and_the_next_one_works() {
    let org = start_with(|c| {
        short(c);
        c.faults = vec![Fault {
            kind: FaultKind::Delay(Duration::from_secs(5)),
            count: 1,
            path: None,
        }];
    })
    .await;
    let url = format!("{}/services/data/v59.0/sobjects/", org.base);
    let began = Instant::now();
    let r = org
        .http
        .get(&url)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert!(began.elapsed() < Duration::from_secs(3));
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body[0]["errorCode"], "REQUEST_RUNNING_TOO_LONG");
    let r = org
        .http
        .get(&url)
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn https_cuts_off_a_client_that_never_shakes_hands() {
    let org = start_with(|c| {
        short(c);
        c.tls_port = Some(0);
    })
    .await;
    let tls = org.sandbox.tls_url().unwrap().to_string();
    let mut stream = TcpStream::connect(addr(&tls)).await.unwrap();
    let began = Instant::now();
    assert!(
        read_to_close(&mut stream, Duration::from_secs(5))
            .await
            .is_some(),
        "the connection stays open"
    );
    assert!(began.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn https_answers_a_call_running_too_long_with_503() {
    let org = start_with(|c| {
        short(c);
        c.tls_port = Some(0);
        c.faults = vec![Fault {
            kind: FaultKind::Delay(Duration::from_secs(5)),
            count: 1,
            path: None,
        }];
    })
    .await;
    let tls = org.sandbox.tls_url().unwrap().to_string();
    let pem = std::fs::read(org.sandbox.certificate_path().unwrap()).unwrap();
    let https = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let r = https
        .get(format!("{tls}/services/data/v59.0/sobjects/"))
        .bearer_auth(&org.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body[0]["errorCode"], "REQUEST_RUNNING_TOO_LONG");
}
