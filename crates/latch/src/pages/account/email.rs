//! Your email address: whether it is verified (with a button that mails the link again), and
//! moving to a new address, confirmed with the password and by a link sent there.

use leptos::prelude::*;

use super::password::PasswordAlert;
use crate::client::form_action::{FormAction, PostForm};
use crate::{
    auth::{
        account::AccountView,
        validate::{Email, FieldError},
    },
    pages::form::{
        field_error, last_error, refresh_on_answer, Field, FieldModel, FormAlert, PasswordField, SubmitButton,
    },
};

#[component]
pub fn EmailAddress(account: AccountView, resend: FormAction, change: FormAction) -> impl IntoView {
    let resend_error = last_error(resend.value());
    view! {
        <section class="card" aria-labelledby="email-heading">
            <h2 id="email-heading">"Email address"</h2>
            <p class="address">
                <strong>{account.email}</strong>
                {if account.email_verified {
                    view! { <span class="badge">"Verified"</span> }.into_any()
                } else {
                    view! { <span class="badge pending">"Not verified"</span> }.into_any()
                }}
            </p>
            {(!account.email_verified).then(|| view! {
                <p class="muted">"Open the link we mailed you to confirm it: until then a forgotten password cannot be reset by mail."</p>
                <PostForm action=resend>
                    <button type="submit" class="secondary" disabled=move || resend.pending().get()>
                        {move || if resend.pending().get() { "Sending…" } else { "Send the link again" }}
                    </button>
                </PostForm>
                <FormAlert error=resend_error />
            })}
            <ChangeEmailForm action=change />
        </section>
    }
}

#[component]
fn ChangeEmailForm(action: FormAction) -> impl IntoView {
    let new_email = FieldModel::new(|v| Email::parse(v).err());
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![new_email, password]);
    // A taken address is answered like a free one (the server tells no one which are taken).
    let email_error = field_error(error, |f| f.email);
    view! {
        <h3>"Use another address"</h3>
        <p class="muted">"We'll mail a link to the new address; your account moves there once you open it, and the old address is told."</p>
        <PostForm action>
            <Field label="New email address" name="new_email" kind="email" autocomplete="email" model=new_email server_error=email_error />
            <PasswordField label="Your password" autocomplete="current-password" model=password form="email" />
            <PasswordAlert error />
            <SubmitButton label="Send a confirmation link" pending_label="Sending…" pending=action.pending() fields=vec![new_email, password] />
        </PostForm>
    }
}
