//! The HTML shell, the root component, its routes and the nav: everything of the Latch
//! application that is not the library's.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    SsrMode, StaticSegment,
};

use latch::{
    auth::UserProfile,
    client::auth_state::{provide_auth_state, AuthContext},
    client::form_action::PostForm,
    i18n::{around, Locale},
    pages::{
        account::AccountPage,
        email_sign_in::{
            link::{EmailSignInApprovedPage, EmailSignInLinkPage},
            waiting::EmailSignInCodePage,
            EmailSignInPage,
        },
        forgot_password::ForgotPasswordPage,
        head::LatchHead,
        home::HomePage,
        language::LanguageSwitch,
        login::LoginPage,
        not_found::NotFound,
        not_me::NotMePage,
        profile::ProfilePage,
        reauthenticate::ReauthenticatePage,
        reset_password::ResetPasswordPage,
        second_factor::SecondFactorPage,
        signup::SignupPage,
        verify_email::VerifyEmailPage,
    },
    tr,
};

/// The Latch application, as the library's server knows it (`latch::server::site::Site`).
pub struct LatchApp;

#[cfg(feature = "ssr")]
impl latch::server::site::Site for LatchApp {
    const OUTPUT_NAME: &'static str = "latch";

    fn app() -> impl IntoView + 'static {
        App()
    }

    fn shell(options: LeptosOptions) -> impl IntoView + 'static {
        shell(options)
    }
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=Locale::current().lang.tag()>
            <head>
                // The standard part (stylesheet: latch.<hash>.css in release, see hash-files in
                // Cargo.toml; hydration; passkeys), then Latch's own.
                <LatchHead options=options.clone()>
                    <meta name="color-scheme" content="light dark" />
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                    <AutoReload options=options.clone() />
                </LatchHead>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Latch".to_owned() } else { format!("{page} · Latch") } />
        <Router>
            <Layout />
        </Router>
    }
}

/// Everything inside the router, so that the URL is known when the auth actions are made.
#[component]
fn Layout() -> impl IntoView {
    provide_auth_state();
    // Effects run only in the browser, so this flips once the WASM has taken over the page:
    // browser tests wait on it.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    view! {
        <div class="layout" data-hydrated=move || if hydrated.get() { "true" } else { "false" }>
            <Nav />
            <main class="content">
                // Async: the whole page waits for the current user, so a signed-in person
                // never sees a flash of the signed-out nav, and pages work without JS.
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    // Latch's account pages one by one rather than as `AccountRoutes`: the group is
                    // one type-erased route, 920 B brotli more in this bundle (measured), and
                    // Latch's budget has no such room. A product that can afford it takes the group.
                    <Route path=StaticSegment("signup") view=|| view! { <SignupPage /> } ssr=SsrMode::Async />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("code")) view=SecondFactorPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("email")) view=EmailSignInPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("email"), StaticSegment("code")) view=EmailSignInCodePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("email"), StaticSegment("link")) view=EmailSignInLinkPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("email"), StaticSegment("approved")) view=EmailSignInApprovedPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("verify-email") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("reauthenticate") view=ReauthenticatePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("not-me") view=NotMePage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="footer">
                <span>{tr!(app_tagline)}</span>
                <LanguageSwitch />
            </footer>
        </div>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    view! {
        <header class="nav">
            <NavLink href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Latch"
            </NavLink>
            <nav class="nav-links" aria-label=tr!(nav_label)>
                {move || match auth.user.get() {
                    Some(Ok(Some(user))) => view! { <SignedInLinks user /> }.into_any(),
                    // While it is being asked again, neither: no flash of the wrong links.
                    None => ().into_any(),
                    Some(_) => view! {
                        <NavLink href="/login">{tr!(nav_log_in)}</NavLink>
                        <NavLink href="/signup" class="button small">{tr!(nav_sign_up)}</NavLink>
                    }.into_any(),
                }}
            </nav>
        </header>
    }
}

#[component]
fn SignedInLinks(user: UserProfile) -> impl IntoView {
    let logout = expect_context::<AuthContext>().logout;
    // The name in bold inside the sentence, in the language's own word order.
    let (before, after) = around(tr!(nav_signed_in_as), "name");
    view! {
        <span class="nav-user">{before} <strong>{user.username}</strong> {after}</span>
        <NavLink href="/profile">{tr!(nav_profile)}</NavLink>
        <NavLink href="/account">{tr!(nav_account)}</NavLink>
        <PostForm action=logout>
            <button type="submit" class="link">{tr!(nav_log_out)}</button>
        </PostForm>
    }
}

/// A link of the nav, marked `aria-current="page"` on the page it leads to. Leptos' `<A>`
/// does this too, with more that the nav has no use for (relative paths, prefix matching
/// that marks the home link on every page), and their weight in the WASM. The router takes
/// the click of a plain link all the same.
#[component]
fn NavLink(href: &'static str, #[prop(optional)] class: Option<&'static str>, children: Children) -> impl IntoView {
    let location = use_location();
    let current = move || location.pathname.with(|path| path == href).then_some("page");
    view! { <a href=href class=class aria-current=current>{children()}</a> }
}
