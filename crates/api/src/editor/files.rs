//! The files the app's editor opens and saves, for a signed-in user only, and only those the
//! user chose: a file picked in the system's dialog ([`file_picked`]) for what it was picked
//! for, else a typed path that is plainly a document of the kind asked for (its extension,
//! no hidden folder on its way, after symbolic links are followed). A script that found its
//! way into the window therefore cannot read `~/.ssh/id_rsa` or the workspace, nor write
//! `~/.bashrc`. Every read is bounded ([`MAX_TEXT_BYTES`], [`MAX_SAMPLE_BYTES`]).

use super::editor_codes;
use crate::workspace::AppWorkspace;
use crate::ApiError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The largest mapping or describe file the editor opens.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// The largest sample file the editor opens (a preview needs a sample, not a data set).
pub const MAX_SAMPLE_BYTES: u64 = 64 * 1024 * 1024;

/// What a file dialog is for: opening a mapping, a sample, a describe or a JWT private key,
/// or saving a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum FilePurpose {
    OpenMapping,
    OpenSample,
    OpenDescribe,
    OpenKey,
    SaveMapping,
}

impl FilePurpose {
    /// The dialog's filter: its name and the extensions it shows.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FilePurpose::OpenMapping | FilePurpose::SaveMapping => ("Mapping (JSON)", MAPPING),
            FilePurpose::OpenSample => ("Sample (JSON, CSV, XLSX)", SAMPLE),
            FilePurpose::OpenDescribe => ("Describe (JSON)", MAPPING),
            FilePurpose::OpenKey => ("Private key (PEM)", &["pem", "key"]),
        }
    }

    /// The dialog saves (asks for a new file's name) rather than opens.
    pub fn saves(self) -> bool {
        self == FilePurpose::SaveMapping
    }

    /// The name a save dialog proposes.
    pub fn default_name(self) -> Option<&'static str> {
        self.saves().then_some("mapping.json")
    }

    /// A mapping opened may be saved back to where it came from.
    fn may_write(self) -> bool {
        matches!(self, FilePurpose::OpenMapping | FilePurpose::SaveMapping)
    }
}

const MAPPING: &[&str] = &["json"];
const SAMPLE: &[&str] = &["json", "csv", "tsv", "txt", "xlsx"];

/// The files picked in the system's dialog this session, and whether each may be written.
/// Signing in or out forgets them.
#[derive(Debug, Default)]
pub(crate) struct PickedFiles(Mutex<HashMap<PathBuf, bool>>);

impl PickedFiles {
    pub(crate) fn forget(&self) {
        if let Ok(mut picked) = self.0.lock() {
            picked.clear();
        }
    }

    fn grant(&self, path: PathBuf, write: bool) {
        if let Ok(mut picked) = self.0.lock() {
            let may = picked.entry(path).or_insert(false);
            *may |= write;
        }
    }

    fn allows(&self, path: &Path, write: bool) -> bool {
        self.0
            .lock()
            .ok()
            .and_then(|picked| picked.get(path).copied())
            .is_some_and(|may| may || !write)
    }
}

/// The user can pick a file now (a host asks before it opens its dialog).
pub fn may_pick(app: &AppWorkspace) -> Result<(), ApiError> {
    crate::users::require_user(app).map(|_| ())
}

/// Records that the user chose `path` in the system's dialog for `purpose`: the editor may
/// then read it (and write it, for a mapping). Returns the path as the UI shows it.
pub fn file_picked(
    app: &AppWorkspace,
    path: &Path,
    purpose: FilePurpose,
) -> Result<String, ApiError> {
    crate::users::require_user(app)?;
    let shown = path.to_string_lossy().into_owned();
    app.picked
        .grant(resolve(&shown, purpose.saves())?, purpose.may_write());
    Ok(shown)
}

/// `path` as it really is: absolute, symbolic links followed (for a file not yet written,
/// its folder's).
fn resolve(path: &str, write: bool) -> Result<PathBuf, ApiError> {
    let given = Path::new(path);
    if !given.is_absolute() {
        return Err(not_allowed(path, "give the file's full path"));
    }
    let cannot = |e| cannot_read(path, e);
    match given.canonicalize() {
        Ok(real) => Ok(real),
        Err(e) if write && e.kind() == std::io::ErrorKind::NotFound => {
            let (Some(folder), Some(name)) = (given.parent(), given.file_name()) else {
                return Err(not_allowed(path, "this is not a file's path"));
            };
            Ok(folder.canonicalize().map_err(cannot)?.join(name))
        }
        Err(e) => Err(cannot(e)),
    }
}

fn cannot_read(path: &str, e: std::io::Error) -> ApiError {
    ApiError::new(editor_codes::FILE_ERROR, format!("cannot read {path}: {e}"))
}

fn not_allowed(path: &str, why: &str) -> ApiError {
    ApiError::new(editor_codes::FILE_NOT_ALLOWED, format!("{path}: {why}"))
}

/// The real path of `path` when the signed-in user may read (or write) it as one of `kinds`.
fn allowed(
    app: &AppWorkspace,
    path: &str,
    write: bool,
    kinds: &[&str],
) -> Result<PathBuf, ApiError> {
    crate::users::require_user(app)?;
    let real = resolve(path, write)?;
    if app.picked.allows(&real, write) {
        return Ok(real);
    }
    let extension = real
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !extension.is_some_and(|e| kinds.contains(&e.as_str())) {
        let list = kinds.iter().map(|k| format!(".{k}")).collect::<Vec<_>>();
        return Err(not_allowed(
            path,
            &format!(
                "a typed path must be a {} file; choose other files with Open…",
                list.join(", ")
            ),
        ));
    }
    let hidden = real.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    if hidden {
        return Err(not_allowed(
            path,
            "a typed path may not lead into a hidden folder or file; choose it with Open…",
        ));
    }
    Ok(real)
}

/// The bytes of `path`, at most `max` of them.
fn read_bounded(path: &str, real: &Path, max: u64) -> Result<Vec<u8>, ApiError> {
    let cannot = |e| cannot_read(path, e);
    let file = std::fs::File::open(real).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(ApiError::new(
            editor_codes::FILE_TOO_LARGE,
            format!(
                "{path} is larger than {} MB, the most the editor opens",
                max >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// Reads a text file (a mapping, a describe) the signed-in user chose.
pub fn read_text_file(app: &AppWorkspace, path: &str) -> Result<String, ApiError> {
    let real = allowed(app, path, false, MAPPING)?;
    let bytes = read_bounded(path, &real, MAX_TEXT_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        ApiError::new(
            editor_codes::ENCODING,
            format!(
                "{path} is not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a sample file the signed-in user chose, as [`super::sample_file`] does.
pub fn read_sample_file(
    app: &AppWorkspace,
    path: &str,
    encoding: Option<&str>,
) -> Result<super::SampleFile, ApiError> {
    let real = allowed(app, path, false, SAMPLE)?;
    let bytes = read_bounded(path, &real, MAX_SAMPLE_BYTES)?;
    super::sample_bytes(path, &bytes, encoding)
}

/// Writes a mapping file, replacing it, where the signed-in user chose.
pub fn write_text_file(app: &AppWorkspace, path: &str, text: &str) -> Result<(), ApiError> {
    let real = allowed(app, path, true, MAPPING)?;
    std::fs::write(&real, text).map_err(|e| {
        ApiError::new(
            editor_codes::FILE_ERROR,
            format!("cannot write {path}: {e}"),
        )
    })
}

#[cfg(test)]
#[path = "files_tests.rs"]
mod tests;
