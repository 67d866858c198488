//! A client's side of a stalled connection, for the servers' own tests (the sandbox's, the
//! endpoint's, the sample API's): what the server sends until it closes the connection.

use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Everything the server sends until it closes `stream`; `None` when it is still open after
/// `within`.
pub async fn read_to_close(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut got = Vec::new();
    match tokio::time::timeout(within, stream.read_to_end(&mut got)).await {
        Ok(_) => Some(String::from_utf8_lossy(&got).into_owned()),
        Err(_) => None,
    }
}
