//! The guessing notice: when the throttle refuses guesses at an account, its owner is mailed
//! how many wrong passwords came from how many networks, at most once every 12 hours, and
//! nothing is locked. Then the notices' caps under a burst served by three instances on one
//! database (PostgreSQL when the suite runs on it): one guessing mail, five new-device mails.

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::{
    common::{spawn_app_with, TestApp, PASSWORD},
    email::app_with_mail,
    smtp_sink::{ReceivedMail, SmtpSink},
};

const ADA: &str = "ada@example.com";
const GUESSING: &str = "Someone is trying to guess your password";
/// A burst of 2 wrong passwords per account and address, 20 per account: quick to reach.
const TIGHT: [(&str, &str); 2] = [("TRUST_PROXY", "true"), ("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", "20")];

async fn login_from(app: &TestApp, address: &str, password: &str) -> StatusCode {
    Client::new()
        .post(app.url("/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({ "email": ADA, "password": password }))
        .send()
        .await
        .unwrap()
        .status()
}

async fn mails_about(sink: &SmtpSink, subject: &str) -> Vec<ReceivedMail> {
    // The outbox sends at once; a moment lets a mail that should not exist show itself.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    sink.received_by(ADA).into_iter().filter(|mail| mail.header("Subject").as_deref() == Some(subject)).collect()
}

async fn signed_up(app: &TestApp) {
    let body = json!({ "email": ADA, "username": "Ada", "password": PASSWORD });
    assert_eq!(Client::new().post(app.url("/auth/signup")).json(&body).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn guesses_the_throttle_refuses_are_told_once_in_twelve_hours_and_lock_nothing() {
    let (app, sink) = app_with_mail(&TIGHT).await;
    signed_up(&app).await;
    for _ in 0..2 {
        assert_eq!(login_from(&app, "203.0.113.5", "a wrong password guess").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_from(&app, "203.0.113.5", "a wrong password guess").await, StatusCode::TOO_MANY_REQUESTS);
    let told = mails_about(&sink, GUESSING).await;
    assert_eq!(told.len(), 1);
    assert!(told[0].text().contains("2 wrong passwords, from 1 networks"), "{}", told[0].text());
    assert!(!told[0].text().contains("http"), "no link in it");

    // More guesses from elsewhere within the 12 hours: no second mail.
    for _ in 0..2 {
        assert_eq!(login_from(&app, "198.51.100.9", "another wrong guess").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_from(&app, "198.51.100.9", "another wrong guess").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(mails_about(&sink, GUESSING).await.len(), 1);
    // Nothing is locked: the owner signs in from her own network.
    assert_eq!(login_from(&app, "192.0.2.44", PASSWORD).await, StatusCode::OK);

    // Twelve hours later, the next refusal tells again, with what happened since.
    app.execute("UPDATE users SET guessing_notice_at = guessing_notice_at - 43201").await;
    assert_eq!(login_from(&app, "198.51.100.9", "another wrong guess").await, StatusCode::TOO_MANY_REQUESTS);
    let told = mails_about(&sink, GUESSING).await;
    assert_eq!(told.len(), 2);
    assert!(told[1].text().contains("4 wrong passwords, from 2 networks"), "{}", told[1].text());
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'guessing_noticed'").await, 2);
}

#[tokio::test]
async fn a_refusal_with_no_wrong_password_recorded_tells_no_one() {
    // One address spraying other (unknown) addresses empties its own bucket; Ada's first
    // login from it is refused, but no one guessed at her password.
    let (app, sink) = app_with_mail(&[("TRUST_PROXY", "true"), ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "20")]).await;
    signed_up(&app).await;
    for n in 0..2 {
        let body = json!({ "email": format!("nobody{n}@example.com"), "password": "a wrong password guess" });
        let answer = Client::new()
            .post(app.url("/auth/login"))
            .header("x-forwarded-for", "203.0.113.5")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_from(&app, "203.0.113.5", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert!(mails_about(&sink, GUESSING).await.is_empty());
}

/// Three servers on one database, mail to one sink.
async fn three_instances(extra: &[(&str, &str)]) -> (Vec<TestApp>, SmtpSink) {
    let (first, sink) = app_with_mail(extra).await;
    let url = sink.url();
    let database = first.database_url.clone();
    let mut vars =
        vec![("SMTP_URL", url.as_str()), ("MAIL_FROM", "Latch <latch@example.test>"), ("DATABASE_URL", &database)];
    vars.extend_from_slice(extra);
    let second = spawn_app_with(&vars).await;
    let third = spawn_app_with(&vars).await;
    (vec![first, second, third], sink)
}

#[tokio::test]
async fn a_burst_of_guesses_at_three_instances_mails_the_owner_once() {
    let (apps, sink) = three_instances(&TIGHT).await;
    signed_up(&apps[0]).await;
    // Guesses released together from 20 addresses, three each, each address at one instance
    // (so that even instances with their own buckets, on SQLite, refuse its third).
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(60));
    let guesses = (0..60).map(|n| {
        let (barrier, url) = (barrier.clone(), apps[(n % 20) % 3].url("/auth/login"));
        async move {
            barrier.wait().await;
            Client::new()
                .post(url)
                .header("x-forwarded-for", format!("203.0.{}.7", n % 20))
                .json(&json!({ "email": ADA, "password": "a wrong password guess" }))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let answers = futures::future::join_all(guesses).await;
    assert!(answers.contains(&StatusCode::TOO_MANY_REQUESTS), "the throttle refused some");
    // Refused guesses keep coming after the burst (with the wrong passwords recorded by now),
    // each a chance to mail again.
    for n in 0..9 {
        login_from(&apps[n % 3], &format!("203.0.{n}.7"), "a wrong password guess").await;
    }
    assert_eq!(mails_about(&sink, GUESSING).await.len(), 1);
}

#[tokio::test]
async fn sign_ins_from_ten_new_devices_at_three_instances_make_five_mails() {
    let (apps, sink) = three_instances(&[]).await;
    signed_up(&apps[0]).await;
    let first = json!({ "email": ADA, "password": PASSWORD });
    assert_eq!(
        Client::new().post(apps[0].url("/auth/login")).json(&first).send().await.unwrap().status(),
        StatusCode::OK
    );
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(10));
    let sign_ins = (0..10).map(|n| {
        let (barrier, url) = (barrier.clone(), apps[n % 3].url("/auth/login"));
        async move {
            barrier.wait().await;
            Client::new()
                .post(url)
                .header("user-agent", format!("script-{n}/1.0"))
                .json(&json!({ "email": ADA, "password": PASSWORD }))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    for status in futures::future::join_all(sign_ins).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(mails_about(&sink, "A new sign-in to your account").await.len(), 5);
    assert_eq!(apps[0].count("SELECT COUNT(*) FROM events WHERE type = 'new_device'").await, 10);
}
