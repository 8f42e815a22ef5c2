//! `/account`: your address, where you're signed in, your password, your recent activity, your data, and
//! leaving. Protected: a visitor who is not signed in is sent to log in, and brought back.

mod activity;
mod danger;
mod email;
mod passkeys;
mod password;
mod sessions;
mod two_factor;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::{auth_state::AuthContext, notice::Notice};
use crate::server_fns::{
    account::{load_account, ChangePassword, RevokeOtherSessions, RevokeSession},
    email::{ChangeEmail, ResendVerification},
    factors::{DisableTotp, EnableTotp, RemovePasskey, SetupTotp},
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let delete = expect_context::<AuthContext>().delete_account;
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_others = ServerAction::<RevokeOtherSessions>::new();
    let change_password = ServerAction::<ChangePassword>::new();
    let resend = ServerAction::<ResendVerification>::new();
    let change_email = ServerAction::<ChangeEmail>::new();
    let setup_totp = ServerAction::<SetupTotp>::new();
    let enable_totp = ServerAction::<EnableTotp>::new();
    let disable_totp = ServerAction::<DisableTotp>::new();
    let remove_passkey = ServerAction::<RemovePasskey>::new();
    let overview = Resource::new(
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
        |_| load_account(),
    );
    view! {
        <Title text="Your account" />
        <Suspense fallback=|| view! { <p class="card">"Loading your account…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
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
