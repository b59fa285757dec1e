//! Listings: the `Link` header parser, pages, the stream over every item, and the `send_page` and
//! `into_stream` entry points the generated listing methods call on a `Call`.
//!
//! Every page of a listing is a copy of the finished first request (side, credentials, per-call headers
//! and time limit, path and other parameters) with only the paging parameters changed, so a page never
//! goes anywhere, or carries anything, the first request did not.
//!
//! How pages are asked for is the operation's [`Paging`] kind; this module holds each kind's rules.
//! [`Paging::Offset`] (Hydra v1): Hydra answers with `Link: </clients?limit=100&offset=100>; rel="next",
//! ...`. Its links are path-only and drop any prefix a proxy adds, so only their `limit`/`offset` are
//! used: the next request goes to the same configured base URL and path, never to whatever host a link
//! names. Hydra also sends a `next` link for an empty result, so following links blindly never ends;
//! [`Page::next_ref`] holds the rules that stop. [`Paging::Token`] (Hydra v2) pages by opaque
//! `page_token`s that `next` links name; its rules are in the `token` module and [`Page::next_token`].

mod token;
#[cfg(test)]
mod token_mocks;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use futures_util::stream::{self, BoxStream, StreamExt};
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::answer::Answer;
use crate::call::Call;
use crate::decode::decode_items;
use crate::error::{DecodeError, DecodeSource};
// Named by the documentation only.
#[cfg(doc)]
use crate::operation::Paging;
use crate::{trace, Error, Operation};

pub use token::TokenRef;

/// A stream of every item of a listing, page after page; an error ends it after being yielded.
pub type PageStream<T> = BoxStream<'static, Result<T, Error>>;

/// Which slice of a listing to request: `limit` items (the server's default when `None`) from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRef {
    /// Items per page; `None` leaves it to the server.
    pub limit: Option<i64>,
    /// How many items to skip. Hydra's `prev` link on the first page is negative.
    pub offset: i64,
}

/// The page positions a `Link` header names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageLinks {
    /// `rel="first"`.
    pub first: Option<PageRef>,
    /// `rel="next"`.
    pub next: Option<PageRef>,
    /// `rel="prev"` (or `previous`).
    pub prev: Option<PageRef>,
    /// `rel="last"`.
    pub last: Option<PageRef>,
}

/// One link of a `Link` header (RFC 8288).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The URI between `<` and `>`, as written (relative or absolute).
    pub target: String,
    /// Parameters in order, names lower-cased, quoted values unescaped.
    pub params: Vec<(String, String)>,
}

impl Link {
    /// The link relation types (`rel` may hold several, separated by spaces), lower-cased.
    pub fn rels(&self) -> impl Iterator<Item = String> + '_ {
        self.params
            .iter()
            .filter(|(k, _)| k == "rel")
            .flat_map(|(_, v)| v.split_ascii_whitespace())
            .map(str::to_ascii_lowercase)
    }
}

/// Why a `Link` header could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// Byte offset in the header value where reading stopped.
    pub at: usize,
    /// What was expected there.
    pub message: &'static str,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed Link header at byte {}: {}", self.at, self.message)
    }
}

impl std::error::Error for LinkError {}

/// Parses a `Link` header value into its links. Empty list elements are skipped, as RFC 9110 allows.
///
/// # Errors
/// A [`LinkError`] for anything that is not a list of `<uri>; name=value` links.
// One single-pass scanner over the bytes, longer than the usual function: its position and the quoting
// state are shared by every step, and splitting it would pass them around without making it clearer.
pub fn parse_link_header(value: &str) -> Result<Vec<Link>, LinkError> {
    let b = value.as_bytes();
    let mut i = 0;
    let mut links = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    let err = |at, message| Err(LinkError { at, message });
    loop {
        skip_ws(&mut i);
        if i == b.len() {
            return Ok(links);
        }
        if b[i] == b',' {
            i += 1;
            continue;
        }
        if b[i] != b'<' {
            return err(i, "expected `<` to start a link");
        }
        let Some(close) = value[i + 1..].find('>') else {
            return err(i, "missing `>` after the link target");
        };
        let target = value[i + 1..i + 1 + close].trim().to_string();
        i += close + 2;
        let mut params = Vec::new();
        loop {
            skip_ws(&mut i);
            if i == b.len() || b[i] == b',' {
                break;
            }
            if b[i] != b';' {
                return err(i, "expected `;` or `,` after a link");
            }
            i += 1;
            skip_ws(&mut i);
            let start = i;
            while i < b.len() && is_tchar(b[i]) {
                i += 1;
            }
            if start == i {
                return err(i, "expected a parameter name after `;`");
            }
            let name = value[start..i].to_ascii_lowercase();
            skip_ws(&mut i);
            let mut val = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                skip_ws(&mut i);
                if i < b.len() && b[i] == b'"' {
                    i += 1;
                    loop {
                        match b.get(i) {
                            None => return err(i, "unterminated quoted string"),
                            Some(b'"') => {
                                i += 1;
                                break;
                            }
                            Some(b'\\') if i + 1 < b.len() => {
                                let c = value[i + 1..].chars().next().unwrap_or('\\');
                                val.push(c);
                                i += 1 + c.len_utf8();
                            }
                            Some(_) => {
                                let c = value[i..].chars().next().unwrap_or('"');
                                val.push(c);
                                i += c.len_utf8();
                            }
                        }
                    }
                } else {
                    let start = i;
                    while i < b.len() && is_tchar(b[i]) {
                        i += 1;
                    }
                    if start == i {
                        return err(i, "expected a parameter value after `=`");
                    }
                    val.push_str(&value[start..i]);
                }
            }
            params.push((name, val));
        }
        links.push(Link { target, params });
    }
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

impl PageLinks {
    /// Reads the `limit` and `offset` of the `first`, `next`, `prev` and `last` links. Other relations
    /// are ignored.
    ///
    /// # Errors
    /// A message when a known relation's target has a `limit` or `offset` that is not a whole number.
    pub(crate) fn from_links(links: &[Link]) -> Result<Self, String> {
        let mut out = PageLinks::default();
        for link in links {
            for rel in link.rels() {
                let slot = match rel.as_str() {
                    "first" => &mut out.first,
                    "next" => &mut out.next,
                    "prev" | "previous" => &mut out.prev,
                    "last" => &mut out.last,
                    _ => continue,
                };
                let (at, has_offset) = page_ref_of(&link.target)?;
                // A `next` link without an offset (a newer server's token-based paging) cannot be followed
                // with `limit`/`offset`; taking it as offset 0 would end the listing early without a word.
                if rel == "next" && !has_offset {
                    return Err(format!("the `next` link {:?} names no offset, so it cannot be followed", link.target));
                }
                *slot = Some(at);
            }
        }
        Ok(out)
    }
}

/// The `limit`/`offset` query parameters of a link target, absolute or relative, and whether it named an
/// offset at all.
fn page_ref_of(target: &str) -> Result<(PageRef, bool), String> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let mut r = PageRef { limit: None, offset: 0 };
    let mut has_offset = false;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let parse =
            |v: &str| v.parse::<i64>().map_err(|_| format!("link {target:?} has {k}={v:?}, not a whole number"));
        match &*k {
            "limit" => r.limit = Some(parse(&v)?),
            "offset" => {
                r.offset = parse(&v)?;
                has_offset = true;
            }
            _ => {}
        }
    }
    Ok((r, has_offset))
}

/// What is needed to ask for another page of the same listing: the finished first request, without its
/// paging parameters.
pub(crate) struct PageCursor {
    first: Call,
    /// The tokens of the token-paged pages fetched so far in this walk, each with the depth (pages
    /// after the first) it was first fetched at. `next_token` refuses a token fetched at or before the
    /// page it reads, so a server whose links cycle (A, B, A...) ends a hand-driven `next_page` loop as
    /// it ends the stream; a page asked for its next page twice still gets it twice.
    walked: Mutex<HashMap<String, u32>>,
}

/// The most items a page's vector is sized for before decoding (Hydra v1 serves at most 500 per page).
const MAX_PRESIZED: usize = 1000;

impl PageCursor {
    fn of(call: Call) -> Result<Self, Error> {
        Ok(PageCursor { first: call.finished()?, walked: Mutex::default() })
    }

    /// The operation being listed.
    pub(crate) fn operation(&self) -> &'static Operation {
        self.first.operation()
    }

    /// The request for the page at `wire`: a copy of the first request with the paging kind's
    /// parameters added.
    fn request(&self, wire: &At) -> Call {
        let mut call = self.first.copy();
        match wire {
            At::Offset(wire) => {
                if let Some(limit) = wire.limit {
                    call.query("limit", &limit);
                }
                call.query("offset", &wire.offset);
            }
            At::Token(wire) => {
                if let Some(size) = wire.page_size {
                    call.query("page_size", &size);
                }
                if let Some(token) = &wire.page_token {
                    call.query("page_token", token.as_str());
                }
            }
        }
        call
    }

    /// The URL the listing's pages go to, which path-only links are resolved against.
    fn request_url(&self) -> Option<url::Url> {
        self.first.request_url()
    }

    /// A cursor over `call` as it is, for reading answers without sending (the fuzz targets).
    pub(crate) fn unsent(call: Call) -> Self {
        PageCursor { first: call, walked: Mutex::default() }
    }

    /// Notes that the page `token` names was fetched at `depth`.
    fn walked_to(&self, token: &str, depth: u32) {
        // A poisoned lock only means another page's bookkeeping panicked; the map is still whole.
        let mut walked = self.walked.lock().unwrap_or_else(|p| p.into_inner());
        if !walked.contains_key(token) {
            walked.insert(token.to_owned(), depth);
        }
    }

    /// Whether the page `token` names was fetched at `depth` or before it in this walk.
    fn walked_by(&self, token: &str, depth: u32) -> bool {
        let walked = self.walked.lock().unwrap_or_else(|p| p.into_inner());
        walked.get(token).is_some_and(|&at| at <= depth)
    }
}

/// Where a listing starts, and how it is paged: the variant is the paging kind, its fields the first
/// page's parameters. A generated listing method builds it from its options struct (by name: the
/// variant is the table's kind, the fields its parameters); a [raw request](crate::RawRequest::pages)
/// is given one.
#[derive(Debug, Clone)]
pub enum PageStart {
    /// [`Paging::Offset`]: `limit` items per page (the server's default when `None`) from `offset` (0).
    Offset {
        /// Items per page.
        limit: Option<i64>,
        /// How many items to skip.
        offset: Option<i64>,
    },
    /// [`Paging::Token`]: `page_size` items per page (the server's default when `None`) from the page
    /// `page_token` names (the first when `None`).
    Token {
        /// Items per page.
        page_size: Option<i64>,
        /// The opaque token of the first page to fetch.
        page_token: Option<String>,
    },
}

impl PageStart {
    /// The first page to ask for.
    fn first(self) -> At {
        match self {
            PageStart::Offset { limit, offset } => At::Offset(PageRef { limit, offset: offset.unwrap_or(0) }),
            PageStart::Token { page_size, page_token } => At::Token(TokenRef { page_size, page_token }),
        }
    }
}

/// A page's position in its listing, in its paging kind's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum At {
    /// [`Paging::Offset`].
    Offset(PageRef),
    /// [`Paging::Token`].
    Token(TokenRef),
}

/// The listing methods the generator emits for `page<...>` operations.
impl Call {
    /// Sends the request as the first page of a listing.
    pub async fn send_page<T: DeserializeOwned>(self, start: PageStart) -> Result<Page<T>, Error> {
        let cursor = Arc::new(PageCursor::of(self)?);
        fetch(cursor, start.first(), 0).await
    }

    /// Turns the request into a stream over every item of every page.
    pub fn into_stream<T: DeserializeOwned + Send + 'static>(self, start: PageStart) -> PageStream<T> {
        match PageCursor::of(self) {
            Ok(cursor) => stream(cursor, start.first()),
            Err(e) => failed_stream(e),
        }
    }
}

/// Fetches the page at `at`, `depth` pages after the first of its walk.
async fn fetch<T: DeserializeOwned>(cursor: Arc<PageCursor>, at: At, depth: u32) -> Result<Page<T>, Error> {
    let (wire, skip) = match &at {
        At::Offset(r) => {
            let (wire, skip) = aligned(*r);
            trace::page(cursor.operation().name, wire.offset, wire.limit);
            (At::Offset(wire), skip)
        }
        At::Token(t) => {
            trace::token_page(cursor.operation().name, t.page_size);
            (at.clone(), 0)
        }
    };
    let answer = cursor.request(&wire).send(true).await?;
    let mut page = page_of(cursor, at, &answer)?;
    page.items.drain(..skip.min(page.items.len()));
    page.depth = depth;
    if let At::Token(TokenRef { page_token: Some(token), .. }) = &page.at {
        page.cursor.walked_to(token, depth);
    }
    Ok(page)
}

/// The request that is sent for `at`, and how many of its leading items come before `at.offset`.
///
/// Hydra v1.11 pages `GET /clients` by page number (`offset / limit`), so an offset that is not a multiple
/// of the limit answers the page boundary's items instead (QUIRKS.md, "Listings"). Asking for the aligned
/// page that holds the offset and dropping what comes before it gives the same items on that server and
/// on one that honours offsets exactly (v1.3.2). Without a limit (the server's default, unknown here), with
/// a limit below 1, or with a negative offset, the request goes out as asked.
///
/// Hydra caps the limit at [`HYDRA_MAX_LIMIT`] before it computes the page number, so pages are that size
/// for any larger limit; aligning to the capped size keeps the dropped part below one page, which an
/// offset-honouring server always answers in full when the listing goes on.
fn aligned(at: PageRef) -> (PageRef, usize) {
    match at.limit {
        Some(limit) if limit > 0 && at.offset > 0 => {
            // `offset % size` is below both, so neither the subtraction nor the cast can fail.
            let skip = at.offset % limit.min(HYDRA_MAX_LIMIT);
            (PageRef { limit: at.limit, offset: at.offset - skip }, usize::try_from(skip).unwrap_or(0))
        }
        _ => (at, 0),
    }
}

/// The most items Hydra v1 serves per page; a larger `limit` is lowered to it.
const HYDRA_MAX_LIMIT: i64 = 500;

/// Reads one page out of a listing's successful answer: its items, `Link` positions and `X-Total-Count`.
pub(crate) fn page_of<T: DeserializeOwned>(cursor: Arc<PageCursor>, at: At, answer: &Answer) -> Result<Page<T>, Error> {
    // Room for the items up front: the page holds at most `limit` of them, and no item of a Hydra listing
    // is smaller than ~128 bytes of JSON, so growing the vector (and copying it) is the exception.
    let limit = match &at {
        At::Offset(r) => r.limit,
        At::Token(t) => t.page_size,
    };
    let most = limit.map_or(MAX_PRESIZED, |l| usize::try_from(l).unwrap_or(0).min(MAX_PRESIZED));
    let items: Vec<T> = decode_items(cursor.operation(), answer, (answer.body.len() / 128).min(most))?;
    let total_count =
        answer.headers.get("x-total-count").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let mut link_text = String::new();
    for v in answer.headers.get_all(http::header::LINK) {
        if !link_text.is_empty() {
            link_text.push(',');
        }
        link_text.push_str(&String::from_utf8_lossy(v.as_bytes()));
    }
    // A token listing's links name opaque tokens, not offsets, so they are kept as they are for
    // `next_token`; an offset listing's are read into positions.
    let (links, raw_links, link_error) = match (parse_link_header(&link_text), &at) {
        (Ok(parsed), At::Token(_)) => (PageLinks::default(), parsed, None),
        (Ok(parsed), At::Offset(_)) => match PageLinks::from_links(&parsed) {
            Ok(links) => (links, Vec::new(), None),
            Err(e) => (PageLinks::default(), Vec::new(), Some(e)),
        },
        (Err(e), _) => (PageLinks::default(), Vec::new(), Some(e.to_string())),
    };
    let status = answer.status;
    Ok(Page { items, links, raw_links, total_count, at, status, link_error, link_text, cursor, depth: 0 })
}

/// One page of a listing, with what the server said about the rest.
pub struct Page<T> {
    /// The items of this page, in server order.
    pub items: Vec<T>,
    links: PageLinks,
    raw_links: Vec<Link>,
    total_count: Option<u64>,
    at: At,
    status: StatusCode,
    link_error: Option<String>,
    link_text: String,
    cursor: Arc<PageCursor>,
    /// Pages after the first of its walk.
    depth: u32,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("links", &self.links)
            .field("total_count", &self.total_count)
            .field("request", &self.at)
            .finish_non_exhaustive()
    }
}

impl<T> Page<T> {
    /// The page positions from the `Link` header (empty when it was missing or malformed, and on a
    /// token-paged listing, whose links name tokens rather than positions: see
    /// [`next_token`](Self::next_token)).
    pub fn links(&self) -> &PageLinks {
        &self.links
    }

    /// The `X-Total-Count` header, when the server sent one (Hydra v1.2 does not).
    ///
    /// A hint only: Hydra v2 counts a listing without its filters (`owner`, `client_name`,
    /// `login_session_id`), so the count can be far above the items a filtered listing has, and an
    /// empty consent-session list sends none. Token-paged listings never stop or size anything by it.
    pub fn total_count(&self) -> Option<u64> {
        self.total_count
    }

    /// The `limit` and `offset` this page was asked for: its items start at `offset`.
    ///
    /// When `offset` is not a multiple of `limit`, the request on the wire asks for the aligned page that
    /// holds it and the items before `offset` are dropped, so the page has fewer than `limit` items; the
    /// [`links`](Self::links) are the server's, for that aligned page.
    ///
    /// A token-paged listing has no offsets: there `limit` is the `page_size` asked for and `offset` is
    /// 0; its position is [`token_request`](Self::token_request).
    pub fn request(&self) -> PageRef {
        match &self.at {
            At::Offset(r) => *r,
            At::Token(t) => PageRef { limit: t.page_size, offset: 0 },
        }
    }

    /// The page size and token a token-paged page was asked for; `None` on an offset listing.
    pub fn token_request(&self) -> Option<&TokenRef> {
        match &self.at {
            At::Token(t) => Some(t),
            At::Offset(_) => None,
        }
    }

    /// The items, giving up the page.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// Where the next page starts, or `None` when this is the last one.
    ///
    /// This is the last page when it is empty, has no `next` link, has a `next` link that does not move
    /// forward, or the next offset is at or past `X-Total-Count`. The next offset is never before the end
    /// of this page, even when the link says so (Hydra rounds it down to a multiple of the limit).
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when the `Link` header was malformed, since the
    /// listing cannot then be followed safely.
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) on a token-paged listing, which moves
    /// by [`next_token`](Self::next_token).
    pub fn next_ref(&self) -> Result<Option<PageRef>, Error> {
        let At::Offset(request) = &self.at else {
            let message = "a token-paged listing has no next offset: use Page::next_token";
            return Err(Error::invalid_call(self.cursor.operation(), message));
        };
        let request = *request;
        if self.items.is_empty() {
            return Ok(None);
        }
        if let Some(message) = &self.link_error {
            return Err(self.link_problem(message.clone()));
        }
        let Some(mut next) = self.links.next else { return Ok(None) };
        if next.offset <= request.offset {
            return Ok(None);
        }
        // A `next` link before the end of this page would repeat items already yielded (Hydra rounds it
        // down to a multiple of the limit); never go back before what this page covered.
        next.offset = next.offset.max(request.offset.saturating_add(self.items.len() as i64));
        if self.total_count.is_some_and(|total| next.offset as u64 >= total) {
            return Ok(None);
        }
        Ok(Some(next))
    }

    /// The page size and token of the next page of a token-paged listing, or `None` when this is the
    /// last one.
    ///
    /// This is the last page when it is empty (Hydra v2 answers an empty listing with a `next` link
    /// forever, each time with a new token), has no `next` link (an empty consent-session list has no
    /// `Link` at all), or its `next` link names this page's own token or the token of a page fetched
    /// before it in the same walk (a server whose links cycle would otherwise never end a
    /// [`next_page`](Self::next_page) loop). `X-Total-Count` plays no part
    /// (see [`total_count`](Self::total_count)). The next page is asked with this page's size.
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when the `Link` header cannot be followed
    /// safely: it is malformed; its `next` link names another origin, another resource or no (or an empty)
    /// `page_token`; or a paging link (`first`, `next`, `prev`, `last`) names another `page_size` than
    /// the one asked for (or, when none was, another than its sibling links), since its positions then
    /// do not match the pages asked for and following it could skip items (Hydra v2.3.0's consent
    /// sessions do this: asked for 1 per page, their second page's links say 2, and following them
    /// gives 2 of 3 sessions). [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) on an offset
    /// listing, which moves by [`next_ref`](Self::next_ref).
    pub fn next_token(&self) -> Result<Option<TokenRef>, Error> {
        let At::Token(asked) = &self.at else {
            let message = "an offset listing has no next token: use Page::next_ref";
            return Err(Error::invalid_call(self.cursor.operation(), message));
        };
        if self.items.is_empty() {
            return Ok(None);
        }
        if let Some(message) = &self.link_error {
            return Err(self.link_problem(message.clone()));
        }
        let size = token::checked_size(&self.raw_links, asked.page_size).map_err(|e| self.link_problem(e))?;
        let Some(target) = token::next_target(&self.raw_links) else { return Ok(None) };
        let Some(url) = self.cursor.request_url() else {
            return Err(self.link_problem("the listing's URL is unknown, so its links cannot be resolved".into()));
        };
        let next = token::follow(&url, &target, size).map_err(|e| self.link_problem(e))?;
        if next.page_token == asked.page_token {
            return Ok(None);
        }
        if next.page_token.as_deref().is_some_and(|t| self.cursor.walked_by(t, self.depth)) {
            return Ok(None);
        }
        Ok(Some(next))
    }

    /// Where the next page is, in this listing's paging kind.
    fn next_at(&self) -> Result<Option<At>, Error> {
        match self.at {
            At::Offset(_) => self.next_ref().map(|r| r.map(At::Offset)),
            At::Token(_) => self.next_token().map(|t| t.map(At::Token)),
        }
    }

    /// The decode error for a `Link` header that cannot be followed, with the header as its body.
    fn link_problem(&self, message: String) -> Error {
        let op = self.cursor.operation();
        Error::undecodable(
            op,
            DecodeError {
                operation: op.name,
                status: self.status,
                path: "Link".into(),
                body: self.link_text.clone(),
                source: DecodeSource::Header(message),
            },
        )
    }
}

impl<T: DeserializeOwned> Page<T> {
    /// Fetches the next page of the same listing, or returns `None` after the last page (see
    /// [`next_ref`](Self::next_ref), or [`next_token`](Self::next_token) for a token-paged listing).
    ///
    /// # Errors
    /// Any error of the listing call, or of [`next_ref`](Self::next_ref) or
    /// [`next_token`](Self::next_token).
    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        match self.next_at()? {
            Some(at) => fetch(self.cursor.clone(), at, self.depth.saturating_add(1)).await.map(Some),
            None => Ok(None),
        }
    }
}

enum State {
    /// The page to fetch, and its depth in the walk.
    Fetch(Arc<PageCursor>, At, u32),
    Fail(Error),
    Done,
}

/// Every item from `first` on, one page in memory at a time. A token listing also stops when a `next`
/// link names the token of any page already fetched (see [`Page::next_token`]), so a server that
/// cycles ends the stream.
fn stream<T: DeserializeOwned + Send + 'static>(cursor: PageCursor, first: At) -> PageStream<T> {
    stream::unfold(State::Fetch(Arc::new(cursor), first, 0), |state| async move {
        match state {
            State::Done => None,
            State::Fail(e) => Some((Err(e), State::Done)),
            State::Fetch(cursor, at, depth) => match fetch::<T>(cursor.clone(), at, depth).await {
                Err(e) => Some((Err(e), State::Done)),
                Ok(page) => {
                    let next = match page.next_at() {
                        Ok(Some(r)) => State::Fetch(cursor, r, depth.saturating_add(1)),
                        Ok(None) => State::Done,
                        Err(e) => State::Fail(e),
                    };
                    Some((Ok(page.items), next))
                }
            },
        }
    })
    .flat_map(|chunk: Result<Vec<T>, Error>| match chunk {
        Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
        Err(e) => stream::iter(vec![Err(e)]).right_stream(),
    })
    .boxed()
}

/// A stream that yields one error and ends.
pub(crate) fn failed_stream<T: Send + 'static>(e: Error) -> PageStream<T> {
    stream::iter(vec![Err(e)]).boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(header: &str) -> PageLinks {
        PageLinks::from_links(&parse_link_header(header).unwrap()).unwrap()
    }

    #[test]
    fn unaligned_offsets_ask_for_the_page_that_holds_them_without_overflow() {
        let at = |limit, offset| PageRef { limit, offset };
        assert_eq!(aligned(at(Some(4), 5)), (at(Some(4), 4), 1));
        assert_eq!(aligned(at(Some(4), 8)), (at(Some(4), 8), 0));
        assert_eq!(aligned(at(Some(1000), 600)), (at(Some(1000), 500), 100));
        for unchanged in [at(None, 5), at(Some(0), 5), at(Some(-3), 5), at(Some(4), -1), at(Some(4), 0)] {
            assert_eq!(aligned(unchanged), (unchanged, 0));
        }
        let max = aligned(at(Some(i64::MAX), i64::MAX));
        assert_eq!(max, (at(Some(i64::MAX), i64::MAX - i64::MAX % 500), (i64::MAX % 500) as usize));
        assert_eq!(aligned(at(Some(i64::MIN), i64::MAX)), (at(Some(i64::MIN), i64::MAX), 0));
        assert_eq!(aligned(at(Some(3), i64::MIN)), (at(Some(3), i64::MIN), 0));
    }

    #[test]
    fn reads_hydra_v1_links() {
        let h = r#"</clients?limit=2&offset=0>; rel="first",</clients?limit=2&offset=2>; rel="next",</clients?limit=2&offset=4>; rel="last""#;
        let l = refs(h);
        assert_eq!(l.first, Some(PageRef { limit: Some(2), offset: 0 }));
        assert_eq!(l.next, Some(PageRef { limit: Some(2), offset: 2 }));
        assert_eq!(l.last, Some(PageRef { limit: Some(2), offset: 4 }));
        assert_eq!(l.prev, None);
    }

    #[test]
    fn quoted_commas_and_semicolons_stay_inside_their_link() {
        let links = parse_link_header(r#"<a?offset=1>; title="x, y; z"; rel="next", <b?offset=9>; rel=last"#).unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].params[0], ("title".to_string(), "x, y; z".to_string()));
        assert_eq!(links[0].rels().collect::<Vec<_>>(), ["next"]);
        assert_eq!(links[1].rels().collect::<Vec<_>>(), ["last"]);
    }

    #[test]
    fn whitespace_case_and_empty_elements_are_tolerated() {
        let l = refs(" ,  <\t/x?offset=5&limit=5 >  ;  REL = \"Next\"  , ,");
        assert_eq!(l.next, Some(PageRef { limit: Some(5), offset: 5 }));
    }

    #[test]
    fn unknown_rels_are_ignored_and_multi_rels_all_count() {
        let l = refs(r#"</x?offset=1>; rel="alternate", </x?offset=2>; rel="next last""#);
        assert_eq!(l.next.map(|r| r.offset), Some(2));
        assert_eq!(l.last.map(|r| r.offset), Some(2));
        assert_eq!(l.first, None);
    }

    #[test]
    fn absolute_and_relative_targets_give_the_same_position() {
        let abs = refs(r#"<https://other.example/admin/clients?limit=10&offset=20#frag>; rel="next""#);
        let rel = refs(r#"<clients?offset=20&limit=10>; rel="next""#);
        assert_eq!(abs.next, rel.next);
        assert_eq!(abs.next, Some(PageRef { limit: Some(10), offset: 20 }));
    }

    #[test]
    fn escaped_quotes_are_unescaped() {
        let links = parse_link_header(r#"<x>; title="a \"b\" c""#).unwrap();
        assert_eq!(links[0].params[0].1, r#"a "b" c"#);
    }

    #[test]
    fn malformed_headers_are_errors_not_panics() {
        for bad in
            ["clients?offset=1; rel=next", "<x", "<x>; =", "<x>; rel=\"next", "<x> rel=next", "<x>; rel=", "<ü>; réł"]
        {
            assert!(parse_link_header(bad).is_err(), "{bad:?} should fail");
        }
        assert_eq!(parse_link_header("").unwrap(), vec![]);
    }

    #[test]
    fn a_next_link_without_offset_is_rejected_but_other_relations_may_omit_it() {
        let links = parse_link_header(r#"</x?page_token=t>; rel="next""#).unwrap();
        assert!(PageLinks::from_links(&links).unwrap_err().contains("names no offset"));
        let l = refs(r#"</x?limit=5>; rel="first", </x?limit=5&offset=5>; rel="next""#);
        assert_eq!(l.first, Some(PageRef { limit: Some(5), offset: 0 }));
        assert_eq!(l.next, Some(PageRef { limit: Some(5), offset: 5 }));
    }

    #[test]
    fn non_numeric_positions_are_rejected() {
        let links = parse_link_header(r#"</x?offset=abc>; rel="next""#).unwrap();
        assert!(PageLinks::from_links(&links).is_err());
    }

    #[test]
    fn hydra_negative_prev_offset_on_the_first_page_is_kept_not_fatal() {
        let l = refs(
            "</clients?limit=100&offset=0>; rel=\"first\",</clients?limit=100&offset=100>; rel=\"next\",</clients?limit=100&offset=-100>; rel=\"prev\"",
        );
        assert_eq!(l.prev, Some(PageRef { limit: Some(100), offset: -100 }));
        assert_eq!(l.next, Some(PageRef { limit: Some(100), offset: 100 }));
    }
}

/// A listing on the Public side: no table has one yet, so these tests describe one here.
#[cfg(test)]
mod public_listing_tests {
    use futures_util::TryStreamExt;
    use httpmock::prelude::*;

    use crate::operation::{Credentials, Paging};
    use crate::{Core, Operation};

    static LIST_THINGS: Operation = Operation {
        name: "list_things",
        method: http::Method::GET,
        credentials: Credentials::Bearer { argument: "access_token" },
        path: "/things/{owner}",
        path_params: &["owner"],
        paging: Paging::Offset,
        errors: None,
        answers: &[],
        retry_safe: true,
        since: None,
        until: None,
    };

    /// Every page of a bearer listing goes to the Public URL with the call's token, and none carries the
    /// admin credentials or headers, however many pages it takes; a path parameter stays in each page.
    #[tokio::test]
    async fn a_bearer_listing_never_sends_admin_credentials_on_any_page() {
        let (admin, public) = (MockServer::start_async().await, MockServer::start_async().await);
        let admin_any = admin.mock_async(|when, then| {
            when.any_request();
            then.status(500);
        });
        let first = public.mock_async(|when, then| {
            when.method(GET)
                .path("/things/o%201")
                .query_param("offset", "0")
                .header("authorization", "Bearer user-token")
                .header_missing("x-gateway-key");
            then.status(200).header("link", r#"</things/o%201?limit=1&offset=1>; rel="next""#).body(r#"[1]"#);
        });
        let second = public.mock_async(|when, then| {
            when.method(GET)
                .path("/things/o%201")
                .query_param("offset", "1")
                .header("authorization", "Bearer user-token")
                .header_missing("x-gateway-key");
            then.status(200).body(r#"[2]"#);
        });
        let (admin_any, first, second) = (admin_any.await, first.await, second.await);
        let hydra = Core::builder(admin.base_url())
            .public_url(public.base_url())
            .basic_auth("admin", Some("hunter2"))
            .default_header("X-Gateway-Key", "gateway-secret")
            .build()
            .unwrap();
        let mut call = crate::__rt::Call::new(&hydra, &LIST_THINGS);
        call.path("/things/");
        call.path_param("owner", "o 1");
        call.bearer("user-token");
        let items: Vec<i64> = call
            .into_stream::<i64>(crate::__rt::PageStart::Offset { limit: Some(1), offset: None })
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [1, 2]);
        first.assert_async().await;
        second.assert_async().await;
        admin_any.assert_calls_async(0).await;
    }
}
