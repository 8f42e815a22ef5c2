//! The linking rules, each against the real provider: who gets which account, and when no
//! account is touched at all.

use std::time::Duration;

use super::{assert_redirects_to, browser, sign_in, to_callback, who, Setup};
use crate::common::PASSWORD;

/// Signs up with a password through the JSON API; the account's bearer token.
async fn password_account(setup: &Setup, email: &str, verified: bool) -> String {
    let token = setup.app.bearer_of_new_account(email, "Password Person").await;
    if verified {
        setup.app.execute(&format!("UPDATE users SET email_verified_at = 1 WHERE email = '{email}'")).await;
    }
    token
}

async fn me_with_bearer(setup: &Setup, token: &str) -> u16 {
    reqwest::Client::new().get(setup.app.url("/auth/me")).bearer_auth(token).send().await.unwrap().status().as_u16()
}

async fn event_types(setup: &Setup, email: &str) -> Vec<String> {
    setup
        .app
        .strings(&format!(
            "SELECT e.type || COALESCE(':' || e.detail, '') FROM events e JOIN users u ON u.id = e.user_id
             WHERE u.email = '{email}' ORDER BY e.id"
        ))
        .await
}

#[tokio::test]
async fn a_new_person_with_a_verified_address_gets_an_account_without_a_password() {
    let setup = Setup::start().await;
    let first = browser();
    let answer = sign_in(&setup, &first, &setup.person("sub-new", "new@example.com", true).await).await;
    assert_redirects_to(&answer, "/profile");
    let me = who(&setup, &first).await.expect("signed in");
    assert_eq!(me["email"], "new@example.com");
    assert_eq!(me["username"], "sub-new Person");
    assert_eq!(
        setup.app.count("SELECT COUNT(*) FROM users WHERE password_hash = '' AND email_verified_at IS NOT NULL").await,
        1
    );
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities WHERE subject = 'sub-new'").await, 1);
    assert_eq!(event_types(&setup, "new@example.com").await, ["signup:Corp ID", "login"]);
    let welcome = setup.smtp.wait_for("new@example.com", 1, Duration::from_secs(10)).await;
    assert!(welcome[0].text().contains("by signing in with Corp ID"), "{}", welcome[0].text());
    // No password opens it: the login answers as for a wrong password.
    assert_eq!(setup.app.login("new@example.com", PASSWORD).await.status(), 401);
    assert_eq!(setup.app.login("new@example.com", "").await.status(), 401);
    // Signing in again is the same account, by its subject.
    let again = browser();
    assert_redirects_to(
        &sign_in(&setup, &again, &setup.person("sub-new", "new@example.com", true).await).await,
        "/profile",
    );
    assert_eq!(who(&setup, &again).await.unwrap()["id"], me["id"]);
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn an_identity_is_its_subject_not_its_address() {
    let setup = Setup::start().await;
    let first = browser();
    sign_in(&setup, &first, &setup.person("sub-moves", "before@example.com", true).await).await;
    let id = who(&setup, &first).await.unwrap()["id"].clone();
    // The address changed at the provider: the same subject is the same account.
    let later = browser();
    assert_redirects_to(
        &sign_in(&setup, &later, &setup.person("sub-moves", "after@example.com", true).await).await,
        "/profile",
    );
    assert_eq!(who(&setup, &later).await.unwrap()["id"], id);
    // Another subject claiming the first address without the provider's word gets nothing.
    let other = browser();
    let answer = sign_in(&setup, &other, &setup.person("sub-other", "before@example.com", false).await).await;
    assert_eq!(answer.status(), 409);
    assert!(who(&setup, &other).await.is_none());
}

#[tokio::test]
async fn an_unverified_address_makes_no_account() {
    let setup = Setup::start().await;
    let answer =
        sign_in(&setup, &browser(), &setup.person("sub-unverified", "unverified@example.com", false).await).await;
    assert_eq!(answer.status(), 403);
    assert!(answer.text().await.unwrap().contains("did not share an address it has verified"));
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities").await, 0);
}

#[tokio::test]
async fn a_proven_account_is_linked_only_when_the_provider_verified_the_address() {
    let setup = Setup::start().await;
    let token = password_account(&setup, "owner@example.com", true).await;

    // The provider does not vouch for the address: no link, no session, a way forward.
    let unverified = browser();
    let answer = sign_in(&setup, &unverified, &setup.person("sub-claimant", "owner@example.com", false).await).await;
    assert_eq!(answer.status(), 409);
    assert!(answer.text().await.unwrap().contains("An account with this address exists"));
    assert!(who(&setup, &unverified).await.is_none());
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities").await, 0);

    // It does: linked, signed in to the same account, told by mail and in the history.
    let verified = browser();
    let answer = sign_in(&setup, &verified, &setup.person("sub-owner", "owner@example.com", true).await).await;
    assert_redirects_to(&answer, "/profile");
    assert_eq!(who(&setup, &verified).await.unwrap()["email"], "owner@example.com");
    assert_eq!(me_with_bearer(&setup, &token).await, 200, "the owner's other sessions go on");
    assert!(event_types(&setup, "owner@example.com").await.contains(&"identity_linked:Corp ID".to_owned()));
    let mails = setup.smtp.wait_for("owner@example.com", 2, Duration::from_secs(10)).await;
    assert!(mails.iter().any(|mail| mail.text().contains("Corp ID was linked to your Latch account")));
    // The password still works beside it.
    assert_eq!(setup.app.login("owner@example.com", PASSWORD).await.status(), 200);
}

/// Pre-hijacking: the attacker signs up first with the victim's address (never proven), keeps
/// a session, and waits for the victim to sign in with a provider.
#[tokio::test]
async fn an_account_registered_first_by_someone_else_never_links_and_goes_to_the_addresss_owner() {
    let setup = Setup::start().await;
    let attacker = password_account(&setup, "victim@example.com", false).await;
    let before: i64 = setup.app.count("SELECT id FROM users WHERE email = 'victim@example.com'").await;
    assert_eq!(me_with_bearer(&setup, &attacker).await, 200);

    let victim = browser();
    let answer = sign_in(&setup, &victim, &setup.person("sub-victim", "victim@example.com", true).await).await;
    assert_redirects_to(&answer, "/profile");
    assert_eq!(who(&setup, &victim).await.unwrap()["id"], before, "the address's owner holds the account");
    // Everything the attacker had is gone: their session, their password.
    assert_eq!(me_with_bearer(&setup, &attacker).await, 401);
    assert_eq!(setup.app.login("victim@example.com", PASSWORD).await.status(), 401);
    assert_eq!(
        setup.app.count("SELECT COUNT(*) FROM users WHERE password_hash = '' AND email_verified_at IS NOT NULL").await,
        1
    );
    assert!(event_types(&setup, "victim@example.com").await.contains(&"account_claimed:Corp ID".to_owned()));
    let mails = setup.smtp.wait_for("victim@example.com", 2, Duration::from_secs(10)).await;
    assert!(mails.iter().any(|mail| mail.text().contains("never confirmed it")), "the victim is told");

    // And an unverified claim on a never-proven account does nothing to it either.
    let squatter = password_account(&setup, "other@example.com", false).await;
    let answer = sign_in(&setup, &browser(), &setup.person("sub-x", "other@example.com", false).await).await;
    assert_eq!(answer.status(), 409);
    assert_eq!(me_with_bearer(&setup, &squatter).await, 200);
}

#[tokio::test]
async fn a_signed_in_person_links_a_provider_and_unlinks_it_but_never_the_last_way_in() {
    // Sign-in by email off: a proven address is then no way in of its own.
    let setup = Setup::start_with(&[("EMAIL_SIGN_IN", "off")]).await;
    password_account(&setup, "linker@example.com", true).await;
    let browser = browser();
    let login = setup.app.login("linker@example.com", PASSWORD).await;
    let cookie = crate::common::session_cookie(&login).unwrap();
    // The browser carries the session (a fresh sign-in: within the sudo window).
    let link = browser
        .post(setup.app.url("/auth/oidc/corp/link"))
        .header("cookie", &cookie)
        .header("origin", setup.app.url(""))
        .send()
        .await
        .unwrap();
    assert!(link.status().is_redirection(), "{}", link.status());
    let authorize = link.headers()["location"].to_str().unwrap().to_owned();
    let flow_cookie = link.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let callback =
        to_callback(&browser, &authorize, &setup.person("sub-linker", "elsewhere@example.com", false).await).await;
    let answer = browser.get(&callback).header("cookie", format!("{cookie}; {flow_cookie}")).send().await.unwrap();
    assert_eq!(answer.headers()["location"], "/account?notice=identity_linked");
    let listed: serde_json::Value = reqwest::Client::new()
        .get(setup.app.url("/auth/identities"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["label"], "Corp ID");
    assert_eq!(listed[0]["email"], "elsewhere@example.com", "linked whatever address: the owner chose it");
    let id = listed[0]["id"].as_i64().unwrap();

    // The same identity cannot be linked to a second account.
    password_account(&setup, "second@example.com", true).await;
    let second = setup.app.login("second@example.com", PASSWORD).await;
    let second_cookie = crate::common::session_cookie(&second).unwrap();
    let other = super::browser();
    let link = other
        .post(setup.app.url("/auth/oidc/corp/link"))
        .header("cookie", &second_cookie)
        .header("origin", setup.app.url(""))
        .send()
        .await
        .unwrap();
    let authorize = link.headers()["location"].to_str().unwrap().to_owned();
    let flow = link.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let callback =
        to_callback(&other, &authorize, &setup.person("sub-linker", "elsewhere@example.com", false).await).await;
    let answer = other.get(&callback).header("cookie", format!("{second_cookie}; {flow}")).send().await.unwrap();
    assert_eq!(answer.status(), 409);

    // Unlinked: it keeps its password, so this is not the last way in.
    let client = reqwest::Client::new();
    let unlinked = client
        .delete(setup.app.url(&format!("/auth/identities/{id}")))
        .header("cookie", &cookie)
        .header("origin", setup.app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(unlinked.status(), 204);
    assert!(event_types(&setup, "linker@example.com").await.contains(&"identity_unlinked:Corp ID".to_owned()));

    // An account made by the provider has no password: its identity is its last way in
    // (`password_removal.rs` has the rule with sign-in by email on).
    let made = super::browser();
    sign_in(&setup, &made, &setup.person("sub-only", "only@example.com", true).await).await;
    let listed: serde_json::Value =
        made.get(setup.app.url("/auth/identities")).send().await.unwrap().json().await.unwrap();
    let only = listed[0]["id"].as_i64().unwrap();
    let refused = made
        .delete(setup.app.url(&format!("/auth/identities/{only}")))
        .header("origin", setup.app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 409);
    assert_eq!(refused.json::<serde_json::Value>().await.unwrap()["code"], "last_way_in");
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities WHERE subject = 'sub-only'").await, 1);
    // Another account's identity id names nothing of this one's.
    let foreign = made
        .delete(setup.app.url(&format!("/auth/identities/{id}")))
        .header("origin", setup.app.url(""))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 404);
}

#[tokio::test]
async fn a_provider_sign_in_to_an_account_with_an_authenticator_still_asks_for_its_code() {
    let setup = Setup::start().await;
    let token = password_account(&setup, "guarded@example.com", true).await;
    let post = |path: &str, body: serde_json::Value| {
        reqwest::Client::new().post(setup.app.url(path)).bearer_auth(&token).json(&body).send()
    };
    let totp: serde_json::Value = post("/auth/totp/setup", serde_json::json!({})).await.unwrap().json().await.unwrap();
    let secret =
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, totp["secret"].as_str().unwrap()).unwrap();
    let step = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30;
    let code = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 0, 30, secret).generate(step * 30);
    let enabled = post("/auth/totp/enable", serde_json::json!({ "code": code, "password": PASSWORD })).await.unwrap();
    assert_eq!(enabled.status(), 200);

    let browser = browser();
    let answer = sign_in(&setup, &browser, &setup.person("sub-guarded", "guarded@example.com", true).await).await;
    assert_redirects_to(&answer, "/login/code");
    assert!(crate::common::session_cookie(&answer).is_none(), "no session before the code");
    assert!(who(&setup, &browser).await.is_none());
}

#[tokio::test]
async fn an_account_without_a_password_deletes_itself_within_the_sudo_window_and_its_identities_go_with_it() {
    let setup = Setup::start().await;
    let browser = browser();
    sign_in(&setup, &browser, &setup.person("sub-leaving", "leaving@example.com", true).await).await;
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities").await, 1);
    let deleted = browser
        .delete(setup.app.url("/auth/account"))
        .header("origin", setup.app.url(""))
        .json(&serde_json::json!({ "password": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM linked_identities").await, 0);
    // Signing in again is a new account, made afresh.
    let again = super::browser();
    assert_redirects_to(&sign_in(&setup, &again, "sub-leaving").await, "/profile");
    assert_eq!(setup.app.count("SELECT COUNT(*) FROM users").await, 1);
}
