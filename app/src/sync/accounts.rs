//! The account server functions: sign out (here or everywhere), change one's password, and the
//! admin's management of the org's people. Signing in is a plain form post (server/src/auth.rs),
//! so it works before the app's wasm has loaded.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use crate::domain::access::Role;

/// An account as the admin's list shows it.
pub use crate::sync::protocol::Account;

/// The session cookie: the token, readable by the server only.
pub const SESSION_COOKIE: &str = "rapport_session";
/// Who is signed in on this browser, readable by the app: it drops a cache of someone else,
/// and a browser that signed out while offline lacks it, which ends the session on next contact.
pub const USER_COOKIE: &str = "rapport_user";

#[cfg(feature = "ssr")]
use super::api::{server_context, to_server_error};

/// The value of cookie `name` in a `Cookie` header (or in `document.cookie`).
pub fn cookie_in<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

/// The value of cookie `name` in a request.
#[cfg(feature = "ssr")]
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| cookie_in(v, name))
}

/// Whether the browser reached us over https (directly or through a proxy that says so).
#[cfg(feature = "ssr")]
pub fn over_https(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
        || std::env::var("RAPPORT_PUBLIC_URL").is_ok_and(|u| u.starts_with("https://"))
}

/// The two Set-Cookie values: the session token (HttpOnly) and who it is, for `age` seconds.
#[cfg(feature = "ssr")]
fn session_cookies(token: &str, user: &str, age: i64, secure: bool) -> [String; 2] {
    let secure = if secure { "; Secure" } else { "" };
    [
        format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax{secure}"),
        format!("{USER_COOKIE}={user}; Path=/; Max-Age={age}; SameSite=Lax{secure}"),
    ]
}

/// The Set-Cookie values that sign this browser in as `user` with `token`.
#[cfg(feature = "ssr")]
pub fn sign_in_cookies(token: &str, user: Uuid, secure: bool) -> [String; 2] {
    let age = crate::db::auth::SESSION_DAYS * 24 * 3600;
    session_cookies(token, &user.to_string(), age, secure)
}

/// The Set-Cookie values that sign this browser out.
#[cfg(feature = "ssr")]
pub fn sign_out_cookies(secure: bool) -> [String; 2] {
    session_cookies("", "", 0, secure)
}

#[cfg(feature = "ssr")]
fn request_parts() -> Result<axum::http::request::Parts, ServerFnError> {
    use_context::<axum::http::request::Parts>()
        .ok_or_else(|| ServerFnError::new("no request to read"))
}

#[cfg(feature = "ssr")]
fn forget_browser(parts: &axum::http::request::Parts) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        for value in sign_out_cookies(over_https(&parts.headers)) {
            if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
                response.append_header(axum::http::header::SET_COOKIE, value);
            }
        }
    }
}

/// Ends this browser's session. Works without a valid session too: the cookies go either way.
#[server(prefix = "/api", endpoint = "sign_out", input = Json)]
pub async fn sign_out() -> Result<(), ServerFnError> {
    let parts = request_parts()?;
    let context = use_context::<crate::db::ServerContext>()
        .ok_or_else(|| ServerFnError::new("the server is not set up: no database context"))?;
    if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
        crate::db::auth::sign_out(&context.pool, token)
            .await
            .map_err(to_server_error)?;
    }
    forget_browser(&parts);
    Ok(())
}

/// Ends every session of the signed-in person, this one included.
#[server(prefix = "/api", endpoint = "sign_out_everywhere", input = Json)]
pub async fn sign_out_everywhere() -> Result<u64, ServerFnError> {
    let ctx = server_context()?;
    let ended = crate::db::auth::sign_out_everywhere(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)?;
    forget_browser(&request_parts()?);
    Ok(ended)
}

/// The signed-in person changes their password; their other sessions end.
#[server(prefix = "/api", endpoint = "change_password", input = Json)]
pub async fn change_password(current: String, new: String) -> Result<(), ServerFnError> {
    let ctx = server_context()?;
    let parts = request_parts()?;
    let token = cookie(&parts.headers, SESSION_COOKIE).unwrap_or_default();
    crate::db::auth::change_password(&ctx.pool, &ctx.identity, token, &current, &new)
        .await
        .map_err(to_server_error)
}

/// Makes the signed-in person's calendar feed address (ending any earlier one): its path, with
/// the secret in it, shown once.
#[server(prefix = "/api", endpoint = "make_calendar_feed", input = Json)]
pub async fn make_calendar_feed() -> Result<String, ServerFnError> {
    let ctx = server_context()?;
    let token = crate::db::calendar::make(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)?;
    Ok(format!("/calendar/{token}.ics"))
}

/// When the signed-in person's calendar feed address was made, if they have one.
#[server(prefix = "/api", endpoint = "calendar_feed_made", input = Json)]
pub async fn calendar_feed_made() -> Result<Option<chrono::DateTime<chrono::Utc>>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::calendar::made(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)
}

/// Ends the signed-in person's calendar feed address: a calendar subscribed to it stops.
#[server(prefix = "/api", endpoint = "stop_calendar_feed", input = Json)]
pub async fn stop_calendar_feed() -> Result<(), ServerFnError> {
    let ctx = server_context()?;
    crate::db::calendar::stop(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)
}

/// Every account of the org (admins only).
#[server(prefix = "/api", endpoint = "accounts", input = Json)]
pub async fn accounts() -> Result<Vec<Account>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::auth::accounts(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)
}

/// An admin adds a person with a first password.
#[server(prefix = "/api", endpoint = "create_account", input = Json)]
pub async fn create_account(
    name: String,
    email: String,
    role: Role,
    password: String,
) -> Result<Account, ServerFnError> {
    let ctx = server_context()?;
    crate::db::auth::create_account(&ctx.pool, &ctx.identity, &name, &email, role, &password)
        .await
        .map_err(to_server_error)
}

/// An admin changes a person's role, or deactivates or reactivates them.
#[server(prefix = "/api", endpoint = "update_account", input = Json)]
pub async fn update_account(id: Uuid, role: Role, active: bool) -> Result<(), ServerFnError> {
    let ctx = server_context()?;
    crate::db::auth::update_account(&ctx.pool, &ctx.identity, id, role, active)
        .await
        .map_err(to_server_error)
}

/// An admin sets a new password for a person.
#[server(prefix = "/api", endpoint = "reset_password", input = Json)]
pub async fn reset_password(id: Uuid, password: String) -> Result<(), ServerFnError> {
    let ctx = server_context()?;
    crate::db::auth::reset_password(&ctx.pool, &ctx.identity, id, &password)
        .await
        .map_err(to_server_error)
}
