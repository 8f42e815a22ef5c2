//! The authenticator app: turning it on and off, and the second step of a login on every door.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn enabling_takes_a_right_code_and_the_password_and_answers_ten_recovery_codes() {
    let app = spawn_app_with(&[]).await;
    signup(&app, "ada@example.com").await;
    let (_, token) = login(&app, "ada@example.com", PASSWORD).await;
    let bearer = token["access_token"].as_str().unwrap();
    let (_, setup) = code_of(post(&app, "/auth/totp/setup", Some(bearer), json!({})).await).await;
    let secret =
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, setup["secret"].as_str().unwrap()).unwrap();
    assert!(setup["otpauth_uri"].as_str().unwrap().contains("issuer=Latch"));

    let wrong_code = json!({ "code": "000000", "password": PASSWORD });
    let (status, body) = code_of(post(&app, "/auth/totp/enable", Some(bearer), wrong_code).await).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_code")));
    let wrong_password = json!({ "code": code(&secret, step_now()), "password": "not the password at all" });
    assert_eq!(post(&app, "/auth/totp/enable", Some(bearer), wrong_password).await.status(), StatusCode::UNAUTHORIZED);
    // Not on yet: a password alone still signs in.
    assert_eq!(login(&app, "ada@example.com", PASSWORD).await.0, StatusCode::OK);

    let right = json!({ "code": code(&secret, step_now()), "password": PASSWORD });
    let (status, body) = code_of(post(&app, "/auth/totp/enable", Some(bearer), right).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["recovery_codes"].as_array().unwrap().len(), 10);
    assert_eq!(post(&app, "/auth/totp/setup", Some(bearer), json!({})).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'totp_enabled'").await, 1);
    // Sealed at rest: neither the base32 secret nor a recovery code is in the database.
    let secret_text = setup["secret"].as_str().unwrap();
    let leaked = format!("SELECT COUNT(*) FROM totp_factors WHERE secret_sealed LIKE '%{secret_text}%'");
    assert_eq!(app.count(&leaked).await, 0);
    let first_code = body["recovery_codes"][0].as_str().unwrap().replace('-', "");
    let leaked = format!("SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%{first_code}%'");
    assert_eq!(app.count(&leaked).await, 0);
}

#[tokio::test]
async fn a_right_password_gives_a_challenge_and_a_wrong_one_answers_as_before() {
    let app = spawn_app_with(&[]).await;
    enrolled(&app, "ada@example.com").await;
    signup(&app, "bo@example.com").await;
    let (status, with_factor) = login(&app, "ada@example.com", "not the password at all").await;
    let (_, without) = login(&app, "bo@example.com", "not the password at all").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(with_factor, without, "a wrong password says nothing about a second factor");
    let challenge = challenge(&app, "ada@example.com").await;
    assert_eq!(challenge.len(), 43);
}

#[tokio::test]
async fn the_second_step_takes_a_code_once_and_a_challenge_once() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let first = challenge(&app, "ada@example.com").await;
    let (status, body) = second_step(&app, &first, "123456").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_code")));
    // The code that enabled the authenticator was spent: the next step's code works.
    let next = code(&ada.secret, step_now() + 1);
    let (status, body) = second_step(&app, &first, &next).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = body["access_token"].as_str().unwrap();
    let me = reqwest::Client::new().get(app.url("/auth/me")).bearer_auth(token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let (status, body) = second_step(&app, &first, &code(&ada.secret, step_now() + 1)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_challenge")), "single use");
    // The same code, replayed with a fresh challenge, is refused.
    let second = challenge(&app, "ada@example.com").await;
    let (status, body) = second_step(&app, &second, &next).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_code")));
}

#[tokio::test]
async fn one_code_sent_five_times_at_once_signs_in_once() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let mut challenges = Vec::new();
    for _ in 0..5 {
        challenges.push(challenge(&app, "ada@example.com").await);
    }
    let next = code(&ada.secret, step_now() + 1);
    let answers =
        futures::future::join_all(challenges.iter().map(|challenge| second_step(&app, challenge, &next))).await;
    let signed_in = answers.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    assert_eq!(signed_in, 1, "{answers:?}");
}

#[tokio::test]
async fn the_sixth_try_on_one_challenge_is_refused_even_with_the_right_code() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let challenge = challenge(&app, "ada@example.com").await;
    for wrong in ["111111", "222222", "333333", "444444", "555555"] {
        assert_eq!(second_step(&app, &challenge, wrong).await.1["code"], "invalid_code");
    }
    let (status, body) = second_step(&app, &challenge, &code(&ada.secret, step_now() + 1)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_challenge")));
    let failures = app.count("SELECT COUNT(*) FROM events WHERE type = 'login_failed'").await;
    assert_eq!(failures, 5, "each wrong code is in the account's history");
}

#[tokio::test]
async fn an_expired_or_made_up_challenge_is_refused() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let challenge = challenge(&app, "ada@example.com").await;
    app.execute("UPDATE login_challenges SET expires_at = created_at - 1").await;
    let next = code(&ada.secret, step_now() + 1);
    assert_eq!(second_step(&app, &challenge, &next).await.1["code"], "invalid_challenge");
    assert_eq!(second_step(&app, &"A".repeat(43), &next).await.1["code"], "invalid_challenge");
    assert_eq!(second_step(&app, "", &next).await.1["code"], "invalid_challenge");
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_says_how_many_are_left_and_is_recorded() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let recovery = ada.recovery_codes[3].to_uppercase().replace('-', " ");
    let (status, body) = second_step(&app, &challenge(&app, "ada@example.com").await, &recovery).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recovery_codes_left"], 9);
    let (status, body) = second_step(&app, &challenge(&app, "ada@example.com").await, &ada.recovery_codes[3]).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_code")), "used once");
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'recovery_code_used'").await, 1);
    let notice =
        "SELECT COUNT(*) FROM outbox WHERE kind = 'recovery_code_used' AND text_body LIKE '%9 of your codes are left%'";
    assert_eq!(app.count(notice).await, 1);
}

#[tokio::test]
async fn token_refuses_an_account_with_a_second_factor_and_says_where_to_go() {
    let app = spawn_app_with(&[]).await;
    enrolled(&app, "ada@example.com").await;
    let basic = |password: &str| {
        reqwest::Client::new().post(app.url("/token")).basic_auth("ada@example.com", Some(password)).send()
    };
    let (status, body) = code_of(basic(PASSWORD).await.unwrap()).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_required")));
    assert!(body["detail"].as_str().unwrap().contains("/auth/login"));
    assert!(body.get("access_token").is_none() && body.get("challenge").is_none());
    // A wrong password keeps the seed's own answer.
    assert_eq!(basic("not the password at all").await.unwrap().status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_browsers_login_goes_to_the_code_step_and_only_the_code_signs_in() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let answer = app.login("ada@example.com", PASSWORD).await;
    assert!(crate::common::session_cookie(&answer).is_none(), "no session before the second step");
    let set_cookies: Vec<String> =
        answer.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let challenge_cookie = set_cookies.iter().find(|c| c.starts_with("latch_challenge=")).expect("a challenge cookie");
    assert!(challenge_cookie.contains("HttpOnly") && challenge_cookie.contains("SameSite=Strict"));
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/login/code?next="), "{location}");
    assert!(!location.contains("challenge"));
    let me: Value = app.client.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me, Value::Null, "not signed in yet");

    let code_step = |code: String| {
        app.client
            .post(app.url("/api/auth/code"))
            .header("accept", "application/json")
            .form(&[("code", code.as_str()), ("next", "/account")])
            .send()
    };
    assert_eq!(code_step("000000".into()).await.unwrap().status(), StatusCode::BAD_REQUEST);
    let answer = code_step(code(&ada.secret, step_now() + 1)).await.unwrap();
    assert!(crate::common::session_cookie(&answer).is_some(), "{}", answer.status());
    let me: Value = app.client.get(app.url("/api/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "ada@example.com");
}

#[tokio::test]
async fn turning_it_off_takes_the_password_and_a_code_then_a_password_alone_signs_in() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let off = |code: &str, password: &str| {
        reqwest::Client::new()
            .delete(app.url("/auth/totp"))
            .bearer_auth(&ada.bearer)
            .json(&json!({ "code": code, "password": password }))
            .send()
    };
    assert_eq!(off("000000", PASSWORD).await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        off(&ada.recovery_codes[0], "not the password at all").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(off(&ada.recovery_codes[0], PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(login(&app, "ada@example.com", PASSWORD).await.0, StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM events WHERE type = 'totp_disabled'").await, 1);
    let notices = "SELECT COUNT(*) FROM outbox WHERE kind = 'factor_changed'";
    assert_eq!(app.count(notices).await, 2, "turned on, turned off: each mailed");
}

#[tokio::test]
async fn enabling_turns_on_only_the_secret_its_code_was_checked_against() {
    use latch::auth::server::store::{factors, outbox::Mail};
    let app = spawn_app_with(&[]).await;
    signup(&app, "ada@example.com").await;
    let db = app.auth.db();
    let notice = || Mail {
        kind: "factor_changed",
        recipient: "ada@example.com".into(),
        subject: "s".into(),
        text: "t".into(),
        html: "h".into(),
    };
    assert!(factors::put_pending_totp(db, 1, "sealed secret A", 0).await.unwrap());
    // Another session's setup replaces the pending secret between this code's check and its
    // enabling: the secret the code proved is gone, and the newer one is not turned on.
    assert!(factors::put_pending_totp(db, 1, "sealed secret B", 0).await.unwrap());
    assert!(!factors::enable_totp(db, 1, "sealed secret A", 1, &[], 0, &notice()).await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM totp_factors WHERE enabled_at IS NOT NULL").await, 0);
    assert!(factors::enable_totp(db, 1, "sealed secret B", 1, &[], 0, &notice()).await.unwrap());
}
