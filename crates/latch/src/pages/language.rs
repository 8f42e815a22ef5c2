//! The language switch: one button per language, the page's own marked, posting to
//! `/language` (`server::language`) with the page to come back to. A plain form, so it works
//! without JavaScript, and the new language comes from the server, never from the browser.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{Lang, Locale, Text};

/// The switch, for a footer or the account page.
#[component]
pub fn LanguageSwitch(
    /// Its name for assistive technology, where a page shows two ("Language" when none):
    /// two forms with one name are two landmarks nobody can tell apart.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let location = use_location();
    let back = move || {
        let (path, query) = (location.pathname.get(), location.search.get());
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    let current = Locale::current().lang;
    let buttons = Lang::CHOOSABLE.map(|lang| {
        let name = match lang {
            Lang::Ko => Text::language_name_ko,
            _ => Text::language_name_en,
        };
        view! {
            <button type="submit" class="link" name="lang" value=lang.tag() lang=lang.tag() aria-pressed=(lang == current).to_string()>
                {name.text()}
            </button>
        }
    });
    view! {
        <form class="language-switch" method="post" action="/language" aria-label=label.unwrap_or_else(|| Text::language_switch_label.text())>
            <input type="hidden" name="back" value=back prop:value=back />
            {buttons}
        </form>
    }
}
