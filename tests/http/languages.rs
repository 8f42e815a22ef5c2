//! Korean and English: the page's language decided on the server (the choice on this browser,
//! the account's, the browser's, English), the switch that makes the choice, and mail in the
//! recipient's account language whoever asked for it.
use reqwest::{header::ACCEPT_LANGUAGE, StatusCode};
use serde_json::{json, Value};

use crate::{
    common::{spawn_app, spawn_app_with, TestApp, PASSWORD},
    email::{app_with_mail, ARRIVES_WITHIN},
};

const KOREAN: &str = "ko-KR,ko;q=0.9,en;q=0.5";
const ENGLISH: &str = "en-US,en;q=0.9";

async fn page(app: &TestApp, path: &str, accept_language: &str) -> String {
    let answer =
        app.client.get(app.url(path)).header(ACCEPT_LANGUAGE, accept_language).send().await.expect("the page answers");
    assert_eq!(answer.status(), StatusCode::OK);
    answer.text().await.unwrap()
}

/// The page's body, without the head's copy of the catalogue.
fn body(html: &str) -> &str {
    &html[html.find("<body").expect("a body")..]
}

async fn switch_to(app: &TestApp, lang: &str, back: &str) -> reqwest::Response {
    app.client.post(app.url("/language")).form(&[("lang", lang), ("back", back)]).send().await.unwrap()
}

/// A JSON API request from a browser that speaks `accept_language`.
async fn post_json_in(app: &TestApp, path: &str, accept_language: &str, body: Value) -> reqwest::Response {
    let request = app.client.post(app.url(path)).header(ACCEPT_LANGUAGE, accept_language).json(&body);
    request.send().await.expect("the server answers")
}

async fn signup_in(app: &TestApp, accept_language: &str, email: &str) {
    let answer = app
        .client
        .post(app.url("/api/auth/signup"))
        .header("accept", "application/json")
        .header(ACCEPT_LANGUAGE, accept_language)
        .form(&[("email", email), ("username", "Ada"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK, "{}", answer.text().await.unwrap());
}

#[tokio::test]
async fn a_page_speaks_the_browsers_language_until_the_person_chooses_another() {
    let app = spawn_app().await;
    let korean = page(&app, "/login", KOREAN).await;
    assert!(korean.contains("<html lang=\"ko\""), "{korean}");
    assert!(body(&korean).contains("비밀번호를 잊으셨나요?"), "{korean}");
    assert!(!body(&korean).contains("Forgot your password?"), "one language per page: {korean}");
    let english = page(&app, "/login", ENGLISH).await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(body(&english).contains("Forgot your password?"));
    // Nothing Latch speaks: English.
    assert!(page(&app, "/login", "fr-FR,de;q=0.8").await.contains("<html lang=\"en\""));

    // The switch: remembered on this browser for a year, and back to the page it was on.
    let answer = switch_to(&app, "en", "/login?next=/account").await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/login?next=/account");
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in ["latch_lang=en", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
        assert!(cookie.contains(attribute), "{attribute} missing from {cookie}");
    }
    let chosen = page(&app, "/signup", KOREAN).await;
    assert!(chosen.contains("<html lang=\"en\""), "the choice beats the browser: {chosen}");
    switch_to(&app, "ko", "/").await;
    assert!(body(&page(&app, "/signup", ENGLISH).await).contains("계정 만들기"));
}

#[tokio::test]
async fn an_account_speaks_its_own_language_on_a_browser_that_chose_none() {
    let app = spawn_app().await;
    signup_in(&app, KOREAN, "ada@example.com").await;
    assert_eq!(app.strings("SELECT language FROM users").await, ["ko"], "the language it signed up in");
    // Signed in, on an English browser that chose nothing: the account's language.
    let profile = page(&app, "/profile", ENGLISH).await;
    assert!(profile.contains("<html lang=\"ko\""), "{profile}");
    assert!(body(&profile).contains("안녕하세요, Ada님"), "{profile}");
    // The switch, signed in, changes the account too.
    let export = |app: &TestApp| app.client.get(app.url("/auth/export")).send();
    assert_eq!(export(&app).await.unwrap().json::<Value>().await.unwrap()["language"], "ko");
    switch_to(&app, "en", "/profile").await;
    assert_eq!(app.strings("SELECT language FROM users").await, ["en"]);
    assert_eq!(export(&app).await.unwrap().json::<Value>().await.unwrap()["language"], "en", "the export says it");
    // The account's language changed elsewhere (another browser): this browser's choice still
    // rules its pages, and the account page shows the account's own, which its mail follows.
    app.execute("UPDATE users SET language = 'ko'").await;
    let account = page(&app, "/account", ENGLISH).await;
    assert!(account.contains("<html lang=\"en\""));
    let card = &account[account.find("aria-label=\"Your account's language\"").expect("the account's switch")..];
    let card = &card[..card.find("</form>").unwrap()];
    assert!(card.contains(r#"value="ko" lang="ko" aria-pressed="true""#), "{card}");
    assert!(card.contains(r#"value="en" lang="en" aria-pressed="false""#), "{card}");
    assert!(body(&page(&app, "/profile", KOREAN).await).contains("Hello, Ada"));
}

#[tokio::test]
async fn mail_is_in_the_recipients_account_language_whoever_asked() {
    let (app, sink) = app_with_mail(&[]).await;
    // The JSON API: the account takes `Accept-Language`'s language.
    let ada = json!({ "email": "ada@example.com", "username": "Ada", "password": PASSWORD });
    let answer = post_json_in(&app, "/auth/signup", KOREAN, ada).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let welcome = &sink.wait_for("ada@example.com", 1, ARRIVES_WITHIN).await[0];
    assert!(welcome.text().starts_with("Ada님, 안녕하세요."), "{}", welcome.text());
    assert!(welcome.text().contains("주소 확인하기: http"), "{}", welcome.text());
    assert!(welcome.html().contains("<html lang=\"ko\">"));
    // A reset asked from an English browser (anyone may ask) still speaks the account's Korean.
    let asked = post_json_in(&app, "/auth/password-reset", ENGLISH, json!({ "email": "ada@example.com" })).await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let reset = &sink.wait_for("ada@example.com", 2, ARRIVES_WITHIN).await[1];
    assert!(reset.text().contains("새 비밀번호 정하기: http"), "{}", reset.text());
    assert!(!reset.text().contains("Choose a new password"));
    // An account made from an English browser gets English mail.
    let bob = json!({ "email": "bob@example.com", "username": "Bob", "password": PASSWORD });
    let answer = post_json_in(&app, "/auth/signup", ENGLISH, bob).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let english = &sink.wait_for("bob@example.com", 1, ARRIVES_WITHIN).await[0];
    assert!(english.text().starts_with("Hello Bob,"), "{}", english.text());
    assert!(english.html().contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn the_json_api_keeps_the_seeds_english_details_in_every_language() {
    let app = spawn_app().await;
    let login = |accept_language: &'static str| {
        app.client
            .post(app.url("/auth/login"))
            .header(ACCEPT_LANGUAGE, accept_language)
            .json(&json!({ "email": "nobody@example.com", "password": "not the right passphrase" }))
            .send()
    };
    let answer = login(KOREAN).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["detail"], "Incorrect email or password", "the seed's clients match on it");
    assert_eq!(body["code"], "invalid_credentials");
}

#[tokio::test]
async fn the_switch_refuses_what_it_does_not_speak_and_goes_back_only_to_this_site() {
    let app = spawn_app().await;
    for refused in ["fr", "", "en-XA"] {
        let answer = switch_to(&app, refused, "/").await;
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{refused:?}");
        assert!(answer.headers().get("set-cookie").is_none(), "{refused:?} remembers nothing");
    }
    for elsewhere in ["https://evil.example/", "//evil.example/", "/\\evil.example"] {
        let answer = switch_to(&app, "ko", elsewhere).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with('/') && !location.starts_with("//") && !location.contains("evil"), "{location}");
    }
    // From another site: refused like every other state change, the choice unchanged.
    let answer = app
        .client
        .post(app.url("/language"))
        .header("origin", "https://evil.example")
        .form(&[("lang", "ko"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert!(answer.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn the_pseudo_language_is_served_only_where_configured() {
    let app = spawn_app_with(&[("LATCH_PSEUDO_LANGUAGE", "true")]).await;
    assert_eq!(switch_to(&app, "en-XA", "/").await.status(), StatusCode::SEE_OTHER);
    let html = page(&app, "/login", ENGLISH).await;
    assert!(html.contains("<html lang=\"en-XA\""));
    assert!(body(&html).contains("⟦Łóg íñ⟧"), "{html}");
}
