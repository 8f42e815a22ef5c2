//! Two-factor authentication: set up an authenticator app (a QR code drawn on the server, and
//! the secret to type), confirm it with a code and the password, then read the ten recovery
//! codes, shown this once. Turning it off takes the password and a code.

use leptos::prelude::*;

use super::password::PasswordAlert;
use crate::client::form_action::{FormAction, PostForm};
use crate::client::json::FromJson;
use crate::{
    auth::{account::TwoFactorView, validate::FieldError},
    pages::form::{last_error, refresh_on_answer, Field, FieldModel, FormAlert, PasswordField, SubmitButton},
};

#[component]
pub fn TwoFactor(view: TwoFactorView, setup: FormAction, enable: FormAction, disable: FormAction) -> impl IntoView {
    // The recovery codes exist only in the answer that turned the authenticator on.
    let codes =
        move || enable.value().get().and_then(Result::ok).and_then(|answer| Vec::<String>::from_json_text(&answer));
    let setup_error = last_error(setup.value());
    view! {
        <section class="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">"Two-factor authentication"</h2>
            {move || codes().map(|codes| view! { <RecoveryCodes codes /> })}
            {if view.totp_enabled {
                let left = view.recovery_codes_left;
                view! {
                    <p class="address"><strong>"Authenticator app"</strong> <span class="badge">"On"</span></p>
                    <p class="muted">{format!("A code from your app is asked after your password. Recovery codes left: {left}.")}</p>
                    <TurnOff action=disable />
                }
                .into_any()
            } else if let Some(pending) = view.pending {
                view! { <ConfirmSetup pending action=enable /> }.into_any()
            } else {
                view! {
                    <p>"Ask for a code from an app on your phone after your password, so that a stolen password is not enough."</p>
                    <PostForm action=setup>
                        <button type="submit" class="secondary" disabled=move || setup.pending().get()>
                            {move || if setup.pending().get() { "Preparing…" } else { "Set up an authenticator app" }}
                        </button>
                    </PostForm>
                    <FormAlert error=setup_error />
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn ConfirmSetup(pending: crate::auth::account::TotpSetupView, action: FormAction) -> impl IntoView {
    let code = FieldModel::new(|v| v.trim().is_empty().then_some(FieldError::CodeMissing));
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![code, password]);
    view! {
        <p>"Scan this code with your authenticator app (or type the secret), then enter the code it shows."</p>
        <figure class="qr">
            <div class="qr-code" role="img" aria-label="QR code of the authenticator secret" inner_html=pending.qr_svg></div>
            <figcaption>"Secret: " <code class="secret">{pending.secret}</code></figcaption>
        </figure>
        <p class="needs-js-note">"Turning it on needs JavaScript: your recovery codes are shown once, on this page."</p>
        <div class="needs-js">
            <PostForm action>
                <Field label="Code from the app" name="code" autocomplete="one-time-code" model=code form="totp-on" />
                <PasswordField label="Your password, to turn it on" autocomplete="current-password" model=password form="totp-on" />
                <PasswordAlert error />
                <SubmitButton label="Turn on" pending_label="Checking…" pending=action.pending() fields=vec![code, password] />
            </PostForm>
        </div>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p><strong>"Your authenticator is on. Save these recovery codes now:"</strong>" each lets you in once if you lose your phone, and they are not shown again."</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn TurnOff(action: FormAction) -> impl IntoView {
    let code = FieldModel::new(|v| v.trim().is_empty().then_some(FieldError::CodeMissing));
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![code, password]);
    view! {
        <h3>"Turn it off"</h3>
        <PostForm action>
            <Field label="A code from the app, or a recovery code" name="code" autocomplete="one-time-code" model=code form="totp-off" />
            <PasswordField label="Your password, to turn it off" autocomplete="current-password" model=password form="totp-off" />
            <PasswordAlert error />
            <SubmitButton label="Turn off" pending_label="Turning off…" pending=action.pending() fields=vec![code, password] />
        </PostForm>
    }
}
