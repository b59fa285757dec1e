//! The built-in stack through a real (test-made) HTTP proxy: plain requests forwarded, https through a
//! CONNECT tunnel to a TLS server, proxy credentials sent and never printed. Proxies named in environment
//! variables are tested in `transport_proxy_env.rs`, a binary of its own.

mod net;

use httpmock::MockServer;
use net::{proxy, server_config, tls_server, Ca, CLIENT_JSON};
use ory_hydra_v1_client::Client;

#[tokio::test]
async fn plain_http_is_forwarded_by_the_proxy() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method("GET").path("/clients/c1");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let (proxy_addr, log) = proxy(None).await;
    let hydra = Client::builder(server.base_url()).proxy(format!("http://{proxy_addr}")).build().unwrap();
    for _ in 0..3 {
        assert_eq!(hydra.get_o_auth2_client("c1").await.unwrap().client_id, "c1");
    }
    assert_eq!((log.forwarded(), log.tunnels()), (3, 0));
    mock.assert_calls_async(3).await;
    // The proxy was sent the absolute form of the URL.
    assert_eq!(log.seen()[0].0, format!("{}/clients/c1", server.base_url()));
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_to_the_tls_server() {
    let ca = Ca::new("test CA");
    let (tls_addr, counts) = tls_server(server_config(&ca.leaf(&["localhost"]), None)).await;
    let (proxy_addr, log) = proxy(None).await;
    let hydra = Client::builder(format!("https://localhost:{}", tls_addr.port()))
        .proxy(format!("http://{proxy_addr}"))
        .add_root_certificate_pem(ca.pem())
        .build()
        .unwrap();
    for _ in 0..3 {
        hydra.get_o_auth2_client("c1").await.unwrap();
    }
    // One tunnel, reused by the pooled connection; the proxy saw none of the requests themselves.
    assert_eq!((log.tunnels(), log.forwarded()), (1, 0));
    assert_eq!(counts.requests(), 3);
    assert_eq!(log.seen()[0].0, format!("localhost:{}", tls_addr.port()));
}

#[tokio::test]
async fn proxy_credentials_are_sent_and_never_printed() {
    const AUTH: &str = "Basic dXNlcjpwcm94eS1wYXNzd29yZA=="; // user:proxy-password
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let (proxy_addr, log) = proxy(Some(AUTH)).await;
    let url = format!("http://user:proxy-password@{proxy_addr}");
    let builder = Client::builder(server.base_url()).proxy(url.clone());
    let hydra = builder.clone().build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(log.seen()[0].1.as_deref(), Some(AUTH));

    // Through a tunnel, too.
    let ca = Ca::new("test CA");
    let (tls_addr, _) = tls_server(server_config(&ca.leaf(&["localhost"]), None)).await;
    let tls = Client::builder(format!("https://localhost:{}", tls_addr.port()))
        .proxy(url.clone())
        .add_root_certificate_pem(ca.pem())
        .build()
        .unwrap();
    tls.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(log.seen().last().unwrap().1.as_deref(), Some(AUTH));

    for printed in [format!("{builder:?}"), format!("{hydra:?}"), format!("{tls:?}")] {
        assert!(!printed.contains("proxy-password") && !printed.contains("dXNlcjpwcm94eS1wYXNzd29yZA"), "{printed}");
    }
    assert!(format!("{hydra:?}").contains(&proxy_addr.to_string()), "{hydra:?}");

    // Wrong credentials, a dead proxy, and a URL that does not parse: no error shows the password.
    let wrong =
        Client::builder(server.base_url()).proxy(format!("http://user:wrong-secret@{proxy_addr}")).build().unwrap();
    let err = wrong.get_o_auth2_client("c1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(407), "{err:?}");
    assert!(err.is_proxy());
    let dead = Client::builder(server.base_url()).proxy("http://user:dead-secret@127.0.0.1:9").build().unwrap();
    let err_dead = dead.get_o_auth2_client("c1").await.unwrap_err();
    assert!(err_dead.is_transport() && err_dead.is_proxy() && err_dead.is_connect(), "{err_dead:?}");
    let err_tunnel = Client::builder(format!("https://localhost:{}", tls_addr.port()))
        .proxy(format!("http://user:wrong-secret@{proxy_addr}"))
        .add_root_certificate_pem(ca.pem())
        .build()
        .unwrap()
        .get_o_auth2_client("c1")
        .await
        .unwrap_err();
    assert!(err_tunnel.is_transport() && err_tunnel.is_proxy() && !err_tunnel.is_tls(), "{err_tunnel:?}");
    let err_parse = Client::builder(server.base_url()).proxy("http://user:parse-secret@[bad").build().unwrap_err();
    let err_scheme = Client::builder(server.base_url()).proxy("socks5://user:scheme-secret@h:1").build().unwrap_err();
    for e in [&err, &err_dead, &err_tunnel, &err_parse, &err_scheme] {
        let text = format!("{e} {e:?} {}", chain(e));
        assert!(!text.contains("secret"), "{text}");
    }
}

#[tokio::test]
async fn no_proxy_connects_directly() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let (proxy_addr, log) = proxy(None).await;
    let hydra = Client::builder(server.base_url()).proxy(format!("http://{proxy_addr}")).no_proxy().build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(log.seen().len(), 0);
}

fn chain(err: &dyn std::error::Error) -> String {
    let mut text = String::new();
    let mut source = err.source();
    while let Some(e) = source {
        text.push_str(&format!(" <- {e} / {e:?}"));
        source = e.source();
    }
    text
}
