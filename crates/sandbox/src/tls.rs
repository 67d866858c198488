//! HTTPS for clients that only speak it: a self-signed certificate for `localhost` and
//! `127.0.0.1`, generated on first start under `<data>/tls/` and reused afterwards.

use crate::error::StartError;
use std::path::{Path, PathBuf};

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
