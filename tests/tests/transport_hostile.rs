//! Hostile servers and careless callers (issue 24): bounded answers, time limits by default, no
//! redirect-following HTTP client, no secret in an error, framing headers refused. Every test runs on
//! the built-in transport and on a caller's `reqwest::Client`.

mod net;

use std::time::Duration;

use net::CLIENT_JSON;
use ory_hydra_v1_client::{Client, ClientBuilder, ClientCredentials, GrantType, OAuth2Client, Oauth2TokenParams};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;

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

/// Writes `head` and then `body_chunk` as one chunk after another, `chunks` times (for ever with
/// `None`), until the client hangs up.
async fn chunked(mut tcp: TcpStream, chunk: &'static [u8], chunks: Option<usize>, last: &'static [u8]) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    if tcp.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
    let mut sent = 0;
    while chunks.is_none_or(|n| sent < n) {
        if tcp.write_all(&frame).await.is_err() {
            return;
        }
        sent += 1;
    }
    let end = [format!("{:x}\r\n", last.len()).as_bytes(), last, b"\r\n0\r\n\r\n"].concat();
    let _ = tcp.write_all(&end).await;
}

static BLANKS: [u8; 64 << 10] = [b' '; 64 << 10];

#[tokio::test]
async fn an_endless_answer_fails_with_a_typed_error_naming_the_limit() {
    let addr = net::raw_server(|tcp| chunked(tcp, &BLANKS, None, b"")).await;
    for builder in builders(&format!("http://{addr}")) {
        let hydra = builder.max_response_body(1 << 20).build().unwrap();
        let outcome = tokio::time::timeout(Duration::from_secs(30), hydra.get_o_auth2_client("c1")).await;
        let err = outcome.expect("reading stops at the limit").unwrap_err();
        assert!(err.is_body_too_large() && err.is_transport(), "{err:?}");
        assert_eq!(err.body_limit(), Some(1 << 20));
        assert!(err.to_string().contains("limit of 1048576 bytes"), "{err}");
    }
}

#[tokio::test]
async fn an_answer_over_the_default_limit_is_refused() {
    // 17 MiB of blanks and then a client: valid JSON, but longer than the default 16 MiB.
    let addr = net::raw_server(|tcp| chunked(tcp, &BLANKS, Some(17 * 16), CLIENT_JSON.as_bytes())).await;
    for builder in builders(&format!("http://{addr}")) {
        let err = builder.build().unwrap().get_o_auth2_client("c1").await.unwrap_err();
        assert!(err.is_body_too_large(), "{err:?}");
        assert_eq!(err.body_limit(), Some(ClientBuilder::DEFAULT_MAX_RESPONSE_BODY));
    }
    // Under the limit, the same kind of answer is read.
    let addr = net::raw_server(|tcp| chunked(tcp, &BLANKS, Some(15 * 16), CLIENT_JSON.as_bytes())).await;
    for builder in builders(&format!("http://{addr}")) {
        let got = builder.build().unwrap().get_o_auth2_client("c1").await.unwrap();
        assert_eq!(got.client_id, "c1");
    }
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let addr = net::raw_server(|mut tcp| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{";
        let _ = tcp.write_all(head.as_bytes()).await;
        // Then nothing: a client that waited for the gigabyte would wait for ever.
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    for builder in builders(&format!("http://{addr}")) {
        let call = builder.timeout(None).build().unwrap();
        let outcome = tokio::time::timeout(Duration::from_secs(20), call.get_o_auth2_client("c1")).await;
        let err = outcome.expect("refused at once").unwrap_err();
        assert!(err.is_body_too_large(), "{err:?}");
    }
}

#[tokio::test]
async fn a_server_dripping_its_answer_runs_into_the_time_limit() {
    let addr = net::raw_server(|mut tcp| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
        let _ = tcp.write_all(head.as_bytes()).await;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if tcp.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    for builder in builders(&format!("http://{addr}")) {
        let hydra = builder.timeout(Duration::from_millis(500)).build().unwrap();
        let outcome = tokio::time::timeout(Duration::from_secs(20), hydra.get_o_auth2_client("c1")).await;
        let err = outcome.expect("the client's own limit ends the call").unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
    }
}

/// An error and its whole source chain, in `Display` and in `Debug`.
fn printed(err: &ory_hydra_v1_client::Error) -> String {
    let mut text = format!("{err:?} {err}");
    let mut next = std::error::Error::source(err);
    while let Some(cause) = next {
        text.push_str(&format!(" {cause} {cause:?}"));
        next = cause.source();
    }
    text
}

#[tokio::test]
async fn transport_errors_do_not_print_the_query() {
    // Refused connections and timeouts, on both transports: reqwest's errors quoted the whole URL.
    let refused = format!("http://127.0.0.1:{}", net::free_port());
    let silent = net::raw_server(|_tcp| tokio::time::sleep(Duration::from_secs(60))).await;
    for base in [refused, format!("http://{silent}")] {
        for builder in builders(&base) {
            let hydra = builder.timeout(Duration::from_millis(300)).build().unwrap();
            let err = hydra.get_login_request("challenge-secret-1").await.unwrap_err();
            assert!(err.is_transport(), "{err:?}");
            let text = printed(&err);
            assert!(!text.contains("challenge-secret-1"), "{text}");
        }
    }
}

#[tokio::test]
async fn a_redirect_following_reqwest_client_is_refused_so_no_secret_reaches_another_port() {
    // Issue 24: reqwest followed a 307 to another port with the gateway key, the create-client body with
    // its client_secret and the token form with client_secret and refresh_token.
    let (elsewhere, seen) = net::scripted(0, vec![net::Reply(200, None, CLIENT_JSON)]).await;
    let trap = net::redirecting(format!("http://{elsewhere}/stolen")).await;
    let base = format!("http://{trap}");
    let configured = || {
        Client::builder(&base).public_url(&base).basic_auth("admin", Some("pw")).default_header("X-Gateway-Key", "gw-1")
    };
    let followers = [
        reqwest::Client::new(),
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(2)).build().unwrap(),
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::custom(|a| a.follow())).build().unwrap(),
    ];
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (i, http) in followers.into_iter().chain([no_redirects]).enumerate() {
        match configured().http_client(http).build() {
            Err(err) => assert!(err.is_invalid_input() && err.to_string().contains("follows redirects"), "{err}"),
            Ok(hydra) => {
                let mut secretive = OAuth2Client::new();
                secretive.client_secret = Some("body-secret".into());
                let created = hydra.create_o_auth2_client(&secretive).await;
                let params = Oauth2TokenParams::default().refresh_token("refresh-secret");
                let credentials = ClientCredentials::post("cid", "form-secret");
                let token = hydra.oauth2_token(&credentials, GrantType::RefreshToken, params).await;
                if i == 3 {
                    // The one that does not follow: the 307 is the answer.
                    assert_eq!(created.unwrap_err().status().map(|s| s.as_u16()), Some(307));
                    assert_eq!(token.unwrap_err().status().map(|s| s.as_u16()), Some(307));
                }
            }
        }
    }
    assert_eq!(seen.requests(), 0, "a request was carried to the other port");
}
