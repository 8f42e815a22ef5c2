use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{field_error, last_error, refresh_on_answer, FieldModel, FormAlert, PasswordField, SubmitButton};
use crate::auth::validate::{local_redirect_target, FieldError};
use crate::client::form_action::{FormAction, PostForm};
use crate::pages::passkey_status::PasskeyStatus;
use crate::server_fns::account::Reauthenticate;
use crate::tr;

/// `/reauthenticate?next=…`: the password (or a passkey) asked again before a dangerous
/// action, then back to `next`. Opens the session's sudo window
/// (`auth::server::sessions::sudo`).
#[component]
pub fn ReauthenticatePage() -> impl IntoView {
    let action = FormAction::new::<Reauthenticate>();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![password]);
    view! {
        <Title text=tr!(reauth_title) />
        <section class="card narrow">
            <h1>{tr!(reauth_title)}</h1>
            <p>{tr!(reauth_lead)}</p>
            <PostForm action>
                <input type="hidden" name="next" prop:value=next value=next />
                <PasswordField autocomplete="current-password" model=password server_error=field_error(error, |f| f.password) />
                <FormAlert error />
                <SubmitButton label=tr!(reauth_submit) pending_label=tr!(checking) pending=action.pending() fields=vec![password] />
            </PostForm>
            <div class="needs-js passkey-login" data-passkey-next=move || local_redirect_target(Some(&next()))>
                <button type="button" class="secondary" data-passkey-login="">{tr!(use_a_passkey_instead)}</button>
                <PasskeyStatus />
            </div>
        </section>
    }
}
