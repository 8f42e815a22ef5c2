//! What a person sees of the providers on Latch's own pages: the login and signup pages offer
//! "Continue with …" only for configured providers, and the account page lists the linked ones.

use super::{app_on_known_port, browser, sign_in, Setup};

#[tokio::test]
async fn the_login_and_signup_pages_offer_only_configured_providers() {
    let plain = app_on_known_port(&[]).await;
    for page in ["/login", "/signup"] {
        let html = browser().get(plain.url(page)).send().await.unwrap().text().await.unwrap();
        // (The page carries every text of its language, "Continue with {provider}" among them:
        // what counts is that no link is drawn.)
        assert!(
            !html.contains("provider-buttons") && !html.contains("/auth/oidc/"),
            "{page} offers a provider none configured"
        );
    }
    let setup = Setup::start().await;
    for page in ["/login?next=/account", "/signup"] {
        let html = browser().get(setup.app.url(page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Continue with Corp ID"), "{page}: {html}");
        assert!(html.contains(r#"rel="external""#), "the link leaves the app: {page}");
    }
    let login = browser().get(setup.app.url("/login?next=/account")).send().await.unwrap().text().await.unwrap();
    assert!(login.contains(r#"href="/auth/oidc/corp?next=/account""#), "the login page's next goes along");
    // A next that is not a path on this site does not.
    let away =
        browser().get(setup.app.url("/login?next=https://evil.example")).send().await.unwrap().text().await.unwrap();
    assert!(away.contains(r#"href="/auth/oidc/corp?next=/profile""#));
}

#[tokio::test]
async fn the_account_page_lists_the_linked_provider_and_offers_each_configured_one() {
    let setup = Setup::start().await;
    let person = browser();
    sign_in(&setup, &person, &setup.person("sub-page", "page@example.com", true).await).await;
    let html = person.get(setup.app.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Sign-in providers") && html.contains("page@example.com"), "{html}");
    assert!(html.contains(r#"action="/auth/oidc/corp/link""#));
    assert!(html.contains("Unlink Corp ID"), "the unlink button names the provider for screen readers");
}
