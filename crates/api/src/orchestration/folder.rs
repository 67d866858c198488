//! Folder drops: an import option with `watch: {folder, pattern?}` imports each JSON or CSV
//! file that lands in its folder, exactly like a payload pushed to `synccentral serve` (the
//! same path: the records are the run's page source, checkpoint untouched; mode `folder`).
//! JSON files go through the option's `recordsPath`; CSV rows become records (header →
//! keys, values as text, as the editor's samples). Then the file moves beside itself to
//! `processed/` (every record landed) or `failed/` (anything else, including a file that
//! cannot be read: that run is recorded as failed with the file's name and the line and
//! column), named `<stem>.run-<id>.<ext>`. A file's text is read in the option's
//! `watch.encoding` when it names one (`windows-1252`, `shift_jis`, …), else by its byte
//! order mark, else as UTF-8; a file that is none of these fails, saying so, rather than
//! landing with wrong accents.
//!
//! Only completed writes are taken: a file must keep its size and modification time for
//! [`WatchConfig::settle`]; hidden, `~`, `.tmp`, `.part`, `.partial`, `.crdownload` and
//! `.swp` files are never taken (write to one of those, then rename into the folder). File
//! system events (the `notify` crate) trigger a look at once; a look every
//! [`WatchConfig::poll`] is the fallback (and all there is where events are unavailable).
//! The workspace records a taken file until it is moved, so after a restart a file whose
//! run finished is only moved, never imported twice.

use crate::orchestration::daemon::{Held, Refused};
use crate::orchestration::endpoint::{import_payload, OpenWorkspace};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use synccentral_engine::sample::{read_sample_in, SampleError, SampleFormat};
use synccentral_httpapi::RecordsPath;
use synccentral_net::RetryPolicy;
use synccentral_runner::journal::RunStatus as RunnerStatus;
use synccentral_runner::run::RunOutcome;
use synccentral_runner::window::Window;
use synccentral_store::config as cfg;
use synccentral_store::drops::{file_hash, DropState};
use synccentral_store::{Counts, RunId, RunMode, RunStatus, StoreError, SyncOption};

/// How long a file whose import could not happen (its run never started: the org
/// unreachable, the configuration broken) waits before it is tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(60);

/// How the watcher looks.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// How often the folders are looked at without an event (default 2 s).
    pub poll: Duration,
    /// How long a file must stay unchanged before it is taken (default 2 s).
    pub settle: Duration,
    /// The egress retry policy of the runs.
    pub retry: Option<RetryPolicy>,
    /// A larger file is not imported: it moves to `failed/` with a run saying why (default
    /// [`MAX_DROP_BYTES`]).
    pub max_file_bytes: u64,
}

/// The largest file a folder drop imports (256 MiB): a run holds a file's records in memory.
pub const MAX_DROP_BYTES: u64 = 256 * 1024 * 1024;

impl Default for WatchConfig {
    fn default() -> WatchConfig {
        WatchConfig {
            poll: Duration::from_secs(2),
            settle: Duration::from_secs(2),
            retry: None,
            max_file_bytes: MAX_DROP_BYTES,
        }
    }
}

/// Why a file could not be taken care of (the watcher reports it and tries again later).
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The workspace could not be read or written.
    #[error("the workspace: {0}")]
    Workspace(#[from] StoreError),
    /// A file or folder could not be read, created or moved.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The option's run could not happen (its configuration, the workspace's journal).
    #[error("{0}")]
    Run(#[from] crate::runs::WireError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FolderError + '_ {
    move |source| FolderError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An import option's watched folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFolder {
    /// The option.
    pub option: String,
    /// The folder.
    pub folder: PathBuf,
    /// The file name glob, when the option gives one.
    pub pattern: Option<String>,
}

/// The watched folders of `config`'s active import options.
pub fn watched_folders(config: &cfg::Config) -> Vec<WatchedFolder> {
    config
        .options
        .iter()
        .filter(|o| o.active())
        .filter_map(|o| match o {
            SyncOption::Import(i) => i.watch.as_ref().map(|w| WatchedFolder {
                option: i.name.clone(),
                folder: PathBuf::from(w.folder.trim()),
                pattern: w.pattern.clone(),
            }),
            SyncOption::Export(_) => None,
        })
        .collect()
}

/// A name that is being written or is not meant for import (hidden, editor and download
/// temporaries).
pub fn is_temporary(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || [".tmp", ".part", ".partial", ".crdownload", ".swp"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// `*` (any run of characters) and `?` (one character) against a whole file name,
/// ignoring ASCII case.
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let n: Vec<char> = name.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether a folder's file named `name` is imported: not temporary, and matching the
/// pattern (default: `*.json` and `*.csv`).
pub fn takes(pattern: Option<&str>, name: &str) -> bool {
    if is_temporary(name) {
        return false;
    }
    match pattern {
        Some(p) => glob_matches(p, name),
        None => glob_matches("*.json", name) || glob_matches("*.csv", name),
    }
}

/// What became of one dropped file.
#[derive(Debug, Clone, PartialEq)]
pub struct DropReport {
    /// The option that imported it.
    pub option: String,
    /// Where the file was.
    pub file: PathBuf,
    /// Where it is now (in `processed/` or `failed/`).
    pub moved_to: PathBuf,
    /// The run of the file (the last one, for an option loaded in two passes).
    pub run: RunId,
    /// Whether every record landed (the file went to `processed/`).
    pub ok: bool,
    /// The runs' outcomes (empty when the file was only moved after a restart, or could
    /// not be read).
    pub outcomes: Vec<RunOutcome>,
    /// Why the file went to `failed/`, when it did.
    pub message: Option<String>,
}

/// The records of a dropped file: JSON through `records_path`, CSV rows as records, its
/// text in `encoding` when the option names one. The error names the file, and for JSON
/// the line and column.
pub fn records_of_file(
    name: &str,
    bytes: &[u8],
    records_path: Option<&str>,
    encoding: Option<&str>,
) -> Result<Vec<Value>, String> {
    let format = SampleFormat::from_name(name);
    let doc = read_sample_in(bytes, format, encoding)
        .map(|s| s.value)
        .map_err(|e| match e {
            SampleError::NotUtf8 { .. } | SampleError::Undecodable { .. } => {
                format!("{name}: {e} (the option's watch.encoding)")
            }
            e => format!("{name}: {e}"),
        })?;
    if format != SampleFormat::Json {
        return match doc {
            Value::Array(rows) => Ok(rows),
            other => Ok(vec![other]),
        };
    }
    let path = records_path.unwrap_or("$");
    RecordsPath::parse(path)
        .and_then(|p| p.take(doc))
        .map_err(|m| format!("{name}: recordsPath {path}: {m}"))
}

/// `<stem>.run-<id>.<ext>` in `processed/` or `failed/` beside `file`.
fn destination(file: &Path, run: RunId, ok: bool) -> PathBuf {
    let folder = file.parent().unwrap_or(Path::new("."));
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match file.extension() {
        Some(ext) => format!("{stem}.run-{run}.{}", ext.to_string_lossy()),
        None => format!("{stem}.run-{run}"),
    };
    folder
        .join(if ok { "processed" } else { "failed" })
        .join(name)
}

fn move_file(file: &Path, run: RunId, ok: bool) -> Result<PathBuf, FolderError> {
    let to = destination(file, run, ok);
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::rename(file, &to).map_err(io(file))?;
    Ok(to)
}

/// Records the failed run of a file that could not be read.
async fn record_unreadable(
    open: &OpenWorkspace,
    option: &str,
    message: &str,
) -> Result<RunOutcome, FolderError> {
    let now = jiff::Timestamp::now();
    let run = {
        let ws = open()?;
        let run = ws.begin_run(option, RunMode::Folder, now)?;
        ws.finish_run(
            run,
            RunStatus::Failed,
            Counts::default(),
            Some(message),
            now,
        )?;
        run
    };
    let mut outcome = vec![RunOutcome {
        run: synccentral_runner::journal::RunId(run.0),
        option: option.to_string(),
        status: RunnerStatus::Failed,
        counts: Default::default(),
        message: Some(message.to_string()),
        checkpoint: None,
        window: Window {
            since: None,
            until: now.to_string(),
        },
        duration_ms: 0,
        warnings: Vec::new(),
        api_calls: None,
    }];
    let journal = crate::runs::StoreJournal::new(open()?);
    crate::orchestration::mail::after_runs(&journal, &mut outcome).await;
    Ok(outcome.remove(0))
}

/// Up to `max + 1` bytes of `file` (one more than allowed tells it is too large).
fn read_capped(file: &Path, max: u64) -> Result<Vec<u8>, FolderError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(io(file))?;
    Ok(bytes)
}

/// Imports one settled file of `option`'s folder and moves it. `Ok(None)` when the option
/// is running elsewhere (the file stays for the next look). A file over `max_bytes` is not
/// imported: its run fails saying so and it moves to `failed/`.
pub async fn import_file(
    open: &OpenWorkspace,
    retry: Option<RetryPolicy>,
    max_bytes: u64,
    option: &str,
    file: &Path,
) -> Result<Option<DropReport>, FolderError> {
    let bytes = read_capped(file, max_bytes)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let hash = file_hash(&bytes);
    // Given back when this drop is done (`held` drops).
    let held = match Held::take(open()?, &[option.to_string()]) {
        Ok(held) => held,
        Err(Refused::Busy { .. }) => return Ok(None),
        Err(Refused::Store(e)) => return Err(e.into()),
    };
    let ws = open()?;
    let state = ws.take_dropped_file(option, &name, &hash)?;
    let report = match state {
        DropState::Imported { run, ok } => DropReport {
            option: option.to_string(),
            file: file.to_path_buf(),
            moved_to: PathBuf::new(),
            run,
            ok,
            outcomes: Vec::new(),
            message: None,
        },
        DropState::New | DropState::Interrupted => {
            let (records_path, encoding) = match ws.config_scrubbed()?.option(option) {
                Some(SyncOption::Import(o)) => (
                    o.source.api().and_then(|s| s.records_path.clone()),
                    o.watch.as_ref().and_then(|w| w.encoding.clone()),
                ),
                _ => (None, None),
            };
            let records = if bytes.len() as u64 > max_bytes {
                Err(format!(
                    "{name}: over the {max_bytes}-byte limit of a dropped file; split it into smaller files"
                ))
            } else {
                records_of_file(&name, &bytes, records_path.as_deref(), encoding.as_deref())
            };
            match records {
                Err(message) => {
                    let outcome = record_unreadable(open, option, &message).await?;
                    DropReport {
                        option: option.to_string(),
                        file: file.to_path_buf(),
                        moved_to: PathBuf::new(),
                        run: RunId(outcome.run.0),
                        ok: false,
                        outcomes: vec![outcome],
                        message: Some(message),
                    }
                }
                Ok(records) => {
                    let outcomes =
                        import_payload(open, retry, option, records, &held, RunMode::Folder)
                            .await?;
                    let ok = !outcomes.is_empty()
                        && outcomes
                            .iter()
                            .all(|o| o.status == RunnerStatus::Succeeded && o.counts.failed == 0);
                    let message =
                        outcomes
                            .iter()
                            .find_map(|o| match (&o.message, o.counts.failed) {
                                (Some(m), _) => Some(m.clone()),
                                (None, 0) => None,
                                (None, n) => {
                                    Some(format!("{n} record(s) failed (see run {})", o.run.0))
                                }
                            });
                    let run = outcomes.last().map(|o| RunId(o.run.0)).unwrap_or(RunId(0));
                    DropReport {
                        option: option.to_string(),
                        file: file.to_path_buf(),
                        moved_to: PathBuf::new(),
                        run,
                        ok,
                        outcomes,
                        message: if ok { None } else { message },
                    }
                }
            }
        }
    };
    drop(held);
    ws.dropped_file_imported(option, &name, &hash, report.run, report.ok)?;
    let moved_to = move_file(file, report.run, report.ok)?;
    ws.dropped_file_moved(option, &name, &hash)?;
    Ok(Some(DropReport { moved_to, ..report }))
}

/// A file's size and modification time, and since when they have not changed.
type Seen = HashMap<PathBuf, ((u64, Option<SystemTime>), std::time::Instant)>;

/// The files of `folder` ready to take: matching, not temporary, unchanged for `settle`.
fn settled(folder: &WatchedFolder, seen: &mut Seen, settle: Duration) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(&folder.folder) else {
        return Vec::new();
    };
    let now = std::time::Instant::now();
    let mut ready = Vec::new();
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if !meta.is_file() || !takes(folder.pattern.as_deref(), &name) {
            continue;
        }
        let path = entry.path();
        let signature = (meta.len(), meta.modified().ok());
        match seen.get(&path) {
            Some((s, since)) if *s == signature => {
                if now.duration_since(*since) >= settle {
                    ready.push(path);
                }
            }
            _ => {
                seen.insert(path, (signature, now));
            }
        }
    }
    ready.sort();
    ready
}

/// A running folder watcher; [`FolderWatcher::stop`] ends it after the file in hand.
pub struct FolderWatcher {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl FolderWatcher {
    /// Stops looking; waits for the file being imported, if any.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// What the watcher tells its host: a file done, or a problem (it tries again later).
#[derive(Debug)]
pub enum WatchEvent {
    /// A file was imported (or, after a restart, only moved).
    Dropped(DropReport),
    /// Something went wrong with a folder or file.
    Problem {
        /// The folder or file.
        path: PathBuf,
        /// What.
        message: String,
    },
}

/// Starts watching the folders of the workspace's import options (read again on every
/// look, so a changed configuration is picked up), on the current tokio runtime. Each
/// file done, and each problem, goes to `report`.
pub fn watch(
    open: OpenWorkspace,
    config: WatchConfig,
    report: Arc<dyn Fn(WatchEvent) + Send + Sync>,
) -> FolderWatcher {
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        let (wake, mut woken) = tokio::sync::mpsc::unbounded_channel::<()>();
        // File system events wake the loop early; without them it still looks every poll.
        let mut events = notify::recommended_watcher(move |_: notify::Result<notify::Event>| {
            let _ = wake.send(());
        })
        .ok();
        let mut watching: Vec<PathBuf> = Vec::new();
        let mut seen: Seen = HashMap::new();
        // The last problem of each file, and when: a file whose run could not happen (the
        // org unreachable) is tried again after RETRY_AFTER, not on every look.
        let mut problems: HashMap<PathBuf, (String, std::time::Instant)> = HashMap::new();
        loop {
            let folders = match open().and_then(|ws| ws.config_scrubbed()) {
                Ok(c) => watched_folders(&c),
                Err(e) => {
                    report(WatchEvent::Problem {
                        path: PathBuf::new(),
                        message: format!("the workspace: {e}"),
                    });
                    Vec::new()
                }
            };
            for f in &folders {
                if !watching.contains(&f.folder) {
                    if let Err(e) = std::fs::create_dir_all(&f.folder) {
                        report(WatchEvent::Problem {
                            path: f.folder.clone(),
                            message: format!("cannot create the watched folder: {e}"),
                        });
                        continue;
                    }
                    if let Some(w) = events.as_mut() {
                        use notify::Watcher as _;
                        // Without events for this folder the poll still finds its files.
                        let _ = w.watch(&f.folder, notify::RecursiveMode::NonRecursive);
                    }
                    watching.push(f.folder.clone());
                }
            }
            for f in &folders {
                for file in settled(f, &mut seen, config.settle) {
                    if *stopped.borrow() {
                        break;
                    }
                    if problems
                        .get(&file)
                        .is_some_and(|(_, at)| at.elapsed() < RETRY_AFTER)
                    {
                        continue;
                    }
                    let max = config.max_file_bytes;
                    match import_file(&open, config.retry, max, &f.option, &file).await {
                        Ok(Some(done)) => {
                            seen.remove(&file);
                            problems.remove(&file);
                            report(WatchEvent::Dropped(done));
                        }
                        Ok(None) => {}
                        Err(e) => {
                            // Reported once per file and problem; tried again on each look.
                            let message = e.to_string();
                            let again = problems.get(&file).is_some_and(|(m, _)| *m == message);
                            problems
                                .insert(file.clone(), (message.clone(), std::time::Instant::now()));
                            if !again {
                                report(WatchEvent::Problem {
                                    path: file.clone(),
                                    message,
                                });
                            }
                        }
                    }
                }
            }
            seen.retain(|p, _| p.exists());
            problems.retain(|p, _| p.exists());
            tokio::select! {
                _ = stopped.changed() => {}
                _ = woken.recv() => {}
                _ = tokio::time::sleep(config.poll) => {}
            }
            if *stopped.borrow() {
                break;
            }
        }
    });
    FolderWatcher { stop, task }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_json_and_csv_files_are_taken_and_temporaries_never() {
        assert!(takes(None, "Invoices.JSON"));
        assert!(takes(None, "rows.csv"));
        assert!(!takes(None, "notes.txt"));
        for temp in [
            ".hidden.json",
            "~lock.csv",
            "a.json~",
            "a.json.tmp",
            "a.csv.part",
        ] {
            assert!(!takes(None, temp), "{temp}");
        }
    }

    #[test]
    fn a_pattern_matches_whole_names_with_star_and_question_mark() {
        assert!(takes(Some("invoices-*.json"), "invoices-2026-01.json"));
        assert!(!takes(Some("invoices-*.json"), "payments-2026-01.json"));
        assert!(!takes(Some("invoices-*.json"), "invoices-1.json.bak"));
        assert!(takes(Some("day-?.csv"), "day-7.csv"));
        assert!(!takes(Some("day-?.csv"), "day-17.csv"));
        assert!(takes(Some("*"), "anything.xml"));
    }

    #[test]
    fn a_run_id_goes_into_the_moved_name() {
        let to = destination(Path::new("/in/a.b.json"), RunId(12), false);
        assert_eq!(to, PathBuf::from("/in/failed/a.b.run-12.json"));
        let to = destination(Path::new("/in/rows.csv"), RunId(3), true);
        assert_eq!(to, PathBuf::from("/in/processed/rows.run-3.csv"));
    }
}
