//! Hostile servers and careless callers (issue 24): bounded answers, time limits by default, no
//! redirect-following HTTP client, no secret in an error, framing headers refused. Every test runs on
//! the built-in transport and on a caller's `reqwest::Client`.

mod net;

use ory_hydra_v1_client::{Client, ClientBuilder};

/// The two transports: the built-in one, and a `reqwest::Client` that does not follow redirects.
fn builders(base: &str) -> [ClientBuilder; 2] {
    let no_redirects =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest client");
    [Client::builder(base).no_proxy(), Client::builder(base).http_client(no_redirects)]
}

const FRAMING: [&str; 10] = [
    "Content-Length",
    "transfer-encoding",
    "Host",
    "Connection",
    "Upgrade",
    "TE",
    "Trailer",
    "Keep-Alive",
    "Proxy-Connection",
    "CONTENT-LENGTH",
];

#[test]
fn framing_headers_are_refused_per_call_and_by_default() {
    for builder in builders("http://127.0.0.1:4445") {
        let hydra = builder.clone().build().unwrap();
        for name in FRAMING {
            let err = hydra.with_header(name, "1").unwrap_err();
            assert!(err.is_invalid_input() && err.to_string().contains("frames the message"), "{name}: {err}");
            let err = builder.clone().default_header(name, "1").build().unwrap_err();
            assert!(err.is_invalid_input() && err.to_string().contains("frames the message"), "{name}: {err}");
        }
        // Other headers are still welcome.
        hydra.with_header("X-Request-Id", "r1").unwrap();
        builder.default_header("X-Gateway-Key", "k").build().unwrap();
    }
}
