//! The guards for an application's own pages: wrap a page in [`RequireSignedIn`] and it renders
//! only for a signed-in person ([`RequireVerified`]: one whose address is proven); anyone else is sent to log in and brought back to the page
//! (`/login?next=…`). On the server that is a redirect answer, so it holds with JavaScript off;
//! in the browser it is a navigation. The person's profile comes from the page data the
//! server loaded before rendering (`server_fns::page_data`), so the page never waits on it.
//!
//! ```no_run
//! use latch::client::guard::RequireSignedIn;
//! use leptos::prelude::*;
//!
//! #[component]
//! fn NotesPage() -> impl IntoView {
//!     view! {
//!         <RequireSignedIn let:user>
//!             <h1>"Notes of " {user.username}</h1>
//!         </RequireSignedIn>
//!     }
//! }
//! ```

use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_location};

use super::auth_state::AuthContext;
use crate::auth::{next_page::login_then, UserProfile};
use crate::{i18n::Text, tr};

/// Renders `children` with the signed-in person's profile, or sends a visitor to log in and
/// back. Needs the auth state (`provide_auth_state`) above it, as every Latch page does.
#[component]
pub fn RequireSignedIn<Page, View>(
    /// The page, given who is signed in.
    children: Page,
) -> impl IntoView
where
    Page: Fn(UserProfile) -> View + Send + Sync + 'static,
    View: IntoView + 'static,
{
    let auth = expect_context::<AuthContext>();
    let location = use_location();
    let back_here = move || {
        let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
        login_then(&if query.is_empty() { path } else { format!("{path}?{query}") })
    };
    move || match auth.user.get() {
        Some(Ok(Some(user))) => children(user).into_any(),
        Some(Ok(None)) => view! { <Redirect path=back_here() /> }.into_any(),
        Some(Err(error)) => view! { <p class="card narrow alert" role="alert">{error.message()}</p> }.into_any(),
        // Asked again after a sign-in or sign-out: a moment, then one of the above.
        None => view! { <p class="card narrow muted" aria-busy="true">{tr!(loading)}</p> }.into_any(),
    }
}

/// Like [`RequireSignedIn`], and the address must be proven too: a signed-in person who has
/// not opened the verification link yet is told so, with the way to a new link, instead of
/// the page. What the page's own server functions do stays guarded on the server
/// (`server_fns::guard::require_verified`): this guard only decides what is shown.
///
/// ```no_run
/// use latch::client::guard::RequireVerified;
/// use leptos::prelude::*;
///
/// #[component]
/// fn SharingPage() -> impl IntoView {
///     view! {
///         <RequireVerified let:user>
///             <h1>"Share your notes, " {user.username}</h1>
///         </RequireVerified>
///     }
/// }
/// ```
#[component]
pub fn RequireVerified<Page, View>(
    /// The page, given who is signed in.
    children: Page,
) -> impl IntoView
where
    Page: Fn(UserProfile) -> View + Send + Sync + 'static,
    View: IntoView + 'static,
{
    let page = move |user: UserProfile| match user.email_verified {
        true => children(user).into_any(),
        false => view! {
            <section class="card narrow" role="alert">
                <h1>{tr!(guard_verify_heading)}</h1>
                <p>{Text::guard_verify_body.with(&[("email", &user.email)])}</p>
                <p><a href="/account">{tr!(guard_verify_link)}</a></p>
            </section>
        }
        .into_any(),
    };
    view! { <RequireSignedIn children=page /> }
}

/// Like [`RequireSignedIn`], and the session must have proven its owner within the sudo
/// window (10 minutes: `auth::server::sessions::sudo`): past it, the person is sent to
/// `/reauthenticate?next=<this page>`, asked for the password (or a passkey), and brought
/// back. Guard the page's own server functions with
/// `server_fns::guard::require_recent_authentication` as well: this decides what is shown,
/// they decide what is done. Mount Latch's `ReauthenticatePage` at `/reauthenticate`.
///
/// ```no_run
/// use latch::client::guard::RequireRecentAuthentication;
/// use leptos::prelude::*;
///
/// #[component]
/// fn DangerPage() -> impl IntoView {
///     view! {
///         <RequireRecentAuthentication let:user>
///             <h1>"Transfer the workspace, " {user.username}</h1>
///         </RequireRecentAuthentication>
///     }
/// }
/// ```
#[component]
pub fn RequireRecentAuthentication<Page, View>(
    /// The page, given who is signed in.
    children: Page,
) -> impl IntoView
where
    Page: Fn(UserProfile) -> View + Send + Sync + 'static,
    View: IntoView + 'static,
{
    use crate::server_fns::account::recently_authenticated;
    let recent = Resource::new(|| (), |_| recently_authenticated());
    let location = use_location();
    let children = std::sync::Arc::new(children);
    let page = move |user: UserProfile| {
        let children = children.clone();
        let back_here = move || {
            let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if query.is_empty() { path } else { format!("{path}?{query}") };
            format!("/reauthenticate?next={}", crate::auth::next_page::query_value(&here))
        };
        view! {
            <Suspense fallback=|| view! { <p class="card narrow muted" aria-busy="true">{tr!(loading)}</p> }>
                {move || recent.get().map(|answer| match answer {
                    Ok(true) => children(user.clone()).into_any(),
                    Ok(false) => view! { <Redirect path=back_here() /> }.into_any(),
                    Err(error) => view! { <p class="card narrow alert" role="alert">{error.message()}</p> }.into_any(),
                })}
            </Suspense>
        }
    };
    view! { <RequireSignedIn children=page /> }
}

/// Like [`RequireSignedIn`], and the account must hold `role` (`admin`, or one the
/// application declares in `AccountHooks::roles`): anyone else signed in is told the page is
/// not theirs. Guard the page's server functions with `server_fns::guard::require_role` too:
/// this decides what is shown, they decide what is done.
///
/// ```no_run
/// use latch::client::guard::RequireRole;
/// use leptos::prelude::*;
///
/// #[component]
/// fn ModerationPage() -> impl IntoView {
///     view! {
///         <RequireRole role="moderator" let:user>
///             <h1>"Reports waiting, " {user.username}</h1>
///         </RequireRole>
///     }
/// }
/// ```
#[component]
pub fn RequireRole<Page, View>(
    /// The role the page needs.
    role: &'static str,
    /// The page, given who is signed in.
    children: Page,
) -> impl IntoView
where
    Page: Fn(UserProfile) -> View + Send + Sync + 'static,
    View: IntoView + 'static,
{
    let page = move |user: UserProfile| match user.roles.iter().any(|held| held == role) {
        true => children(user).into_any(),
        false => view! {
            <section class="card narrow" role="alert">
                <h1>{tr!(guard_role_heading)}</h1>
                <p>{tr!(guard_role_body)}</p>
            </section>
        }
        .into_any(),
    };
    view! { <RequireSignedIn children=page /> }
}
