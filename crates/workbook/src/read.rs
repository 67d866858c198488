//! Reading an edited workbook back (calamine): the "Options" sheet's object, operation,
//! external ID, active, order and description, and each option's mapping sheet, onto the
//! workspace's configuration. Connections, schedules and remote sites are shown, not read.
//! Every value that cannot be taken back is reported at its sheet and cell.

use crate::cells::decode;
use crate::write::*;
use crate::{a1, CellIssue, WorkbookError};
use calamine::{Data, Range, Reader, Xlsx};
use serde_json::{Map, Value};
use std::io::Cursor;
use synccentral_store::config::WriteOperation;
use synccentral_store::{Config, SyncOption};

/// The configuration `base` with the workbook's edits applied: changed mappings, added
/// mapping rows, toggled options, new order, operations, external IDs. An option row whose
/// name is not in `base` is a problem (options are added in the app or the JSON document).
pub fn read_workbook(bytes: &[u8], base: &Config) -> Result<Config, WorkbookError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| WorkbookError::Read(e.to_string()))?;
    let sheets = book.sheet_names();
    let range = |book: &mut Xlsx<Cursor<&[u8]>>, name: &str| {
        book.worksheet_range(name)
            .map_err(|e| WorkbookError::Read(format!("sheet \"{name}\": {e}")))
    };
    if !sheets.iter().any(|s| s == OPTIONS) {
        return Err(WorkbookError::MissingSheet(OPTIONS.to_string()));
    }
    let options = range(&mut book, OPTIONS)?;
    let mut config = base.clone();
    let mut issues = Vec::new();
    let mut at = |sheet: &str, row: u32, col: u16, message: String| {
        issues.push(CellIssue {
            sheet: sheet.to_string(),
            cell: a1(row, col),
            message,
        })
    };

    let last_row = options.end().map(|(r, _)| r).unwrap_or(0);
    for row in 1..=last_row {
        let cell = |col: u16| text(&options, row, col);
        let name = cell(O_NAME);
        if name.is_empty() {
            continue;
        }
        let Some(option) = config.options.iter_mut().find(|o| o.name() == name) else {
            at(
                OPTIONS,
                row,
                O_NAME,
                format!("option '{name}' is not in the workspace: add options in the app or the JSON document, then edit them here"),
            );
            continue;
        };
        let object = cell(O_OBJECT);
        if object.is_empty() {
            at(OPTIONS, row, O_OBJECT, "the object is empty".to_string());
        }
        let operation = cell(O_OPERATION);
        let external_id = cell(O_EXTERNAL_ID);
        let active = match cell(O_ACTIVE).to_lowercase().as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            other => {
                at(
                    OPTIONS,
                    row,
                    O_ACTIVE,
                    format!("active '{other}' is not one of yes, no"),
                );
                None
            }
        };
        let order_text = cell(O_ORDER);
        let order = match order_text.parse::<f64>() {
            Ok(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(n as i64),
            _ => {
                at(
                    OPTIONS,
                    row,
                    O_ORDER,
                    format!("order '{order_text}' is not a whole number"),
                );
                None
            }
        };
        let description = Some(cell(O_DESCRIPTION)).filter(|d| !d.is_empty());
        let sheet_name = cell(O_SHEET);
        let fields = if sheets.contains(&sheet_name) {
            let mapping = range(&mut book, &sheet_name)?;
            read_mapping(&sheet_name, &mapping, &mut at)
        } else {
            at(
                OPTIONS,
                row,
                O_SHEET,
                format!("the workbook has no sheet '{sheet_name}' for option '{name}'"),
            );
            None
        };
        match option {
            SyncOption::Import(o) => {
                match OPERATIONS.iter().position(|op| *op == operation) {
                    Some(i) => {
                        o.target.operation = [
                            WriteOperation::Insert,
                            WriteOperation::Update,
                            WriteOperation::Upsert,
                            WriteOperation::Delete,
                        ][i]
                    }
                    None => at(
                        OPTIONS,
                        row,
                        O_OPERATION,
                        format!(
                            "operation '{operation}' is not one of {}",
                            OPERATIONS.join(", ")
                        ),
                    ),
                }
                o.target.object = object;
                o.target.external_id = Some(external_id).filter(|e| !e.is_empty());
                o.description = description;
            }
            SyncOption::Export(o) => {
                if !operation.is_empty() {
                    at(OPTIONS, row, O_OPERATION, format!("operation '{operation}': an export option has no Salesforce operation; leave it empty"));
                }
                if !external_id.is_empty() {
                    at(OPTIONS, row, O_EXTERNAL_ID, format!("external ID '{external_id}': an export option has none; leave it empty"));
                }
                o.source.object = object;
                o.description = description;
            }
        }
        let (active_slot, order_slot, mapping_slot) = match option {
            SyncOption::Import(o) => (&mut o.active, &mut o.order, &mut o.mapping),
            SyncOption::Export(o) => (&mut o.active, &mut o.order, &mut o.mapping),
        };
        if let Some(a) = active {
            *active_slot = a;
        }
        if let Some(n) = order {
            *order_slot = n;
        }
        if let Some(fields) = fields {
            if fields != mapping_fields(mapping_slot) {
                match mapping_slot
                    .as_object_mut()
                    .filter(|m| m.contains_key("fields"))
                {
                    Some(m) => {
                        m.insert("fields".to_string(), Value::Array(fields));
                    }
                    None => *mapping_slot = serde_json::json!({ "fields": fields }),
                }
            }
        }
    }
    if issues.is_empty() {
        Ok(config)
    } else {
        Err(WorkbookError::Cells(issues))
    }
}

/// The fields of one mapping sheet; `None` when a row has a problem (reported).
fn read_mapping(
    sheet: &str,
    range: &Range<Data>,
    at: &mut impl FnMut(&str, u32, u16, String),
) -> Option<Vec<Value>> {
    let mut fields: Vec<Map<String, Value>> = Vec::new();
    let mut ok = true;
    let last_row = range.end().map(|(r, _)| r).unwrap_or(0);
    for row in 1..=last_row {
        let cell = |col: u16| text(range, row, col);
        let (source, value, kind, setting, target) = (
            cell(M_SOURCE),
            cell(M_VALUE),
            cell(M_TRANSFORM),
            cell(M_SETTING),
            cell(M_TARGET),
        );
        let (skip_null, description) = (cell(M_SKIP_NULL), cell(M_DESCRIPTION));
        let transform = if kind.is_empty() && setting.is_empty() {
            None
        } else if kind.is_empty() {
            Some(decode(&setting))
        } else if !synccentral_engine::transform::NAMES.contains(&kind.as_str()) {
            at(
                sheet,
                row,
                M_TRANSFORM,
                format!(
                    "transform '{kind}' is not one of {}",
                    synccentral_engine::transform::NAMES.join(", ")
                ),
            );
            ok = false;
            None
        } else if setting.is_empty() {
            at(
                sheet,
                row,
                M_SETTING,
                format!(
                    "transform '{kind}' needs a setting (e.g. date for convert, title for modify)"
                ),
            );
            ok = false;
            None
        } else {
            let mut t = Map::new();
            t.insert(kind.clone(), decode(&setting));
            Some(Value::Object(t))
        };
        if source.is_empty() && value.is_empty() && target.is_empty() {
            if skip_null.is_empty()
                && description.is_empty()
                && kind.is_empty()
                && setting.is_empty()
            {
                continue;
            }
            match (fields.last_mut(), transform) {
                (Some(f), Some(t)) => push_transform(f, t),
                (None, Some(_)) => {
                    at(
                        sheet,
                        row,
                        M_TRANSFORM,
                        "a transform row needs a field above it (a row with a Target field)"
                            .to_string(),
                    );
                    ok = false;
                }
                _ => {
                    at(
                        sheet,
                        row,
                        M_TARGET,
                        "the target field is empty".to_string(),
                    );
                    ok = false;
                }
            }
            continue;
        }
        let mut field = Map::new();
        match (source.is_empty(), value.is_empty()) {
            (false, true) => match decode(&source) {
                s @ Value::String(_) => {
                    field.insert("source".to_string(), s);
                }
                Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => {
                    field.insert("source".to_string(), Value::Array(a));
                }
                _ => {
                    at(
                        sheet,
                        row,
                        M_SOURCE,
                        format!("source '{source}' is not a path or a list of paths"),
                    );
                    ok = false;
                }
            },
            (true, false) => {
                field.insert("value".to_string(), decode(&value));
            }
            (false, false) => {
                at(
                    sheet,
                    row,
                    M_VALUE,
                    "give a Source or a Value, not both".to_string(),
                );
                ok = false;
            }
            (true, true) => {
                at(
                    sheet,
                    row,
                    M_SOURCE,
                    "give a Source (a path) or a Value (a constant)".to_string(),
                );
                ok = false;
            }
        }
        if target.is_empty() {
            at(
                sheet,
                row,
                M_TARGET,
                "the target field is empty".to_string(),
            );
            ok = false;
        }
        field.insert("target".to_string(), Value::String(target));
        if let Some(t) = transform {
            push_transform(&mut field, t);
        }
        match skip_null.to_lowercase().as_str() {
            "" => {}
            "yes" | "true" => {
                field.insert("skipNull".to_string(), Value::Bool(true));
            }
            "no" | "false" => {
                field.insert("skipNull".to_string(), Value::Bool(false));
            }
            other => {
                at(
                    sheet,
                    row,
                    M_SKIP_NULL,
                    format!("skip null '{other}' is not one of yes, no"),
                );
                ok = false;
            }
        }
        if !description.is_empty() {
            field.insert("description".to_string(), Value::String(description));
        }
        fields.push(field);
    }
    ok.then(|| fields.into_iter().map(Value::Object).collect())
}

fn push_transform(field: &mut Map<String, Value>, t: Value) {
    match field
        .entry("transforms")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(a) => a.push(t),
        other => *other = Value::Array(vec![t]),
    }
}

/// A cell's text: strings as they are, whole numbers without `.0`, booleans as
/// `true`/`false`, empty as `""`.
fn text(range: &Range<Data>, row: u32, col: u16) -> String {
    match range.get_value((row, col as u32)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}
