//! What an application gives Latch to serve: its root component and the HTML document
//! around it. Latch's router renders every page through these, so the application owns its
//! shell, layout, nav and routes, and Latch owns everything behind them.

use std::sync::Arc;

use axum::Router;
use leptos::{config::LeptosOptions, IntoView};

use crate::{
    auth::server::hooks::{AccountHooks, NoHooks},
    web::{db::AppMigrations, state::AppState},
};

/// An application served by Latch. Implemented once, on a unit type, by the crate that has
/// the `main` (the Latch application's is `latch_app::LatchApp`).
///
/// ```no_run
/// use latch::{
///     server::{site::Site, startup::{shutdown_signal, Application}},
///     web::config::Config,
/// };
/// use leptos::{config::LeptosOptions, prelude::*};
///
/// struct MyApp;
///
/// impl Site for MyApp {
///     const OUTPUT_NAME: &'static str = "my-app";
///
///     fn app() -> impl IntoView + 'static {
///         view! { <main>"My app"</main> }
///     }
///
///     fn shell(options: LeptosOptions) -> impl IntoView + 'static {
///         view! {
///             <!DOCTYPE html>
///             <html lang="en">
///                 <head><HydrationScripts options /></head>
///                 <body>{Self::app()}</body>
///             </html>
///         }
///     }
/// }
///
/// async fn start() -> Result<(), Box<dyn std::error::Error>> {
///     let app = Application::build::<MyApp>(Config::from_env()?).await?;
///     app.serve(shutdown_signal()).await?;
///     Ok(())
/// }
/// ```
pub trait Site: 'static {
    /// The name cargo-leptos gives the bundle: `[package.metadata.leptos] output-name`.
    const OUTPUT_NAME: &'static str;

    /// The file, beside the release binary, where cargo-leptos writes the bundle's hashes:
    /// `[package.metadata.leptos] hash-file-name`. Two applications built in one workspace
    /// share the binaries' folder, so each needs its own name.
    const HASH_FILE: &'static str = "hash.txt";

    /// The root component: the router and its routes. Rendered on the server for every page
    /// request and hydrated in the browser from the application's own `hydrate` entry point.
    fn app() -> impl IntoView + 'static;

    /// The whole document around [`Site::app`]: `<html>`, `<head>` with the stylesheet and the
    /// hydration scripts, `<body>`.
    fn shell(options: LeptosOptions) -> impl IntoView + 'static;

    /// The application's own JSON routes, served beside Latch's behind the same layers (CSRF,
    /// limits, headers, the access log). Guard them with [`crate::api::guard`]'s extractors.
    /// None by default.
    fn routes() -> Router<AppState> {
        Router::new()
    }

    /// The application's part in deleting and exporting an account. None by default.
    fn hooks() -> Arc<dyn AccountHooks> {
        Arc::new(NoHooks)
    }

    /// The application's own tables: its migrations for each database, applied at start after
    /// Latch's (`sqlx::migrate!`, versions that are not Latch's). None by default.
    fn migrations() -> Option<AppMigrations> {
        None
    }
}
