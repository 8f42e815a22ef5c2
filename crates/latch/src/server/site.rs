//! What an application gives Latch to serve: its root component and the HTML document
//! around it. Latch's router renders every page through these, so the application owns its
//! shell, layout, nav and routes, and Latch owns everything behind them.

use leptos::{config::LeptosOptions, IntoView};

/// An application served by Latch. Implemented once, on a unit type, by the crate that has
/// the `main` (the Latch application's is `latch_app::LatchApp`).
///
/// ```ignore
/// struct MyApp;
/// impl latch::server::site::Site for MyApp {
///     const OUTPUT_NAME: &'static str = "my-app";
///     fn app() -> impl IntoView + 'static { view! { <App /> } }
///     fn shell(options: LeptosOptions) -> impl IntoView + 'static { shell(options) }
/// }
/// let app = Application::build::<MyApp>(Config::from_env()?).await?;
/// ```
pub trait Site: 'static {
    /// The name cargo-leptos gives the bundle: `[package.metadata.leptos] output-name`.
    const OUTPUT_NAME: &'static str;

    /// The root component: the router and its routes. Rendered on the server for every page
    /// request and hydrated in the browser from the application's own `hydrate` entry point.
    fn app() -> impl IntoView + 'static;

    /// The whole document around [`Site::app`]: `<html>`, `<head>` with the stylesheet and the
    /// hydration scripts, `<body>`.
    fn shell(options: LeptosOptions) -> impl IntoView + 'static;
}
