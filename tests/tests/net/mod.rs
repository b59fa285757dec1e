//! A TLS server, an HTTP proxy and certificates of the tests' own, for the transport suites
//! (`transport_*.rs`). Everything listens on 127.0.0.1.
#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};

/// The body every test server answers with: an OAuth2 client, as `get_o_auth2_client` expects.
pub const CLIENT_JSON: &str = r#"{"client_id":"c1"}"#;

/// A certificate authority generated for one test.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A certificate and its key, as PEM and as rustls wants them.
pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    pub cert: CertificateDer<'static>,
    pub key: PrivateKeyDer<'static>,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Ca { issuer }
    }

    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    pub fn der(&self) -> CertificateDer<'static> {
        self.issuer.der().clone()
    }

    /// A certificate for `names` (DNS names or IP addresses) signed by this CA.
    pub fn leaf(&self, names: &[&str]) -> Leaf {
        let mut params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
        params.extended_key_usages =
            vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth, rcgen::ExtendedKeyUsagePurpose::ClientAuth];
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.issuer).unwrap();
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            cert: cert.der().clone(),
            key: PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        }
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// A rustls server configuration for `leaf`, asking for a client certificate signed by `client_ca` when
/// there is one.
pub fn server_config(leaf: &Leaf, client_ca: Option<&Ca>) -> rustls::ServerConfig {
    let builder =
        rustls::ServerConfig::builder_with_provider(provider()).with_safe_default_protocol_versions().unwrap();
    let builder = match client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(ca.der()).unwrap();
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .unwrap();
            builder.with_client_cert_verifier(verifier)
        }
    };
    builder.with_single_cert(vec![leaf.cert.clone()], leaf.key.clone_key()).unwrap()
}

/// What a test server saw.
#[derive(Default)]
pub struct Counts {
    /// Requests answered (after a completed handshake, for TLS).
    pub requests: AtomicUsize,
    /// TLS handshakes that failed.
    pub failed_handshakes: AtomicUsize,
}

impl Counts {
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
    /// Failed handshakes, once the server has seen `expected` of them (or after two seconds): the
    /// client can report its failure before the server's task records it.
    pub async fn failed_handshakes(&self, expected: usize) -> usize {
        for _ in 0..200 {
            if self.failed_handshakes.load(Ordering::SeqCst) >= expected {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        self.failed_handshakes.load(Ordering::SeqCst)
    }
}

async fn answer(counts: Arc<Counts>, _req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    counts.requests.fetch_add(1, Ordering::SeqCst);
    let mut resp = Response::new(Full::new(Bytes::from_static(CLIENT_JSON.as_bytes())));
    resp.headers_mut().insert("content-type", "application/json".parse().unwrap());
    Ok(resp)
}

/// An HTTPS server on 127.0.0.1 answering every request with [`CLIENT_JSON`].
pub async fn tls_server(config: rustls::ServerConfig) -> (SocketAddr, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counts = Arc::new(Counts::default());
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let c = counts.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let (acceptor, counts) = (acceptor.clone(), c.clone());
            tokio::spawn(async move {
                let tls = match acceptor.accept(tcp).await {
                    Ok(tls) => tls,
                    Err(_) => {
                        counts.failed_handshakes.fetch_add(1, Ordering::SeqCst);
                        return;
                    }
                };
                let service = service_fn(move |req| answer(counts.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    (addr, counts)
}

/// What the proxy saw.
#[derive(Default)]
pub struct ProxyLog {
    /// Absolute-form requests it forwarded.
    pub forwarded: AtomicUsize,
    /// CONNECT tunnels it opened.
    pub tunnels: AtomicUsize,
    /// Every request target and `Proxy-Authorization` value, in order.
    pub seen: Mutex<Vec<(String, Option<String>)>>,
}

impl ProxyLog {
    pub fn forwarded(&self) -> usize {
        self.forwarded.load(Ordering::SeqCst)
    }
    pub fn tunnels(&self) -> usize {
        self.tunnels.load(Ordering::SeqCst)
    }
    pub fn seen(&self) -> Vec<(String, Option<String>)> {
        self.seen.lock().unwrap().clone()
    }
}

/// A small HTTP proxy on 127.0.0.1: forwards absolute-form requests and opens CONNECT tunnels, counting
/// both. Answers 407 when `required_auth` is set and a request lacks that `Proxy-Authorization` value.
pub async fn proxy(required_auth: Option<&'static str>) -> (SocketAddr, Arc<ProxyLog>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log = Arc::new(ProxyLog::default());
    let l = log.clone();
    tokio::spawn(async move {
        let upstream = hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http::<Incoming>();
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let (log, upstream) = (l.clone(), upstream.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req| relay(log.clone(), upstream.clone(), required_auth, req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .with_upgrades()
                    .await;
            });
        }
    });
    (addr, log)
}

type Upstream = hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Incoming>;

async fn relay(
    log: Arc<ProxyLog>,
    upstream: Upstream,
    required_auth: Option<&'static str>,
    mut req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let auth = req.headers().get("proxy-authorization").map(|v| v.to_str().unwrap().to_string());
    log.seen.lock().unwrap().push((req.uri().to_string(), auth.clone()));
    let status = |s: StatusCode| {
        let mut r = Response::new(Full::new(Bytes::new()));
        *r.status_mut() = s;
        Ok(r)
    };
    if required_auth.is_some() && auth.as_deref() != required_auth {
        return status(StatusCode::PROXY_AUTHENTICATION_REQUIRED);
    }
    if req.method() == Method::CONNECT {
        log.tunnels.fetch_add(1, Ordering::SeqCst);
        let target = req.uri().authority().unwrap().to_string();
        tokio::spawn(async move {
            let upgraded = hyper::upgrade::on(&mut req).await.unwrap();
            let mut server = TcpStream::connect(target).await.unwrap();
            let _ = tokio::io::copy_bidirectional(&mut TokioIo::new(upgraded), &mut server).await;
        });
        return status(StatusCode::OK);
    }
    if req.uri().scheme().is_none() {
        // Not absolute-form: this request was meant for a server, not a proxy.
        return status(StatusCode::BAD_REQUEST);
    }
    log.forwarded.fetch_add(1, Ordering::SeqCst);
    req.headers_mut().remove("proxy-authorization");
    let resp = upstream.request(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Ok(Response::from_parts(parts, Full::new(body)))
}

/// One scripted answer: status, `Retry-After` value, body.
#[derive(Clone)]
pub struct Reply(pub u16, pub Option<&'static str>, pub &'static str);

/// A plain HTTP server on 127.0.0.1 (or on `port`) giving `replies` in order, then the last one for
/// ever; counts requests.
pub async fn scripted(port: u16, replies: Vec<Reply>) -> (SocketAddr, Arc<Counts>) {
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    let replies = Arc::new(replies);
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let (counts, replies) = (c.clone(), replies.clone());
            tokio::spawn(async move {
                let service = service_fn(move |_req: Request<Incoming>| {
                    let n = counts.requests.fetch_add(1, Ordering::SeqCst);
                    let Reply(status, retry_after, body) = replies[n.min(replies.len() - 1)].clone();
                    let mut resp = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
                    *resp.status_mut() = StatusCode::from_u16(status).unwrap();
                    resp.headers_mut().insert("content-type", "application/json".parse().unwrap());
                    if let Some(v) = retry_after {
                        resp.headers_mut().insert("retry-after", v.parse().unwrap());
                    }
                    async move { Ok::<_, Infallible>(resp) }
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tcp), service).await;
            });
        }
    });
    (addr, counts)
}

/// A port on 127.0.0.1 that nothing listens on (for now).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server on 127.0.0.1 that reads each request's head and then hands the connection to `answer`,
/// which writes whatever bytes it likes (endless bodies, a byte at a time...).
pub async fn raw_server<F, Fut>(answer: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        loop {
            let Ok((mut tcp, _)) = listener.accept().await else { return };
            let answer = answer.clone();
            tokio::spawn(async move {
                if read_head(&mut tcp).await.is_some() {
                    answer(tcp).await;
                }
            });
        }
    });
    addr
}

/// The request head (request line and headers), read up to the blank line that ends it.
pub async fn read_head(tcp: &mut TcpStream) -> Option<String> {
    use tokio::io::AsyncReadExt as _;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if tcp.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A server on 127.0.0.1 answering every request with `307 Temporary Redirect` to `location` (a 307
/// asks the client to send the same method and body again).
pub async fn redirecting(location: String) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let location = location.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let location = location.clone();
                    async move {
                        // Read the body, so the client sees the answer rather than a reset.
                        let _ = req.into_body().collect().await;
                        let mut resp = Response::new(Full::new(Bytes::new()));
                        *resp.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                        resp.headers_mut().insert("location", location.parse().unwrap());
                        Ok::<_, Infallible>(resp)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tcp), service).await;
            });
        }
    });
    addr
}
