//! Connection knobs of the built-in stack against real servers: HTTP/2 offered over TLS by ALPN, and
//! the pool's idle-connection limits seen as the connections a server accepts.

mod net;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, Version};
use hyper_util::rt::{TokioExecutor, TokioIo};
use net::{server_config, Ca, CLIENT_JSON};
use ory_hydra_v1_client::Client;
use tokio::net::TcpListener;

/// What a server saw: the HTTP version of every request and how many connections it accepted.
#[derive(Default)]
struct Seen {
    versions: Mutex<Vec<Version>>,
    connections: AtomicUsize,
}

fn answer(
    seen: Arc<Seen>,
) -> impl Fn(Request<Incoming>) -> std::future::Ready<Result<Response<Full<Bytes>>, Infallible>> + Clone {
    move |req| {
        seen.versions.lock().unwrap().push(req.version());
        let mut resp = Response::new(Full::new(Bytes::from_static(CLIENT_JSON.as_bytes())));
        resp.headers_mut().insert("content-type", "application/json".parse().unwrap());
        std::future::ready(Ok(resp))
    }
}

/// A server speaking HTTP/1.1 and HTTP/2 (over TLS when `tls` is given, offering both by ALPN).
async fn server(tls: Option<rustls::ServerConfig>) -> (SocketAddr, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let acceptor = tls.map(|mut config| {
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        tokio_rustls::TlsAcceptor::from(Arc::new(config))
    });
    let s = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            s.connections.fetch_add(1, Ordering::SeqCst);
            let (acceptor, service) = (acceptor.clone(), service_fn(answer(s.clone())));
            tokio::spawn(async move {
                let auto = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                let _ = match acceptor {
                    Some(a) => match a.accept(tcp).await {
                        Ok(tls) => auto.serve_connection(TokioIo::new(tls), service).await,
                        Err(_) => return,
                    },
                    None => auto.serve_connection(TokioIo::new(tcp), service).await,
                };
            });
        }
    });
    (addr, seen)
}

async fn tls_client(http2: bool) -> (Client, Arc<Seen>) {
    let ca = Ca::new("connections test CA");
    let (addr, seen) = server(Some(server_config(&ca.leaf(&["localhost"]), None))).await;
    let client = Client::builder(format!("https://localhost:{}", addr.port()))
        .no_proxy()
        .add_root_certificate_pem(ca.pem())
        .tls_built_in_root_certs(false)
        .http2(http2)
        .build()
        .unwrap();
    (client, seen)
}

#[tokio::test]
async fn http2_is_spoken_over_tls_when_asked_for_and_http1_otherwise() {
    let (client, seen) = tls_client(true).await;
    for _ in 0..3 {
        assert_eq!(client.get_o_auth2_client("c1").await.unwrap().client_id, "c1");
    }
    assert_eq!(*seen.versions.lock().unwrap(), [Version::HTTP_2; 3]);
    assert_eq!(seen.connections.load(Ordering::SeqCst), 1, "HTTP/2 calls share one connection");

    let (client, seen) = tls_client(false).await;
    client.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(*seen.versions.lock().unwrap(), [Version::HTTP_11]);
}

#[tokio::test]
async fn plain_http_stays_on_http1_even_with_http2_on() {
    let (addr, seen) = server(None).await;
    let client = Client::builder(format!("http://{addr}")).no_proxy().http2(true).build().unwrap();
    client.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(*seen.versions.lock().unwrap(), [Version::HTTP_11]);
}

#[tokio::test]
async fn idle_connections_are_reused_unless_the_pool_keeps_none() {
    let (addr, seen) = server(None).await;
    let client = Client::builder(format!("http://{addr}")).no_proxy().build().unwrap();
    for _ in 0..3 {
        client.get_o_auth2_client("c1").await.unwrap();
    }
    assert_eq!(seen.connections.load(Ordering::SeqCst), 1, "the default pool reuses its connection");

    let (addr, seen) = server(None).await;
    let client = Client::builder(format!("http://{addr}")).no_proxy().pool_max_idle_per_host(0).build().unwrap();
    for _ in 0..3 {
        client.get_o_auth2_client("c1").await.unwrap();
    }
    assert_eq!(seen.connections.load(Ordering::SeqCst), 3, "no idle connection kept, so one per call");
}

#[tokio::test]
async fn an_idle_connection_past_the_pool_idle_timeout_is_not_reused() {
    let (addr, seen) = server(None).await;
    let client = Client::builder(format!("http://{addr}"))
        .no_proxy()
        .pool_idle_timeout(Duration::from_millis(20))
        .build()
        .unwrap();
    client.get_o_auth2_client("c1").await.unwrap();
    // Well past the idle limit (the margin is generous: only "after" matters, never how fast).
    tokio::time::sleep(Duration::from_millis(400)).await;
    client.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(seen.connections.load(Ordering::SeqCst), 2, "the expired idle connection was reused");
}
