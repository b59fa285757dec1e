//! Token paging on v2.3.0 and its traps (issue 20, item 3 (a)-(d)); QUIRKS.md, "v2.3.0". Each test shows the
//! trap on the raw answers, then that the v2 client's `_stream` listing handles it.

use futures::{StreamExt, TryStreamExt};
use ory_hydra_v2_client::{
    ErrorKind, ListOAuth2ClientsParams, ListOAuth2ConsentSessionsParams, ListTrustedOAuth2JwtGrantIssuersParams,
};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{live_v2, login_and_consent, unique, Answer, V2};

/// The client ids of a client list, or the client ids inside a consent-session list.
fn ids(answer: &Answer) -> Vec<String> {
    let items = answer.json();
    let items = items.as_array().unwrap_or_else(|| panic!("a JSON array: {}", answer.body)).clone();
    items
        .iter()
        .map(|item| {
            let id = item.pointer("/consent_request/client/client_id").or_else(|| item.get("client_id"));
            id.and_then(Value::as_str).expect("a client id").to_string()
        })
        .collect()
}

/// Follows `rel="next"` from `first` (resolved against the admin base, the way the client must resolve a
/// path-only target) until there is none, at most `max` pages; returns every page.
async fn follow_next(v2: &V2, first: &str, max: usize) -> Vec<Answer> {
    let mut pages = vec![v2.admin_get(first).await.expect(StatusCode::OK)];
    while let Some(next) = pages.last().expect("a page").links().get("next").cloned() {
        if pages.len() == max {
            break;
        }
        pages.push(v2.admin_get(&next).await.expect(StatusCode::OK));
    }
    pages
}

// The client must handle: the v2 stream stops on an empty page, not only on a missing `next` or a repeated token.
#[tokio::test]
async fn an_empty_list_answers_next_forever() {
    let v2 = live_v2!();
    // Nothing in this suite trusts a JWT issuer, so on the server xtask starts this list is empty.
    let first = v2.admin_get("/admin/trust/grants/jwt-bearer/issuers?page_size=2").await.expect(StatusCode::OK);
    assert_eq!(first.total(), 0, "this trap needs a server without trusted issuers");
    let pages = follow_next(&v2, "/admin/trust/grants/jwt-bearer/issuers?page_size=2", 4).await;
    assert_eq!(pages.len(), 4, "every empty page links to a next one");
    let mut tokens = Vec::new();
    for page in &pages {
        assert_eq!(page.json(), serde_json::json!([]));
        let next = page.links().get("next").cloned().expect("an empty page still has rel=next");
        assert!(next.starts_with("/admin/trust/grants/jwt-bearer/issuers?"), "path-only, /admin kept: {next}");
        tokens.push(next);
    }
    tokens.dedup();
    assert_eq!(tokens.len(), 4, "each next token differs, so a repeated-token guard alone never stops");

    // The client's stream ends at the first empty page.
    let params = ListTrustedOAuth2JwtGrantIssuersParams::default().page_size(2);
    let issuers: Vec<_> =
        v2.client().list_trusted_o_auth2_jwt_grant_issuers_stream(params).try_collect().await.unwrap();
    assert!(issuers.is_empty(), "{issuers:?}");
}

// The client must handle: the consent-session stream yields all 3 sessions or fails loudly, never 2 of 3 quietly.
#[tokio::test]
async fn consent_session_links_skip_an_item_with_page_size_1() {
    let v2 = live_v2!();
    let subject = unique("v2-paging-subject");
    let mut clients = Vec::new();
    for _ in 0..3 {
        let id = v2.flow_client("v2-paging", "").await;
        login_and_consent(&v2, &id, &subject, true).await;
        clients.push(id);
    }
    let all = v2.admin_get(&format!("/admin/oauth2/auth/sessions/consent?subject={subject}")).await;
    let mut every = ids(&all.expect(StatusCode::OK));
    every.sort();
    let mut expected = clients.clone();
    expected.sort();
    assert_eq!(every, expected, "one request without page_size lists all three");

    let first = format!("/admin/oauth2/auth/sessions/consent?subject={subject}&page_size=1");
    let pages = follow_next(&v2, &first, 10).await;
    let followed: Vec<String> = pages.iter().flat_map(ids).collect();
    assert_eq!(pages.len(), 2, "v2.3.0 passes (page, page_size) swapped to the Link writer");
    assert_eq!(followed.len(), 2, "following the links yields 2 of the 3 sessions: {followed:?}");
    let second_links = pages[1].links();
    assert!(second_links.values().all(|l| l.contains("page_size=2")), "the links' page_size is the offset");

    // The client's stream yields what it got, then fails instead of ending as if complete.
    let params = ListOAuth2ConsentSessionsParams::default().page_size(1);
    let mut stream = v2.client().list_o_auth2_consent_sessions_stream(&subject, params);
    let mut streamed = Vec::new();
    let mut failure = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(session) => streamed.push(session),
            Err(e) => failure = Some(e),
        }
    }
    assert!(streamed.len() < 3, "v2.3.0's links lose a session at page_size=1: {} streamed", streamed.len());
    let failure = failure.expect("a stream that lost a session must not end as if complete");
    assert_eq!(failure.kind(), ErrorKind::Decode, "{failure}");
    for id in &clients {
        v2.delete_client(id).await;
    }
}

// The client must handle: a consent-session listing without any `Link` is one complete page, not an error.
#[tokio::test]
async fn an_empty_consent_session_list_has_no_link() {
    let v2 = live_v2!();
    let subject = unique("v2-nobody");
    let answer = v2.admin_get(&format!("/admin/oauth2/auth/sessions/consent?subject={subject}&page_size=1")).await;
    let answer = answer.expect(StatusCode::OK);
    assert_eq!(answer.json(), serde_json::json!([]));
    assert_eq!(answer.header("link"), None);
    assert_eq!(answer.header("x-total-count"), None, "no count either");

    // The client reads the answer without a `Link` as one complete (empty) page.
    let params = ListOAuth2ConsentSessionsParams::default().page_size(1);
    let sessions: Vec<_> =
        v2.client().list_o_auth2_consent_sessions_stream(&subject, params).try_collect().await.unwrap();
    assert!(sessions.is_empty(), "{sessions:?}");
}

// The client must handle: `X-Total-Count` is exposed as a hint only, never used to stop or size a filtered stream.
#[tokio::test]
async fn counts_ignore_filters() {
    let v2 = live_v2!();
    let owner = unique("v2-owner");
    let a = v2.flow_client("v2-count", &owner).await;
    let b = v2.flow_client("v2-count", &owner).await;
    let unfiltered = v2.admin_get("/admin/clients?page_size=1").await.expect(StatusCode::OK);
    let filtered = v2.admin_get(&format!("/admin/clients?owner={owner}")).await.expect(StatusCode::OK);
    assert_eq!(ids(&filtered).len(), 2);
    assert_eq!(filtered.total(), unfiltered.total(), "the owner filter does not change the count");
    assert!(filtered.total() >= 2);

    // The client's filtered stream, one per page, yields exactly the owner's two clients: the count (of
    // every client) neither sizes nor stops it.
    let params = ListOAuth2ClientsParams::default().page_size(1).owner(owner.clone());
    let streamed: Vec<_> = v2.client().list_o_auth2_clients_stream(params).try_collect().await.unwrap();
    let mut streamed: Vec<String> = streamed.into_iter().map(|c| c.client_id).collect();
    streamed.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(streamed, expected);

    // Consent sessions: the login_session_id filter is applied to the items, not to the count.
    let subject = unique("v2-count-subject");
    let first = login_and_consent(&v2, &a, &subject, false).await;
    login_and_consent(&v2, &b, &subject, false).await;
    let path =
        format!("/admin/oauth2/auth/sessions/consent?subject={subject}&login_session_id={}", first.login_session_id);
    let one = v2.admin_get(&path).await.expect(StatusCode::OK);
    assert_eq!(ids(&one), std::slice::from_ref(&a));
    assert_eq!(one.total(), 2, "counted over the subject's sessions, filter ignored");
    v2.delete_client(&a).await;
    v2.delete_client(&b).await;
}

// The client must handle: `next` targets are path-only with the /admin prefix, and the last page has no `next`.
#[tokio::test]
async fn client_list_links_are_path_only_and_end() {
    let v2 = live_v2!();
    let owner = unique("v2-links");
    let created = [v2.flow_client("v2-links", &owner).await, v2.flow_client("v2-links", &owner).await];
    let total = v2.admin_get("/admin/clients?page_size=1").await.expect(StatusCode::OK).total() as usize;
    let pages = follow_next(&v2, "/admin/clients?page_size=2", total + 2).await;
    assert!(pages.len() <= total.div_ceil(2), "the walk ends: {} pages for {total} clients", pages.len());
    let seen: usize = pages.iter().map(|p| ids(p).len()).sum();
    assert_eq!(seen, total, "client paging (unlike consent sessions) gives every item");
    for page in &pages {
        for target in page.links().values() {
            assert!(target.starts_with("/admin/clients?"), "path-only target: {target}");
            assert!(target.contains("page_token="), "{target}");
        }
    }

    // The client's stream follows those links to the end: one per page, the owner's two clients, each
    // once (the owner filter keeps the other tests' clients out of the walk).
    let params = ListOAuth2ClientsParams::default().page_size(1).owner(owner.clone());
    let streamed: Vec<_> = v2.client().list_o_auth2_clients_stream(params).try_collect().await.unwrap();
    let mut streamed: Vec<String> = streamed.into_iter().map(|c| c.client_id).collect();
    streamed.sort();
    let mut expected = created.to_vec();
    expected.sort();
    assert_eq!(streamed, expected);

    // The same walk with items in the caller's own type (`_stream_as`): the same clients, each with only
    // the members that type declares.
    #[derive(serde::Deserialize)]
    struct Mine {
        client_id: String,
        owner: String,
    }
    let params = ListOAuth2ClientsParams::default().page_size(1).owner(owner.clone());
    let mine: Vec<Mine> = v2.client().list_o_auth2_clients_stream_as(params).try_collect().await.unwrap();
    assert!(mine.iter().all(|c| c.owner == owner), "only the owner's clients");
    let mut mine: Vec<String> = mine.into_iter().map(|c| c.client_id).collect();
    mine.sort();
    assert_eq!(mine, expected);
    for id in &created {
        v2.delete_client(id).await;
    }
}
