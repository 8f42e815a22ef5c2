//! The line that says what just happened ("Your password is changed."), read from the
//! page's `?notice=` after a change sends the person back: the same with JavaScript and
//! without.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn text(notice: &str) -> Option<&'static str> {
    Some(match notice {
        "session_revoked" => "That session is signed out.",
        "others_revoked" => "Every other session is signed out.",
        "password_changed" => "Your password is changed.",
        "account_deleted" => "Your account and everything in it are deleted.",
        "reset_sent" => "If an account uses that address, a link to reset its password is on its way. Check your mail.",
        "password_reset" => "Your password is changed. Log in with the new one.",
        "email_verified" => "Your email address is verified.",
        "email_changed" => "Your account uses its new email address now.",
        "verification_sent" => "A new verification link is on its way. Check your mail.",
        "email_change_sent" => "We mailed a link to the new address. Your account moves there once you open it.",
        "totp_disabled" => "Your authenticator app is turned off.",
        "passkey_added" => "Your passkey is added: you can sign in with it now.",
        "passkey_removed" => "That passkey is removed.",
        "recovery_code_used" => "You signed in with a recovery code, which is now used up. If you lost your phone, turn the authenticator off and set it up again.",
        _ => return None,
    })
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
