//! Timings the UI takes of itself (first paint, edit to painted preview), printed for
//! `bench/app/run.sh` when `SYNC_CENTRAL_TIMINGS` is set; otherwise the command does nothing.

/// One mark: its name and when it happened in the webview, as Unix time in milliseconds.
#[tauri::command]
pub fn report_timing(mark: String, epoch_ms: f64) {
    if std::env::var_os("SYNC_CENTRAL_TIMINGS").is_some() {
        eprintln!("sync-central timing {mark} {epoch_ms:.1}");
    }
}
