//! The browser-side auth state every page shares: who is signed in, and the actions that
//! change it. Provided once, above the routes, by `provide_auth_state`.

use leptos::{
    prelude::*,
    server::{codee::string::FromToStringCodec, ServerActionError},
    server_fn::ServerFn,
};
use leptos_router::hooks::use_query_map;

use super::{
    form_action::FormAction,
    server_call::{kept_current, read, Preloaded},
};
use crate::{
    auth::{account::AccountOverview, error::AuthError, UserProfile},
    i18n::Locale,
    server_fns::{
        account::DeleteAccount,
        current_user,
        email_sign_in::{ConfirmEmailSignIn, ContinueEmailSignIn, EmailSignInCode},
        CurrentUser, Login, Logout, SecondFactor, Signup,
    },
};

/// Who is signed in, and the actions that change it.
#[derive(Clone, Copy)]
pub struct AuthContext {
    /// Who is signed in: as the server loaded it before rendering (`server_fns::page_data`),
    /// then asked again whenever signup, login (either step), logout or deleting the account
    /// completes, so the nav never goes stale: `None` while that question is out
    /// (`server_call::kept_current`).
    pub user: Signal<Option<Result<Option<UserProfile>, AuthError>>>,
    /// The signup form's action.
    pub signup: FormAction,
    /// The login form's action.
    pub login: FormAction,
    /// The logout button's action.
    pub logout: FormAction,
    /// The code step of a login: it signs in, so the nav must learn of it.
    pub second_factor: FormAction,
    /// Here, not on the account page: the nav must learn that nobody is signed in any more.
    pub delete_account: FormAction,
    /// Sign-in by email's three ways in (its code, its link's button, going on after an
    /// approval): each signs in, so the nav must learn of it.
    pub email_sign_in: EmailSignInActions,
    /// Whether the site offers sign-in by email (`EMAIL_SIGN_IN`), as the server said with the
    /// first page: a page reached in the browser asks no server.
    pub email_sign_in_offered: bool,
}

/// The actions of sign-in by email that end signed in.
#[derive(Clone, Copy)]
pub struct EmailSignInActions {
    /// The mailed code, typed in the browser that asked.
    pub code: FormAction,
    /// The link page's button.
    pub confirm: FormAction,
    /// Going on once another device approved.
    pub go_on: FormAction,
}

/// Creates the auth state and provides it, with the page's locale, to everything below. Call inside the router, so
/// that a refused form's error in the URL reaches the actions (see below).
pub fn provide_auth_state() {
    Locale::provide();
    provide_form_error_from_url();
    let signup = FormAction::new::<Signup>();
    let login = FormAction::new::<Login>();
    let logout = FormAction::new::<Logout>();
    let second_factor = FormAction::new::<SecondFactor>();
    let delete_account = FormAction::new::<DeleteAccount>();
    let email_sign_in = EmailSignInActions {
        code: FormAction::new::<EmailSignInCode>(),
        confirm: FormAction::new::<ConfirmEmailSignIn>(),
        go_on: FormAction::new::<ContinueEmailSignIn>(),
    };
    let versions = move || {
        let signed_in = (signup.version().get(), login.version().get(), second_factor.version().get());
        let by_email = (
            email_sign_in.code.version().get(),
            email_sign_in.confirm.version().get(),
            email_sign_in.go_on.version().get(),
        );
        (signed_in, by_email, logout.version().get(), delete_account.version().get())
    };
    let email_sign_in_offered = SharedValue::<bool, FromToStringCodec>::new_str(offered_on_server).into_inner();
    let handed_over = SharedValue::<_, FromToStringCodec>::new_str(|| Preloaded(preloaded_user())).into_inner().0;
    let user = kept_current(handed_over, versions, || read(<CurrentUser as ServerFn>::PATH, current_user));
    provide_context(AuthContext {
        user,
        signup,
        login,
        logout,
        second_factor,
        delete_account,
        email_sign_in,
        email_sign_in_offered,
    });
}

/// Whether this server offers sign-in by email.
fn offered_on_server() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<crate::web::state::AppState>().is_some_and(|state| state.auth.email_sign_in_on());
    #[cfg(not(feature = "ssr"))]
    false
}

/// On the server, who is signed in, as `server_fns::page_data` loaded it before the page
/// rendered. In the browser, nothing: the page carries the server's copy.
fn preloaded_user() -> Option<Result<Option<UserProfile>, AuthError>> {
    #[cfg(feature = "ssr")]
    return page_data().map(|data| data.user);
    #[cfg(not(feature = "ssr"))]
    None
}

/// On the server, what a sign-in mail's link page asks about, loaded before it rendered.
pub fn preloaded_email_sign_in_link() -> Option<Result<crate::auth::email_sign_in::EmailSignInLink, AuthError>> {
    #[cfg(feature = "ssr")]
    return page_data().and_then(|data| data.email_sign_in_link);
    #[cfg(not(feature = "ssr"))]
    None
}

/// On the server, the account overview loaded before `/account` rendered; see above.
pub fn preloaded_overview() -> Option<Result<Option<AccountOverview>, AuthError>> {
    #[cfg(feature = "ssr")]
    return page_data().and_then(|data| data.overview);
    #[cfg(not(feature = "ssr"))]
    None
}

#[cfg(feature = "ssr")]
fn page_data() -> Option<crate::server_fns::page_data::PageData> {
    use_context::<axum::http::request::Parts>()?.extensions.get().cloned()
}

/// A form posted without JavaScript comes back to its page with the server function's error
/// in the URL (`__path`, `__err`). The router hands that error only to components inside
/// `<Routes>`; the auth actions live above it, so they get it here, before they are created.
fn provide_form_error_from_url() {
    let query = use_query_map();
    let error = query.with_untracked(|q| Some(ServerActionError::new(&q.get("__path")?, &q.get("__err")?)));
    if let Some(error) = error {
        provide_context(error);
    }
}
