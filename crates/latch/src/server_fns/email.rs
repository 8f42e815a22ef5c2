//! The server functions of the pages that go through the mailbox: forgot password, reset it,
//! verify the address, send the link again, move to a new address. Thin calls into the rules
//! (`auth::server::email`); each success goes to a page with a notice in its URL.

use leptos::prelude::*;

use crate::auth::error::AuthError;

/// "Forgot your password?": the same answer for every address.
#[server(prefix = "/api/email", endpoint = "forgot-password")]
pub async fn request_password_reset(
    /// The address to send the link to.
    email: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let email = email.as_str();
    let form = super::call::RefusedForm {
        server_fn_path: <RequestPasswordReset as ServerFn>::PATH,
        keep: &[("email", email)],
    };
    super::call::run(Some(form), |call| async move {
        call.state.auth.request_password_reset(email, &call.requester()).await?;
        leptos_axum::redirect("/forgot-password?notice=reset_sent");
        Ok(())
    })
    .await
}

/// Sets a new password with the token of a reset link, then goes to log in.
#[server(prefix = "/api/email", endpoint = "reset-password")]
pub async fn reset_password(
    /// The token from the mailed link.
    token: String,
    /// The password the account will have.
    new_password: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let (token, new_password) = (token.as_str(), new_password.as_str());
    let form =
        super::call::RefusedForm { server_fn_path: <ResetPassword as ServerFn>::PATH, keep: &[("token", token)] };
    super::call::run(Some(form), |call| async move {
        call.state.auth.reset_password(token, new_password, &call.requester()).await?;
        leptos_axum::redirect("/login?notice=password_reset");
        Ok(())
    })
    .await
}

/// Uses a verification link's token; goes to the account page (or to log in, for a person
/// who opened the link where they are not signed in).
#[server(prefix = "/api/email", endpoint = "verify")]
pub async fn verify_email(
    /// The token from the mailed link.
    token: String,
) -> Result<(), AuthError> {
    use crate::auth::server::email::AddressProof;
    use leptos::server_fn::ServerFn;
    let token = token.as_str();
    let form = super::call::RefusedForm { server_fn_path: <VerifyEmail as ServerFn>::PATH, keep: &[("token", token)] };
    super::call::run(Some(form), |call| async move {
        let notice = match call.state.auth.verify_email(token, &call.requester()).await? {
            AddressProof::Verified => "email_verified",
            AddressProof::Changed => "email_changed",
        };
        let page = if call.signed_in().await?.is_some() { "/account" } else { "/login" };
        leptos_axum::redirect(&format!("{page}?notice={notice}"));
        Ok(())
    })
    .await
}

/// Mails the verification link again.
#[server(prefix = "/api/email", endpoint = "resend")]
pub async fn resend_verification() -> Result<(), AuthError> {
    use crate::auth::server::email::Resent;
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        let notice = match call.state.auth.resend_verification(&caller, &call.requester()).await? {
            Resent::Sent => "verification_sent",
            Resent::AlreadyVerified => "email_verified",
        };
        leptos_axum::redirect(&format!("/account?notice={notice}"));
        Ok(())
    })
    .await
}

/// Asks to move the account to a new address, given the password.
#[server(prefix = "/api/email", endpoint = "change")]
pub async fn change_email(
    /// The address to move to.
    new_email: String,
    /// The account's password.
    password: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let (new_email, password) = (new_email.as_str(), password.as_str());
    let form =
        super::call::RefusedForm { server_fn_path: <ChangeEmail as ServerFn>::PATH, keep: &[("new_email", new_email)] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.request_email_change(&caller, new_email, password, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=email_change_sent");
        Ok(())
    })
    .await
}
