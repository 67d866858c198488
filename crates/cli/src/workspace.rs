//! The workspace a command works on (`--workspace PATH`, else `SYNCCENTRAL_WORKSPACE`, else
//! the platform's data directory), opened through the service layer as the app opens it,
//! acting as the OS user (whoever can write the workspace file).

use crate::Failure;
use std::path::Path;
use synccentral_api::runs::{self, CancelToken};
use synccentral_api::workspace::{self as api_ws, AppWorkspace};

pub use synccentral_api::workspace::Workspace;

/// The workspace as the service layer's functions take it, acting as the OS user.
pub fn app(path: Option<&Path>) -> Result<AppWorkspace, Failure> {
    let app = AppWorkspace::at_or_default(path)?;
    app.act_with_file_access(&crate::cmd::users::os_user());
    Ok(app)
}

/// Opens (creating and migrating) the workspace.
pub fn open(path: Option<&Path>) -> Result<Workspace, Failure> {
    Ok(AppWorkspace::at_or_default(path)?.open()?)
}

/// Runs `work` on the service layer's runtime, Ctrl-C asking `cancel` to stop it between
/// batches.
pub fn block_on<F: std::future::Future>(cancel: &CancelToken, work: F) -> F::Output {
    runs::cancel_on_ctrl_c(cancel);
    api_ws::block_on(work)
}
