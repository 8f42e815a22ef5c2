//! `/login/email/link?token=…`: where a sign-in mail's button leads. Opening it changes
//! nothing (mail scanners and link previews open links); its button does. In the browser that
//! asked, the button signs in; on any other device it approves that browser's sign-in, after
//! saying which browser, when and from where, and this device gets no session.

use leptos::{prelude::*, server::codee::string::FromToStringCodec};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::email_sign_in::EmailSignInLink;
use crate::client::{
    auth_state::{preloaded_email_sign_in_link, AuthContext},
    form_action::PostForm,
    server_call::Preloaded,
};
use crate::i18n::{dates::date_time, Text};
use crate::pages::form::{last_error, refresh_on_answer, FormAlert};
use crate::tr;

/// `/login/email/link`: one button, which signs in here or approves the browser that asked.
#[component]
pub fn EmailSignInLinkPage() -> impl IntoView {
    let action = expect_context::<AuthContext>().email_sign_in.confirm;
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let error = last_error(action.value());
    refresh_on_answer(action.version(), error, vec![]);
    let asked =
        SharedValue::<_, FromToStringCodec>::new_str(|| Preloaded(preloaded_email_sign_in_link())).into_inner().0;
    let button = move |label: &'static str| {
        view! {
            <PostForm action>
                <input type="hidden" name="token" prop:value=token value=token />
                <FormAlert error />
                <button type="submit" disabled=move || action.pending().get() aria-busy=move || action.pending().get().to_string()>
                    {move || if action.pending().get() { tr!(confirming) } else { label }}
                </button>
            </PostForm>
        }
    };
    let body = match asked {
        Some(Ok(EmailSignInLink { this_browser: true, .. })) => view! {
            <h1>{tr!(email_link_title)}</h1>
            <p>{tr!(email_link_here_lead)}</p>
            {button(tr!(email_link_here_submit))}
        }
        .into_any(),
        Some(Ok(EmailSignInLink { approved: true, .. })) => view! {
            <h1>{tr!(email_link_other_heading)}</h1>
            <p role="status">{tr!(email_link_approved_already)}</p>
        }
        .into_any(),
        Some(Ok(asked)) => {
            let lead = Text::email_link_other_lead.with(&[
                ("device", &asked.device),
                ("when", &date_time(asked.asked_at)),
                ("network", &asked.network),
            ]);
            view! {
                <h1>{tr!(email_link_other_heading)}</h1>
                <p>{lead}</p>
                <p class="warning">{tr!(email_link_other_warning)}</p>
                {button(tr!(email_link_approve))}
            }
            .into_any()
        }
        Some(Err(error)) => view! {
            <h1>{tr!(email_link_title)}</h1>
            <p class="alert" role="alert">{error.message()}</p>
            <p class="switch"><a href="/login/email">{tr!(email_ask_again)}</a></p>
        }
        .into_any(),
        // Rendered without page data (the route list made at start-up): nothing to ask about.
        None => view! { <h1>{tr!(email_link_title)}</h1> }.into_any(),
    };
    view! {
        <Title text=tr!(email_link_title) />
        <section class="card narrow">{body}</section>
    }
}

/// `/login/email/approved`: what the approving device sees.
#[component]
pub fn EmailSignInApprovedPage() -> impl IntoView {
    view! {
        <Title text=tr!(email_approved_title) />
        <section class="card narrow">
            <h1>{tr!(email_approved_title)}</h1>
            <p role="status">{tr!(email_approved_lead)}</p>
        </section>
    }
}
