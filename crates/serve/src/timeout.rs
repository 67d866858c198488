//! The body-read and request timeouts: a middleware racing each request's handling against
//! its deadlines, answering in the server's own error shape when one passes first.

use crate::Limits;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use http_body::{Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Instant;

/// Which deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimedOut {
    /// The body was not all sent within [`Limits::body_read`] (or within the request's time).
    Body(Duration),
    /// The request was not answered within [`Limits::request`].
    Request(Duration),
}

impl TimedOut {
    /// 408 for a body not sent in time, 503 for a request not answered in time.
    pub fn status(&self) -> StatusCode {
        match self {
            TimedOut::Body(_) => StatusCode::REQUEST_TIMEOUT,
            TimedOut::Request(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What happened, in words, naming the limit.
    pub fn message(&self) -> String {
        match self {
            TimedOut::Body(d) => format!(
                "the request body was not received within {}: send it faster, or smaller",
                seconds(*d)
            ),
            TimedOut::Request(d) => format!(
                "the request was not answered within {}: try again later",
                seconds(*d)
            ),
        }
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Builds a server's answer to a timed-out request (its status: [`TimedOut::status`]).
pub type Answer = fn(TimedOut) -> Response;

/// `router` with each request bounded by `limits.body_read` and `limits.request`, answered
/// by `answer` when one passes (with `Connection: close`: the rest of a body is not read).
/// [`crate::serve`] applies it; a server with its own accept loop (the sandbox's HTTPS one)
/// applies it itself.
pub fn request_timeouts(router: Router, limits: Limits, answer: Answer) -> Router {
    router.layer(axum::middleware::from_fn(
        move |request: Request, next: Next| bounded(request, next, limits, answer),
    ))
}

async fn bounded(request: Request, next: Next, limits: Limits, answer: Answer) -> Response {
    let start = Instant::now();
    let (parts, body) = request.into_parts();
    let done = Arc::new(AtomicBool::new(http_body::Body::is_end_stream(&body)));
    let body = Body::new(Tracked {
        inner: body,
        done: done.clone(),
    });
    let handling = next.run(Request::from_parts(parts, body));
    let deadline = async {
        tokio::time::sleep_until(start + limits.body_read.min(limits.request)).await;
        if !done.load(Ordering::SeqCst) {
            return TimedOut::Body(limits.body_read.min(limits.request));
        }
        tokio::time::sleep_until(start + limits.request).await;
        TimedOut::Request(limits.request)
    };
    tokio::select! {
        response = handling => response,
        timed_out = deadline => {
            let mut response = answer(timed_out);
            *response.status_mut() = timed_out.status();
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// A request body that says when it has been read to its end (or failed).
struct Tracked {
    inner: Body,
    done: Arc<AtomicBool>,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        let finished = match &polled {
            Poll::Ready(None | Some(Err(_))) => true,
            Poll::Ready(Some(Ok(_))) => this.inner.is_end_stream(),
            Poll::Pending => false,
        };
        if finished {
            this.done.store(true, Ordering::SeqCst);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
