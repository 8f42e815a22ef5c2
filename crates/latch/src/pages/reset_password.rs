//! `/reset-password?token=…`: the page a reset mail links to. Opening it changes nothing
//! (mail scanners open links); sending its form sets the new password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{field_error, last_error, refresh_on_answer, FieldModel, FormAlert, NewPasswordField, SubmitButton};
use crate::client::form_action::{FormAction, PostForm};
use crate::tr;
use crate::{
    auth::{error::AuthError, validate::Password},
    server_fns::email::ResetPassword,
};

/// `/reset-password`: a new password, with the mailed token.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = FormAction::new::<ResetPassword>();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = FieldModel::new(|v| Password::parse(v).err());
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![password]);
    let dead_link = move || matches!(error.get(), Some(AuthError::InvalidToken)) || token().is_empty();
    view! {
        <Title text=tr!(reset_title) />
        <section class="card narrow">
            <h1>{tr!(reset_title)}</h1>
            <p class="muted">{tr!(reset_lead)}</p>
            <PostForm action>
                <input type="hidden" name="token" prop:value=token value=token />
                <NewPasswordField label=tr!(field_new_password) name="new_password" model=password server_error=field_error(error, |f| f.password) />
                <FormAlert error />
                <SubmitButton label=tr!(reset_submit) pending_label=tr!(saving) pending=action.pending() fields=vec![password] />
            </PostForm>
            <p class="switch" hidden=move || !dead_link()>{tr!(reset_dead_link)} " " <a href="/forgot-password">{tr!(reset_ask_again)}</a></p>
        </section>
    }
}
