use leptos::prelude::*;
use leptos_meta::Title;

use crate::tr;

/// Rendered for any path no route matches, with a real 404 status on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=tr!(not_found_title) />
        <section class="card narrow">
            <h1>{tr!(not_found_heading)}</h1>
            <p>{tr!(not_found_lead)}</p>
            <p><a href="/">{tr!(not_found_home)}</a></p>
        </section>
    }
}
