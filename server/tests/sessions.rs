//! Sessions as a browser meets them, against a real server process: cookies and their flags,
//! fixation, rotation, expiry, sign-out (here and everywhere), forged and replayed cookies,
//! requests from another origin, the sign-in rate limit, account management, and hostile input.

mod common;

use common::http::{self, Answer, call, origin, request, sign_in, sign_in_form, start};
use serde_json::json;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";

/// A server on a new database whose admin has a known password.
async fn setup() -> (common::TestDb, http::Server, String) {
    let db = common::test_db().await;
    let email = common::admin_email(&db).await;
    common::set_password(&db, &email, PASSWORD).await;
    let server = start(&db.url).await;
    (db, server, email)
}

async fn pull(port: u16, cookie: &str) -> Answer {
    call(
        port,
        cookie,
        "pull",
        &json!({"request": {"client_group_id": Uuid::now_v7(), "cursor": 0}}),
    )
    .await
}

/// Whether the server refused, saying `why`.
/// Refused, saying `why` (as a sentence: its first letter in either case).
fn refused(answer: &Answer, why: &str) -> bool {
    answer.status != 200 && answer.body.to_lowercase().contains(&why.to_lowercase())
}

fn refused_as_signed_out(answer: &Answer) -> bool {
    refused(answer, "not signed in")
}

fn session_of(cookie: &str) -> String {
    cookie
        .split("; ")
        .find_map(|c| c.strip_prefix("rapport_session="))
        .unwrap_or_default()
        .to_owned()
}

async fn opportunities(db: &common::TestDb) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM opportunities")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_makes_a_new_http_only_session_and_signing_out_ends_it() {
    let (db, server, email) = setup().await;
    let port = server.port;
    // Nobody signed in: the app sends the browser to sign in, the data answers nothing.
    let home = request(port, "GET", "/", &[], b"").await;
    assert_eq!(home.status, 303);
    assert_eq!(home.header("location"), Some("/signin"));
    assert!(refused_as_signed_out(&pull(port, "").await));

    // A token planted before sign-in (fixation) is not the one signed in, and stays useless.
    let planted = "rapport_session=planted-by-someone-else".to_owned();
    let answer = sign_in_form(port, &email, PASSWORD, &[("Cookie", planted.clone())]).await;
    assert_eq!(answer.status, 303, "{answer:?}");
    assert_eq!(answer.header("location"), Some("/"));
    let session_header = answer
        .headers
        .iter()
        .find(|(n, v)| n == "set-cookie" && v.starts_with("rapport_session="))
        .map(|(_, v)| v.clone())
        .expect("a session cookie");
    assert!(session_header.contains("HttpOnly"), "{session_header}");
    assert!(session_header.contains("SameSite=Lax"));
    assert!(session_header.contains("Path=/"));
    assert!(
        !session_header.contains("Secure"),
        "plain http: no Secure flag"
    );
    let cookie = answer.cookies().join("; ");
    let token = session_of(&cookie);
    assert_ne!(token, "planted-by-someone-else");
    assert!(token.len() >= 40, "a long random token: {token}");
    let user = format!("rapport_user={}", db.who.user_id);
    assert!(refused_as_signed_out(
        &pull(port, &format!("{planted}; {user}")).await
    ));
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE token_hash = $1")
        .bind(token.as_bytes())
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        stored, 0,
        "the table keeps a hash of the token, not the token"
    );
    let ok = pull(port, &cookie).await;
    assert_eq!(ok.status, 200, "{ok:?}");

    // Signing in again rotates: the session the browser had ends.
    let again = sign_in_form(port, &email, PASSWORD, &[("Cookie", cookie.clone())]).await;
    let rotated = again.cookies().join("; ");
    assert_ne!(session_of(&rotated), token);
    assert!(refused_as_signed_out(&pull(port, &cookie).await));
    assert_eq!(pull(port, &rotated).await.status, 200);

    // Signing out clears the cookies, and a replay of the old one is refused.
    let out = call(port, &rotated, "sign_out", &json!({})).await;
    assert_eq!(out.status, 200, "{out:?}");
    assert!(out.headers.iter().any(|(n, v)| n == "set-cookie"
        && v.starts_with("rapport_session=;")
        && v.contains("Max-Age=0")));
    assert!(refused_as_signed_out(&pull(port, &rotated).await));
}

#[tokio::test]
async fn over_https_the_cookie_is_secure() {
    let (_db, server, email) = setup().await;
    let answer = sign_in_form(
        server.port,
        &email,
        PASSWORD,
        &[("X-Forwarded-Proto", "https".to_owned())],
    )
    .await;
    assert_eq!(answer.status, 303);
    assert!(
        answer
            .headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .all(|(_, v)| v.contains("; Secure")),
        "{answer:?}"
    );
}

#[tokio::test]
async fn expired_forged_and_mismatched_sessions_are_refused() {
    let (db, server, email) = setup().await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    assert_eq!(pull(port, &cookie).await.status, 200);
    // Expired.
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'")
        .execute(&db.pool)
        .await
        .unwrap();
    assert!(refused_as_signed_out(&pull(port, &cookie).await));
    // Forged: a token the server never issued, with a real user's id beside it.
    let forged = format!(
        "rapport_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; rapport_user={}",
        db.who.user_id
    );
    assert!(refused_as_signed_out(&pull(port, &forged).await));
    // A real session sent without its user cookie (a browser that signed out offline): it
    // ends at once, and stays ended when the cookie comes back.
    let cookie = sign_in(port, &email, PASSWORD).await;
    let token_only = format!("rapport_session={}", session_of(&cookie));
    assert!(refused_as_signed_out(&pull(port, &token_only).await));
    assert!(refused_as_signed_out(&pull(port, &cookie).await));
    // The event stream needs a session too.
    let events = request(port, "GET", "/api/events", &[], b"").await;
    assert_eq!(events.status, 401);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_and_a_new_password_ends_the_others() {
    let (_db, server, email) = setup().await;
    let port = server.port;
    let (laptop, phone) = (
        sign_in(port, &email, PASSWORD).await,
        sign_in(port, &email, PASSWORD).await,
    );
    let everywhere = call(port, &phone, "sign_out_everywhere", &json!({})).await;
    assert_eq!(everywhere.status, 200, "{everywhere:?}");
    assert!(refused_as_signed_out(&pull(port, &laptop).await));
    assert!(refused_as_signed_out(&pull(port, &phone).await));

    let (laptop, phone) = (
        sign_in(port, &email, PASSWORD).await,
        sign_in(port, &email, PASSWORD).await,
    );
    let short = call(
        port,
        &laptop,
        "change_password",
        &json!({"current": PASSWORD, "new": "short"}),
    )
    .await;
    assert!(refused(&short, "at least 10"), "{short:?}");
    let wrong = call(
        port,
        &laptop,
        "change_password",
        &json!({"current": "not it at all", "new": "a much better passphrase"}),
    )
    .await;
    assert!(refused(&wrong, "current password is wrong"));
    let changed = call(
        port,
        &laptop,
        "change_password",
        &json!({"current": PASSWORD, "new": "a much better passphrase"}),
    )
    .await;
    assert_eq!(changed.status, 200, "{changed:?}");
    assert_eq!(pull(port, &laptop).await.status, 200, "this session stays");
    assert!(refused_as_signed_out(&pull(port, &phone).await));
    assert_eq!(sign_in_form(port, &email, PASSWORD, &[]).await.status, 401);
    sign_in(port, &email, "a much better passphrase").await;
}

#[tokio::test]
async fn a_request_from_another_origin_is_refused_and_writes_nothing() {
    let (db, server, email) = setup().await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    let create = common::create(&db.stages[0], "From a hostile page", "V");
    let body = json!({"request": {
        "client_group_id": Uuid::now_v7(),
        "mutations": [{"client_id": Uuid::now_v7(), "mutation_id": 1, "mutation": create}],
    }});
    let before = opportunities(&db).await;
    for (name, value) in [
        ("Origin", "http://evil.example".to_owned()),
        ("Origin", "null".to_owned()),
        ("Sec-Fetch-Site", "cross-site".to_owned()),
    ] {
        let answer = request(
            port,
            "POST",
            "/api/push",
            &[
                ("Content-Type", "application/json".to_owned()),
                ("Cookie", cookie.clone()),
                (name, value.clone()),
            ],
            body.to_string().as_bytes(),
        )
        .await;
        assert_eq!(answer.status, 403, "{name}: {value}: {answer:?}");
        assert!(answer.body.contains("another site"));
    }
    assert_eq!(opportunities(&db).await, before, "nothing written");
    // Signing in from another site is refused too (login CSRF).
    let login = request(
        port,
        "POST",
        "/signin",
        &[
            (
                "Content-Type",
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("Origin", "http://evil.example".to_owned()),
        ],
        format!("email={email}&password=correct+horse+battery").as_bytes(),
    )
    .await;
    assert_eq!(login.status, 403, "{login:?}");
    assert!(login.cookies().is_empty());
    // The same request from this server's own page goes through.
    let ours = call(port, &cookie, "push", &body).await;
    assert!(ours.body.contains("Applied"), "{ours:?}");
    assert_eq!(opportunities(&db).await, before + 1);
}

#[tokio::test]
async fn repeated_wrong_passwords_are_slowed_per_account_and_per_address() {
    let (db, server, email) = setup().await;
    let port = server.port;
    for _ in 0..5 {
        assert_eq!(sign_in_form(port, &email, "guess", &[]).await.status, 401);
    }
    // Locked: even the right password waits, and the answer says how long.
    let locked = sign_in_form(port, &email, PASSWORD, &[]).await;
    assert_eq!(locked.status, 429, "{locked:?}");
    let wait: u64 = locked
        .header("retry-after")
        .and_then(|s| s.parse().ok())
        .expect("Retry-After");
    assert!((1..=900).contains(&wait), "{wait}");
    assert!(locked.body.contains("try again in"), "{}", locked.body);
    // The attempts are counted in the database (shared by every server process), the refused
    // one too.
    let counted: i64 = sqlx::query_scalar("SELECT count(*) FROM sign_in_failures")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(counted, 6);

    // Another account from the same address: guessing many accounts trips the address limit.
    let other = "lan@example.vn";
    sqlx::query("INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Lan', $3, 'salesperson')")
        .bind(Uuid::now_v7())
        .bind(db.who.org_id)
        .bind(other)
        .execute(&db.pool)
        .await
        .unwrap();
    common::set_password(&db, other, PASSWORD).await;
    // 6 attempts so far from this address; 24 more reach its limit of 30.
    for i in 0..24 {
        let answer = sign_in_form(port, &format!("nobody{i}@example.vn"), "guess", &[]).await;
        assert_eq!(answer.status, 401);
    }
    let address_locked = sign_in_form(port, other, PASSWORD, &[]).await;
    assert_eq!(address_locked.status, 429, "{address_locked:?}");
    // When the window has passed, the right password works again.
    sqlx::query("UPDATE sign_in_failures SET at = at - interval '16 minutes'")
        .execute(&db.pool)
        .await
        .unwrap();
    sign_in(port, other, PASSWORD).await;
    sign_in(port, &email, PASSWORD).await;
}

#[tokio::test]
async fn guesses_sent_all_at_once_do_not_slip_under_the_limit() {
    let (_db, server, email) = setup().await;
    let port = server.port;
    let guesses = (0..12).map(|i| {
        let email = email.clone();
        async move {
            sign_in_form(port, &email, &format!("guess number {i}"), &[])
                .await
                .status
        }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|s| **s == 401).count();
    let slowed = answers.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + slowed, 12, "{answers:?}");
    assert!(checked <= 5, "at most 5 passwords checked: {answers:?}");
    assert_eq!(sign_in_form(port, &email, PASSWORD, &[]).await.status, 429);
}

#[tokio::test]
async fn an_admin_manages_accounts_and_a_deactivated_person_is_out_at_once() {
    let (db, server, email) = setup().await;
    let port = server.port;
    let admin = sign_in(port, &email, PASSWORD).await;
    let created = call(
        port,
        &admin,
        "create_account",
        &json!({"name": "Lê Thị Mai", "email": "Mai@Example.vn", "role": "salesperson", "password": "mai's first password"}),
    )
    .await;
    assert_eq!(created.status, 200, "{created:?}");
    let mai_id: Uuid = serde_json::from_str::<serde_json::Value>(&created.body).unwrap()["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap();
    let duplicate = call(
        port,
        &admin,
        "create_account",
        &json!({"name": "Mai again", "email": "mai@example.vn", "role": "salesperson", "password": "another password"}),
    )
    .await;
    assert!(refused(&duplicate, "already exists"));
    let bad_email = call(
        port,
        &admin,
        "create_account",
        &json!({"name": "X", "email": "not an email", "role": "salesperson", "password": "long enough pw"}),
    )
    .await;
    assert!(refused(&bad_email, "not an email address"));
    let bad_role = call(
        port,
        &admin,
        "create_account",
        &json!({"name": "X", "email": "x@example.vn", "role": "owner", "password": "long enough pw"}),
    )
    .await;
    assert_ne!(bad_role.status, 200, "{bad_role:?}");

    let mai = sign_in(port, "mai@example.vn", "mai's first password").await;
    assert_eq!(pull(port, &mai).await.status, 200);
    // A salesperson manages no accounts.
    let people_before: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    for (function, body) in [
        ("accounts", json!({})),
        (
            "create_account",
            json!({"name": "Mallory", "email": "mallory@example.vn", "role": "admin", "password": "a long password"}),
        ),
        (
            "update_account",
            json!({"id": mai_id, "role": "admin", "active": true}),
        ),
        (
            "reset_password",
            json!({"id": db.who.user_id, "password": "taken over now"}),
        ),
    ] {
        let answer = call(port, &mai, function, &body).await;
        assert!(
            refused(&answer, "only an administrator"),
            "{function}: {answer:?}"
        );
    }
    let people_after: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(people_after, people_before, "nothing written");
    let mai_role: String = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(mai_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(mai_role, "salesperson");
    sign_in(port, &email, PASSWORD).await;
    let list = call(port, &admin, "accounts", &json!({})).await;
    assert!(list.body.contains("mai@example.vn"));
    // The last admin cannot demote themselves.
    let demote = call(
        port,
        &admin,
        "update_account",
        &json!({"id": db.who.user_id, "role": "salesperson", "active": true}),
    )
    .await;
    assert!(refused(&demote, "active administrator"));
    // Deactivated: Mai's session ends now, and she cannot sign in.
    let off = call(
        port,
        &admin,
        "update_account",
        &json!({"id": mai_id, "role": "salesperson", "active": false}),
    )
    .await;
    assert_eq!(off.status, 200, "{off:?}");
    assert!(refused_as_signed_out(&pull(port, &mai).await));
    assert_eq!(
        sign_in_form(port, "mai@example.vn", "mai's first password", &[])
            .await
            .status,
        401
    );
    // Reactivated with a new password set by the admin.
    call(
        port,
        &admin,
        "update_account",
        &json!({"id": mai_id, "role": "read_only", "active": true}),
    )
    .await;
    let reset = call(
        port,
        &admin,
        "reset_password",
        &json!({"id": mai_id, "password": "set by the admin"}),
    )
    .await;
    assert_eq!(reset.status, 200, "{reset:?}");
    sign_in(port, "mai@example.vn", "set by the admin").await;
}

#[tokio::test]
async fn hostile_input_gets_a_clear_error_and_writes_nothing() {
    let (db, server, email) = setup().await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    let before = opportunities(&db).await;
    // Oversized body.
    let huge = vec![b'x'; server::MAX_BODY + 1024];
    let answer = request(
        port,
        "POST",
        "/api/push",
        &[
            ("Content-Type", "application/json".to_owned()),
            ("Cookie", cookie.clone()),
            ("Origin", origin(port)),
        ],
        &huge,
    )
    .await;
    assert_eq!(answer.status, 413, "{}", answer.status);
    // Wrong types.
    for body in [
        json!({"request": {"client_group_id": "not-a-uuid", "mutations": []}}),
        json!({"request": {"client_group_id": Uuid::now_v7(), "mutations": 5}}),
        json!({"nothing": true}),
    ] {
        let answer = call(port, &cookie, "push", &body).await;
        assert_ne!(answer.status, 200, "{body}: {answer:?}");
    }
    assert_eq!(opportunities(&db).await, before);
    // A mutation of the wrong shape inside a good push is refused alone, with a reason.
    let good = common::create(
        &db.stages[0],
        "Robert'); DROP TABLE opportunities;-- <script>alert(1)</script>",
        "V",
    );
    let body = json!({"request": {
        "client_group_id": Uuid::now_v7(),
        "mutations": [
            {"client_id": Uuid::now_v7(), "mutation_id": 1, "mutation": {"type": "CreateOpportunity", "title": 42}},
            {"client_id": Uuid::now_v7(), "mutation_id": 1, "mutation": good},
        ],
    }});
    let answer = call(port, &cookie, "push", &body).await;
    assert!(answer.body.contains("Malformed"), "{answer:?}");
    assert!(answer.body.contains("Applied"), "{answer:?}");
    assert_eq!(opportunities(&db).await, before + 1);
    // SQL and HTML in text are stored and returned as text.
    let pulled = pull(port, &cookie).await;
    assert!(
        pulled
            .body
            .contains("Robert'); DROP TABLE opportunities;-- <script>alert(1)</script>")
    );
    // Ids of another org, and too many ids, in the timeline.
    let too_many: Vec<Uuid> = (0..501).map(|_| Uuid::now_v7()).collect();
    let answer = call(port, &cookie, "history", &json!({"record_ids": too_many})).await;
    assert!(refused(&answer, "at most 500"));
    let answer = call(
        port,
        &cookie,
        "history",
        &json!({"record_ids": ["'; SELECT 1; --"]}),
    )
    .await;
    assert_ne!(answer.status, 200);
    // The sign-in page shows what was typed escaped.
    let page = sign_in_form(port, "\"><script>alert(1)</script>@x.vn", "guess", &[]).await;
    assert_eq!(page.status, 401);
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(
        page.body
            .contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.vn")
    );
}

/// Every page has an address: one followed while signed out comes back after signing in, and
/// the page to come back to is only ever one of this app's.
#[tokio::test]
async fn a_page_asked_for_while_signed_out_opens_after_signing_in_and_never_another_site() {
    let (_db, server, email) = setup().await;
    let port = server.port;
    let deal = uuid::Uuid::now_v7();
    let asked = request(port, "GET", &format!("/deals/{deal}?from=mail"), &[], b"").await;
    assert_eq!(asked.status, 303);
    assert_eq!(
        asked.header("location"),
        Some(format!("/signin?next=/deals/{deal}%3Ffrom%3Dmail").as_str())
    );
    let page = request(
        port,
        "GET",
        &format!("/signin?next=/deals/{deal}"),
        &[],
        b"",
    )
    .await;
    assert!(
        page.body
            .contains(&format!("name=\"next\" value=\"/deals/{deal}\"")),
        "the form carries where to go"
    );
    // Static files and the API are not pages: no sign-in redirect for them.
    let css = request(port, "GET", "/pkg/rapport.css", &[], b"").await;
    assert_ne!(css.status, 303);

    // Five sign-ins: as many as one account may try in the rate limit's window.
    for (next, expected) in [
        (format!("/deals/{deal}"), format!("/deals/{deal}")),
        ("https://evil.example/".to_owned(), "/".to_owned()),
        ("//evil.example/".to_owned(), "/".to_owned()),
        ("/api/pull".to_owned(), "/".to_owned()),
        ("/\\evil.example".to_owned(), "/".to_owned()),
    ] {
        let body = format!(
            "email={}&password={}&next={}",
            http::urlencode(&email),
            http::urlencode(PASSWORD),
            http::urlencode(&next)
        );
        let headers = [
            (
                "Content-Type",
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("Origin", http::origin(port)),
        ];
        let answer = request(port, "POST", "/signin", &headers, body.as_bytes()).await;
        assert_eq!(answer.status, 303, "{next}");
        assert_eq!(answer.header("location"), Some(expected.as_str()), "{next}");
    }
}

/// The body limit is the one configured (4 MiB unless `RAPPORT_MAX_BODY` says otherwise), for
/// a push too: a push of about 3 MB of long notes is taken whole, and a change too large to ever pass
/// is refused alone, saying why, while the one after it is applied.
#[tokio::test]
async fn a_push_up_to_the_configured_limit_is_taken_and_a_too_large_change_is_refused_alone() {
    let (db, server, email) = setup().await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    let (group, client) = (Uuid::now_v7(), Uuid::now_v7());
    let stage = db.stages[0].id;
    let positions = app::domain::fractional_index::n_keys_between(None, None, 502).unwrap();
    let deal = |n: usize| {
        json!({"type": "CreateOpportunity", "id": Uuid::now_v7(), "title": format!("Đơn hàng {n}"),
               "customer_name": "Công ty Sao Mai", "expected_revenue": {"minor": 1000, "currency": "VND"},
               "priority": 0, "stage_id": stage, "position": positions[n - 1],
               "description": "ệ".repeat(1900)})
    };
    // About 3 MB: over axum's own default of 2 MiB, under the configured 4 MiB.
    let mutations: Vec<serde_json::Value> = (1..=500)
        .map(|n| json!({"client_id": client, "mutation_id": n, "mutation": deal(n as usize)}))
        .collect();
    let body = json!({"request": {"client_group_id": group, "mutations": mutations}});
    assert!(body.to_string().len() > 5 * 1024 * 1024 / 2);
    let answer = call(port, &cookie, "push", &body).await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        &answer.body[..answer.body.len().min(300)]
    );
    let taken: app::sync::protocol::PushResponse = serde_json::from_str(&answer.body).unwrap();
    let refused: Vec<_> = taken
        .results
        .iter()
        .filter(|r| !matches!(r.outcome, app::sync::protocol::Outcome::Applied { .. }))
        .collect();
    assert!(
        refused.is_empty(),
        "every one applied: {:?}",
        refused.first()
    );

    let stand_in = app::domain::mutation::too_large(5_000_000, 1_048_576);
    let body = json!({"request": {"client_group_id": group, "mutations": [
        {"client_id": client, "mutation_id": 501, "mutation": stand_in},
        {"client_id": client, "mutation_id": 502, "mutation": deal(502)},
    ]}});
    let answer = call(port, &cookie, "push", &body).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let response: app::sync::protocol::PushResponse = serde_json::from_str(&answer.body).unwrap();
    assert!(matches!(
        &response.results[0].outcome,
        app::sync::protocol::Outcome::Rejected {
            reason: app::domain::RuleError::TooLarge {
                bytes: 5_000_000,
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        response.results[1].outcome,
        app::sync::protocol::Outcome::Applied { .. }
    ));
}

/// Every wrong request gets the status that says what is wrong, and a plain message; 500 is
/// kept for the server's own faults.
#[tokio::test]
async fn every_wrong_request_gets_its_own_status_and_a_plain_message() {
    let (db, server, email) = setup().await;
    let port = server.port;
    assert_eq!(pull(port, "").await.status, 401, "not signed in");
    let cookie = sign_in(port, &email, PASSWORD).await;
    let post = |path: &'static str, body: &'static [u8]| {
        let cookie = cookie.clone();
        async move {
            request(
                port,
                "POST",
                path,
                &[
                    ("Content-Type", "application/json".to_owned()),
                    ("Cookie", cookie),
                    ("Origin", origin(port)),
                ],
                body,
            )
            .await
        }
    };
    let malformed = post("/api/push", b"{not json").await;
    assert_eq!(malformed.status, 400, "malformed JSON: {malformed:?}");
    let mistyped = call(
        port,
        &cookie,
        "push",
        &json!({"request": {"client_group_id": "x", "mutations": []}}),
    )
    .await;
    assert_eq!(mistyped.status, 400, "a mistyped argument: {mistyped:?}");
    let missing = call(port, &cookie, "pull", &json!({"nothing": true})).await;
    assert_eq!(missing.status, 400, "a missing argument: {missing:?}");
    let below = call(
        port,
        &cookie,
        "pull",
        &json!({"request": {"client_group_id": Uuid::now_v7(), "cursor": -1}}),
    )
    .await;
    assert_eq!(below.status, 400, "a cursor below zero: {below:?}");
    assert!(below.body.contains("never negative"), "{}", below.body);
    let (group, client) = (Uuid::now_v7(), Uuid::now_v7());
    let many: Vec<serde_json::Value> = (1..=501)
        .map(|n| json!({"client_id": client, "mutation_id": n, "mutation": {"type": "Delete", "id": Uuid::now_v7()}}))
        .collect();
    let too_many = call(
        port,
        &cookie,
        "push",
        &json!({"request": {"client_group_id": group, "mutations": many}}),
    )
    .await;
    assert_eq!(too_many.status, 413, "501 mutations: {}", too_many.status);
    // Another person's client group.
    let (other, theirs) = (Uuid::now_v7(), Uuid::now_v7());
    sqlx::query("INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Mai', $3, 'salesperson')")
        .bind(other)
        .bind(db.who.org_id)
        .bind(format!("mai-{other}@saomai.vn"))
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO client_groups (id, org_id, user_id) VALUES ($1, $2, $3)")
        .bind(theirs)
        .bind(db.who.org_id)
        .bind(other)
        .execute(&db.pool)
        .await
        .unwrap();
    let foreign = call(
        port,
        &cookie,
        "pull",
        &json!({"request": {"client_group_id": theirs, "cursor": 0}}),
    )
    .await;
    assert_eq!(
        foreign.status, 403,
        "another person's client group: {foreign:?}"
    );
    for answer in [&malformed, &mistyped, &missing, &below, &too_many, &foreign] {
        assert!(!answer.body.contains("sqlx"), "{}", answer.body);
    }
}

/// Guesses from elsewhere slow the guesser, not the person: a browser that signed in to the
/// account before (its device cookie) is counted apart, and still signs in.
#[tokio::test]
async fn a_lockout_attempt_leaves_the_person_able_to_sign_in_from_their_browser() {
    let (_db, server, email) = setup().await;
    let port = server.port;
    let first = sign_in_form(port, &email, PASSWORD, &[]).await;
    assert_eq!(first.status, 303);
    let device = first
        .headers
        .iter()
        .find(|(n, v)| n == "set-cookie" && v.starts_with("rapport_device="))
        .map(|(_, v)| v.clone())
        .expect("a device cookie");
    assert!(
        device.contains("HttpOnly") && device.contains("Path=/signin"),
        "{device}"
    );
    let device = device.split(';').next().unwrap().to_owned();

    // Someone else guesses until the account is locked for everyone without the cookie.
    for _ in 0..5 {
        assert_eq!(sign_in_form(port, &email, "guess", &[]).await.status, 401);
    }
    assert_eq!(sign_in_form(port, &email, PASSWORD, &[]).await.status, 429);

    // The person's own browser signs in all the same.
    let theirs = sign_in_form(port, &email, PASSWORD, &[("Cookie", device.clone())]).await;
    assert_eq!(theirs.status, 303, "{theirs:?}");
    // Their browser's own wrong passwords are limited too.
    for _ in 0..5 {
        let wrong = sign_in_form(port, &email, "typo", &[("Cookie", device.clone())]).await;
        assert_eq!(wrong.status, 401);
    }
    let slowed = sign_in_form(port, &email, PASSWORD, &[("Cookie", device.clone())]).await;
    assert_eq!(slowed.status, 429);
    // A made-up device cookie is no known browser.
    let forged = sign_in_form(
        port,
        &email,
        PASSWORD,
        &[("Cookie", "rapport_device=made-up".to_owned())],
    )
    .await;
    assert_eq!(forged.status, 429);
}

/// One account cannot flood the server: after a burst of 20,000 changes, more wait (429) until
/// the bucket fills again.
#[tokio::test]
async fn an_account_pushing_a_flood_of_changes_is_slowed() {
    let (_db, server, email) = setup().await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    let (group, client) = (Uuid::now_v7(), Uuid::now_v7());
    let mut next = 1;
    let mut push = || {
        let mutations: Vec<serde_json::Value> = (next..next + 500)
            .map(|n| json!({"client_id": client, "mutation_id": n, "mutation": {"type": "Delete", "id": Uuid::now_v7()}}))
            .collect();
        next += 500;
        json!({"request": {"client_group_id": group, "mutations": mutations}})
    };
    // The burst passes (the bucket also fills a little while it is sent)...
    for i in 0..40 {
        let answer = call(port, &cookie, "push", &push()).await;
        assert_eq!(answer.status, 200, "push {i}");
    }
    // ...and a flood that goes on is soon slowed.
    let mut slowed = None;
    for _ in 0..20 {
        let answer = call(port, &cookie, "push", &push()).await;
        if answer.status != 200 {
            slowed = Some(answer);
            break;
        }
    }
    let slowed = slowed.expect("a flood of pushes is slowed");
    assert_eq!(slowed.status, 429);
    assert!(slowed.body.contains("Too many changes"), "{}", slowed.body);
}
