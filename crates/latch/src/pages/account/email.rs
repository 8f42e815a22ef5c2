//! Your email address: whether it is verified (with a button that mails the link again), and
//! moving to a new address, confirmed with the password and by a link sent there.

use leptos::prelude::*;

use super::password::PasswordAlert;
use crate::client::form_action::{FormAction, PostForm};
use crate::tr;
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
            <h2 id="email-heading">{tr!(email_heading)}</h2>
            <p class="address">
                <strong>{account.email}</strong>
                {if account.email_verified {
                    view! { <span class="badge">{tr!(email_verified)}</span> }.into_any()
                } else {
                    view! { <span class="badge pending">{tr!(email_not_verified)}</span> }.into_any()
                }}
            </p>
            {(!account.email_verified).then(|| view! {
                <p class="muted">{tr!(email_unverified_note)}</p>
                <PostForm action=resend>
                    <button type="submit" class="secondary" disabled=move || resend.pending().get()>
                        {move || if resend.pending().get() { tr!(sending) } else { tr!(email_resend) }}
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
        <h3>{tr!(email_change_heading)}</h3>
        <p class="muted">{tr!(email_change_note)}</p>
        <PostForm action>
            <Field label=tr!(field_new_email) name="new_email" kind="email" autocomplete="email" model=new_email server_error=email_error />
            <PasswordField label=tr!(field_your_password) autocomplete="current-password" model=password form="email" />
            <PasswordAlert error />
            <SubmitButton label=tr!(email_change_submit) pending_label=tr!(sending) pending=action.pending() fields=vec![new_email, password] />
        </PostForm>
    }
}
