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
    server_call::{read, Loaded},
};
use crate::{
    auth::UserProfile,
    server_fns::{account::DeleteAccount, current_user, CurrentUser, Login, Logout, SecondFactor, Signup},
};

/// Who is signed in, and the actions that change it.
#[derive(Clone, Copy)]
pub struct AuthContext {
    /// Refetched whenever signup, login (either step) or logout completes, so the nav never
    /// goes stale.
    pub user: Resource<Loaded<Option<UserProfile>>, FromToStringCodec>,
    pub signup: FormAction,
    pub login: FormAction,
    pub logout: FormAction,
    /// The code step of a login: it signs in, so the nav must learn of it.
    pub second_factor: FormAction,
    /// Here, not on the account page: the nav must learn that nobody is signed in any more.
    pub delete_account: FormAction,
}

/// Creates the auth state and provides it to everything below. Call inside the router, so
/// that a refused form's error in the URL reaches the actions (see below).
pub fn provide_auth_state() {
    provide_form_error_from_url();
    let signup = FormAction::new::<Signup>();
    let login = FormAction::new::<Login>();
    let logout = FormAction::new::<Logout>();
    let second_factor = FormAction::new::<SecondFactor>();
    let delete_account = FormAction::new::<DeleteAccount>();
    let user = Resource::new_str(
        move || {
            let signed_in = (signup.version().get(), login.version().get(), second_factor.version().get());
            (signed_in, logout.version().get(), delete_account.version().get())
        },
        |_| async { Loaded(read(<CurrentUser as ServerFn>::PATH, current_user).await) },
    );
    provide_context(AuthContext { user, signup, login, logout, second_factor, delete_account });
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
