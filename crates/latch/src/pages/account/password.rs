//! Change the password: the current one, a new one under the signup rules, and whether to
//! sign out every other session (on by default: a changed password usually means a worry).

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::tr;
use crate::{
    auth::{
        error::AuthError,
        validate::{FieldError, Password},
    },
    pages::form::{
        field_error, last_error, refresh_on_answer, FieldModel, NewPasswordField, PasswordField, SubmitButton,
    },
};

/// The password section: change it, or remove it when the account signs in another way; an
/// account without one is told how it signs in and how to set one.
#[component]
pub fn ChangePasswordForm(action: FormAction, has_password: bool, remove: FormAction) -> impl IntoView {
    if !has_password {
        return view! {
            <section class="card" aria-labelledby="password-heading">
                <h2 id="password-heading">{tr!(password_heading)}</h2>
                <p class="muted">{tr!(password_none)}</p>
                <a href="/forgot-password">{tr!(password_set_one)}</a>
            </section>
        }
        .into_any();
    }
    let current = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let new = FieldModel::new(|v| Password::parse(v).err());
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![current, new]);
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{tr!(password_heading)}</h2>
            <PostForm action>
                <PasswordField label=tr!(field_current_password) name="current_password" autocomplete="current-password" model=current />
                <NewPasswordField label=tr!(field_new_password) name="new_password" model=new server_error=field_error(error, |f| f.password) />
                <div class="check">
                    <input type="checkbox" id="sign-out-others" name="sign_out_others" checked />
                    <label for="sign-out-others">{tr!(password_sign_out_others)}</label>
                </div>
                <PasswordAlert error />
                <SubmitButton label=tr!(password_submit) pending_label=tr!(password_changing) pending=action.pending() fields=vec![current, new] />
            </PostForm>
            <RemovePasswordForm action=remove />
        </section>
    }
    .into_any()
}

/// Removing the password, given it: refused while it is the last way in.
#[component]
fn RemovePasswordForm(action: FormAction) -> impl IntoView {
    let password = FieldModel::new(|v| v.is_empty().then_some(FieldError::PasswordMissing));
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![password]);
    view! {
        <h3 id="remove-password-heading">{tr!(password_remove_heading)}</h3>
        <p class="muted">{tr!(password_remove_lead)}</p>
        <PostForm action>
            <PasswordField label=tr!(field_your_password) name="password" autocomplete="current-password" model=password form="remove-password" />
            <PasswordAlert error />
            <SubmitButton label=tr!(password_remove_submit) pending_label=tr!(password_removing) pending=action.pending() fields=vec![password] />
        </PostForm>
    }
}

/// Asks for a new password while the account is marked: a sign-in used one the server's
/// breach list holds. Gone once the password changes (the page reloads its data).
#[component]
pub fn BreachedWarning(breached: bool) -> impl IntoView {
    breached.then(|| {
        view! {
            <section class="card warning" aria-labelledby="breached-heading">
                <h2 id="breached-heading">{tr!(account_breached_heading)}</h2>
                <p>{tr!(account_breached_lead)}</p>
                <a href="#password-heading">{tr!(account_breached_link)}</a>
            </section>
        }
    })
}

/// Errors about the form as a whole, in words that fit a form asking for your own password.
#[component]
pub fn PasswordAlert(#[prop(into)] error: Signal<Option<AuthError>>) -> impl IntoView {
    let message = move || match error.get()? {
        AuthError::Invalid(_) => None,
        AuthError::InvalidCredentials => Some(tr!(password_wrong_current).to_owned()),
        other => Some(other.message()),
    };
    move || message().map(|message| view! { <p class="alert" role="alert">{message}</p> })
}
