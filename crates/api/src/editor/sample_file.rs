//! A sample file opened as the JSON text the source panel works on, and the encoding its
//! text was read in, so a wrong reading shows: the app's editor and option screens and the
//! CLI's `preview` / `mapping suggest` read samples through [`sample_file`].

use super::editor_codes;
use crate::{codes, ApiError};
use serde::{Deserialize, Serialize};
use synccentral_engine::sample::{decode_text, read_sample_in, SampleError, SampleFormat};

/// A sample file as the source panel reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SampleFile {
    /// The sample as JSON text: a JSON file as it is, a CSV or XLSX file as an array of
    /// row objects.
    pub text: String,
    /// The encoding the text was read in (`UTF-8`, `windows-1252`, `Shift_JIS`, …); none
    /// for a workbook, which says its own.
    pub encoding: Option<String>,
}

/// Reads the sample at `path` (JSON, or CSV / XLSX told by its extension), its text in
/// `encoding` when one is named (a label such as `windows-1252`), else by its byte order
/// mark, else as UTF-8. Text that is none of these is refused, naming the file, never
/// guessed at.
pub fn sample_file(path: &str, encoding: Option<&str>) -> Result<SampleFile, ApiError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::new(editor_codes::FILE_ERROR, format!("cannot read {path}: {e}")))?;
    sample_bytes(path, &bytes, encoding)
}

/// [`sample_file`] of bytes already read; `name` is the file's name (its extension tells
/// the format) errors cite.
pub fn sample_bytes(
    name: &str,
    bytes: &[u8],
    encoding: Option<&str>,
) -> Result<SampleFile, ApiError> {
    let format = SampleFormat::from_name(name);
    let error = |e: SampleError| {
        let code = match (&e, format) {
            (
                SampleError::NotUtf8 { .. }
                | SampleError::Undecodable { .. }
                | SampleError::UnknownEncoding(_),
                _,
            ) => editor_codes::ENCODING,
            (_, SampleFormat::Json) => codes::INVALID_JSON,
            _ => editor_codes::INVALID_SAMPLE,
        };
        ApiError::new(code, format!("{name}: {e}"))
    };
    if format == SampleFormat::Json {
        let decoded = decode_text(bytes, encoding).map_err(error)?;
        return Ok(SampleFile {
            text: decoded.text.into_owned(),
            encoding: Some(decoded.encoding.to_string()),
        });
    }
    let sample = read_sample_in(bytes, format, encoding).map_err(error)?;
    Ok(SampleFile {
        text: serde_json::to_string_pretty(&sample.value).unwrap_or_default(),
        encoding: sample.encoding.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sc-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_windows_1252_csv_opens_in_the_named_encoding_and_says_which() {
        let dir = dir("sample-1252");
        let csv = dir.join("contacts.csv");
        std::fs::write(&csv, b"id,name\nc-1,Caf\xe9 M\xfcller\n").unwrap();
        let path = csv.to_str().unwrap();
        let read = sample_file(path, Some("windows-1252")).unwrap();
        assert_eq!(read.encoding.as_deref(), Some("windows-1252"));
        let rows: serde_json::Value = serde_json::from_str(&read.text).unwrap();
        assert_eq!(rows[0]["name"], "Café Müller");
        let refused = sample_file(path, None).unwrap_err();
        assert_eq!(refused.code, editor_codes::ENCODING);
        assert!(
            refused.message.starts_with(path) && refused.message.contains("not UTF-8"),
            "{}",
            refused.message
        );
        let unknown = sample_file(path, Some("latin-9000")).unwrap_err();
        assert_eq!(unknown.code, editor_codes::ENCODING);
        assert!(unknown.message.contains("unknown encoding \"latin-9000\""));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_json_sample_opens_as_its_text_with_its_encoding() {
        let dir = dir("sample-json");
        let json = dir.join("r.json");
        std::fs::write(&json, "{\"a\": \"Zoë\"}").unwrap();
        let read = sample_file(json.to_str().unwrap(), None).unwrap();
        assert_eq!(read.text, "{\"a\": \"Zoë\"}");
        assert_eq!(read.encoding.as_deref(), Some("UTF-8"));
        // 東京 in Shift_JIS, as Windows' Japanese locale writes it.
        std::fs::write(&json, b"{\"a\": \"\x93\x8c\x8b\x9e\"}").unwrap();
        let read = sample_file(json.to_str().unwrap(), Some("shift_jis")).unwrap();
        assert_eq!(read.text, "{\"a\": \"東京\"}");
        assert_eq!(read.encoding.as_deref(), Some("Shift_JIS"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
