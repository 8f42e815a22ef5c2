//! What the provider pages say in English.

use super::ProviderTexts;

/// Every text of the provider pages in English.
pub const EN: ProviderTexts = ProviderTexts {
    title_failed: "Sign-in did not work",
    title_cancelled: "Sign-in cancelled",
    cancelled: "You cancelled at {provider}. Nothing was changed.",
    expired: "This sign-in expired, was already finished, or was started in another browser. Start again from the sign-in page.",
    state_mismatch: "This answer does not belong to the sign-in this browser started, so it was refused. Start again from the sign-in page.",
    unreachable: "{provider} did not answer in time. Try again in a moment.",
    answer_refused: "The answer from {provider} did not pass our checks, so it was refused. Try again; if it keeps happening, tell the site's administrators.",
    provider_refused: "{provider} refused the sign-in ({code}).",
    no_verified_email: "{provider} did not share an address it has verified, so no account was made. Verify your address at {provider}, or sign up with a password.",
    account_exists: "An account with this address exists already. Sign in to it, then link {provider} from your account page.",
    linked_elsewhere: "This {provider} account is already linked to another account here. Sign in with it, or unlink it from that account first.",
    needs_details: "This site asks for a few details at sign-up that {provider} does not give. Sign up with the form, then link {provider} from your account page.",
    unknown_provider: "There is no sign-in provider by that name on this site.",
    back_to_login: "Back to sign in",
    back_to_account: "Back to your account",
};
