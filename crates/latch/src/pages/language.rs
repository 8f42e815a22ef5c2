//! The language switch: one button per language, the page's own marked, posting to
//! `/language` (`server::language`), which goes back to the page the form was on (its
//! `Referer`; the site's policy is `same-origin`, so only this site's pages send one). A plain
//! form, so it works without JavaScript, and the new language comes from the server, never
//! from the browser.
//!
//! It is written as HTML rather than as a view: it never changes while a page lives (the
//! language is the page's), so the browser has nothing to hydrate in it, and a view of its
//! size on every page costs 1.7 KB of WASM (brotli, measured) where this costs a few bytes.

use leptos::prelude::*;

use crate::i18n::{Lang, Locale, Text};

/// The switch, for a footer or the account page.
#[component]
pub fn LanguageSwitch(
    /// Its name for assistive technology, where a page shows two ("Language" when none):
    /// two forms with one name are two landmarks nobody can tell apart.
    #[prop(optional)]
    label: Option<&'static str>,
    /// The language shown as chosen: the page's when none is given; the account page gives
    /// the account's, which a choice on this browser may differ from.
    #[prop(optional)]
    current: Option<Lang>,
) -> impl IntoView {
    let label = label.unwrap_or_else(|| Text::language_switch_label.text());
    let current = current.unwrap_or_else(|| Locale::current().lang);
    view! { <div class="language-switch" inner_html=switch_html(label, current)></div> }
}

/// The form, as HTML. Its texts are the catalogue's, which hold no character HTML would
/// read as markup (a unit test holds them to it), so nothing needs escaping.
fn switch_html(label: &str, current: Lang) -> String {
    let mut html = String::with_capacity(400);
    html.push_str(r#"<form method="post" action="/language" aria-label=""#);
    html.push_str(label);
    html.push_str(r#"">"#);
    for lang in Lang::CHOOSABLE {
        let name = if lang == Lang::Ko { Text::language_name_ko } else { Text::language_name_en };
        for part in [
            r#"<button type="submit" class="link" name="lang" value=""#,
            lang.tag(),
            r#"" lang=""#,
            lang.tag(),
            r#"" aria-pressed=""#,
            if lang == current { "true" } else { "false" },
            r#"">"#,
            name.text(),
            "</button>",
        ] {
            html.push_str(part);
        }
    }
    html.push_str("</form>");
    html
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_pages_language_is_pressed() {
        let html = switch_html("Language", Lang::Ko);
        assert!(html.contains(r#"aria-label="Language""#), "{html}");
        assert!(html.contains(r#"value="ko" lang="ko" aria-pressed="true">"#), "{html}");
        assert!(html.contains(r#"value="en" lang="en" aria-pressed="false">"#), "{html}");
    }

    #[test]
    fn the_switchs_texts_hold_no_markup_in_any_language() {
        let keys =
            [Text::language_switch_label, Text::language_heading, Text::language_name_ko, Text::language_name_en];
        for lang in [Lang::En, Lang::Ko, Lang::Pseudo] {
            for key in keys {
                let text = key.text_in(lang);
                assert!(!text.contains(['<', '>', '&', '"']), "{key:?} in {lang:?}: {text}");
            }
        }
    }
}
