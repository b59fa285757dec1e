//! Entry points for the fuzz targets in `fuzz/`: the code that reads a server's answer, reachable without
//! a server. Hidden from the documentation and not part of the public API; it changes with the fuzz
//! targets.

use std::sync::{Arc, OnceLock};

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::answer::{answer_of, Answer};
use crate::call::Call;
use crate::decode::decode_json;
use crate::operation::{Credentials, Paging};
use crate::pagination::{page_of, At, Page, PageCursor, PageRef};
use crate::{ApiError, ClientBuilder, Core, Error, Operation};
use ory_hydra_v1_transport::Received;

pub use crate::pagination::{parse_link_header, Link, LinkError, PageLinks};

/// The operation name fuzzed answers are attributed to.
pub const OPERATION: &str = "fuzz";

/// The listing fuzzed answers are attributed to.
static FUZZ: Operation = Operation {
    name: OPERATION,
    method: http::Method::GET,
    credentials: Credentials::Admin,
    path: "/fuzz",
    path_params: &[],
    paging: Paging::Offset,
    errors: None,
    answers: &[],
    retry_safe: true,
    since: None,
    until: None,
};

/// Decodes a 200 answer's body into `T` as a generated method does (UTF-8 check, JSON, error path).
///
/// # Errors
/// What the method would return for this body.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let answer = Answer { status: StatusCode::OK, headers: HeaderMap::new(), body: body.to_vec().into() };
    decode_json(&FUZZ, &answer)
}

/// Reads a listing's answer as the first page requested at `at`: non-2xx statuses become errors, 2xx
/// answers a page whose `next_ref` decides what would be fetched next. Nothing is sent.
///
/// # Errors
/// What `send_page` would return for this answer.
pub fn page<T: DeserializeOwned>(
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
    at: PageRef,
) -> Result<Page<T>, Error> {
    let answer = answer_of(OPERATION, Received { status, headers, body: body.to_vec().into() }, false)
        .map_err(|e| Error::answered(&FUZZ, *e))?;
    let cursor = PageCursor::unsent(Call::new(&client(), &FUZZ));
    page_of(Arc::new(cursor), At::Offset(at), &answer)
}

/// The error a non-2xx answer with this body becomes.
pub fn api_error(status: StatusCode, body: &[u8]) -> ApiError {
    ApiError::new(OPERATION, status, body)
}

/// A client that is never used to send, for pages' cursors.
fn client() -> Core {
    static CLIENT: OnceLock<Core> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            ClientBuilder::<Core>::admin("http://fuzz.invalid".into())
                .build()
                .unwrap_or_else(|e| panic!("a plain http URL builds: {e}"))
        })
        .clone()
}

/// The page positions a parsed `Link` header names, as a listing reads them.
///
/// # Errors
/// A message when a known relation's target has a `limit` or `offset` that is not a whole number.
pub fn page_links(links: &[Link]) -> Result<PageLinks, String> {
    PageLinks::from_links(links)
}
