use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    form::{field_error, last_error, refresh_on_answer, Field, FieldModel, FormAlert, PasswordField, SubmitButton},
    notice::Notice,
    passkey_status::PasskeyStatus,
    provider_buttons::ProviderButtons,
};
use crate::auth::validate::{local_redirect_target, Email, FieldError};
use crate::client::auth_state::AuthContext;
use crate::client::form_action::PostForm;
use crate::pages::email_sign_in::EmailSignInLink;
use crate::tr;

/// `/login`: email and password, or a passkey.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<AuthContext>().login;
    // Carried through the form so that a person sent here from /profile goes back there.
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    // Sent back with a refused form when JavaScript is off (see `server_fns::call::run`).
    let kept_email = Signal::derive(move || query.read().get("email"));
    let email = FieldModel::new(|v| Email::parse(v).err());
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(login.value());
    refresh_on_answer(login.version(), error, vec![email, password]);

    view! {
        <Title text=tr!(login_title) />
        <section class="card narrow">
            <h1>{tr!(login_title)}</h1>
            <Notice />
            <PostForm action=login>
                <input type="hidden" name="next" prop:value=next value=next />
                // `webauthn`: the browser may offer passkeys among the field's suggestions.
                <Field label=tr!(field_email) name="email" kind="email" autocomplete="username webauthn" model=email server_error=field_error(error, |f| f.email) initial=kept_email />
                <PasswordField autocomplete="current-password" model=password server_error=field_error(error, |f| f.password) />
                <FormAlert error />
                <SubmitButton label=tr!(login_title) pending_label=tr!(login_pending) pending=login.pending() fields=vec![email, password] />
            </PostForm>
            // Where a passkey sign-in goes after: the server's rule for `next`, applied here,
            // so that `passkeys.js` follows only what this rule let through.
            <div class="needs-js passkey-login" data-passkey-next=move || local_redirect_target(Some(&next()))>
                <button type="button" class="secondary" data-passkey-login="">{tr!(login_with_passkey)}</button>
                <PasskeyStatus />
            </div>
            <ProviderButtons />
            <EmailSignInLink />
            <p class="switch"><a href="/forgot-password">{tr!(login_forgot)}</a></p>
            <p class="switch">{tr!(login_new_here)} " " <a href="/signup">{tr!(login_create_account)}</a></p>
        </section>
    }
}
