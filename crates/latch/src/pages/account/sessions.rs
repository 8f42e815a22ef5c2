//! Where you're signed in: every live session, this device marked, the others each with a
//! button that signs it out, and one that signs out all of them.

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::{
    auth::account::SessionView,
    client::dates::date_time,
    pages::form::{last_error, FormAlert},
};

#[component]
pub fn Sessions(sessions: Vec<SessionView>, revoke: FormAction, revoke_others: FormAction) -> impl IntoView {
    let others = sessions.iter().filter(|session| !session.current).count();
    let error =
        Signal::derive(move || last_error(revoke.value()).get().or_else(|| last_error(revoke_others.value()).get()));
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Where you're signed in"</h2>
            <ul class="sessions">
                {sessions.into_iter().map(|session| view! { <SessionItem session revoke /> }).collect_view()}
            </ul>
            <FormAlert error />
            {(others > 0).then(|| view! {
                <PostForm action=revoke_others>
                    <button type="submit" class="secondary" disabled=move || revoke_others.pending().get()>
                        {move || if revoke_others.pending().get() { "Signing out…" } else { "Sign out everywhere else" }}
                    </button>
                </PostForm>
            })}
        </section>
    }
}

#[component]
fn SessionItem(session: SessionView, revoke: FormAction) -> impl IntoView {
    let label = format!("Sign out {}, signed in {}", session.device, date_time(session.created_at));
    view! {
        <li class="session">
            <div>
                <strong>{session.device.clone()}</strong>
                {session.current.then(|| view! { <span class="badge">"This device"</span> })}
                <p class="muted">
                    "Signed in " {date_time(session.created_at)} " · last active " {date_time(session.last_seen_at)}
                </p>
            </div>
            {(!session.current).then(|| view! {
                <PostForm action=revoke>
                    <input type="hidden" name="id" value=session.id.clone() />
                    <button type="submit" class="secondary small" aria-label=label>"Sign out"</button>
                </PostForm>
            })}
        </li>
    }
}
