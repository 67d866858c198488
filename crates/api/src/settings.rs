//! Settings export and import for every host: the configuration as JSON (all of it or some
//! options), as an Excel workbook, or for support (secrets scrubbed, tokens removed, the
//! test cases' samples mocked); an import is previewed first — what it creates, changes and
//! leaves alone — and applied on request. A workbook comes back through the same preview.

use crate::workspace::AppWorkspace;
use crate::ApiError;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use synccentral_engine::Describe;
pub use synccentral_store::{ChangeKind, ImportPreview, ItemChange, Scope};
use synccentral_store::{InScope, Workspace};
use synccentral_workbook::{ScrubOptions, WorkbookError};
use ts_rs::TS;

pub use crate::codes;
use crate::workspace::store_error;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsFormat {
    /// The configuration document (docs/config.md).
    Json,
    /// The settings workbook (always scrubbed).
    Xlsx,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// JSON or Excel.
    pub format: SettingsFormat,
    /// All of it, or some options with what they use.
    pub scope: Scope,
    /// JSON: secrets in clear (refused with `scrub`; the workbook never has them).
    pub include_secrets: bool,
    /// JSON: scrub for support (tokens removed, credential headers hidden).
    pub scrub: bool,
    /// Replace the test cases' sample values with mock values (implies `scrub`).
    pub mock_samples: bool,
    /// Describes of the target objects (labels, types, lengths, required; picklists kept
    /// valid when mocking).
    pub describes: Vec<Describe>,
}

fn workbook_error(e: WorkbookError) -> ApiError {
    match e {
        WorkbookError::Cells(_) => ApiError::new(codes::INVALID_CONFIG, e.to_string()),
        other => ApiError::new(codes::INVALID_SETTINGS, other.to_string()),
    }
}

/// The export's bytes.
pub fn export_settings(ws: &Workspace, req: &ExportRequest) -> Result<Vec<u8>, ApiError> {
    let scrub = req.scrub || req.mock_samples;
    if req.include_secrets && (scrub || req.format == SettingsFormat::Xlsx) {
        return Err(ApiError::new(
            codes::INVALID_SETTINGS,
            "secrets in clear cannot go into a scrubbed export or a workbook",
        ));
    }
    let config = if req.include_secrets || scrub {
        ws.config()
    } else {
        ws.config_scrubbed()
    }
    .map_err(store_error)?
    .in_scope(&req.scope)
    .map_err(store_error)?;
    match req.format {
        SettingsFormat::Xlsx => {
            synccentral_workbook::write_workbook(&config, &req.describes).map_err(workbook_error)
        }
        SettingsFormat::Json => {
            let config = if scrub {
                synccentral_workbook::scrub(
                    &config,
                    ScrubOptions {
                        mock_samples: req.mock_samples,
                    },
                    &req.describes,
                )
            } else {
                config
            };
            let mut text = serde_json::to_string_pretty(&config).expect("configuration serialises");
            text.push('\n');
            Ok(text.into_bytes())
        }
    }
}

/// Checks a configuration document on its own, before any workspace is opened (so an invalid
/// one does not even create it): a workbook passes (it is read against the workspace); a
/// JSON document must parse, carry a known `format` and validate (every problem listed,
/// after the document's name).
pub fn check_document(name: &str, bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.starts_with(b"PK") {
        return Ok(());
    }
    let text = synccentral_engine::sample::text_of(bytes).unwrap_or_default();
    let doc = crate::Document::new(name, &text).json()?;
    synccentral_store::check_format(&doc)
        .map_err(|e| ApiError::new(codes::INVALID_CONFIG, format!("{name}: {e}")))?;
    synccentral_store::validate::validate(&doc).map_err(|issues| {
        let e = store_error(synccentral_store::StoreError::Invalid(issues));
        ApiError::new(&e.code, format!("{name}: {}", e.message))
    })?;
    Ok(())
}

/// A file to import as the configuration document it stands for: JSON as it is, a
/// workbook (a zip: `PK`) read onto the workspace's configuration.
pub fn import_document(ws: &Workspace, name: &str, bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.starts_with(b"PK") {
        let base = ws.config_scrubbed().map_err(store_error)?;
        let config = synccentral_workbook::read_workbook(bytes, &base)
            .map_err(|e| ApiError::new(workbook_error_code(&e), format!("{name}: {e}")))?;
        return Ok(serde_json::to_value(config).expect("configuration serialises"));
    }
    // A document saved as UTF-16 or with a byte order mark reads as the app wrote it.
    let text = synccentral_engine::sample::text_of(bytes).map_err(|e| {
        ApiError::new(
            codes::INVALID_SETTINGS,
            format!("{name}: neither a JSON configuration document nor an Excel workbook ({e})"),
        )
    })?;
    crate::Document::new(name, &text).json()
}

fn workbook_error_code(e: &WorkbookError) -> &'static str {
    match e {
        WorkbookError::Cells(_) => codes::INVALID_CONFIG,
        _ => codes::INVALID_SETTINGS,
    }
}

/// What importing `doc` would do; nothing changes.
pub fn preview_import(
    ws: &Workspace,
    doc: &Value,
    scope: &Scope,
) -> Result<synccentral_store::ImportPreview, ApiError> {
    ws.preview_import(doc, scope).map_err(store_error)
}

/// Imports `doc` (see [`preview_import`]); the same file twice changes nothing.
pub fn apply_import(
    ws: &Workspace,
    doc: &Value,
    scope: &Scope,
) -> Result<synccentral_store::ImportPreview, ApiError> {
    ws.apply_import(doc, scope).map_err(store_error)
}

/// What the app's buttons export (`"json"`, `"excel"`, `"support"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AppExport {
    /// The configuration document, secrets as `"***"`.
    Json,
    /// The settings workbook.
    Excel,
    /// For support: scrubbed, tokens removed, samples mocked (JSON).
    Support,
}

/// Where the app's export went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedSettings {
    /// The file written.
    pub path: String,
}

/// Environment variable naming the folder the app exports settings into; default an
/// `exports` folder beside the workspace file.
pub const EXPORT_DIR_ENV: &str = "SYNCCENTRAL_EXPORT_DIR";

/// Writes an export of the app's workspace into its export folder and says where.
pub fn export_for_app(app: &AppWorkspace, kind: AppExport) -> Result<ExportedSettings, ApiError> {
    crate::users::require_user(app)?;
    let ws = Workspace::open(app.path()).map_err(store_error)?;
    let folder = match std::env::var_os(EXPORT_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => app
            .path()
            .parent()
            .unwrap_or(Path::new("."))
            .join("exports"),
    };
    let (format, name, support) = match kind {
        AppExport::Json => (SettingsFormat::Json, "sync-central-settings.json", false),
        AppExport::Excel => (SettingsFormat::Xlsx, "sync-central-settings.xlsx", false),
        AppExport::Support => (SettingsFormat::Json, "sync-central-support.json", true),
    };
    let bytes = export_settings(
        &ws,
        &ExportRequest {
            format,
            scope: Scope::All,
            include_secrets: false,
            scrub: support,
            mock_samples: support,
            describes: Vec::new(),
        },
    )?;
    std::fs::create_dir_all(&folder)
        .and_then(|_| std::fs::write(folder.join(name), bytes))
        .map_err(|e| {
            ApiError::new(
                codes::WORKSPACE_ERROR,
                format!("cannot write {}: {e}", folder.join(name).display()),
            )
        })?;
    Ok(ExportedSettings {
        path: folder.join(name).display().to_string(),
    })
}

/// Previews (or, with `apply`, imports) a settings file into the app's workspace.
pub fn import_for_app(
    app: &AppWorkspace,
    file: &Path,
    apply: bool,
) -> Result<ImportPreview, ApiError> {
    crate::users::require_user(app)?;
    let ws = Workspace::open(app.path()).map_err(store_error)?;
    let name = file.display().to_string();
    let bytes = std::fs::read(file)
        .map_err(|e| ApiError::new(codes::WORKSPACE_ERROR, format!("cannot read {name}: {e}")))?;
    let doc = import_document(&ws, &name, &bytes)?;
    if apply {
        // Importing changes the configuration: admins only, and audited.
        crate::users::require_admin(app)?;
        let scrubbed = |ws: &Workspace| {
            ws.config_scrubbed()
                .map_err(store_error)
                .map(|c| serde_json::to_value(c).expect("configuration types serialise"))
        };
        let before = scrubbed(&ws)?;
        let outcome = apply_import(&ws, &doc, &Scope::All)?;
        crate::users::audit_changes(app, &ws, &before, &scrubbed(&ws)?)?;
        Ok(outcome)
    } else {
        preview_import(&ws, &doc, &Scope::All)
    }
}

/// Writes an exported settings document to `path`. One holding secrets in clear
/// (`holds_secrets`) is readable and writable by its owner only (0600 on Unix; an existing
/// file is made so before anything is written into it).
pub fn write_export(path: &Path, bytes: &[u8], holds_secrets: bool) -> Result<(), ApiError> {
    use std::io::Write;
    let failed = |e: std::io::Error| {
        ApiError::new(
            codes::WORKSPACE_ERROR,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if holds_secrets {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(failed)?;
        }
    }
    let mut file = options.open(path).map_err(failed)?;
    file.write_all(bytes).map_err(failed)
}
