//! `/not-me?token=…`: where a new-device mail's "This wasn't me" link leads. Opening it changes
//! nothing (mail scanners open links); its button ends every session of the account and mails
//! a link to choose a new password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{last_error, refresh_on_answer, FormAlert};
use crate::client::form_action::{FormAction, PostForm};
use crate::tr;
use crate::{auth::error::AuthError, server_fns::account::ReportNotMe};

/// `/not-me`: one button acts on the mailed link.
#[component]
pub fn NotMePage() -> impl IntoView {
    let action = FormAction::new::<ReportNotMe>();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![]);
    let dead_link = move || matches!(error.get(), Some(AuthError::InvalidToken)) || token().is_empty();
    view! {
        <Title text=tr!(not_me_title) />
        <section class="card narrow danger-zone">
            <h1>{tr!(not_me_title)}</h1>
            <p>{tr!(not_me_lead)}</p>
            <PostForm action>
                <input type="hidden" name="token" prop:value=token value=token />
                <FormAlert error />
                <button type="submit" disabled=move || action.pending().get() aria-busy=move || action.pending().get().to_string()>
                    {move || if action.pending().get() { tr!(not_me_acting) } else { tr!(not_me_submit) }}
                </button>
            </PostForm>
            <p class="switch" hidden=move || !dead_link()>{tr!(not_me_dead_link)} <a href="/forgot-password">{tr!(not_me_forgot)}</a></p>
        </section>
    }
}
