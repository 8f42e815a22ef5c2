//! The common-password check: 30,000 of the most used passwords (the list the zxcvbn crate
//! ships, MIT licensed), embedded in the server. Too big for the browser bundle, so the server
//! alone applies it.

use std::{collections::HashSet, sync::LazyLock};

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| listed().collect());

/// Every password on the list, in its order (most used first): what a benchmark or a breach
/// list can be seeded with.
pub fn listed() -> impl Iterator<Item = &'static str> {
    include_str!("common_passwords.txt").lines()
}

/// True for a password on the list, a listed word padded with digits or symbols at either end
/// (`football12345`), or one short unit repeated (`abcabcabcabc`).
pub fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    let padding = |c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace();
    let core = lowered.trim_matches(padding);
    COMMON.contains(lowered.as_str()) || COMMON.contains(core) || is_repeated_unit(&lowered) || core.is_empty()
}

fn is_repeated_unit(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (1..=4).any(|unit| {
        chars.len() > unit && chars.len().is_multiple_of(unit) && chars.chunks(unit).all(|c| c == &chars[..unit])
    })
}

#[cfg(test)]
mod tests {
    use super::is_common;

    #[test]
    fn the_list_has_at_least_ten_thousand_entries() {
        assert!(super::COMMON.len() >= 10_000, "{}", super::COMMON.len());
    }

    #[test]
    fn listed_padded_and_repeated_passwords_are_common() {
        for common in [
            "qwertyuiop12",
            "1q2w3e4r5t6y",
            "Football12345",
            "!!password2024!!",
            "abcabcabcabc",
            "aaaaaaaaaaaa",
            "123456789012",
        ] {
            assert!(is_common(common), "{common}");
        }
    }

    #[test]
    fn ordinary_passphrases_are_not() {
        for fine in ["correct horse battery staple", "analytical engine notes", "dragon-slayer-of-2024"] {
            assert!(!is_common(fine), "{fine}");
        }
    }
}
