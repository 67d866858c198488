//! Reading an API's first answer the way a person would: where its records are (the largest
//! array of objects) and how it pages (a `Link` header, a next-page URL or a cursor in the
//! body, a more-to-read flag with the last record's id, an offset with a total, page
//! numbers). Pure: the answer and the request that got it go in, a proposal comes out,
//! written exactly as the configuration document writes `recordsPath` and `paging`.

use crate::config::{HttpMethod, Paging};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use synccentral_model::CursorTo;
use ts_rs::TS;

/// How deep into the answer's objects the search looks (records and paging fields sit near
/// the top in every API we know).
const MAX_DEPTH: usize = 5;

/// The request whose answer is read: where the paging parameters already are.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub method: HttpMethod,
    pub params: &'a BTreeMap<String, String>,
    /// The JSON body of a POST.
    pub body: Option<&'a Value>,
}

/// An array of objects in the answer: a place the records may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordsCandidate {
    /// `$` (the answer is the array) or a JSONPath (`$.invoices`, `$.data.items`).
    pub path: String,
    /// Objects in it.
    #[ts(type = "number")]
    pub count: usize,
}

/// What the answer proposes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    /// Where the records are; `None` when the answer holds no array of objects.
    #[ts(optional)]
    pub records_path: Option<String>,
    /// Every array of objects, the proposed one first.
    pub candidates: Vec<RecordsCandidate>,
    /// How to page, as the configuration document writes it.
    pub paging: Paging,
    /// One sentence: what in the answer the paging was read from.
    pub paging_reason: String,
}

/// Every array of objects in `body` (not inside records), largest first, shallower first on
/// a tie.
pub fn records_candidates(body: &Value) -> Vec<RecordsCandidate> {
    let mut found = Vec::new();
    collect_arrays(body, &mut Vec::new(), &mut found);
    found.sort_by(|a, b| {
        b.1.count
            .cmp(&a.1.count)
            .then(a.0.cmp(&b.0))
            .then(a.1.path.cmp(&b.1.path))
    });
    found.into_iter().map(|(_, c)| c).collect()
}

fn collect_arrays(value: &Value, at: &mut Vec<String>, out: &mut Vec<(usize, RecordsCandidate)>) {
    match value {
        Value::Array(items) => {
            let objects = items.iter().filter(|i| i.is_object()).count();
            if objects > 0 && objects * 2 >= items.len() {
                out.push((
                    at.len(),
                    RecordsCandidate {
                        path: json_path(at),
                        count: items.len(),
                    },
                ));
            }
        }
        Value::Object(map) if at.len() < MAX_DEPTH => {
            for (k, v) in map {
                at.push(k.clone());
                collect_arrays(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// A JSONPath of object keys: `$.a.b`, with `['…']` for keys a dot cannot carry.
pub fn json_path(keys: &[String]) -> String {
    let mut path = String::from("$");
    for k in keys {
        let plain = k
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            path.push('.');
            path.push_str(k);
        } else {
            path.push_str("['");
            path.push_str(&k.replace('\\', "\\\\").replace('\'', "\\'"));
            path.push_str("']");
        }
    }
    path
}

/// A scalar of the answer outside its records: where it is, its key, its value.
struct Leaf<'a> {
    keys: Vec<String>,
    value: &'a Value,
}

impl Leaf<'_> {
    fn key(&self) -> String {
        squash(self.keys.last().map(String::as_str).unwrap_or_default())
    }
    fn path(&self) -> String {
        json_path(&self.keys)
    }
    fn under_next(&self) -> bool {
        self.keys.iter().any(|k| squash(k).contains("next"))
    }
    fn number(&self) -> Option<u64> {
        match self.value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A key lower-cased with everything but letters and digits taken out
/// (`@odata.nextLink` → `odatanextlink`, `next_page_token` → `nextpagetoken`).
fn squash(key: &str) -> String {
    key.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn leaves<'a>(value: &'a Value, at: &mut Vec<String>, records: &str, out: &mut Vec<Leaf<'a>>) {
    if let Value::Object(map) = value {
        if at.len() >= MAX_DEPTH {
            return;
        }
        for (k, v) in map {
            at.push(k.clone());
            match v {
                Value::Object(_) => leaves(v, at, records, out),
                Value::Array(_) => {}
                _ if json_path(at) != records => out.push(Leaf {
                    keys: at.clone(),
                    value: v,
                }),
                _ => {}
            }
            at.pop();
        }
    }
}

fn looks_like_url(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("https://") || t.starts_with("http://") || (t.starts_with('/') && t.len() > 1)
}

/// Keys that hold a cursor (squashed).
const CURSOR_KEYS: [&str; 17] = [
    "nextcursor",
    "aftercursor",
    "cursor",
    "nextpagetoken",
    "pagetoken",
    "nexttoken",
    "after",
    "endcursor",
    "continuation",
    "continuationtoken",
    "scrollid",
    "nextpagecursor",
    "startcursor",
    "nextkey",
    "nextmarker",
    "marker",
    "nextoffsettoken",
];
/// More-to-read flags.
const MORE_KEYS: [&str; 6] = [
    "hasmore",
    "more",
    "hasnext",
    "hasnextpage",
    "moreavailable",
    "hasmoreitems",
];
const OFFSET_KEYS: [&str; 6] = ["offset", "skip", "start", "startindex", "startat", "from"];
/// Page sizes; `count` last: in an answer it is more often the total.
const LIMIT_KEYS: [&str; 10] = [
    "limit",
    "perpage",
    "pagesize",
    "size",
    "top",
    "max",
    "maxresults",
    "rows",
    "pagelimit",
    "count",
];
const TOTAL_KEYS: [&str; 8] = [
    "total",
    "totalcount",
    "totalsize",
    "totalresults",
    "totalitems",
    "totalrecords",
    "count",
    "totalrows",
];
const PAGE_KEYS: [&str; 6] = [
    "page",
    "currentpage",
    "pagenumber",
    "pageno",
    "pageindex",
    "p",
];
const PAGES_KEYS: [&str; 6] = [
    "totalpages",
    "lastpage",
    "pages",
    "pagecount",
    "numpages",
    "pagestotal",
];

/// Reads the first answer (`body`, and the `Link` header's next target when there was one)
/// to the request `asked`: the records path and the paging to propose.
pub fn propose(body: &Value, link_next: Option<&str>, asked: &Asked) -> Proposal {
    let candidates = records_candidates(body);
    let records_path = candidates.first().map(|c| c.path.clone());
    let records_at = records_path.clone().unwrap_or_default();
    let records = records_of(body, &records_at);
    let mut found = Vec::new();
    leaves(body, &mut Vec::new(), &records_at, &mut found);
    let (paging, paging_reason) = paging_of(&found, link_next, asked, records);
    Proposal {
        records_path,
        candidates,
        paging,
        paging_reason,
    }
}

fn records_of<'a>(body: &'a Value, path: &str) -> &'a [Value] {
    let mut at = body;
    if path != "$" {
        let Ok(p) = synccentral_engine::path::SourcePath::parse(path) else {
            return &[];
        };
        match p.select(body) {
            synccentral_engine::path::Selected::One(v) => at = v,
            _ => return &[],
        }
    }
    at.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn paging_of(
    found: &[Leaf],
    link_next: Option<&str>,
    asked: &Asked,
    records: &[Value],
) -> (Paging, String) {
    if let Some(next) = link_next {
        return (
            Paging::Link,
            format!("the Link header names the next page ({next})"),
        );
    }
    // A next page's URL (`next_page`, `@odata.nextLink`, `paging.next.link`, `links.next`).
    if let Some(leaf) = found
        .iter()
        .find(|l| l.under_next() && l.value.as_str().is_some_and(looks_like_url))
    {
        return (
            Paging::NextUrl { path: leaf.path() },
            format!("the next page's URL is at {}", leaf.path()),
        );
    }
    // A cursor: a known cursor key, or any non-URL text under a "next" key.
    let cursor = found.iter().find(|l| {
        let text = match l.value {
            Value::String(s) => !s.trim().is_empty() && !looks_like_url(s),
            Value::Number(_) => true,
            _ => false,
        };
        text && (CURSOR_KEYS.contains(&l.key().as_str())
            || (l.under_next() && matches!(l.value, Value::String(_))))
    });
    if let Some(leaf) = cursor {
        let (param, to) = cursor_param(
            &leaf.key(),
            leaf.keys.last().map(String::as_str).unwrap_or_default(),
            asked,
        );
        let sent = match to {
            CursorTo::Query => format!("query parameter {param}"),
            CursorTo::Body => format!("{param} in the request body"),
        };
        return (
            Paging::Cursor {
                path: leaf.path(),
                param,
                to,
            },
            format!("a cursor is at {}, sent back as {sent}", leaf.path()),
        );
    }
    // Stripe's lists: `has_more`, and the last record's id as `starting_after`.
    if let Some(leaf) = found
        .iter()
        .find(|l| l.value.is_boolean() && MORE_KEYS.contains(&l.key().as_str()))
    {
        let id = id_key(records);
        return (
            Paging::AfterLast {
                param: "starting_after".into(),
                id_path: id.clone(),
                has_more: leaf.path(),
            },
            format!(
                "{} says whether there is more; the next page starts after the last record's {id}",
                leaf.path()
            ),
        );
    }
    // The first of `keys` (in their order) that the request's parameters, or the answer's
    // numbers, hold.
    let asked_key = |keys: &[&str]| {
        keys.iter()
            .find_map(|want| asked.params.iter().find(|(k, _)| squash(k) == *want))
    };
    let body_key = |keys: &[&str]| {
        keys.iter().find_map(|want| {
            found
                .iter()
                .find(|l| l.key() == *want && l.number().is_some())
        })
    };
    let total = body_key(&TOTAL_KEYS);
    // In an answer, `count` is more often the total than the page size.
    let size_from = |keys: &[&str]| -> (Option<String>, Option<u64>) {
        match asked_key(keys) {
            Some((k, v)) => (Some(k.clone()), v.trim().parse().ok()),
            None => match body_key(&keys[..keys.len() - 1]) {
                Some(l) => (l.keys.last().cloned(), l.number()),
                None => (None, None),
            },
        }
    };
    // Offset and limit, stopping at the total.
    let offset = asked_key(&OFFSET_KEYS)
        .map(|(k, _)| k.clone())
        .or_else(|| body_key(&OFFSET_KEYS).and_then(|l| l.keys.last().cloned()));
    if let Some(param) = offset {
        let (limit_param, limit) = size_from(&LIMIT_KEYS);
        let page_size = limit
            .filter(|n| *n > 0)
            .unwrap_or(records.len().max(1) as u64);
        return (
            Paging::Offset {
                param: param.clone(),
                page_size,
                limit_param,
                total_path: total.map(Leaf::path),
            },
            format!(
                "offset paging on {param}, {page_size} a page{}",
                total
                    .map(|t| format!(", until the total at {}", t.path()))
                    .unwrap_or_default()
            ),
        );
    }
    // Page numbers, stopping at the page count.
    let page = asked_key(&PAGE_KEYS)
        .map(|(k, v)| (k.clone(), v.trim().parse::<u64>().ok()))
        .or_else(|| {
            body_key(&PAGE_KEYS).map(|l| (l.keys.last().cloned().unwrap_or_default(), l.number()))
        });
    if let Some((param, current)) = page {
        let (size_param, page_size) = size_from(&LIMIT_KEYS);
        let pages = body_key(&PAGES_KEYS);
        return (
            Paging::Page {
                param: param.clone(),
                page_size: page_size.filter(|n| *n > 0),
                size_param: size_param.filter(|_| page_size.is_some_and(|n| n > 0)),
                start: if current == Some(0) { 0 } else { 1 },
                pages_path: pages.map(Leaf::path),
            },
            format!(
                "page numbers in {param}{}",
                pages
                    .map(|p| format!(", up to the page count at {}", p.path()))
                    .unwrap_or_default()
            ),
        );
    }
    (
        Paging::None,
        "nothing in the answer points to another page: one request".into(),
    )
}

/// The parameter a cursor is sent back in, and where: the request's own cursor parameter or
/// body field when it has one, else the name the API's cursor suggests (`next_cursor` →
/// `cursor`, `nextPageToken` → `pageToken`, `endCursor` → `after`). A POST with a JSON body
/// sends it in the body (`start_cursor` for a `next_cursor`).
fn cursor_param(squashed: &str, key: &str, asked: &Asked) -> (String, CursorTo) {
    let is_cursor = |k: &str| {
        let s = squash(k);
        CURSOR_KEYS.contains(&s.as_str())
            || s.contains("cursor")
            || s.contains("token")
            || s.ends_with("after")
    };
    if let Some((k, _)) = asked.params.iter().find(|(k, _)| is_cursor(k)) {
        return (k.clone(), CursorTo::Query);
    }
    let derived = match squashed {
        "endcursor" => "after".to_string(),
        _ => {
            let rest = key
                .strip_prefix("next_")
                .or_else(|| key.strip_prefix("next"))
                .filter(|r| !r.is_empty())
                .unwrap_or(key);
            let mut chars = rest.chars();
            match chars.next() {
                Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
                None => key.to_string(),
            }
        }
    };
    let body = match (asked.method, asked.body) {
        (HttpMethod::Post, Some(Value::Object(map))) => Some(map),
        (HttpMethod::Post, None) => None,
        _ => return (derived, CursorTo::Query),
    };
    let empty = Map::new();
    let map = body.unwrap_or(&empty);
    if let Some(k) = map.keys().find(|k| is_cursor(k)) {
        return (k.clone(), CursorTo::Body);
    }
    let name = if squashed == "nextcursor" {
        "start_cursor".to_string()
    } else {
        derived
    };
    (name, CursorTo::Body)
}

/// The records' id key: `id` when they have one, else the first key ending in `id`.
fn id_key(records: &[Value]) -> String {
    let first = records.iter().find_map(Value::as_object);
    match first {
        Some(map) if map.contains_key("id") => "id".into(),
        Some(map) => map
            .keys()
            .find(|k| squash(k).ends_with("id"))
            .cloned()
            .unwrap_or_else(|| "id".into()),
        None => "id".into(),
    }
}
