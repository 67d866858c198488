//! A run's records as files, the way Data Loader writes them: a success file (`ID`,
//! `ACTION`, `SOURCE_KEY`, then the source record's own fields as columns) and an error
//! file (`ERROR_CODE`, `ERROR`, `SOURCE_KEY`, then the source fields), as CSV or XLSX.
//!
//! Text that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading `'`. JSON numbers and booleans are written as
//! such (as numbers and booleans in XLSX), never neutralised: `-5` stays a number.

use crate::runs::{Action, RecordFilter, RecordResult, RunId};
use crate::{StoreError, Workspace};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file format of a run export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl FileFormat {
    /// The file extension (`csv`, `xlsx`).
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

/// The files a run export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFiles {
    /// `run-<id>-success.<ext>`.
    pub success: PathBuf,
    /// `run-<id>-errors.<ext>`.
    pub errors: PathBuf,
    /// Records in the success file.
    pub success_rows: usize,
    /// Records in the error file.
    pub error_rows: usize,
}

/// A cell before encoding.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(serde_json::Number),
    Bool(bool),
    Empty,
}

impl Cell {
    fn of(v: Option<&Value>) -> Cell {
        match v {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::String(s)) => Cell::Text(s.clone()),
            Some(Value::Number(n)) => Cell::Number(n.clone()),
            Some(Value::Bool(b)) => Cell::Bool(*b),
            Some(other) => Cell::Text(other.to_string()),
        }
    }

    fn text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
    }

    fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => neutralise(s),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// Prefixes `'` to text a spreadsheet would read as a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The source record as (field, value) pairs: an object's top-level fields; anything else
/// is one `value` field.
fn source_fields(r: &RecordResult) -> Vec<(String, Value)> {
    match &r.source {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![("value".to_string(), other.clone())],
    }
}

/// Header and rows of one file.
fn table(
    records: &[&RecordResult],
    leading: &[&str],
    lead: impl Fn(&RecordResult) -> Vec<Cell>,
) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut columns: Vec<String> = Vec::new();
    for r in records {
        for (k, _) in source_fields(r) {
            if !columns.contains(&k) {
                columns.push(k);
            }
        }
    }
    let header = leading
        .iter()
        .map(|s| s.to_string())
        .chain(columns.iter().cloned())
        .collect();
    let rows = records
        .iter()
        .map(|r| {
            let fields: serde_json::Map<String, Value> = source_fields(r).into_iter().collect();
            let mut row = lead(r);
            row.extend(columns.iter().map(|c| Cell::of(fields.get(c))));
            row
        })
        .collect();
    (header, rows)
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn write_csv(path: &Path, header: &[String], rows: &[Vec<Cell>]) -> Result<(), StoreError> {
    let w = csv::Writer::from_path(path).map_err(|e| write_err(path, e))?;
    csv_rows(w, path, header, rows)?;
    Ok(())
}

fn csv_rows<W: std::io::Write>(
    mut w: csv::Writer<W>,
    path: &Path,
    header: &[String],
    rows: &[Vec<Cell>],
) -> Result<W, StoreError> {
    w.write_record(header.iter().map(|h| neutralise(h)))
        .map_err(|e| write_err(path, e))?;
    for row in rows {
        w.write_record(row.iter().map(Cell::csv_text))
            .map_err(|e| write_err(path, e))?;
    }
    w.into_inner().map_err(|e| write_err(path, e.error()))
}

/// The error file of `records` (the failed ones: `ERROR_CODE`, `ERROR`, `SOURCE_KEY`, then
/// the source fields) as CSV bytes, e.g. to attach to a mail.
pub fn error_file_csv(records: &[RecordResult]) -> Result<Vec<u8>, StoreError> {
    let bad: Vec<&RecordResult> = records
        .iter()
        .filter(|r| r.action == Action::Failed)
        .collect();
    let (header, rows) = error_table(&bad);
    csv_rows(
        csv::Writer::from_writer(Vec::new()),
        Path::new("errors.csv"),
        &header,
        &rows,
    )
}

fn error_table(bad: &[&RecordResult]) -> (Vec<String>, Vec<Vec<Cell>>) {
    table(bad, &["ERROR_CODE", "ERROR", "SOURCE_KEY"], |r| {
        vec![
            Cell::text(r.error_code.as_deref()),
            Cell::text(r.error_message.as_deref()),
            Cell::text(r.source_key.as_deref()),
        ]
    })
}

fn write_xlsx(path: &Path, header: &[String], rows: &[Vec<Cell>]) -> Result<(), StoreError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| write_err(path, e);
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string(0, c as u16, neutralise(h))
            .map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string(r, c, neutralise(s)).map_err(err)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, *b).map_err(err)?;
                }
                Cell::Number(n) => {
                    // Integers beyond 2^53 would lose digits as a double: text.
                    let exact = match (n.as_i64(), n.as_u64()) {
                        (Some(i), _) => i.unsigned_abs() <= 1 << 53,
                        (None, Some(u)) => u <= 1 << 53,
                        _ => true,
                    };
                    match n.as_f64().filter(|_| exact) {
                        Some(f) => sheet.write_number(r, c, f).map_err(err)?,
                        None => sheet.write_string(r, c, n.to_string()).map_err(err)?,
                    };
                }
            }
        }
    }
    book.save(path).map_err(err)
}

/// Writes one table of JSON values (a diff report) as CSV or XLSX, with the same
/// formula neutralisation and typed cells as the run files.
pub fn write_table(
    path: &Path,
    format: FileFormat,
    header: &[String],
    rows: &[Vec<Value>],
) -> Result<(), StoreError> {
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| r.iter().map(|v| Cell::of(Some(v))).collect())
        .collect();
    match format {
        FileFormat::Csv => write_csv(path, header, &cells),
        FileFormat::Xlsx => write_xlsx(path, header, &cells),
    }
}

/// Writes the success and error files of `records` (the results of run `run`) into `dir`
/// (created when missing).
pub fn write_result_files(
    run: RunId,
    records: &[RecordResult],
    format: FileFormat,
    dir: &Path,
) -> Result<ExportedFiles, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let ok: Vec<&RecordResult> = records
        .iter()
        .filter(|r| r.action != Action::Failed)
        .collect();
    let bad: Vec<&RecordResult> = records
        .iter()
        .filter(|r| r.action == Action::Failed)
        .collect();
    let (ok_header, ok_rows) = table(&ok, &["ID", "ACTION", "SOURCE_KEY"], |r| {
        vec![
            Cell::text(r.target_id.as_deref()),
            Cell::Text(r.action.as_str().to_string()),
            Cell::text(r.source_key.as_deref()),
        ]
    });
    let (bad_header, bad_rows) = error_table(&bad);
    let ext = format.extension();
    let success = dir.join(format!("run-{run}-success.{ext}"));
    let errors = dir.join(format!("run-{run}-errors.{ext}"));
    let write = match format {
        FileFormat::Csv => write_csv,
        FileFormat::Xlsx => write_xlsx,
    };
    write(&success, &ok_header, &ok_rows)?;
    write(&errors, &bad_header, &bad_rows)?;
    Ok(ExportedFiles {
        success,
        errors,
        success_rows: ok_rows.len(),
        error_rows: bad_rows.len(),
    })
}

impl Workspace {
    /// Writes run `run`'s success and error files into `dir` (see the module comment).
    pub fn export_run(
        &self,
        run: RunId,
        format: FileFormat,
        dir: &Path,
    ) -> Result<ExportedFiles, StoreError> {
        let records = self.run_records(run, RecordFilter::All)?;
        write_result_files(run, &records, format, dir)
    }
}
