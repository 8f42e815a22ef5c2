//! The console's pages and forms (`/admin…`): the same gate as the JSON routes, answered as
//! pages (a visitor is sent to log in and back; a refusal is a page that says why), forms
//! that act and come back with what happened, and no script allowed on any of it.

use latch::server::admin::PAGES;

use super::*;

/// A browser's request with the session cookie `token`, from the console's own pages.
fn as_browser(app: &TestApp, method: Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client.request(method, app.url(path)).header("sec-fetch-site", "same-origin");
    if let Some(token) = token {
        request = request.header("cookie", format!("latch_session={token}"));
    }
    request
}

async fn page(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, String, reqwest::header::HeaderMap) {
    let answer = as_browser(app, Method::GET, path, token).send().await.unwrap();
    let (status, headers) = (answer.status(), answer.headers().clone());
    (status, answer.text().await.unwrap(), headers)
}

async fn submit(app: &TestApp, path: &str, token: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let answer = as_browser(app, Method::POST, path, Some(token)).form(form).send().await.unwrap();
    let location = answer.headers().get("location").map(|value| value.to_str().unwrap().to_owned());
    (answer.status(), location.unwrap_or_default())
}

#[tokio::test]
async fn every_console_page_sends_a_visitor_to_log_in_and_refuses_the_rest_with_a_page_that_says_why() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    signup(&app, "half@example.com", "Half").await;
    operator::grant_admin(app.auth.db(), "half@example.com").await.unwrap();
    let half = bearer(&app, "half@example.com").await;
    let mut paths: Vec<String> = PAGES.iter().map(|page| page.replace("{id}", &person.to_string())).collect();
    paths.push(format!("/admin/people/{person}/disable"));
    for path in &paths {
        let method = if path.ends_with("/disable") { Method::POST } else { Method::GET };
        let visitor = as_browser(&app, method.clone(), path, None).send().await.unwrap();
        assert_eq!(visitor.status(), StatusCode::SEE_OTHER, "{path}");
        let to = visitor.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/login?next=/admin"), "{path} -> {to}");

        let answer = as_browser(&app, method.clone(), path, Some(&bo)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(answer.text().await.unwrap().contains("for administrators"), "{path} says why");
        let answer = as_browser(&app, method, path, Some(&half)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(answer.text().await.unwrap().contains("need a second factor"), "{path} says why");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 0);
}

#[tokio::test]
async fn an_administrator_finds_a_person_acts_by_form_and_the_page_says_what_happened() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    let admin = admin(&app, "admin@example.com").await;

    let (status, html, headers) = page(&app, "/admin?q=bo", Some(&admin.bearer)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/admin/people/{person}\"")), "the result links to the person");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("default-src 'none'") && !policy.contains("script-src"), "no script runs: {policy}");
    assert_eq!(headers["cache-control"], "no-store");

    let (status, html, _) = page(&app, &format!("/admin/people/{person}"), Some(&admin.bearer)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("bo@example.com") && html.contains("Sign out everywhere"));
    assert!(!html.contains("<script"), "the console carries no script");

    let (status, to) = submit(&app, &format!("/admin/people/{person}/sign-out"), &admin.bearer, &[]).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, format!("/admin/people/{person}?done=sign-out").as_str())
    );
    let (_, html, _) = page(&app, &to, Some(&admin.bearer)).await;
    assert!(html.contains("Every session of the account has ended."), "the notice");
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::UNAUTHORIZED);
    sink.wait_for("bo@example.com", 2, ARRIVES_WITHIN).await;

    // A grant of a role the site does not know comes back with the reason.
    let (_, to) = submit(&app, &format!("/admin/people/{person}/grant"), &admin.bearer, &[("role", "root")]).await;
    assert!(to.ends_with("?error=unknown_role"), "{to}");
    let (_, html, _) = page(&app, &to, Some(&admin.bearer)).await;
    assert!(html.contains("That role does not exist on this site."));

    // A deletion needs the address typed: a slip deletes no one.
    let path = format!("/admin/people/{person}/delete");
    let (_, to) = submit(&app, &path, &admin.bearer, &[("confirm", "someone@example.com")]).await;
    assert!(to.ends_with("?error=delete_mismatch"), "{to}");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM users WHERE id = {person}")).await, 1);
    let (_, to) = submit(&app, &path, &admin.bearer, &[("confirm", " BO@example.com ")]).await;
    assert_eq!(to, "/admin?done=delete");
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM users WHERE id = {person}")).await, 0);
}

#[tokio::test]
async fn a_form_outside_the_sudo_window_goes_to_confirm_the_password_and_changes_nothing() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    app.execute(&format!(
        "UPDATE sessions SET created_at = created_at - 3600, reauthenticated_at = NULL WHERE user_id = {}",
        admin.id
    ))
    .await;
    let (_, html, _) = page(&app, &format!("/admin/people/{person}"), Some(&admin.bearer)).await;
    assert!(html.contains("confirm your password first"), "the page says so before any click");
    let (status, to) = submit(&app, &format!("/admin/people/{person}/disable"), &admin.bearer, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(to, format!("/reauthenticate?next=/admin/people/{person}"));
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 0);
}

#[tokio::test]
async fn the_activity_page_draws_the_chart_and_gives_the_numbers_as_a_table() {
    let (app, _sink) = app_with_mail().await;
    let admin = admin(&app, "admin@example.com").await;
    let (status, html, _) = page(&app, "/admin/activity", Some(&admin.bearer)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("role=\"img\"") && html.contains("<desc id=\"chart-desc\">"));
    assert_eq!(html.matches("<polyline").count(), 3);
    assert_eq!(html.matches("<tr><th scope=\"row\">").count(), 30, "a row per day");
    let (status, html, _) = page(&app, "/admin/audit", Some(&admin.bearer)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nothing recorded.") || html.contains("<table"));
}
