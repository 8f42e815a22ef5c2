//! The shape of a catalogue, Latch's and a product's alike: the [`catalogue!`](crate::catalogue)
//! macro declares the keys and the struct each language fills, and [`Catalogue`] is how the
//! rest of the crate reads one.

use std::fmt::Display;

use super::Lang;

/// A catalogue's keys: how a key finds its text on the server (every language's table) and
/// in the browser (the table the page carries, named by `ID`).
pub trait Catalogue: Copy + 'static {
    /// Names the page's copy of this catalogue (`<script id="latch-texts-ID">`).
    const ID: &'static str;
    /// Every key, in order.
    fn all() -> &'static [Self];
    /// The key's position in every table.
    fn index(self) -> usize;
    /// The key's name, as the catalogues spell it (for test messages).
    fn name(self) -> &'static str;
    /// One language's texts in key order, on the server. The browser has none: it reads the
    /// page's (`hand_over`), and this answers an empty table there.
    fn table(lang: Lang) -> &'static [&'static str];
    /// [`table`](Self::table) as the page carries it, a text per line, joined once per
    /// language on the server (joined on each render, the join and its copy were 23,700 of a
    /// signed-in `/profile` render's 610,000 instructions, callgrind). Empty in the browser.
    fn joined(lang: Lang) -> &'static str;
}

/// Declares a catalogue: `enum $Key` (one variant per key, in snake case so that a key reads
/// the same in the enum and in the language files) and `struct $Texts` (one `&'static str`
/// field per key), which each language's file fills as a constant. The server holds the
/// languages named after `en`, `ko`; the browser none of them.
///
/// ```ignore
/// latch::catalogue! {
///     /// Notes' own texts.
///     pub enum NotesText, struct NotesTexts, id "notes", en crate::texts::EN, ko crate::texts::KO;
///     notes_title, notes_empty,
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $Key:ident, struct $Texts:ident, id $id:literal, en $en:path, ko $ko:path;
        $($key:ident),* $(,)?
    ) => {
        $(#[$meta])*
        #[allow(non_camel_case_types, missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $Key { $($key),* }

        /// One language's texts: a field per key, so a language that misses one does not compile.
        #[allow(missing_docs)]
        $vis struct $Texts { $(pub $key: &'static str),* }

        impl $Texts {
            /// The texts in the keys' order.
            pub const fn in_order(&self) -> [&'static str; [$(stringify!($key)),*].len()] {
                [$(self.$key),*]
            }
        }

        impl $crate::i18n::Catalogue for $Key {
            const ID: &'static str = $id;

            fn all() -> &'static [Self] {
                &[$($Key::$key),*]
            }

            fn index(self) -> usize {
                self as usize
            }

            fn name(self) -> &'static str {
                match self { $($Key::$key => stringify!($key)),* }
            }

            fn table(lang: $crate::i18n::Lang) -> &'static [&'static str] {
                #[cfg(feature = "ssr")]
                {
                    static EN: [&str; [$(stringify!($key)),*].len()] = $en.in_order();
                    static KO: [&str; [$(stringify!($key)),*].len()] = $ko.in_order();
                    static PSEUDO: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
                    match lang {
                        $crate::i18n::Lang::En => &EN,
                        $crate::i18n::Lang::Ko => &KO,
                        $crate::i18n::Lang::Pseudo => PSEUDO.get_or_init(|| $crate::i18n::pseudo::table(&EN)),
                    }
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = lang;
                    &[]
                }
            }

            fn joined(lang: $crate::i18n::Lang) -> &'static str {
                #[cfg(feature = "ssr")]
                {
                    static JOINED: [std::sync::OnceLock<String>; 3] = [const { std::sync::OnceLock::new() }; 3];
                    JOINED[lang as usize].get_or_init(|| Self::table(lang).join("\n"))
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = lang;
                    ""
                }
            }
        }

        #[allow(dead_code)]
        impl $Key {
            /// The text in the page's language: on the server the request's, in the browser
            /// the one the page carries. Never inlined: a page calls it at every text, and one
            /// call each is the smallest the WASM can be.
            #[inline(never)]
            pub fn text(self) -> &'static str {
                #[cfg(feature = "ssr")]
                {
                    $crate::i18n::server_text(self)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    static TABLE: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
                    let table = TABLE.get_or_init(|| $crate::i18n::hand_over::read(<Self as $crate::i18n::Catalogue>::ID));
                    table.get(self as usize).copied().unwrap_or_default()
                }
            }

            /// The text in `lang`, on the server (a mail in its recipient's language).
            pub fn text_in(self, lang: $crate::i18n::Lang) -> &'static str {
                <Self as $crate::i18n::Catalogue>::table(lang).get(self as usize).copied().unwrap_or_default()
            }

            /// The text with its `{placeholders}` filled: `with(&[("seconds", &30)])`.
            pub fn with(self, values: &[(&str, &dyn std::fmt::Display)]) -> String {
                $crate::i18n::fill(self.text(), values)
            }
        }
    };
}

/// `template` with each `{name}` replaced by its value; a name without a value stays as it
/// is (the placeholder test keeps that from reaching a person).
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').map(|end| (&after[..end], end)) {
            Some((name, end)) => {
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of `key` in the language of the page being rendered.
#[cfg(feature = "ssr")]
pub fn server_text<K: Catalogue>(key: K) -> &'static str {
    K::table(super::Locale::current().lang).get(key.index()).copied().unwrap_or_default()
}

/// Every problem a catalogue has, one line each: a text whose placeholders differ between
/// languages, an empty text, or one that cannot ride in the page's copy (a line break, or
/// `</` which would end its `<script>`). A product's test calls it for its own catalogue.
#[cfg(feature = "ssr")]
pub fn check_catalogue<K: Catalogue>() -> Vec<String> {
    let mut problems = Vec::new();
    let languages = [Lang::En, Lang::Ko, Lang::Pseudo];
    for lang in languages {
        if K::table(lang).len() != K::all().len() {
            problems.push(format!(
                "{}: {} has {} texts for {} keys",
                K::ID,
                lang.tag(),
                K::table(lang).len(),
                K::all().len()
            ));
        }
    }
    for key in K::all() {
        let english = placeholders(K::table(Lang::En)[key.index()]);
        for lang in languages {
            let text = K::table(lang)[key.index()];
            if text.trim().is_empty() {
                problems.push(format!("{}.{} is empty in {}", K::ID, key.name(), lang.tag()));
            }
            if text.contains('\n') || text.contains("</") {
                problems.push(format!("{}.{} in {} holds a line break or `</`", K::ID, key.name(), lang.tag()));
            }
            let found = placeholders(text);
            if found != english {
                problems.push(format!(
                    "{}.{}: {} has placeholders {found:?}, English {english:?}",
                    K::ID,
                    key.name(),
                    lang.tag()
                ));
            }
        }
    }
    problems
}

/// The `{names}` in a text, sorted.
#[cfg(feature = "ssr")]
fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> =
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_stay() {
        assert_eq!(fill("Try again in {seconds} seconds.", &[("seconds", &30)]), "Try again in 30 seconds.");
        assert_eq!(fill("{a} and {b}", &[("b", &"B"), ("a", &1)]), "1 and B");
        assert_eq!(fill("{missing} here", &[]), "{missing} here");
        assert_eq!(fill("no brace {", &[]), "no brace {");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn latchs_catalogue_agrees_with_itself_in_every_language() {
        let problems = super::check_catalogue::<crate::i18n::Text>();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_placeholder_missing_in_one_language_is_found() {
        assert_eq!(super::placeholders("{a} x {b}"), vec!["a", "b"]);
        assert_ne!(
            super::placeholders("Try again in {seconds} seconds."),
            super::placeholders("잠시 후 다시 시도하세요.")
        );
    }
}
