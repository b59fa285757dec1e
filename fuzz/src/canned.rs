//! An HTTP server inside the fuzzing process that answers every request with the bytes it is given, so
//! the transport target sends real requests through the client's own HTTP stack and gets back exactly
//! the fuzzed answer. It listens on 127.0.0.1 only and closes each connection after answering.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running server and the answer it gives next.
pub struct Canned {
    addr: SocketAddr,
    answer: Arc<Mutex<Vec<u8>>>,
}

impl Canned {
    /// Starts the server on a free loopback port.
    pub fn start() -> std::io::Result<Canned> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let answer = Arc::new(Mutex::new(Vec::new()));
        let shared = answer.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let bytes = shared.lock().map(|a| a.clone()).unwrap_or_default();
                // A client that gave up early is not a finding of the target; ignore I/O errors.
                let _ = answer_one(stream, &bytes);
            }
        });
        Ok(Canned { addr, answer })
    }

    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sets the raw bytes (status line, headers, body) every following request gets.
    pub fn set_answer(&self, bytes: Vec<u8>) {
        if let Ok(mut a) = self.answer.lock() {
            *a = bytes;
        }
    }
}

/// Reads one request (head and `Content-Length` body), writes `answer` and closes.
fn answer_one(mut stream: TcpStream, answer: &[u8]) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_nodelay(true)?;
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
        if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    stream.write_all(answer)?;
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Both)
}
