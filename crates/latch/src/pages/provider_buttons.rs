//! "Continue with Google": a link per provider the site signs in with, on the login and
//! signup pages; none when none is configured. Links, not scripts: the same with JavaScript off.
//! The list is handed from the server to the browser inside the page.

use leptos::{prelude::*, server::codee::string::FromToStringCodec};
use leptos_router::hooks::use_query_map;

use crate::auth::{next_page::query_value, validate::local_redirect_target};
use crate::{i18n::Text, tr};

/// The links, after the page's own form.
#[component]
pub fn ProviderButtons() -> impl IntoView {
    let query = use_query_map();
    let lines = SharedValue::<String, FromToStringCodec>::new_str(configured).into_inner();
    let providers: Vec<(String, String)> = lines
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(name, label)| (name.to_owned(), label.to_owned()))
        .collect();
    (!providers.is_empty()).then(|| {
        view! {
            <nav class="provider-buttons" aria-label=tr!(login_providers_label)>
                {providers
                    .into_iter()
                    .map(|(name, label)| {
                        // Where the provider's sign-in ends: the page's `next`, by the server's rule.
                        let href = move || {
                            let next = local_redirect_target(query.read().get("next").as_deref());
                            format!("/auth/oidc/{name}?next={}", query_value(&next))
                        };
                        // `external`: the router leaves it to the browser, which leaves the app.
                        view! {
                            <a class="button secondary" rel="external" href=href>
                                {Text::login_with_provider.with(&[("provider", &label)])}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
        }
    })
}

/// The configured providers, a line each: `name\tlabel`.
fn configured() -> String {
    #[cfg(feature = "ssr")]
    return use_context::<crate::web::state::AppState>()
        .map(|state| {
            state
                .auth
                .providers()
                .buttons()
                .map(|(name, label)| format!("{name}\t{label}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    String::new()
}
