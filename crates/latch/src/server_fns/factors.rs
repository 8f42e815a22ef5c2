//! The account page's second-factor server functions: set up an authenticator, turn it on
//! (answering the recovery codes, shown once), turn it off. Thin calls into the rules
//! (`auth::server::second_factor`).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::account::TwoFactorView;
use crate::auth::{account::TotpSetupView, error::AuthError};

/// The caller's second factor, and an authenticator waiting for its first code, if any (the
/// account page loads it with the rest: `load_account`).
#[cfg(feature = "ssr")]
pub async fn two_factor_of(
    state: &crate::web::state::AppState,
    caller: &crate::auth::server::service::AuthUser,
) -> Result<TwoFactorView, AuthError> {
    let status = state.auth.factor_status(caller).await?;
    let pending = state.auth.pending_totp(caller).await?.map(view_of);
    Ok(TwoFactorView { totp_enabled: status.totp_enabled, recovery_codes_left: status.recovery_codes_left, pending })
}

/// A new authenticator secret to scan; nothing changes until a code from it is confirmed.
#[server(prefix = "/api/factors", endpoint = "setup")]
pub async fn setup_totp() -> Result<TotpSetupView, AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        Ok(view_of(call.state.auth.setup_totp(&caller).await?))
    })
    .await
}

/// Turns the authenticator on; answers the recovery codes, which the page shows this once.
#[server(prefix = "/api/factors", endpoint = "enable")]
pub async fn enable_totp(
    /// The app's current code, proving it holds the secret.
    code: String,
    /// The account's password.
    password: String,
) -> Result<Vec<String>, AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.enable_totp(&caller, &code, &password, &call.requester()).await
    })
    .await
}

/// Turns the authenticator off, given the password and a code.
#[server(prefix = "/api/factors", endpoint = "disable")]
pub async fn disable_totp(
    /// A code from the app, or a recovery code.
    code: String,
    /// The account's password.
    password: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let form = super::call::RefusedForm { server_fn_path: <DisableTotp as ServerFn>::PATH, keep: &[] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.disable_totp(&caller, &code, &password, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=totp_disabled");
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn view_of(setup: crate::auth::server::factors::authenticator::TotpSetup) -> TotpSetupView {
    TotpSetupView { secret: setup.secret, otpauth_uri: setup.otpauth_uri, qr_svg: setup.qr_svg }
}

/// Removes one of the caller's passkeys.
#[server(prefix = "/api/factors", endpoint = "remove-passkey")]
pub async fn remove_passkey(
    /// The passkey, as the account page lists it.
    id: i64,
) -> Result<(), AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.remove_passkey(&caller, id, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=passkey_removed");
        Ok(())
    })
    .await
}
