//! The line that says what just happened ("Your password is changed."), read from the
//! page's `?notice=` after a change sends the person back: the same with JavaScript and
//! without.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::Text;

fn text(notice: &str) -> Option<&'static str> {
    let key = match notice {
        "session_revoked" => Text::notice_session_revoked,
        "others_revoked" => Text::notice_others_revoked,
        "password_changed" => Text::notice_password_changed,
        "account_deleted" => Text::notice_account_deleted,
        "reset_sent" => Text::notice_reset_sent,
        "password_reset" => Text::notice_password_reset,
        "email_verified" => Text::notice_email_verified,
        "email_changed" => Text::notice_email_changed,
        "verification_sent" => Text::notice_verification_sent,
        "email_change_sent" => Text::notice_email_change_sent,
        "totp_disabled" => Text::notice_totp_disabled,
        "passkey_added" => Text::notice_passkey_added,
        "passkey_removed" => Text::notice_passkey_removed,
        "identity_linked" => Text::notice_identity_linked,
        "identity_unlinked" => Text::notice_identity_unlinked,
        "notices_saved" => Text::notice_notices_saved,
        "not_me_done" => Text::notice_not_me_done,
        "recovery_code_used" => Text::notice_recovery_code_used,
        "sign_in_not_approved" => Text::notice_sign_in_not_approved,
        "password_removed" => Text::notice_password_removed,
        _ => return None,
    };
    Some(key.text())
}

/// A notice at the top of a page, for what just happened.
#[component]
pub fn Notice() -> impl IntoView {
    let query = use_query_map();
    let message = move || query.read().get("notice").and_then(|notice| text(&notice));
    // Only there when there is something to say: the page's other status lines (the live
    // password check) stay the only ones otherwise.
    move || message().map(|message| view! { <p class="notice" role="status">{message}</p> })
}
