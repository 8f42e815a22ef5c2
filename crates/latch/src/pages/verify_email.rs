//! `/verify-email?token=…`: the page a verification (or new address) mail links to. Opening it
//! changes nothing (mail scanners open links); its button confirms the address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{last_error, refresh_on_answer, FormAlert};
use crate::client::form_action::{FormAction, PostForm};
use crate::{auth::error::AuthError, server_fns::email::VerifyEmail};
use crate::{i18n::around, tr};

/// `/verify-email`: one button confirms the mailed link.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = FormAction::new::<VerifyEmail>();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![]);
    let dead_link = move || matches!(error.get(), Some(AuthError::InvalidToken)) || token().is_empty();
    // The sentence around its link, in the language's own order.
    let (before, after) = around(tr!(verify_dead_link), "link");
    view! {
        <Title text=tr!(verify_title) />
        <section class="card narrow">
            <h1>{tr!(verify_title)}</h1>
            <p>{tr!(verify_lead)}</p>
            <PostForm action>
                <input type="hidden" name="token" prop:value=token value=token />
                <FormAlert error />
                <button type="submit" disabled=move || action.pending().get() aria-busy=move || action.pending().get().to_string()>
                    {move || if action.pending().get() { tr!(confirming) } else { tr!(verify_submit) }}
                </button>
            </PostForm>
            <p class="switch" hidden=move || !dead_link()>{before} <a href="/account">{tr!(verify_dead_link_account)}</a> {after}</p>
        </section>
    }
}
