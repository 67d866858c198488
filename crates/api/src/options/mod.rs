//! Sync options: the list the Options screen shows, active toggle, run-all order, saving an
//! option or its mapping, and the editor's workspace for an option (its describe and sample).

pub(crate) mod export_workspace;
pub mod references;

use crate::runs::{run_view, RunView};
use crate::workspace::{array, named, runtime, store_error, AppWorkspace};
use crate::{codes, ApiError};
use serde::Serialize;
use serde_json::{json, Value};
use synccentral_engine::MappingIssue;
use synccentral_store::config as cfg;
use ts_rs::TS;

/// An option as the Options screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    pub name: String,
    /// `import` or `export`.
    pub direction: String,
    /// The Salesforce object written (imports) or read (exports).
    pub object: String,
    /// The Salesforce connection.
    pub org: String,
    pub active: bool,
    #[ts(type = "number")]
    pub order: i64,
    /// The last run's status and counts, when it ran.
    pub last_run: Option<RunView>,
    /// The option's configuration (mapping included).
    #[ts(as = "cfg::SyncOption")]
    pub document: Value,
}

fn option_object(o: &Value) -> (String, String) {
    let s = |p: &str| {
        o.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if s("/direction") == "export" {
        (s("/source/object"), s("/source/connection"))
    } else {
        (s("/target/object"), s("/target/connection"))
    }
}

/// The options, lowest `order` first (as they run, parents aside), each with its last run.
pub fn list_options(app: &AppWorkspace) -> Result<Vec<OptionView>, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let doc = app.document(&ws)?;
    let runs = ws.list_runs(500).map_err(store_error)?;
    let mut out: Vec<OptionView> = doc["options"]
        .as_array()
        .map(|l| l.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let name = o["name"].as_str().unwrap_or("").to_string();
            let (object, org) = option_object(o);
            OptionView {
                last_run: runs.iter().find(|r| r.option == name).map(run_view),
                direction: o["direction"].as_str().unwrap_or("import").to_string(),
                active: o.get("active").and_then(Value::as_bool).unwrap_or(true),
                order: o.get("order").and_then(Value::as_i64).unwrap_or(0),
                name,
                object,
                org,
                document: o.clone(),
            }
        })
        .collect();
    out.sort_by_key(|o| o.order);
    Ok(out)
}

fn with_option(
    app: &AppWorkspace,
    name: &str,
    change: impl FnOnce(&mut Vec<Value>, usize) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    app.edit(|obj| {
        let list = array(obj, "options");
        let i = named(list, name).ok_or_else(|| {
            ApiError::new(codes::NOT_FOUND, format!("there is no option \"{name}\""))
        })?;
        change(list, i)
    })
}

/// Turns an option on or off for "run all".
pub fn set_option_active(app: &AppWorkspace, name: &str, active: bool) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    with_option(app, name, |list, i| {
        list[i]["active"] = json!(active);
        Ok(())
    })
}

/// Moves an option one place earlier (`up`) or later in the run order; the options are
/// numbered 1, 2, … in their new order.
pub fn move_option(app: &AppWorkspace, name: &str, up: bool) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    with_option(app, name, |list, _| {
        let order = |v: &Value| v.get("order").and_then(Value::as_i64).unwrap_or(0);
        let mut idx: Vec<usize> = (0..list.len()).collect();
        idx.sort_by_key(|&i| (order(&list[i]), i));
        let at = idx
            .iter()
            .position(|&i| list[i]["name"].as_str() == Some(name))
            .expect("the option is listed");
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(other) = other.filter(|&o| o < idx.len()) {
            idx.swap(at, other);
        }
        for (n, &i) in idx.iter().enumerate() {
            list[i]["order"] = json!(n as i64 + 1);
        }
        Ok(())
    })
}

/// Saves an option: replaces the one named `original` (or adds it when `None`).
pub fn save_option(
    app: &AppWorkspace,
    original: Option<&str>,
    document: &Value,
) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    app.edit(|obj| {
        let list = array(obj, "options");
        match original {
            Some(n) => {
                let i = named(list, n).ok_or_else(|| {
                    ApiError::new(codes::NOT_FOUND, format!("there is no option \"{n}\""))
                })?;
                list[i] = document.clone();
            }
            None => list.push(document.clone()),
        }
        Ok(())
    })
}

/// Checks an option as it is being typed, with the validation `config import` runs, against
/// the rest of the workspace (its connections, the other options' names): every problem with
/// its JSON pointer inside the option (`/target/batchSize`), so a form can mark the field.
/// Nothing is saved. `original`: the option it replaces (`None`: a new one).
pub fn check_option(
    app: &AppWorkspace,
    original: Option<&str>,
    document: &Value,
) -> Result<Vec<MappingIssue>, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let mut doc = app.document(&ws)?;
    let list = doc
        .get_mut("options")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| ApiError::new(codes::WORKSPACE_ERROR, "the configuration has no options"))?;
    let at = match original.and_then(|n| named(list, n)) {
        Some(i) => {
            list[i] = document.clone();
            i
        }
        None => {
            list.push(document.clone());
            list.len() - 1
        }
    };
    let prefix = format!("/options/{at}");
    let issues = match synccentral_store::validate::validate(&doc) {
        Ok(_) => Vec::new(),
        Err(issues) => issues,
    };
    Ok(issues
        .into_iter()
        .filter_map(|i| {
            let inside = i.pointer.strip_prefix(&prefix)?;
            (inside.is_empty() || inside.starts_with('/'))
                .then(|| MappingIssue::new(inside, i.message))
        })
        .collect())
}

/// Removes an option (admin). Its runs stay in the run log. A schedule that names it is
/// a problem to fix first (the message names the schedule).
pub fn remove_option(app: &AppWorkspace, name: &str) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    with_option(app, name, |list, i| {
        list.remove(i);
        Ok(())
    })
}

/// Copies an option under `new_name` (admin), inactive so it does not run with "run all"
/// before it is changed; it keeps no checkpoint (a first run reads everything).
pub fn duplicate_option(app: &AppWorkspace, name: &str, new_name: &str) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    with_option(app, name, |list, i| {
        if named(list, new_name).is_some() {
            return Err(ApiError::new(
                codes::INVALID_REQUEST,
                format!("there is already an option \"{new_name}\""),
            ));
        }
        let mut copy = list[i].clone();
        copy["name"] = json!(new_name);
        copy["active"] = json!(false);
        list.insert(i + 1, copy);
        Ok(())
    })
}

/// Replaces an option's mapping (the editor's Save on an option).
pub fn save_option_mapping(
    app: &AppWorkspace,
    name: &str,
    mapping: &Value,
) -> Result<(), ApiError> {
    crate::users::require_admin(app)?;
    with_option(app, name, |list, i| {
        list[i]["mapping"] = mapping.clone();
        Ok(())
    })
}

/// What the mapping editor opens on for an option: its mapping, the target's describe
/// fetched from the option's connection (the demo's bundled one when the org cannot be
/// reached) and the records of the source's first page as the sample (an array; for an
/// import from another org, that org's first records through its condition). For an export:
/// the first records of its query, and its API's JSON keys as the target.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionWorkspace {
    pub option: String,
    pub mapping: String,
    pub describe: String,
    pub describe_from: String,
    pub sample: String,
    pub records_path: String,
    /// The write the preview checks the records for: the import's own (a delete's records
    /// are matched as an update's); none for an export, whose target is JSON.
    #[ts(type = "\"insert\" | \"update\" | \"upsert\" | null")]
    pub operation: Option<synccentral_engine::Operation>,
    /// Why the describe or the sample is not the live one, when it is not.
    pub notes: Vec<String>,
    /// The sample is another Salesforce org's records (an import from an org): auto-map is
    /// told so, and sets lookups by their parents' fields, never by that org's Ids.
    pub source_is_org: bool,
}

/// The option's mapping with its target describe and a sample (see [`OptionWorkspace`]).
pub fn option_workspace(app: &AppWorkspace, name: &str) -> Result<OptionWorkspace, ApiError> {
    crate::users::require_user(app)?;
    let ws = app.open()?;
    let config = ws.config().map_err(store_error)?;
    let option = config
        .option(name)
        .ok_or_else(|| no_option(name, &config))?;
    let doc = serde_json::to_value(option).unwrap_or(Value::Null);
    if let cfg::SyncOption::Export(export) = option {
        let w = export_workspace::export_workspace(&config, export);
        return Ok(OptionWorkspace {
            option: name.to_string(),
            mapping: serde_json::to_string_pretty(option_mapping(&doc)).unwrap_or_default(),
            describe: w.describe,
            describe_from: w.describe_from,
            sample: w.sample,
            records_path: String::new(),
            operation: None,
            notes: w.notes,
            source_is_org: false,
        });
    }
    let (object, org) = option_object(&doc);
    let mut notes = Vec::new();
    let egress = crate::connections::egress(&config.remote_sites, None).ok();
    let live_describe = match (config.connection(&org), &egress) {
        (Some(cfg::Connection::Salesforce(sf)), Some(egress)) => runtime().block_on(async {
            let client = crate::connections::connect_org(&org, sf, egress.clone())
                .await
                .map_err(|e| e.message)?;
            client
                .describe_json(&object)
                .await
                .map_err(|e| e.to_string())
        }),
        _ => Err(format!("\"{org}\" is not a Salesforce connection here")),
    };
    let (describe, describe_from) = match live_describe {
        Ok(d) => (
            serde_json::to_string_pretty(&d).unwrap_or_default(),
            org.clone(),
        ),
        Err(e) => {
            notes.push(format!(
                "the describe of {object} could not be fetched from {org}: {e}"
            ));
            match crate::workspace::demo::describe_of(&object) {
                Some(text) => (text.to_string(), "the bundled describe".to_string()),
                None => (String::new(), String::new()),
            }
        }
    };
    let (sample, records_path) = match (option, &egress) {
        (cfg::SyncOption::Import(i), Some(egress)) => {
            let sample = match (config.connection(i.source.connection()), &i.source) {
                (Some(cfg::Connection::Http(http)), cfg::ImportSource::Api(api)) => {
                    let mut source = crate::runs::convert::source_config(http, api);
                    source.max_pages = 1;
                    let egress = egress.clone();
                    runtime().block_on(async move {
                        let mut f = synccentral_httpapi::Fetcher::new(
                            &source,
                            synccentral_httpapi::Window::default(),
                            egress,
                        )
                        .map_err(|e| e.to_string())?;
                        match f.next_page().await.map_err(|e| e.to_string())? {
                            Some(p) => Ok(Value::Array(p.records)),
                            None => Err("the source has no records".to_string()),
                        }
                    })
                }
                (_, cfg::ImportSource::Org(org)) => crate::setup::org_sample::read_org_sample(
                    app,
                    &org.connection,
                    &org.object,
                    &crate::setup::org_sample::mapped_fields(i),
                    org.condition.as_deref(),
                    export_workspace::SAMPLE_RECORDS,
                )
                .map(|s| Value::Array(s.records))
                .map_err(|e| format!("{}: {}", e.code, e.message)),
                _ => Err("the source is not an HTTP API connection".to_string()),
            };
            match sample {
                Ok(v) => (
                    serde_json::to_string_pretty(&v).unwrap_or_default(),
                    String::new(),
                ),
                Err(e) => {
                    notes.push(format!("no sample from the source: {e}"));
                    ("[]".to_string(), String::new())
                }
            }
        }
        _ => {
            notes.push("no sample: the remote sites could not be read".to_string());
            ("[]".to_string(), String::new())
        }
    };
    Ok(OptionWorkspace {
        option: name.to_string(),
        mapping: serde_json::to_string_pretty(option_mapping(&doc)).unwrap_or_default(),
        describe,
        describe_from,
        sample,
        records_path,
        operation: match option {
            cfg::SyncOption::Import(i) => Some(
                i.target
                    .operation
                    .check_operation()
                    .unwrap_or(synccentral_engine::Operation::Update),
            ),
            cfg::SyncOption::Export(_) => None,
        },
        notes,
        source_is_org: matches!(
            option,
            cfg::SyncOption::Import(i) if matches!(i.source, cfg::ImportSource::Org(_))
        ),
    })
}

fn option_mapping(doc: &Value) -> &Value {
    doc.get("mapping").unwrap_or(&Value::Null)
}

/// `NOT_FOUND` for an option `config` does not have, naming the nearest one it has.
pub fn no_option(name: &str, config: &cfg::Config) -> ApiError {
    let names: Vec<&str> = config.options.iter().map(|o| o.name()).collect();
    let hint = crate::suggest::nearest(name, &names)
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default();
    ApiError::new(
        codes::NOT_FOUND,
        format!("there is no option \"{name}\"{hint}"),
    )
}
