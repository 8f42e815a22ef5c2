//! `/forgot-password`: ask for a reset link. The answer is the same whether or not an account
//! uses the address, so the page says what happens in either case.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    form::{field_error, last_error, refresh_on_answer, EmailField, FieldModel, FormAlert, SubmitButton},
    notice::Notice,
};
use crate::client::form_action::{FormAction, PostForm};
use crate::tr;
use crate::{auth::validate::Email, server_fns::email::RequestPasswordReset};

/// `/forgot-password`: an address, for a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = FormAction::new::<RequestPasswordReset>();
    let query = use_query_map();
    let kept_email = Signal::derive(move || query.read().get("email"));
    let email = FieldModel::new(|v| Email::parse(v).err());
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![email]);
    view! {
        <Title text=tr!(forgot_title) />
        <section class="card narrow">
            <h1>{tr!(forgot_heading)}</h1>
            <Notice />
            <p class="muted">{tr!(forgot_lead)}</p>
            <PostForm action>
                <EmailField model=email server_error=field_error(error, |f| f.email) initial=kept_email />
                <FormAlert error />
                <SubmitButton label=tr!(forgot_submit) pending_label=tr!(sending) pending=action.pending() fields=vec![email] />
            </PostForm>
            <p class="switch">{tr!(forgot_remembered)} " " <a href="/login">{tr!(nav_log_in)}</a></p>
        </section>
    }
}
