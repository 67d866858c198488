//! Reading first answers of APIs we do not run: each is the shape the API documents for a
//! list call, and the proposal is what a person would configure for it.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use synccentral_httpapi::detect::{propose, Asked, Proposal};
use synccentral_httpapi::{HttpMethod, Paging};
use synccentral_model::CursorTo;

fn get(params: &[(&str, &str)]) -> BTreeMap<String, String> {
    params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn read(body: Value, params: &[(&str, &str)]) -> Proposal {
    let params = get(params);
    propose(
        &body,
        None,
        &Asked {
            method: HttpMethod::Get,
            params: &params,
            body: None,
        },
    )
}

fn cursor(path: &str, param: &str, to: CursorTo) -> Paging {
    Paging::Cursor {
        path: path.into(),
        param: param.into(),
        to,
    }
}

fn next_url(path: &str) -> Paging {
    Paging::NextUrl { path: path.into() }
}

#[test]
fn next_page_urls_are_found_wherever_the_api_keeps_them() {
    // Microsoft Graph / OData.
    let p = read(
        json!({"@odata.context": "https://graph/$metadata#users",
               "@odata.nextLink": "https://graph/v1.0/users?$skiptoken=X1",
               "value": [{"id": "1"}, {"id": "2"}]}),
        &[],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.value"));
    assert_eq!(p.paging, next_url("$['@odata.nextLink']"));

    // HubSpot CRM: both a link and an `after` cursor; the link is whole.
    let p = read(
        json!({"results": [{"id": "51", "properties": {}}],
               "paging": {"next": {"after": "52", "link": "https://api/crm/v3/objects/contacts?after=52"}}}),
        &[("limit", "1")],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.results"));
    assert_eq!(p.paging, next_url("$.paging.next.link"));

    // Salesforce's own query answers.
    let p = read(
        json!({"totalSize": 3000, "done": false,
               "nextRecordsUrl": "/services/data/v62.0/query/01gD-2000",
               "records": [{"attributes": {"type": "Account"}, "Id": "001"}]}),
        &[],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.records"));
    assert_eq!(p.paging, next_url("$.nextRecordsUrl"));

    // JSON:API, and HAL.
    let p = read(
        json!({"data": [{"type": "articles", "id": "1"}],
               "links": {"self": "/articles?page[number]=1", "next": "/articles?page[number]=2"}}),
        &[],
    );
    assert_eq!(p.paging, next_url("$.links.next"));
    let p = read(
        json!({"_embedded": {"orders": [{"id": 1}, {"id": 2}]},
               "_links": {"self": {"href": "/orders"}, "next": {"href": "/orders?page=2"}}}),
        &[],
    );
    assert_eq!(p.records_path.as_deref(), Some("$._embedded.orders"));
    assert_eq!(p.paging, next_url("$._links.next.href"));

    // Laravel's paginator: the URL wins over the page numbers beside it.
    let p = read(
        json!({"current_page": 1, "last_page": 4, "per_page": 15, "total": 50,
               "next_page_url": "https://shop/api/orders?page=2",
               "data": [{"id": 1}]}),
        &[],
    );
    assert_eq!(p.paging, next_url("$.next_page_url"));
}

#[test]
fn cursors_are_sent_back_where_the_api_takes_them() {
    // Slack: the cursor under response_metadata, sent back as `cursor`.
    let p = read(
        json!({"ok": true, "members": [{"id": "U1"}],
               "response_metadata": {"next_cursor": "dXNlcjpVMEc5V0ZYTlo="}}),
        &[("limit", "200")],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.members"));
    assert_eq!(
        p.paging,
        cursor("$.response_metadata.next_cursor", "cursor", CursorTo::Query)
    );

    // Google APIs: nextPageToken, sent back as pageToken.
    let p = read(
        json!({"files": [{"id": "a"}], "nextPageToken": "~!!~AI9FV7"}),
        &[("pageSize", "100")],
    );
    assert_eq!(
        p.paging,
        cursor("$.nextPageToken", "pageToken", CursorTo::Query)
    );

    // The request already names its cursor parameter: that one is used.
    let p = read(
        json!({"entries": [{"id": 1}], "meta": {"after_cursor": "xyz", "has_more": true}}),
        &[("page[after]", "abc")],
    );
    assert_eq!(
        p.paging,
        cursor("$.meta.after_cursor", "page[after]", CursorTo::Query)
    );

    // GraphQL-style connections: endCursor, sent back as `after`.
    let p = read(
        json!({"data": {"issues": {"nodes": [{"id": "I1"}, {"id": "I2"}],
               "pageInfo": {"hasNextPage": true, "endCursor": "Y3Vyc29y"}}}}),
        &[],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.data.issues.nodes"));
    assert_eq!(
        p.paging,
        cursor("$.data.issues.pageInfo.endCursor", "after", CursorTo::Query)
    );

    // A search API read with POST: the cursor goes back in the JSON body, in the field the
    // body already has, else `start_cursor` for a `next_cursor`.
    let post = |body: Value, request: Value| {
        let params = BTreeMap::new();
        propose(
            &body,
            None,
            &Asked {
                method: HttpMethod::Post,
                params: &params,
                body: Some(&request),
            },
        )
    };
    let answer = json!({"object": "list", "results": [{"id": "p1"}],
                        "next_cursor": "fe2cc560", "has_more": true});
    assert_eq!(
        post(answer.clone(), json!({"query": "x"})).paging,
        cursor("$.next_cursor", "start_cursor", CursorTo::Body)
    );
    assert_eq!(
        post(answer, json!({"query": "x", "cursor": null})).paging,
        cursor("$.next_cursor", "cursor", CursorTo::Body)
    );
}

#[test]
fn lists_offsets_and_page_numbers_are_read_from_the_answer_and_the_request() {
    // Stripe: has_more, and the last object's id as starting_after.
    let p = read(
        json!({"object": "list", "url": "/v1/customers", "has_more": true,
               "data": [{"id": "cus_1", "object": "customer"}, {"id": "cus_2", "object": "customer"}]}),
        &[("limit", "2")],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.data"));
    assert_eq!(
        p.paging,
        Paging::AfterLast {
            param: "starting_after".into(),
            id_path: "id".into(),
            has_more: "$.has_more".into()
        }
    );

    // Offset and limit in the request, the total in the answer.
    let p = read(
        json!({"results": [{"id": 1}, {"id": 2}], "count": 240}),
        &[("offset", "0"), ("limit", "2")],
    );
    assert_eq!(
        p.paging,
        Paging::Offset {
            param: "offset".into(),
            page_size: 2,
            limit_param: Some("limit".into()),
            total_path: Some("$.count".into())
        }
    );
    // The answer says where it is (Jira: startAt, maxResults, total).
    let p = read(
        json!({"startAt": 0, "maxResults": 50, "total": 120, "issues": [{"id": "1"}]}),
        &[],
    );
    assert_eq!(
        p.paging,
        Paging::Offset {
            param: "startAt".into(),
            page_size: 50,
            limit_param: Some("maxResults".into()),
            total_path: Some("$.total".into())
        }
    );

    // Page numbers with a page count (WordPress-style meta), and from 0.
    let p = read(
        json!({"meta": {"page": 1, "per_page": 25, "total_pages": 8}, "items": [{"id": 1}]}),
        &[],
    );
    assert_eq!(
        p.paging,
        Paging::Page {
            param: "page".into(),
            page_size: Some(25),
            size_param: Some("per_page".into()),
            start: 1,
            pages_path: Some("$.meta.total_pages".into())
        }
    );
    let p = read(
        json!({"content": [{"id": 1}], "number": 0}),
        &[("page", "0"), ("size", "20")],
    );
    assert_eq!(
        p.paging,
        Paging::Page {
            param: "page".into(),
            page_size: Some(20),
            size_param: Some("size".into()),
            start: 0,
            pages_path: None
        }
    );
}

#[test]
fn the_largest_array_of_objects_is_proposed_and_the_others_offered() {
    let p = read(
        json!({"tags": ["a", "b", "c", "d"],
               "owners": [{"id": 1}],
               "orders": [{"id": 1, "lines": [{"sku": "x"}, {"sku": "y"}, {"sku": "z"}]}, {"id": 2}]}),
        &[],
    );
    assert_eq!(p.records_path.as_deref(), Some("$.orders"));
    let offered: Vec<(&str, usize)> = p
        .candidates
        .iter()
        .map(|c| (c.path.as_str(), c.count))
        .collect();
    // Arrays inside records are not offered; arrays of text are not records.
    assert_eq!(offered, [("$.orders", 2), ("$.owners", 1)]);

    // A bare array is the records; nothing points to a next page.
    let p = read(json!([{"id": 1}, {"id": 2}]), &[]);
    assert_eq!(p.records_path.as_deref(), Some("$"));
    assert_eq!(p.paging, Paging::None);
    // No array of objects: nothing proposed, and said so.
    let p = read(json!({"status": "ok"}), &[]);
    assert_eq!((p.records_path, p.paging), (None, Paging::None));
    assert!(
        p.paging_reason.contains("one request"),
        "{}",
        p.paging_reason
    );
}

#[test]
fn a_link_header_wins() {
    let params = BTreeMap::new();
    let p = propose(
        &json!([{"id": 1}]),
        Some("https://shop/admin/api/2024-01/orders.json?page_info=eyJsYXN0X2lkIjo0&limit=50"),
        &Asked {
            method: HttpMethod::Get,
            params: &params,
            body: None,
        },
    );
    assert_eq!(p.paging, Paging::Link);
    assert!(
        p.paging_reason.contains("page_info="),
        "{}",
        p.paging_reason
    );
}
