//! The composite resources beyond sObject Collections (which live in `rest`): `/composite`
//! (subrequests with references, optionally all or none), `/composite/batch` (independent
//! subrequests) and sObject Tree (`/composite/tree/{Object}`).

pub mod batch;
pub mod requests;
mod sub;
pub mod tree;
mod undo;

use crate::{App, Req};

/// A reference ID as Salesforce takes it (composite subrequests, sObject Tree records):
/// letters, digits and underscores, first a letter or a digit.
pub fn valid_reference(r: &str) -> bool {
    r.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
use axum::http::Method;
use std::sync::{RwLockReadGuard, RwLockWriteGuard};

/// A request's hold on the org's gate: `/composite` runs alone (its undo journal must see only
/// its own changes), every other request and the Bulk API worker share it.
pub enum Gate<'a> {
    Shared(#[allow(dead_code)] RwLockReadGuard<'a, ()>),
    Exclusive(#[allow(dead_code)] RwLockWriteGuard<'a, ()>),
}

/// Whether a request is `POST /services/data/vNN.0/composite`.
fn is_composite(req: &Req) -> bool {
    req.method == Method::POST
        && matches!(
            req.segs.as_slice(),
            [s, d, _, c] if s == "services" && d == "data" && c.eq_ignore_ascii_case("composite")
        )
}

/// Takes the gate as `req` needs it (call before handling it).
pub fn gate<'a>(app: &'a App, req: &Req) -> Gate<'a> {
    if is_composite(req) {
        Gate::Exclusive(app.gate.write().unwrap_or_else(|e| e.into_inner()))
    } else {
        Gate::Shared(app.gate.read().unwrap_or_else(|e| e.into_inner()))
    }
}
