//! `Link`-header pagination on the real server: 1,200 clients read as a stream and as explicit pages,
//! empty listings, and the page positions Hydra computes.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::time::Instant;

use futures::{FutureExt, StreamExt, TryStreamExt};
use ory_hydra_v1_client::{
    ListOAuth2ClientsParams, ListSubjectConsentSessionsParams, OAuth2Client, Page, PageLinks, PageRef,
    PreviousConsentSession,
};

use crate::support::{clients_exclusive, clients_shared, flow_client, live, login_and_consent, unique, Browser, Live};

const CLIENTS: usize = 1200;

/// The links ory/x `pagination.Header` (v0.0.93, used by Hydra v1.3.2 and v1.2.3) writes for a listing of
/// `total` items read `limit` at a time from `offset`, as `(limit, offset)` pairs for first, next, prev
/// and last. Negative offsets are real: Hydra writes them.
type Expected = [Option<(i64, i64)>; 4];

fn expected_links(total: i64, limit: i64, offset: i64) -> Expected {
    let limit = if limit <= 0 { 1 } else { limit };
    let last = if total % limit == 0 { total - limit } else { (total / limit) * limit };
    if offset >= last {
        if total == 0 {
            return [
                Some((limit, 0)),
                Some((limit, (offset / limit + 1) * limit)),
                Some((limit, (offset / limit - 1) * limit)),
                None,
            ];
        }
        if total < limit {
            return [Some((total, 0)), None, None, None];
        }
        return [Some((limit, 0)), None, Some((limit, last - limit)), None];
    }
    if offset < limit {
        return [None, Some((limit, limit)), None, Some((limit, last))];
    }
    [
        Some((limit, 0)),
        Some((limit, (offset / limit + 1) * limit)),
        Some((limit, (offset / limit - 1) * limit)),
        Some((limit, last)),
    ]
}

fn actual_links(links: &PageLinks) -> Expected {
    let pair = |r: Option<PageRef>| r.map(|r| (r.limit.expect("Hydra's links always carry a limit"), r.offset));
    [pair(links.first), pair(links.next), pair(links.prev), pair(links.last)]
}

fn id_of(c: &OAuth2Client) -> String {
    c.client_id.clone()
}

async fn create_many(live: &Live, ids: &[String], owner: &str) {
    let results: Vec<Result<OAuth2Client, ory_hydra_v1_client::Error>> = futures::stream::iter(ids.iter().cloned())
        .map(|id| {
            let admin = live.admin.clone();
            let owner = owner.to_string();
            async move { admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(id).with_owner(owner)).await }
        })
        .buffer_unordered(live.parallel_requests())
        .collect()
        .await;
    for r in results {
        let c = r.expect("create client");
        assert!(c.client_secret.is_some(), "Hydra generated (and hashed) a secret");
    }
}

async fn delete_many(live: &Live, ids: &[String]) {
    let results: Vec<Result<(), ory_hydra_v1_client::Error>> = futures::stream::iter(ids.iter().cloned())
        .map(|id| {
            let admin = live.admin.clone();
            async move { admin.delete_o_auth2_client(&id).await }
        })
        .buffer_unordered(live.parallel_requests())
        .collect()
        .await;
    for r in results {
        r.expect("delete client");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twelve_hundred_clients_stream_and_pages() {
    let live = live!();
    let _list = clients_exclusive().await;
    let owner = unique("live-page");
    let ids: Vec<String> = (0..CLIENTS).map(|i| format!("{owner}-{i:04}")).collect();

    let started = Instant::now();
    create_many(&live, &ids, &owner).await;
    eprintln!("pagination: created {CLIENTS} clients in {:?}", started.elapsed());

    // Everything else runs under catch_unwind so that the 1,200 clients are deleted even on failure.
    let checks = AssertUnwindSafe(check_listing(&live, &ids, &owner)).catch_unwind().await;

    let started = Instant::now();
    delete_many(&live, &ids).await;
    eprintln!("pagination: deleted {CLIENTS} clients in {:?}", started.elapsed());
    if let Err(panic) = checks {
        std::panic::resume_unwind(panic);
    }
    let left: Vec<OAuth2Client> = live
        .admin
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500))
        .try_collect()
        .await
        .expect("list after cleanup");
    assert!(!left.iter().any(|c| c.owner == owner), "all deleted");
}

async fn check_listing(live: &Live, ids: &[String], owner: &str) {
    let hydra = &live.admin;

    // --- the stream, 500 per page: every client exactly once.
    let started = Instant::now();
    let all: Vec<OAuth2Client> = hydra
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500))
        .try_collect()
        .await
        .expect("stream");
    eprintln!("pagination: streamed {} clients in {:?}", all.len(), started.elapsed());
    let all_ids: Vec<String> = all.iter().map(id_of).collect();
    let unique_ids: HashSet<&String> = all_ids.iter().collect();
    assert_eq!(unique_ids.len(), all_ids.len(), "no client twice");
    let mine: HashSet<&String> = all.iter().filter(|c| c.owner == owner).map(|c| &c.client_id).collect();
    assert_eq!(mine, ids.iter().collect::<HashSet<_>>(), "each of ours exactly once");
    assert!(all.iter().all(|c| c.client_secret.is_none()), "listings carry no secrets");
    let total = all.len() as i64;
    assert!(total >= CLIENTS as i64);

    // --- a stream that starts inside a page: v1.11 pages by page number (QUIRKS.md), so the client asks
    // for the aligned page and drops the items before the offset; both servers give exactly items 250..
    let from_250: Vec<String> = hydra
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500).offset(250))
        .map_ok(|c| id_of(&c))
        .try_collect()
        .await
        .expect("stream from offset 250");
    assert_eq!(from_250.len(), all_ids.len() - 250, "every client from offset 250 on");
    assert_eq!(from_250, all_ids[250..].to_vec());
    // The same walk with items in the caller's own type (`_stream_as`): the same ids in the same order.
    #[derive(serde::Deserialize)]
    struct IdOnly {
        client_id: String,
    }
    let own_type: Vec<String> = hydra
        .list_o_auth2_clients_stream_as::<IdOnly>(ListOAuth2ClientsParams::default().limit(500).offset(250))
        .map_ok(|c| c.client_id)
        .try_collect()
        .await
        .expect("stream from offset 250 in an own type");
    assert_eq!(own_type, from_250);
    // One page from there: the 250 items up to the page boundary, then the aligned next page.
    let page: Page<OAuth2Client> =
        hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(500).offset(250)).await.expect("page");
    assert_eq!(page.request(), PageRef { limit: Some(500), offset: 250 });
    assert_eq!(page.items.iter().map(id_of).collect::<Vec<_>>(), all_ids[250..500].to_vec());
    assert_eq!(page.next_ref().expect("next_ref"), Some(PageRef { limit: Some(500), offset: 500 }));
    if live.version.at_least("v1.11") {
        return;
    }

    // --- explicit pages: positions and links as Hydra computes them; no X-Total-Count.
    let mut page: Page<OAuth2Client> =
        hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(500).offset(0)).await.expect("first page");
    let mut paged_ids = Vec::new();
    let mut offsets = Vec::new();
    loop {
        let at = page.request();
        assert_eq!(at.limit, Some(500));
        offsets.push(at.offset);
        assert_eq!(page.total_count(), None, "Hydra v1 sends no X-Total-Count");
        assert_eq!(actual_links(page.links()), expected_links(total, 500, at.offset), "links at offset {}", at.offset);
        let expected_len = (total - at.offset).clamp(0, 500) as usize;
        assert_eq!(page.items.len(), expected_len, "items at offset {}", at.offset);
        paged_ids.extend(page.items.iter().map(id_of));
        match page.next_page().await.expect("next_page") {
            Some(next) => {
                assert_eq!(next.request().offset, at.offset + 500);
                page = next;
            }
            None => {
                assert_eq!(page.next_ref().expect("next_ref"), None);
                break;
            }
        }
    }
    let pages = (total + 499) / 500;
    assert_eq!(offsets, (0..pages).map(|p| p * 500).collect::<Vec<_>>());
    assert_eq!(paged_ids, all_ids, "pages and stream agree, in the same (insertion) order");
    // The first page: `next` and `last`, no `first`/`prev`. The last: `first` and `prev` only.
    let first = hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(500)).await.expect("page 0");
    assert_eq!(first.links().first, None);
    assert_eq!(first.links().next, Some(PageRef { limit: Some(500), offset: 500 }));
    assert_eq!(first.next_ref().expect("next_ref"), Some(PageRef { limit: Some(500), offset: 500 }));

    // --- the server's default page size (100) gives the same clients.
    let default_sized: Vec<String> = hydra
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default())
        .map_ok(|c| id_of(&c))
        .try_collect()
        .await
        .expect("stream with the default limit");
    assert_eq!(default_sized, all_ids);
    // Past the end: an empty page with `first` and a `prev`; paging stops.
    let beyond = hydra
        .list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(500).offset(1_000_000))
        .await
        .expect("beyond the end");
    assert!(beyond.items.is_empty());
    assert_eq!(actual_links(beyond.links()), expected_links(total, 500, 1_000_000));
    assert_eq!(beyond.next_ref().expect("next_ref"), None);
    assert!(beyond.next_page().await.expect("next_page").is_none());
    let nothing: Vec<OAuth2Client> = hydra
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500).offset(1_000_000))
        .try_collect()
        .await
        .expect("stream beyond the end");
    assert!(nothing.is_empty());
    // A limit above 500 is capped at 500.
    let capped = hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(1000)).await.expect("limit 1000");
    assert_eq!(capped.items.len(), 500);
    assert_eq!(capped.links().next, Some(PageRef { limit: Some(500), offset: 500 }));
}

#[tokio::test]
async fn an_empty_consent_session_listing_terminates() {
    let live = live!();
    let subject = unique("nobody");
    for params in [
        ListSubjectConsentSessionsParams::default(),
        ListSubjectConsentSessionsParams::default().limit(500).offset(0),
        ListSubjectConsentSessionsParams::default().limit(2).offset(10),
    ] {
        let page = live.admin.list_subject_consent_sessions(&subject, params.clone()).await.expect("list");
        assert!(page.items.is_empty());
        assert_eq!(page.links(), &PageLinks::default(), "no Link header for an empty consent listing");
        assert_eq!(page.total_count(), None);
        assert_eq!(page.next_ref().expect("next_ref"), None);
        assert!(page.next_page().await.expect("next_page").is_none());
        let all: Vec<PreviousConsentSession> =
            live.admin.list_subject_consent_sessions_stream(&subject, params).try_collect().await.expect("stream");
        assert!(all.is_empty());
    }
}

/// A subject with one consent session, listed with `limit=1`: Hydra's `prev` link has `offset=-1`
/// (ory/x computes `lastOffset - limit`). The same happens for any listing whose total equals the limit
/// (e.g. exactly 500 clients read 500 at a time). The page must still end the listing cleanly.
#[tokio::test]
async fn a_listing_whose_total_equals_the_limit_ends_cleanly() {
    let live = live!();
    let _list = clients_shared().await;
    let client_id = unique("live-page-one");
    live.admin.create_o_auth2_client(&flow_client(&client_id, "one-session-secret")).await.expect("create");
    let subject = unique("user");
    login_and_consent(&live, &Browser::new(&live), &client_id, &subject, true).await;
    let params = ListSubjectConsentSessionsParams::default().limit(1);
    let page = live.admin.list_subject_consent_sessions(&subject, params.clone()).await;
    let streamed: Vec<Result<PreviousConsentSession, ory_hydra_v1_client::Error>> =
        live.admin.list_subject_consent_sessions_stream(&subject, params).collect().await;
    live.admin.delete_o_auth2_client(&client_id).await.expect("delete");
    let page = page.expect("list");
    assert_eq!(page.items.len(), 1);
    assert_eq!(actual_links(page.links()), expected_links(1, 1, 0));
    assert_eq!(page.links().prev, Some(PageRef { limit: Some(1), offset: -1 }));
    assert_eq!(page.next_ref().expect("the last page has no next page").map(|r| r.offset), None);
    assert_eq!(streamed.len(), 1, "{streamed:?}");
    assert!(streamed[0].is_ok(), "{streamed:?}");
}

/// A stream started at an offset that is not a multiple of the limit: v1.11 answers the page boundary's
/// items and page-aligned `next` links; the stream must still yield exactly the items from the offset on,
/// each once.
#[tokio::test]
async fn a_stream_from_an_unaligned_offset_yields_each_item_once() {
    let live = live!();
    let _list = clients_exclusive().await;
    let owner = unique("live-page-unaligned");
    let ids: Vec<String> = (0..5).map(|i| format!("{owner}-{i}")).collect();
    create_many(&live, &ids, &owner).await;
    let all: Result<Vec<String>, _> = live
        .admin
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500))
        .map_ok(|c| id_of(&c))
        .try_collect()
        .await;
    let from_one: Result<Vec<String>, _> = live
        .admin
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(2).offset(1))
        .map_ok(|c| id_of(&c))
        .try_collect()
        .await;
    delete_many(&live, &ids).await;
    let all = all.expect("stream");
    let from_one = from_one.expect("stream from offset 1");
    // v1.11 pages by page number (`offset / limit`, QUIRKS.md): the client asks for the aligned page and
    // drops item 0 itself, so both servers give exactly the items from offset 1, each once.
    assert_eq!(from_one.len(), all.len() - 1, "{from_one:?} vs {all:?}");
    assert_eq!(from_one, all[1..].to_vec());
}

/// `GET /clients?owner=`: only that owner's clients (v1.10.5 added the filter; older servers ignore it).
#[tokio::test]
async fn the_owner_filter_lists_only_that_owners_clients() {
    let live = live!(needs "list_o_auth2_clients.owner");
    let _list = clients_shared().await;
    let owner = unique("live-owner-filter");
    let ids: Vec<String> = (0..3).map(|i| format!("{owner}-{i}")).collect();
    create_many(&live, &ids, &owner).await;
    let listed: Result<Vec<String>, _> = live
        .admin
        .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(2).owner(owner.clone()))
        .map_ok(|c| id_of(&c))
        .try_collect()
        .await;
    delete_many(&live, &ids).await;
    let mut listed = listed.expect("filtered stream");
    listed.sort();
    assert_eq!(listed, ids, "exactly the owner's clients, across pages");
}
