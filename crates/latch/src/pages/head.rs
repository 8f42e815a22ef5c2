//! What every page's `<head>` needs for Latch's pages to work in an application's shell: the
//! character set and viewport, the stylesheet, the hydration scripts, the passkeys script
//! (`/passkeys.js`, served by Latch), Latch's texts in the page's language (`i18n::hand_over`)
//! and the page's own title and meta tags.

use leptos::{config::LeptosOptions, prelude::*};
use leptos_meta::{HashedStylesheet, MetaTags};

use crate::i18n::{hand_over::texts_script, Text};

/// The head's standard part; anything of the application's own goes in `children` (an icon,
/// a colour scheme), before the page's meta tags.
#[component]
pub fn LatchHead(
    /// Leptos' options, as `Site::shell` receives them.
    options: LeptosOptions,
    /// The application's own head elements.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <HashedStylesheet options=options.clone() id="leptos" />
        <HydrationScripts options />
        <script type="module" src="/passkeys.js"></script>
        {texts_script::<Text>()}
        {children.map(|children| children())}
        <MetaTags />
    }
}
