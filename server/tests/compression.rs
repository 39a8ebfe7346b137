//! What travels compressed: the app's files precompressed (brotli, gzip), the pull's answer on
//! the fly, and never the event stream (compression would hold its pokes back).

mod common;

use std::time::Duration;

use common::http::{self, Answer, origin, request, sign_in};
use serde_json::json;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery staple";

async fn get(port: u16, path: &str, accept: Option<&str>, cookie: &str) -> Answer {
    let mut headers = vec![("Cookie", cookie.to_owned()), ("Origin", origin(port))];
    if let Some(a) = accept {
        headers.push(("Accept-Encoding", a.to_owned()));
    }
    request(port, "GET", path, &headers, b"").await
}

#[tokio::test]
async fn files_and_answers_travel_compressed_and_the_event_stream_does_not() {
    let db = common::test_db().await;
    let email = common::admin_email(&db).await;
    common::set_password(&db, &email, PASSWORD).await;
    let site = std::env::temp_dir().join(format!("rapport-site-{}", Uuid::now_v7()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let wasm = "(module (func $board)) ".repeat(20_000);
    std::fs::write(site.join("pkg").join("rapport.wasm"), &wasm).unwrap();
    let server = http::start_with(&db.url, &[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]).await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;

    // The server compresses the app's files once, in the background, at start.
    for _ in 0..100 {
        if site.join("pkg/rapport.wasm.br").exists() && site.join("pkg/rapport.wasm.gz").exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let br = get(port, "/pkg/rapport.wasm", Some("br, gzip"), &cookie).await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    let sent: usize = br.header("content-length").unwrap().parse().unwrap();
    assert!(sent * 20 < wasm.len(), "{sent} bytes for {}", wasm.len());
    let gz = get(port, "/pkg/rapport.wasm", Some("gzip"), &cookie).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let plain = get(port, "/pkg/rapport.wasm", None, &cookie).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, wasm);

    // A pull's answer, compressed on the fly.
    let pull = request(
        port,
        "POST",
        "/api/pull",
        &[
            ("Content-Type", "application/json".to_owned()),
            ("Accept", "application/json".to_owned()),
            ("Accept-Encoding", "gzip".to_owned()),
            ("Cookie", cookie.clone()),
            ("Origin", origin(port)),
        ],
        json!({"request": {"client_group_id": Uuid::now_v7(), "cursor": 0}})
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(pull.status, 200);
    assert_eq!(pull.header("content-encoding"), Some("gzip"));

    // The event stream is never compressed: a poke must leave at once.
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(
            format!(
                "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip, br\r\nCookie: {cookie}\r\nOrigin: {}\r\n\r\n",
                origin(port)
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut head = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut head))
        .await
        .unwrap()
        .unwrap();
    let head = String::from_utf8_lossy(&head[..n]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    let _ = std::fs::remove_dir_all(&site);
}
