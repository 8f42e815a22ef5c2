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
        <Title text="Enter your code" />
        <section class="card narrow">
            <h1>"Enter your code"</h1>
            <p class="muted">"Open your authenticator app and enter the six-digit code it shows for Latch. Lost your phone? Enter one of your recovery codes instead."</p>
            <PostForm action>
                <input type="hidden" name="next" prop:value=next value=next />
                <Field label="Code" name="code" autocomplete="one-time-code" model=code hint="Six digits, or a recovery code like 7kq2-mwx9-p3tb." />
                <FormAlert error />
                <SubmitButton label="Continue" pending_label="Checking…" pending=action.pending() fields=vec![code] />
            </PostForm>
            // A passkey is a second factor and more: it signs in on its own.
            <div class="needs-js passkey-login">
                <button type="button" class="secondary" data-passkey-login="">"Use a passkey instead"</button>
                <p class="field-note" data-passkey-status="" role="status"></p>
            </div>
            <p class="switch" hidden=move || !expired()><a href="/login">"Log in again"</a></p>
        </section>
    }
}
