//! How Sync Central's local servers (the sandbox org, the push/pull endpoint, the sample API)
//! serve an axum router: an accept loop over hyper's HTTP/1 connections that bounds what a
//! slow or silent client can hold.
//!
//! - **Header read** ([`Limits::header_read`]): a request's head must arrive within it, or
//!   the connection is closed (slowloris). hyper starts the same timer whenever a kept-alive
//!   connection waits for its next request, so it is the idle keep-alive timeout too.
//! - **Body read** ([`Limits::body_read`]): a body not read to its end within it, from the
//!   head's arrival, is answered 408 and the connection closed.
//! - **Request** ([`Limits::request`]): a request not answered within it (body and handling)
//!   is answered 503 and its handler's future dropped.
//! - **Connections** ([`Limits::max_connections`]): no more are accepted while that many are
//!   open; the next ones wait in the listener's backlog.
//!
//! The 408 and 503 answers are each server's own error shape: [`serve`] takes an
//! [`Answer`] that builds them from a [`TimedOut`].

pub mod probe;
mod timeout;

pub use timeout::{request_timeouts, Answer, TimedOut};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// How long a client has to send a request's head, and how long a kept-alive connection may
/// wait idle for its next request: 30 s.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client has to send a request's whole body, from its head: 60 s.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a request may take, body and handling, before it is answered 503: 120 s.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Connections served at once by one server: 256.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

/// What a server bounds; [`Limits::default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request's head must arrive within this (also the keep-alive idle timeout).
    pub header_read: Duration,
    /// A request's body must be read to its end within this, from its head: else 408.
    pub body_read: Duration,
    /// A request must be answered within this, body and handling: else 503 (or 408 when its
    /// body is what is missing).
    pub request: Duration,
    /// The most connections served at once.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: DEFAULT_HEADER_READ_TIMEOUT,
            body_read: DEFAULT_BODY_READ_TIMEOUT,
            request: DEFAULT_REQUEST_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl Limits {
    /// These limits with every timeout set to `timeout` (tests use a second or two).
    pub fn all_timeouts(self, timeout: Duration) -> Limits {
        Limits {
            header_read: timeout,
            body_read: timeout,
            request: timeout,
            ..self
        }
    }
}

/// Serves `router` on `listener` under `limits` until `shutdown` resolves; then stops
/// accepting, lets each connection finish the request it is in (each bounded by
/// [`Limits::request`]) and returns. Timed-out requests are answered with `answer`.
///
/// Dropping the returned future (aborting its task) drops every connection at once.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    answer: Answer,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let service = TowerToHyperService::new(request_timeouts(router, limits, answer));
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Finished connections (a panicked one included) are reaped as we go.
        while connections.try_join_next().is_some() {}
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) if connection_error(&e) => continue,
                // Out of file descriptors and the like: wait for some to be given back.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let service = service.clone();
        let mut closed = closed.clone();
        let header_read = limits.header_read;
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = closing.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// An accept error that concerns one connection only (the server goes on at once).
fn connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}
