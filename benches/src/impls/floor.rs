//! (e) The floor: what any client on tokio must spend in this harness, and nothing more. One
//! keep-alive TCP connection driven in the caller's own task (no connection task, no channel to it),
//! each request's bytes built once at start-up, the answer read until its `Content-Length` and checked
//! by looking for the expected bytes, with no HTTP parser and no JSON decoding.
//!
//! It is not a client anyone should write: it exists so that the report can show how much of each
//! call's CPU time is the round trip itself (the `write`, the wait and the `read`, with the kernel's
//! share of them), which no client can save. A ratio (e)/(b) is the lowest (a)/(b) reachable here.

use super::BenchResult;
use crate::fixtures::{self, list_item_id, PAGE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

pub struct Floor {
    conn: Mutex<Conn>,
    get: Vec<u8>,
    list: Vec<u8>,
    create: Vec<u8>,
    accept: Vec<u8>,
    introspect: Vec<u8>,
    authority: String,
}

struct Conn {
    stream: Option<TcpStream>,
    buf: Vec<u8>,
}

fn request(method: &str, target: &str, authority: &str, body: Option<(&str, Vec<u8>)>) -> Vec<u8> {
    let mut r = format!("{method} {target} HTTP/1.1\r\nhost: {authority}\r\naccept: application/json\r\n");
    let body = match body {
        Some((kind, bytes)) => {
            r.push_str(&format!("content-type: {kind}\r\ncontent-length: {}\r\n", bytes.len()));
            bytes
        }
        None => Vec::new(),
    };
    r.push_str("\r\n");
    let mut r = r.into_bytes();
    r.extend_from_slice(&body);
    r
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// The body's length when every needle is in it (the floors' check of a small call's answer).
pub(super) fn holds_all(body: &[u8], needles: &[&[u8]]) -> BenchResult {
    for n in needles {
        if !find(body, n) {
            return Err(format!("check failed: {} not in the answer", String::from_utf8_lossy(n)));
        }
    }
    Ok(body.len() as u64)
}

/// The floors' check of a listing page: the first and the last item's id, looked for only at the page's
/// two ends (a scan of the whole page would cost more than any client's decoding of the ids it checks).
pub(super) fn page_ends_hold(body: &[u8]) -> BenchResult {
    let (first, last) = (list_item_id(0), list_item_id(PAGE - 1));
    let head = &body[..body.len().min(4096)];
    let tail = &body[body.len().saturating_sub(4096)..];
    if find(head, first.as_bytes()) && find(tail, last.as_bytes()) {
        Ok(body.len() as u64)
    } else {
        Err("check failed: list: first/last client_id".into())
    }
}

impl Floor {
    pub fn new(base: &str) -> Floor {
        let authority = base.trim_start_matches("http://").trim_end_matches('/').to_string();
        let json = |v: serde_json::Value| Some(("application/json", serde_json::to_vec(&v).unwrap()));
        let form = format!("token={}", fixtures::TOKEN).into_bytes();
        Floor {
            get: request("GET", &format!("/clients/{}", fixtures::GET_ID), &authority, None),
            list: request("GET", &format!("/clients?limit={PAGE}&offset=0"), &authority, None),
            create: request("POST", "/clients", &authority, json(fixtures::create_request_value())),
            accept: request(
                "PUT",
                &format!("/oauth2/auth/requests/login/accept?login_challenge={}", fixtures::LOGIN_CHALLENGE),
                &authority,
                json(fixtures::accept_login_request_value()),
            ),
            introspect: request(
                "POST",
                "/oauth2/introspect",
                &authority,
                Some(("application/x-www-form-urlencoded", form)),
            ),
            conn: Mutex::new(Conn { stream: None, buf: Vec::with_capacity(1 << 20) }),
            authority,
        }
    }

    /// Sends `req` and reads one answer into the connection's buffer; returns the body's range.
    async fn round_trip(&self, req: &[u8], conn: &mut Conn) -> Result<(usize, usize), String> {
        if conn.stream.is_none() {
            let s = TcpStream::connect(&self.authority).await.map_err(|e| e.to_string())?;
            s.set_nodelay(true).map_err(|e| e.to_string())?;
            conn.stream = Some(s);
        }
        let stream = conn.stream.as_mut().expect("connected above");
        stream.write_all(req).await.map_err(|e| e.to_string())?;
        conn.buf.clear();
        let mut head_end = None;
        let mut total = usize::MAX;
        while conn.buf.len() < total {
            if conn.buf.capacity() - conn.buf.len() < 16 * 1024 {
                conn.buf.reserve(64 * 1024);
            }
            if stream.read_buf(&mut conn.buf).await.map_err(|e| e.to_string())? == 0 {
                return Err("connection closed".into());
            }
            if head_end.is_none() {
                if let Some(i) = memchr::memmem::find(&conn.buf, b"\r\n\r\n") {
                    let head = std::str::from_utf8(&conn.buf[..i]).map_err(|e| e.to_string())?;
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("Content-Length: "))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .ok_or("no Content-Length")?;
                    head_end = Some(i + 4);
                    total = i + 4 + len;
                }
            }
        }
        let start = head_end.expect("set before total");
        if !conn.buf.starts_with(b"HTTP/1.1 20") {
            return Err("not a success".into());
        }
        Ok((start, total))
    }

    async fn expect(&self, req: &[u8], needles: &[&[u8]]) -> BenchResult {
        let mut conn = self.conn.lock().await;
        let (start, end) = self.round_trip(req, &mut conn).await?;
        holds_all(&conn.buf[start..end], needles)
    }

    pub async fn get(&self) -> BenchResult {
        self.expect(&self.get, &[fixtures::GET_ID.as_bytes()]).await
    }

    pub async fn list(&self) -> BenchResult {
        let mut conn = self.conn.lock().await;
        let (start, end) = self.round_trip(&self.list, &mut conn).await?;
        page_ends_hold(&conn.buf[start..end])
    }

    pub async fn create(&self) -> BenchResult {
        self.expect(&self.create, &[fixtures::CREATED_ID.as_bytes(), fixtures::CREATED_SECRET.as_bytes()]).await
    }

    pub async fn accept(&self) -> BenchResult {
        self.expect(&self.accept, &[fixtures::REDIRECT_PREFIX.as_bytes()]).await
    }

    pub async fn introspect(&self) -> BenchResult {
        self.expect(&self.introspect, &[fixtures::LOGIN_SUBJECT.as_bytes(), fixtures::GET_ID.as_bytes()]).await
    }
}
