//! `synccentral serve [--bind ADDR] [--max-body BYTES]`: the push (import) and pull (export)
//! endpoints over the workspace, on 127.0.0.1:8787 unless `--bind` says otherwise. Each
//! option needs its token (`synccentral tokens create OPTION`). See docs/runs.md.

use crate::Failure;
use clap::Args as ClapArgs;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use synccentral_api::orchestration::endpoint::{self as serve, ServeConfig};
use synccentral_api::runs::CancelToken;
use synccentral_api::workspace::Workspace;

#[derive(ClapArgs)]
pub struct Args {
    /// Address and port to listen on (anything but loopback exposes the endpoints to the
    /// network: put TLS in front).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    bind: SocketAddr,
    /// The largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, value_name = "BYTES", default_value_t = serve::DEFAULT_MAX_BODY)]
    max_body: usize,
}

pub fn run(args: Args, workspace: Option<&Path>) -> Result<(), Failure> {
    let ws = crate::workspace::open(workspace)?;
    let path = ws.path().to_path_buf();
    let tokens = ws.tokens().map_err(Failure::from)?;
    drop(ws);
    let open: serve::OpenWorkspace = Arc::new(move || Workspace::open(&path));
    let cancel = CancelToken::new();
    crate::workspace::block_on(&cancel, async {
        let server = serve::start(
            open,
            ServeConfig {
                bind: args.bind,
                max_body: args.max_body,
                ..ServeConfig::default()
            },
        )
        .await
        .map_err(|e| Failure::Unusable(format!("cannot listen on {}: {e}", args.bind)))?;
        if !args.bind.ip().is_loopback() {
            eprintln!(
                "warning: listening on {}, reachable from the network",
                server.addr()
            );
        }
        eprintln!(
            "serving {} (POST /v1/import/OPTION, GET /v1/export/OPTION, GET /v1/runs/ID); options with a token: {}",
            server.base_url(),
            if tokens.is_empty() {
                "none yet (synccentral tokens create OPTION)".to_string()
            } else {
                tokens
                    .iter()
                    .map(|t| t.option.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        while !cancel.is_cancelled() {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        server
            .stop()
            .await
            .map_err(|e| Failure::Unusable(format!("the server failed: {e}")))
    })
}
