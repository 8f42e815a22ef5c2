//! The gate: every administrators' route, read from `/openapi.json` so that a new one cannot
//! be forgotten, refuses nobody (401), a signed-in person without the role (403
//! `forbidden`) and an administrator without a second factor (403
//! `admin_second_factor_required`); changes need the sudo window; a cookie from another site
//! is refused like everywhere else.

use super::*;

/// Every `(method, path)` of the administrators' JSON routes, with `{id}` and `{role}` filled.
async fn admin_routes(app: &TestApp, id: i64) -> Vec<(Method, String)> {
    let document: Value = reqwest::get(app.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let mut routes = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/auth/admin") {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            routes.push((method, path.replace("{id}", &id.to_string()).replace("{role}", "admin")));
        }
    }
    routes
}

#[tokio::test]
async fn every_admin_route_refuses_nobody_a_non_administrator_and_an_administrator_without_a_second_factor() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let person_bearer = bearer(&app, "bo@example.com").await;
    signup(&app, "half@example.com", "Half").await;
    assert!(operator::grant_admin(app.auth.db(), "half@example.com").await.unwrap());
    let half_admin = bearer(&app, "half@example.com").await;
    let routes = admin_routes(&app, person).await;
    assert!(routes.len() >= 14, "the API lists the administrators' routes: {routes:?}");
    for (method, path) in &routes {
        let body = Some(json!({ "role": "admin" }));
        let (status, answer) = send(&app, method.clone(), path, None, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path} anonymous: {answer}");
        let (status, answer) = send(&app, method.clone(), path, Some(&person_bearer), body.clone()).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{method} {path}");
        let (status, answer) = send(&app, method.clone(), path, Some(&half_admin), body).await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("admin_second_factor_required")),
            "{method} {path}: {answer}"
        );
    }
    // Nothing happened to the person, and the refusals wrote no audit.
    assert_eq!(get(&app, "/auth/account", &person_bearer).await.0, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_audit").await, 0);
}

#[tokio::test]
async fn a_change_needs_the_sudo_window_and_reading_does_not() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    // The administrator's sign-in was an hour ago, and no proof since.
    app.execute(&format!(
        "UPDATE sessions SET created_at = created_at - 3600, reauthenticated_at = NULL WHERE user_id = {}",
        admin.id
    ))
    .await;
    let (status, answer) = post(&app, &format!("/auth/admin/people/{person}/sign-out"), &admin.bearer).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("reauthentication_required")));
    assert!(answer["detail"].as_str().unwrap().contains("confirm your password"), "told why: {answer}");
    assert_eq!(get(&app, "/auth/admin/people?q=bo", &admin.bearer).await.0, StatusCode::OK);

    let proof = json!({ "password": PASSWORD });
    let (status, _) = send(&app, Method::POST, "/auth/reauthenticate", Some(&admin.bearer), Some(proof)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, answer) = post(&app, &format!("/auth/admin/people/{person}/sign-out"), &admin.bearer).await;
    assert_eq!((status, answer["changed"].as_bool()), (StatusCode::OK, Some(true)), "{answer}");
}

#[tokio::test]
async fn a_revoked_role_stops_opening_the_console_at_once() {
    let (app, _sink) = app_with_mail().await;
    let first = admin(&app, "admin@example.com").await;
    let second = admin(&app, "second@example.com").await;
    assert_eq!(get(&app, "/auth/admin/people", &second.bearer).await.0, StatusCode::OK);
    let (status, _) =
        send(&app, Method::DELETE, &format!("/auth/admin/people/{}/roles/admin", second.id), Some(&first.bearer), None)
            .await;
    assert_eq!(status, StatusCode::OK);
    // No wait for the session cache: the revocation re-read the second's sessions.
    let (status, answer) = get(&app, "/auth/admin/people", &second.bearer).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
}

#[tokio::test]
async fn a_cookie_sent_from_another_site_changes_nothing() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    let path = format!("/auth/admin/people/{person}/disable");
    let attempt = |site: &'static str, origin: &'static str| {
        reqwest::Client::new()
            .post(app.url(&path))
            .header("cookie", format!("latch_session={}", admin.bearer))
            .header("sec-fetch-site", site)
            .header("origin", origin)
            .json(&json!({}))
            .send()
    };
    let refused = attempt("cross-site", "https://evil.example").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "cross_site_request");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 0);
    // The same request from the console's own page goes through.
    let same_site = reqwest::Client::new()
        .post(app.url(&path))
        .header("cookie", format!("latch_session={}", admin.bearer))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(same_site.status(), StatusCode::OK, "{}", same_site.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 1);
}
