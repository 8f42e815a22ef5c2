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
use crate::{
    i18n::{around, Text},
    tr,
};

#[component]
pub fn TwoFactor(view: TwoFactorView, setup: FormAction, enable: FormAction, disable: FormAction) -> impl IntoView {
    // The recovery codes exist only in the answer that turned the authenticator on.
    let codes =
        move || enable.value().get().and_then(Result::ok).and_then(|answer| Vec::<String>::from_json_text(&answer));
    let setup_error = last_error(setup.value());
    view! {
        <section class="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{tr!(tfa_heading)}</h2>
            {move || codes().map(|codes| view! { <RecoveryCodes codes /> })}
            {if view.totp_enabled {
                let left = view.recovery_codes_left;
                view! {
                    <p class="address"><strong>{tr!(tfa_app)}</strong> <span class="badge">{tr!(tfa_on)}</span></p>
                    <p class="muted">{Text::tfa_on_note.with(&[("count", &left)])}</p>
                    <TurnOff action=disable />
                }
                .into_any()
            } else if let Some(pending) = view.pending {
                view! { <ConfirmSetup pending action=enable /> }.into_any()
            } else {
                view! {
                    <p>{tr!(tfa_off_note)}</p>
                    <PostForm action=setup>
                        <button type="submit" class="secondary" disabled=move || setup.pending().get()>
                            {move || if setup.pending().get() { tr!(tfa_preparing) } else { tr!(tfa_setup) }}
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
    let (before, after) = around(tr!(tfa_secret), "secret");
    view! {
        <p>{tr!(tfa_scan)}</p>
        <figure class="qr">
            <div class="qr-code" role="img" aria-label=tr!(tfa_qr_label) inner_html=pending.qr_svg></div>
            <figcaption>{before} <code class="secret">{pending.secret}</code> {after}</figcaption>
        </figure>
        <p class="needs-js-note">{tr!(tfa_needs_js)}</p>
        <div class="needs-js">
            <PostForm action>
                <Field label=tr!(field_code_from_app) name="code" autocomplete="one-time-code" model=code form="totp-on" />
                <PasswordField label=tr!(field_password_to_turn_on) autocomplete="current-password" model=password form="totp-on" />
                <PasswordAlert error />
                <SubmitButton label=tr!(tfa_turn_on) pending_label=tr!(checking) pending=action.pending() fields=vec![code, password] />
            </PostForm>
        </div>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p><strong>{tr!(tfa_codes_save)}</strong> " " {tr!(tfa_codes_why)}</p>
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
        <h3>{tr!(tfa_turn_off_heading)}</h3>
        <PostForm action>
            <Field label=tr!(field_code_or_recovery) name="code" autocomplete="one-time-code" model=code form="totp-off" />
            <PasswordField label=tr!(field_password_to_turn_off) autocomplete="current-password" model=password form="totp-off" />
            <PasswordAlert error />
            <SubmitButton label=tr!(tfa_turn_off) pending_label=tr!(tfa_turning_off) pending=action.pending() fields=vec![code, password] />
        </PostForm>
    }
}
