//! The configuration document (docs/config.md): connections, remote sites and sync options
//! as saved in JSON (`sync-central/1`). The types are declared once, in synccentral-model,
//! and named here too so the store's callers keep `config::…`; [`crate::validate`] checks a
//! document and returns them only when every rule holds.
//!
//! Secrets are [`Secret`] values: they print as `***` in `Debug`, are stored encrypted in the
//! workspace and are exported as `"***"` unless the user asks for them in clear.

pub use synccentral_model::connections::*;
pub use synccentral_model::document::*;
pub use synccentral_model::http::*;
pub use synccentral_model::options::*;
pub use synccentral_model::secret::Secret;
