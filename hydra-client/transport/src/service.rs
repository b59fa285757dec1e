//! The tower seam: requests as `http::Request<Body>` handed to any tower `Service`, so a caller can put
//! a fake under the client in tests or wrap the built-in stack in layers (rate limits, metrics...).
//!
//! A service is erased into an [`HttpService`] once, when the client is built; the built-in stack
//! without layers never goes through here (see `Transport::Builtin`), so its calls pay none of the boxing.

use std::convert::Infallible;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf as _, Bytes};
use http::header::{HeaderValue, PROXY_AUTHORIZATION};
use http_body::{Frame, SizeHint};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::BodyExt as _;
use tower::util::BoxCloneSyncService;
use tower::ServiceExt as _;
use tower_service::Service;

use crate::tls::Connector;
use crate::BoxError;

/// The body of a request the client sends: always complete before the request leaves (a JSON document,
/// a form, or nothing), so a service or a test can read it at once with [`as_bytes`](Self::as_bytes).
/// As an [`http_body::Body`] it yields its bytes in one frame. `Debug` shows its length only: a body
/// may carry client secrets or tokens.
#[derive(Clone, Default)]
pub struct Body(Bytes);

impl Body {
    /// A body of these bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Body(bytes.into())
    }

    /// The whole body.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The whole body, without a copy.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the request has no body.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body").field("len", &self.0.len()).finish_non_exhaustive()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.0.is_empty() {
            return Poll::Ready(None);
        }
        Poll::Ready(Some(Ok(Frame::data(std::mem::take(&mut self.0)))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.len() as u64)
    }
}

/// The body of an answer from an [`HttpService`], whatever body type the service had.
pub type ResponseBody = UnsyncBoxBody<Bytes, BoxError>;

/// A tower `Service` of HTTP requests, erased to one type so a client can hold any of them; make one
/// with [`HttpService::new`]. Cheap to clone: each request is sent through a clone of the service, after
/// waiting until it is ready (so a concurrency or rate limit a layer imposes holds).
#[derive(Clone)]
pub struct HttpService(BoxCloneSyncService<http::Request<Body>, http::Response<ResponseBody>, BoxError>);

impl fmt::Debug for HttpService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpService")
    }
}

impl HttpService {
    /// Erases `service`. It receives every request with an absolute URI (scheme, host and port of the
    /// base URL, then the path and query), the client's headers for that side (credentials on the Admin
    /// side only), and a complete [`Body`]; it answers with any `http_body::Body`, which the client reads
    /// up to its body limit. Its errors become the call's transport errors, with the error kept as their
    /// source; an error whose source chain holds tower's `timeout::error::Elapsed` is a timeout, and
    /// one holding a connect error of hyper-util's client is a connect error (retried for every
    /// operation, since nothing was sent).
    pub fn new<S, B>(service: S) -> Self
    where
        S: Service<http::Request<Body>, Response = http::Response<B>> + Clone + Send + Sync + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let erased = service
            .map_response(|resp: http::Response<B>| {
                resp.map(|body| {
                    body.map_frame(|frame| frame.map_data(|mut data| data.copy_to_bytes(data.remaining())))
                        .map_err(Into::into)
                        .boxed_unsync()
                })
            })
            .map_err(Into::into);
        HttpService(BoxCloneSyncService::new(erased))
    }

    /// Sends `req` through a clone of the service once it is ready.
    pub(crate) async fn send(&self, req: http::Request<Body>) -> Result<http::Response<ResponseBody>, BoxError> {
        self.0.clone().oneshot(req).await
    }
}

/// What a layer given to `ClientBuilder::layer` wraps: the stack underneath, erased.
impl Service<http::Request<Body>> for HttpService {
    type Response = http::Response<ResponseBody>;
    type Error = BoxError;
    type Future = <BoxCloneSyncService<http::Request<Body>, http::Response<ResponseBody>, BoxError> as Service<
        http::Request<Body>,
    >>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        self.0.call(req)
    }
}

/// The built-in HTTP stack as a tower `Service`: hyper-util's pooled client over this crate's connector
/// (TLS and proxy settings applied), for one base URL; what a layer given to `ClientBuilder::layer`
/// wraps (erased into an [`HttpService`]) when no other stack is chosen. It sends each request to the
/// host its URI names, adding `Proxy-Authorization` for a forwarding proxy; its errors are hyper-util's
/// (`is_connect` says the connection could not be opened).
#[derive(Clone)]
pub struct BuiltinService {
    pub(crate) client: hyper_util::client::legacy::Client<Connector, Body>,
    pub(crate) proxy_auth: Option<HeaderValue>,
}

impl fmt::Debug for BuiltinService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuiltinService").finish_non_exhaustive()
    }
}

impl Service<http::Request<Body>> for BuiltinService {
    type Response = http::Response<hyper::body::Incoming>;
    type Error = hyper_util::client::legacy::Error;
    type Future = hyper_util::client::legacy::ResponseFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // hyper-util's pool takes every request at once and waits for a connection in the future.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: http::Request<Body>) -> Self::Future {
        if let Some(auth) = &self.proxy_auth {
            req.headers_mut().entry(PROXY_AUTHORIZATION).or_insert_with(|| auth.clone());
        }
        self.client.request(req)
    }
}

/// A caller's `reqwest::Client` as a tower `Service`: what a layer given to `ClientBuilder::layer` wraps
/// (erased into an [`HttpService`]) when the client was given one with `ClientBuilder::http_client`.
/// Its errors are reqwest's, without the URL (whose query may hold challenges or verifiers).
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
#[derive(Clone, Debug)]
pub struct ReqwestService(pub reqwest::Client);

#[cfg(feature = "reqwest")]
impl Service<http::Request<Body>> for ReqwestService {
    type Response = http::Response<reqwest::Body>;
    type Error = reqwest::Error;
    type Future = Pin<Box<dyn std::future::Future<Output = Result<Self::Response, reqwest::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), reqwest::Error>> {
        // reqwest's pool takes every request at once.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let client = self.0.clone();
        Box::pin(async move {
            let req = reqwest::Request::try_from(req.map(|body| reqwest::Body::from(body.into_bytes())))
                .map_err(reqwest::Error::without_url)?;
            let resp = client.execute(req).await.map_err(reqwest::Error::without_url)?;
            Ok(http::Response::from(resp))
        })
    }
}

/// Whether `err` (or an error in its source chain) says a time limit below the client passed: a tower
/// `timeout` layer's, or a `reqwest::Client`'s own.
pub(crate) fn is_elapsed(err: &(dyn std::error::Error + 'static)) -> bool {
    crate::chain(err).any(|e| {
        #[cfg(feature = "reqwest")]
        if e.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_timeout) {
            return true;
        }
        e.is::<tower::timeout::error::Elapsed>()
    })
}

/// Whether `err` (or an error in its source chain) says the connection could not be opened, as
/// hyper-util's client or reqwest reports it.
pub(crate) fn is_connect(err: &(dyn std::error::Error + 'static)) -> bool {
    crate::chain(err).any(|e| {
        #[cfg(feature = "reqwest")]
        if e.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect) {
            return true;
        }
        e.downcast_ref::<hyper_util::client::legacy::Error>().is_some_and(|h| h.is_connect())
    })
}
