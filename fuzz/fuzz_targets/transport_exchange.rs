//! The whole path of a call: a generated method sends a real request through the client's own HTTP stack
//! to a server in this process, which answers with the fuzzed bytes (raw, or an HTTP/1.1 answer built
//! from structured parts); the method then reads status, headers and body as it would from Hydra.
//! Nothing may panic or hang, and a well-formed non-2xx answer is always an API error with its status.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use futures::StreamExt as _;
use hydra_client_fuzz::canned::Canned;
use hydra_client_fuzz::{assert_round_trip, exercise_error, Model};
use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_client::{Client, Error, IntrospectOAuth2TokenParams, ListOAuth2ClientsParams};

#[derive(Arbitrary, Debug)]
enum Answer<'a> {
    Raw(&'a [u8]),
    Http { status: u16, headers: Vec<(HeaderName, &'a [u8])>, length: Length, body: &'a [u8] },
}

#[derive(Arbitrary, Debug)]
enum HeaderName {
    Link,
    TotalCount,
    ContentType,
    Other(u8),
}

#[derive(Arbitrary, Debug, PartialEq)]
enum Length {
    Exact,
    Chunked(u8),
    UntilClose,
    Wrong(u16),
}

/// The answer as bytes, and the status when it is well-formed enough that the client must report it.
fn render(answer: &Answer<'_>) -> (Vec<u8>, Option<u16>) {
    let Answer::Http { status, headers, length, body } = answer else {
        let Answer::Raw(raw) = answer else { unreachable!() };
        return (raw.to_vec(), None);
    };
    let status = 200 + status % 400;
    let mut out = format!("HTTP/1.1 {status} Fuzzed\r\n").into_bytes();
    for (name, value) in headers {
        let name = match name {
            HeaderName::Link => "Link".to_string(),
            HeaderName::TotalCount => "X-Total-Count".to_string(),
            HeaderName::ContentType => "Content-Type".to_string(),
            HeaderName::Other(n) => format!("X-Fuzz-{n}"),
        };
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        // Only what a header value may hold (RFC 9110: tab, space, visible ASCII, obs-text).
        out.extend(value.iter().filter(|&&b| b == b'\t' || (b >= 0x20 && b != 0x7f)));
        out.extend_from_slice(b"\r\n");
    }
    match length {
        Length::Exact => out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()),
        Length::Wrong(n) => out.extend_from_slice(format!("Content-Length: {n}\r\n\r\n").as_bytes()),
        Length::UntilClose => out.extend_from_slice(b"\r\n"),
        Length::Chunked(size) => {
            out.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
            for chunk in body.chunks(usize::from(*size).max(1)) {
                out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                out.extend_from_slice(chunk);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
        }
    }
    if !matches!(length, Length::Chunked(_)) {
        out.extend_from_slice(body);
    }
    // 204 and 304 answers have no body whatever their headers say, so what follows is not theirs to read.
    let sure = matches!(length, Length::Exact | Length::Chunked(_)) && !matches!(status, 204 | 304);
    (out, sure.then_some(status))
}

struct World {
    server: Canned,
    client: Client,
    runtime: tokio::runtime::Runtime,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let server = Canned::start().expect("a loopback port is free");
        // One connection per request: the server closes after answering, and a pooled connection it
        // closed would turn the next call into a transport error that depends on timing. (A
        // `Connection: close` default header did this before; framing headers are refused now.)
        let client = Client::builder(server.base_url())
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(5))
            .build()
            .expect("the canned server's URL is valid");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime starts");
        World { server, client, runtime }
    })
}

fn settle<T: Model>(result: Result<T, Error>) -> Option<Error> {
    match result {
        Ok(value) => {
            assert_round_trip(std::any::type_name::<T>(), &value);
            None
        }
        Err(e) => Some(e),
    }
}

async fn call(client: &Client, operation: u8) -> Option<Error> {
    match operation % 7 {
        0 => settle(client.get_o_auth2_client("a b?c#d%e ü").await),
        1 => match client.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(2)).await {
            Ok(page) => page.next_ref().err(),
            Err(e) => Some(e),
        },
        2 => {
            let items: Vec<_> =
                client.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).take(5).collect().await;
            items.into_iter().find_map(Result::err)
        }
        3 => client.delete_o_auth2_client("x").await.err(),
        4 => client.prometheus().await.err(),
        5 => settle(client.introspect_o_auth2_token("tok", IntrospectOAuth2TokenParams::default()).await),
        _ => settle(client.get_json_web_key_set("set").await),
    }
}

// The first byte picks the operation. A second byte below 0x80 makes the rest the raw answer (so seeds
// are plain HTTP answers); from 0x80 on, the rest is read as a structured answer.
fuzz_target!(|data: &[u8]| {
    let [operation, mode, rest @ ..] = data else { return };
    let answer = if *mode < 0x80 {
        Answer::Raw(rest)
    } else {
        let Ok(a) = Answer::arbitrary_take_rest(Unstructured::new(rest)) else { return };
        a
    };
    let w = world();
    let (bytes, sure_status) = render(&answer);
    w.server.set_answer(bytes);
    let error = w.runtime.block_on(call(&w.client, *operation));
    if let Some(e) = &error {
        exercise_error(e);
        assert!(!e.is_timeout(), "a canned answer must not time out: {e:?}");
    }
    if let Some(status) = sure_status.filter(|s| !(200..300).contains(s)) {
        let e = error.unwrap_or_else(|| panic!("a {status} answer was taken for a success"));
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert!(e.is_api(), "{e:?}");
    }
});
