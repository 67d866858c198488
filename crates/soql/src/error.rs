//! Salesforce's SOQL errors: an error code and a message, the message led by Salesforce's
//! caret preamble (the offending query line, a caret under the column, `ERROR at Row:r:Column:c`).

use serde::Serialize;

/// The `errorCode` of a failed query, as Salesforce names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Syntax errors and constructs outside the supported subset.
    MalformedQuery,
    /// Unknown fields and relationships, and literals of the wrong type for their field.
    InvalidField,
    /// Unknown object in `FROM`.
    InvalidType,
    /// An operator the field's type does not allow, or a malformed ID literal.
    InvalidQueryFilterOperator,
    /// `OFFSET` above the maximum.
    NumberOutsideValidRange,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedQuery => "MALFORMED_QUERY",
            ErrorCode::InvalidField => "INVALID_FIELD",
            ErrorCode::InvalidType => "INVALID_TYPE",
            ErrorCode::InvalidQueryFilterOperator => "INVALID_QUERY_FILTER_OPERATOR",
            ErrorCode::NumberOutsideValidRange => "NUMBER_OUTSIDE_VALID_RANGE",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A query Salesforce would refuse. Serialises as one item of Salesforce's error array:
/// `{"message": …, "errorCode": …}` (answered with HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SoqlError {
    pub message: String,
    #[serde(rename = "errorCode")]
    pub code: ErrorCode,
}

impl SoqlError {
    /// An error at byte `offset` of `text`, with the caret preamble before `detail`.
    pub(crate) fn at(code: ErrorCode, text: &str, offset: usize, detail: &str) -> SoqlError {
        SoqlError {
            code,
            message: format!("{}{detail}", caret(text, offset)),
        }
    }

    /// An error whose message has no caret preamble.
    pub(crate) fn plain(code: ErrorCode, detail: impl Into<String>) -> SoqlError {
        SoqlError {
            code,
            message: detail.into(),
        }
    }
}

/// `\n<line>\n<spaces>^\nERROR at Row:r:Column:c\n` for the position `offset` (rows and columns
/// count from 1, columns in characters).
///
/// Salesforce echoes only a window of long queries around the error; the window's rule is not
/// documented (UNCONFIRMED), so the whole offending line is echoed here.
fn caret(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..offset];
    let row = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    format!(
        "\n{line}\n{}^\nERROR at Row:{row}:Column:{column}\n",
        " ".repeat(column - 1)
    )
}
