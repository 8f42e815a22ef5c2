//! Sign-in by email (`auth::server::email_sign_in` has the rules): `/login/email` asks for the
//! mail; `/login/email/code` (`waiting`) takes its code and waits for another device's
//! approval; `/login/email/link` (`link`) is where the mail's button leads, and
//! `/login/email/approved` what the approving device sees after. Every page works without
//! JavaScript; with it, the waiting page goes on by itself once approved.

pub mod link;
pub mod waiting;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    form::{field_error, last_error, refresh_on_answer, EmailField, FieldModel, FormAlert, SubmitButton},
    notice::Notice,
};
use crate::client::{
    auth_state::AuthContext,
    form_action::{FormAction, PostForm},
};
use crate::tr;
use crate::{auth::validate::Email, server_fns::email_sign_in::RequestEmailSignIn};

/// `/login/email`: an address, for a code and a link.
#[component]
pub fn EmailSignInPage() -> impl IntoView {
    let action = FormAction::new::<RequestEmailSignIn>();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let kept_email = Signal::derive(move || query.read().get("email"));
    let email = FieldModel::new(|v| Email::parse(v).err());
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![email]);
    let on = offered();
    let form = move || {
        view! {
            <p class="muted">{tr!(email_sign_in_lead)}</p>
            <PostForm action>
                <input type="hidden" name="next" prop:value=next value=next />
                <EmailField model=email server_error=field_error(error, |f| f.email) initial=kept_email />
                <FormAlert error />
                <SubmitButton label=tr!(email_sign_in_submit) pending_label=tr!(sending) pending=action.pending() fields=vec![email] />
            </PostForm>
        }
    };
    view! {
        <Title text=tr!(email_sign_in_title) />
        <section class="card narrow">
            <h1>{tr!(email_sign_in_title)}</h1>
            <Notice />
            {move || if on { form().into_any() } else { view! { <p class="alert" role="alert">{tr!(email_sign_in_off)}</p> }.into_any() }}
            <p class="switch"><a href="/login">{tr!(email_sign_in_use_password)}</a></p>
        </section>
    }
}

/// The login page's way here, when the site offers it.
#[component]
pub fn EmailSignInLink() -> impl IntoView {
    let query = use_query_map();
    let href = move || match query.read().get("next") {
        Some(next) => format!("/login/email?next={}", crate::auth::next_page::query_value(&next)),
        None => "/login/email".to_owned(),
    };
    offered().then(|| view! { <p class="switch"><a href=href>{tr!(login_by_email)}</a></p> })
}

/// Whether the site offers sign-in by email (`EMAIL_SIGN_IN`), as the server said.
pub fn offered() -> bool {
    expect_context::<AuthContext>().email_sign_in_offered
}
