//! The account page's server functions: thin calls into the account rules. Each change ends
//! by going back to the page with a notice in its URL (`?notice=`), which works the same with
//! JavaScript (the router follows the redirect) and without (the browser does).

use leptos::{prelude::*, server_fn::codec::GetUrl};

#[cfg(feature = "ssr")]
use crate::auth::account::ProviderButton;
use crate::auth::{account::AccountOverview, error::AuthError};

/// What the account page shows, or `None` for a visitor who is not signed in.
#[server(prefix = "/api/account", endpoint = "overview", input = GetUrl)]
pub async fn load_account() -> Result<Option<AccountOverview>, AuthError> {
    super::call::run(None, |call| async move {
        let Some(caller) = call.signed_in().await? else { return Ok(None) };
        account_overview(&call.state, &caller).await.map(Some)
    })
    .await
}

/// Everything the account page shows of the caller's account (also loaded before `/account`
/// renders: `page_data`).
#[cfg(feature = "ssr")]
pub async fn account_overview(
    state: &crate::web::state::AppState,
    caller: &crate::auth::server::service::AuthUser,
) -> Result<AccountOverview, AuthError> {
    let account = state.auth.account(caller).await?;
    let two_factor = super::factors::two_factor_of(state, caller).await?;
    let passkeys = state.auth.list_passkeys(caller).await?;
    let sessions = state.auth.list_sessions(caller).await?;
    let events = state.auth.events(caller, None, 20).await?;
    let identities = state.auth.identities(caller.user.id).await?;
    let providers = state
        .auth
        .providers()
        .buttons()
        .map(|(name, label)| ProviderButton { name: name.into(), label: label.into() })
        .collect();
    Ok(AccountOverview { account, two_factor, passkeys, sessions, events, identities, providers })
}

/// Unlinks one of the caller's identities at another provider (within the sudo window; never
/// the last way in).
#[server(prefix = "/api/account", endpoint = "unlink-identity")]
pub async fn unlink_identity(
    /// The link, as the account page lists it.
    id: i64,
) -> Result<(), AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.unlink_identity(&caller, id, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=identity_unlinked");
        Ok(())
    })
    .await
}

/// Signs out one of the caller's other sessions.
#[server(prefix = "/api/account", endpoint = "revoke-session")]
pub async fn revoke_session(
    /// The session, as the account page lists it.
    id: String,
) -> Result<(), AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.revoke_session(&caller, &id, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=session_revoked");
        Ok(())
    })
    .await
}

/// Signs out every session but this one.
#[server(prefix = "/api/account", endpoint = "revoke-others")]
pub async fn revoke_other_sessions() -> Result<(), AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.revoke_other_sessions(&caller, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=others_revoked");
        Ok(())
    })
    .await
}

/// Changes the password. `sign_out_others` is a checkbox: present ("on") when ticked.
#[server(prefix = "/api/account", endpoint = "password")]
pub async fn change_password(
    /// The password the account has.
    current_password: String,
    /// The password it will have.
    new_password: String,
    /// A checkbox: present ("on") when every other session should end.
    sign_out_others: Option<String>,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let form = super::call::RefusedForm { server_fn_path: <ChangePassword as ServerFn>::PATH, keep: &[] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        let sign_out_others = sign_out_others.is_some();
        let requester = call.requester();
        call.state.auth.change_password(&caller, &current_password, &new_password, sign_out_others, &requester).await?;
        leptos_axum::redirect("/account?notice=password_changed");
        Ok(())
    })
    .await
}

/// Removes the password, given it, when the account keeps another way in.
#[server(prefix = "/api/account", endpoint = "remove-password")]
pub async fn remove_password(
    /// The password the account has.
    password: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let form = super::call::RefusedForm { server_fn_path: <RemovePassword as ServerFn>::PATH, keep: &[] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.remove_password(&caller, &password, &call.requester()).await?;
        leptos_axum::redirect("/account?notice=password_removed");
        Ok(())
    })
    .await
}

/// Deletes the account, given its password, and signs out.
#[server(prefix = "/api/account", endpoint = "delete")]
pub async fn delete_account(
    /// The account's password: deleting takes it.
    password: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let form = super::call::RefusedForm { server_fn_path: <DeleteAccount as ServerFn>::PATH, keep: &[] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.delete_account(&caller, &password, &call.requester()).await?;
        call.clear_cookie();
        leptos_axum::redirect("/?notice=account_deleted");
        Ok(())
    })
    .await
}

/// Proves it is the owner again (the password), opening the session's sudo window, then goes
/// to `next` (a path on this site; else the profile).
#[server(prefix = "/api/account", endpoint = "reauthenticate")]
pub async fn reauthenticate(
    /// The account's password.
    password: String,
    /// Where to go after: the page that asked.
    next: Option<String>,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let form = super::call::RefusedForm { server_fn_path: <Reauthenticate as ServerFn>::PATH, keep: &[] };
    super::call::run(Some(form), |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.reauthenticate(&caller, &password, &call.requester()).await?;
        leptos_axum::redirect(&crate::auth::validate::local_redirect_target(next.as_deref()));
        Ok(())
    })
    .await
}

/// Whether the caller's session proved its owner within the sudo window: what
/// `client::guard::RequireRecentAuthentication` decides on.
#[server(prefix = "/api/account", endpoint = "recently-authenticated", input = GetUrl)]
pub async fn recently_authenticated() -> Result<bool, AuthError> {
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        call.state.auth.recently_authenticated(&caller).await
    })
    .await
}

/// Turns the new-device mail on or off (a checkbox: present is on).
#[server(prefix = "/api/account", endpoint = "notices")]
pub async fn set_notices(
    /// `on` when the box is ticked; absent when not.
    new_device: Option<String>,
) -> Result<(), AuthError> {
    use crate::auth::account::NoticeSettings;
    super::call::run(None, |call| async move {
        let caller = call.signed_in_or_refuse().await?;
        let settings = NoticeSettings { new_device: new_device.is_some() };
        call.state.auth.set_notices(&caller, &settings).await?;
        leptos_axum::redirect("/account?notice=notices_saved");
        Ok(())
    })
    .await
}

/// "This wasn't me", from a new-device mail: ends every session and mails a reset link; then
/// the login page says so.
#[server(prefix = "/api/account", endpoint = "not-me")]
pub async fn report_not_me(
    /// The token from the mailed link.
    token: String,
) -> Result<(), AuthError> {
    use leptos::server_fn::ServerFn;
    let token = token.as_str();
    let form = super::call::RefusedForm { server_fn_path: <ReportNotMe as ServerFn>::PATH, keep: &[("token", token)] };
    super::call::run(Some(form), |call| async move {
        call.state.auth.report_not_me(token, &call.requester()).await?;
        call.clear_cookie();
        leptos_axum::redirect("/login?notice=not_me_done");
        Ok(())
    })
    .await
}
