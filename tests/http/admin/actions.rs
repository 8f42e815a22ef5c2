//! Each action an administrator takes: what it changes, that the person hears of it (their
//! history, their mail read from the SMTP sink), that a repeat changes and mails nothing,
//! and the refusals (one's own account, the last administrator, an unknown role).

use super::*;

/// The administrators' notices among the first `total` mails `email` received.
async fn notices(sink: &SmtpSink, email: &str, total: usize) -> Vec<crate::smtp_sink::ReceivedMail> {
    let mails = sink.wait_for(email, total, ARRIVES_WITHIN).await;
    mails.into_iter().filter(|mail| mail.header("Subject").is_some_and(|s| s.contains("administrator"))).collect()
}

#[tokio::test]
async fn disabling_ends_every_session_refuses_every_way_in_and_tells_the_person() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    let admin = admin(&app, "admin@example.com").await;
    // The session is in the cache before the disable: the refusal must not wait for it.
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::OK);

    let (status, answer) = post(&app, &format!("/auth/admin/people/{person}/disable"), &admin.bearer).await;
    assert_eq!((status, answer["changed"].as_bool()), (StatusCode::OK, Some(true)), "{answer}");
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::UNAUTHORIZED, "the bearer token stopped at once");
    let (status, refused) = login(&app, "bo@example.com").await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::FORBIDDEN, Some("account_disabled")));
    assert!(refused["detail"].as_str().unwrap().contains("disabled"), "says why: {refused}");
    // A wrong password learns nothing of it.
    let wrong = json!({ "email": "bo@example.com", "password": "not the password at all" });
    let (status, _) = send(&app, Method::POST, "/auth/login", None, Some(wrong)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mail = notices(&sink, "bo@example.com", 2).await.remove(0);
    assert!(mail.text().contains("disabled your Latch account"), "{}", mail.text());

    // A reset link cannot get around it: the administrator's is refused, the person's own
    // request mails a link whose confirmation is refused.
    let (status, answer) = post(&app, &format!("/auth/admin/people/{person}/password-reset"), &admin.bearer).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("account_disabled")));
    let ask = json!({ "email": "bo@example.com" });
    assert_eq!(send(&app, Method::POST, "/auth/password-reset", None, Some(ask)).await.0, StatusCode::ACCEPTED);
    let link = sink.wait_for("bo@example.com", 3, ARRIVES_WITHIN).await[2].token_for("/reset-password");
    let confirm = json!({ "token": link, "new_password": "a brand new passphrase for bo" });
    let (status, answer) = send(&app, Method::POST, "/auth/password-reset/confirm", None, Some(confirm)).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::FORBIDDEN, Some("account_disabled")));

    // Again: nothing to change, nothing mailed.
    let (_, again) = post(&app, &format!("/auth/admin/people/{person}/disable"), &admin.bearer).await;
    assert_eq!(again["changed"], false);
    let (status, answer) = post(&app, &format!("/auth/admin/people/{person}/enable"), &admin.bearer).await;
    assert_eq!((status, answer["changed"].as_bool()), (StatusCode::OK, Some(true)));
    let bo = bearer(&app, "bo@example.com").await;
    let seen = history(&app, &bo).await;
    let admin_events: Vec<&str> = seen.iter().map(String::as_str).filter(|kind| kind.starts_with("admin_")).collect();
    assert_eq!(admin_events, ["admin_enabled", "admin_disabled"]);
    assert_eq!(notices(&sink, "bo@example.com", 4).await.len(), 2, "disabled, enabled: the repeat mailed nothing");
}

#[tokio::test]
async fn an_administrator_cannot_disable_delete_or_strip_their_own_account_here() {
    let (app, _sink) = app_with_mail().await;
    let admin = admin(&app, "admin@example.com").await;
    for action in ["disable", "authenticator/remove", "passkeys/remove"] {
        let (status, answer) = post(&app, &format!("/auth/admin/people/{}/{action}", admin.id), &admin.bearer).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::CONFLICT, Some("own_account")), "{action}");
    }
    let path = format!("/auth/admin/people/{}", admin.id);
    let (status, answer) = send(&app, Method::DELETE, &path, Some(&admin.bearer), None).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::CONFLICT, Some("own_account")));
    // The last administrator cannot step down either, from the console or the shell.
    let path = format!("/auth/admin/people/{}/roles/admin", admin.id);
    let (status, answer) = send(&app, Method::DELETE, &path, Some(&admin.bearer), None).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::CONFLICT, Some("last_administrator")), "{answer}");
    let refused = operator::revoke_admin(app.auth.db(), "admin@example.com").await.unwrap_err();
    assert!(refused.to_string().contains("last administrator"), "{refused}");
    assert_eq!(get(&app, "/auth/admin/people", &admin.bearer).await.0, StatusCode::OK, "still an administrator");
}

#[tokio::test]
async fn removing_a_lost_authenticator_ends_the_sessions_and_lets_the_password_alone_in() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    enrol_authenticator(&app, &bo).await;
    assert_eq!(login(&app, "bo@example.com").await.0, StatusCode::UNAUTHORIZED, "a second step is asked");
    let admin = admin(&app, "admin@example.com").await;

    let path = format!("/auth/admin/people/{person}/authenticator/remove");
    let (status, answer) = post(&app, &path, &admin.bearer).await;
    assert_eq!((status, answer["changed"].as_bool()), (StatusCode::OK, Some(true)), "{answer}");
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::UNAUTHORIZED);
    let bo = bearer(&app, "bo@example.com").await;
    assert_eq!(history(&app, &bo).await[1], "admin_removed_authenticator");
    // `factor_changed` (turned on) came before: the administrator's notice is the last.
    let mails = sink.wait_for("bo@example.com", 3, ARRIVES_WITHIN).await;
    assert!(mails[2].text().contains("removed the authenticator app"), "{}", mails[2].text());
    assert_eq!(post(&app, &path, &admin.bearer).await.1["changed"], false);
}

#[tokio::test]
async fn roles_are_granted_from_those_the_site_knows_and_the_person_sees_them() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let bo = bearer(&app, "bo@example.com").await;
    let admin = admin(&app, "admin@example.com").await;
    let roles = format!("/auth/admin/people/{person}/roles");
    let (status, answer) =
        send(&app, Method::POST, &roles, Some(&admin.bearer), Some(json!({ "role": "superuser" }))).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_role")));
    let (status, answer) =
        send(&app, Method::POST, &roles, Some(&admin.bearer), Some(json!({ "role": "admin" }))).await;
    assert_eq!((status, answer["changed"].as_bool()), (StatusCode::OK, Some(true)));
    assert_eq!(get(&app, "/auth/account", &bo).await.1["roles"], json!(["admin"]), "at once, no cache wait");
    assert_eq!(
        get(&app, "/auth/me", &bo).await.1,
        json!({ "id": person, "email": "bo@example.com", "username": "Bo" }),
        "the seed's shape is kept"
    );
    let mail = notices(&sink, "bo@example.com", 2).await.remove(0);
    assert!(mail.text().contains("the role \"admin\""), "{}", mail.text());
    // Another administrator is there now (without a second factor, but enabled): the first
    // may step down.
    let path = format!("/auth/admin/people/{}/roles/admin", admin.id);
    assert_eq!(send(&app, Method::DELETE, &path, Some(&admin.bearer), None).await.0, StatusCode::OK);
    assert_eq!(get(&app, "/auth/admin/people", &admin.bearer).await.0, StatusCode::FORBIDDEN);
    let export: Value = get(&app, "/auth/export", &bo).await.1;
    assert_eq!(export["profile"]["roles"], json!(["admin"]));
}

#[tokio::test]
async fn links_are_mailed_on_request_and_a_proven_address_gets_none() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    let (_, answer) = post(&app, &format!("/auth/admin/people/{person}/verification"), &admin.bearer).await;
    assert_eq!(answer["changed"], true);
    let token = sink.wait_for("bo@example.com", 2, ARRIVES_WITHIN).await[1].token_for("/verify-email");
    let (status, _) = send(&app, Method::POST, "/auth/verify-email", None, Some(json!({ "token": token }))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, answer) = post(&app, &format!("/auth/admin/people/{person}/verification"), &admin.bearer).await;
    assert_eq!(answer["changed"], false, "proven already");

    let (_, answer) = post(&app, &format!("/auth/admin/people/{person}/password-reset"), &admin.bearer).await;
    assert_eq!(answer["changed"], true);
    let token = sink.wait_for("bo@example.com", 3, ARRIVES_WITHIN).await[2].token_for("/reset-password");
    let confirm = json!({ "token": token, "new_password": "a brand new passphrase for bo" });
    assert_eq!(send(&app, Method::POST, "/auth/password-reset/confirm", None, Some(confirm)).await.0, StatusCode::OK);
    let bo = bearer_with(&app, "bo@example.com", "a brand new passphrase for bo").await;
    let seen = history(&app, &bo).await;
    assert!(
        seen.contains(&"admin_sent_reset".to_owned()) && seen.contains(&"admin_sent_verification".to_owned()),
        "{seen:?}"
    );
}

async fn bearer_with(app: &TestApp, email: &str, password: &str) -> String {
    let body = json!({ "email": email, "password": password });
    let (status, answer) = send(app, Method::POST, "/auth/login", None, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn signing_out_and_deleting_end_every_session_and_the_person_is_told() {
    let (app, sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let (bo_laptop, bo_phone) = (bearer(&app, "bo@example.com").await, bearer(&app, "bo@example.com").await);
    let admin = admin(&app, "admin@example.com").await;
    let (_, answer) = post(&app, &format!("/auth/admin/people/{person}/sign-out"), &admin.bearer).await;
    assert_eq!(answer["changed"], true);
    for token in [&bo_laptop, &bo_phone] {
        assert_eq!(get(&app, "/auth/me", token).await.0, StatusCode::UNAUTHORIZED);
    }
    assert!(notices(&sink, "bo@example.com", 2).await[0].text().contains("signed your Latch account out"));

    let bo = bearer(&app, "bo@example.com").await;
    let path = format!("/auth/admin/people/{person}");
    assert_eq!(send(&app, Method::DELETE, &path, Some(&admin.bearer), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, "/auth/me", &bo).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM users WHERE id = {person}")).await, 0);
    let farewell = notices(&sink, "bo@example.com", 3).await.remove(1);
    assert!(farewell.text().contains("deleted your Latch account"), "{}", farewell.text());
    assert_eq!(get(&app, &path, &admin.bearer).await.0, StatusCode::NOT_FOUND);
    let (_, audit) = get(&app, &format!("/auth/admin/audit?person={person}"), &admin.bearer).await;
    let actions: Vec<&str> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["deleted", "signed_out"]);
    assert_eq!(audit["entries"][0]["subject_email"], "bo@example.com", "a deleted account still reads in the audit");
}

#[tokio::test]
async fn every_way_in_ends_where_a_disabled_account_is_refused() {
    // Passkeys, the second step and any later method open their session through
    // `start_session` with the account read afresh: it refuses a disabled one itself.
    use latch::auth::{error::AuthError, server::service::Requester};
    let (app, _sink) = app_with_mail().await;
    let person = signup(&app, "bo@example.com", "Bo").await;
    let admin = admin(&app, "admin@example.com").await;
    post(&app, &format!("/auth/admin/people/{person}/disable"), &admin.bearer).await;
    let user = latch::auth::server::store::find_user_by_id(app.auth.db(), person).await.unwrap().unwrap();
    let from = Requester { address: "127.0.0.1".parse().unwrap(), user_agent: None, device: None };
    assert_eq!(app.auth.start_session(&user, &from).await.err(), Some(AuthError::AccountDisabled));
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM sessions WHERE user_id = {person} AND revoked_at IS NULL")).await,
        0
    );
}
