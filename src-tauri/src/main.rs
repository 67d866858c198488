//! The `sync-central` desktop binary.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    sync_central_app::run()
}
