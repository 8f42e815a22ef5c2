//! One person's page (`/admin/people/{id}`), whose opening the audit records: profile,
//! state, ways in, sessions, history, and a form for every action.

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::StatusCode,
    response::Response,
};
use leptos::prelude::*;
use serde::Deserialize;

use super::{
    actions::{ConsoleAction, Outcome},
    frame::{document, Section},
    people::roles_text,
    words::AdminText,
    Console,
};
use crate::{
    auth::{error::AuthError, server::admin::views::PersonDetails},
    i18n::{
        dates::{calendar_date, date_time, relative_time},
        Lang,
    },
    pages::account::{activity::event_words, sessions::device_words},
    web::state::AppState,
};

/// What the page's address carries back from an action.
#[derive(Deserialize, Default)]
pub(super) struct PersonQuery {
    done: Option<String>,
    error: Option<String>,
}

/// `/admin/people/{id}`: the person in full, and a form for each action.
pub(super) async fn person(
    State(state): State<AppState>,
    console: Console,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<PersonQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let email = console.admin.caller.user.email.clone();
    let details = match id {
        Ok(Path(id)) => state.auth.person(&console.admin, id, &console.source.requester()).await,
        Err(_) => Err(AuthError::NotFound),
    };
    let details = match details {
        Ok(details) => details,
        Err(error) => {
            let (status, why) = match error {
                AuthError::NotFound => (
                    StatusCode::NOT_FOUND,
                    super::frame::in_locale(console.locale, || AdminText::person_missing.text().to_owned()),
                ),
                other => (StatusCode::SERVICE_UNAVAILABLE, super::frame::in_locale(console.locale, || other.message())),
            };
            return super::frame::refusal(&state.leptos_options, console.locale, status, &why);
        }
    };
    let notice = query.done.as_deref().and_then(Outcome::from_query);
    let problem = query.error.as_deref().map(ConsoleAction::problem_words);
    let known_roles = state.auth.known_roles();
    let own = details.person.id == console.admin.caller.user.id;
    let may_change = console.may_change();
    let title = details.person.username.clone();
    document(&state.leptos_options, console.locale, StatusCode::OK, Section::People, Some(&email), title, move || {
        person_page(details, notice, problem, known_roles, own, may_change).into_any()
    })
}

fn person_page(
    details: PersonDetails,
    notice: Option<Outcome>,
    problem: Option<String>,
    known_roles: Vec<&'static str>,
    own: bool,
    may_change: bool,
) -> impl IntoView {
    let PersonDetails { person, language, sessions, passkeys, identities, events } = details;
    let id = person.id;
    let action = move |name: &'static str| format!("/admin/people/{id}/{name}");
    let language = Lang::from_tag(&language).unwrap_or_default();
    let language_name = match language {
        Lang::Ko => crate::i18n::Text::language_name_ko.text(),
        _ => crate::i18n::Text::language_name_en.text(),
    };
    let button = move |name: &'static str, words: AdminText, class: &'static str| {
        view! {
            <form method="post" action=action(name) class="inline">
                <button type="submit" class=class>{words.text()}</button>
            </form>
        }
    };
    let role_forms = known_roles
        .into_iter()
        .map(|role| {
            let held = person.roles.iter().any(|held| held == role);
            let (name, words) = if held { ("revoke", AdminText::act_revoke) } else { ("grant", AdminText::act_grant) };
            view! {
                <form method="post" action=action(name) class="inline">
                    <input type="hidden" name="role" value=role />
                    <button type="submit" class="secondary">{words.with(&[("role", &role)])}</button>
                </form>
            }
        })
        .collect_view();
    let last = person.last_sign_in_at.map(date_time).unwrap_or_else(|| AdminText::never.text().to_owned());
    let state_words = match person.disabled_at {
        Some(at) => format!("{} ({})", AdminText::state_disabled.text(), date_time(at)),
        None => AdminText::state_active.text().to_owned(),
    };
    let verified = if person.email_verified { AdminText::state_verified } else { AdminText::state_unverified };
    let audit_link = format!("/admin/audit?person={id}");
    view! {
        <div class="account">
            <h1>{person.username.clone()}</h1>
            {notice.map(|outcome| view! { <p class="notice" role="status">{outcome.words()}</p> })}
            {problem.map(|words| view! { <p class="alert" role="alert">{words}</p> })}
            <section class="card" aria-labelledby="profile-heading">
                <h2 id="profile-heading">{AdminText::profile_heading.text()}</h2>
                <dl class="profile">
                    <dt>{AdminText::field_email.text()}</dt><dd>{person.email.clone()}</dd>
                    <dt>{AdminText::field_id.text()}</dt><dd>{id}</dd>
                    <dt>{AdminText::field_state.text()}</dt><dd>{state_words}</dd>
                    <dt>{AdminText::field_address.text()}</dt><dd>{verified.text()}</dd>
                    <dt>{AdminText::field_roles.text()}</dt><dd>{roles_text(&person.roles)}</dd>
                    <dt>{AdminText::field_last_sign_in.text()}</dt><dd>{last}</dd>
                    <dt>{AdminText::field_joined.text()}</dt><dd>{date_time(person.created_at)}</dd>
                    <dt>{AdminText::field_language.text()}</dt><dd>{language_name}</dd>
                </dl>
                <p><a href=audit_link>{AdminText::audit_of_person.text()}</a></p>
            </section>
            <section class="card" aria-labelledby="ways-heading">
                <h2 id="ways-heading">{AdminText::ways_in_heading.text()}</h2>
                <ul class="plain">
                    <li>{if person.authenticator { AdminText::authenticator_on.text() } else { AdminText::authenticator_off.text() }}</li>
                    {match passkeys.is_empty() {
                        true => view! { <li>{AdminText::passkeys_none.text()}</li> }.into_any(),
                        false => passkeys.into_iter().map(|passkey| view! {
                            <li>{AdminText::passkey_line.with(&[("name", &passkey.name), ("added", &calendar_date(passkey.created_at))])}</li>
                        }).collect_view().into_any(),
                    }}
                    {identities.into_iter().map(|identity| view! {
                        <li>{AdminText::identity_line.with(&[("provider", &identity.label), ("email", &identity.email), ("linked", &calendar_date(identity.linked_at))])}</li>
                    }).collect_view()}
                </ul>
            </section>
            <section class="card" aria-labelledby="sessions-heading">
                <h2 id="sessions-heading">{AdminText::sessions_heading.text()}</h2>
                {match sessions.is_empty() {
                    true => view! { <p class="muted">{AdminText::no_sessions.text()}</p> }.into_any(),
                    false => view! {
                        <ul class="sessions">
                            {sessions.into_iter().map(|session| {
                                let line = AdminText::session_line.with(&[
                                    ("device", &device_words(&session)),
                                    ("since", &date_time(session.created_at)),
                                    ("seen", &relative_time(session.last_seen_at)),
                                ]);
                                view! { <li class="session">{line}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="events-heading">
                <h2 id="events-heading">{AdminText::events_heading.text()}</h2>
                {match events.is_empty() {
                    true => view! { <p class="muted">{AdminText::no_events.text()}</p> }.into_any(),
                    false => view! {
                        <ul class="events">
                            {events.into_iter().map(|event| view! {
                                <li class="event">
                                    <span>{event_words(&event.kind)}</span>
                                    " "
                                    <span class="muted">{date_time(event.at)}{event.ip.map(|ip| format!(" · {ip}"))}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="actions-heading">
                <h2 id="actions-heading">{AdminText::actions_heading.text()}</h2>
                <p class="muted">{AdminText::actions_lead.text()}</p>
                {(!may_change).then(|| view! {
                    <p class="notice">
                        {AdminText::sudo_needed.text()} " "
                        <a href=format!("/reauthenticate?next=/admin/people/{id}")>{AdminText::sudo_link.text()}</a>
                    </p>
                })}
                <div class="actions">
                    {button("sign-out", AdminText::act_sign_out, "secondary")}
                    {(!person.email_verified).then(|| button("verification", AdminText::act_verification, "secondary"))}
                    {person.disabled_at.is_none().then(|| button("password-reset", AdminText::act_reset, "secondary"))}
                    {(!own && person.authenticator).then(|| button("remove-authenticator", AdminText::act_remove_authenticator, "secondary"))}
                    {(!own && person.passkeys > 0).then(|| button("remove-passkeys", AdminText::act_remove_passkeys, "secondary"))}
                    {(!own).then(|| match person.disabled_at {
                        None => button("disable", AdminText::act_disable, "danger").into_any(),
                        Some(_) => button("enable", AdminText::act_enable, "secondary").into_any(),
                    })}
                </div>
                <h3>{AdminText::roles_heading.text()}</h3>
                <div class="actions">{role_forms}</div>
            </section>
            {(!own).then(|| view! {
                <section class="card" aria-labelledby="view-heading">
                    <h2 id="view-heading">{AdminText::view_heading.text()}</h2>
                    <p class="muted">{AdminText::view_lead.text()}</p>
                    <form method="post" action=action("view")>
                        <div class="field">
                            <label for="reason">{AdminText::view_reason_label.text()}</label>
                            <textarea id="reason" name="reason" rows="2" minlength="10" maxlength="500" required aria-describedby="reason-hint"></textarea>
                            <p class="field-note" id="reason-hint">{AdminText::view_reason_hint.text()}</p>
                        </div>
                        <button type="submit" class="secondary">{AdminText::view_submit.text()}</button>
                    </form>
                </section>
            })}
            {(!own).then(|| view! {
                <section class="card danger-zone" aria-labelledby="delete-heading">
                    <h2 id="delete-heading">{AdminText::delete_heading.text()}</h2>
                    <p>{AdminText::delete_lead.text()}</p>
                    <form method="post" action=action("delete")>
                        <div class="field">
                            <label for="confirm">{AdminText::delete_confirm_label.text()}</label>
                            <input id="confirm" name="confirm" type="email" autocomplete="off" required />
                        </div>
                        <button type="submit">{AdminText::delete_submit.text()}</button>
                    </form>
                </section>
            })}
        </div>
    }
    .into_any()
}
