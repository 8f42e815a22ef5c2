//! Passkeys through the JSON API: what can be checked without an authenticator (the browser
//! suite registers and signs in with Chromium's virtual one).

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn passkeys_need_a_host_name_the_password_to_add_and_a_live_ceremony() {
    // On an IP address (the test default) browsers refuse WebAuthn, and so does Latch.
    let on_ip = spawn_app_with(&[]).await;
    let (status, body) = code_of(post(&on_ip, "/auth/passkeys/login/start", None, json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("passkeys_unavailable")));

    let app = spawn_app_with(&[("PUBLIC_ORIGIN", "http://localhost:3000")]).await;
    signup(&app, "ada@example.com").await;
    let (_, token) = login(&app, "ada@example.com", PASSWORD).await;
    let bearer = token["access_token"].as_str().unwrap();
    let list = reqwest::Client::new().get(app.url("/auth/passkeys")).bearer_auth(bearer).send().await.unwrap();
    assert_eq!(list.json::<Value>().await.unwrap(), json!([]));
    let wrong = json!({ "password": "not the password at all" });
    assert_eq!(
        post(&app, "/auth/passkeys/register/start", Some(bearer), wrong).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, started) =
        code_of(post(&app, "/auth/passkeys/register/start", Some(bearer), json!({ "password": PASSWORD })).await).await;
    assert_eq!(status, StatusCode::OK);
    let public_key = &started["options"]["publicKey"];
    assert_eq!(public_key["rp"]["id"], "localhost");
    assert_eq!(public_key["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(public_key["authenticatorSelection"]["userVerification"], "required");
    assert_ne!(public_key["user"]["id"], json!(token["access_token"]), "the handle is random, not the account id");

    // Signing in: a made-up ceremony, or a made-up answer to a real one, is refused alike.
    let (_, login_started) = code_of(post(&app, "/auth/passkeys/login/start", None, json!({})).await).await;
    let ceremony = login_started["ceremony"].as_str().unwrap();
    let forged = json!({ "id": "AAAA", "rawId": "AAAA", "type": "public-key",
        "response": { "authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA", "userHandle": "AAAA" },
        "extensions": {} });
    for ceremony in [ceremony, &"A".repeat(43)] {
        let body = json!({ "ceremony": ceremony, "credential": forged });
        let (status, body) = code_of(post(&app, "/auth/passkeys/login/finish", None, body).await).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("passkey_refused")));
    }
    let gone = json!({ "ceremony": ceremony, "credential": forged });
    assert_eq!(code_of(post(&app, "/auth/passkeys/login/finish", None, gone).await).await.1["code"], "passkey_refused");
    let unknown =
        reqwest::Client::new().delete(app.url("/auth/passkeys/999")).bearer_auth(bearer).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_passkey_id_that_is_no_number_names_nothing() {
    let app = spawn_app_with(&[]).await;
    signup(&app, "ada@example.com").await;
    let (_, token) = login(&app, "ada@example.com", PASSWORD).await;
    let bearer = token["access_token"].as_str().unwrap();
    for id in ["9223372036854775808", "abc", "-1"] {
        let answer =
            reqwest::Client::new().delete(app.url(&format!("/auth/passkeys/{id}"))).bearer_auth(bearer).send().await;
        let (status, body) = code_of(answer.unwrap()).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{id}");
    }
}

#[tokio::test]
async fn passkey_sign_in_starts_are_throttled_per_address() {
    // 60 an hour: a burst of 6, then one every minute.
    let app =
        spawn_app_with(&[("PUBLIC_ORIGIN", "http://localhost:3000"), ("THROTTLE_PASSKEY_STARTS_PER_ADDRESS", "60")])
            .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(post(&app, "/auth/passkeys/login/start", None, json!({})).await.status());
    }
    assert_eq!(statuses[..6], [StatusCode::OK; 6], "{statuses:?}");
    assert_eq!(statuses[6..], [StatusCode::TOO_MANY_REQUESTS; 2], "{statuses:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM webauthn_ceremonies").await, 6, "a refused start stores nothing");
}
