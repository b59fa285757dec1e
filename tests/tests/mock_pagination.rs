//! `Link`-header pagination against httpmock: streams, stop rules and explicit `next_page`.

mod common;

use common::{client, json, Recorder, BASIC};
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use ory_hydra_v1_client::{Error, ErrorKind, ListOAuth2ClientsParams, OAuth2Client, PageRef};
use serde_json::json;

fn ids(items: &[OAuth2Client]) -> Vec<&str> {
    items.iter().map(|c| c.client_id.as_str()).collect()
}

fn clients(names: &[&str]) -> serde_json::Value {
    serde_json::Value::Array(names.iter().map(|n| json!({"client_id": n})).collect())
}

fn next(offset: i64, limit: i64) -> String {
    format!(r#"</clients?limit={limit}&offset={offset}>; rel="next""#)
}

fn params(limit: i64) -> ListOAuth2ClientsParams {
    ListOAuth2ClientsParams::default().limit(limit)
}

/// Mocks one page at `offset` (limit 2) and returns the mock.
async fn page_mock<'a>(
    server: &'a MockServer,
    offset: &str,
    body: serde_json::Value,
    link: Option<String>,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clients")
                .query_param("limit", "2")
                .query_param("offset", offset)
                .header("authorization", BASIC);
            let then = then.status(200).header("content-type", "application/json");
            let then = match &link {
                Some(l) => then.header("link", l.as_str()),
                None => then,
            };
            then.json_body(body);
        })
        .await
}

#[tokio::test]
async fn stream_yields_every_item_of_every_page_once_in_order_and_stops() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(
        &server,
        "0",
        clients(&["a", "b"]),
        Some(format!(
            r#"</clients?limit=2&offset=0>; rel="first",{},</clients?limit=2&offset=4>; rel="last""#,
            next(2, 2)
        )),
    )
    .await;
    let p1 = page_mock(&server, "2", clients(&["c", "d"]), Some(next(4, 2))).await;
    let p2 = page_mock(&server, "4", clients(&["e", "f"]), Some(next(6, 2))).await;
    let p3 = page_mock(&server, "6", clients(&[]), Some(next(8, 2))).await;
    let p4 = page_mock(&server, "8", clients(&["never"]), None).await;

    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d", "e", "f"]);
    for m in [&p0, &p1, &p2, &p3] {
        m.assert_calls_async(1).await;
    }
    p4.assert_calls_async(0).await;
}

#[tokio::test]
async fn stream_is_lazy_and_fetches_pages_on_demand() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "2", clients(&["c"]), None).await;
    let mut s = client(&server).list_o_auth2_clients_stream(params(2));
    let first = s.next().await.unwrap().unwrap();
    assert_eq!(first.client_id, "a");
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(0).await;
    let rest: Vec<OAuth2Client> = s.try_collect().await.unwrap();
    assert_eq!(ids(&rest), ["b", "c"]);
    p1.assert_calls_async(1).await;
}

#[tokio::test]
async fn empty_result_with_a_next_link_ends_after_one_request() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.respond_with(rec.respond(
                200,
                &[("link", r#"</clients?limit=100&offset=100>; rel="next""#)],
                json(json!([])),
            ));
        })
        .await;
    let all: Vec<OAuth2Client> =
        client(&server).list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).try_collect().await.unwrap();
    assert!(all.is_empty());
    mock.assert_calls_async(1).await;
    assert_eq!(rec.single().query(), "offset=0");

    let page = client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default()).await.unwrap();
    assert_eq!(page.links().next.map(|r| r.offset), Some(100));
    assert_eq!(page.next_ref().unwrap(), None);
    assert!(page.next_page().await.unwrap().is_none());
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn missing_link_header_gives_one_page() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), None).await;
    let p1 = page_mock(&server, "2", clients(&["c"]), None).await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(0).await;
}

/// A `next` link without an offset (token-based paging, as newer servers send) cannot be followed with
/// `limit`/`offset`: the stream yields the page, then a typed error, instead of ending as if complete.
#[tokio::test]
async fn a_next_link_without_an_offset_is_an_error_not_the_end() {
    let server = MockServer::start_async().await;
    let link = r#"</clients?page_size=2&page_token=abc>; rel="next""#.to_string();
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(link)).await;
    let results: Vec<Result<OAuth2Client, Error>> =
        client(&server).list_o_auth2_clients_stream(params(2)).collect().await;
    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    assert!(results[..2].iter().all(Result::is_ok), "{results:?}");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err:?}");
    let d = err.decode().expect("decode details");
    assert_eq!(d.path, "Link");
    assert!(common::chain(err).contains("names no offset"), "{}", common::chain(err));
    p0.assert_calls_async(1).await;
    let page = client(&server).list_o_auth2_clients(params(2)).await.unwrap();
    assert!(page.next_page().await.is_err(), "explicit paging reports it too");
}

#[tokio::test]
async fn malformed_link_header_yields_the_items_then_a_decode_error() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some("clients?offset=2; rel=next".to_string())).await;
    let p1 = page_mock(&server, "2", clients(&["c"]), None).await;
    let results: Vec<Result<OAuth2Client, Error>> =
        client(&server).list_o_auth2_clients_stream(params(2)).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().client_id, "a");
    assert_eq!(results[1].as_ref().unwrap().client_id, "b");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err:?}");
    let d = err.decode().expect("decode details");
    assert_eq!(d.path, "Link");
    assert!(d.body.contains("clients?offset=2"), "{}", d.body);
    assert!(matches!(d.source, ory_hydra_v1_client::DecodeSource::Header(_)), "{:?}", d.source);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(0).await;

    // The page itself is returned; only following it fails.
    let page = client(&server).list_o_auth2_clients(params(2)).await.unwrap();
    assert_eq!(ids(&page.items), ["a", "b"]);
    assert!(page.next_ref().unwrap_err().is_decode());
    assert!(page.next_page().await.unwrap_err().is_decode());
    p1.assert_calls_async(0).await;
}

#[tokio::test]
async fn non_numeric_offset_in_the_next_link_is_a_decode_error_after_the_items() {
    let server = MockServer::start_async().await;
    let p0 =
        page_mock(&server, "0", clients(&["a"]), Some(r#"</clients?limit=2&offset=two>; rel="next""#.into())).await;
    let results: Vec<Result<OAuth2Client, Error>> =
        client(&server).list_o_auth2_clients_stream(params(2)).collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().client_id, "a");
    assert!(results[1].as_ref().unwrap_err().is_decode());
    p0.assert_calls_async(1).await;
}

#[tokio::test]
async fn null_body_is_an_empty_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.status(200).header("link", next(100, 100).as_str()).body("null");
        })
        .await;
    let page = client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default()).await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next_ref().unwrap(), None);
    let all: Vec<OAuth2Client> =
        client(&server).list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).try_collect().await.unwrap();
    assert!(all.is_empty());
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_page_body_that_is_an_object_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.status(200).json_body(json!({"client_id": "not-a-list"}));
        })
        .await;
    let results: Vec<Result<OAuth2Client, Error>> =
        client(&server).list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).collect().await;
    assert_eq!(results.len(), 1);
    assert!(results[0].as_ref().unwrap_err().is_decode());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn x_total_count_stops_before_fetching_past_the_total() {
    let server = MockServer::start_async().await;
    let header = |offset: &str| {
        let offset = offset.to_string();
        move |when: httpmock::When, then: httpmock::Then| {
            when.method(GET).path("/clients").query_param("limit", "2").query_param("offset", offset.as_str());
            then.status(200)
                .header("x-total-count", "4")
                .header("link", next(offset.parse::<i64>().unwrap() + 2, 2).as_str())
                .json_body(if offset == "0" { clients(&["a", "b"]) } else { clients(&["c", "d"]) });
        }
    };
    let p0 = server.mock_async(header("0")).await;
    let p1 = server.mock_async(header("2")).await;
    let p2 = page_mock(&server, "4", clients(&["ghost"]), None).await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
    p2.assert_calls_async(0).await;

    let page = client(&server).list_o_auth2_clients(params(2).offset(2)).await.unwrap();
    assert_eq!(page.total_count(), Some(4));
    assert_eq!(page.links().next.map(|r| r.offset), Some(4));
    assert_eq!(page.next_ref().unwrap(), None);
}

#[tokio::test]
async fn a_next_link_that_does_not_move_forward_stops() {
    let server = MockServer::start_async().await;
    // Page at offset 2 points back to itself; page at 0 is fine.
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "2", clients(&["c", "d"]), Some(next(2, 2))).await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_next_link_pointing_backwards_stops() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "2", clients(&["c", "d"]), Some(next(0, 2))).await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
}

#[tokio::test]
async fn explicit_next_page_follows_the_link() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "2", clients(&["c"]), None).await;
    let first = client(&server).list_o_auth2_clients(params(2)).await.unwrap();
    assert_eq!(ids(&first.items), ["a", "b"]);
    assert_eq!(first.request(), PageRef { limit: Some(2), offset: 0 });
    assert_eq!(first.next_ref().unwrap(), Some(PageRef { limit: Some(2), offset: 2 }));
    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(ids(&second.items), ["c"]);
    assert_eq!(second.request(), PageRef { limit: Some(2), offset: 2 });
    assert!(second.next_page().await.unwrap().is_none());
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
    assert_eq!(ids(&second.into_items()), ["c"]);
}

#[tokio::test]
async fn starting_offset_is_respected_by_the_stream() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "4", clients(&["e", "f"]), Some(next(6, 2))).await;
    let p2 = page_mock(&server, "6", clients(&["g"]), None).await;
    let all: Vec<OAuth2Client> =
        client(&server).list_o_auth2_clients_stream(params(2).offset(4)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["e", "f", "g"]);
    p0.assert_calls_async(0).await;
    p1.assert_calls_async(1).await;
    p2.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_error_page_ends_the_stream_after_the_earlier_items() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", clients(&["a", "b"]), Some(next(2, 2))).await;
    let p1 = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "2");
            then.status(500).json_body(json!({"error": "boom", "status_code": 500}));
        })
        .await;
    let results: Vec<Result<OAuth2Client, Error>> =
        client(&server).list_o_auth2_clients_stream(params(2)).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[1].as_ref().unwrap().client_id, "b");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(ory_hydra_v1_client::StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(err.api().and_then(|a| a.error.as_ref()).map(|e| e.error.as_str()), Some("boom"));
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
}

#[tokio::test]
async fn absolute_link_to_another_host_is_not_followed_there() {
    let server = MockServer::start_async().await;
    // An unreachable host: following it would end in a transport error.
    let p0 = page_mock(
        &server,
        "0",
        clients(&["a", "b"]),
        Some(r#"<http://evil.invalid:1/elsewhere/clients?limit=2&offset=2>; rel="next""#.into()),
    )
    .await;
    let rec = Recorder::new();
    let p1 = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "2").header("authorization", BASIC);
            then.respond_with(rec.respond(200, &[], json(clients(&["c"]))));
        })
        .await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
    let seen = rec.single();
    assert_eq!(seen.uri, "/clients?limit=2&offset=2");
    let host = seen.header("host");
    assert_eq!(host.len(), 1);
    assert!(host[0].starts_with("127.0.0.1:") || host[0].starts_with("localhost:"), "{host:?}");
}

#[tokio::test]
async fn path_only_links_are_followed_under_the_base_prefix() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let p0 = server
        .mock_async(|when, then| {
            when.method(GET).path("/hydra-admin/clients").query_param("offset", "0").header("authorization", BASIC);
            then.respond_with(rec.respond(
                200,
                &[("link", r#"</clients?limit=2&offset=2>; rel="next""#)],
                json(clients(&["a", "b"])),
            ));
        })
        .await;
    let p1 = server
        .mock_async(|when, then| {
            when.method(GET).path("/hydra-admin/clients").query_param("offset", "2").header("authorization", BASIC);
            then.respond_with(rec.respond(200, &[], json(clients(&["c"]))));
        })
        .await;
    let stray = server
        .mock_async(|when, then| {
            when.path("/clients");
            then.status(200).json_body(clients(&["wrong"]));
        })
        .await;
    let c = common::builder(format!("{}/hydra-admin/", server.base_url()))
        .basic_auth("admin", Some("hunter2"))
        .build()
        .unwrap();
    let all: Vec<OAuth2Client> = c.list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
    stray.assert_calls_async(0).await;
    let uris: Vec<String> = rec.seen().into_iter().map(|s| s.uri).collect();
    assert_eq!(uris, ["/hydra-admin/clients?limit=2&offset=0", "/hydra-admin/clients?limit=2&offset=2"]);

    // Explicit next_page does the same.
    let first = c.list_o_auth2_clients(params(2)).await.unwrap();
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(ids(&second.items), ["c"]);
    stray.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_link_without_limit_uses_the_server_default_on_the_next_request() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "0");
            then.respond_with(rec.respond(
                200,
                &[("link", r#"</clients?offset=3>; rel="next""#)],
                json(clients(&["a", "b", "c"])),
            ));
        })
        .await;
    let p1 = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "3");
            then.respond_with(rec.respond(200, &[], json(clients(&["d"]))));
        })
        .await;
    let all: Vec<OAuth2Client> =
        client(&server).list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c", "d"]);
    mock.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
    let uris: Vec<String> = rec.seen().into_iter().map(|s| s.uri).collect();
    assert_eq!(uris, ["/clients?offset=0", "/clients?offset=3"]);
}

#[tokio::test]
async fn several_link_headers_are_read_together() {
    let server = MockServer::start_async().await;
    let p0 = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "0");
            then.status(200)
                .header("link", next(2, 2).as_str())
                .header("link", r#"</clients?limit=2&offset=0>; rel="first""#)
                .json_body(clients(&["a", "b"]));
        })
        .await;
    let p1 = page_mock(&server, "2", clients(&["c"]), None).await;
    let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(params(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c"]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
}

// --- Against Hydra's own paging rules -----------------------------------------------------------------------
//
// Hydra v1.2.3 lists clients with `pagination.Parse(r, 100, 0, 500)` and writes the `Link` header with
// `pagination.Header(w, r.URL, total, limit, offset)` from github.com/ory/x v0.0.91..v0.0.93. Both are
// ported below so the stream can be checked against the exact links a real server sends.

/// ory/x `pagination.Parse(r, 100, 0, 500)`.
fn hydra_parse(query: &[(String, String)]) -> (i64, i64) {
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    let offset = if get("offset").is_empty() { 0 } else { get("offset").parse::<i64>().unwrap_or(0) };
    let limit = if get("limit").is_empty() { 100 } else { get("limit").parse::<i64>().unwrap_or(100) };
    (limit.clamp(0, 500), offset.max(0))
}

/// ory/x `pagination.Header` for a path-only request URL without other query parameters.
fn hydra_link(path: &str, total: i64, limit: i64, offset: i64) -> String {
    let limit = if limit <= 0 { 1 } else { limit };
    let h = |rel: &str, l: i64, o: i64| format!(r#"<{path}?limit={l}&offset={o}>; rel="{rel}""#);
    let last_offset = if total % limit == 0 { total - limit } else { (total / limit) * limit };
    if offset >= last_offset {
        if total == 0 {
            return [
                h("first", limit, 0),
                h("next", limit, (offset / limit + 1) * limit),
                h("prev", limit, (offset / limit - 1) * limit),
            ]
            .join(",");
        }
        if total < limit {
            return h("first", total, 0);
        }
        return [h("first", limit, 0), h("prev", limit, last_offset - limit)].join(",");
    }
    if offset < limit {
        return [h("next", limit, limit), h("last", limit, last_offset)].join(",");
    }
    [
        h("first", limit, 0),
        h("next", limit, (offset / limit + 1) * limit),
        h("prev", limit, (offset / limit - 1) * limit),
        h("last", limit, last_offset),
    ]
    .join(",")
}

#[test]
fn the_hydra_link_port_matches_ory_x_own_tests() {
    let p = "http://example.com";
    assert_eq!(
        hydra_link(p, 120, 50, 100),
        format!(r#"<{p}?limit=50&offset=0>; rel="first",<{p}?limit=50&offset=50>; rel="prev""#)
    );
    assert_eq!(
        hydra_link(p, 120, 50, 10),
        format!(r#"<{p}?limit=50&offset=50>; rel="next",<{p}?limit=50&offset=100>; rel="last""#)
    );
    assert_eq!(
        hydra_link(p, 300, 50, 150),
        format!(
            r#"<{p}?limit=50&offset=0>; rel="first",<{p}?limit=50&offset=200>; rel="next",<{p}?limit=50&offset=100>; rel="prev",<{p}?limit=50&offset=250>; rel="last""#
        )
    );
    assert_eq!(hydra_link(p, 5, 50, 0), format!(r#"<{p}?limit=5&offset=0>; rel="first""#));
}

/// A fake `GET /clients` over `total` clients named `c0`, `c1`, ..., paging exactly like Hydra.
/// Returns the `(limit, offset)` query of every request it answered.
async fn hydra_like_clients(server: &MockServer, total: i64) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    paging_clients(server, total, false).await
}

/// As [`hydra_like_clients`]; with `by_page_number` it pages like Hydra v1.11 (QUIRKS.md, "Listings"):
/// the offset is rounded down to a multiple of the limit, so `offset=5&limit=4` answers items 4..8 and
/// page-aligned links.
async fn paging_clients(
    server: &MockServer,
    total: i64,
    by_page_number: bool,
) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/clients");
            then.respond_with(move |req: &httpmock::HttpMockRequest| {
                let query = req.query_params();
                let (limit, offset) = hydra_parse(&query);
                let offset = if by_page_number && limit > 0 { offset / limit * limit } else { offset };
                seen.lock().unwrap().push(req.uri().query().unwrap_or("").to_string());
                let items: Vec<serde_json::Value> =
                    (offset..(offset + limit).min(total)).map(|i| json!({"client_id": format!("c{i}")})).collect();
                httpmock::HttpMockResponse::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .header("link", hydra_link("/clients", total, limit, offset))
                    .body(serde_json::to_vec(&items).unwrap())
                    .build()
            });
        })
        .await;
    log
}

fn expected(from: i64, total: i64) -> Vec<String> {
    (from..total).map(|i| format!("c{i}")).collect()
}

#[tokio::test]
async fn streams_against_hydra_links_yield_every_client_once_from_aligned_offsets() {
    // (total, limit, start offset, pages Hydra needs)
    let cases: &[(i64, Option<i64>, Option<i64>, usize)] = &[
        (0, None, None, 1),
        (1, None, None, 1),
        (100, None, None, 1),
        (250, None, None, 3),
        (5, Some(2), None, 3),
        (6, Some(2), None, 3),
        (7, Some(3), Some(3), 2),
        (10, Some(4), Some(8), 1),
        (1200, Some(1000), None, 3),
        (3, Some(10), None, 1),
    ];
    for &(total, limit, offset, pages) in cases {
        let server = MockServer::start_async().await;
        let log = hydra_like_clients(&server, total).await;
        let mut p = ListOAuth2ClientsParams::default();
        if let Some(l) = limit {
            p = p.limit(l);
        }
        if let Some(o) = offset {
            p = p.offset(o);
        }
        let all: Vec<OAuth2Client> = client(&server).list_o_auth2_clients_stream(p).try_collect().await.unwrap();
        let got: Vec<&str> = ids(&all);
        assert_eq!(got, expected(offset.unwrap_or(0), total), "total {total} limit {limit:?} offset {offset:?}");
        let requests = log.lock().unwrap().clone();
        assert_eq!(requests.len(), pages, "total {total} limit {limit:?} offset {offset:?}: {requests:?}");
    }
}

#[tokio::test]
async fn streams_against_hydra_links_yield_every_client_once_from_unaligned_offsets() {
    for (total, limit, offset) in [(10, 4, 1), (10, 4, 5), (7, 3, 2), (250, 100, 30)] {
        let server = MockServer::start_async().await;
        let _log = hydra_like_clients(&server, total).await;
        let all: Vec<OAuth2Client> =
            client(&server).list_o_auth2_clients_stream(params(limit).offset(offset)).try_collect().await.unwrap();
        assert_eq!(ids(&all), expected(offset, total), "total {total} limit {limit} offset {offset}");
    }
}

// --- Unaligned offsets on both kinds of server --------------------------------------------------------------
//
// Hydra v1.11 rounds an offset down to its page (QUIRKS.md); the client asks for the aligned page and drops
// the leading items itself, so both kinds of server give exactly the items from the asked offset.

#[tokio::test]
async fn a_page_from_an_unaligned_offset_holds_exactly_the_items_from_that_offset_on_both_servers() {
    for by_page_number in [false, true] {
        let server = MockServer::start_async().await;
        let log = paging_clients(&server, 10, by_page_number).await;
        let page = client(&server).list_o_auth2_clients(params(4).offset(5)).await.unwrap();
        assert_eq!(ids(&page.items), ["c5", "c6", "c7"], "page-number server: {by_page_number}");
        assert_eq!(page.request(), PageRef { limit: Some(4), offset: 5 });
        assert_eq!(page.next_ref().unwrap(), Some(PageRef { limit: Some(4), offset: 8 }));
        let next = page.next_page().await.unwrap().expect("a second page");
        assert_eq!(ids(&next.items), ["c8", "c9"]);
        assert_eq!(next.next_ref().unwrap(), None);
        assert_eq!(*log.lock().unwrap(), ["limit=4&offset=4", "limit=4&offset=8"], "aligned requests on the wire");
    }
}

#[tokio::test]
async fn a_stream_from_an_unaligned_offset_yields_exactly_the_items_from_that_offset_on_both_servers() {
    // (total, limit, offset): the last is the live test's 1,201 clients from `offset=250&limit=500`.
    let cases = [(10, 4, 1), (10, 4, 5), (7, 3, 2), (250, 100, 30), (5, 2, 3), (3, 4, 2), (3, 2, 3), (1201, 500, 250)];
    for by_page_number in [false, true] {
        for (total, limit, offset) in cases {
            let server = MockServer::start_async().await;
            let log = paging_clients(&server, total, by_page_number).await;
            let all: Vec<OAuth2Client> =
                client(&server).list_o_auth2_clients_stream(params(limit).offset(offset)).try_collect().await.unwrap();
            let what = format!("page-number server {by_page_number}, total {total} limit {limit} offset {offset}");
            assert_eq!(ids(&all), expected(offset, total), "{what}");
            let requests = log.lock().unwrap().clone();
            let aligned: Vec<String> = (0..requests.len() as i64)
                .map(|i| format!("limit={limit}&offset={}", offset / limit * limit + i * limit))
                .collect();
            assert_eq!(requests, aligned, "{what}");
        }
    }
}

#[tokio::test]
async fn without_a_limit_or_with_a_limit_below_one_the_offset_is_sent_as_asked() {
    let server = MockServer::start_async().await;
    let log = paging_clients(&server, 10, false).await;
    let c = client(&server);
    let page = c.list_o_auth2_clients(ListOAuth2ClientsParams::default().offset(5)).await.unwrap();
    assert_eq!(ids(&page.items)[0], "c5");
    let page = c.list_o_auth2_clients(params(0).offset(5)).await.unwrap();
    assert!(page.items.is_empty());
    let page = c.list_o_auth2_clients(params(-3).offset(7)).await.unwrap();
    assert!(page.items.is_empty());
    let page = c.list_o_auth2_clients(params(i64::MAX).offset(3)).await.unwrap();
    assert_eq!(ids(&page.items), ["c3", "c4", "c5", "c6", "c7", "c8", "c9"]);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "offset=5".to_string(),
            "limit=0&offset=5".to_string(),
            "limit=-3&offset=7".to_string(),
            format!("limit={}&offset=0", i64::MAX),
        ]
    );
}

#[tokio::test]
async fn a_limit_above_hydras_cap_aligns_to_the_capped_page_size_on_both_servers() {
    for by_page_number in [false, true] {
        let server = MockServer::start_async().await;
        let log = paging_clients(&server, 1201, by_page_number).await;
        let all: Vec<OAuth2Client> =
            client(&server).list_o_auth2_clients_stream(params(1000).offset(600)).try_collect().await.unwrap();
        assert_eq!(ids(&all), expected(600, 1201), "page-number server: {by_page_number}");
        assert_eq!(*log.lock().unwrap(), ["limit=1000&offset=500", "limit=500&offset=1000"]);
    }
}

/// Every page is a copy of the finished first request: the per-call headers and the listing's own
/// parameters of the view it was made from go with each page, and only `limit`/`offset` change.
#[tokio::test]
async fn every_page_carries_the_first_requests_per_call_headers_and_parameters() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "0");
            then.respond_with(rec.respond(200, &[("link", &next(2, 2))], json(clients(&["a", "b"]))));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("offset", "2");
            then.respond_with(rec.respond(200, &[], json(clients(&["c"]))));
        })
        .await;
    let traced = client(&server).with_header("X-Request-Id", "trace-7").unwrap();
    let all: Vec<OAuth2Client> =
        traced.list_o_auth2_clients_stream(params(2).owner("o 1")).try_collect().await.unwrap();
    assert_eq!(ids(&all), ["a", "b", "c"]);
    first.assert_async().await;
    second.assert_async().await;
    let seen = rec.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.header("x-request-id"), ["trace-7"], "{s:#?}");
        assert_eq!(s.header("authorization"), [BASIC], "{s:#?}");
    }
    assert_eq!(seen[0].query(), "owner=o+1&limit=2&offset=0");
    assert_eq!(seen[1].query(), "owner=o+1&limit=2&offset=2");
}

// --- Items in the caller's own type (`<op>_as`, `<op>_stream_as`) ---------------------------------------------

/// The two members a back-office listing reads; everything else in an item is skipped.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Owned {
    client_id: String,
    owner: Option<String>,
}

/// A whole client as Hydra sends it, with members the model lacks, nested objects and big numbers.
fn full_client(i: i64) -> serde_json::Value {
    json!({
        "client_id": format!("c{i}"),
        "owner": if i % 2 == 0 { json!(format!("team-{i}")) } else { json!(null) },
        "redirect_uris": ["https://app.example.com/cb"],
        "metadata": {"tier": "gold", "limits": {"rpm": 18446744073709551615u64}},
        "jwks": {"keys": [{"kty": "RSA", "n": "AQAB"}]},
        "member_from_a_newer_server": [1, {"x": "y"}],
    })
}

#[tokio::test]
async fn a_listing_decodes_items_into_the_callers_type_and_keeps_it_page_after_page() {
    let server = MockServer::start_async().await;
    let p0 = page_mock(&server, "0", json!([full_client(0), full_client(1)]), Some(next(2, 2))).await;
    let p1 = page_mock(&server, "2", json!([full_client(2)]), None).await;
    let first = client(&server).list_o_auth2_clients_as::<Owned>(params(2)).await.unwrap();
    assert_eq!(
        first.items,
        [Owned { client_id: "c0".into(), owner: Some("team-0".into()) }, Owned { client_id: "c1".into(), owner: None }]
    );
    assert_eq!(first.next_ref().unwrap(), Some(PageRef { limit: Some(2), offset: 2 }));
    let second: ory_hydra_v1_client::Page<Owned> = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.items, [Owned { client_id: "c2".into(), owner: Some("team-2".into()) }]);
    p0.assert_calls_async(1).await;
    p1.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_stream_in_the_callers_type_pages_and_stops_like_the_models_stream() {
    for (total, limit, offset) in [(10, 4, 0), (10, 4, 5), (7, 3, 2)] {
        let server = MockServer::start_async().await;
        let log = hydra_like_clients(&server, total).await;
        let mine: Vec<Owned> = client(&server)
            .list_o_auth2_clients_stream_as(params(limit).offset(offset).owner("team"))
            .try_collect()
            .await
            .unwrap();
        let got: Vec<String> = mine.into_iter().map(|c| c.client_id).collect();
        assert_eq!(got, expected(offset, total), "total {total} limit {limit} offset {offset}");
        let requests = log.lock().unwrap().clone();
        let models: Vec<OAuth2Client> = client(&server)
            .list_o_auth2_clients_stream(params(limit).offset(offset).owner("team"))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&models), expected(offset, total));
        assert_eq!(log.lock().unwrap()[requests.len()..], requests[..], "the same requests as the model's stream");
    }
}

#[tokio::test]
async fn an_item_the_callers_type_cannot_read_fails_the_page_and_names_its_position() {
    let server = MockServer::start_async().await;
    let broken = json!([full_client(0), {"owner": "no id"}]);
    let _p0 = page_mock(&server, "0", broken, None).await;
    let err = client(&server).list_o_auth2_clients_as::<Owned>(params(2)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err:?}");
    let text = err.to_string();
    assert!(text.contains("[1]") && text.contains("client_id"), "{text}");
    let streamed: Vec<Result<Owned, Error>> = client(&server).list_o_auth2_clients_stream_as(params(2)).collect().await;
    assert_eq!(streamed.len(), 1, "the decode error alone ends the stream: {streamed:?}");
    assert_eq!(streamed[0].as_ref().unwrap_err().kind(), ErrorKind::Decode);
}
