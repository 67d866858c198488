//! The errors a record or a mapping can carry. Record-level codes are Salesforce's own
//! (STRING_TOO_LONG, …) so that a preview reads like the org's answer; the few the engine
//! adds (CONVERT_FAILED, CALC_FAILED, …) are listed here and documented in docs/mapping.md.

use serde::{Deserialize, Serialize};

/// Every code a record-level error can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    // Raised by the engine's own transforms.
    /// `convert` could not read the value as the requested type.
    ConvertFailed,
    /// `calc` failed at run time (division by zero, text where a number is needed).
    CalcFailed,
    /// `validate` rejected the record; it will never be sent.
    ValidationFailed,
    /// Any other transform could not apply (e.g. `decode` of invalid base64).
    TransformFailed,
    /// A JSONPath source selected more than one node in this record.
    AmbiguousPath,
    // Salesforce's own codes, raised by the describe check.
    InvalidField,
    InvalidFieldForInsertUpdate,
    InvalidTypeOnFieldInRecord,
    JsonParserError,
    StringTooLong,
    NumberOutsideValidRange,
    InvalidEmailAddress,
    InvalidOrNullForRestrictedPicklist,
    MalformedId,
    /// A lookup holds a valid ID of a record of another object.
    FieldIntegrityException,
    RequiredFieldMissing,
    /// An update without the record's Id.
    MissingArgument,
}

impl ErrorCode {
    /// The code as it appears on the wire, e.g. `STRING_TOO_LONG`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ConvertFailed => "CONVERT_FAILED",
            ErrorCode::CalcFailed => "CALC_FAILED",
            ErrorCode::ValidationFailed => "VALIDATION_FAILED",
            ErrorCode::TransformFailed => "TRANSFORM_FAILED",
            ErrorCode::AmbiguousPath => "AMBIGUOUS_PATH",
            ErrorCode::InvalidField => "INVALID_FIELD",
            ErrorCode::InvalidFieldForInsertUpdate => "INVALID_FIELD_FOR_INSERT_UPDATE",
            ErrorCode::InvalidTypeOnFieldInRecord => "INVALID_TYPE_ON_FIELD_IN_RECORD",
            ErrorCode::JsonParserError => "JSON_PARSER_ERROR",
            ErrorCode::StringTooLong => "STRING_TOO_LONG",
            ErrorCode::NumberOutsideValidRange => "NUMBER_OUTSIDE_VALID_RANGE",
            ErrorCode::InvalidEmailAddress => "INVALID_EMAIL_ADDRESS",
            ErrorCode::InvalidOrNullForRestrictedPicklist => {
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
            }
            ErrorCode::MalformedId => "MALFORMED_ID",
            ErrorCode::FieldIntegrityException => "FIELD_INTEGRITY_EXCEPTION",
            ErrorCode::RequiredFieldMissing => "REQUIRED_FIELD_MISSING",
            ErrorCode::MissingArgument => "MISSING_ARGUMENT",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error (or warning) on one field of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldError {
    /// The target field's API name (`LastName`), as written in the mapping.
    pub field: String,
    pub code: ErrorCode,
    /// Reads like Salesforce's message: `Last Name: data value too large: … (max length=80)`.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// A problem with the mapping itself, found before any record is touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MappingIssue {
    /// RFC 6901 JSON pointer into the mapping document, e.g. `/fields/3/transforms/1`.
    pub pointer: String,
    pub message: String,
}

impl MappingIssue {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        MappingIssue {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for MappingIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}
