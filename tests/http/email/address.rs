//! The address: verifying it (the link, resending, only the hash stored, bound to its
//! address) and moving the account to another one.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn signup_mails_a_link_that_verifies_the_address_once_and_only_when_its_form_is_sent() {
    let (app, sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    let mail = sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await.remove(0);
    assert_eq!(mail.header("Subject").as_deref(), Some("Confirm your email address"));
    assert!(mail.html().contains("Confirm my address"), "an HTML part with the button");
    let token = mail.token_for("/verify-email");
    let bearer = token_of(&app, "ada@example.com", PASSWORD).await;
    let before = account(&app, &bearer).await;
    assert_eq!(before["email_verified"], false);
    let keys: Vec<&str> = before.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "created_at",
            "email",
            "email_verified",
            "has_password",
            "id",
            "language",
            "notify_new_device",
            "password_breached",
            "roles",
            "username"
        ]
    );

    // A mail scanner opening the link changes nothing.
    let page =
        app.client.get(mail.link_to("/verify-email").replace("http://127.0.0.1:0", &app.url(""))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Confirm my address"));
    assert_eq!(account(&app, &bearer).await["email_verified"], false);

    let answer = verify(&app, &token).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(account(&app, &bearer).await["email_verified"], true);
    assert_eq!(code_of(verify(&app, &token).await).await, (StatusCode::BAD_REQUEST, "invalid_token".to_owned()));
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'email_verified'").await, 1);
    // `/auth/me` keeps the seed's exact shape.
    let me: Value = reqwest::Client::new()
        .get(app.url("/auth/me"))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me.as_object().unwrap().len(), 3);
}

#[tokio::test]
async fn only_the_hash_of_a_token_is_stored() {
    let (app, sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    let token = sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
    assert_eq!(app.count("SELECT COUNT(*) FROM email_tokens").await, 1);
    let leaked =
        format!("SELECT COUNT(*) FROM email_tokens WHERE token_hash LIKE '%{token}%' OR lookup LIKE '%{token}%'");
    assert_eq!(app.count(&leaked).await, 0);
}

#[tokio::test]
async fn resending_voids_the_older_link_and_stops_once_verified() {
    let (app, sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    let first = sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
    let bearer = token_of(&app, "ada@example.com", PASSWORD).await;
    let resend = || reqwest::Client::new().post(app.url("/auth/verify-email/resend")).bearer_auth(&bearer).send();
    assert_eq!(resend().await.unwrap().status(), StatusCode::ACCEPTED);
    let second = sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await[1].token_for("/verify-email");
    assert_eq!(code_of(verify(&app, &first).await).await.1, "invalid_token");
    assert_eq!(verify(&app, &second).await.status(), StatusCode::OK);
    let answer = resend().await.unwrap();
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert!(answer.text().await.unwrap().contains("already verified"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received_by("ada@example.com").len(), 2, "no third mail");
    let stranger = reqwest::Client::new().post(app.url("/auth/verify-email/resend")).send().await.unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        reqwest::Client::new().get(app.url("/auth/account")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn resending_is_throttled_per_account() {
    let (app, _sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    let bearer = token_of(&app, "ada@example.com", PASSWORD).await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let answer =
            reqwest::Client::new().post(app.url("/auth/verify-email/resend")).bearer_auth(&bearer).send().await;
        statuses.push(answer.unwrap().status());
    }
    assert_eq!(statuses, [StatusCode::ACCEPTED, StatusCode::ACCEPTED, StatusCode::TOO_MANY_REQUESTS]);
}

#[tokio::test]
async fn moving_to_a_new_address_takes_the_password_and_the_new_address_link_and_tells_the_old_one() {
    let (app, sink) = app_with_mail(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    app.signup("taken@example.com", "Bo", PASSWORD).await;
    app.login("ada@example.com", PASSWORD).await;
    let wrong =
        email_fn(&app, "change", &[("new_email", "ada@new.example"), ("password", "not my password at all")]).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let same = email_fn(&app, "change", &[("new_email", " ADA@example.com "), ("password", PASSWORD)]).await;
    assert_eq!(same.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let asked = email_fn(&app, "change", &[("new_email", "ada@new.example"), ("password", PASSWORD)]).await;
    assert!(asked.status().is_success() || asked.status().is_redirection(), "{}", asked.status());

    let link = sink.wait_for("ada@new.example", 1, ARRIVES_WITHIN).await.remove(0);
    assert_eq!(link.header("Subject").as_deref(), Some("Confirm your new email address"));
    let bearer = token_of(&app, "ada@example.com", PASSWORD).await;
    assert_eq!(account(&app, &bearer).await["email"], "ada@example.com", "nothing moves before the link is used");

    let answer = verify(&app, &link.token_for("/verify-email")).await;
    assert_eq!(answer.json::<Value>().await.unwrap()["email_changed"], true);
    let moved = account(&app, &bearer).await;
    assert_eq!((moved["email"].as_str(), moved["email_verified"].as_bool()), (Some("ada@new.example"), Some(true)));
    assert_eq!(bearer_login(&app, "ada@new.example", PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(bearer_login(&app, "ada@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    let notice = nth_with_subject(&sink, "ada@example.com", "Your email address was changed", 1).await;
    assert!(notice.text().contains("a***@new.example"), "the old address is told");
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'email_changed'").await, 1);
}

#[tokio::test]
async fn a_new_address_taken_meanwhile_is_refused_when_the_link_is_used() {
    let (app, sink) = app_with_mail(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    email_fn(&app, "change", &[("new_email", "ada@new.example"), ("password", PASSWORD)]).await;
    let token = sink.wait_for("ada@new.example", 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
    api_signup(&app, "ada@new.example").await;
    let (status, code) = code_of(verify(&app, &token).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "email_taken"));
}

#[tokio::test]
async fn a_link_verifies_only_the_address_it_was_sent_to() {
    let (app, sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    let token = sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
    // The account's address moves without the link being voided (as a race could leave it):
    // the link still names the old address, and verifies nothing.
    app.execute("UPDATE users SET email = 'elsewhere@example.com' WHERE email = 'ada@example.com'").await;
    assert_eq!(code_of(verify(&app, &token).await).await.1, "invalid_token");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL").await, 0);
}
