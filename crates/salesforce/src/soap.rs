//! The one SOAP call the REST API has no resource for: `undelete` (records back from the
//! recycle bin), on the Partner API (`POST /services/Soap/u/{version}`) with the REST
//! session's token as `sessionId`. At most 200 Ids a call; one result per Id, in order.

use crate::client::Client;
use crate::collections::{RecordError, RecordResult};
use crate::error::{ApiError, SalesforceError};
use quick_xml::events::Event;
use quick_xml::Reader;
use synccentral_net::read_capped;
use synccentral_net::reqwest::{self, Method};

/// Ids per `undelete` call (the API's limit).
pub const MAX_UNDELETE_IDS: usize = 200;
/// The largest SOAP answer read.
const MAX_SOAP_BODY: usize = 4 * 1024 * 1024;

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

fn envelope(session: &str, ids: &[String]) -> String {
    let ids: String = ids
        .iter()
        .map(|id| format!("<urn:ids>{}</urn:ids>", escape(id)))
        .collect();
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">"#,
            r#"<soapenv:Header><urn:SessionHeader><urn:sessionId>{}</urn:sessionId></urn:SessionHeader></soapenv:Header>"#,
            r#"<soapenv:Body><urn:undelete>{}</urn:undelete></soapenv:Body></soapenv:Envelope>"#
        ),
        escape(session),
        ids
    )
}

/// What an answer said: one result per `<result>`, or a fault.
#[derive(Debug, Default)]
struct Parsed {
    results: Vec<RecordResult>,
    fault: Option<(String, String)>,
}

/// Reads an `undeleteResponse` or a SOAP fault, by local element names.
fn parse(body: &[u8]) -> Result<Parsed, String> {
    let mut reader = Reader::from_reader(body);
    let mut out = Parsed::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut result: Option<RecordResult> = None;
    let mut error: Option<RecordError> = None;
    let mut fault = (String::new(), String::new());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?
        {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    "result" => {
                        result = Some(RecordResult {
                            id: None,
                            created: None,
                            success: false,
                            errors: Vec::new(),
                        })
                    }
                    "errors" => {
                        error = Some(RecordError {
                            status_code: String::new(),
                            message: String::new(),
                            fields: Vec::new(),
                        })
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
                if path.len() > 32 {
                    return Err("the answer nests too deep".into());
                }
            }
            Event::Text(t) => {
                let piece = t.xml10_content();
                if text.len() < 64 * 1024 {
                    text.push_str(&piece);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                if text.len() < 64 * 1024 {
                    text.push(c);
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is not read".into()),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = std::mem::take(&mut text);
                match (name.as_str(), &mut error, &mut result) {
                    ("statusCode", Some(e), _) => e.status_code = value,
                    ("message", Some(e), _) => e.message = value,
                    ("fields", Some(e), _) => e.fields.push(value),
                    ("errors", Some(_), Some(r)) => r.errors.extend(error.take()),
                    ("id", None, Some(r)) if !value.is_empty() => r.id = Some(value),
                    ("success", None, Some(r)) => r.success = value == "true",
                    ("result", _, Some(_)) => out.results.extend(result.take()),
                    ("faultcode", ..) => fault.0 = value,
                    ("faultstring", ..) => fault.1 = value,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !fault.0.is_empty() {
        out.fault = Some(fault);
    }
    Ok(out)
}

impl Client {
    /// Takes `ids` back from the recycle bin (SOAP `undelete`), up to
    /// [`MAX_UNDELETE_IDS`] a call; one result per Id in order (a record that is not in the
    /// recycle bin, e.g. deleted for good, fails `UNDELETE_FAILED`).
    pub async fn undelete(&self, ids: &[String]) -> Result<Vec<RecordResult>, SalesforceError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_UNDELETE_IDS) {
            out.extend(self.undelete_call(chunk, false).await?);
        }
        Ok(out)
    }

    async fn undelete_call(
        &self,
        ids: &[String],
        retried: bool,
    ) -> Result<Vec<RecordResult>, SalesforceError> {
        let session = self.session();
        let path = format!("/services/Soap/u/{}", self.api_version());
        let url = session
            .instance_url
            .join(&path)
            .map_err(|e| SalesforceError::Config(format!("{path}: {e}")))?;
        let request = self
            .egress()
            .request(Method::POST, url.clone())
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=UTF-8")
            .header("SOAPAction", "undelete")
            .body(envelope(&session.access_token, ids))
            .build()
            .map_err(|e| SalesforceError::Config(e.to_string()))?;
        // Taking a record out of the recycle bin twice is harmless: the call may be resent.
        let response = self.egress().send_idempotent(request).await?;
        let status = response.status().as_u16();
        let body = read_capped(response, MAX_SOAP_BODY).await?;
        let parsed = parse(&body).map_err(|m| SalesforceError::Decode {
            url: url.to_string(),
            message: format!("the undelete answer is not SOAP: {m}"),
        })?;
        if let Some((code, message)) = parsed.fault {
            let code = code.rsplit(':').next().unwrap_or_default().to_string();
            if code == "INVALID_SESSION_ID" && !retried {
                self.reauthenticate(&session.access_token).await?;
                return Box::pin(self.undelete_call(ids, true)).await;
            }
            return Err(SalesforceError::Api {
                status,
                errors: vec![ApiError {
                    error_code: code,
                    message,
                    fields: Vec::new(),
                }],
            });
        }
        if parsed.results.len() != ids.len() {
            return Err(SalesforceError::Decode {
                url: url.to_string(),
                message: format!(
                    "{} results for {} Ids in the undelete answer",
                    parsed.results.len(),
                    ids.len()
                ),
            });
        }
        Ok(parsed.results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_and_errors_are_read_by_local_name() {
        let body = br#"<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="x"><soapenv:Body><undeleteResponse><result><id>003A</id><success>true</success></result><result><errors><statusCode>UNDELETE_FAILED</statusCode><message>Entity is not in the recycle bin</message></errors><id xsi:nil="true"/><success>false</success></result></undeleteResponse></soapenv:Body></soapenv:Envelope>"#;
        let p = parse(body).unwrap();
        assert_eq!(p.results.len(), 2);
        assert!(p.results[0].success);
        assert_eq!(p.results[0].id.as_deref(), Some("003A"));
        assert!(!p.results[1].success);
        assert_eq!(p.results[1].errors[0].status_code, "UNDELETE_FAILED");
    }

    #[test]
    fn a_fault_is_read_and_bad_xml_is_an_error() {
        let body = br#"<Envelope><Body><Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>Invalid Session ID</faultstring></Fault></Body></Envelope>"#;
        let p = parse(body).unwrap();
        assert_eq!(
            p.fault,
            Some(("sf:INVALID_SESSION_ID".into(), "Invalid Session ID".into()))
        );
        assert!(parse(b"<a><b></a>").is_err());
    }

    #[test]
    fn ids_are_escaped_in_the_envelope() {
        let e = envelope("00D!tok<en>", &["003&x".into()]);
        assert!(e.contains("00D!tok&lt;en&gt;"));
        assert!(e.contains("<urn:ids>003&amp;x</urn:ids>"));
    }
}
