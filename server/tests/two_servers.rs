//! Two server processes on one database: a change pushed through one reaches a browser that
//! listens on the other, because commits are announced through PostgreSQL (LISTEN/NOTIFY).

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

/// A running server process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
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

async fn start(database_url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
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

async fn post(port: u16, path: &str, body: &serde_json::Value) -> String {
    let body = body.to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

#[tokio::test]
async fn a_change_through_one_server_process_reaches_a_client_of_another() {
    let db = common::test_db().await;
    let (one, two) = (start(&db.url).await, start(&db.url).await);

    // A browser listening on server two.
    let mut events = TcpStream::connect(("127.0.0.1", two.port)).await.unwrap();
    events
        .write_all(
            b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
        )
        .await
        .unwrap();
    let mut events = BufReader::new(events);
    let mut line = String::new();
    events.read_line(&mut line).await.unwrap();
    assert!(line.contains("200"), "the event stream opens: {line}");

    // Another browser pushes through server one.
    let create = common::create(&db.stages[0], "Pushed through server one", "V");
    let body = json!({"request": {
        "client_group_id": Uuid::now_v7(),
        "mutations": [{"client_id": Uuid::now_v7(), "mutation_id": 1, "mutation": create}],
    }});
    let response = post(one.port, "/api/push", &body).await;
    assert!(
        response.contains("Applied"),
        "server one applied it: {response}"
    );

    let poked = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            line.clear();
            if events.read_line(&mut line).await.unwrap() == 0 {
                return false;
            }
            if line.trim() == "data: poke" {
                return true;
            }
        }
    })
    .await;
    assert_eq!(poked, Ok(true), "server two poked its browser");
    drop((one, two));
}
