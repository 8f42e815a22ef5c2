//! Sign-in by email: one mail with a code and a link, bound to the browser that asked. The
//! code signs in that browser only; the link's page signs it in there, or, on another device,
//! approves it (that device gets no session). Single use, newer voids older, 5 tries a request
//! and 10 wrong codes an hour per account, the same answer for any address, a second factor
//! still asked, `EMAIL_SIGN_IN=off`. Mail is read from a real SMTP sink.

use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::{
    common::{browser, TestApp, PASSWORD},
    email::{app_with_mail, ARRIVES_WITHIN},
    smtp_sink::SmtpSink,
};

const ADA: &str = "ada@example.com";
const SUBJECT: &str = "Your sign-in code";

/// Calls a server function as the hydrated page does.
async fn call(app: &TestApp, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/auth/{endpoint}")))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Who the browser is signed in as, if anyone.
async fn signed_in_as(app: &TestApp, client: &Client) -> Option<String> {
    let answer: Value = client.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    answer["email"].as_str().map(str::to_owned)
}

/// Ada's account with its address proven (signed up in a browser of its own, which is dropped).
async fn ada(app: &TestApp, sink: &SmtpSink) {
    let first = browser();
    assert_eq!(
        call(app, &first, "signup", &[("email", ADA), ("username", "Ada"), ("password", PASSWORD)]).await.status(),
        StatusCode::OK
    );
    let welcome = sink.wait_for(ADA, 1, ARRIVES_WITHIN).await;
    let token = welcome[0].token_for("/verify-email");
    let proven = reqwest::Client::new()
        .post(app.url("/auth/verify-email"))
        .json(&serde_json::json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(proven.status(), StatusCode::OK);
}

/// Asks for a sign-in mail from `client`.
async fn ask(app: &TestApp, client: &Client, email: &str) -> reqwest::Response {
    call(app, client, "email-sign-in", &[("email", email)]).await
}

/// The `nth` sign-in mail to Ada (from 1): its code and its link's token.
async fn nth_mail(sink: &SmtpSink, nth: usize) -> (String, String) {
    let mail = crate::email::nth_with_subject(sink, ADA, SUBJECT, nth).await;
    let text = mail.text();
    let code = text
        .split_whitespace()
        .find(|word| {
            word.len() == 9 && word.as_bytes()[4] == b'-' && word.chars().all(|c| c == '-' || c.is_ascii_alphanumeric())
        })
        .unwrap_or_else(|| panic!("no code in {text}"))
        .to_owned();
    (code, mail.token_for("/login/email/link"))
}

async fn error_of(answer: reqwest::Response) -> (StatusCode, String) {
    let status = answer.status();
    let body = answer.text().await.unwrap();
    (status, body)
}

async fn events(app: &TestApp, kind: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM events WHERE type = '{kind}'")).await
}

#[tokio::test]
async fn the_code_signs_in_the_browser_that_asked_once_and_no_other() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    let laptop = browser();
    assert_eq!(ask(&app, &laptop, ADA).await.status(), StatusCode::OK);
    let (code, _) = nth_mail(&sink, 1).await;
    let mail = crate::email::nth_with_subject(&sink, ADA, SUBJECT, 1).await;
    assert!(mail.text().contains("Firefox on Windows") && mail.text().contains("127.0.0.0/24"), "{}", mail.text());

    // Someone else's browser with the right code: the request is not theirs.
    let other = browser();
    let (status, body) = error_of(call(&app, &other, "email-sign-in-code", &[("code", &code)]).await).await;
    assert!(status.is_client_error() && body.contains("InvalidChallenge"), "{status} {body}");
    assert_eq!(signed_in_as(&app, &other).await, None);

    // Typed as people type it: lower case, spaces.
    let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
    assert_eq!(call(&app, &laptop, "email-sign-in-code", &[("code", &typed)]).await.status(), StatusCode::OK);
    assert_eq!(signed_in_as(&app, &laptop).await.as_deref(), Some(ADA));

    // Replayed, from the same browser (its cookie kept by hand) or any other: refused.
    let (status, body) = error_of(call(&app, &laptop, "email-sign-in-code", &[("code", &code)]).await).await;
    assert!(status.is_client_error() && body.contains("InvalidChallenge"), "{status} {body}");
    assert_eq!(app.count("SELECT COUNT(*) FROM email_sign_ins").await, 0);
    assert_eq!(events(&app, "email_sign_in_requested").await, 1);
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_mail() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    let known = ask(&app, &browser(), ADA).await;
    let unknown = ask(&app, &browser(), "nobody@example.com").await;
    assert_eq!(known.status(), unknown.status());
    let location =
        |answer: &reqwest::Response| answer.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(location(&known), location(&unknown));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    nth_mail(&sink, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(sink.received_by("nobody@example.com").is_empty());
}

#[tokio::test]
async fn approving_on_another_device_signs_in_the_browser_that_asked_and_not_the_phone() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    let laptop = browser();
    ask(&app, &laptop, ADA).await;
    let (_, token) = nth_mail(&sink, 1).await;
    let state = |client: Client| {
        let app_url = app.url("/api/auth/email-sign-in-state");
        async move { client.get(app_url).send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(state(laptop.clone()).await, "\"Waiting\"");

    // A scanner follows the link: the page asks, nothing changes.
    let phone = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = phone.get(app.url(&format!("/login/email/link?token={token}"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Approve sign-in on Firefox on Windows") && html.contains("127.0.0.0/24"), "{html}");
    assert_eq!(state(laptop.clone()).await, "\"Waiting\"");
    // Not approved yet: going on is refused, with the request kept.
    let early = call(&app, &laptop, "email-sign-in-continue", &[]).await;
    assert!(early.headers().get("location").unwrap().to_str().unwrap().contains("notice=sign_in_not_approved"));
    assert_eq!(signed_in_as(&app, &laptop).await, None);

    // The phone approves: it is sent to the approved page, and holds no session.
    let approved = call(&app, &phone, "email-sign-in-confirm", &[("token", &token)]).await;
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(approved.headers().get("location").unwrap(), "/login/email/approved");
    assert_eq!(signed_in_as(&app, &phone).await, None);
    assert_eq!(state(laptop.clone()).await, "\"Approved\"");
    assert_eq!(events(&app, "email_sign_in_approved").await, 1);

    // The laptop goes on: signed in, once.
    assert_eq!(call(&app, &laptop, "email-sign-in-continue", &[]).await.status(), StatusCode::OK);
    assert_eq!(signed_in_as(&app, &laptop).await.as_deref(), Some(ADA));
    assert_eq!(state(laptop.clone()).await, "\"Ended\"");
    let (status, body) = error_of(call(&app, &phone, "email-sign-in-confirm", &[("token", &token)]).await).await;
    assert!(status.is_client_error() && body.contains("InvalidToken"), "{status} {body}");
}

#[tokio::test]
async fn the_link_in_the_browser_that_asked_signs_it_in() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    let laptop = browser();
    ask(&app, &laptop, ADA).await;
    let (_, token) = nth_mail(&sink, 1).await;
    let page =
        laptop.get(app.url(&format!("/login/email/link?token={token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sign in to your account in this browser?"), "{page}");
    assert_eq!(signed_in_as(&app, &laptop).await, None, "opening the link signs no one in");
    assert_eq!(call(&app, &laptop, "email-sign-in-confirm", &[("token", &token)]).await.status(), StatusCode::OK);
    assert_eq!(signed_in_as(&app, &laptop).await.as_deref(), Some(ADA));
}

#[tokio::test]
async fn five_tries_end_a_request_and_the_account_allows_ten_wrong_codes_an_hour() {
    // Mails are throttled too (two at once per address): this test asks for three.
    let (app, sink) = app_with_mail(&[("THROTTLE_SIGN_IN_MAILS_PER_EMAIL", "100")]).await;
    ada(&app, &sink).await;
    let laptop = browser();
    ask(&app, &laptop, ADA).await;
    let (code, _) = nth_mail(&sink, 1).await;
    let wrong = if code.starts_with('A') { "CCCC-CCCC" } else { "AAAA-AAAA" };
    for attempt in 1..=5 {
        let (status, body) = error_of(call(&app, &laptop, "email-sign-in-code", &[("code", wrong)]).await).await;
        let expected = if attempt < 5 { "InvalidCode" } else { "InvalidChallenge" };
        assert!(status.is_client_error() && body.contains(expected), "try {attempt}: {status} {body}");
    }
    // The right code after five tries: the request is over.
    let (_, body) = error_of(call(&app, &laptop, "email-sign-in-code", &[("code", &code)]).await).await;
    assert!(body.contains("InvalidChallenge"), "{body}");

    // A new request: five more wrong ones reach the account's ten; the eleventh is throttled,
    // on a third request, even with the right code.
    ask(&app, &laptop, ADA).await;
    nth_mail(&sink, 2).await;
    for _ in 1..=5 {
        call(&app, &laptop, "email-sign-in-code", &[("code", wrong)]).await;
    }
    ask(&app, &laptop, ADA).await;
    let (code, _) = nth_mail(&sink, 3).await;
    let (status, body) = error_of(call(&app, &laptop, "email-sign-in-code", &[("code", wrong)]).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(events(&app, "email_sign_in_code_failed").await, 10);
    let _ = code;
}

#[tokio::test]
async fn codes_released_together_are_judged_five_times_at_most_and_sign_in_once() {
    let limits = [("THROTTLE_SIGN_IN_CODE_FAILURES_PER_ACCOUNT", "1000"), ("THROTTLE_SIGN_IN_MAILS_PER_EMAIL", "100")];
    let (app, sink) = app_with_mail(&limits).await;
    ada(&app, &sink).await;
    let laptop = browser();
    ask(&app, &laptop, ADA).await;
    let (code, _) = nth_mail(&sink, 1).await;
    // 8 right codes at once: one sign-in.
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tries = (0..8).map(|_| {
        let (barrier, laptop, url, code) =
            (barrier.clone(), laptop.clone(), app.url("/api/auth/email-sign-in-code"), code.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            laptop.post(url).header("accept", "application/json").form(&[("code", code)]).send().await.unwrap().status()
        })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(tries).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    let sessions = app.strings("SELECT user_agent FROM sessions").await;
    assert_eq!(sessions.len(), 2, "the signup's and this one: {sessions:?}");

    // 20 wrong codes at once against a new request: five are judged.
    ask(&app, &laptop, ADA).await;
    nth_mail(&sink, 2).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(20));
    let tries = (0..20).map(|_| {
        let (barrier, laptop, url) = (barrier.clone(), laptop.clone(), app.url("/api/auth/email-sign-in-code"));
        tokio::spawn(async move {
            barrier.wait().await;
            laptop.post(url).header("accept", "application/json").form(&[("code", "AAAA-AAAA")]).send().await.unwrap()
        })
    });
    futures::future::join_all(tries).await;
    assert!(events(&app, "email_sign_in_code_failed").await <= 5);
    assert_eq!(app.count("SELECT COUNT(*) FROM email_sign_ins").await, 0, "the request ended");
}

#[tokio::test]
async fn a_newer_request_voids_the_older() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    let (first, second) = (browser(), browser());
    ask(&app, &first, ADA).await;
    let (old_code, old_token) = nth_mail(&sink, 1).await;
    ask(&app, &second, ADA).await;
    nth_mail(&sink, 2).await;
    let (_, body) = error_of(call(&app, &first, "email-sign-in-code", &[("code", &old_code)]).await).await;
    assert!(body.contains("InvalidChallenge"), "{body}");
    let (_, body) = error_of(call(&app, &browser(), "email-sign-in-confirm", &[("token", &old_token)]).await).await;
    assert!(body.contains("InvalidToken"), "{body}");
}

#[tokio::test]
async fn a_second_factor_is_still_asked() {
    let (app, sink) = app_with_mail(&[]).await;
    ada(&app, &sink).await;
    app.execute("INSERT INTO totp_factors (user_id, secret_sealed, created_at, enabled_at) SELECT id, 'sealed', 0, 0 FROM users").await;
    let laptop = browser();
    ask(&app, &laptop, ADA).await;
    let (code, _) = nth_mail(&sink, 1).await;
    let answer = call(&app, &laptop, "email-sign-in-code", &[("code", &code)]).await;
    assert!(answer.headers().get("location").unwrap().to_str().unwrap().starts_with("/login/code"));
    assert_eq!(signed_in_as(&app, &laptop).await, None);
}

#[tokio::test]
async fn an_address_never_proven_is_sent_a_reset_link_instead() {
    let (app, sink) = app_with_mail(&[]).await;
    call(&app, &browser(), "signup", &[("email", ADA), ("username", "Ada"), ("password", PASSWORD)]).await;
    sink.wait_for(ADA, 1, ARRIVES_WITHIN).await;
    ask(&app, &browser(), ADA).await;
    let mails = sink.wait_for(ADA, 2, ARRIVES_WITHIN).await;
    assert!(mails.iter().all(|mail| mail.header("Subject").as_deref() != Some(SUBJECT)));
    assert!(mails[1].text().contains("/reset-password?token="), "{}", mails[1].text());
    assert_eq!(app.count("SELECT COUNT(*) FROM email_sign_ins").await, 0);
}

#[tokio::test]
async fn a_deployment_can_turn_it_off() {
    let (app, sink) = app_with_mail(&[("EMAIL_SIGN_IN", "off")]).await;
    ada(&app, &sink).await;
    let (status, _) = error_of(ask(&app, &browser(), ADA).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let login = reqwest::get(app.url("/login")).await.unwrap().text().await.unwrap();
    assert!(!login.contains("/login/email"), "no way there is offered");
    let on = crate::common::spawn_app().await;
    let login = reqwest::get(on.url("/login")).await.unwrap().text().await.unwrap();
    assert!(login.contains("/login/email"), "offered by default");
}
