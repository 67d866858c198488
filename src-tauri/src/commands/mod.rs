//! The commands the UI can invoke. Each one calls `synccentral_api` and returns its result
//! as is: a value on success, `{code, message}` on failure.

pub mod diff;
pub mod editor;
pub mod preview;
pub mod sync;
pub mod timing;
