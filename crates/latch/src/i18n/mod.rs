//! Korean and English: every string a person reads comes from a catalogue, one per language,
//! and the language is decided on the server for each page (`Locale`).
//!
//! A catalogue is an enum of keys and, per language, a struct with one field per key
//! ([`catalogue!`](crate::catalogue)): a language that misses a key does not compile, and a
//! unit test ([`check_catalogue`]) fails when two languages disagree on a text's
//! placeholders. The server holds every language; the browser holds the keys only, and reads
//! the texts of the page's language from the page itself ([`hand_over`]): the WASM never
//! carries a language the page does not show, and hydration cannot pick another one.
//!
//! ```
//! use latch::i18n::Text;
//! // On the server, in the page's language; in the browser, from the page.
//! let _title: &'static str = Text::login_title.text();
//! let _line: String = Text::error_throttled.with(&[("seconds", &30)]);
//! ```

mod catalogue;
pub mod dates;
pub mod hand_over;
mod lang;
mod locale;
mod texts;

#[cfg(feature = "ssr")]
mod en;
#[cfg(feature = "ssr")]
mod ko;
#[cfg(feature = "ssr")]
pub mod pseudo;

#[cfg(feature = "ssr")]
pub use catalogue::{check_catalogue, server_text};
pub use catalogue::{fill, Catalogue};
pub use lang::Lang;
pub use locale::Locale;
pub use texts::{Text, Texts};

/// Latch's own text for `key`, in the page's language: `tr!(login_title)`.
#[macro_export]
macro_rules! tr {
    ($key:ident) => {
        $crate::i18n::Text::$key.text()
    };
}

/// The parts of `text` before and after its `{name}` placeholder, for a sentence that holds
/// markup there (a link, a name in bold): `("Sign in from", ".")` for
/// `Sign in from {link}.`. Without the placeholder, all of it comes before.
pub fn around(text: &'static str, name: &str) -> (&'static str, &'static str) {
    let placeholder = format!("{{{name}}}");
    match text.find(&placeholder) {
        Some(start) => (&text[..start], &text[start + placeholder.len()..]),
        None => (text, ""),
    }
}
