//! Every account page of Latch's at its usual path, as one group of routes for an
//! application's `<Routes>`: a page Latch adds later (as `/reauthenticate` was) reaches the
//! application with the version bump, not by an edit of its router. The home page is not in
//! it: `/` is the application's own.
//!
//! ```no_run
//! use latch::pages::{home::HomePage, not_found::NotFound, routes::AccountRoutes};
//! use leptos::prelude::*;
//! use leptos_router::{components::{Route, Routes}, path};
//!
//! #[component]
//! fn MyRoutes() -> impl IntoView {
//!     view! {
//!         <Routes fallback=NotFound>
//!             <Route path=path!("") view=HomePage />
//!             <AccountRoutes />
//!         </Routes>
//!     }
//! }
//! ```

use leptos::prelude::*;
use leptos_router::{any_nested_route::IntoAnyNestedRoute, components::Route, path, SsrMode};

use super::{
    account::AccountPage,
    email_sign_in::{
        link::{EmailSignInApprovedPage, EmailSignInLinkPage},
        waiting::EmailSignInCodePage,
        EmailSignInPage,
    },
    forgot_password::ForgotPasswordPage,
    login::LoginPage,
    not_me::NotMePage,
    profile::ProfilePage,
    reauthenticate::ReauthenticatePage,
    reset_password::ResetPasswordPage,
    second_factor::SecondFactorPage,
    signup::SignupPage,
    verify_email::VerifyEmailPage,
};
use crate::auth::signup_fields::SignupField;

/// `/signup` (with the application's `signup_fields`), `/login`, `/login/code`, `/login/email`
/// (and its `/code`, `/link`, `/approved`), `/profile`,
/// `/account`, `/forgot-password`, `/reset-password`, `/verify-email`, `/reauthenticate` and
/// `/not-me`.
/// Each renders on the server only once the signed-in person is known (`SsrMode::Async`), so
/// a signed-in person never sees a flash of the signed-out page, and pages work without JavaScript.
#[component(transparent)]
pub fn AccountRoutes(
    /// The application's own signup fields (see `auth::signup_fields`); none by default.
    #[prop(optional)]
    signup_fields: &'static [SignupField],
) -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("signup") view=move || view! { <SignupPage fields=signup_fields /> } ssr=SsrMode::Async />
        <Route path=path!("login") view=LoginPage ssr=SsrMode::Async />
        <Route path=path!("login/code") view=SecondFactorPage ssr=SsrMode::Async />
        <Route path=path!("login/email") view=EmailSignInPage ssr=SsrMode::Async />
        <Route path=path!("login/email/code") view=EmailSignInCodePage ssr=SsrMode::Async />
        <Route path=path!("login/email/link") view=EmailSignInLinkPage ssr=SsrMode::Async />
        <Route path=path!("login/email/approved") view=EmailSignInApprovedPage ssr=SsrMode::Async />
        <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async />
        <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
        <Route path=path!("forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
        <Route path=path!("reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
        <Route path=path!("verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
        <Route path=path!("reauthenticate") view=ReauthenticatePage ssr=SsrMode::Async />
        <Route path=path!("not-me") view=NotMePage ssr=SsrMode::Async />
    }
    .into_inner()
    // One type whether or not components are erased (`.cargo/config.toml`), so that the
    // application's `<Routes>` takes the group as one route.
    .into_any_nested_route()
}
