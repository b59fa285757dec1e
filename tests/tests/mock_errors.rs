//! Error paths against httpmock: API errors, decode errors, timeouts, transport and invalid input.

mod common;

use std::time::Duration;

use common::client;
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    AcceptLoginRequest, Error, ErrorKind, ListOAuth2ClientsParams, OAuth2Client, RejectRequest, StatusCode,
};
use serde_json::json;

fn decode_error(err: &Error) -> &ory_hydra_v1_client::DecodeError {
    err.decode().unwrap_or_else(|| panic!("expected a decode error, got {err:?}"))
}

#[tokio::test]
async fn not_found_with_a_hydra_error_body_is_an_api_error_with_the_parsed_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/missing");
            then.status(404).header("content-type", "application/json").json_body(json!({
                "error": "Unable to locate the resource",
                "error_description": "The requested OAuth 2.0 client does not exist.",
                "status_code": 404,
                "debug": "sql: no rows in result set"
            }));
        })
        .await;
    let err = client(&server).get_o_auth2_client("missing").await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.kind(), ErrorKind::Api);
    assert!(err.is_api() && err.is_not_found(), "{err:?}");
    assert!(!err.is_conflict() && !err.is_already_handled() && !err.is_timeout() && !err.is_decode());
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.redirect_to(), None);
    let api = err.api().expect("api error");
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.operation, "get_o_auth2_client");
    let e = api.error.as_ref().expect("parsed GenericError");
    assert_eq!(e.error, "Unable to locate the resource");
    assert_eq!(e.error_description.as_deref(), Some("The requested OAuth 2.0 client does not exist."));
    assert_eq!(e.status_code, Some(404));
    assert_eq!(e.debug.as_deref(), Some("sql: no rows in result set"));
    assert_eq!(api.message(), Some("The requested OAuth 2.0 client does not exist."));
    assert!(api.body.contains("Unable to locate the resource"));
    let shown = err.to_string();
    assert!(shown.contains("404") && shown.contains("Unable to locate the resource"), "{shown}");
}

#[tokio::test]
async fn not_found_on_a_unit_operation_is_an_error_too() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/keys/s/k");
            then.status(404).json_body(json!({"error": "Not Found", "status_code": 404}));
        })
        .await;
    let err = client(&server).delete_json_web_key("s", "k").await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.api().unwrap().message(), Some("Not Found"));
}

#[tokio::test]
async fn server_error_with_an_html_body_keeps_the_raw_text() {
    let server = MockServer::start_async().await;
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x");
            then.status(500).header("content-type", "text/html").body(html);
        })
        .await;
    let err = client(&server).get_o_auth2_client("x").await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(!err.is_not_found());
    let api = err.api().unwrap();
    assert!(api.error.is_none(), "{:?}", api.error);
    assert!(api.completed.is_none());
    assert_eq!(api.body, html);
    assert_eq!(api.message(), None);
    assert!(err.to_string().contains("nginx"), "{err}");
}

#[tokio::test]
async fn herodot_nested_error_body_is_parsed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/clients");
            then.status(400).json_body(json!({"error": {
                "code": 400, "status": "Bad Request", "message": "redirect_uris is invalid", "reason": "bad uri"
            }}));
        })
        .await;
    let err = client(&server).create_o_auth2_client(&OAuth2Client::new()).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let e = err.api().unwrap().error.as_ref().expect("nested error parsed");
    assert_eq!(e.error, "Bad Request");
    assert_eq!(e.error_description.as_deref(), Some("redirect_uris is invalid"));
    assert_eq!(e.status_code, Some(400));
}

#[tokio::test]
async fn invalid_json_on_200_is_a_decode_error_with_the_body() {
    let server = MockServer::start_async().await;
    let body = r#"{"client_id": "x", "client_name": "#;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x");
            then.status(200).header("content-type", "application/json").body(body);
        })
        .await;
    let err = client(&server).get_o_auth2_client("x").await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert!(err.api().is_none());
    let d = decode_error(&err);
    assert_eq!(d.operation, "get_o_auth2_client");
    assert_eq!(d.body, body);
    assert!(matches!(d.source, ory_hydra_v1_client::DecodeSource::Json(_)), "{:?}", d.source);
    let shown = err.to_string();
    assert!(shown.contains(r#"{"client_id": "x""#), "display shows a body excerpt: {shown}");
}

#[tokio::test]
async fn a_wrong_typed_field_is_a_decode_error_whose_path_names_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x");
            then.status(200).json_body(json!({"client_id": "x", "client_name": "n", "redirect_uris": 5}));
        })
        .await;
    let err = client(&server).get_o_auth2_client("x").await.unwrap_err();
    mock.assert_async().await;
    let d = decode_error(&err);
    assert_eq!(d.path, "redirect_uris");
    assert!(d.body.contains("\"redirect_uris\":5"), "{}", d.body);
    assert!(err.to_string().contains("redirect_uris"), "{err}");
}

#[tokio::test]
async fn a_wrong_typed_nested_field_has_the_full_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth/requests/login");
            then.status(200).json_body(json!({
                "challenge": "c",
                "client": {"client_id": "x", "redirect_uris": ["ok", 7]}
            }));
        })
        .await;
    let err = client(&server).get_login_request("c").await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(decode_error(&err).path, "client.redirect_uris[1]");
}

#[tokio::test]
async fn a_wrong_typed_field_in_a_page_has_the_item_index_in_its_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.status(200).json_body(json!([{"client_id": "a"}, {"client_id": "b", "created_at": "yesterday"}]));
        })
        .await;
    let err = client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default()).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(decode_error(&err).path, "[1].created_at");
}

#[tokio::test]
async fn an_empty_body_on_a_json_operation_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/version");
            then.status(200);
        })
        .await;
    let err = client(&server).get_version().await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(decode_error(&err).body, "");
}

#[tokio::test]
async fn a_204_on_a_json_operation_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/login/accept");
            then.status(204);
        })
        .await;
    let err = client(&server).accept_login_request("c", &AcceptLoginRequest::new("u")).await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::NO_CONTENT));
}

#[tokio::test]
async fn conflict_with_redirect_to_is_already_handled() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/login/accept").query_param("login_challenge", "used");
            then.status(409).json_body(json!({"redirect_to": "https://hydra/oauth2/auth?login_verifier=old"}));
        })
        .await;
    let err = client(&server).accept_login_request("used", &AcceptLoginRequest::new("u")).await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.kind(), ErrorKind::Api);
    assert!(err.is_conflict() && err.is_already_handled(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    assert_eq!(err.redirect_to(), Some("https://hydra/oauth2/auth?login_verifier=old"));
}

#[tokio::test]
async fn conflict_with_a_hydra_error_body_is_already_handled_without_redirect() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/consent/reject");
            then.status(409).json_body(json!({
                "error": "The request could not be completed due to a conflict",
                "error_description": "The consent request was already handled",
                "status_code": 409
            }));
        })
        .await;
    let err = client(&server).reject_consent_request("cc", &RejectRequest::new()).await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_already_handled() && err.is_conflict());
    assert_eq!(err.redirect_to(), None);
    assert_eq!(err.api().unwrap().message(), Some("The consent request was already handled"));
}

#[tokio::test]
async fn an_error_document_followed_by_a_redirect_document_gives_both() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/login/reject");
            then.status(409).body(
                "{\"error\":\"Conflict\",\"error_description\":\"already handled\",\"status_code\":409}\n\
                 {\"redirect_to\":\"https://hydra/next\"}",
            );
        })
        .await;
    let err = client(&server).reject_login_request("c", &RejectRequest::new()).await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_already_handled());
    assert_eq!(err.api().unwrap().message(), Some("already handled"));
    assert_eq!(err.redirect_to(), Some("https://hydra/next"));
}

#[tokio::test]
async fn gone_with_redirect_to_is_an_error_not_a_completed_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/consent/accept").query_param("consent_challenge", "used");
            then.status(410).json_body(json!({"redirect_to": "https://client/cb?code=already"}));
        })
        .await;
    let result =
        client(&server).accept_consent_request("used", &ory_hydra_v1_client::AcceptConsentRequest::new()).await;
    mock.assert_async().await;
    let err = match result {
        Ok(done) => panic!("410 decoded as success: {done:?}"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status(), Some(StatusCode::GONE));
    assert!(err.is_already_handled(), "{err:?}");
    assert!(!err.is_conflict());
    assert_eq!(err.redirect_to(), Some("https://client/cb?code=already"));
    let api = err.api().unwrap();
    assert!(api.error.is_none());
    assert_eq!(api.completed.as_ref().map(|c| c.redirect_to.as_str()), Some("https://client/cb?code=already"));
    // The message names the target but not its query, which carries the code (issue 24).
    assert!(err.to_string().contains("https://client/cb (query not shown)"), "{err}");
    assert!(!err.to_string().contains("already") && !format!("{err:?}").contains("already"), "{err:?}");
}

#[tokio::test]
async fn gone_on_logout_accept_is_already_handled() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/logout/accept");
            then.status(410).json_body(json!({"redirect_to": "https://app/bye"}));
        })
        .await;
    let err = client(&server).accept_logout_request("lo").await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_already_handled());
    assert_eq!(err.redirect_to(), Some("https://app/bye"));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/health/alive");
            then.status(200).json_body(json!({"status": "ok"})).delay(Duration::from_secs(3));
        })
        .await;
    let c = common::builder(server.base_url()).timeout(Duration::from_millis(200)).build().unwrap();
    let started = std::time::Instant::now();
    let err = c.is_instance_alive().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.is_transport());
    assert_eq!(err.status(), None);
    mock.assert_async().await; // the request did reach the server
}

#[tokio::test]
async fn a_slow_answer_times_out_with_a_custom_http_client() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/version");
            then.status(200).json_body(json!({"version": "v1"})).delay(Duration::from_secs(3));
        })
        .await;
    let c = common::builder(server.base_url())
        .http_client(common::reqwest_client())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = c.get_version().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind a port, then free it, so nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = common::new_client(&format!("http://127.0.0.1:{port}")).unwrap();
    let err = c.get_version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(err.is_transport() && !err.is_timeout());
    assert_eq!(err.status(), None);
    assert_eq!(err.operation_name(), Some("get_version"));
    assert!(err.is_connect(), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());

    let items: Vec<_> =
        futures::StreamExt::collect::<Vec<_>>(c.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default())).await;
    assert_eq!(items.len(), 1, "the stream yields the error once and ends");
    assert_eq!(items[0].as_ref().unwrap_err().kind(), ErrorKind::Transport);
}

#[test]
fn bad_base_urls_are_invalid_input() {
    for bad in [
        "",
        "not a url",
        "localhost:4445",
        "ftp://example.com",
        "http://example.com/?x=1",
        "http://example.com/#frag",
        "http://user:pass@example.com/",
        "file:///tmp/x",
    ] {
        let err = common::new_client(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}: {err:?}");
        assert!(err.is_invalid_input());
        assert_eq!(err.status(), None);
    }
    let err = common::new_client("http://user:pass@example.com/").unwrap_err();
    assert!(!err.to_string().contains("pass"), "credentials must not be echoed: {err}");
}

#[test]
fn invalid_header_names_and_values_are_invalid_input() {
    let err = common::builder("http://h").default_header("bad header", "v").build().unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    let err = common::builder("http://h").default_header("X-Ok", "line\nbreak-secret").build().unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("break-secret"), "header values are not shown: {err:?}");
    let err = common::builder("http://h").bearer_token("tok\r\nX-Evil: 1").build().unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_without_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"keys": []}));
        })
        .await;
    let c = client(&server);
    for id in [".", "..", ""] {
        let err = c.get_o_auth2_client(id).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id:?}: {err:?}");
        let err = c.delete_o_auth2_client(id).await.unwrap_err();
        assert!(err.is_invalid_input(), "{id:?}: {err:?}");
        let err = c.update_o_auth2_client(id, &OAuth2Client::new()).await.unwrap_err();
        assert!(err.is_invalid_input(), "{id:?}: {err:?}");
        let err = c.get_json_web_key_set(id).await.unwrap_err();
        assert!(err.is_invalid_input(), "{id:?}: {err:?}");
        let err = c.get_json_web_key("set", id).await.unwrap_err();
        assert!(err.is_invalid_input(), "kid {id:?}: {err:?}");
        let err = c.delete_json_web_key(id, "kid").await.unwrap_err();
        assert!(err.is_invalid_input(), "set {id:?}: {err:?}");
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_long_undecodable_body_is_kept_whole_but_shown_as_an_excerpt() {
    let server = MockServer::start_async().await;
    let body = format!("[{}", "\"x\",".repeat(5000));
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.status(200).body(body.as_str());
        })
        .await;
    let err = client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default()).await.unwrap_err();
    mock.assert_async().await;
    let d = decode_error(&err);
    assert_eq!(d.body, body);
    assert_eq!(d.path, "[0]");
    let shown = err.to_string();
    assert!(shown.len() < 1000, "display is bounded: {} bytes", shown.len());
    assert!(shown.contains("[\"x\","), "{shown}");
}

#[tokio::test]
async fn a_long_error_body_is_kept_whole_but_shown_as_an_excerpt() {
    let server = MockServer::start_async().await;
    let body = "<p>".repeat(3000);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/version");
            then.status(503).body(body.as_str());
        })
        .await;
    let err = client(&server).get_version().await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.api().unwrap().body, body);
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(err.to_string().len() < 1000, "{}", err.to_string().len());
}

/// A one-shot raw HTTP server: reads the request head, writes `head_and_start`, waits `pause`, then
/// closes the connection. Returns its base URL.
fn raw_server(head_and_start: &'static str, pause: Duration) -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut sock, _)) = listener.accept() {
            if !read_request_head(&mut sock) {
                return;
            }
            let _ = sock.write_all(head_and_start.as_bytes());
            let _ = sock.flush();
            std::thread::sleep(pause);
        }
    });
    format!("http://{addr}")
}

/// Reads one request head (up to the blank line) from `sock`; false when the peer went away first.
fn read_request_head(sock: &mut std::net::TcpStream) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 4096];
    let mut head = Vec::new();
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    true
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_times_out() {
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"version\":",
        Duration::from_secs(3),
    );
    let c = common::builder(base).timeout(Duration::from_millis(300)).build().unwrap();
    let started = std::time::Instant::now();
    let err = c.get_version().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
}

#[tokio::test]
async fn a_body_cut_short_by_the_server_is_a_transport_error_not_a_decode_error() {
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"version\":\"v1",
        Duration::from_millis(50),
    );
    let err = common::new_client(&base).unwrap().get_version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
}

#[tokio::test]
async fn an_https_base_url_speaks_tls_and_a_plain_http_server_fails_the_handshake() {
    // The server answers the TLS ClientHello with plain HTTP, which must end the call as a transport
    // error, never be read as an answer.
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut sock, _)) = listener.accept() {
            let mut hello = [0u8; 1024];
            let _ = sock.read(&mut hello);
            let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        }
    });
    let base = format!("https://{addr}");
    let err = common::new_client(&base).unwrap().get_version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(std::error::Error::source(&err).is_some(), "{err:?}");
}

#[tokio::test]
async fn a_pooled_connection_the_server_closed_is_replaced_not_reported() {
    // Go servers close idle keep-alive connections; the next call must open a new one rather than fail.
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in 0..2 {
            let Ok((mut sock, _)) = listener.accept() else { return };
            if !read_request_head(&mut sock) {
                return;
            }
            let body = format!("{{\"version\":\"v{conn}\"}}");
            let answer = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}", body.len());
            let _ = sock.write_all(answer.as_bytes());
            // Dropping the socket closes the connection although the answer promised keep-alive.
        }
    });
    let c = common::new_client(&format!("http://{addr}")).unwrap();
    assert_eq!(c.get_version().await.unwrap().version, "v0");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(c.get_version().await.unwrap().version, "v1");
}

/// Every way a base URL can be refused, each carrying a password (and a token in the query): neither
/// may appear in the error, its chain or its `Debug`, nor in the builder's `Debug`.
#[test]
fn refused_base_urls_never_show_the_password() {
    for bad in [
        "http://admin:s3cr3t@host:4445/?t=tok3n",
        "http://admin:s3cr3t@host:4445/",
        "http://admin:s3cr3t@host:99999/",
        "http://admin:s3cr3t@host:port/",
        "ftp://admin:s3cr3t@host/",
        "mailto:admin:s3cr3t@host?t=tok3n",
        "admin:s3cr3t@host:4445",
        "http://admin:s3cr3t@/",
        "http://admin:s3cr3t@[::1/",
        "http://host/?t=tok3n&p=s3cr3t",
        "http://host/#s3cr3t",
        "https://:s3cr3t@host/",
        "http://s3cr3t@host/",
    ] {
        let builder = common::builder(bad);
        let shown_builder = format!("{builder:?}");
        let err = builder.build().unwrap_err();
        assert!(err.is_invalid_input(), "{bad}: {err:?}");
        let shown = format!("{err} | {err:?} | {} | {shown_builder}", common::chain(&err));
        assert!(!shown.contains("s3cr3t") && !shown.contains("tok3n"), "{bad}: {shown}");
    }
}

/// Only operations on login, consent and logout requests can answer "already handled": a 409 for a
/// duplicate client id is a conflict, nothing more.
#[tokio::test]
async fn a_conflict_outside_login_consent_and_logout_requests_is_not_already_handled() {
    let server = MockServer::start_async().await;
    let conflict = json!({"error": "Unable to insert or update resource because a resource with that value exists already",
        "status_code": 409});
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(409).json_body(conflict.clone());
        })
        .await;
    let c = client(&server);
    let err = c.create_o_auth2_client(&OAuth2Client::new().with_client_id("dup")).await.unwrap_err();
    assert!(err.is_conflict() && !err.is_already_handled(), "{err:?}");
    let err = c.update_json_web_key_set("s", &ory_hydra_v1_client::JsonWebKeySet::new()).await.unwrap_err();
    assert!(err.is_conflict() && !err.is_already_handled(), "{err:?}");
    let err = c.accept_login_request("lc", &AcceptLoginRequest::new("u")).await.unwrap_err();
    assert!(err.is_conflict() && err.is_already_handled(), "{err:?}");
    let err = c.get_logout_request("lo").await.unwrap_err();
    assert!(err.is_already_handled(), "{err:?}");
    mock.assert_calls_async(4).await;
}

/// The helpers reqwest users expect, on real answers.
#[tokio::test]
async fn unauthorized_and_server_errors_are_told_apart() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/version");
            then.status(401).body("");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/health/alive");
            then.status(503).body("<html>down</html>");
        })
        .await;
    let c = client(&server);
    let err = c.get_version().await.unwrap_err();
    assert!(err.is_unauthorized() && !err.is_server_error() && !err.is_connect(), "{err:?}");
    let err = c.is_instance_alive().await.unwrap_err();
    assert!(err.is_server_error() && !err.is_unauthorized(), "{err:?}");
}

/// `Error::from_response` gives users the error a call returns, for their own tests.
#[test]
fn users_can_build_the_error_a_call_returns() {
    let body = r#"{"error":"Not Found","error_description":"Unable to locate","status_code":404}"#;
    let err = Error::from_response("get_o_auth2_client", StatusCode::NOT_FOUND, body);
    assert!(err.is_api() && err.is_not_found() && !err.is_already_handled(), "{err:?}");
    assert_eq!(err.operation_name(), Some("get_o_auth2_client"));
    assert_eq!(err.api().and_then(|a| a.message()), Some("Unable to locate"));
    let err = Error::from_response("reject_consent_request", StatusCode::GONE, r#"{"redirect_to":"https://a/b"}"#);
    assert!(err.is_already_handled(), "{err:?}");
    assert_eq!(err.redirect_to(), Some("https://a/b"));
    let err = Error::from_response("get_version", StatusCode::INTERNAL_SERVER_ERROR, "oops");
    assert!(err.is_server_error(), "{err:?}");
}

/// Printing the whole source chain shows each fact once: a level's `Display` never repeats its cause.
#[tokio::test]
async fn no_fact_is_printed_twice_in_a_source_chain() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/clients/x");
            then.status(200).body(r#"{"client_id": 5}"#);
        })
        .await;
    let err = client(&server).get_o_auth2_client("x").await.unwrap_err();
    assert_no_repeats(&err);
    let err = common::new_client("http://h:99999/").unwrap_err();
    assert_no_repeats(&err);
    let err = common::builder("http://h").default_header("bad header", "v").build().unwrap_err();
    assert_no_repeats(&err);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = common::new_client(&format!("http://127.0.0.1:{port}")).unwrap().get_version().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_no_repeats(&err);
}

/// No level's message contains the message of the level under it.
fn assert_no_repeats(err: &Error) {
    let mut level: &dyn std::error::Error = err;
    while let Some(cause) = level.source() {
        let (outer, inner) = (level.to_string(), cause.to_string());
        assert!(!outer.contains(&inner), "`{outer}` repeats its cause `{inner}`");
        level = cause;
    }
}

/// A Hydra v2 server answers every v1-shaped Admin path with 307 to its `/admin` twin: the error keeps
/// the answer (nothing is followed) and says which client that server needs.
#[tokio::test]
async fn a_307_to_the_admin_twin_of_a_v1_path_names_the_v2_client() {
    let server = MockServer::start_async().await;
    let moved = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/c1");
            then.status(307)
                .header("location", "/admin/clients/c1")
                .body("<a href=\"/admin/clients/c1\">Temporary Redirect</a>.\n");
        })
        .await;
    let err = client(&server).get_o_auth2_client("c1").await.unwrap_err();
    moved.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    let text = err.to_string();
    assert!(text.contains("Hydra v2") && text.contains("ory-hydra-v2-client"), "{text}");

    // Any other error status says nothing of the kind.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/c1");
            then.status(404).body(r#"{"error":"Not Found"}"#);
        })
        .await;
    let text = client(&server).get_o_auth2_client("c1").await.unwrap_err().to_string();
    assert!(!text.contains("ory-hydra-v2-client"), "{text}");
}

/// A server (or a proxy in front of it) that quotes the refused token or introspection request quotes
/// its secret parameters (`code`, `code_verifier`, `assertion`, the `client_assertion` of
/// `private_key_jwt`, the introspected `token`): none of them reaches `Display` or `Debug`, in the raw
/// body or in Hydra's error description; the body itself is kept as sent.
#[tokio::test]
async fn echoed_secret_parameters_are_redacted_from_display_and_debug() {
    use ory_hydra_v1_client::{ClientCredentials, GrantType, Oauth2TokenParams};
    let echo = "refused: grant_type=authorization_code&code=CODE-SECRET&code_verifier=PKCE-SECRET\
                &assertion=JWT-SECRET&client_assertion=CA-SECRET&redirect_uri=http%3A%2F%2Frp%2Fcb";
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400).header("content-type", "text/plain").body(echo);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/introspect");
            then.status(400).json_body(json!({
                "error": "invalid_request",
                "error_description": "cannot read token=TOKEN-SECRET&scope=openid",
                "error_hint": "login_verifier=LV-SECRET consent_verifier=CV-SECRET id_token_hint=IDT-SECRET"
            }));
        })
        .await;
    let hydra = common::builder(server.base_url()).public_url(server.base_url()).build().unwrap();
    let creds = ClientCredentials::basic("rp", "rp-secret");
    let token =
        hydra.oauth2_token(&creds, GrantType::AuthorizationCode, Oauth2TokenParams::default()).await.unwrap_err();
    assert_eq!(token.api().map(|a| a.body.as_str()), Some(echo), "the body is kept as sent");
    let introspect = hydra.introspect_o_auth2_token("at", Default::default()).await.unwrap_err();
    for err in [token, introspect] {
        let printed = format!("{err} {err:?} {:?}", err.api().unwrap());
        for secret in [
            "CODE-SECRET",
            "PKCE-SECRET",
            "JWT-SECRET",
            "CA-SECRET",
            "TOKEN-SECRET",
            "LV-SECRET",
            "CV-SECRET",
            "IDT-SECRET",
        ] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
