//! A product's own role, declared through the library (`AccountHooks::roles`): the console
//! grants it like `admin`, and the three doors' role guards (`HasRole`, `require_role`,
//! `RequireRole`) let its holders in and refuse everyone else by each door's rules.

use std::sync::Arc;

use axum::{routing::get as route_get, Json, Router};
use latch::{
    api::guard::HasRole,
    auth::{
        error::AuthError,
        server::{
            hooks::AccountHooks,
            service::{HoldsRole, Role},
        },
    },
    client::guard::RequireRole,
    server::site::Site,
    web::state::AppState,
};
use leptos::prelude::*;

use super::*;
use crate::common::{one_page, spawn_site_with};

/// The product's role: moderators see the reports.
struct Moderator;

impl Role for Moderator {
    const NAME: &'static str = "moderator";
}

struct Declares;

impl AccountHooks for Declares {
    fn roles(&self) -> &'static [&'static str] {
        &["moderator"]
    }
}

#[component]
fn Reports() -> impl IntoView {
    view! { <RequireRole role="moderator" let:user><p>"Reports for " {user.username}</p></RequireRole> }
}

/// A product with a page, a JSON route and a server function for moderators only.
struct Moderated;

impl Site for Moderated {
    one_page!("reports", Reports);

    fn routes() -> Router<AppState> {
        Router::new().route("/reports.json", route_get(reports))
    }

    fn hooks() -> Arc<dyn AccountHooks> {
        Arc::new(Declares)
    }
}

async fn reports(HasRole(caller, _): HasRole<Moderator>) -> Json<serde_json::Value> {
    Json(json!({ "moderator": caller.username() }))
}

#[leptos::server(prefix = "/api/reports", endpoint = "close")]
async fn close_report() -> Result<String, AuthError> {
    Ok(latch::server_fns::guard::require_role("moderator").await?.username().to_owned())
}

#[tokio::test]
async fn a_declared_role_is_granted_on_the_console_and_opens_its_three_doors() {
    let sink = crate::smtp_sink::SmtpSink::start();
    let url = sink.url();
    let app = spawn_site_with::<Moderated>(&[("SMTP_URL", &url), ("THROTTLE_SIGNUPS_PER_ADDRESS", "600")]).await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    let page = |token: &str| {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        client.get(app.url("/reports")).header("accept", "text/html").bearer_auth(token).send()
    };
    let close = || reqwest::Client::new().post(app.url("/api/reports/close")).bearer_auth(&bo).send();

    assert_eq!(send(&app, Method::GET, "/reports.json", None, None).await.0, StatusCode::UNAUTHORIZED);
    let (status, refused) = get(&app, "/reports.json", &bo).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    assert_eq!(close().await.unwrap().status(), StatusCode::FORBIDDEN);
    let html = page(&bo).await.unwrap().text().await.unwrap();
    assert!(html.contains("You do not have access to this page") && !html.contains("Reports for"), "{html}");

    let admin = admin(&app, "admin@example.com").await;
    let roles = format!("/auth/admin/people/{person}/roles");
    let (status, _) = send(&app, Method::POST, &roles, Some(&admin.bearer), Some(json!({ "role": "moderator" }))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, allowed) = get(&app, "/reports.json", &bo).await;
    assert_eq!((status, allowed["moderator"].as_str()), (StatusCode::OK, Some("Bo")));
    assert_eq!(close().await.unwrap().json::<String>().await.unwrap(), "Bo");
    let html = page(&bo).await.unwrap().text().await.unwrap();
    assert!(html.contains("Reports for"), "{html}");
    // The console's person page offers the product's role beside Latch's.
    let (_, known) = get(&app, &format!("/auth/admin/people/{person}"), &admin.bearer).await;
    assert_eq!(known["person"]["roles"], json!(["moderator"]));
    let _policy_is_the_same_guard: Option<latch::api::guard::Allowed<HoldsRole<Moderator>>> = None;
}
