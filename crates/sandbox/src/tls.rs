//! HTTPS for clients that only speak it: a self-signed certificate for `localhost` and
//! `127.0.0.1`, generated on first start under `<data>/tls/` and reused afterwards.

use crate::error::StartError;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use hyper_util::rt::TokioTimer;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use synccentral_serve::Limits;

/// The certificate and key files, created when missing.
pub fn ensure_certificate(data_dir: &Path) -> Result<(PathBuf, PathBuf), StartError> {
    let dir = data_dir.join("tls");
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    if cert.exists() && key.exists() {
        return Ok((cert, key));
    }
    let io = |source| StartError::Tls {
        reason: format!("cannot write {}: {source}", dir.display()),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let generated =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .map_err(|e| StartError::Tls {
                reason: format!("cannot generate a certificate: {e}"),
            })?;
    std::fs::write(&cert, generated.cert.pem()).map_err(io)?;
    std::fs::write(&key, generated.signing_key.serialize_pem()).map_err(io)?;
    Ok((cert, key))
}

/// The HTTPS listener, serving.
pub struct Served {
    pub url: String,
    pub certificate: PathBuf,
    pub handle: axum_server::Handle<SocketAddr>,
    pub task: tokio::task::JoinHandle<()>,
}

/// Binds 127.0.0.1:`port` and serves `router(https://ADDR)` over TLS through axum-server,
/// bounded as the plain listener is, except for the connection cap (axum-server has none):
/// the TLS handshake, then the request head (HTTP/1.1 only: ALPN offers no h2, whose streams
/// hyper's header timer would not cover) within `limits.header_read`, which hyper also
/// applies to a kept-alive connection waiting for its next request; the body and the whole
/// request within `limits.body_read` and `limits.request` (`synccentral_serve`'s middleware).
pub async fn serve(
    data_dir: &Path,
    port: u16,
    limits: Limits,
    router: impl FnOnce(&str) -> axum::Router,
) -> Result<Served, StartError> {
    let (cert, key) = ensure_certificate(data_dir)?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = RustlsConfig::from_pem_file(&cert, &key)
        .await
        .map_err(|e| StartError::Tls {
            reason: format!("cannot read {}: {e}", cert.display()),
        })?;
    let mut http1_only = (*config.get_inner()).clone();
    http1_only.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = RustlsConfig::from_config(Arc::new(http1_only));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let bind = |source| StartError::Bind {
        addr: addr.to_string(),
        source,
    };
    let listener = std::net::TcpListener::bind(addr).map_err(bind)?;
    let local = listener.local_addr().map_err(bind)?;
    let url = format!("https://{local}");
    let acceptor = RustlsAcceptor::new(config).handshake_timeout(limits.header_read);
    let mut server = axum_server::from_tcp(listener)
        .map_err(bind)?
        .acceptor(acceptor)
        .http1_only()
        .first_request_timeout(limits.header_read);
    server
        .http_builder()
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let handle = axum_server::Handle::new();
    let service = synccentral_serve::request_timeouts(router(&url), limits, crate::timed_out)
        .into_make_service();
    let server = server.handle(handle.clone());
    let task = tokio::spawn(async move {
        let _ = server.serve(service).await;
    });
    Ok(Served {
        url,
        certificate: cert,
        handle,
        task,
    })
}
