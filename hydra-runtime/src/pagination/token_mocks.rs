//! Token paging against httpmock: each of Hydra v2's paging traps (QUIRKS.md, "v2.3.0") and each rule
//! of `next_token`. No table of this crate has a token listing, so the listing is described here.

use futures_util::{StreamExt, TryStreamExt};
use httpmock::prelude::*;

use crate::operation::{Credentials, Paging};
use crate::pagination::{PageStart, PageStream, TokenRef};
use crate::{Core as Client, Error, ErrorKind, Operation, Page};

static LIST_ITEMS: Operation = Operation {
    name: "list_items",
    method: http::Method::GET,
    credentials: Credentials::Admin,
    path: "/admin/items",
    path_params: &[],
    paging: Paging::Token,
    errors: None,
    answers: &[],
    retry_safe: true,
    since: None,
    until: None,
};

/// A client whose admin URL is `server` under `prefix` (such as `/hydra`, a proxy's prefix).
fn client(server: &MockServer, prefix: &str) -> Client {
    Client::builder(format!("{}{prefix}", server.base_url())).build().unwrap()
}

/// The listing's first request, filtered by `owner=o`, before its paging parameters.
fn call(hydra: &Client) -> crate::__rt::Call {
    let mut call = crate::__rt::Call::new(hydra, &LIST_ITEMS);
    call.path("/admin/items");
    call.query("owner", "o");
    call
}

fn start(size: Option<i64>) -> PageStart {
    PageStart::Token { page_size: size, page_token: None }
}

fn stream(hydra: &Client, size: Option<i64>) -> PageStream<i64> {
    call(hydra).into_stream::<i64>(start(size))
}

async fn first_page(hydra: &Client, size: Option<i64>) -> Result<Page<i64>, Error> {
    call(hydra).send_page::<i64>(start(size)).await
}

/// Every item of a stream and the error that ended it, if any.
async fn drain(mut s: PageStream<i64>) -> (Vec<i64>, Option<Error>) {
    let mut items = Vec::new();
    while let Some(next) = s.next().await {
        match next {
            Ok(i) => items.push(i),
            Err(e) => return (items, Some(e)),
        }
    }
    (items, None)
}

fn next(token: &str, size: i64) -> String {
    format!(r#"</admin/items?page_size={size}&page_token={token}>; rel="next""#)
}

/// Path-only links (the `/hydra` prefix dropped, as Hydra writes them behind a proxy) are followed on the
/// configured prefix, with the caller's filters and size and the link's token; the walk ends where no
/// `next` is; `X-Total-Count`, which on v2 ignores filters, is exposed and stops nothing (trap (d)).
#[tokio::test]
async fn follows_path_only_links_under_the_prefix_and_ignores_the_count() {
    let server = MockServer::start_async().await;
    let one = server.mock(|when, then| {
        when.path("/hydra/admin/items")
            .query_param("owner", "o")
            .query_param("page_size", "2")
            .query_param_missing("page_token");
        then.status(200).header("link", next("t%2B1", 2)).header("x-total-count", "1").body("[1,2]");
    });
    let two = server.mock(|when, then| {
        when.path("/hydra/admin/items")
            .query_param("owner", "o")
            .query_param("page_size", "2")
            .query_param("page_token", "t+1");
        let first = r#"</admin/items?page_size=2&page_token=a>; rel="first""#;
        then.status(200).header("link", first).header("x-total-count", "1").body("[3]");
    });
    let hydra = client(&server, "/hydra");
    let items: Vec<i64> = stream(&hydra, Some(2)).try_collect().await.unwrap();
    assert_eq!(items, [1, 2, 3]);
    one.assert_calls(1);
    two.assert_calls(1);

    let page = first_page(&hydra, Some(2)).await.unwrap();
    assert_eq!(page.total_count(), Some(1), "the count is a hint, below the 3 items listed");
    assert_eq!(page.token_request(), Some(&TokenRef { page_size: Some(2), page_token: None }));
    assert_eq!(page.next_token().unwrap(), Some(TokenRef { page_size: Some(2), page_token: Some("t+1".into()) }));
    let second = page.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.items, [3]);
    assert_eq!(second.next_token().unwrap(), None);
    assert!(second.next_page().await.unwrap().is_none());
    assert_eq!(page.next_ref().unwrap_err().kind(), ErrorKind::InvalidInput, "a token listing has no offsets");
}

/// Trap (a): an empty list answers `next` forever, a new token each time; the stream stops at the empty
/// page instead of asking again.
#[tokio::test]
async fn an_empty_page_ends_the_listing_despite_its_next_link() {
    let server = MockServer::start_async().await;
    let one = server.mock(|when, then| {
        when.path("/admin/items").query_param_missing("page_token");
        then.status(200).header("link", next("e1", 2)).body("[]");
    });
    let more = server.mock(|when, then| {
        when.path("/admin/items").query_param_exists("page_token");
        then.status(200).header("link", next("e2", 2)).body("[]");
    });
    let hydra = client(&server, "");
    let (items, error) = drain(stream(&hydra, Some(2))).await;
    assert!(items.is_empty() && error.is_none(), "{items:?} {error:?}");
    one.assert_calls(1);
    more.assert_calls(0);
    assert_eq!(first_page(&hydra, Some(2)).await.unwrap().next_token().unwrap(), None);
}

/// Three pages whose `next` links cycle: the first (item 1) to `a` (item 2), `a` to `b` (item 3), and
/// `b` back to `a`.
fn cycling(server: &MockServer) -> [httpmock::Mock<'_>; 3] {
    let page = |token: Option<&str>, next_token: &str, item: i64| {
        server.mock(|when, then| {
            let when = when.path("/admin/items");
            match token {
                Some(t) => when.query_param("page_token", t),
                None => when.query_param_missing("page_token"),
            };
            then.status(200).header("link", next(next_token, 1)).body(format!("[{item}]"));
        })
    };
    [page(None, "a", 1), page(Some("a"), "b", 2), page(Some("b"), "a", 3)]
}

/// A `next` link naming the page's own token, or a token seen earlier in the stream, ends the walk.
#[tokio::test]
async fn a_repeated_token_ends_the_listing() {
    let server = MockServer::start_async().await;
    let [first, a, b] = cycling(&server);
    let hydra = client(&server, "");
    // At most a few more than the three pages, so a walk that cycles fails here instead of hanging.
    let items: Vec<i64> = stream(&hydra, Some(1)).take(6).try_collect().await.unwrap();
    assert_eq!(items, [1, 2, 3]);
    for mock in [&first, &a, &b] {
        mock.assert_calls(1);
    }

    let same = MockServer::start_async().await;
    same.mock(|when, then| {
        when.path("/admin/items");
        then.status(200).header("link", next("s", 1)).body("[1]");
    });
    let page = call(&client(&same, ""))
        .send_page::<i64>(PageStart::Token { page_size: Some(1), page_token: Some("s".into()) })
        .await
        .unwrap();
    assert_eq!(page.next_token().unwrap(), None, "a next link to this very page");
}

/// A hand-driven `next_page` loop over links that cycle (first, a, b, a, ...) ends after b as the
/// stream does; asking the same page for its next page twice still fetches it twice.
#[tokio::test]
async fn a_next_page_loop_over_cycling_links_ends() {
    let server = MockServer::start_async().await;
    let [first, a, b] = cycling(&server);
    let hydra = client(&server, "");
    let mut page = first_page(&hydra, Some(1)).await.unwrap();
    let mut items = page.items.clone();
    // At most a few more than the three pages, so a loop that cycles fails here instead of hanging.
    for _ in 0..6 {
        let Some(next) = page.next_page().await.unwrap() else { break };
        items.extend_from_slice(&next.items);
        page = next;
    }
    assert_eq!(items, [1, 2, 3]);
    for mock in [&first, &a, &b] {
        mock.assert_calls(1);
    }

    let again = first_page(&hydra, Some(1)).await.unwrap();
    assert_eq!(again.next_page().await.unwrap().unwrap().items, [2]);
    assert_eq!(again.next_page().await.unwrap().unwrap().items, [2], "a second ask of the same page");
    a.assert_calls(3);
}

/// Trap (b): v2.3.0's consent sessions, asked for 1 per page, answer the second page with links whose
/// `page_size` is 2 (their positions are off, so a third session is never listed). The stream yields
/// what it got and then fails loudly; it never ends as if complete.
#[tokio::test]
async fn links_naming_another_page_size_fail_the_stream_instead_of_dropping_items() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.path("/admin/items").query_param_missing("page_token");
        then.status(200).header("link", next("off2", 1)).body("[1]");
    });
    server.mock(|when, then| {
        when.path("/admin/items").query_param("page_token", "off2").query_param("page_size", "1");
        let links = r#"</admin/items?page_size=2&page_token=p0>; rel="first",</admin/items?page_size=2&page_token=p1>; rel="prev""#;
        then.status(200).header("link", links).body("[3]");
    });
    let hydra = client(&server, "");
    let (items, error) = drain(stream(&hydra, Some(1))).await;
    assert_eq!(items, [1, 3]);
    let error = error.expect("the stream must not end as if complete");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("page_size=2"), "{error}");

    // A `next` link that changes the size fails before it is followed.
    let other = MockServer::start_async().await;
    other.mock(|when, then| {
        when.path("/admin/items").query_param_missing("page_token");
        then.status(200).header("link", next("x", 5)).body("[1]");
    });
    let followed = other.mock(|when, then| {
        when.path("/admin/items").query_param_exists("page_token");
        then.status(200).body("[2]");
    });
    let (items, error) = drain(stream(&client(&other, ""), Some(1))).await;
    assert_eq!(items, [1]);
    assert_eq!(error.map(|e| e.kind()), Some(ErrorKind::Decode));
    followed.assert_calls(0);
}

/// Without a size asked for, the first links' size is adopted and then held to.
#[tokio::test]
async fn without_a_size_the_servers_first_size_is_kept() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.path("/admin/items").query_param_missing("page_token").query_param_missing("page_size");
        then.status(200).header("link", next("n", 250)).body("[1]");
    });
    let second = server.mock(|when, then| {
        when.path("/admin/items").query_param("page_token", "n").query_param("page_size", "250");
        then.status(200).body("[2]");
    });
    let items: Vec<i64> = stream(&client(&server, ""), None).try_collect().await.unwrap();
    assert_eq!(items, [1, 2]);
    second.assert_calls(1);
}

/// Trap (c): an answer without any `Link` (v2.3.0's empty consent-session list, or one page of items) is
/// one complete page.
#[tokio::test]
async fn no_link_header_is_one_complete_page() {
    let server = MockServer::start_async().await;
    let only = server.mock(|when, then| {
        when.path("/admin/items");
        then.status(200).body("[7,8]");
    });
    let items: Vec<i64> = stream(&client(&server, ""), Some(1)).try_collect().await.unwrap();
    assert_eq!(items, [7, 8]);
    only.assert_calls(1);
}

/// A `next` link to another origin or another resource is refused, and nothing is sent there.
#[tokio::test]
async fn links_elsewhere_are_refused_not_followed() {
    let (server, elsewhere) = (MockServer::start_async().await, MockServer::start_async().await);
    let away = elsewhere.mock(|when, then| {
        when.any_request();
        then.status(200).body("[9]");
    });
    for target in [format!("{}/admin/items?page_token=t", elsewhere.base_url()), "/admin/keys?page_token=t".into()] {
        let mut first = server.mock(|when, then| {
            when.path("/admin/items").query_param_missing("page_token");
            then.status(200).header("link", format!(r#"<{target}>; rel="next""#)).body("[1]");
        });
        let again = server.mock(|when, then| {
            when.path("/admin/keys");
            then.status(200).body("[9]");
        });
        let (items, error) = drain(stream(&client(&server, ""), None)).await;
        assert_eq!(items, [1]);
        let error = error.expect("refused");
        assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        again.assert_calls(0);
        first.delete();
    }
    away.assert_calls(0);
}
