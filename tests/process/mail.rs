//! The outbox across a crash: a message requested, refused by the SMTP server, the process
//! killed with `kill -9` before any send succeeded, then a new process on the same database
//! sends it. Nothing was in memory that mattered.

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::{one_at_a_time, running::RunningServer, smtp_sink::SmtpSink, PASSWORD};

#[tokio::test]
async fn a_message_outlives_kill_9_and_an_smtp_outage() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start();
    sink.refuse_next(u32::MAX);
    let env = [("SMTP_URL", sink.url()), ("MAIL_FROM", "Latch <latch@example.test>".to_owned())];
    let env: Vec<(&str, &str)> = env.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let mut first = RunningServer::start(dir.path(), &env);
    let answer = Client::new()
        .post(first.url("/auth/password-reset"))
        .json(&json!({ "email": "nobody@example.com" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let signup = Client::new()
        .post(first.url("/auth/signup"))
        .json(&json!({ "email": "ada@example.com", "username": "Ada", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), StatusCode::OK);
    // The worker tried, the server refused, and the worker wrote down the refusal: the message
    // is still only in the outbox, due again soon. (Killed between the refusal and that write,
    // the message would wait out its claim's lease instead, a minute: another test's story.)
    let outbox = sqlx::SqlitePool::connect(&format!("sqlite://{}/latch.db", dir.path().display())).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let refused: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL")
            .fetch_one(&outbox)
            .await
            .unwrap();
        if sink.attempts() > 0 && refused > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker never tried to send, or never recorded the refusal"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    outbox.close().await;
    first.kill();
    assert!(sink.received().is_empty());

    sink.refuse_next(0);
    let second = RunningServer::start(dir.path(), &env);
    let mails = sink.wait_for("ada@example.com", 1, Duration::from_secs(30)).await;
    assert!(mails[0].link_to("/verify-email").contains("token="));
    // Exactly one message, to the one account: the unknown address never had one. (The
    // worker logs the send once the server's acceptance reaches it, a moment after the sink.)
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);
    assert!(second.log().contains("mail_sent"), "{}", second.log());
}
