use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::validate::{Password, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::{i18n::Text, tr};

/// `/`: what Latch is, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <super::notice::Notice />
        <section class="hero">
            <h1>{tr!(home_heading)}</h1>
            <p class="lead">{tr!(home_lead)}</p>
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
            return ("hint", Text::home_try_hint.with(&[("min", &PASSWORD_MIN_CHARS), ("max", &PASSWORD_MAX_CHARS)]));
        }
        let count = text.chars().count();
        match Password::parse(&text) {
            Ok(_) => ("ok", Text::home_try_ok.with(&[("count", &count)])),
            Err(error) => ("error", Text::home_try_refused.with(&[("count", &count), ("reason", &error.message())])),
        }
    };
    view! {
        <section class="card">
            <h2>{tr!(home_try_heading)}</h2>
            <label for="password-demo">{tr!(home_try_label)}</label>
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
