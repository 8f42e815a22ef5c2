//! `/admin/audit`: what administrators did, newest first, filtered by administrator and by
//! person (each a link in the table, or a number in the form), a page at a time.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::StatusCode,
    response::Response,
};
use leptos::prelude::*;
use serde::Deserialize;

use super::{
    frame::{document, in_locale, Section},
    words::AdminText,
    Console,
};
use crate::{
    auth::server::{
        admin::{actions::AdminAction, views::AuditEntry},
        store::audit::AuditFilter,
    },
    i18n::dates::date_time,
    web::state::AppState,
};

/// Rows per page.
const PER_PAGE: u32 = 50;

/// The filter's form. Empty fields are no filter (a browser sends them as empty strings).
#[derive(Deserialize, Default)]
pub(super) struct AuditForm {
    #[serde(default)]
    admin: String,
    #[serde(default)]
    person: String,
    before: Option<i64>,
}

fn number(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// The audit's words for an action's name.
fn action_words(name: &str) -> &'static str {
    let key = match AdminAction::ALL.into_iter().find(|action| action.name() == name) {
        Some(AdminAction::Viewed) => AdminText::action_viewed,
        Some(AdminAction::Disabled) => AdminText::action_disabled,
        Some(AdminAction::Enabled) => AdminText::action_enabled,
        Some(AdminAction::SignedOut) => AdminText::action_signed_out,
        Some(AdminAction::SentVerification) => AdminText::action_sent_verification,
        Some(AdminAction::SentReset) => AdminText::action_sent_reset,
        Some(AdminAction::RemovedAuthenticator) => AdminText::action_removed_authenticator,
        Some(AdminAction::RemovedPasskeys) => AdminText::action_removed_passkeys,
        Some(AdminAction::GrantedRole) => AdminText::action_granted_role,
        Some(AdminAction::RevokedRole) => AdminText::action_revoked_role,
        Some(AdminAction::ViewedAs) => AdminText::action_viewed_as,
        Some(AdminAction::Deleted) | None => AdminText::action_deleted,
    };
    key.text()
}

/// `/admin/audit`.
pub(super) async fn page(
    State(state): State<AppState>,
    console: Console,
    form: Result<Query<AuditForm>, QueryRejection>,
) -> Response {
    let form = form.map(|Query(form)| form).unwrap_or_default();
    let filter = AuditFilter { admin_id: number(&form.admin), subject_id: number(&form.person), before: form.before };
    let rows = state.auth.audit(&console.admin, filter, PER_PAGE).await;
    let title = in_locale(console.locale, || AdminText::audit_title.text().to_owned());
    let heading = title.clone();
    let email = console.admin.caller.user.email.clone();
    document(&state.leptos_options, console.locale, StatusCode::OK, Section::Audit, Some(&email), title, move || {
        let filters = |before: i64| {
            let mut href = format!("/admin/audit?before={before}");
            if let Some(admin) = filter.admin_id {
                href.push_str(&format!("&admin={admin}"));
            }
            if let Some(person) = filter.subject_id {
                href.push_str(&format!("&person={person}"));
            }
            href
        };
        view! {
            <h1>{heading}</h1>
            <p class="lead">{AdminText::audit_lead.text()}</p>
            <form class="card search" method="get" action="/admin/audit">
                <div class="field">
                    <label for="admin">{AdminText::audit_filter_admin.text()}</label>
                    <input id="admin" name="admin" inputmode="numeric" pattern="[0-9]*" value=form.admin.clone() />
                </div>
                <div class="field">
                    <label for="person">{AdminText::audit_filter_person.text()}</label>
                    <input id="person" name="person" inputmode="numeric" pattern="[0-9]*" value=form.person.clone() />
                </div>
                <button type="submit">{AdminText::audit_filter_submit.text()}</button>
                <a class="button secondary" href="/admin/audit">{AdminText::audit_clear.text()}</a>
            </form>
            {match rows {
                Err(error) => view! { <p class="alert" role="alert">{error.message()}</p> }.into_any(),
                Ok(page) if page.entries.is_empty() => view! { <p class="muted">{AdminText::audit_empty.text()}</p> }.into_any(),
                Ok(page) => view! {
                    <div class="table-wrap">
                        <table class="audit">
                            <caption>{AdminText::audit_title.text()}</caption>
                            <thead><tr>
                                <th scope="col">{AdminText::col_when.text()}</th>
                                <th scope="col">{AdminText::col_admin.text()}</th>
                                <th scope="col">{AdminText::col_action.text()}</th>
                                <th scope="col">{AdminText::col_person.text()}</th>
                                <th scope="col">{AdminText::col_detail.text()}</th>
                                <th scope="col">{AdminText::col_from.text()}</th>
                            </tr></thead>
                            <tbody>{page.entries.into_iter().map(audit_row).collect_view()}</tbody>
                        </table>
                    </div>
                    {page.next.map(|before| view! {
                        <p class="pages"><a href=filters(before) rel="next">{AdminText::next_page.text()}</a></p>
                    })}
                }.into_any(),
            }}
        }
        .into_any()
    })
}

fn audit_row(entry: AuditEntry) -> impl IntoView {
    let by_admin = format!("/admin/audit?admin={}", entry.admin_id);
    let person = match (entry.subject_id, entry.subject_email) {
        (Some(id), Some(email)) => view! { <a href=format!("/admin/audit?person={id}")>{email}</a> }.into_any(),
        _ => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <td>{date_time(entry.at)}</td>
            <td><a href=by_admin>{entry.admin_email}</a></td>
            <td>{action_words(&entry.action)}</td>
            <td>{person}</td>
            <td>{entry.detail.unwrap_or_default()}</td>
            <td>{entry.ip.unwrap_or_default()}</td>
        </tr>
    }
}
