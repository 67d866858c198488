//! The pieces of an import request that read or write one value: the base URL and a path
//! joined to it, the JSON body with a cursor put in it, the `Link` header's next page, and
//! serde_json's message without its position (the error says it itself).

use crate::template::Template;
use serde_json::Value;
use synccentral_net::reqwest::header::LINK;
use synccentral_net::reqwest::Response;
use url::Url;

/// The request body (JSON; none is `{}`) with `token` at the dotted `path`, objects made
/// on the way when missing.
pub(crate) fn put_in_body(body: Option<&str>, path: &str, token: &str) -> Result<String, String> {
    let mut doc: Value = match body.map(str::trim).filter(|b| !b.is_empty()) {
        None => Value::Object(Default::default()),
        Some(text) => serde_json::from_str(text).map_err(|e| {
            format!("body: the cursor goes in the body, but the body is not JSON: {e}")
        })?,
    };
    let mut at = &mut doc;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, key) in keys.iter().enumerate() {
        let Value::Object(map) = at else {
            return Err(format!(
                "paging.param '{path}': '{}' in the body is not an object",
                keys[..i].join(".")
            ));
        };
        at = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    *at = Value::String(token.to_string());
    Ok(doc.to_string())
}

/// A JSON body with its `{{variables}}` written string by string (so a value is escaped as
/// JSON needs). A string that is one variable with no value (`"{{since}}"` on a full
/// import) is left out, as a query parameter's is: its member goes, and when that member is
/// in an object inside a list (a search API's list of filters), the whole object goes.
/// Any other variable with no value is written empty.
pub(crate) fn render_json_body(body: &Value, value: impl Fn(&str) -> Option<String>) -> String {
    render_json(body, &value).unwrap_or(Value::Null).to_string()
}

/// `None`: `v` is a variable with no value, to be left out.
fn render_json(v: &Value, value: &dyn Fn(&str) -> Option<String>) -> Option<Value> {
    match v {
        Value::String(s) => {
            let Ok(t) = Template::parse(s) else {
                return Some(v.clone());
            };
            if let Ok(rendered) = t.render(value) {
                return Some(Value::String(rendered));
            }
            if t.render(|_| Some(String::new()))
                .is_ok_and(|rest| rest.is_empty())
                && t.vars().count() == 1
            {
                return None;
            }
            Some(Value::String(
                t.render(|n| Some(value(n).unwrap_or_default()))
                    .unwrap_or_default(),
            ))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .filter_map(|item| match item {
                    // An object that loses a member to a missing variable goes whole.
                    Value::Object(map) => {
                        let kept: Option<serde_json::Map<String, Value>> = map
                            .iter()
                            .map(|(k, x)| render_json(x, value).map(|x| (k.clone(), x)))
                            .collect();
                        kept.map(Value::Object)
                    }
                    other => render_json(other, value),
                })
                .collect(),
        )),
        Value::Object(map) => Some(Value::Object(
            map.iter()
                .filter_map(|(k, x)| render_json(x, value).map(|x| (k.clone(), x)))
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

pub(crate) fn parse_base(text: &str, problems: &mut Vec<String>) -> Option<Url> {
    match Url::parse(text.trim()) {
        Ok(u) if u.scheme() == "http" || u.scheme() == "https" => Some(u),
        Ok(_) => {
            problems.push(format!(
                "baseUrl '{text}' must start with https:// (or http:// for a loopback host)"
            ));
            None
        }
        Err(e) => {
            problems.push(format!("baseUrl '{text}' is not a URL: {e}"));
            None
        }
    }
}

/// `base` + `path` (`https://h/api` + `/v1/x` = `https://h/api/v1/x`); an absolute `path`
/// stands alone.
pub(crate) fn join(base: &Url, path: &str) -> Result<Url, String> {
    let path = path.trim();
    if path.starts_with("http://") || path.starts_with("https://") {
        return Url::parse(path).map_err(|e| format!("'{path}' is not a URL: {e}"));
    }
    let mut text = base.as_str().trim_end_matches('/').to_string();
    if !path.is_empty() {
        text.push('/');
        text.push_str(path.trim_start_matches('/'));
    }
    Url::parse(&text).map_err(|e| format!("'{text}' is not a URL: {e}"))
}

/// serde_json's message without its trailing "at line L column C" (we say it ourselves).
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The `rel="next"` target of the response's `Link` headers (RFC 8288).
pub(crate) fn link_next(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(parse_link_next)
}

/// Finds `<url>; rel="next"` (rel may list several types) in one `Link` value.
pub(crate) fn parse_link_next(value: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        rest = &rest[close + 1..];
        // Parameters run to the next comma outside quotes.
        let mut end = rest.len();
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let params = &rest[..end];
        let is_next = params.split(';').any(|p| {
            let Some((k, v)) = p.split_once('=') else {
                return false;
            };
            k.trim().eq_ignore_ascii_case("rel")
                && v.trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_string());
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_json_body_leaves_out_what_a_full_import_has_no_value_for() {
        let body = json!({
            "updated_after": "{{since}}",
            "filter": {"until": "{{until}}", "kind": "bill"},
            "filters": [
                {"field": "updated", "op": "GTE", "value": "{{since}}"},
                {"field": "kind", "op": "EQ", "value": "bill"}
            ],
            "note": "page {{page}} since {{since}}",
            "quote": "{{page}}",
            "n": 3
        });
        let full = |v: &str| (v == "page").then(|| "a\"b".to_string());
        let got: Value = serde_json::from_str(&render_json_body(&body, full)).unwrap();
        assert_eq!(
            got,
            json!({
                "filter": {"kind": "bill"},
                "filters": [{"field": "kind", "op": "EQ", "value": "bill"}],
                "note": "page a\"b since ",
                "quote": "a\"b",
                "n": 3
            })
        );
        let since = |v: &str| (v != "until").then(|| "1714560300".to_string());
        let got: Value = serde_json::from_str(&render_json_body(&body, since)).unwrap();
        assert_eq!(got["updated_after"], "1714560300");
        assert_eq!(got["filters"][0]["value"], "1714560300");
        assert_eq!(got["filters"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn link_headers_give_the_next_target() {
        let v = r#"<https://h/x?page=1>; rel="prev", <https://h/x?a=1,2&page=3>; rel="next last""#;
        assert_eq!(
            parse_link_next(v).as_deref(),
            Some("https://h/x?a=1,2&page=3")
        );
        assert_eq!(
            parse_link_next(r#"</p2>; title="a, b"; rel=next"#).as_deref(),
            Some("/p2")
        );
        assert_eq!(parse_link_next(r#"<https://h/x>; rel="prev""#), None);
        assert_eq!(parse_link_next(""), None);
    }

    #[test]
    fn paths_are_appended_to_the_base_url() {
        let base = Url::parse("https://h/api/").unwrap();
        assert_eq!(join(&base, "/v1/x").unwrap().as_str(), "https://h/api/v1/x");
        assert_eq!(join(&base, "").unwrap().as_str(), "https://h/api");
        assert_eq!(join(&base, "https://o/y").unwrap().as_str(), "https://o/y");
    }
}
