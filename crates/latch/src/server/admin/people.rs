//! The console's people pages: the search (`/admin`) and one person (`/admin/people/{id}`),
//! whose opening the audit records, with a form for every action.

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
    words::AdminText,
    Console,
};
use crate::{
    api::admin::By,
    auth::{
        error::AuthError,
        server::admin::views::{PersonDetails, PersonSummary},
    },
    i18n::{
        dates::{calendar_date, date_time, relative_time},
        Lang,
    },
    pages::account::{activity::event_words, sessions::device_words},
    web::state::AppState,
};

/// How many people one page of the search lists.
const PER_PAGE: u32 = 25;

/// The search's form (a `GET`, so a result is a link).
#[derive(Deserialize, Default)]
pub(super) struct SearchForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    by: By,
    after: Option<String>,
    /// Set when an action brought the administrator here (a deletion).
    done: Option<String>,
}

/// `/admin`: the search, its results, and the next page's link.
pub(super) async fn search(
    State(state): State<AppState>,
    console: Console,
    form: Result<Query<SearchForm>, QueryRejection>,
) -> Response {
    // An address bar's typo (an unknown `by`) starts over rather than failing.
    let form = form.map(|Query(form)| form).unwrap_or_default();
    let page = state.auth.search_people(&console.admin, form.by.into(), &form.q, form.after.as_deref(), PER_PAGE).await;
    let notice = form.done.as_deref().and_then(Outcome::from_query).map(Outcome::words);
    let SearchForm { q, by, after, .. } = form;
    let title = super::frame::in_locale(console.locale, || AdminText::people_title.text().to_owned());
    let heading = title.clone();
    let email = console.admin.caller.user.email.clone();
    document(&state.leptos_options, console.locale, StatusCode::OK, Section::People, Some(&email), title, move || {
        let option = |value: &'static str, words: AdminText, this: By| {
            view! { <option value=value selected=by == this>{words.text()}</option> }
        };
        let results = match page {
            Err(AuthError::BadRequest) => Err(AuthError::BadRequest.message()),
            Err(error) => Err(error.message()),
            Ok(page) => Ok(page),
        };
        let query_text = q.clone();
        view! {
            <h1>{heading}</h1>
            {notice.map(|words| view! { <p class="notice" role="status">{words}</p> })}
            <form class="card search" method="get" action="/admin" role="search">
                <div class="field">
                    <label for="q">{AdminText::search_label.text()}</label>
                    <input id="q" name="q" type="search" value=q.clone() aria-describedby="q-hint" autocomplete="off" />
                    <p class="field-note" id="q-hint">{AdminText::search_hint.text()}</p>
                </div>
                <div class="field">
                    <label for="by">{AdminText::search_by.text()}</label>
                    <select id="by" name="by">
                        {option("email", AdminText::by_email, By::Email)}
                        {option("username", AdminText::by_username, By::Username)}
                        {option("id", AdminText::by_id, By::Id)}
                    </select>
                </div>
                <button type="submit">{AdminText::search_submit.text()}</button>
            </form>
            {match results {
                Err(message) => view! { <p class="alert" role="alert">{message}</p> }.into_any(),
                Ok(page) if page.people.is_empty() => view! {
                    <p class="muted">{AdminText::no_match.with(&[("text", &query_text)])}</p>
                }.into_any(),
                Ok(page) => {
                    let by_name = match by { By::Email => "email", By::Username => "username", By::Id => "id" };
                    let next = page.next.map(|next| format!(
                        "/admin?q={}&by={by_name}&after={next}",
                        crate::auth::next_page::query_value(&query_text)
                    ));
                    let first = after.is_some().then(|| format!(
                        "/admin?q={}&by={by_name}", crate::auth::next_page::query_value(&query_text)
                    ));
                    view! {
                        <div class="table-wrap">
                            <table class="people">
                                <caption>{AdminText::results_caption.text()}</caption>
                                <thead><tr>
                                    <th scope="col">{AdminText::col_name.text()}</th>
                                    <th scope="col">{AdminText::col_email.text()}</th>
                                    <th scope="col">{AdminText::col_state.text()}</th>
                                    <th scope="col">{AdminText::col_roles.text()}</th>
                                    <th scope="col">{AdminText::col_last_sign_in.text()}</th>
                                    <th scope="col">{AdminText::col_joined.text()}</th>
                                </tr></thead>
                                <tbody>{page.people.into_iter().map(person_row).collect_view()}</tbody>
                            </table>
                        </div>
                        <p class="pages">
                            {first.map(|href| view! { <a href=href>{AdminText::first_page.text()}</a> })}
                            {next.map(|href| view! { <a href=href rel="next">{AdminText::next_page.text()}</a> })}
                        </p>
                    }.into_any()
                }
            }}
        }
        .into_any()
    })
}

fn person_row(person: PersonSummary) -> impl IntoView {
    let href = format!("/admin/people/{}", person.id);
    let last = person.last_sign_in_at.map(relative_time).unwrap_or_else(|| AdminText::never.text().to_owned());
    let roles = roles_text(&person.roles);
    view! {
        <tr>
            <td><a href=href>{person.username.clone()}</a></td>
            <td>{person.email.clone()}</td>
            <td>{state_badges(&person)}</td>
            <td>{roles}</td>
            <td>{last}</td>
            <td>{calendar_date(person.created_at)}</td>
        </tr>
    }
}

fn roles_text(roles: &[String]) -> String {
    match roles.is_empty() {
        true => AdminText::none.text().to_owned(),
        false => roles.join(", "),
    }
}

/// The account's state as badges: disabled, verified or not, a second factor.
fn state_badges(person: &PersonSummary) -> impl IntoView {
    let disabled = person.disabled_at.is_some();
    let verified = match person.email_verified {
        true => view! { <span class="badge">{AdminText::state_verified.text()}</span> }.into_any(),
        false => view! { <span class="badge pending">{AdminText::state_unverified.text()}</span> }.into_any(),
    };
    view! {
        <span class="badges">
            {disabled.then(|| view! { <span class="badge danger">{AdminText::state_disabled.text()}</span> })}
            {verified}
            {person.second_factor().then(|| view! { <span class="badge">{AdminText::state_second_factor.text()}</span> })}
        </span>
    }
}

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
    let PersonDetails { person, language, sessions, passkeys, events } = details;
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
