//! New-device notices: a browser is known by its device cookie across sessions, a program by
//! its agent and network; a sign-in from a device the account has not seen mails its owner,
//! at most five times a day, unless they turned it off; the mail's "This wasn't me" link ends
//! every session and sends a reset link, once. Mail is read from a real SMTP sink.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{
    common::{browser, TestApp, FIREFOX, PASSWORD},
    email::{app_with_mail, ARRIVES_WITHIN},
    smtp_sink::SmtpSink,
};

const ADA: &str = "ada@example.com";

async fn browser_login(app: &TestApp, client: &Client) -> StatusCode {
    client
        .post(app.url("/api/auth/login"))
        .header("accept", "application/json")
        .form(&[("email", ADA), ("password", PASSWORD)])
        .send()
        .await
        .unwrap()
        .status()
}

/// Ada's account, made in `first` (its first device: no notice for it), her welcome mail read.
async fn ada_signed_up_in(app: &TestApp, sink: &SmtpSink, first: &Client) {
    let answer = first
        .post(app.url("/api/auth/signup"))
        .header("accept", "application/json")
        .form(&[("email", ADA), ("username", "Ada"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    sink.wait_for(ADA, 1, ARRIVES_WITHIN).await;
}

async fn new_device_mails(sink: &SmtpSink) -> Vec<crate::smtp_sink::ReceivedMail> {
    // The outbox sends at once; a moment lets a mail that should not exist show itself.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    sink.received_by(ADA)
        .into_iter()
        .filter(|mail| mail.header("Subject").as_deref() == Some("A new sign-in to your account"))
        .collect()
}

async fn events(app: &TestApp, kind: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM events WHERE type = '{kind}'")).await
}

#[tokio::test]
async fn the_same_browser_is_known_and_another_one_is_mailed_about() {
    let (app, sink) = app_with_mail(&[]).await;
    let laptop = browser();
    ada_signed_up_in(&app, &sink, &laptop).await;
    // The same browser after its session ended: known by its device cookie.
    laptop.post(app.url("/api/auth/logout")).header("accept", "application/json").send().await.unwrap();
    assert_eq!(browser_login(&app, &laptop).await, StatusCode::OK);
    assert!(new_device_mails(&sink).await.is_empty(), "a known browser is not new");

    let phone = browser();
    assert_eq!(browser_login(&app, &phone).await, StatusCode::OK);
    let mails = new_device_mails(&sink).await;
    assert_eq!(mails.len(), 1);
    let text = mails[0].text();
    assert!(text.contains("Firefox on Windows") && text.contains("127.0.0.0/24") && text.contains("UTC"), "{text}");
    assert!(mails[0].link_to("/not-me").contains("/not-me?token="));
    assert_eq!(events(&app, "new_device").await, 1);
    // And the phone is known from now on.
    assert_eq!(browser_login(&app, &phone).await, StatusCode::OK);
    assert_eq!(new_device_mails(&sink).await.len(), 1);
}

#[tokio::test]
async fn a_program_is_known_by_its_agent_and_network() {
    let (app, sink) = app_with_mail(&[]).await;
    ada_signed_up_in(&app, &sink, &browser()).await;
    let login = |agent: &'static str| {
        Client::new()
            .post(app.url("/auth/login"))
            .header("user-agent", agent)
            .json(&json!({ "email": ADA, "password": PASSWORD }))
            .send()
    };
    assert_eq!(login("nightly-report/1.0").await.unwrap().status(), StatusCode::OK);
    assert_eq!(login("nightly-report/1.0").await.unwrap().status(), StatusCode::OK);
    assert_eq!(new_device_mails(&sink).await.len(), 1, "the script's first sign-in only");
    assert_eq!(login("curl/8.5").await.unwrap().status(), StatusCode::OK);
    assert_eq!(new_device_mails(&sink).await.len(), 2, "another program is another device");
}

#[tokio::test]
async fn at_most_five_mails_a_day_and_none_when_turned_off() {
    let (app, sink) = app_with_mail(&[]).await;
    let laptop = browser();
    ada_signed_up_in(&app, &sink, &laptop).await;
    for _ in 0..7 {
        assert_eq!(browser_login(&app, &browser()).await, StatusCode::OK);
    }
    assert_eq!(new_device_mails(&sink).await.len(), 5, "the day's cap");
    assert_eq!(events(&app, "new_device").await, 7, "every new device is in the history");

    // Turned off on the account page: the next new device is recorded, not mailed.
    assert_eq!(browser_login(&app, &laptop).await, StatusCode::OK);
    let saved = laptop.post(app.url("/api/account/notices")).header("accept", "application/json").send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap());
    let token: Value = Client::new()
        .post(app.url("/auth/login"))
        .json(&json!({ "email": ADA, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let account: Value = Client::new()
        .get(app.url("/auth/account"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(account["notify_new_device"], false);
    app.execute("DELETE FROM sign_in_alerts").await; // a new day, as far as the cap goes
    assert_eq!(browser_login(&app, &browser()).await, StatusCode::OK);
    assert_eq!(new_device_mails(&sink).await.len(), 5, "off means off");
}

#[tokio::test]
async fn sign_ins_released_together_from_one_new_device_mail_once() {
    let (app, sink) = app_with_mail(&[]).await;
    ada_signed_up_in(&app, &sink, &browser()).await;
    let device = format!("latch_device={}", "A".repeat(43));
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(6));
    let logins = (0..6).map(|_| {
        let (barrier, url, device) = (barrier.clone(), app.url("/api/auth/login"), device.clone());
        async move {
            barrier.wait().await;
            Client::new()
                .post(url)
                .header("accept", "application/json")
                .header("cookie", device)
                .form(&[("email", ADA), ("password", PASSWORD)])
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    for status in futures::future::join_all(logins).await {
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(new_device_mails(&sink).await.len(), 1);
    assert_eq!(events(&app, "new_device").await, 1);
}

#[tokio::test]
async fn this_wasnt_me_ends_every_session_and_mails_a_reset_link_once() {
    let (app, sink) = app_with_mail(&[]).await;
    let laptop = browser();
    ada_signed_up_in(&app, &sink, &laptop).await;
    let intruder = browser();
    assert_eq!(browser_login(&app, &intruder).await, StatusCode::OK);
    let link = new_device_mails(&sink).await[0].token_for("/not-me");

    // A scanner fetching the link changes nothing.
    let page = Client::new().get(app.url(&format!("/not-me?token={link}"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("This wasn't me"));
    let me = |client: &Client| client.get(app.url("/api/auth/me")).header("accept", "application/json").send();
    assert_ne!(me(&intruder).await.unwrap().text().await.unwrap(), "null", "still signed in after the scanner");

    let report = |token: String| {
        Client::new()
            .post(app.url("/api/account/not-me"))
            .header("accept", "application/json")
            .form(&[("token", token)])
            .send()
    };
    assert_eq!(report(link.clone()).await.unwrap().status(), StatusCode::OK);
    assert_eq!(me(&intruder).await.unwrap().text().await.unwrap(), "null", "the intruder's session ended");
    assert_eq!(me(&laptop).await.unwrap().text().await.unwrap(), "null", "and every other");
    let reset = sink.wait_for(ADA, 3, ARRIVES_WITHIN).await;
    assert_eq!(reset[2].header("Subject").as_deref(), Some("Reset your password"));
    assert_eq!(events(&app, "not_me_reported").await, 1);
    // Used once.
    let again = report(link).await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST, "{}", again.text().await.unwrap());
    // The intruder's device is forgotten: its next sign-in is new again.
    assert_eq!(browser_login(&app, &intruder).await, StatusCode::OK);
    assert_eq!(new_device_mails(&sink).await.len(), 2);
}

#[tokio::test]
async fn the_export_lists_the_known_devices_and_the_notice_setting_never_the_cookie() {
    let (app, sink) = app_with_mail(&[]).await;
    let laptop = browser();
    ada_signed_up_in(&app, &sink, &laptop).await;
    let export = laptop.get(app.url("/auth/export")).send().await.unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let export: Value = export.json().await.unwrap();
    assert_eq!(export["notices"], json!({ "new_device": true }));
    let devices = export["known_devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["kind"], "browser");
    assert_eq!(devices[0]["network"], "127.0.0.0/24");
    assert_eq!(devices[0]["user_agent"], FIREFOX);
    assert_eq!(export["password_breached"], false);
}

/// The store's own guards, raced directly: HTTP sign-ins queue for the hashing threads and
/// rarely meet at the device's row, so the race is made here, on both databases.
mod raced {
    use latch::auth::server::{
        email::link_tokens::OneTimeToken,
        store::{
            devices::{note_sign_in, use_alert, DeviceNoted, NewAlert, SeenDevice},
            outbox::Mail,
        },
    };

    use super::*;

    fn mail() -> Mail {
        Mail {
            kind: "new_device",
            recipient: ADA.into(),
            subject: "A new sign-in".into(),
            text: "t".into(),
            html: "h".into(),
        }
    }

    /// Ada signed up through the JSON API: her first device (a program) is known.
    async fn ada_with_a_first_device(app: &TestApp) -> i64 {
        assert_eq!(
            Client::new()
                .post(app.url("/auth/signup"))
                .json(&json!({ "email": ADA, "username": "Ada", "password": PASSWORD }))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
        let login = Client::new().post(app.url("/auth/login")).json(&json!({ "email": ADA, "password": PASSWORD }));
        assert_eq!(login.send().await.unwrap().status(), StatusCode::OK);
        app.count("SELECT id FROM users").await
    }

    #[tokio::test]
    async fn one_new_device_noted_at_once_from_eight_places_makes_one_mail() {
        let app = crate::common::spawn_app().await;
        let user_id = ada_with_a_first_device(&app).await;
        let hash = "b".repeat(64);
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(8));
        let notes = (0..8).map(|_| {
            let (barrier, db, hash) = (barrier.clone(), app.auth.db().clone(), hash.clone());
            async move {
                let token = OneTimeToken::generate();
                let mail = mail();
                let alert = NewAlert { digest: &token.digest, mail: &mail, expires_at: i64::MAX, per_day: 5 };
                let seen =
                    SeenDevice { hash: &hash, kind: "browser", user_agent: None, network: "127.0.0.0/24", now: 1000 };
                barrier.wait().await;
                note_sign_in(&db, user_id, &seen, Some(&alert)).await.unwrap()
            }
        });
        let noted = futures::future::join_all(notes).await;
        let mailed = noted.iter().filter(|n| **n == DeviceNoted::New { mailed: true }).count();
        assert_eq!(mailed, 1, "{noted:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM sign_in_alerts").await, 1);
    }

    #[tokio::test]
    async fn ten_new_devices_noted_at_once_make_five_mails() {
        let app = crate::common::spawn_app().await;
        let user_id = ada_with_a_first_device(&app).await;
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(10));
        let notes = (0..10).map(|n| {
            let (barrier, db) = (barrier.clone(), app.auth.db().clone());
            async move {
                let (token, mail, hash) = (OneTimeToken::generate(), mail(), format!("{n:064x}"));
                let alert = NewAlert { digest: &token.digest, mail: &mail, expires_at: i64::MAX, per_day: 5 };
                let seen =
                    SeenDevice { hash: &hash, kind: "browser", user_agent: None, network: "127.0.0.0/24", now: 1000 };
                barrier.wait().await;
                note_sign_in(&db, user_id, &seen, Some(&alert)).await.unwrap()
            }
        });
        let noted = futures::future::join_all(notes).await;
        let mailed = noted.iter().filter(|n| **n == DeviceNoted::New { mailed: true }).count();
        assert_eq!(mailed, 5, "{noted:?}");
    }

    #[tokio::test]
    async fn a_this_wasnt_me_link_pressed_eight_times_at_once_acts_once() {
        let app = crate::common::spawn_app().await;
        let user_id = ada_with_a_first_device(&app).await;
        let token = OneTimeToken::generate();
        let mail = mail();
        let alert = NewAlert { digest: &token.digest, mail: &mail, expires_at: i64::MAX, per_day: 5 };
        let seen = |hash: &'static str| SeenDevice {
            hash,
            kind: "browser",
            user_agent: None,
            network: "127.0.0.0/24",
            now: 1000,
        };
        let first = "c".repeat(64).leak();
        let second = "d".repeat(64).leak();
        note_sign_in(app.auth.db(), user_id, &seen(first), None).await.unwrap();
        let noted = note_sign_in(app.auth.db(), user_id, &seen(second), Some(&alert)).await.unwrap();
        assert_eq!(noted, DeviceNoted::New { mailed: true });
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(8));
        let presses = (0..8).map(|_| {
            let (barrier, db, digest) = (barrier.clone(), app.auth.db().clone(), token.digest.clone());
            async move {
                barrier.wait().await;
                use_alert(&db, &digest, 2000).await.unwrap().is_some()
            }
        });
        let acted = futures::future::join_all(presses).await.into_iter().filter(|acted| *acted).count();
        assert_eq!(acted, 1);
    }
}
