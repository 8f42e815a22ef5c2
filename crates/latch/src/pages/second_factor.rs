//! `/login/code`: the second step of a login, for an account with an authenticator. The
//! challenge the password step gave rides in its own cookie; this page asks for a code from
//! the app, or one of the recovery codes. A plain form: it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{last_error, refresh_on_answer, Field, FieldModel, FormAlert, SubmitButton};
use crate::auth::{error::AuthError, validate::FieldError};
use crate::client::auth_state::AuthContext;
use crate::client::form_action::PostForm;
use crate::pages::passkey_status::PasskeyStatus;
use crate::tr;

/// `/login/code`: the authenticator's code or a recovery code.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let action = expect_context::<AuthContext>().second_factor;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let code = FieldModel::new(|v| v.trim().is_empty().then_some(FieldError::CodeMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![code]);
    let expired = move || matches!(error.get(), Some(AuthError::InvalidChallenge));
    view! {
        <Title text=tr!(code_title) />
        <section class="card narrow">
            <h1>{tr!(code_title)}</h1>
            <p class="muted">{tr!(code_lead)}</p>
            <PostForm action>
                <input type="hidden" name="next" prop:value=next value=next />
                <Field label=tr!(field_code) name="code" autocomplete="one-time-code" model=code hint=tr!(field_code_hint) />
                <FormAlert error />
                <SubmitButton label=tr!(code_submit) pending_label=tr!(checking) pending=action.pending() fields=vec![code] />
            </PostForm>
            // A passkey is a second factor and more: it signs in on its own.
            <div class="needs-js passkey-login">
                <button type="button" class="secondary" data-passkey-login="">{tr!(use_a_passkey_instead)}</button>
                <PasskeyStatus />
            </div>
            <p class="switch" hidden=move || !expired()><a href="/login">{tr!(log_in_again)}</a></p>
        </section>
    }
}
