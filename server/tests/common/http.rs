//! A real server process on a test database, and plain HTTP/1.1 requests to it (with the
//! headers a browser would send), so sessions, cookies and the Origin check are tested as a
//! browser meets them.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A running server process, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub async fn start(database_url: &str) -> Server {
    start_with(database_url, &[]).await
}

/// `start`, with more of the server's environment (`RAPPORT_…`, `LEPTOS_…`).
pub async fn start_with(database_url: &str, env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .envs(env.iter().copied())
        .env("DATABASE_URL", database_url)
        .env("RAPPORT_PORT", port.to_string())
        .env("RAPPORT_ADDR", "127.0.0.1")
        .env("RAPPORT_DEMO", "false")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let server = Server { child, port };
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server on port {port} did not start");
}

/// What came back: the status code, the headers (lower-case names) and the body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The Set-Cookie values, as `name=value` pairs.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next().map(str::to_owned))
            .collect()
    }
}

/// Sends one request. `headers` are added as given (e.g. Cookie, Origin).
pub async fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may answer (413) before reading a large body: a failed write is not the test's.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    // The head is text; the body may be binary (compressed), so it is unchunked as bytes.
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body_bytes = raw.get(split + 4..).unwrap_or(&[]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let body = if head.to_lowercase().contains("transfer-encoding: chunked") {
        String::from_utf8_lossy(&unchunk(body_bytes)).into_owned()
    } else {
        String::from_utf8_lossy(body_bytes).into_owned()
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..end]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let tail = &rest[end + 2..];
        if n == 0 || tail.len() < n {
            break;
        }
        out.extend_from_slice(&tail[..n]);
        rest = tail[n..].strip_prefix(b"\r\n").unwrap_or(&tail[n..]);
    }
    out
}

/// This server's own origin, as a browser on its pages sends it.
pub fn origin(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Posts the sign-in form as a browser does.
pub async fn sign_in_form(
    port: u16,
    email: &str,
    password: &str,
    extra: &[(&str, String)],
) -> Answer {
    let body = format!(
        "email={}&password={}",
        urlencode(email),
        urlencode(password)
    );
    let mut headers = vec![
        (
            "Content-Type",
            "application/x-www-form-urlencoded".to_owned(),
        ),
        ("Origin", origin(port)),
    ];
    headers.extend(extra.iter().cloned());
    request(port, "POST", "/signin", &headers, body.as_bytes()).await
}

/// Signs in and returns the Cookie header the browser would send from then on.
pub async fn sign_in(port: u16, email: &str, password: &str) -> String {
    let answer = sign_in_form(port, email, password, &[]).await;
    assert_eq!(answer.status, 303, "{email} signs in: {answer:?}");
    answer.cookies().join("; ")
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Calls a server function as the app does: JSON in, with the session cookie and this origin.
pub async fn call(port: u16, cookie: &str, function: &str, body: &serde_json::Value) -> Answer {
    request(
        port,
        "POST",
        &format!("/api/{function}"),
        &[
            ("Content-Type", "application/json".to_owned()),
            ("Accept", "application/json".to_owned()),
            ("Cookie", cookie.to_owned()),
            ("Origin", origin(port)),
        ],
        body.to_string().as_bytes(),
    )
    .await
}
