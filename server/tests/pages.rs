//! Every address of the app is a page, drawn by one route; the site's own files (the service
//! worker, the icons, the web manifest) are still served as themselves, and an address that is
//! no page is answered 404.

mod common;

use common::http::{self, origin, request, sign_in};
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn the_sites_files_are_themselves_and_an_address_that_is_no_page_is_404() {
    let db = common::test_db().await;
    let email = common::admin_email(&db).await;
    common::set_password(&db, &email, PASSWORD).await;
    let site = std::env::temp_dir().join(format!("rapport-site-{}", Uuid::now_v7()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let worker = "self.addEventListener('fetch', () => {});";
    std::fs::write(site.join("sw.js"), worker).unwrap();
    std::fs::write(site.join("manifest.webmanifest"), r#"{"name":"Rapport"}"#).unwrap();
    let server = http::start_with(&db.url, &[("LEPTOS_SITE_ROOT", site.to_str().unwrap())]).await;
    let port = server.port;
    let cookie = sign_in(port, &email, PASSWORD).await;
    let get = |path: &'static str| {
        let headers = vec![("Cookie", cookie.clone()), ("Origin", origin(port))];
        async move { request(port, "GET", path, &headers, b"").await }
    };

    let sw = get("/sw.js").await;
    assert_eq!(sw.status, 200);
    assert!(sw.body.ends_with(worker), "{}", sw.body);
    assert!(
        sw.header("content-type")
            .unwrap_or_default()
            .contains("javascript")
    );
    // A new build of the app makes a new worker (which keeps the new build's pieces).
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(site.join("pkg/rapport.wasm"), "(module)").unwrap();
    let rebuilt = get("/sw.js").await;
    assert!(rebuilt.body.ends_with(worker));
    assert_ne!(rebuilt.body, sw.body, "the worker changes with the build");
    assert_eq!(get("/sw.js").await.body, rebuilt.body, "and only with it");
    let manifest = get("/manifest.webmanifest").await;
    assert_eq!(manifest.body, r#"{"name":"Rapport"}"#);

    for page in [
        "/",
        "/list",
        "/contacts",
        "/settings/stages",
        "/deals/0190a0b0-0000-7000-8000-000000000001",
    ] {
        let answer = get(page).await;
        assert_eq!(answer.status, 200, "{page}");
        assert!(answer.body.contains("<html"), "{page}");
    }
    for nowhere in [
        "/no-such-page",
        "/deals/not-an-id",
        "/settings/Not_A_Section",
    ] {
        let answer = get(nowhere).await;
        assert_eq!(answer.status, 404, "{nowhere}");
        assert!(answer.body.contains("<html"), "the app says so: {nowhere}");
    }
}
