//! Secrets at rest: XChaCha20-Poly1305 under one 256-bit master key per workspace.
//!
//! Where the master key comes from, in this order:
//! 1. `SYNCCENTRAL_MASTER_KEY_FILE`: a key file at that path (created when missing);
//! 2. `workspace.key` next to the workspace file, when it exists;
//! 3. the OS keychain (service `sync-central`, account `master-key`): macOS Keychain,
//!    Windows Credential Manager, the Secret Service on Linux (only tried when a D-Bus
//!    session exists; `SYNCCENTRAL_KEYCHAIN=off` skips it);
//! 4. otherwise a new `workspace.key` next to the workspace, created with mode 0600.
//!
//! The workspace records which kind of key wrote its secrets and an encrypted check value,
//! so a different key is refused with a clear message instead of yielding garbage, and a
//! workspace written with the keychain's key does not silently get a new file key when the
//! keychain is not reachable (cron, SSH).

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, OsRng, Payload};
use chacha20poly1305::{AeadCore, XChaCha20Poly1305, XNonce};
use std::path::{Path, PathBuf};

/// Environment variable naming the master key file.
pub const KEY_FILE_ENV: &str = "SYNCCENTRAL_MASTER_KEY_FILE";
/// Environment variable that turns the OS keychain off (`off`, `0`, `false`, `no`).
pub const KEYCHAIN_ENV: &str = "SYNCCENTRAL_KEYCHAIN";
/// Name of the key file kept next to the workspace.
pub const KEY_FILE_NAME: &str = "workspace.key";

const KEYCHAIN_SERVICE: &str = "sync-central";
const KEYCHAIN_ACCOUNT: &str = "master-key";

/// Problems getting or using the master key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or create the master key file {path}: {source}")]
    /// The key file could not be read or created.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    #[error("the master key file {path} is not a key written by Sync Central ({reason})")]
    /// The key file does not hold a key.
    BadKeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    #[error("the OS keychain failed: {0}")]
    /// The keychain answered with an error.
    Keychain(String),
    #[error("the master key from {origin} does not open this workspace's secrets (they were encrypted with another key); point {KEY_FILE_ENV} at the key file the workspace was written with")]
    /// The key does not open the workspace's secrets.
    WrongKey {
        /// Where the key came from.
        origin: KeyOrigin,
    },
    #[error("this workspace's secrets were encrypted with {expected}, which is not available here ({reason}); point {KEY_FILE_ENV} at a copy of the key file or run where the keychain is reachable")]
    /// The key that wrote the secrets cannot be reached.
    Unavailable {
        /// Which key wrote the secrets.
        expected: String,
        /// Why it cannot be had here.
        reason: String,
    },
}

/// Where a master key came from (shown in messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOrigin {
    /// The OS keychain.
    Keychain,
    /// A key file.
    File(PathBuf),
    /// Given by the caller ([`crate::KeySource::Key`]).
    Given,
}

impl KeyOrigin {
    /// How the workspace records it: `keychain` or `file` (a given key counts as a file).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            KeyOrigin::Keychain => "keychain",
            KeyOrigin::File(_) | KeyOrigin::Given => "file",
        }
    }
}

impl std::fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyOrigin::Keychain => f.write_str("the OS keychain"),
            KeyOrigin::File(p) => write!(f, "the key file {}", p.display()),
            KeyOrigin::Given => f.write_str("the given key"),
        }
    }
}

/// A 256-bit master key. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// An encrypted value: a fresh 24-byte nonce and the ciphertext with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The 24-byte XChaCha20 nonce.
    pub nonce: Vec<u8>,
    /// The ciphertext followed by the 16-byte tag.
    pub ciphertext: Vec<u8>,
}

/// Decryption failed: another key, or data bound to another connection/field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFailed;

impl MasterKey {
    /// A new random key (from the OS random source).
    pub fn generate() -> MasterKey {
        MasterKey(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        MasterKey(bytes)
    }

    /// The key as base64 text (the key file's content).
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.0)
    }

    /// Reads a key written by [`MasterKey::to_base64`].
    pub fn from_base64(text: &str) -> Result<MasterKey, String> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("not base64: {e}"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| format!("{} bytes instead of 32", b.len()))?;
        Ok(MasterKey(bytes))
    }

    /// Encrypts `plaintext`, binding it to `aad` (which must be given again to decrypt).
    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Sealed {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ciphertext = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any message this size");
        Sealed {
            nonce: nonce.to_vec(),
            ciphertext,
        }
    }

    /// Decrypts what [`MasterKey::seal`] wrote with the same key and `aad`.
    pub fn open(&self, sealed: &Sealed, aad: &[u8]) -> Result<Vec<u8>, OpenFailed> {
        if sealed.nonce.len() != 24 {
            return Err(OpenFailed);
        }
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        cipher
            .decrypt(
                XNonce::from_slice(&sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad,
                },
            )
            .map_err(|_| OpenFailed)
    }
}

/// Reads the key file at `path`, creating it (mode 0600, parent folders too) with a new
/// random key when it does not exist.
pub fn load_or_create_key_file(path: &Path) -> Result<MasterKey, KeyError> {
    let io = |source| KeyError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => MasterKey::from_base64(&text).map_err(|reason| KeyError::BadKeyFile {
            path: path.to_path_buf(),
            reason,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            let key = MasterKey::generate();
            match publish_private(path, format!("{}\n", key.to_base64()).as_bytes()) {
                Ok(()) => Ok(key),
                // Another process or thread created it first: its key is the one.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(path).map_err(io)?;
                    MasterKey::from_base64(&text).map_err(|reason| KeyError::BadKeyFile {
                        path: path.to_path_buf(),
                        reason,
                    })
                }
                Err(e) => Err(io(e)),
            }
        }
        Err(e) => Err(io(e)),
    }
}

/// Creates `path` with `bytes` only when it does not exist, whole or not at all: the bytes
/// go to a private temporary file beside it, which is then hard-linked to `path` (failing
/// with `AlreadyExists` when someone else was first), so no reader ever sees a half-written
/// key and two creators never both win.
fn publish_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    write_private(&temp, bytes)?;
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: create it directly (still never over another).
        Err(_) => write_private(path, bytes),
    }
}

/// Creates `path` readable and writable by its owner only; fails if it exists.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Finds the master key for the workspace at `workspace` (see the module comment).
/// `recorded` is the kind of key the workspace says wrote its secrets, if any.
pub(crate) fn resolve(
    workspace: &Path,
    recorded: Option<&str>,
) -> Result<(MasterKey, KeyOrigin), KeyError> {
    if let Some(path) = std::env::var_os(KEY_FILE_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return Ok((load_or_create_key_file(&path)?, KeyOrigin::File(path)));
    }
    let beside = workspace.with_file_name(KEY_FILE_NAME);
    if beside.exists() {
        return Ok((load_or_create_key_file(&beside)?, KeyOrigin::File(beside)));
    }
    if recorded == Some("file") {
        return Err(KeyError::Unavailable {
            expected: "a key file".to_string(),
            reason: format!("{} does not exist", beside.display()),
        });
    }
    if keychain_enabled() {
        match keychain_get() {
            Ok(Some(key)) => return Ok((key, KeyOrigin::Keychain)),
            Ok(None) if recorded == Some("keychain") => {
                return Err(KeyError::Unavailable {
                    expected: "the OS keychain's key".to_string(),
                    reason: "the keychain has no Sync Central master key".to_string(),
                })
            }
            Ok(None) => {
                let key = MasterKey::generate();
                if keychain_set(&key).is_ok()
                    && matches!(keychain_get(), Ok(Some(ref k)) if *k == key)
                {
                    return Ok((key, KeyOrigin::Keychain));
                }
            }
            Err(reason) if recorded == Some("keychain") => {
                return Err(KeyError::Unavailable {
                    expected: "the OS keychain's key".to_string(),
                    reason,
                })
            }
            Err(_) => {}
        }
    } else if recorded == Some("keychain") {
        return Err(KeyError::Unavailable {
            expected: "the OS keychain's key".to_string(),
            reason: "no keychain is reachable (no D-Bus session, or SYNCCENTRAL_KEYCHAIN=off)"
                .to_string(),
        });
    }
    Ok((load_or_create_key_file(&beside)?, KeyOrigin::File(beside)))
}

/// Whether to try the OS keychain at all.
fn keychain_enabled() -> bool {
    if let Ok(v) = std::env::var(KEYCHAIN_ENV) {
        if matches!(
            v.to_ascii_lowercase().as_str(),
            "off" | "0" | "false" | "no"
        ) {
            return false;
        }
    }
    // On Linux the Secret Service lives on the session bus; without one (CI, SSH, cron)
    // trying would fail or try to autolaunch a bus.
    if cfg!(target_os = "linux") {
        return std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
    }
    cfg!(any(
        target_os = "linux",
        target_os = "macos",
        target_os = "windows"
    ))
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
fn keychain_get() -> Result<Option<MasterKey>, String> {
    let entry =
        keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT).map_err(|e| e.to_string())?;
    match entry.get_password() {
        Ok(text) => MasterKey::from_base64(&text)
            .map(Some)
            .map_err(|e| format!("the keychain's Sync Central key is unreadable: {e}")),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
fn keychain_set(key: &MasterKey) -> Result<(), String> {
    keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
        .and_then(|e| e.set_password(&key.to_base64()))
        .map_err(|e| e.to_string())
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn keychain_get() -> Result<Option<MasterKey>, String> {
    Err("no keychain on this platform".to_string())
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn keychain_set(_: &MasterKey) -> Result<(), String> {
    Err("no keychain on this platform".to_string())
}
