//! The page carries its language's texts to the browser: the server writes each catalogue's
//! table into the head as one `<script type="text/plain">` (a text per line, in key order,
//! with the locale in its attributes), and the WASM reads it once. So the browser's bundle
//! holds keys, never texts, and what hydration shows is by construction what the server
//! rendered.

use leptos::prelude::*;

#[cfg(not(feature = "ssr"))]
use super::Lang;
use super::{Catalogue, Locale};

/// The `id` of a catalogue's copy in the page.
fn element_id(catalogue: &str) -> String {
    format!("latch-texts-{catalogue}")
}

/// The head element that carries catalogue `K` in the page's language. `LatchHead` renders
/// Latch's own; a product's head adds one per catalogue of its own.
pub fn texts_script<K: Catalogue>() -> impl IntoView {
    let locale = Locale::current();
    let lines = K::joined(locale.lang);
    let offset = locale.utc_offset_minutes.map(|minutes| minutes.to_string());
    view! {
        <script
            type="text/plain"
            id=element_id(K::ID)
            data-lang=locale.lang.tag()
            data-utc-offset=offset
            inner_html=lines
        ></script>
    }
}

/// The texts of catalogue `id` the page carries, leaked once: the page's language lives as
/// long as the page.
#[cfg(not(feature = "ssr"))]
pub fn read(id: &str) -> Vec<&'static str> {
    let text = document().get_element_by_id(&element_id(id)).and_then(|element| element.text_content());
    let text: &'static str = Box::leak(text.unwrap_or_default().into_boxed_str());
    text.split('\n').collect()
}

/// The locale the page was rendered in, from Latch's own copy of its texts.
#[cfg(not(feature = "ssr"))]
pub fn locale() -> Locale {
    static LOCALE: std::sync::OnceLock<(Lang, Option<i16>)> = std::sync::OnceLock::new();
    let (lang, utc_offset_minutes) = *LOCALE.get_or_init(|| {
        let element = document().get_element_by_id(&element_id(<super::Text as Catalogue>::ID));
        let attribute = |name: &str| element.as_ref().and_then(|element| element.get_attribute(name));
        let lang = attribute("data-lang").and_then(|tag| Lang::from_tag(&tag)).unwrap_or_default();
        (lang, attribute("data-utc-offset").and_then(|offset| Locale::parse_offset(&offset)))
    });
    Locale { lang, utc_offset_minutes }
}
