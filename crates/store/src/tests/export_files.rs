use super::{ts, workspace};
use crate::export::{neutralise, FileFormat};
use crate::runs::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::json;

fn seeded() -> (tempfile::TempDir, crate::Workspace, RunId) {
    let (dir, ws) = workspace();
    let run = ws
        .begin_run("invoices", RunMode::Full, ts("2026-11-02T10:00:00Z"))
        .unwrap();
    let ok = RecordResult {
        source_key: Some("INV-1".into()),
        target_id: Some("a01000000000000001".into()),
        source: Some(json!({"id": "INV-1", "amount": -12.5, "note": "=HYPERLINK(\"x\")"})),
        ..RecordResult::new(1, Action::Inserted)
    };
    let bad = RecordResult {
        source_key: Some("INV-2".into()),
        error_code: Some("REQUIRED_FIELD_MISSING".into()),
        error_message: Some("Required fields are missing: [Name]".into()),
        source: Some(json!({"id": "INV-2", "customer": "@acme", "paid": true})),
        ..RecordResult::new(2, Action::Failed)
    };
    ws.record_results(run, &[ok, bad]).unwrap();
    (dir, ws, run)
}

#[test]
fn csv_success_and_error_files_keep_the_source_fields() {
    let (dir, ws, run) = seeded();
    let out = dir.path().join("out");
    let files = ws.export_run(run, FileFormat::Csv, &out).unwrap();
    assert_eq!((files.success_rows, files.error_rows), (1, 1));
    let read = |p: &std::path::Path| -> Vec<Vec<String>> {
        csv::Reader::from_path(p)
            .unwrap()
            .into_records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let header = |p: &std::path::Path| -> Vec<String> {
        csv::Reader::from_path(p)
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        header(&files.success),
        ["ID", "ACTION", "SOURCE_KEY", "id", "amount", "note"]
    );
    assert_eq!(
        read(&files.success),
        [[
            "a01000000000000001",
            "inserted",
            "INV-1",
            "INV-1",
            "-12.5",
            "'=HYPERLINK(\"x\")"
        ]]
    );
    assert_eq!(
        header(&files.errors),
        [
            "ERROR_CODE",
            "ERROR",
            "SOURCE_KEY",
            "id",
            "customer",
            "paid"
        ]
    );
    assert_eq!(
        read(&files.errors),
        [[
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [Name]",
            "INV-2",
            "INV-2",
            "'@acme",
            "true"
        ]]
    );
}

#[test]
fn xlsx_files_read_back_with_numbers_as_numbers_and_formulas_neutralised() {
    let (dir, ws, run) = seeded();
    let files = ws.export_run(run, FileFormat::Xlsx, dir.path()).unwrap();
    assert!(files.success.ends_with(format!("run-{run}-success.xlsx")));
    let mut book: Xlsx<_> = open_workbook(&files.success).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][0], Data::String("ID".into()));
    assert_eq!(rows[1][0], Data::String("a01000000000000001".into()));
    assert_eq!(rows[1][4], Data::Float(-12.5));
    assert_eq!(rows[1][5], Data::String("'=HYPERLINK(\"x\")".into()));
    let mut book: Xlsx<_> = open_workbook(&files.errors).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[1][4], Data::String("'@acme".into()));
    assert_eq!(rows[1][5], Data::Bool(true));
}

#[test]
fn formula_starts_are_neutralised() {
    for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
        assert_eq!(neutralise(s), format!("'{s}"));
    }
    assert_eq!(neutralise("plain"), "plain");
}
