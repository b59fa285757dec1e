//! The TCP side of the built-in stack: straight to the server, to an HTTP proxy that forwards plain
//! requests, or through a proxy's CONNECT tunnel (which the TLS layer then runs over).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::BoxError;

/// Where connections go. Chosen once per client from its base URL, since every request goes to that host.
#[derive(Clone)]
pub(crate) enum Route {
    /// Straight to the server.
    Direct,
    /// To this HTTP proxy, which is sent absolute-form requests (plain `http` base URLs).
    Forward(Uri),
    /// Through a CONNECT tunnel of an HTTP proxy (`https` base URLs).
    Tunnel(Tunnel<HttpConnector>),
}

/// A connector (a `tower` service from destination to connection) that follows a [`Route`].
#[derive(Clone)]
pub(crate) struct Tcp {
    pub(crate) http: HttpConnector,
    pub(crate) route: Route,
}

/// A TCP connection that remembers whether it leads to a forwarding proxy, so hyper writes absolute-form
/// request targets on it.
pub(crate) struct Conn {
    io: TokioIo<TcpStream>,
    forwarding: bool,
}

type Connecting = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

impl Service<Uri> for Tcp {
    type Response = Conn;
    type Error = BoxError;
    type Future = Connecting;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Both inner connectors are always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Connecting {
        match &mut self.route {
            Route::Direct => {
                let connecting = self.http.call(dst);
                Box::pin(async move { Ok(Conn { io: connecting.await?, forwarding: false }) })
            }
            Route::Forward(proxy) => {
                let connecting = self.http.call(proxy.clone());
                Box::pin(async move {
                    let io = connecting.await.map_err(|e| ProxyFailed(Box::new(e)))?;
                    Ok(Conn { io, forwarding: true })
                })
            }
            Route::Tunnel(tunnel) => {
                let connecting = tunnel.call(dst);
                Box::pin(async move {
                    let io = connecting.await.map_err(|e| ProxyFailed(Box::new(e)))?;
                    Ok(Conn { io, forwarding: false })
                })
            }
        }
    }
}

/// Reaching the proxy, or its CONNECT tunnel, failed; the cause says how.
#[derive(Debug)]
pub(crate) struct ProxyFailed(BoxError);

impl std::fmt::Display for ProxyFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot connect through the proxy")
    }
}

impl std::error::Error for ProxyFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarding)
    }
}

impl Read for Conn {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}
