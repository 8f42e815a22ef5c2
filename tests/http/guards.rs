//! The guards an application puts on its own doors: a JSON route (`api::guard`), a server
//! function (`server_fns::guard`) and a page (`client::guard::RequireSignedIn`, which Latch's
//! own `/profile` wears). Each refuses by its door's rules: 401 for nobody, 403 for a caller
//! who is signed in but not allowed, and a page sends a visitor to log in and back.
use std::time::Duration;

use axum::{routing::get, Json, Router};
use latch::{
    api::guard::{Allowed, SignedIn, Verified},
    auth::{
        error::AuthError,
        server::service::{AuthUser, Policy},
    },
    server::site::Site,
    web::state::AppState,
};
use leptos::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{latch_pages, one_page, spawn_site_with, TestApp};

/// The Latch application with two routes of a product's own.
struct Product;

impl Site for Product {
    latch_pages!();

    fn routes() -> Router<AppState> {
        Router::new()
            .route("/notes", get(notes))
            .route("/notes/published", get(published))
            .route("/notes/all", get(all_notes))
    }
}

async fn notes(SignedIn(caller): SignedIn) -> Json<Value> {
    Json(json!({ "owner": caller.id(), "username": caller.username() }))
}

async fn published(Verified(caller): Verified) -> Json<Value> {
    Json(json!({ "owner": caller.id(), "email": caller.email() }))
}

/// The product's own rule: editors are the accounts whose name starts with "Editor".
struct Editors;

impl Policy for Editors {
    fn allows(caller: &AuthUser) -> bool {
        caller.username().starts_with("Editor")
    }
}

async fn all_notes(Allowed(caller, _): Allowed<Editors>) -> Json<Value> {
    Json(json!({ "editor": caller.username() }))
}

#[server(prefix = "/api/notes", endpoint = "edit")]
async fn edit_notes() -> Result<String, AuthError> {
    Ok(latch::server_fns::guard::require_allowed::<Editors>().await?.username().to_owned())
}

/// A product's server function: the count of the caller's notes (here, their id).
#[server(prefix = "/api/notes", endpoint = "mine")]
async fn my_notes() -> Result<i64, AuthError> {
    Ok(latch::server_fns::guard::require_signed_in().await?.id())
}

#[server(prefix = "/api/notes", endpoint = "publish")]
async fn publish_notes() -> Result<i64, AuthError> {
    Ok(latch::server_fns::guard::require_verified().await?.id())
}

async fn bearer_of(app: &TestApp, email: &str) -> String {
    app.bearer_of_new_account(email, "Ada").await
}

async fn fetch(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    app.request(Method::GET, path, token).await
}

async fn call(app: &TestApp, endpoint: &str, token: Option<&str>) -> reqwest::Response {
    app.request(Method::POST, &format!("/api/notes/{endpoint}"), token).await
}

/// Proves the address as the verification link would, and waits out the session cache's
/// freshness, after which a request reads the account again.
async fn verify(app: &TestApp, email: &str) {
    app.execute(&format!("UPDATE users SET email_verified_at = 1 WHERE email = '{email}'")).await;
    tokio::time::sleep(latch::auth::server::sessions::cache::FRESH_FOR + Duration::from_millis(200)).await;
}

#[tokio::test]
async fn a_json_route_answers_nobody_401_the_unverified_403_and_the_verified_their_own() {
    let app = spawn_site_with::<Product>(&[]).await;
    for path in ["/notes", "/notes/published"] {
        let nobody = fetch(&app, path, None).await;
        assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(nobody.headers()["www-authenticate"], "Bearer");
        let forged = fetch(&app, path, Some("not-a-token")).await;
        assert_eq!(forged.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let token = bearer_of(&app, "ada@example.com").await;
    let own: Value = fetch(&app, "/notes", Some(&token)).await.json().await.unwrap();
    assert_eq!(own["username"], "Ada");
    let refused = fetch(&app, "/notes/published", Some(&token)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "email_not_verified");

    verify(&app, "ada@example.com").await;
    let published = fetch(&app, "/notes/published", Some(&token)).await;
    assert_eq!(published.status(), StatusCode::OK);
    assert_eq!(published.json::<Value>().await.unwrap()["email"], "ada@example.com");

    // Logged out, the same token opens nothing.
    let logout = app.request(Method::DELETE, "/logout", Some(&token)).await;
    assert!(logout.status().is_success(), "{}", logout.status());
    assert_eq!(fetch(&app, "/notes", Some(&token)).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_server_function_refuses_by_its_error_and_its_status() {
    let app = spawn_site_with::<Product>(&[]).await;
    for endpoint in ["mine", "publish"] {
        let nobody = call(&app, endpoint, None).await;
        assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    let token = bearer_of(&app, "ada@example.com").await;
    let mine = call(&app, "mine", Some(&token)).await;
    assert_eq!(mine.status(), StatusCode::OK);
    let id: i64 = mine.json().await.unwrap();
    assert_eq!(id, app.count("SELECT id FROM users WHERE email = 'ada@example.com'").await);

    let refused = call(&app, "publish", Some(&token)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("EmailNotVerified"));
    verify(&app, "ada@example.com").await;
    assert_eq!(call(&app, "publish", Some(&token)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_guarded_page_sends_a_visitor_to_log_in_and_back_to_the_same_page_and_query() {
    let app = spawn_site_with::<Product>(&[]).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let visitor = client.get(app.url("/profile?tab=sessions")).header("accept", "text/html").send().await.unwrap();
    assert!(visitor.status().is_redirection(), "{}", visitor.status());
    assert_eq!(visitor.headers()["location"], "/login?next=/profile%3Ftab%3Dsessions");

    let token = bearer_of(&app, "ada@example.com").await;
    let page = client.get(app.url("/profile")).header("accept", "text/html").bearer_auth(&token).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Hello, <!>Ada") || html.contains("Hello, Ada"), "{html}");
}

#[tokio::test]
async fn the_applications_own_policy_refuses_others_403_on_both_doors() {
    let app = spawn_site_with::<Product>(&[]).await;
    assert_eq!(fetch(&app, "/notes/all", None).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(call(&app, "edit", None).await.status(), StatusCode::UNAUTHORIZED);

    let reader = app.bearer_of_new_account("ada@example.com", "Ada").await;
    let refused = fetch(&app, "/notes/all", Some(&reader)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "forbidden");
    let refused = call(&app, "edit", Some(&reader)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("Forbidden"));

    let editor = app.bearer_of_new_account("grace@example.com", "Editor Grace").await;
    let allowed = fetch(&app, "/notes/all", Some(&editor)).await;
    assert_eq!(allowed.json::<Value>().await.unwrap()["editor"], "Editor Grace");
    let allowed = call(&app, "edit", Some(&editor)).await;
    assert_eq!(allowed.json::<String>().await.unwrap(), "Editor Grace");
}

/// A product whose one page needs a proven address.
struct SharingPage;

#[component]
fn Share() -> impl IntoView {
    use latch::client::guard::RequireVerified;
    view! { <RequireVerified let:user><p>"Sharing as " {user.email}</p></RequireVerified> }
}

impl Site for SharingPage {
    one_page!("share", Share);
}

#[tokio::test]
async fn a_page_that_needs_a_proven_address_says_so_until_it_is_proven() {
    let app = spawn_site_with::<SharingPage>(&[]).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = |token: Option<String>| {
        let request = client.get(app.url("/share")).header("accept", "text/html");
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
        .send()
    };
    let visitor = page(None).await.unwrap();
    assert_eq!(visitor.headers()["location"], "/login?next=/share");

    let token = app.bearer_of_new_account("ada@example.com", "Ada").await;
    let unproven = page(Some(token.clone())).await.unwrap().text().await.unwrap();
    assert!(unproven.contains("Confirm your email address first"), "{unproven}");
    assert!(!unproven.contains("Sharing as"), "{unproven}");

    verify(&app, "ada@example.com").await;
    let proven = page(Some(token)).await.unwrap().text().await.unwrap();
    assert!(proven.contains("Sharing as"), "{proven}");
    assert!(!proven.contains("Confirm your email address first"));
}

/// A product with a dangerous page, server function and JSON route, each behind the sudo window.
struct Dangerous;

#[leptos::server(prefix = "/api/product", endpoint = "transfer")]
async fn transfer() -> Result<i64, AuthError> {
    Ok(latch::server_fns::guard::require_recent_authentication().await?.id())
}

async fn transfer_route(
    latch::api::guard::RecentlyAuthenticated(caller): latch::api::guard::RecentlyAuthenticated,
) -> Json<i64> {
    Json(caller.id())
}

#[component]
fn Transfer() -> impl IntoView {
    use latch::client::guard::RequireRecentAuthentication;
    view! { <RequireRecentAuthentication let:user><p>"Transfer from " {user.email}</p></RequireRecentAuthentication> }
}

impl Site for Dangerous {
    one_page!("transfer", Transfer);

    fn routes() -> Router<AppState> {
        Router::new().route("/transfer", axum::routing::post(transfer_route))
    }
}

#[tokio::test]
async fn a_dangerous_action_asks_for_the_password_again_past_the_sudo_window_on_every_door() {
    let app = spawn_site_with::<Dangerous>(&[]).await;
    let token = app.bearer_of_new_account("ada@example.com", "Ada").await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = || client.get(app.url("/transfer")).header("accept", "text/html").bearer_auth(&token).send();
    let server_fn = || client.post(app.url("/api/product/transfer")).bearer_auth(&token).send();
    let route = || client.post(app.url("/transfer")).bearer_auth(&token).send();

    // Just signed in: inside the window on all three doors.
    assert!(page().await.unwrap().text().await.unwrap().contains("Transfer from"));
    assert_eq!(server_fn().await.unwrap().status(), StatusCode::OK);
    assert_eq!(route().await.unwrap().status(), StatusCode::OK);

    // Eleven minutes later (the sign-in moved back in time): each door asks again.
    app.execute("UPDATE sessions SET created_at = created_at - 660").await;
    let sent = page().await.unwrap();
    assert_eq!(sent.headers()["location"], "/reauthenticate?next=/transfer");
    let refused = server_fn().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("ReauthenticationRequired"));
    let refused = route().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "reauthentication_required");

    // A wrong password opens nothing; the right one opens the window, recorded in the history.
    let again = |password: &str| {
        client.post(app.url("/auth/reauthenticate")).bearer_auth(&token).json(&json!({ "password": password })).send()
    };
    assert_eq!(again("not the password at all").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(route().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(again(crate::common::PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(route().await.unwrap().status(), StatusCode::OK);
    assert_eq!(server_fn().await.unwrap().status(), StatusCode::OK);
    assert!(page().await.unwrap().text().await.unwrap().contains("Transfer from"));
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'reauthenticated'").await, 1);

    // The browser's form goes back to the page that asked, and only to a page of this site.
    app.execute("UPDATE sessions SET reauthenticated_at = reauthenticated_at - 660").await;
    for (next, back) in [("/transfer", "/transfer"), ("https://evil.example/", "/profile")] {
        let form = [("password", crate::common::PASSWORD), ("next", next)];
        let answer =
            client.post(app.url("/api/account/reauthenticate")).bearer_auth(&token).form(&form).send().await.unwrap();
        assert_eq!(answer.headers()["location"], back, "{next}");
    }
}
