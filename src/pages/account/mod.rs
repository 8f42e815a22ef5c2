//! `/account`: your address, where you're signed in, your password, your recent activity, your data, and
//! leaving. Protected: a visitor who is not signed in is sent to log in, and brought back.

mod activity;
mod danger;
mod email;
mod passkeys;
mod password;
mod sessions;
mod two_factor;

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::{auth_state::AuthContext, notice::Notice};
use crate::pages::{
    form_action::FormAction,
    server_call::{read, Loaded},
};
use crate::server_fns::{
    account::{load_account, ChangePassword, LoadAccount, RevokeOtherSessions, RevokeSession},
    email::{ChangeEmail, ResendVerification},
    factors::{DisableTotp, EnableTotp, RemovePasskey, SetupTotp},
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let delete = expect_context::<AuthContext>().delete_account;
    let revoke = FormAction::new::<RevokeSession>();
    let revoke_others = FormAction::new::<RevokeOtherSessions>();
    let change_password = FormAction::new::<ChangePassword>();
    let resend = FormAction::new::<ResendVerification>();
    let change_email = FormAction::new::<ChangeEmail>();
    let setup_totp = FormAction::new::<SetupTotp>();
    let enable_totp = FormAction::new::<EnableTotp>();
    let disable_totp = FormAction::new::<DisableTotp>();
    let remove_passkey = FormAction::new::<RemovePasskey>();
    let overview = Resource::new_str(
        move || {
            (
                revoke.version().get(),
                revoke_others.version().get(),
                change_password.version().get(),
                resend.version().get(),
                change_email.version().get(),
                (setup_totp.version().get(), enable_totp.version().get(), disable_totp.version().get()),
                remove_passkey.version().get(),
            )
        },
        |_| async { Loaded(read(<LoadAccount as ServerFn>::PATH, load_account).await) },
    );
    view! {
        <Title text="Your account" />
        <Suspense fallback=|| view! { <p class="card">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match overview.await.0 {
                    Ok(Some(overview)) => view! {
                        <div class="account">
                            <h1>"Your account"</h1>
                            <Notice />
                            <email::EmailAddress account=overview.account resend change=change_email />
                            <two_factor::TwoFactor view=overview.two_factor setup=setup_totp enable=enable_totp disable=disable_totp />
                            <passkeys::Passkeys passkeys=overview.passkeys remove=remove_passkey />
                            <sessions::Sessions sessions=overview.sessions revoke revoke_others />
                            <password::ChangePasswordForm action=change_password />
                            <activity::RecentActivity events=overview.events />
                            <danger::YourData />
                            <danger::DeleteAccount action=delete />
                        </div>
                    }
                    .into_any(),
                    Ok(None) => view! { <Redirect path="/login?next=/account" /> }.into_any(),
                    Err(error) => view! { <p class="card alert" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
