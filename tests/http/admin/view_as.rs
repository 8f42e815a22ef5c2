//! "View as", read-only: an administrator with a fresh password and a reason sees a person's
//! pages as they do, for 15 minutes, under a banner; no credential of the person's exists,
//! nothing on the pages runs or posts, and the person is told who looked and why.

use super::*;

async fn open_view(app: &TestApp, admin: &str, person: i64, reason: &str) -> (StatusCode, String) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = client
        .post(app.url(&format!("/admin/people/{person}/view")))
        .header("cookie", format!("latch_session={admin}"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("reason", reason)])
        .send()
        .await
        .unwrap();
    let location = answer.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (answer.status(), location)
}

async fn view_page(app: &TestApp, admin: &str, path: &str) -> (StatusCode, String, reqwest::header::HeaderMap) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = client.get(app.url(path)).header("cookie", format!("latch_session={admin}")).send().await.unwrap();
    let (status, headers) = (answer.status(), answer.headers().clone());
    (status, answer.text().await.unwrap(), headers)
}

#[tokio::test]
async fn an_administrator_sees_the_persons_pages_read_only_and_the_person_is_told_who_and_why() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    let admin = admin(&app, "admin@example.com").await;
    let sessions_before = app.count(&format!("SELECT COUNT(*) FROM sessions WHERE user_id = {person}")).await;

    let (_, to) = open_view(&app, &admin.bearer, person, "too short").await;
    assert!(to.ends_with("?error=reason_required"), "{to}");
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_views").await, 0);
    let reason = "Bo says the account page shows an old address";
    let (status, to) = open_view(&app, &admin.bearer, person, reason).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(to.starts_with("/admin/view/") && to.ends_with("/account"), "{to}");

    let (status, html, headers) = view_page(&app, &admin.bearer, &to).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("bo@example.com") && html.contains("Signed in as"), "the person's own page");
    assert!(html.contains("view-as-banner") && html.contains(reason), "under the banner, with the reason");
    assert!(!html.contains("admin@example.com"), "the administrator's own account is not what is shown");
    assert!(!html.contains(r#"<script type="module""#) && !html.contains("modulepreload"), "no script");
    assert!(html.contains("<button disabled"), "every control disabled");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("form-action 'none'") && !policy.contains("script-src"), "{policy}");
    let profile = to.replace("/account", "/profile");
    assert!(html.contains(&format!("href=\"{profile}\"")), "the nav's links stay inside the view");
    assert_eq!(view_page(&app, &admin.bearer, &profile).await.0, StatusCode::OK);

    // No credential of the person's was made; their own session is untouched.
    let sessions_after = app.count(&format!("SELECT COUNT(*) FROM sessions WHERE user_id = {person}")).await;
    assert_eq!(sessions_after, sessions_before);
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::OK);
    // Told who and why: history and mail.
    let (_, events) = get(&app, "/auth/events", &bo).await;
    assert_eq!(events[0]["type"], "admin_viewed_as");
    assert_eq!(events[0]["detail"], format!("Admin: \u{201c}{reason}\u{201d}"));
    let mail = sink.wait_for("bo@example.com", 2, ARRIVES_WITHIN).await.remove(1);
    assert!(mail.text().contains("An administrator, Admin,") && mail.text().contains(reason), "{}", mail.text());
    let (_, audit) = get(&app, &format!("/auth/admin/audit?person={person}"), &admin.bearer).await;
    assert_eq!(
        (audit["entries"][0]["action"].as_str(), audit["entries"][0]["detail"].as_str()),
        (Some("viewed_as"), Some(reason))
    );

    // Another administrator's browser, the token alone: nothing. After 15 minutes: nothing.
    let other = super::admin(&app, "other@example.com").await;
    assert_eq!(view_page(&app, &other.bearer, &to).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        view_page(&app, &bo, &to).await.0,
        StatusCode::FORBIDDEN,
        "the person's own session is no administrator"
    );
    app.execute("UPDATE admin_views SET expires_at = created_at").await;
    let (status, html, _) = view_page(&app, &admin.bearer, &to).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("This view has closed"));
}

#[tokio::test]
async fn a_view_needs_the_sudo_window_and_is_never_of_ones_own_account() {
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    let (_, to) = open_view(&app, &admin.bearer, admin.id, "checking my own pages look right").await;
    assert!(to.ends_with("?error=own_account"), "{to}");
    app.execute(&format!(
        "UPDATE sessions SET created_at = created_at - 3600, reauthenticated_at = NULL WHERE user_id = {}",
        admin.id
    ))
    .await;
    let (_, to) = open_view(&app, &admin.bearer, person, "Bo says the page shows an old address").await;
    assert_eq!(to, format!("/reauthenticate?next=/admin/people/{person}"));
    assert_eq!(app.count("SELECT COUNT(*) FROM admin_views").await, 0);
}
