//! Notes' shell, nav and routes: its own pages at `/` and `/notes/{id}`, Latch's account pages
//! beside them in Notes' layout, and Latch's home page left out.

use latch::{
    client::auth_state::{provide_auth_state, AuthContext},
    client::form_action::PostForm,
    pages::{language::LanguageSwitch, not_found::NotFound, routes::AccountRoutes},
    tr,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    model::SIGNUP_FIELDS,
    notes::{NotePage, NotesPage},
    texts::NotesText,
};

/// Notes, as Latch's server knows it.
pub struct NotesSite;

#[cfg(feature = "ssr")]
impl latch::server::site::Site for NotesSite {
    const OUTPUT_NAME: &'static str = "notes";
    const HASH_FILE: &'static str = "notes-hash.txt";

    fn app() -> impl IntoView + 'static {
        App()
    }

    fn shell(options: LeptosOptions) -> impl IntoView + 'static {
        use latch::pages::head::LatchHead;
        view! {
            <!DOCTYPE html>
            <html lang=latch::i18n::Locale::current().lang.tag()>
                // Latch's head carries Latch's texts; Notes adds its own catalogue's.
                <head><LatchHead options>{latch::i18n::hand_over::texts_script::<NotesText>()}</LatchHead></head>
                <body><App /></body>
            </html>
        }
    }

    fn routes() -> axum::Router<latch::web::state::AppState> {
        crate::server::api::routes()
    }

    fn hooks() -> std::sync::Arc<dyn latch::auth::server::hooks::AccountHooks> {
        std::sync::Arc::new(crate::server::hooks::NotesHooks)
    }

    fn migrations() -> Option<latch::web::db::AppMigrations> {
        Some(latch::web::db::AppMigrations {
            sqlite: sqlx::migrate!("./migrations/sqlite"),
            postgres: sqlx::migrate!("./migrations/postgres"),
        })
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| format!("{page} · Notes") />
        <Router>
            <Layout />
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    provide_auth_state();
    // Set once the WASM has taken over the page: the browser tests wait on it.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    view! {
        <div class="layout" data-hydrated=move || hydrated.get().to_string()>
            <Nav />
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=NotesPage ssr=SsrMode::Async />
                    <Route path=path!("notes/:id") view=NotePage ssr=SsrMode::Async />
                    <AccountRoutes signup_fields=SIGNUP_FIELDS />
                </Routes>
            </main>
            // Latch's language switch: Notes' words and Latch's change together.
            <footer class="footer"><LanguageSwitch /></footer>
        </div>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    view! {
        <header class="nav">
            <a href="/" class="brand">{NotesText::brand.text()}</a>
            <nav aria-label=tr!(nav_label)>
                {move || match auth.user.get() {
                    Some(Ok(Some(_))) => view! {
                        <a href="/account">{tr!(nav_account)}</a>
                        <PostForm action=auth.logout>
                            <button type="submit" class="link">{tr!(nav_log_out)}</button>
                        </PostForm>
                    }.into_any(),
                    None => ().into_any(),
                    Some(_) => view! {
                        <a href="/login">{tr!(nav_log_in)}</a>
                        <a href="/signup" class="button">{tr!(nav_sign_up)}</a>
                    }.into_any(),
                }}
            </nav>
        </header>
    }
}
