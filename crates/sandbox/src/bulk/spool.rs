//! Bulk API 2.0 uploads (`PUT /jobs/ingest/{id}/batches`) go to disk, not memory: the body is
//! streamed into a file under `<data>/bulk-uploads/` as it arrives (gunzipped into a second
//! file when sent with `Content-Encoding: gzip`), and processing reads the CSV back from there
//! row by row. So an upload of Salesforce's maximum size never needs to sit in memory whole.
//!
//! Salesforce takes "CSV data that does not in total exceed 150 MB of base64 encoded content"
//! per upload (upload is converted to base64 on receipt, about 100 MB of CSV): the sandbox
//! measures an upload as its base64 length would be and refuses a larger one with 413.

use crate::error::{Failure, SfError};
use crate::{auth, App, Req};
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{Method, StatusCode};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// 150 MB of base64-encoded content, in bytes (MB read as 1,048,576 bytes).
pub const MAX_BASE64_BYTES: u64 = 150 * 1024 * 1024;
/// The largest upload whose base64 form fits in [`MAX_BASE64_BYTES`] (3 bytes → 4).
pub const MAX_UPLOAD_BYTES: u64 = MAX_BASE64_BYTES / 4 * 3;
/// Bytes of an over-limit body still read (and thrown away) before answering, so that the
/// client gets the 413 rather than a reset connection in the middle of its upload.
const DRAIN_BYTES: u64 = 4 * MAX_UPLOAD_BYTES;
/// Where spooled uploads live, under the data directory.
const DIR: &str = "bulk-uploads";

/// One uploaded CSV on disk; the file is removed when the upload is dropped (with its job).
#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Spool {
    /// A new empty file in `<data>/bulk-uploads/`.
    fn create(data_dir: &Path) -> std::io::Result<(Spool, File)> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = data_dir.join(DIR);
        std::fs::create_dir_all(&dir)?;
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            "{}-{}-{n}.csv",
            std::process::id(),
            crate::now_ms()
        ));
        let file = File::create(&path)?;
        Ok((Spool { path }, file))
    }

    /// The CSV, for reading from the start.
    pub fn open(&self) -> std::io::Result<BufReader<File>> {
        File::open(&self.path).map(BufReader::new)
    }
}

/// Removes what earlier runs spooled (their jobs lived in memory and are gone).
pub fn clear(data_dir: &Path) {
    let _ = std::fs::remove_dir_all(data_dir.join(DIR));
}

/// Whether a request is an ingest upload, whose body is spooled rather than read whole.
pub fn is_upload(method: &Method, segs: &[String]) -> bool {
    *method == Method::PUT
        && matches!(
            segs,
            [s, d, _, j, i, _, b]
                if s == "services" && d == "data"
                    && j.eq_ignore_ascii_case("jobs")
                    && i.eq_ignore_ascii_case("ingest")
                    && b.eq_ignore_ascii_case("batches")
        )
}

fn too_large() -> Failure {
    Failure::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        SfError::new(
            "INVALIDBATCH",
            format!(
                "The upload exceeds the maximum of {MAX_BASE64_BYTES} bytes of base64 encoded \
                 content ({MAX_UPLOAD_BYTES} bytes of CSV)"
            ),
        ),
    )
}

fn storage(e: std::io::Error) -> Failure {
    Failure::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        SfError::new(
            "UNKNOWN_EXCEPTION",
            format!("The upload could not be stored: {e}"),
        ),
    )
}

fn bad_gzip(e: std::io::Error) -> Failure {
    Failure::bad_request(SfError::new(
        "INVALIDBATCH",
        format!("The gzip content could not be read: {e}"),
    ))
}

/// Reads a request's body into `req`: whole for ordinary requests (at most
/// [`crate::MAX_BODY_BYTES`], else 413 `JSON_PARSER_ERROR`); streamed into a spool file for an
/// ingest upload — only with a valid session (otherwise the body is left unread and the API
/// answers 401).
pub async fn read_body(app: &Arc<App>, req: &mut Req, body: Body) -> Result<(), Failure> {
    if !is_upload(&req.method, &req.segs) {
        let max = crate::MAX_BODY_BYTES;
        req.body = axum::body::to_bytes(body, max).await.map_err(|_| {
            Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                SfError::new(
                    "JSON_PARSER_ERROR",
                    format!("The request body is larger than {max} bytes"),
                ),
            )
        })?;
        return Ok(());
    }
    let probe = Req {
        base: req.base.clone(),
        method: req.method.clone(),
        segs: req.segs.clone(),
        query: req.query.clone(),
        headers: req.headers.clone(),
        body: Bytes::new(),
        spooled: Mutex::new(None),
    };
    let app2 = app.clone();
    let signed_in = tokio::task::spawn_blocking(move || auth::session(&app2, &probe, false))
        .await
        .is_ok_and(|r| r.is_ok());
    if signed_in {
        let gzip = req
            .header("content-encoding")
            .is_some_and(|e| e.eq_ignore_ascii_case("gzip"));
        let spool = receive(&app.config.data_dir, body, gzip).await?;
        req.spooled = Mutex::new(Some(spool));
    }
    Ok(())
}

/// Streams a request body into a new spool file, refusing more than the upload limit;
/// gunzips it (with the same limit on the CSV) when `gzip`.
pub async fn receive(data_dir: &Path, mut body: Body, gzip: bool) -> Result<Spool, Failure> {
    let (spool, file) = Spool::create(data_dir).map_err(storage)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut total: u64 = 0;
    let mut over = false;
    while let Some(frame) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
    {
        // A body that breaks off mid-way is an upload that did not arrive.
        let Ok(frame) = frame else {
            return Err(Failure::bad_request(SfError::new(
                "INVALIDBATCH",
                "The upload was interrupted",
            )));
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total += data.len() as u64;
        if total > MAX_UPLOAD_BYTES {
            over = true;
        }
        if over {
            if total > DRAIN_BYTES {
                break;
            }
            continue;
        }
        out.write_all(&data).map_err(storage)?;
    }
    if over {
        return Err(too_large());
    }
    out.flush().map_err(storage)?;
    drop(out);
    if !gzip {
        return Ok(spool);
    }
    let dir = data_dir.to_path_buf();
    tokio::task::spawn_blocking(move || gunzip(&dir, &spool))
        .await
        .map_err(|e| storage(std::io::Error::other(e.to_string())))?
}

/// The gunzipped copy of `packed` as a new spool file.
fn gunzip(data_dir: &Path, packed: &Spool) -> Result<Spool, Failure> {
    let (spool, file) = Spool::create(data_dir).map_err(storage)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let input = packed.open().map_err(storage)?;
    let mut reader = flate2::read::GzDecoder::new(input).take(MAX_UPLOAD_BYTES + 1);
    let copied = std::io::copy(&mut reader, &mut out).map_err(bad_gzip)?;
    if copied > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    out.flush().map_err(storage)?;
    Ok(spool)
}

/// A spool file holding `bytes` (an upload that arrived through another path than
/// [`receive`], e.g. already read whole).
pub fn from_bytes(data_dir: &Path, bytes: &[u8], gzip: bool) -> Result<Spool, Failure> {
    if bytes.len() as u64 > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    let (spool, mut file) = Spool::create(data_dir).map_err(storage)?;
    file.write_all(bytes).map_err(storage)?;
    drop(file);
    if gzip {
        gunzip(data_dir, &spool)
    } else {
        Ok(spool)
    }
}

/// Reads the rows of a job's uploads one at a time: each upload starts with the header (a
/// UTF-8 byte-order mark before it is skipped), later uploads must repeat the first one's.
pub struct Rows {
    uploads: Vec<std::sync::Arc<Spool>>,
    next: usize,
    delimiter: u8,
    reader: Option<csv::Reader<BufReader<File>>>,
    header: Option<Vec<String>>,
}

impl Rows {
    pub fn new(uploads: Vec<std::sync::Arc<Spool>>, delimiter: u8) -> Rows {
        Rows {
            uploads,
            next: 0,
            delimiter,
            reader: None,
            header: None,
        }
    }

    /// Opens the next upload and reads its header; `false` when none is left.
    fn open_next(&mut self) -> Result<bool, String> {
        let Some(spool) = self.uploads.get(self.next) else {
            return Ok(false);
        };
        self.next += 1;
        let mut input = spool
            .open()
            .map_err(|e| format!("InvalidBatch : Failed to read the upload: {e}"))?;
        let bom = {
            use std::io::BufRead;
            let buf = input
                .fill_buf()
                .map_err(|e| format!("InvalidBatch : Failed to read the upload: {e}"))?;
            buf.starts_with("\u{feff}".as_bytes())
        };
        if bom {
            use std::io::BufRead;
            input.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut first = csv::StringRecord::new();
        let found = reader
            .read_record(&mut first)
            .map_err(|e| format!("InvalidBatch : Failed to parse CSV: {e}"))?;
        if found {
            let cells: Vec<String> = first.iter().map(str::to_string).collect();
            match &self.header {
                None => self.header = Some(cells),
                Some(h)
                    if h.len() == cells.len()
                        && h.iter().zip(&cells).all(|(a, b)| a.eq_ignore_ascii_case(b)) => {}
                Some(_) => {
                    return Err(
                        "InvalidBatch : Every upload of a job must have the same header".into(),
                    )
                }
            }
        }
        self.reader = Some(reader);
        Ok(true)
    }

    /// The header of the first upload that has one.
    pub fn header(&mut self) -> Result<Vec<String>, String> {
        while self.header.is_none() {
            if !self.open_next()? {
                return Err("InvalidBatch : No data was uploaded for this job".into());
            }
        }
        Ok(self.header.clone().unwrap_or_default())
    }

    /// The next data row, `None` after the last one.
    pub fn next_row(&mut self) -> Result<Option<csv::StringRecord>, String> {
        loop {
            let Some(reader) = self.reader.as_mut() else {
                if !self.open_next()? {
                    return Ok(None);
                }
                continue;
            };
            let mut record = csv::StringRecord::new();
            match reader.read_record(&mut record) {
                Ok(true) => return Ok(Some(record)),
                Ok(false) => self.reader = None,
                Err(e) => return Err(format!("InvalidBatch : Failed to parse CSV: {e}")),
            }
        }
    }
}
