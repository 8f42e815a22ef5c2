//! The console's search (`/admin`): people by a prefix of their address or name, or by id,
//! with their state, a page at a time. One person's page is `person.rs`.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::StatusCode,
    response::Response,
};
use leptos::prelude::*;
use serde::Deserialize;

use super::{
    actions::Outcome,
    frame::{document, Section},
    words::AdminText,
    Console,
};
use crate::{
    api::admin::By,
    auth::{error::AuthError, server::admin::views::PersonSummary},
    i18n::dates::{calendar_date, relative_time},
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

pub(super) fn roles_text(roles: &[String]) -> String {
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
