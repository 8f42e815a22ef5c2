//! Pre-hijacking: someone signs up with another person's address before they do and adds
//! their own ways in. The person's first password reset proves the address is theirs, and
//! takes every way in that was added before it out of the account.

#[allow(unused_imports)]
use super::*;
use crate::smtp_sink::SmtpSink;

const WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

/// The newest mail to `email` with `subject`, waiting for it.
async fn mail_with_subject(sink: &SmtpSink, email: &str, subject: &str) -> crate::smtp_sink::ReceivedMail {
    let deadline = std::time::Instant::now() + WITHIN;
    loop {
        let found = sink.received_by(email).into_iter().rev().find(|m| m.header("Subject").as_deref() == Some(subject));
        if let Some(mail) = found {
            return mail;
        }
        assert!(std::time::Instant::now() < deadline, "no mail {subject:?} to {email}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn reset_by_mail(app: &TestApp, sink: &SmtpSink, email: &str, new_password: &str) -> String {
    assert_eq!(post(app, "/auth/password-reset", None, json!({ "email": email })).await.status(), StatusCode::ACCEPTED);
    let mail = mail_with_subject(sink, email, "Reset your password").await;
    let body = json!({ "token": mail.token_for("/reset-password"), "new_password": new_password });
    assert_eq!(post(app, "/auth/password-reset/confirm", None, body).await.status(), StatusCode::OK);
    mail_with_subject(sink, email, "Your password was changed").await.text()
}

#[tokio::test]
async fn the_owners_first_reset_removes_the_authenticator_and_passkeys_an_intruder_added_before() {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(&[("SMTP_URL", url.as_str()), ("MAIL_FROM", "Latch <latch@example.test>")]).await;
    // The intruder signs up with the victim's address (never proven) and adds two ways in.
    let _intruder = enrolled(&app, "victim@example.com").await;
    app.execute(
        "INSERT INTO passkeys (user_id, credential_id, name, credential, created_at)
         SELECT id, 'intruders-key', 'Intruder', '{}', 0 FROM users WHERE email = 'victim@example.com'",
    )
    .await;

    let notice = reset_by_mail(&app, &sink, "victim@example.com", "a wholly different passphrase 42").await;
    assert!(notice.contains("were removed"), "the mail says so: {notice}");
    for table in ["totp_factors", "recovery_codes", "passkeys"] {
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'factors_removed_unproven'").await, 1);
    // The password alone now signs in: no second step the intruder could answer.
    let (status, body) = login(&app, "victim@example.com", "a wholly different passphrase 42").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_reset_of_a_proven_address_keeps_the_owners_own_authenticator() {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(&[("SMTP_URL", url.as_str()), ("MAIL_FROM", "Latch <latch@example.test>")]).await;
    enrolled(&app, "ada@example.com").await;
    app.execute("UPDATE users SET email_verified_at = 1").await;
    let notice = reset_by_mail(&app, &sink, "ada@example.com", "a brand new passphrase for ada").await;
    assert!(!notice.contains("were removed"), "{notice}");
    assert_eq!(app.count("SELECT COUNT(*) FROM totp_factors").await, 1);
    let (status, body) = login(&app, "ada@example.com", "a brand new passphrase for ada").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_required")));
}
