use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::validate::{Password, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};

/// `/`: what Latch is, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <super::notice::Notice />
        <section class="hero">
            <h1>"Accounts for your Leptos app"</h1>
            <p class="lead">
                "Sign up, log in, see your profile, log out. Rendered on the server, hydrated in "
                "the browser, with the session in an HttpOnly cookie and a JSON API for programs."
            </p>
        </section>
        <PasswordRuleDemo />
    }
}

/// A live check of the password rule, run in the browser by the same code the server uses.
/// It only reacts once the WASM has loaded; with JavaScript off it is a plain text field.
#[component]
fn PasswordRuleDemo() -> impl IntoView {
    let candidate = RwSignal::new(String::new());
    let verdict = move || {
        let text = candidate.get();
        if text.is_empty() {
            return (
                "hint",
                format!(
                    "Passwords need {PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters. Any characters count."
                ),
            );
        }
        let count = text.chars().count();
        match Password::parse(&text) {
            Ok(_) => ("ok", format!("{count} characters: long enough.")),
            Err(error) => ("error", format!("{count} characters. {error}")),
        }
    };
    view! {
        <section class="card">
            <h2>"Try the password rule"</h2>
            <label for="password-demo">"A password you might choose"</label>
            <input
                id="password-demo"
                type="text"
                autocomplete="off"
                spellcheck="false"
                prop:value=candidate
                on:input=move |ev| candidate.set(event_target_value(&ev))
            />
            <p class=move || format!("field-note {}", verdict().0) role="status" aria-live="polite">
                {move || verdict().1}
            </p>
        </section>
    }
}
