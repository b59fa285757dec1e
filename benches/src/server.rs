//! The canned-response HTTP/1.1 server. It runs in its own process (the bench
//! binary re-executes itself with `--serve`), so its CPU never counts as
//! client CPU. Every response (status line, headers and body) is precomputed at
//! startup; serving one is a single `write_all`. Keep-alive is on; one thread
//! per connection, blocking I/O, TCP_NODELAY.

use crate::fixtures::*;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

const DATE: &str = "Wed, 01 Jan 2020 10:00:00 GMT";

fn response(status: &str, extra_headers: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nDate: {DATE}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in extra_headers {
        r.push_str(k);
        r.push_str(": ");
        r.push_str(v);
        r.push_str("\r\n");
    }
    r.push_str("\r\n");
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

struct Responses {
    get_client: Vec<u8>,
    create_client: Vec<u8>,
    accept_login: Vec<u8>,
    introspect: Vec<u8>,
    not_found: Vec<u8>,
    /// keyed by (limit, offset)
    pages: HashMap<(usize, usize), Vec<u8>>,
}

impl Responses {
    fn build() -> Responses {
        let mut pages = HashMap::new();
        for offset in (0..=TOTAL).step_by(PAGE) {
            let body = list_page_body(offset, PAGE);
            let link = list_link_header(offset, PAGE);
            pages.insert(
                (PAGE, offset),
                response("200 OK", &[("Link", link), ("X-Total-Count", TOTAL.to_string())], &body),
            );
        }
        Responses {
            get_client: response("200 OK", &[], &get_client_body()),
            create_client: response("201 Created", &[], &create_response_body()),
            accept_login: response("200 OK", &[], &completed_request_body()),
            introspect: response("200 OK", &[], &introspection_body()),
            not_found: response(
                "404 Not Found",
                &[],
                br#"{"error":"Not Found","error_description":"The requested resource could not be found","status_code":404}"#,
            ),
            pages,
        }
    }

    fn route(&self, method: &str, target: &str) -> &[u8] {
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p, q),
            None => (target, ""),
        };
        match (method, path) {
            ("GET", "/clients") => {
                let (mut limit, mut offset) = (100usize, 0usize);
                for kv in query.split('&') {
                    match kv.split_once('=') {
                        Some(("limit", v)) => limit = v.parse().unwrap_or(100),
                        Some(("offset", v)) => offset = v.parse().unwrap_or(0),
                        _ => {}
                    }
                }
                let offset = offset.min(TOTAL);
                match self.pages.get(&(limit, offset)) {
                    Some(r) => r,
                    None => &self.not_found,
                }
            }
            ("GET", p) if p.starts_with("/clients/") => &self.get_client,
            ("POST", "/clients") => &self.create_client,
            ("PUT", "/oauth2/auth/requests/login/accept") => &self.accept_login,
            ("POST", "/oauth2/introspect") => &self.introspect,
            _ => &self.not_found,
        }
    }
}

fn handle(stream: TcpStream, resp: Arc<Responses>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let mut line = String::new();
    let mut sink = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(()); // peer closed the keep-alive connection
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let mut content_length = 0usize;
        let mut chunked = false;
        let mut close = false;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim();
                if k.eq_ignore_ascii_case("content-length") {
                    content_length = v.parse().unwrap_or(0);
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.eq_ignore_ascii_case("chunked");
                } else if k.eq_ignore_ascii_case("connection") {
                    close = v.eq_ignore_ascii_case("close");
                }
            }
        }
        // Consume the request body.
        if chunked {
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap_or(0);
                sink.resize(n + 2, 0);
                reader.read_exact(&mut sink)?;
                if n == 0 {
                    break;
                }
            }
        } else if content_length > 0 {
            sink.resize(content_length, 0);
            reader.read_exact(&mut sink)?;
        }
        writer.write_all(resp.route(&method, &target))?;
        if close {
            return Ok(());
        }
    }
}

/// Binds 127.0.0.1:0, prints `PORT <n>` on stdout, serves until killed or until
/// stdin closes (so it never outlives the bench process that spawned it).
pub fn serve() -> ! {
    crate::pin_to_cpu(crate::Pin::Server);
    let resp = Arc::new(Responses::build());
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    println!("PORT {port}");
    std::io::stdout().flush().unwrap();
    std::thread::spawn(|| {
        let mut buf = [0u8; 64];
        let mut stdin = std::io::stdin();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        std::process::exit(0);
    });
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let resp = resp.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, resp);
        });
    }
    std::process::exit(0)
}

/// A running canned server child process; killed on drop.
pub struct ServerProcess {
    child: std::process::Child,
    pub base_url: String,
}

impl ServerProcess {
    pub fn spawn() -> ServerProcess {
        use std::process::{Command, Stdio};
        let exe = std::env::current_exe().expect("current_exe");
        let mut child = Command::new(exe)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn canned server");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("read server port");
        let port: u16 = line.trim().strip_prefix("PORT ").expect("PORT line").parse().expect("port");
        ServerProcess { child, base_url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
