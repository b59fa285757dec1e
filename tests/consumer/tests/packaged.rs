//! ory-hydra-v1-client built from its packaged .crate (see `../run.sh`), against a canned HTTP server: a
//! typed call, a paginated stream and a typed error. Each needs the tables, the macro and the transport
//! from the packages.

use futures::TryStreamExt as _;
use ory_hydra_v1_client::{Client, ErrorKind, ListOAuth2ClientsParams, OAuth2Client, StatusCode};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// The answer to one request path: status line, extra headers, body.
fn answer(path: &str) -> (&'static str, String, String) {
    let client =
        |id: &str| format!(r#"{{"client_id":"{id}","client_name":"app {id}","grant_types":["client_credentials"]}}"#);
    match path {
        "/clients/c1" => ("200 OK", String::new(), client("c1")),
        "/clients?limit=2" | "/clients?limit=2&offset=0" => (
            "200 OK",
            "link: </clients?limit=2&offset=2>; rel=\"next\"\r\nx-total-count: 3\r\n".into(),
            format!("[{},{}]", client("c1"), client("c2")),
        ),
        "/clients?limit=2&offset=2" => ("200 OK", "x-total-count: 3\r\n".into(), format!("[{}]", client("c3"))),
        _ => (
            "404 Not Found",
            String::new(),
            r#"{"error":"Not Found","error_description":"no such client","status_code":404}"#.into(),
        ),
    }
}

/// A canned HTTP/1.1 server on 127.0.0.1: one request per connection, which it then closes. Written by
/// hand rather than with httpmock, so that this build holds only what the packages bring in.
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request);
                let path = text.split(' ').nth(1).unwrap_or_default().to_string();
                let (status, headers, body) = answer(&path);
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{headers}connection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    base
}

#[tokio::test]
async fn packaged_client_calls_pages_and_reports_errors() {
    let hydra = Client::builder(serve().await).build().unwrap();

    let one: OAuth2Client = hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(one.client_id, "c1");
    assert_eq!(one.client_name, "app c1");

    let all: Vec<OAuth2Client> =
        hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(2)).try_collect().await.unwrap();
    let ids: Vec<_> = all.iter().map(|c| c.client_id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);

    let missing = hydra.get_o_auth2_client("missing").await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Api);
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
    assert!(missing.is_not_found(), "{missing:?}");
}
