//! The server functions of sign-in by email (`auth::server::email_sign_in` has the rules):
//! ask for the mail, type its code, press the link page's button, and, in the browser that
//! asked, wait for another device's approval and go on. The asking browser is known by a
//! cookie of its own, set when it asks.

use leptos::{prelude::*, server_fn::codec::GetUrl};

use crate::auth::{email_sign_in::EmailSignInWait, error::AuthError};

/// Asks for a mail with a code and a link, then waits for it on `/login/email/code`. The same
/// answer for every address.
#[server(prefix = "/api/auth", endpoint = "email-sign-in")]
pub async fn request_email_sign_in(
    /// The account's address.
    email: String,
    /// Where to go after signing in: a path on this site, else `/profile`.
    next: Option<String>,
) -> Result<(), AuthError> {
    use crate::auth::{next_page::query_value, server::email_sign_in::SIGN_IN_SECS, validate::local_redirect_target};
    use leptos::server_fn::ServerFn;
    let email = email.as_str();
    let form =
        super::call::RefusedForm { server_fn_path: <RequestEmailSignIn as ServerFn>::PATH, keep: &[("email", email)] };
    super::call::run(Some(form), |call| async move {
        let secret = call.state.auth.request_email_sign_in(email, &call.requester()).await?;
        call.state.cookie.set_email_sign_in(call.cookies(), secret, SIGN_IN_SECS);
        let next = local_redirect_target(next.as_deref());
        leptos_axum::redirect(&format!("/login/email/code?next={}", query_value(&next)));
        Ok(())
    })
    .await
}

/// The mailed code, typed in the browser that asked.
#[server(prefix = "/api/auth", endpoint = "email-sign-in-code")]
pub async fn email_sign_in_code(
    /// The code from the mail.
    code: String,
    /// Where to go after: a path on this site, else `/profile`.
    next: Option<String>,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let next_kept = next.clone().unwrap_or_default();
    let form = super::call::RefusedForm {
        server_fn_path: <EmailSignInCode as ServerFn>::PATH,
        keep: &[("next", next_kept.as_str())],
    };
    super::call::run(Some(form), |call| async move {
        let secret = call.state.cookie.read_email_sign_in(call.cookies());
        let outcome = call.state.auth.email_sign_in_code(secret.as_deref(), &code, &call.requester()).await;
        signed_in(&call, outcome, next.as_deref())
    })
    .await
}

/// The link page's button: signs in here if this browser asked, else approves the browser
/// that did (and goes to `/login/email/approved`).
#[server(prefix = "/api/auth", endpoint = "email-sign-in-confirm")]
pub async fn confirm_email_sign_in(
    /// The token from the mailed link.
    token: String,
) -> Result<(), AuthError> {
    use crate::auth::server::email_sign_in::Confirmed;
    use leptos::server_fn::ServerFn;
    let token = token.as_str();
    let form =
        super::call::RefusedForm { server_fn_path: <ConfirmEmailSignIn as ServerFn>::PATH, keep: &[("token", token)] };
    super::call::run(Some(form), |call| async move {
        let secret = call.state.cookie.read_email_sign_in(call.cookies());
        match call.state.auth.confirm_email_sign_in(token, secret.as_deref(), &call.requester()).await {
            Ok(Confirmed::SignedIn(outcome)) => signed_in(&call, Ok(outcome), None),
            Ok(Confirmed::Approved) => {
                leptos_axum::redirect("/login/email/approved");
                Ok(())
            }
            Err(error) => Err(error),
        }
    })
    .await
}

/// Where the asking browser's wait stands. Changes nothing, so it is a GET.
#[server(prefix = "/api/auth", endpoint = "email-sign-in-state", input = GetUrl)]
pub async fn email_sign_in_state() -> Result<EmailSignInWait, AuthError> {
    super::call::run(None, |call| async move {
        let secret = call.state.cookie.read_email_sign_in(call.cookies());
        call.state.auth.email_sign_in_wait(secret.as_deref()).await
    })
    .await
}

/// The asking browser goes on once another device approved: signed in. Before that, back to
/// the waiting page with a notice.
#[server(prefix = "/api/auth", endpoint = "email-sign-in-continue")]
pub async fn continue_email_sign_in(
    /// Where to go after: a path on this site, else `/profile`.
    next: Option<String>,
) -> Result<(), AuthError> {
    use crate::auth::{next_page::query_value, validate::local_redirect_target};
    use leptos::server_fn::ServerFn;
    let next_kept = next.clone().unwrap_or_default();
    let form = super::call::RefusedForm {
        server_fn_path: <ContinueEmailSignIn as ServerFn>::PATH,
        keep: &[("next", next_kept.as_str())],
    };
    super::call::run(Some(form), |call| async move {
        let secret = call.state.cookie.read_email_sign_in(call.cookies());
        match call.state.auth.continue_email_sign_in(secret.as_deref(), &call.requester()).await {
            Ok(Some(outcome)) => signed_in(&call, Ok(outcome), next.as_deref()),
            Ok(None) => {
                let next = local_redirect_target(next.as_deref());
                leptos_axum::redirect(&format!(
                    "/login/email/code?notice=sign_in_not_approved&next={}",
                    query_value(&next)
                ));
                Ok(())
            }
            Err(error) => signed_in(&call, Err(error), None),
        }
    })
    .await
}

/// After a request was used: the cookie goes (the request is over either way, as it is when
/// it expired), then the session or the second step, as a password login goes on.
#[cfg(feature = "ssr")]
fn signed_in(
    call: &super::call::ServerFnCall,
    outcome: Result<crate::auth::server::factors::second_step::LoginOutcome, AuthError>,
    next: Option<&str>,
) -> Result<(), AuthError> {
    match &outcome {
        // A wrong code leaves the request (and its cookie) for the next try.
        Err(AuthError::InvalidCode | AuthError::Throttled { .. } | AuthError::Busy { .. } | AuthError::Internal) => {}
        _ => call.state.cookie.clear_email_sign_in(call.cookies()),
    }
    call.go_on(outcome?, next);
    Ok(())
}
