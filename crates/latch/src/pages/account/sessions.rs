//! Where you're signed in: every live session, this device marked, the others each with a
//! button that signs it out, and one that signs out all of them.

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::{
    auth::account::SessionView,
    i18n::dates::{date_time, relative_time},
    pages::form::{last_error, FormAlert},
};
use crate::{i18n::Text, tr};

#[component]
pub fn Sessions(sessions: Vec<SessionView>, revoke: FormAction, revoke_others: FormAction) -> impl IntoView {
    let others = sessions.iter().filter(|session| !session.current).count();
    let error =
        Signal::derive(move || last_error(revoke.value()).get().or_else(|| last_error(revoke_others.value()).get()));
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{tr!(sessions_heading)}</h2>
            <ul class="sessions">
                {sessions.into_iter().map(|session| view! { <SessionItem session revoke /> }).collect_view()}
            </ul>
            <FormAlert error />
            {(others > 0).then(|| view! {
                <PostForm action=revoke_others>
                    <button type="submit" class="secondary" disabled=move || revoke_others.pending().get()>
                        {move || if revoke_others.pending().get() { tr!(sessions_signing_out) } else { tr!(sessions_sign_out_others) }}
                    </button>
                </PostForm>
            })}
        </section>
    }
}

#[component]
fn SessionItem(session: SessionView, revoke: FormAction) -> impl IntoView {
    let device = device_words(&session);
    let signed_in = date_time(session.created_at);
    let label = Text::sessions_sign_out_label.with(&[("device", &device), ("date", &signed_in)]);
    let times =
        Text::sessions_times.with(&[("signed_in", &signed_in), ("last_active", &relative_time(session.last_seen_at))]);
    view! {
        <li class="session">
            <div>
                <strong>{device}</strong>
                {session.current.then(|| view! { <span class="badge">{tr!(sessions_this_device)}</span> })}
                <p class="muted">{times}</p>
            </div>
            {(!session.current).then(|| view! {
                <PostForm action=revoke>
                    <input type="hidden" name="id" value=session.id.clone() />
                    <button type="submit" class="secondary small" aria-label=label>{tr!(sessions_sign_out)}</button>
                </PostForm>
            })}
        </li>
    }
}

/// "Chrome on Linux" in the page's language, from the browser and system the server read in
/// the session's `User-Agent`.
pub(crate) fn device_words(session: &SessionView) -> String {
    match (&session.browser, &session.system) {
        (Some(browser), Some(system)) => {
            Text::device_browser_on_system.with(&[("browser", browser), ("system", system)])
        }
        (Some(browser), None) => Text::device_browser_on_unknown.with(&[("browser", browser)]),
        (None, Some(system)) => Text::device_a_browser_on.with(&[("system", system)]),
        (None, None) => tr!(device_unknown).to_owned(),
    }
}
