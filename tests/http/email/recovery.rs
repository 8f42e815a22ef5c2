//! What an old credential earned ends with the owner's recovery: a reset, a password change
//! and "sign out everywhere" void every pending address change and every outstanding link of
//! the account, and a link works only for the address it was mailed to.

#[allow(unused_imports)]
use super::*;

const INTRUDER_MAILBOX: &str = "intruder@evil.example";

/// The three ways an owner takes the account back, each given the owner's bearer token.
#[derive(Clone, Copy, Debug)]
enum Recovery {
    Reset,
    PasswordChange,
    SignOutEverywhere,
}

async fn recover(app: &TestApp, sink: &crate::smtp_sink::SmtpSink, how: Recovery) {
    let owner = token_of(app, "ada@example.com", PASSWORD).await;
    let client = reqwest::Client::new();
    let status = match how {
        Recovery::Reset => {
            // The intruder's outstanding link was the first reset mail; this is the second.
            assert_eq!(ask_reset(app, "ada@example.com").await.status(), StatusCode::ACCEPTED);
            let token = reset_token(&nth_with_subject(sink, "ada@example.com", "Reset your password", 2).await);
            confirm_reset(app, &token, NEW_PASSWORD).await.status()
        }
        Recovery::PasswordChange => {
            let body = json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD });
            client.post(app.url("/auth/password")).bearer_auth(&owner).json(&body).send().await.unwrap().status()
        }
        Recovery::SignOutEverywhere => {
            let url = app.url("/auth/sessions/revoke-others");
            client.post(url).bearer_auth(&owner).send().await.unwrap().status()
        }
    };
    assert_eq!(status, StatusCode::OK, "{how:?}");
}

#[tokio::test]
async fn an_intruders_pending_address_change_dies_with_each_way_the_owner_recovers() {
    for how in [Recovery::Reset, Recovery::PasswordChange, Recovery::SignOutEverywhere] {
        let (app, sink) = app_with_mail(&[]).await;
        app.signup("ada@example.com", "Ada", PASSWORD).await;
        // The intruder, with the password and a session (the test client's cookie), asks to
        // move the account to their mailbox, and keeps the link.
        app.login("ada@example.com", PASSWORD).await;
        let asked = email_fn(&app, "change", &[("new_email", INTRUDER_MAILBOX), ("password", PASSWORD)]).await;
        assert!(asked.status().is_success(), "{how:?}: {}", asked.status());
        let kept = sink.wait_for(INTRUDER_MAILBOX, 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
        // A reset link the intruder might have asked for meanwhile (to the owner's mailbox).
        assert_eq!(ask_reset(&app, "ada@example.com").await.status(), StatusCode::ACCEPTED);
        let outstanding_reset =
            reset_token(&nth_with_subject(&sink, "ada@example.com", "Reset your password", 1).await);

        recover(&app, &sink, how).await;

        let (status, code) = code_of(verify(&app, &kept).await).await;
        assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_token"), "{how:?}: the move is void");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'intruder@evil.example'").await, 0, "{how:?}");
        if !matches!(how, Recovery::Reset) {
            let (status, code) =
                code_of(confirm_reset(&app, &outstanding_reset, "the intruders own passphrase").await).await;
            assert_eq!(
                (status, code.as_str()),
                (StatusCode::BAD_REQUEST, "invalid_token"),
                "{how:?}: older reset link"
            );
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM email_tokens").await, 0, "{how:?}: no link of the account is left");
    }
}

#[tokio::test]
async fn a_reset_link_mailed_to_the_old_address_stops_working_once_the_account_moves() {
    let (app, sink) = app_with_mail(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    app.login("ada@example.com", PASSWORD).await;
    assert_eq!(ask_reset(&app, "ada@example.com").await.status(), StatusCode::ACCEPTED);
    let old_reset = reset_token(&nth_with_subject(&sink, "ada@example.com", "Reset your password", 1).await);
    email_fn(&app, "change", &[("new_email", "ada@new.example"), ("password", PASSWORD)]).await;
    let move_link = sink.wait_for("ada@new.example", 1, ARRIVES_WITHIN).await[0].token_for("/verify-email");
    assert_eq!(verify(&app, &move_link).await.status(), StatusCode::OK);

    let (status, code) = code_of(confirm_reset(&app, &old_reset, NEW_PASSWORD).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_token"));
    assert_eq!(bearer_login(&app, "ada@new.example", PASSWORD).await.status(), StatusCode::OK, "password unchanged");
}

#[tokio::test]
async fn a_reset_link_works_only_while_the_account_has_the_address_it_was_mailed_to() {
    let (app, sink) = app_with_mail(&[]).await;
    api_signup(&app, "ada@example.com").await;
    assert_eq!(ask_reset(&app, "ada@example.com").await.status(), StatusCode::ACCEPTED);
    let token = reset_token(sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await.last().unwrap());
    // The address moves without the link being voided (as a race could leave it).
    app.execute("UPDATE users SET email = 'elsewhere@example.com' WHERE email = 'ada@example.com'").await;
    let (status, code) = code_of(confirm_reset(&app, &token, NEW_PASSWORD).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_token"));
    // Refused, the link is not spent: were the address back, it would work.
    app.execute("UPDATE users SET email = 'ada@example.com' WHERE email = 'elsewhere@example.com'").await;
    assert_eq!(confirm_reset(&app, &token, NEW_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn moving_to_a_taken_address_is_answered_like_a_free_one_and_mails_no_one() {
    let (app, sink) = app_with_mail(&[]).await;
    app.signup("taken@example.com", "Bo", PASSWORD).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let mails_to_bo = sink.wait_for("taken@example.com", 1, ARRIVES_WITHIN).await.len();
    let free = email_fn(&app, "change", &[("new_email", "free@example.com"), ("password", PASSWORD)]).await;
    let (free_status, free_body) = (free.status(), free.text().await.unwrap());
    let taken = email_fn(&app, "change", &[("new_email", "taken@example.com"), ("password", PASSWORD)]).await;
    assert_eq!((taken.status(), taken.text().await.unwrap()), (free_status, free_body), "the same answer");
    assert!(free_status.is_success(), "{free_status}");
    sink.wait_for("free@example.com", 1, ARRIVES_WITHIN).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.received_by("taken@example.com").len(), mails_to_bo, "nothing mailed to the taken address");
}

#[tokio::test]
async fn moving_to_a_new_address_is_throttled_per_account() {
    let (app, _sink) = app_with_mail(&[]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let to = format!("someone-{n}@example.com");
        statuses.push(email_fn(&app, "change", &[("new_email", to.as_str()), ("password", PASSWORD)]).await.status());
    }
    // The default, 20 an hour, allows a burst of two.
    assert!(statuses[..2].iter().all(|s| s.is_success()), "{statuses:?}");
    assert_eq!(statuses[2..], [StatusCode::TOO_MANY_REQUESTS; 2], "{statuses:?}");
}
