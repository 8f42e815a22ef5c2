//! Recent activity: the account's security events, newest first, with where they came from.

use leptos::prelude::*;

use crate::auth::account::EventView;
use crate::i18n::dates::date_time;
use crate::{i18n::Text, tr};

#[component]
pub fn RecentActivity(events: Vec<EventView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="activity-heading">
            <h2 id="activity-heading">{tr!(activity_heading)}</h2>
            <p class="muted">{tr!(activity_lead)}</p>
            <ol class="events">
                {events
                    .into_iter()
                    .map(|event| {
                        let from = event.ip.clone().map(|ip| format!(" · {}", Text::activity_from.with(&[("ip", &ip)]))).unwrap_or_default();
                        view! {
                            <li class=format!("event {}", event.kind)>
                                <strong>{event_words(&event.kind)}</strong>
                                <span class="muted">" " {date_time(event.at)} {from}</span>
                                {event.detail.map(|detail| view! { <span class="detail">" · " {detail}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// What a person reads for an event of type `kind` (one of `EVENT_TYPES`).
pub(crate) fn event_words(kind: &str) -> &'static str {
    let key = match kind {
        "signup" => Text::event_signup,
        "login" => Text::event_login,
        "login_failed" => Text::event_login_failed,
        "logout" => Text::event_logout,
        "session_revoked" => Text::event_session_revoked,
        "password_changed" => Text::event_password_changed,
        "throttled" => Text::event_throttled,
        "password_reset_requested" => Text::event_password_reset_requested,
        "password_reset" => Text::event_password_reset,
        "email_verified" => Text::event_email_verified,
        "email_changed" => Text::event_email_changed,
        "totp_enabled" => Text::event_totp_enabled,
        "totp_disabled" => Text::event_totp_disabled,
        "recovery_code_used" => Text::event_recovery_code_used,
        "passkey_added" => Text::event_passkey_added,
        "passkey_removed" => Text::event_passkey_removed,
        "factors_removed_unproven" => Text::event_factors_removed_unproven,
        "reauthenticated" => Text::event_reauthenticated,
        "admin_disabled" => Text::event_admin_disabled,
        "admin_enabled" => Text::event_admin_enabled,
        "admin_signed_out" => Text::event_admin_signed_out,
        "admin_removed_authenticator" => Text::event_admin_removed_authenticator,
        "admin_removed_passkeys" => Text::event_admin_removed_passkeys,
        "admin_granted_role" => Text::event_admin_granted_role,
        "admin_revoked_role" => Text::event_admin_revoked_role,
        "admin_sent_reset" => Text::event_admin_sent_reset,
        "admin_sent_verification" => Text::event_admin_sent_verification,
        "admin_viewed_as" => Text::event_admin_viewed_as,
        "identity_linked" => Text::event_identity_linked,
        "identity_unlinked" => Text::event_identity_unlinked,
        "account_claimed" => Text::event_account_claimed,
        "password_breached" => Text::event_password_breached,
        "new_device" => Text::event_new_device,
        "not_me_reported" => Text::event_not_me_reported,
        "guessing_noticed" => Text::event_guessing_noticed,
        "email_sign_in_requested" => Text::event_email_sign_in_requested,
        "email_sign_in_approved" => Text::event_email_sign_in_approved,
        "email_sign_in_code_failed" => Text::event_email_sign_in_code_failed,
        "password_removed" => Text::event_password_removed,
        _ => Text::event_other,
    };
    key.text()
}
