//! The limits on real sockets: a client sending half a head, a body that never comes, a
//! handler that hangs, idle kept-alive connections, the connection cap, shutdown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::time::{Duration, Instant};
use synccentral_serve::{serve, Limits, TimedOut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn answer(t: TimedOut) -> Response {
    (t.status(), format!("{{\"timedOut\":\"{}\"}}", t.message())).into_response()
}

struct Server {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(limits: Limits) -> Server {
    let router = Router::new()
        .route("/hello", get(|| async { "hello" }))
        .route("/echo", post(|body: String| async move { body }))
        .route(
            "/hang",
            get(|| async {
                std::future::pending::<()>().await;
                "never"
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, router, limits, answer, async {
        let _ = stopped.await;
    }));
    Server { addr, stop, task }
}

fn short() -> Limits {
    Limits::default().all_timeouts(Duration::from_secs(1))
}

use synccentral_serve::probe::read_to_close;

#[tokio::test]
async fn half_a_head_is_cut_off_after_the_header_read_timeout() {
    let server = start(short()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let began = Instant::now();
    stream
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let got = read_to_close(&mut stream, Duration::from_secs(5)).await;
    assert!(got.is_some(), "the connection stays open");
    assert!(began.elapsed() >= Duration::from_millis(900));
    assert!(!got.unwrap().contains("hello"));
}

#[tokio::test]
async fn a_body_that_never_comes_is_answered_408() {
    let server = start(short()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let began = Instant::now();
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n0123456789")
        .await
        .unwrap();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .expect("the connection is closed");
    assert!(began.elapsed() < Duration::from_secs(3));
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(
        got.contains("the request body was not received within 1 s"),
        "{got}"
    );
    assert!(
        got.to_ascii_lowercase().contains("connection: close"),
        "{got}"
    );
}

#[tokio::test]
async fn a_hanging_handler_is_answered_503() {
    let server = start(short()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .expect("the connection is closed");
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    assert!(got.contains("not answered within 1 s"), "{got}");
}

#[tokio::test]
async fn requests_in_time_are_served_and_an_idle_connection_is_closed() {
    let server = start(short()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    for _ in 0..2 {
        stream
            .write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
            .await
            .unwrap();
        let mut buf = [0u8; 512];
        let n = stream.read(&mut buf).await.unwrap();
        let got = String::from_utf8_lossy(&buf[..n]);
        assert!(got.starts_with("HTTP/1.1 200"), "{got}");
        assert!(got.ends_with("hello"), "{got}");
    }
    // Kept alive, then idle: closed after the header read timeout.
    let began = Instant::now();
    let rest = read_to_close(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(rest.as_deref(), Some(""));
    assert!(began.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_one_to_close() {
    let limits = Limits {
        max_connections: 1,
        ..Limits::default()
    };
    let server = start(limits).await;
    let first = TcpStream::connect(server.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut second = TcpStream::connect(server.addr).await.unwrap();
    second
        .write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(
        read_to_close(&mut second, Duration::from_millis(300)).await,
        None,
        "served beside the first connection"
    );
    drop(first);
    let got = read_to_close(&mut second, Duration::from_secs(5))
        .await
        .expect("served once the first closed");
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
}

#[tokio::test]
async fn shutdown_closes_idle_connections_and_returns() {
    let server = start(Limits::default()).await;
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    assert!(idle.read(&mut buf).await.unwrap() > 0);
    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
    assert_eq!(
        read_to_close(&mut idle, Duration::from_secs(2)).await,
        Some(String::new())
    );
    assert_eq!(
        TcpStream::connect(server.addr)
            .await
            .err()
            .map(|e| e.kind()),
        Some(std::io::ErrorKind::ConnectionRefused)
    );
}

#[tokio::test]
async fn a_status_is_kept_even_if_the_answer_gives_another() {
    fn wrong(_: TimedOut) -> Response {
        StatusCode::OK.into_response()
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().route(
        "/hang",
        get(|| async {
            std::future::pending::<()>().await;
            "never"
        }),
    );
    let task = tokio::spawn(serve(
        listener,
        router,
        short(),
        wrong,
        std::future::pending(),
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let got = read_to_close(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    task.abort();
}
