//! The outbox: an SMTP server that refuses for a while, no SMTP server at all (`/dev/mail`),
//! production without `/dev/mail`, and what a message's HTML part carries.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn mail_the_smtp_server_refuses_for_a_while_is_sent_once_it_accepts() {
    let (app, sink) = app_with_mail(&[]).await;
    sink.refuse_next(2);
    api_signup(&app, "ada@example.com").await;
    // Retries after 1 s and 2 s.
    let mails = sink.wait_for("ada@example.com", 1, Duration::from_secs(20)).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(sink.attempts(), 3, "two refusals, then the send");
    // The sink has the message a moment before the worker records the server's acceptance.
    let sent = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 3";
    let deadline = Instant::now() + ARRIVES_WITHIN;
    while app.count(sent).await != 1 {
        assert!(Instant::now() < deadline, "the outbox never recorded the send");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn without_smtp_messages_wait_in_the_outbox_and_dev_mail_lists_them_with_their_links() {
    let app = spawn_app_with(&[]).await;
    api_signup(&app, "ada@example.com").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await, 1);
    let page = app.client.get(app.url("/dev/mail")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'; style-src 'sha256-"));
    let html = page.text().await.unwrap();
    assert!(html.contains("ada@example.com") && html.contains("Confirm your email address"));
    assert!(html.contains("/verify-email?token="), "the link, ready to open");
}

#[tokio::test]
async fn dev_mail_is_not_served_in_production() {
    let production = [
        ("LATCH_ENV", "production"),
        ("COOKIE_SECURE", "false"),
        ("FACTOR_SECRET", "a factor secret for the production test, 32+ bytes"),
    ];
    let (app, _sink) = app_with_mail(&production).await;
    assert_eq!(app.client.get(app.url("/dev/mail")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dev_mail_is_not_served_by_a_development_server_that_faces_a_proxy_or_a_public_origin() {
    // Each, alone, is how a deployment looks: configured as development by mistake, it must
    // still not list every account's links.
    let deployed_by_mistake: [&[(&str, &str)]; 3] = [
        &[("TRUST_PROXY", "true")],
        &[("PUBLIC_ORIGIN", "https://accounts.example.com")],
        &[("PUBLIC_ORIGIN", "http://accounts.example.com")],
    ];
    for overrides in deployed_by_mistake {
        let app = crate::common::spawn_app_with(overrides).await;
        let status = app.client.get(app.url("/dev/mail")).send().await.unwrap().status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{overrides:?}");
    }
    let local = crate::common::spawn_app_with(&[("PUBLIC_ORIGIN", "http://localhost:3000")]).await;
    assert_eq!(local.client.get(local.url("/dev/mail")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_name_with_markup_arrives_escaped_in_the_html_part() {
    let (app, sink) = app_with_mail(&[]).await;
    let answer = app
        .client
        .post(app.url("/auth/signup"))
        .json(&json!({ "email": "ada@example.com", "username": "<img src=x onerror=alert(1)>", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let html = sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await[0].html();
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img"), "{html}");
}

#[tokio::test]
async fn deleting_the_account_deletes_its_messages_sent_or_not_in_the_same_transaction() {
    let (app, sink) = app_with_mail(&[]).await;
    app.signup("bo@example.com", "Bo", PASSWORD).await;
    // The client's cookie is Ada's, who signed up last.
    app.signup("ada@example.com", "Ada Lovelace", PASSWORD).await;
    email_fn(&app, "change", &[("new_email", "ada@new.example"), ("password", PASSWORD)]).await;
    sink.wait_for("ada@new.example", 1, ARRIVES_WITHIN).await;
    let about_ada = "SELECT COUNT(*) FROM outbox WHERE text_body LIKE '%Ada Lovelace%' OR recipient LIKE 'ada@%'";
    assert!(app.count(about_ada).await >= 2, "the signup's and the move's messages, sent");
    let bearer = token_of(&app, "ada@example.com", PASSWORD).await;
    let deleted = reqwest::Client::new()
        .delete(app.url("/auth/account"))
        .bearer_auth(&bearer)
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count(about_ada).await, 0, "no address, name or body of the account is left");
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE recipient = 'bo@example.com'").await, 1, "others' stay");
}
