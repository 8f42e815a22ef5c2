//! Taking your data, and leaving: a download of everything Latch holds about you, and the
//! deletion of the account, confirmed with the password.

use leptos::prelude::*;

use super::password::PasswordAlert;
use crate::client::form_action::{FormAction, PostForm};
use crate::{
    auth::validate::FieldError,
    pages::form::{last_error, refresh_on_answer, FieldModel, PasswordField, SubmitButton},
};

#[component]
pub fn YourData() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">"Your data"</h2>
            <p>"Everything Latch holds about you (your profile, sessions and activity; never your password) as one JSON file."</p>
            // A plain link: the JSON API answers it with the cookie, as an attachment.
            <a class="button secondary" href="/auth/export" download="latch-account.json">"Download your data"</a>
        </section>
    }
}

#[component]
pub fn DeleteAccount(action: FormAction) -> impl IntoView {
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![password]);
    view! {
        <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete your account"</h2>
            <p>"Your account, its sessions and its activity are deleted at once, and every sign-in ends. This cannot be undone."</p>
            <PostForm action>
                <PasswordField label="Your password, to confirm" autocomplete="current-password" model=password />
                <PasswordAlert error />
                <SubmitButton label="Delete my account" pending_label="Deleting…" pending=action.pending() fields=vec![password] />
            </PostForm>
        </section>
    }
}
