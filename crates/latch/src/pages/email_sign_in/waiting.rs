//! `/login/email/code`: where the browser that asked waits. It takes the mail's code; and,
//! for a mail read on another device, it goes on once that device approved: by itself with
//! JavaScript (it asks every 2 seconds), by its Continue button without.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::{email_sign_in::EmailSignInWait, error::AuthError, validate::FieldError};
use crate::client::{
    auth_state::AuthContext,
    form_action::{FormAction, PostForm},
};
use crate::pages::{
    form::{last_error, refresh_on_answer, Field, FieldModel, FormAlert, SubmitButton},
    notice::Notice,
};
use crate::tr;

/// How often a waiting page with JavaScript asks whether it was approved.
#[cfg(feature = "hydrate")]
const ASK_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// `/login/email/code`: the code, or the wait for an approval.
#[component]
pub fn EmailSignInCodePage() -> impl IntoView {
    let actions = expect_context::<AuthContext>().email_sign_in;
    let (action, go_on) = (actions.code, actions.go_on);
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let code = FieldModel::new(|v| v.trim().is_empty().then_some(FieldError::CodeMissing));
    let error = last_error(action.value());
    let go_on_error = last_error(go_on.value());
    refresh_on_answer(action.version(), error, vec![code]);
    let wait = RwSignal::new(EmailSignInWait::Waiting);
    let ended = move || {
        wait.get() == EmailSignInWait::Ended
            || matches!(error.get(), Some(AuthError::InvalidChallenge))
            || matches!(go_on_error.get(), Some(AuthError::InvalidChallenge))
    };
    watch_for_approval(wait, go_on, next);
    // An ended request is said once, with the way to a new mail, not by each form's alert.
    let not_ended = |error: Signal<Option<AuthError>>| {
        Signal::derive(move || error.get().filter(|error| *error != AuthError::InvalidChallenge))
    };
    let (error_shown, go_on_error_shown) = (not_ended(error), not_ended(go_on_error));
    view! {
        <Title text=tr!(email_code_title) />
        <section class="card narrow">
            <h1>{tr!(email_code_title)}</h1>
            <Notice />
            <p class="muted">{tr!(email_code_lead)}</p>
            <PostForm action>
                <input type="hidden" name="next" prop:value=next value=next />
                <Field label=tr!(field_sign_in_code) name="code" autocomplete="one-time-code" model=code hint=tr!(field_sign_in_code_hint) />
                <FormAlert error=error_shown />
                <SubmitButton label=tr!(email_code_submit) pending_label=tr!(checking) pending=action.pending() fields=vec![code] />
            </PostForm>
            <p class="alert" role="alert" hidden=move || !ended()>
                {tr!(email_wait_ended)} " " <a href="/login/email">{tr!(email_ask_again)}</a>
            </p>
        </section>
        <section class="card narrow" aria-labelledby="wait-heading" hidden=ended>
            <h2 id="wait-heading">{tr!(email_wait_heading)}</h2>
            <p class="muted">{tr!(email_wait_lead)}</p>
            <p class="needs-js muted" aria-live="polite" aria-busy="true">{tr!(email_wait_polling)}</p>
            <PostForm action=go_on>
                <input type="hidden" name="next" prop:value=next value=next />
                <FormAlert error=go_on_error_shown />
                <button type="submit" class="secondary" disabled=move || go_on.pending().get() aria-busy=move || go_on.pending().get().to_string()>
                    {move || if go_on.pending().get() { tr!(checking) } else { tr!(email_wait_continue) }}
                </button>
            </PostForm>
        </section>
    }
}

/// With JavaScript: asks every few seconds whether another device approved, and goes on (the
/// Continue form's own request) the moment it has. Stops once the request is over.
#[cfg(feature = "hydrate")]
fn watch_for_approval(
    wait: RwSignal<EmailSignInWait>,
    go_on: FormAction,
    next: impl Fn() -> String + Send + Sync + 'static,
) {
    use crate::client::server_call::read;
    use crate::server_fns::email_sign_in::{email_sign_in_state, EmailSignInState};
    use leptos::server_fn::ServerFn;
    let next = std::sync::Arc::new(next);
    let ask = move || {
        if wait.get_untracked() != EmailSignInWait::Waiting || go_on.pending().get_untracked() {
            return;
        }
        let next = next.clone();
        leptos::task::spawn_local(async move {
            match read(<EmailSignInState as ServerFn>::PATH, email_sign_in_state).await {
                Ok(EmailSignInWait::Approved) => {
                    wait.set(EmailSignInWait::Approved);
                    go_on.submit(format!("next={}", crate::auth::next_page::query_value(&next())));
                }
                Ok(state) => wait.set(state),
                // A network hiccup: the next tick asks again.
                Err(_) => {}
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(ask, ASK_EVERY) {
        on_cleanup(move || handle.clear());
    }
}

/// On the server nothing waits: the page renders its Continue button.
#[cfg(not(feature = "hydrate"))]
fn watch_for_approval(_: RwSignal<EmailSignInWait>, _: FormAction, _: impl Fn() -> String + Send + Sync + 'static) {}
