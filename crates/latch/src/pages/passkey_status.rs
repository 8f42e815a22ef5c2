//! The status line of a passkey ceremony, beside the buttons `/passkeys.js` answers.

use leptos::prelude::*;

use crate::tr;

/// The status line of a passkey ceremony, which `/passkeys.js` fills: it carries the words
/// the script may say, in the page's language (the script holds none of its own).
#[component]
pub fn PasskeyStatus(
    /// Adding a passkey (else signing in with one): what "cancelled" means differs.
    #[prop(optional)]
    adding: bool,
    /// The line's `id`, for a field's `aria-describedby`.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let (cancelled, wrong_password) = if adding {
        (tr!(passkeys_cancelled_add), tr!(password_wrong_current))
    } else {
        (tr!(passkeys_cancelled_sign_in), tr!(error_invalid_credentials))
    };
    view! {
        <p
            id=id
            class="field-note"
            data-passkey-status=""
            role="status"
            data-waiting=tr!(passkeys_waiting)
            data-cancelled=cancelled
            data-failed=tr!(passkeys_failed)
            data-error-invalid-credentials=wrong_password
            data-error-passkey-refused=tr!(error_passkey_refused)
            data-error-passkeys-unavailable=tr!(error_passkeys_off)
            data-error-throttled=tr!(error_throttled)
            data-error-busy=tr!(error_busy)
            data-error-unauthenticated=tr!(error_unauthenticated)
            data-error-internal=tr!(error_internal)
        ></p>
    }
}
