//! `/verify-email?token=…`: the page a verification (or new address) mail links to. Opening it
//! changes nothing (mail scanners open links); its button confirms the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{last_error, refresh_on_answer, FormAlert};
use crate::client::form_action::{FormAction, PostForm};
use crate::{auth::error::AuthError, server_fns::email::VerifyEmail};

/// `/verify-email`: one button confirms the mailed link.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = FormAction::new::<VerifyEmail>();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![]);
    let dead_link = move || matches!(error.get(), Some(AuthError::InvalidToken)) || token().is_empty();
    view! {
        <Title text="Confirm your email address" />
        <section class="card narrow">
            <h1>"Confirm your email address"</h1>
            <p>"Confirm that this address is yours, so that you can reset your password by mail if you ever need to."</p>
            <PostForm action>
                <input type="hidden" name="token" prop:value=token value=token />
                <FormAlert error />
                <button type="submit" disabled=move || action.pending().get() aria-busy=move || action.pending().get().to_string()>
                    {move || if action.pending().get() { "Confirming…" } else { "Confirm my address" }}
                </button>
            </PostForm>
            <p class="switch" hidden=move || !dead_link()>"Link not working? Sign in and send a new one from " <a href="/account">"your account"</a> "."</p>
        </section>
    }
}
