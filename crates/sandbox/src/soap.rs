//! The one SOAP call a REST client needs: the partner API's `undelete`
//! (`POST /services/Soap/u/{version}[/{orgId}]`), since the REST API has no undelete resource.
//!
//! The envelope is read with a small streaming reader (quick-xml): the session from
//! `Header/SessionHeader/sessionId`, `Header/AllOrNoneHeader/allOrNone`, and the call from the
//! first element of `Body` (or the `SOAPAction` header when the body names none) with its
//! repeated `<ids>`. Sizes are bounded (the body by [`crate::MAX_BODY_BYTES`], nesting, text
//! and the number of IDs); anything unreadable is a `soapenv:Client` fault, an unknown or
//! expired session the `sf:INVALID_SESSION_ID` fault, both with HTTP 500 as Salesforce answers
//! faults. The answer is `undeleteResponse` with one `<result>` per ID, in order:
//! `<id>`/`<success>true` or `<errors><statusCode/><message/></errors>`. Each call counts
//! toward the daily API request limit and reports it in the `LimitInfoHeader`.

use crate::error::SfError;
use crate::store::{self, Stored};
use crate::write::{self, Ctx};
use crate::{now_ms, App, Req, LATEST_VERSION, OLDEST_VERSION};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use quick_xml::events::Event;
use quick_xml::Reader;

/// IDs one call takes, as Salesforce's `undelete()`.
pub const MAX_IDS: usize = 200;
/// Deepest element nesting read.
const MAX_DEPTH: usize = 32;
/// Longest text of one element kept (session IDs, record IDs, flags are short).
const MAX_TEXT: usize = 4096;

const ENVELOPE_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// What a request envelope asks.
#[derive(Debug, Default, PartialEq)]
struct Call {
    operation: Option<String>,
    session: Option<String>,
    all_or_none: bool,
    ids: Vec<String>,
    too_many_ids: bool,
}

/// A SOAP fault: `faultcode` (`soapenv:Client` or `sf:<CODE>`) and `faultstring`; `sf:` faults
/// carry Salesforce's `UnexpectedErrorFault` detail.
struct Fault {
    code: String,
    message: String,
}

impl Fault {
    fn client(message: impl Into<String>) -> Fault {
        Fault {
            code: "soapenv:Client".into(),
            message: message.into(),
        }
    }

    fn sf(code: &str, message: &str) -> Fault {
        Fault {
            code: format!("sf:{code}"),
            message: message.to_string(),
        }
    }

    fn response(&self) -> Response {
        let (string, detail) = match self.code.strip_prefix("sf:") {
            Some(code) => (
                format!("{code}: {}", self.message),
                format!(
                    "<detail><sf:UnexpectedErrorFault xsi:type=\"sf:UnexpectedErrorFault\">\
                     <sf:exceptionCode>{code}</sf:exceptionCode>\
                     <sf:exceptionMessage>{}</sf:exceptionMessage>\
                     </sf:UnexpectedErrorFault></detail>",
                    escape(&self.message)
                ),
            ),
            None => (self.message.clone(), String::new()),
        };
        xml_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <soapenv:Envelope xmlns:soapenv=\"{ENVELOPE_NS}\" \
                 xmlns:sf=\"urn:fault.partner.soap.sforce.com\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
                 <soapenv:Body><soapenv:Fault><faultcode>{}</faultcode>\
                 <faultstring>{}</faultstring>{detail}</soapenv:Fault></soapenv:Body>\
                 </soapenv:Envelope>",
                self.code,
                escape(&string)
            ),
        )
    }
}

fn xml_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/xml;charset=UTF-8"),
        )],
        body,
    )
        .into_response()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `POST /services/Soap/u/{version}[/{orgId}]`.
pub fn handle(app: &App, req: &Req, version: &str) -> Response {
    answer(app, req, version).unwrap_or_else(|f| f.response())
}

fn answer(app: &App, req: &Req, version: &str) -> Result<Response, Fault> {
    let served = version
        .strip_suffix(".0")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| (OLDEST_VERSION..=LATEST_VERSION).contains(&v));
    if !served {
        return Err(Fault::sf(
            "UNSUPPORTED_API_VERSION",
            &format!("Invalid Api version specified on URL: {version}"),
        ));
    }
    if req.method != Method::POST {
        return Err(Fault::client(format!(
            "HTTP method {} is not supported: SOAP calls are POSTed",
            req.method
        )));
    }
    let text = std::str::from_utf8(&req.body)
        .map_err(|_| Fault::client("Invalid byte sequence: the request body is not UTF-8"))?;
    let mut call = read(text)?;
    if call.operation.is_none() {
        call.operation = req
            .header("soapaction")
            .map(|a| a.trim().trim_matches('"').to_string())
            .filter(|a| !a.is_empty());
    }
    let live = call.session.as_deref().is_some_and(|t| {
        matches!(
            store::get_token(&app.db(), t),
            Ok(Some(t)) if t.kind == "access" && !t.revoked && t.expires_at.is_none_or(|e| e > now_ms())
        )
    });
    if !live {
        return Err(Fault::sf(
            "INVALID_SESSION_ID",
            "Invalid Session ID found in SessionHeader: Illegal Session",
        ));
    }
    let used = count_request(app)?;
    match call.operation.as_deref() {
        Some("undelete") => {}
        other => {
            return Err(Fault::client(format!(
                "No operation available for request {{urn:partner.soap.sforce.com}}{}, please \
                 check the WSDL for the service.",
                other.unwrap_or("")
            )))
        }
    }
    if call.too_many_ids {
        return Err(Fault::sf(
            "EXCEEDED_ID_LIMIT",
            &format!(
                "record limit reached. cannot submit more than {MAX_IDS} records into this call"
            ),
        ));
    }
    let results = undelete(app, &call.ids, call.all_or_none)?;
    let mut body = String::new();
    for (id, errors) in &results {
        body.push_str("<result>");
        for e in errors {
            body.push_str("<errors>");
            for f in e.fields.iter().flatten() {
                body.push_str(&format!("<fields>{}</fields>", escape(f)));
            }
            body.push_str(&format!(
                "<message>{}</message><statusCode>{}</statusCode></errors>",
                escape(&e.message),
                escape(&e.code)
            ));
        }
        match (errors.is_empty(), id) {
            (true, Some(id)) => {
                body.push_str(&format!("<id>{}</id><success>true</success>", escape(id)))
            }
            _ => body.push_str("<id xsi:nil=\"true\"/><success>false</success>"),
        }
        body.push_str("</result>");
    }
    let limit = app.config.daily_request_limit;
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <soapenv:Envelope xmlns:soapenv=\"{ENVELOPE_NS}\" \
             xmlns=\"urn:partner.soap.sforce.com\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
             <soapenv:Header><LimitInfoHeader><limitInfo><current>{used}</current>\
             <limit>{limit}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>\
             </soapenv:Header><soapenv:Body><undeleteResponse>{body}</undeleteResponse>\
             </soapenv:Body></soapenv:Envelope>"
        ),
    ))
}

/// Counts the call toward the day's API requests, or the `REQUEST_LIMIT_EXCEEDED` fault.
fn count_request(app: &App) -> Result<u64, Fault> {
    let day = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let conn = app.db();
    match store::usage(&conn, &day) {
        Ok(used) if used >= app.config.daily_request_limit => Err(Fault::sf(
            "REQUEST_LIMIT_EXCEEDED",
            "TotalRequests Limit exceeded.",
        )),
        _ => Ok(store::count_request(&conn, &day).unwrap_or(0)),
    }
}

/// One ID's outcome: its 18-character form when undeleted, and its errors.
type Outcome = (Option<String>, Vec<SfError>);

/// Undeletes each ID in one transaction: per ID its 18-character form (when undeleted) and its
/// errors. With `all_or_none`, any failure rolls every undelete back.
fn undelete(app: &App, ids: &[String], all_or_none: bool) -> Result<Vec<Outcome>, Fault> {
    let storage =
        |e: rusqlite::Error| Fault::sf("UNKNOWN_EXCEPTION", &format!("storage error: {e}"));
    let conn = app.db();
    let tx = conn.unchecked_transaction().map_err(storage)?;
    let ctx = Ctx {
        conn: &tx,
        schema: &app.schema,
        user_id: &app.user_id,
    };
    let mut out: Vec<Outcome> = ids
        .iter()
        .map(|id| match undelete_one(&ctx, app, id) {
            Ok(id) => (Some(id), Vec::new()),
            Err(errors) => (None, errors),
        })
        .collect();
    if all_or_none && out.iter().any(|(_, e)| !e.is_empty()) {
        tx.rollback().map_err(storage)?;
        for (id, errors) in &mut out {
            if errors.is_empty() {
                *id = None;
                errors.push(SfError::with_fields(
                    "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                    "Record rolled back because not all records were valid and the request \
                     was using AllOrNone header",
                    vec![],
                ));
            }
        }
    } else {
        tx.commit().map_err(storage)?;
    }
    Ok(out)
}

fn undelete_one(ctx: &Ctx, app: &App, id: &str) -> Result<String, Vec<SfError>> {
    let not_in_bin = || {
        vec![SfError::with_fields(
            "UNDELETE_FAILED",
            "Entity is not in the recycle bin",
            vec![],
        )]
    };
    let id18 = crate::ids::normalize(id.trim()).ok_or_else(|| {
        vec![SfError::with_fields(
            "MALFORMED_ID",
            format!("malformed id {id}"),
            vec![],
        )]
    })?;
    // Erased records (Bulk hardDelete) are gone for good; live ones are not in the bin.
    let record: Stored = store::get(ctx.conn, &id18)
        .map_err(|e| vec![write::storage(e)])?
        .filter(|r| r.deleted)
        .ok_or_else(not_in_bin)?;
    let obj = app.schema.get(&record.object).ok_or_else(not_in_bin)?;
    if obj.raw["undeletable"].as_bool() == Some(false) {
        return Err(not_in_bin());
    }
    write::undelete(ctx, obj, &record)?;
    Ok(id18)
}

/// Reads the parts of an envelope [`Call`] needs; any XML error is a client fault.
fn read(text: &str) -> Result<Call, Fault> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut call = Call::default();
    // Local names of the open elements, and the text of the innermost one.
    let mut path: Vec<String> = Vec::new();
    let mut value = String::new();
    let mut saw_root = false;
    let bad =
        |e: &dyn std::fmt::Display| Fault::client(format!("Unable to read the SOAP request: {e}"));
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        match event {
            Event::Start(_) | Event::Empty(_) if path.len() >= MAX_DEPTH => {
                return Err(Fault::client("The SOAP request is nested too deeply"));
            }
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                open(&mut path, &mut saw_root, &mut call, name)?;
                value.clear();
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                open(&mut path, &mut saw_root, &mut call, name)?;
                value.clear();
                close(&mut path, &mut call, &value);
            }
            Event::End(_) => {
                close(&mut path, &mut call, &value);
                value.clear();
            }
            Event::Text(t) => push_text(&mut value, &t.xml10_content())?,
            Event::CData(t) => push_text(&mut value, &t.xml10_content())?,
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(Fault::client(format!(
                                "The entity \"{other}\" was referenced, but not declared."
                            )))
                        }
                    },
                };
                push_text(&mut value, c.encode_utf8(&mut [0; 4]))?;
            }
            Event::DocType(_) => {
                return Err(Fault::client("DOCTYPE is disallowed in SOAP requests"));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !saw_root {
        return Err(Fault::client("Premature end of file."));
    }
    if !path.is_empty() {
        return Err(Fault::client(format!(
            "XML document structures must start and end within the same entity: <{}> is not closed",
            path.last().map(String::as_str).unwrap_or("")
        )));
    }
    Ok(call)
}

fn push_text(value: &mut String, text: &str) -> Result<(), Fault> {
    if value.len() + text.len() > MAX_TEXT {
        return Err(Fault::client(format!(
            "An element's text is longer than {MAX_TEXT} characters"
        )));
    }
    value.push_str(text);
    Ok(())
}

fn open(
    path: &mut Vec<String>,
    saw_root: &mut bool,
    call: &mut Call,
    name: String,
) -> Result<(), Fault> {
    if path.is_empty() {
        if *saw_root || name != "Envelope" {
            return Err(Fault::client(format!(
                "Expected the SOAP Envelope element, found <{name}>"
            )));
        }
        *saw_root = true;
    }
    if path.len() == 2 && path[1] == "Body" && call.operation.is_none() {
        call.operation = Some(name.clone());
    }
    path.push(name);
    Ok(())
}

fn close(path: &mut Vec<String>, call: &mut Call, value: &str) {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["Envelope", "Header", "SessionHeader", "sessionId"] => {
            call.session = Some(value.trim().to_string());
        }
        ["Envelope", "Header", "AllOrNoneHeader", "allOrNone"] => {
            call.all_or_none = matches!(value.trim(), "true" | "1");
        }
        ["Envelope", "Body", op, "ids"] if Some(*op) == call.operation.as_deref() => {
            if call.ids.len() < MAX_IDS {
                call.ids.push(value.trim().to_string());
            } else {
                call.too_many_ids = true;
            }
        }
        _ => {}
    }
    path.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(header: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"{ENVELOPE_NS}\" \
             xmlns:urn=\"urn:partner.soap.sforce.com\"><soapenv:Header>{header}</soapenv:Header>\
             <soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
        )
    }

    #[test]
    fn reads_the_session_the_call_and_its_ids() {
        let text = envelope(
            "<urn:SessionHeader><urn:sessionId>00D!AQ.a&amp;b&#x21;</urn:sessionId></urn:SessionHeader>\
             <urn:AllOrNoneHeader><urn:allOrNone>true</urn:allOrNone></urn:AllOrNoneHeader>",
            "<urn:undelete><urn:ids> 001A </urn:ids><urn:ids>001B</urn:ids><urn:ids/></urn:undelete>",
        );
        let call = read(&text).unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(
            call,
            Call {
                operation: Some("undelete".into()),
                session: Some("00D!AQ.a&b!".into()),
                all_or_none: true,
                ids: vec!["001A".into(), "001B".into(), String::new()],
                too_many_ids: false,
            }
        );
    }

    #[test]
    fn anything_unreadable_is_a_client_fault_never_a_panic() {
        let deep = format!(
            "<soapenv:Envelope xmlns:soapenv=\"{ENVELOPE_NS}\">{}",
            "<a>".repeat(100)
        );
        let long = envelope(
            "",
            &format!(
                "<undelete><ids>{}</ids></undelete>",
                "x".repeat(MAX_TEXT + 1)
            ),
        );
        for text in [
            "",
            "not xml",
            "<soapenv:Envelope>",
            "<Envelope><Body></Envelope>",
            "<Other/>",
            "<Envelope/><Envelope/>",
            "<!DOCTYPE x [<!ENTITY e \"boom\">]><Envelope>&e;</Envelope>",
            "<Envelope>&nope;</Envelope>",
            "<Envelope>&#0;</Envelope>",
            deep.as_str(),
            long.as_str(),
        ] {
            match read(text) {
                Err(f) => assert_eq!(f.code, "soapenv:Client", "{text}"),
                Ok(call) => panic!("{text} read as {call:?}"),
            }
        }
    }

    #[test]
    fn ids_past_the_limit_are_flagged_not_kept() {
        let ids = "<ids>x</ids>".repeat(MAX_IDS + 5);
        let call = read(&envelope("", &format!("<undelete>{ids}</undelete>")))
            .ok()
            .unwrap();
        assert_eq!(call.ids.len(), MAX_IDS);
        assert!(call.too_many_ids);
    }
}
