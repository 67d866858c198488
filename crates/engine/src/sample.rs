//! Reading a sample from a file's bytes into the JSON the mapping reads: JSON as it is, CSV
//! (header row → one object per row, values as text) and XLSX (the first sheet; header row →
//! one object per row, numbers and booleans typed, dates as ISO text, empty cells null).
//! Text (JSON, CSV) is read in the encoding the user names, else by its byte order mark,
//! else as UTF-8, never guessed at: [`text`].

mod text;
pub use text::{decode_text, encoding_for_label, Decoded, EXAMPLE_LABELS};

use calamine::{Data, Reader};
use serde_json::{Map, Number, Value};
use std::io::Cursor;

/// The file formats a sample may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleFormat {
    Json,
    Csv,
    Xlsx,
}

impl SampleFormat {
    /// The format a file name says (by its extension), JSON when it says none we know.
    pub fn from_name(name: &str) -> SampleFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            SampleFormat::Csv
        } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            SampleFormat::Xlsx
        } else {
            SampleFormat::Json
        }
    }
}

/// Why a sample could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    Json {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("CSV record {record}: {reason}")]
    Csv { record: u64, reason: String },
    #[error("not a readable XLSX workbook: {0}")]
    Xlsx(String),
    #[error("the workbook has no sheet")]
    NoSheet,
    #[error("the text is not UTF-8 (byte {offset} is not): name the file's encoding (such as {EXAMPLE_LABELS}) or save it as UTF-8")]
    NotUtf8 { offset: usize },
    #[error("the text is not valid {encoding}: name the file's encoding (such as {EXAMPLE_LABELS}) or save it as UTF-8")]
    Undecodable { encoding: String },
    #[error("unknown encoding \"{0}\": name one the Encoding Standard knows, such as utf-8, {EXAMPLE_LABELS}")]
    UnknownEncoding(String),
}

/// A sample read: its JSON, and the encoding its text was read in (none for a workbook,
/// which says its own).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub value: Value,
    pub encoding: Option<&'static str>,
}

/// The sample in `bytes`, read as `format`: for CSV and XLSX, an array of row objects.
/// Text in an encoding other than UTF-8 needs its byte order mark: see [`read_sample_in`].
pub fn read_sample(bytes: &[u8], format: SampleFormat) -> Result<Value, SampleError> {
    read_sample_in(bytes, format, None).map(|s| s.value)
}

/// The sample in `bytes`, read as `format`, its text (JSON, CSV) in `encoding` when one is
/// named (a label such as `windows-1252`), else as [`decode_text`] reads it.
pub fn read_sample_in(
    bytes: &[u8],
    format: SampleFormat,
    encoding: Option<&str>,
) -> Result<Sample, SampleError> {
    if format == SampleFormat::Xlsx {
        return read_xlsx(bytes).map(|value| Sample {
            value,
            encoding: None,
        });
    }
    let decoded = decode_text(bytes, encoding)?;
    let value = match format {
        SampleFormat::Csv => read_csv(&decoded.text)?,
        _ => read_json(&decoded.text)?,
    };
    Ok(Sample {
        value,
        encoding: Some(decoded.encoding),
    })
}

fn read_json(text: &str) -> Result<Value, SampleError> {
    serde_json::from_str(text).map_err(|e| SampleError::Json {
        line: e.line(),
        column: e.column(),
        reason: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_string(),
    })
}

/// A text file's contents (samples, folder drops, file sources): UTF-8 (a byte order mark is
/// dropped), or UTF-16 told by its byte order mark. Anything else is refused rather than
/// guessed at; [`decode_text`] reads a named encoding too.
pub fn text_of(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, SampleError> {
    decode_text(bytes, None).map(|d| d.text)
}

fn read_csv(text: &str) -> Result<Value, SampleError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let error = |e: csv::Error| SampleError::Csv {
        record: e.position().map_or(0, |p| p.record()),
        reason: e.to_string(),
    };
    let headers = reader.headers().map_err(error)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(error)?;
        let mut row = Map::new();
        for (i, header) in headers.iter().enumerate() {
            let value = record
                .get(i)
                .map_or(Value::Null, |v| Value::String(v.into()));
            row.insert(header.to_string(), value);
        }
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

fn read_xlsx(bytes: &[u8]) -> Result<Value, SampleError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| SampleError::Xlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SampleError::NoSheet)?
        .map_err(|e| SampleError::Xlsx(e.to_string()))?;
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| cell_text(c).unwrap_or_default()).collect())
        .unwrap_or_default();
    let records = rows
        .filter(|row| row.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|row| {
            let mut object = Map::new();
            for (i, header) in headers.iter().enumerate() {
                if header.is_empty() {
                    continue;
                }
                object.insert(header.clone(), row.get(i).map_or(Value::Null, cell_value));
            }
            Value::Object(object)
        })
        .collect();
    Ok(Value::Array(records))
}

fn cell_text(cell: &Data) -> Option<String> {
    match cell_value(cell) {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

fn cell_value(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Null,
        Data::Int(i) => Value::from(*i),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(*f as i64),
        Data::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Data::String(s) => Value::String(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => excel_datetime(d.as_f64()).map_or(Value::Null, Value::String),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::String(s.clone()),
        Data::Error(e) => Value::String(format!("#{e:?}")),
    }
}

/// An Excel serial date (days since 1899-12-30) as ISO text: a date when it has no time.
fn excel_datetime(serial: f64) -> Option<String> {
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let date = jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days as i64))
        .ok()?;
    if seconds == 0 {
        return Some(date.to_string());
    }
    let time = jiff::civil::Time::midnight()
        .checked_add(jiff::Span::new().seconds(seconds))
        .ok()?;
    Some(format!("{date}T{}", time.strftime("%H:%M:%S")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;

    #[test]
    fn a_format_is_told_by_the_file_name() {
        assert_eq!(SampleFormat::from_name("a/Contacts.CSV"), SampleFormat::Csv);
        assert_eq!(SampleFormat::from_name("export.xlsx"), SampleFormat::Xlsx);
        assert_eq!(SampleFormat::from_name("response.json"), SampleFormat::Json);
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_read_as_their_text_and_others_are_named() {
        let text = "id,name\nc-1,Zo\u{eb} M\u{fc}ller\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [utf16le, utf16be] {
            assert_eq!(
                read_sample(&bytes, SampleFormat::Csv).unwrap(),
                json!([{"id": "c-1", "name": "Zo\u{eb} M\u{fc}ller"}])
            );
        }
        let json16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "{\"a\": \"\u{e9}\"}"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            read_sample(&json16, SampleFormat::Json).unwrap(),
            json!({"a": "\u{e9}"})
        );
        // Latin-1 without a mark is not guessed at: the error says what to do.
        let latin1 = b"id,name\nc-1,Zo\xeb\n";
        let e = read_sample(latin1, SampleFormat::Csv).unwrap_err();
        assert!(e.to_string().contains("save it as UTF-8"), "{e}");
    }

    #[test]
    fn a_windows_1252_csv_named_reads_its_accents_and_unnamed_is_refused() {
        let bytes = b"id,name\nc-1,caf\xe9\n";
        let read = read_sample_in(bytes, SampleFormat::Csv, Some("windows-1252")).unwrap();
        assert_eq!(read.value, json!([{"id": "c-1", "name": "caf\u{e9}"}]));
        assert_eq!(read.encoding, Some("windows-1252"));
        let e = read_sample_in(bytes, SampleFormat::Csv, None).unwrap_err();
        assert_eq!(e, SampleError::NotUtf8 { offset: 15 });
        assert!(e.to_string().contains("name the file's encoding"), "{e}");
        let e = read_sample_in(bytes, SampleFormat::Csv, Some("klingon")).unwrap_err();
        assert!(
            e.to_string().contains("unknown encoding \"klingon\""),
            "{e}"
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("{\"name\": \"山田\"}");
        let read = read_sample_in(&sjis, SampleFormat::Json, Some("Shift_JIS")).unwrap();
        assert_eq!(read.value, json!({"name": "山田"}));
        assert_eq!(read.encoding, Some("Shift_JIS"));
        let utf8 = read_sample_in(b"[]", SampleFormat::Json, None).unwrap();
        assert_eq!(utf8.encoding, Some("UTF-8"));
    }

    #[test]
    fn a_csv_becomes_one_object_per_row_keyed_by_the_header() {
        let csv = "\u{feff}id,name-last,score\nc-1,Tester,87.5\nc-2,\"de la Cruz, Ana\",\n";
        let value = read_sample(csv.as_bytes(), SampleFormat::Csv).unwrap();
        assert_eq!(
            value,
            json!([
                {"id": "c-1", "name-last": "Tester", "score": "87.5"},
                {"id": "c-2", "name-last": "de la Cruz, Ana", "score": ""}
            ])
        );
    }

    #[test]
    fn json_errors_name_the_line_and_column() {
        let error = read_sample(b"{\n  \"a\": }", SampleFormat::Json).unwrap_err();
        assert!(
            matches!(
                error,
                SampleError::Json {
                    line: 2,
                    column: 8,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    /// A minimal workbook: one sheet with inline strings, numbers and a boolean.
    fn workbook(sheet_rows: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>"#)),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn s(cell: &str, text: &str) -> String {
        format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn an_xlsx_first_sheet_becomes_typed_row_objects() {
        let rows = format!(
            r#"<row r="1">{}{}{}</row><row r="2">{}<c r="B2"><v>87.5</v></c><c r="C2" t="b"><v>1</v></c></row><row r="3">{}<c r="B3"><v>92</v></c></row>"#,
            s("A1", "id"),
            s("B1", "score"),
            s("C1", "opted_out"),
            s("A2", "c-1"),
            s("A3", "c-2"),
        );
        let value = read_sample(&workbook(&rows), SampleFormat::Xlsx).unwrap();
        assert_eq!(
            value,
            json!([
                {"id": "c-1", "score": 87.5, "opted_out": true},
                {"id": "c-2", "score": 92, "opted_out": null}
            ])
        );
        let error = read_sample(b"not a zip", SampleFormat::Xlsx).unwrap_err();
        assert!(matches!(error, SampleError::Xlsx(_)), "{error:?}");
    }

    #[test]
    fn excel_serial_dates_read_as_iso_text() {
        assert_eq!(excel_datetime(45_503.0).as_deref(), Some("2024-07-30"));
        assert_eq!(
            excel_datetime(45_503.5).as_deref(),
            Some("2024-07-30T12:00:00")
        );
    }
}
