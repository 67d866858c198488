//! The commands the UI can invoke. Each one calls `synccentral_api` and returns its result
//! as is: a value on success, `{code, message}` on failure.

pub mod auth;
pub mod diff;
pub mod editor;
#[cfg(test)]
pub(crate) mod mock_ui;
pub mod orchestration;
pub mod preview;
pub mod settings;
pub mod setup;
pub mod sync;
pub mod timing;
