//! The HTML shell, the root component, its routes and the nav.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    StaticSegment,
};

use crate::pages::{home::HomePage, not_found::NotFound};

/// The name cargo-leptos gives the bundle (`[package.metadata.leptos] output-name`).
pub const OUTPUT_NAME: &str = "latch";

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
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
    // Effects run only in the browser, so this flips once the WASM has taken over the page:
    // browser tests wait on it, and it is how a person could tell too (see style/main.css).
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));

    view! {
        <Stylesheet id="leptos" href=format!("/pkg/{OUTPUT_NAME}.css") />
        <Title formatter=|page: String| if page.is_empty() { "Latch".to_owned() } else { format!("{page} · Latch") } />
        <Router>
            <div class="layout" data-hydrated=move || if hydrated.get() { "true" } else { "false" }>
                <Nav />
                <main class="content">
                    <Routes fallback=NotFound>
                        <Route path=StaticSegment("") view=HomePage />
                    </Routes>
                </main>
                <footer class="footer">"Latch · accounts for Leptos apps"</footer>
            </div>
        </Router>
    }
}

#[component]
fn Nav() -> impl IntoView {
    view! {
        <header class="nav">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Latch"
            </A>
        </header>
    }
}
