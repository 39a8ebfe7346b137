//! The session layer every request passes: the Origin check on requests that change state, the
//! session cookie turned into an `Identity` for the server functions, and the sign-in page (a
//! plain form, so it works before any wasm has loaded).

use std::net::SocketAddr;

use app::db::Identity;
use app::db::auth::{SESSION_COOKIE, SignInError, USER_COOKIE};
use app::i18n::{Key, Locale};
use app::sync::accounts::{cookie, over_https, sign_in_cookies};
use axum::extract::{ConnectInfo, Extension, Form, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;

/// The password of every demo account, printed at start and shown on the sign-in page.
pub const DEMO_PASSWORD: &str = "rapport-demo";

/// The address a request came from, for the sign-in rate limit.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

/// Runs before every route: refuses a state-changing request from another origin, finds the
/// session, and sends a browser without one from the app to the sign-in page.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !same_origin(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "refused: this request comes from another site (its Origin is not this server's)",
        )
            .into_response();
    }
    let address = client_address(&req);
    req.extensions_mut().insert(ClientAddress(address));
    // Static files (wasm, CSS, icons) need nobody: only the app's pages and the API look up.
    let path = req.uri().path();
    let needs_identity = is_page(path) || path.starts_with("/api/");
    let token = cookie(req.headers(), SESSION_COOKIE)
        .filter(|_| needs_identity)
        .map(str::to_owned);
    let mut signed_in = false;
    if let Some(token) = token {
        match app::db::auth::session(&state.context.pool, &token).await {
            // A browser that signed out while offline dropped its user cookie (the session
            // cookie is out of a page's reach): its session ends at this first contact.
            Ok(Some(who))
                if cookie(req.headers(), USER_COOKIE) != Some(who.user_id.to_string().as_str()) =>
            {
                if let Err(e) = app::db::auth::sign_out(&state.context.pool, &token).await {
                    tracing::warn!("ending a signed-out browser's session failed: {e}");
                }
            }
            Ok(Some(who)) => {
                req.extensions_mut().insert(who);
                signed_in = true;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!("reading the session failed: {e}");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the database is not answering",
                )
                    .into_response();
            }
        }
    }
    if !signed_in && *req.method() == Method::GET && is_page(req.uri().path()) {
        // Back to the page asked for once signed in: a link to a deal opens the deal.
        let asked = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        return match asked {
            "/" => Redirect::to("/signin"),
            _ => Redirect::to(&format!("/signin?next={}", encode(asked))),
        }
        .into_response();
    }
    next.run(req).await
}

/// Whether a path is one of the app's pages (every path but the API, the sign-in page and the
/// static files, which have an extension or live under /pkg).
pub fn is_page(path: &str) -> bool {
    path == "/"
        || (!path.starts_with("/api/")
            && !path.starts_with("/pkg/")
            && path != "/signin"
            && !path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.')))
}

/// Where to go after signing in: a page of this app, never another site.
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    let path = next.split(['?', '#']).next().unwrap_or("/");
    if local && is_page(path) { next } else { "/" }
}

/// A path and query made safe inside another query's value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Whether a request that changes state comes from this server's own pages. Browsers send
/// `Origin` with every such request; a client that sends neither it nor `Sec-Fetch-Site` is not
/// a browser, and cannot carry someone else's cookies.
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN.as_str()) {
        return match std::env::var("RAPPORT_PUBLIC_URL") {
            // The whole origin, scheme included: an http page cannot act on an https site.
            Ok(url) => origin.eq_ignore_ascii_case(origin_of(&url)),
            Err(_) => {
                let authority = origin
                    .strip_prefix("https://")
                    .or_else(|| origin.strip_prefix("http://"));
                let host = text(header::HOST.as_str());
                authority.is_some_and(|a| host.is_some_and(|h| a.eq_ignore_ascii_case(h)))
            }
        };
    }
    match text("sec-fetch-site") {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// `scheme://authority` of a URL: what a browser sends as `Origin` for pages under it.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

fn client_address(req: &Request) -> String {
    if std::env::var("RAPPORT_TRUST_PROXY").is_ok_and(|v| v == "1" || v == "true")
        && let Some(forwarded) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The last address is the one the proxy itself added; earlier ones the client wrote.
            .and_then(|v| v.split(',').next_back())
    {
        return forwarded.trim().to_owned();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The cookie that says a browser signed in to an account before (its attempts count apart).
pub const DEVICE_COOKIE: &str = "rapport_device";

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page to open once signed in.
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct NextPage {
    #[serde(default)]
    next: String,
}

/// GET /signin
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(asked): axum::extract::Query<NextPage>,
) -> Response {
    let locale = app::ui::locale_of(&headers);
    render(&state, locale, "", None, safe_next(&asked.next))
        .await
        .into_response()
}

/// POST /signin: a new session and its cookies, then the app; or the page again with why not.
pub async fn submit(
    State(state): State<AppState>,
    Extension(address): Extension<ClientAddress>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let locale = app::ui::locale_of(&headers);
    let pool = &state.context.pool;
    let device = cookie(&headers, DEVICE_COOKIE);
    match app::db::auth::sign_in(pool, &form.email, &form.password, &address.0, device).await {
        Ok(signed_in) => {
            // The session cookie the browser had (if any) is not carried over: a new token.
            if let Some(old) = cookie(&headers, SESSION_COOKIE)
                && let Err(e) = app::db::auth::sign_out(pool, old).await
            {
                tracing::warn!("ending the previous session failed: {e}");
            }
            let secure = over_https(&headers);
            let mut response = signed_in_response(
                &signed_in.token,
                &signed_in.who,
                secure,
                safe_next(&form.next),
            );
            // This browser is known for the account from now on: guesses from elsewhere do not
            // lock it out. Only the sign-in page ever sees the cookie.
            let device = format!(
                "{DEVICE_COOKIE}={}; Path=/signin; Max-Age={}; HttpOnly; SameSite=Lax{}",
                signed_in.device,
                365 * 24 * 3600,
                if secure { "; Secure" } else { "" }
            );
            if let Ok(value) = HeaderValue::from_str(&device) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(SignInError::Wrong) => {
            let message = locale.t(Key::WrongCredentials).to_owned();
            let next = safe_next(&form.next);
            let mut response = render(&state, locale, &form.email, Some(message), next)
                .await
                .into_response();
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            response
        }
        Err(SignInError::TooMany(seconds)) => {
            let message = locale.t_n(Key::TooManyAttempts, seconds as usize);
            let next = safe_next(&form.next);
            let mut response = render(&state, locale, &form.email, Some(message), next)
                .await
                .into_response();
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(SignInError::Db(e)) => {
            tracing::error!("sign-in failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is not answering",
            )
                .into_response()
        }
    }
}

fn signed_in_response(token: &str, who: &Identity, secure: bool, next: &str) -> Response {
    let mut response = Redirect::to(next).into_response();
    for value in sign_in_cookies(token, who.user_id, secure) {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Text made safe inside HTML, attributes included.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn role_name(locale: Locale, role: &str) -> &'static str {
    use app::domain::access::Role;
    match Role::parse(role) {
        Some(Role::Admin) => locale.t(Key::RoleAdmin),
        Some(Role::Manager) => locale.t(Key::RoleManager),
        Some(Role::Salesperson) => locale.t(Key::RoleSalesperson),
        Some(Role::ReadOnly) | None => locale.t(Key::RoleReadOnly),
    }
}

async fn render(
    state: &AppState,
    locale: Locale,
    email: &str,
    error: Option<String>,
    next: &str,
) -> axum::response::Html<String> {
    let t = |key| escape(locale.t(key));
    let demo = if let Some(org) = state.demo_org {
        let people: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT name, email, role FROM users \
             WHERE org_id = $1 AND email LIKE '%@demo.rapport' AND active \
             ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 \
             WHEN 'salesperson' THEN 2 ELSE 3 END, name",
        )
        .bind(org)
        .fetch_all(&state.context.pool)
        .await
        .unwrap_or_default();
        let items: String = people
            .iter()
            .map(|(name, email, role)| {
                format!(
                    "<li><button type=\"button\" class=\"demo-account\" data-email=\"{email}\">\
                     <strong>{name}</strong> <span>{role}</span> <code>{email}</code></button></li>",
                    email = escape(email),
                    name = escape(name),
                    role = escape(role_name(locale, role)),
                )
            })
            .collect();
        format!(
            "<section class=\"demo-accounts\" data-testid=\"demo-accounts\"><p>{intro} \
             <code data-testid=\"demo-password\">{DEMO_PASSWORD}</code></p><ul>{items}</ul></section>\
             <script>document.querySelectorAll('.demo-account').forEach(function (b) {{\
             b.addEventListener('click', function () {{\
             document.querySelector('input[name=email]').value = b.dataset.email;\
             document.querySelector('input[name=password]').value = '{DEMO_PASSWORD}';\
             }}); }});</script>",
            intro = t(Key::DemoAccounts),
        )
    } else {
        String::new()
    };
    let error = error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" data-testid=\"sign-in-error\">{}</p>",
                escape(&e)
            )
        })
        .unwrap_or_default();
    axum::response::Html(format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rapport · {title}</title><link rel=\"stylesheet\" href=\"/pkg/rapport.css\">\
         <link rel=\"icon\" href=\"/favicon.svg\"></head><body class=\"signin-page\">\
         <main class=\"signin\"><h1>Rapport</h1>\
         <form method=\"post\" action=\"/signin\" data-testid=\"sign-in\">\
         <label>{email_label}<input name=\"email\" type=\"email\" autocomplete=\"username\" \
         required maxlength=\"254\" value=\"{email}\"></label>\
         <label>{password_label}<input name=\"password\" type=\"password\" \
         autocomplete=\"current-password\" required maxlength=\"256\"></label>\
         <input type=\"hidden\" name=\"next\" value=\"{next}\">{error}\
         <button type=\"submit\" class=\"primary\">{title}</button></form>{demo}</main>\
         </body></html>",
        lang = locale.tag(),
        dir = locale.dir(),
        title = t(Key::SignIn),
        email_label = t(Key::Email),
        password_label = t(Key::Password),
        email = escape(email),
        next = escape(next),
    ))
}
