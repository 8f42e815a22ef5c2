//! `/account`: your address, where you're signed in, your password, your recent activity, your data, and
//! leaving. Protected: a visitor who is not signed in is sent to log in, and brought back.

pub(crate) mod activity;
mod danger;
mod email;
mod identities;
mod notices;
mod passkeys;
mod password;
pub(crate) mod sessions;
mod two_factor;

use leptos::{prelude::*, server::codee::string::FromToStringCodec, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::{language::LanguageSwitch, notice::Notice};
use crate::client::{
    auth_state::{preloaded_overview, AuthContext},
    form_action::FormAction,
    server_call::{kept_current, read, Preloaded},
};
use crate::server_fns::{
    account::{
        load_account, ChangePassword, LoadAccount, RemovePassword, RevokeOtherSessions, RevokeSession, SetNotices,
        UnlinkIdentity,
    },
    email::{ChangeEmail, ResendVerification},
    factors::{DisableTotp, EnableTotp, RemovePasskey, SetupTotp},
};
use crate::{i18n::Lang, tr};

/// `/account`: the address, second factors, passkeys, sessions, password, history, export and
/// deletion.
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
    let unlink = FormAction::new::<UnlinkIdentity>();
    let save_notices = FormAction::new::<SetNotices>();
    let remove_password = FormAction::new::<RemovePassword>();
    // As the server loaded it before rendering (`server_fns::page_data`); asked for in the
    // browser when the page was reached there, and again after every change on it.
    let versions = move || {
        (
            revoke.version().get(),
            revoke_others.version().get(),
            change_password.version().get(),
            resend.version().get(),
            change_email.version().get(),
            (setup_totp.version().get(), enable_totp.version().get(), disable_totp.version().get()),
            (remove_passkey.version().get(), unlink.version().get(), save_notices.version().get()),
            remove_password.version().get(),
        )
    };
    let handed_over = SharedValue::<_, FromToStringCodec>::new_str(|| Preloaded(preloaded_overview())).into_inner().0;
    let overview = kept_current(handed_over, versions, || read(<LoadAccount as ServerFn>::PATH, load_account));
    view! {
        <Title text=tr!(account_title) />
            {move || {
                match overview.get() {
                    None => view! { <p class="card">{tr!(account_loading)}</p> }.into_any(),
                    Some(Ok(Some(overview))) => {
                        let language = Lang::from_tag(&overview.account.language);
                        let notify_new_device = overview.account.notify_new_device;
                        let has_password = overview.account.has_password;
                        view! {
                        <div class="account">
                            <h1>{tr!(account_title)}</h1>
                            <Notice />
                            <password::BreachedWarning breached=overview.account.password_breached />
                            <email::EmailAddress account=overview.account resend change=change_email />
                            <two_factor::TwoFactor view=overview.two_factor setup=setup_totp enable=enable_totp disable=disable_totp />
                            <passkeys::Passkeys passkeys=overview.passkeys remove=remove_passkey />
                            <identities::Identities identities=overview.identities providers=overview.providers unlink />
                            <sessions::Sessions sessions=overview.sessions revoke revoke_others />
                            <password::ChangePasswordForm action=change_password has_password remove=remove_password />
                            <notices::SecurityNotices notify_new_device save=save_notices />
                            <activity::RecentActivity events=overview.events />
                            <section class="card" aria-labelledby="language-heading">
                                <h2 id="language-heading">{tr!(language_heading)}</h2>
                                <p class="muted">{tr!(language_lead)}</p>
                                <LanguageSwitch label=tr!(language_heading) current=language.unwrap_or_default() />
                            </section>
                            <danger::YourData />
                            <danger::DeleteAccount action=delete />
                        </div>
                    }
                    .into_any()
                    }
                    Some(Ok(None)) => view! { <Redirect path="/login?next=/account" /> }.into_any(),
                    Some(Err(error)) => view! { <p class="card alert" role="alert">{error.message()}</p> }.into_any(),
                }
            }}
    }
}
