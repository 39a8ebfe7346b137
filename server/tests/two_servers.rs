//! Two server processes on one database: a change pushed through one reaches a browser that
//! listens on the other, because commits are announced through PostgreSQL (LISTEN/NOTIFY).

mod common;

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

use common::http::{self, start};

#[tokio::test]
async fn a_change_through_one_server_process_reaches_a_client_of_another() {
    let db = common::test_db().await;
    let email = common::admin_email(&db).await;
    common::set_password(&db, &email, "correct horse battery").await;
    let (one, two) = (start(&db.url).await, start(&db.url).await);
    let cookie = http::sign_in(two.port, &email, "correct horse battery").await;

    // A browser listening on server two.
    let mut events = TcpStream::connect(("127.0.0.1", two.port)).await.unwrap();
    events
        .write_all(
            format!(
                "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
            )
            .as_bytes(),
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
    let response = http::call(one.port, &cookie, "push", &body).await;
    assert!(
        response.body.contains("Applied"),
        "server one applied it: {response:?}"
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
