//! What an attacker tries on the provider door: forged ID tokens (each defence alone, against
//! the rogue issuer), a callback without its browser, with another `state`, replayed, a code
//! spent twice, and a provider that answers slowly or not at all.

use std::time::{Duration, Instant};

use super::app_on_known_port;
use super::rogue::{Forgery, Rogue, CLIENT_ID};
use super::{assert_redirects_to, browser, open, to_callback, Setup};
use crate::common::TestApp;

async fn with_rogue(timeout_secs: &str) -> (TestApp, Rogue) {
    let rogue = Rogue::start().await;
    let app = app_on_known_port(&[
        ("OIDC_ROGUE_ISSUER", rogue.issuer.as_str()),
        ("OIDC_ROGUE_CLIENT_ID", CLIENT_ID),
        ("OIDC_ROGUE_CLIENT_SECRET", "rogue-secret"),
        ("PROVIDER_TIMEOUT_SECS", timeout_secs),
    ])
    .await;
    (app, rogue)
}

/// Signs in at the rogue, which forges `forgery`; Latch's answer.
async fn through_rogue(app: &TestApp, rogue: &Rogue, forgery: Forgery) -> (reqwest::Response, reqwest::Client) {
    rogue.forge(forgery);
    let browser = browser();
    let leave = browser.get(app.url("/auth/oidc/rogue?next=/profile")).send().await.unwrap();
    let authorize = leave.headers()["location"].to_str().unwrap().to_owned();
    let back = browser.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_owned();
    (open(&browser, &callback).await, browser)
}

#[tokio::test]
async fn every_forged_id_token_is_refused_and_a_well_made_one_signs_in() {
    let (app, rogue) = with_rogue("3").await;
    let forgeries = [
        Forgery::WrongIssuer,
        Forgery::WrongAudience,
        Forgery::Expired,
        Forgery::NoNonce,
        Forgery::WrongNonce,
        Forgery::AlgNone,
        Forgery::Hs256WithPublicKey,
        Forgery::UnpublishedAlgorithm,
    ];
    for forgery in forgeries {
        let (answer, browser) = through_rogue(&app, &rogue, forgery).await;
        assert_eq!(answer.status(), 502, "{forgery:?}");
        let page = answer.text().await.unwrap();
        assert!(page.contains("did not pass our checks"), "{forgery:?}: {page}");
        let me = browser.get(app.url("/auth/me")).send().await.unwrap();
        assert_eq!(me.status(), 401, "{forgery:?} signed someone in");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "no forged token made an account");
    // The control: the same rogue's well-made token signs in, so each refusal above is the
    // one defence the forgery met.
    let (answer, browser) = through_rogue(&app, &rogue, Forgery::None).await;
    assert_redirects_to(&answer, "/profile");
    let me: serde_json::Value = browser.get(app.url("/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "rogue-person@example.com");
}

#[tokio::test]
async fn a_callback_needs_the_browser_that_started_it_its_state_and_is_single_use() {
    let setup = Setup::start().await;
    let login = setup.person("sub-cb", "cb@example.com", true).await;

    // Another browser (no cookie): refused before any call to the provider.
    let started = browser();
    let callback = to_callback(&started, &setup.app.url("/auth/oidc/corp"), &login).await;
    let stranger = open(&browser(), &callback).await;
    assert_eq!(stranger.status(), 400);
    assert!(stranger.text().await.unwrap().contains("started in another browser"));

    // The right browser, another state: refused (and the sign-in is spent).
    let started = browser();
    let callback = to_callback(&started, &setup.app.url("/auth/oidc/corp"), &login).await;
    let forged = callback.replace("state=", "state=x");
    let answer = open(&started, &forged).await;
    assert_eq!(answer.status(), 400);
    assert!(answer.text().await.unwrap().contains("does not belong to the sign-in this browser started"));
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM users").await, 0);

    // The real one, then the same callback with the same cookie sent again by hand.
    let started = browser();
    let leave = started.get(setup.app.url("/auth/oidc/corp")).send().await.unwrap();
    let cookie = leave
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|pair| pair.starts_with("latch_provider="))
        .expect("the sign-in's cookie");
    let authorize = leave.headers()["location"].to_str().unwrap().to_owned();
    let callback = to_callback(&started, &authorize, &login).await;
    let first = open(&started, &callback).await;
    assert_redirects_to(&first, "/profile");
    let replayed = browser().get(&callback).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(replayed.status(), 400, "a callback works once");
}

#[tokio::test]
async fn a_code_spent_once_is_refused_by_the_provider_and_latch_says_so() {
    let setup = Setup::start().await;
    let login = setup.person("sub-code", "code@example.com", true).await;
    let first = browser();
    let callback = to_callback(&first, &setup.app.url("/auth/oidc/corp"), &login).await;
    let code = callback.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    assert_redirects_to(&open(&first, &callback).await, "/profile");
    // A second sign-in of the attacker's own, carrying the spent code instead of its own.
    let second = browser();
    let callback = to_callback(&second, &setup.app.url("/auth/oidc/corp"), &login).await;
    let own = callback.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let answer = open(&second, &callback.replace(&own, &code)).await;
    assert_eq!(answer.status(), 502);
    assert!(who_is(&setup.app, &second).await.is_none());
}

async fn who_is(app: &TestApp, browser: &reqwest::Client) -> Option<serde_json::Value> {
    let answer = browser.get(app.url("/auth/me")).send().await.unwrap();
    (answer.status() == 200).then_some(answer.json().await.unwrap())
}

#[tokio::test]
async fn the_person_who_cancels_at_the_provider_is_told_and_nothing_changes() {
    let (app, rogue) = with_rogue("3").await;
    let browser = browser();
    let leave = browser.get(app.url("/auth/oidc/rogue")).send().await.unwrap();
    let authorize = leave.headers()["location"].to_str().unwrap().to_owned();
    let state = authorize.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
    let denied = format!("{}?error=access_denied&state={state}", app.url("/auth/oidc/rogue/callback"));
    let answer = open(&browser, &denied).await;
    assert_eq!(answer.status(), 400);
    assert!(answer.text().await.unwrap().contains("You cancelled at Rogue"));
    drop(rogue);
}

#[tokio::test]
async fn a_slow_provider_ends_the_callback_at_the_timeout_with_a_page() {
    let (app, rogue) = with_rogue("2").await;
    let started = Instant::now();
    let (answer, _) = through_rogue(&app, &rogue, Forgery::Slow(30)).await;
    let took = started.elapsed();
    assert_eq!(answer.status(), 504);
    assert!(answer.text().await.unwrap().contains("did not answer in time"));
    assert!(took < Duration::from_secs(8), "the callback took {took:?}");
}

#[tokio::test]
async fn a_provider_that_never_answers_ends_the_start_at_the_timeout_with_a_page() {
    // A socket that accepts connections and never says a word.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", silent.local_addr().unwrap());
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    let app = app_on_known_port(&[
        ("OIDC_MUTE_ISSUER", issuer.as_str()),
        ("OIDC_MUTE_CLIENT_ID", "x"),
        ("OIDC_MUTE_CLIENT_SECRET", "y"),
        ("PROVIDER_TIMEOUT_SECS", "2"),
    ])
    .await;
    let started = Instant::now();
    let answer = browser().get(app.url("/auth/oidc/mute")).send().await.unwrap();
    assert_eq!(answer.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(8));
    // Unknown provider: a page, not a redirect anywhere.
    let unknown = browser().get(app.url("/auth/oidc/nobody")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
}
