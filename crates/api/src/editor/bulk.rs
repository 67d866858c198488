//! Mapping a whole file of records (`synccentral map`, and later the runs): the records are
//! found as raw slices of the input without building the document, then parsed, mapped and
//! serialised in order-preserving chunks on every core, each straight into its own output
//! buffer. Memory stays near the size of the input plus the output.

use crate::{codes, load_describe, load_mapping, strip_position, ApiError, Document};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use synccentral_engine::mapping::CompiledMapping;
use synccentral_engine::preview::select_records;
use synccentral_engine::sfcheck::Checker;
use synccentral_engine::{Describe, FieldError, Operation};

/// What a bulk mapping wrote and what it left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MapSummary {
    /// Records written.
    pub mapped: usize,
    /// Records not written, with why.
    pub rejected: Vec<Rejected>,
}

/// A source record that will not be sent, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub index: usize,
    pub errors: Vec<FieldError>,
}

/// Maps every record of a JSON document and writes the records ready to send to `out` as
/// one JSON array, in source order. With a describe, records Salesforce would refuse are
/// rejected too.
pub fn map_document_to(
    mapping: Document,
    input_name: &str,
    input: &[u8],
    records_path: Option<&str>,
    describe: Option<Document>,
    operation: Operation,
    out: &mut dyn Write,
) -> Result<MapSummary, ApiError> {
    let describe = describe.map(load_describe).transpose()?;
    let compiled = load_mapping(mapping, describe.as_ref())?;
    let invalid_json = |e: serde_json::Error| {
        ApiError::new(
            codes::INVALID_JSON,
            format!(
                "{input_name}: invalid JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ),
        )
    };
    let text = std::str::from_utf8(input).map_err(|e| {
        ApiError::new(
            codes::INVALID_JSON,
            format!("{input_name}: not UTF-8 text (byte {})", e.valid_up_to()),
        )
    })?;
    let bad_path =
        |e: String| ApiError::new(codes::INVALID_RECORDS_PATH, format!("{input_name}: {e}"));
    let job = Job {
        mapping: &compiled,
        describe: describe.as_ref(),
        checker: describe.as_ref().map(Checker::new),
        operation,
        keys: compiled
            .fields
            .iter()
            .map(|f| serde_json::to_string(&f.output_key).expect("a string serialises"))
            .collect(),
    };
    let chunks = match simple_path(records_path) {
        Some(keys) => {
            let raws = raw_records(text, &keys)
                .map_err(invalid_json)?
                .map_err(bad_path)?;
            job.run_parallel(&raws, |raw: &&RawValue| {
                serde_json::from_str::<Value>(raw.get())
            })
        }
        None => {
            // A JSONPath beyond plain keys: read the whole document.
            let doc: Value = serde_json::from_str(text).map_err(invalid_json)?;
            let records = select_records(&doc, records_path).map_err(bad_path)?;
            job.run_parallel(&records, |v: &&Value| Ok((*v).clone()))
        }
    };
    let io =
        |e: std::io::Error| ApiError::new("IO_ERROR", format!("cannot write the records: {e}"));
    let mut summary = MapSummary::default();
    out.write_all(b"[").map_err(io)?;
    for chunk in chunks {
        if chunk.mapped > 0 {
            if summary.mapped > 0 {
                out.write_all(b",").map_err(io)?;
            }
            out.write_all(&chunk.bytes).map_err(io)?;
        }
        summary.mapped += chunk.mapped;
        summary.rejected.extend(chunk.rejected);
    }
    out.write_all(b"]\n").map_err(io)?;
    Ok(summary)
}

/// The keys of a records path made only of object keys (`data`, `$.data`,
/// `$.result.items`, `$['data']`); `None` for anything else (filters, wildcards, indexes).
fn simple_path(path: Option<&str>) -> Option<Vec<String>> {
    let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) else {
        return Some(Vec::new());
    };
    let word = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let keys: Vec<String> = if let Some(rest) = path.strip_prefix('$') {
        if let Some(inner) = rest.strip_prefix("['").and_then(|r| r.strip_suffix("']")) {
            if inner.contains('\'') || inner.contains("][") {
                return None;
            }
            vec![inner.to_string()]
        } else if rest.is_empty() {
            Vec::new()
        } else {
            rest.strip_prefix('.')?
                .split('.')
                .map(str::to_string)
                .collect()
        }
    } else {
        path.split('.').map(str::to_string).collect()
    };
    keys.iter().all(|k| word(k)).then_some(keys)
}

/// The raw slices of the records under `keys`: the elements when it is an array, else the
/// value itself as one record. Outer error: invalid JSON; inner: the path finds nothing.
fn raw_records<'a>(
    text: &'a str,
    keys: &[String],
) -> Result<Result<Vec<&'a RawValue>, String>, serde_json::Error> {
    let mut here: &'a RawValue = serde_json::from_str(text)?;
    for (depth, key) in keys.iter().enumerate() {
        let found = if here.get().starts_with('{') {
            let mut obj: HashMap<String, &'a RawValue> = serde_json::from_str(here.get())?;
            match obj.remove(key.as_str()) {
                Some(v) => Some(v),
                None if depth == 0 => {
                    let mut arrays: Vec<String> = obj
                        .iter()
                        .filter(|(_, v)| v.get().starts_with('['))
                        .map(|(k, _)| format!("$.{k}"))
                        .collect();
                    arrays.sort();
                    let hint = if arrays.is_empty() {
                        String::new()
                    } else {
                        format!(" (arrays at the top level: {})", arrays.join(", "))
                    };
                    return Ok(Err(format!(
                        "records path {} found nothing in the sample{hint}",
                        keys.join(".")
                    )));
                }
                None => None,
            }
        } else {
            None
        };
        match found {
            Some(v) => here = v,
            None => {
                return Ok(Err(format!(
                    "records path {} found nothing in the sample",
                    keys.join(".")
                )));
            }
        }
    }
    if here.get().starts_with('[') {
        Ok(Ok(serde_json::from_str::<Vec<&'a RawValue>>(here.get())?))
    } else if keys.is_empty() || here.get() != "null" {
        Ok(Ok(vec![here]))
    } else {
        Ok(Err(format!(
            "records path {} found nothing in the sample",
            keys.join(".")
        )))
    }
}

/// What one chunk produced.
struct Chunk {
    bytes: Vec<u8>,
    mapped: usize,
    rejected: Vec<Rejected>,
}

struct Job<'a> {
    mapping: &'a CompiledMapping,
    describe: Option<&'a Describe>,
    checker: Option<Checker>,
    operation: Operation,
    /// Each field's output key, already a JSON string literal.
    keys: Vec<String>,
}

impl Job<'_> {
    fn run_parallel<T: Sync>(
        &self,
        records: &[T],
        parse: impl Fn(&T) -> Result<Value, serde_json::Error> + Sync,
    ) -> Vec<Chunk> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 || records.len() < 1_000 {
            return vec![self.run(0, records, &parse)];
        }
        let size = records.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = records
                .chunks(size)
                .enumerate()
                .map(|(n, chunk)| {
                    let parse = &parse;
                    s.spawn(move || self.run(n * size, chunk, parse))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a mapping thread panicked"))
                .collect()
        })
    }

    fn run<T>(
        &self,
        offset: usize,
        records: &[T],
        parse: &impl Fn(&T) -> Result<Value, serde_json::Error>,
    ) -> Chunk {
        let mut chunk = Chunk {
            bytes: Vec::with_capacity(records.len() * 256),
            mapped: 0,
            rejected: Vec::new(),
        };
        let mut errors = Vec::new();
        for (i, raw) in records.iter().enumerate() {
            let record = match parse(raw) {
                Ok(v) => v,
                Err(e) => {
                    chunk.rejected.push(Rejected {
                        index: offset + i,
                        errors: vec![FieldError::new(
                            "",
                            synccentral_engine::ErrorCode::JsonParserError,
                            e.to_string(),
                        )],
                    });
                    continue;
                }
            };
            errors.clear();
            let start = chunk.bytes.len();
            if chunk.mapped > 0 {
                chunk.bytes.push(b',');
            }
            if let Some(checker) = &self.checker {
                let mapped = self.mapping.apply(&record, self.describe);
                errors.extend(mapped.errors);
                errors.extend(checker.check(&mapped.fields, self.operation).errors);
                if errors.is_empty() {
                    serde_json::to_writer(&mut chunk.bytes, &mapped.fields)
                        .expect("records serialise");
                }
            } else {
                chunk.bytes.push(b'{');
                let mut first = true;
                let bytes = &mut chunk.bytes;
                self.mapping
                    .apply_each(&record, self.describe, &mut errors, |index, value| {
                        if !first {
                            bytes.push(b',');
                        }
                        first = false;
                        bytes.extend_from_slice(self.keys[index].as_bytes());
                        bytes.push(b':');
                        serde_json::to_writer(&mut *bytes, &value).expect("values serialise");
                    });
                chunk.bytes.push(b'}');
            }
            if errors.is_empty() {
                chunk.mapped += 1;
            } else {
                chunk.bytes.truncate(start);
                chunk.rejected.push(Rejected {
                    index: offset + i,
                    errors: std::mem::take(&mut errors),
                });
            }
        }
        chunk
    }
}
