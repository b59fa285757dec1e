//! A listing's answer read as a page of any model: status, `Link` headers, `X-Total-Count` and body are
//! fuzzed. Beside not panicking, the page must never point backwards: a next page starts after the
//! items of this one, and before the total count when the server sent one.

#![no_main]

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;
use hydra_client_fuzz::{exercise_error, visit, Model, Visit};
use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_client::PageRef;

/// The input as text: `<type byte><status byte>` then header lines (`link: ...`, `x-total-count: ...`,
/// `at: <limit or -> <offset>`), an empty line, and the body. Plain text, so seeds are easy to write.
struct Input<'a> {
    which: u8,
    status: u8,
    limit: Option<i64>,
    offset: i64,
    headers: HeaderMap,
    body: &'a [u8],
}

fn read(data: &[u8]) -> Option<Input<'_>> {
    let [which, status, rest @ ..] = data else { return None };
    let split = rest.windows(2).position(|w| w == b"\n\n").unwrap_or(rest.len());
    let (head, body) = (&rest[..split], rest.get(split + 2..).unwrap_or_default());
    let mut input = Input { which: *which, status: *status, limit: None, offset: 0, headers: HeaderMap::new(), body };
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        match name {
            b"at" => {
                let text = String::from_utf8_lossy(value);
                let mut words = text.split_whitespace();
                input.limit = words.next().and_then(|w| w.parse().ok());
                input.offset = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            }
            _ => {
                let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) else {
                    continue;
                };
                input.headers.append(name, value);
            }
        }
    }
    Some(input)
}

struct Read<'a>(Input<'a>);

impl Visit for Read<'_> {
    type Output = ();
    fn visit<T: Model>(self, _name: &'static str) {
        let input = self.0;
        // Mostly 200, sometimes another status the client could see.
        let status = if input.status < 0xC0 { 200 } else { 100 + 8 * u16::from(input.status - 0xC0) };
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let at = PageRef { limit: input.limit, offset: input.offset };
        let page = match ory_hydra_v1_client::__fuzz::page::<T>(status, input.headers, input.body, at) {
            Ok(page) => page,
            Err(e) => return exercise_error(&e),
        };
        assert!(status.is_success(), "a {status} answer must be an error");
        let _ = (format!("{page:?}"), page.links(), page.total_count());
        match page.next_ref() {
            Ok(Some(next)) => {
                assert!(!page.items.is_empty(), "an empty page has no next page");
                assert!(next.offset > at.offset, "next page {next:?} does not move past {at:?}");
                let end = at.offset.saturating_add(page.items.len() as i64);
                assert!(
                    next.offset >= end,
                    "next page {next:?} repeats items of this one ({at:?}, {} items)",
                    page.items.len()
                );
                if let Some(total) = page.total_count() {
                    assert!(
                        u64::try_from(next.offset).is_ok_and(|o| o < total),
                        "next page {next:?} is past the total {total}"
                    );
                }
            }
            Ok(None) => {}
            Err(e) => exercise_error(&e),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = read(data) else { return };
    visit(usize::from(input.which), Read(input));
});
