//! The code a sign-in mail carries: 8 characters from 26 that have no look-alike among them
//! (no 0/O, 1/I/L, 5/S, 8/B, 2/Z pair keeps both: `2` stays, `Z` is read as it), shown as
//! `ABCD-EFGH`. 26^8 ≈ 2.1 × 10^11 codes. It is stored only hashed with the asking
//! browser's secret, so a copy of the database cannot be searched for it without that
//! browser's cookie.

use rand::Rng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The characters a code is made of.
pub const ALPHABET: &[u8; 26] = b"234679ACDEFGHJKMNPQRTUVWXY";
/// How many of them a code has.
pub const LENGTH: usize = 8;

/// A new random code, as typed (no dash).
pub fn generate() -> String {
    let mut rng = rand::rng();
    (0..LENGTH).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// The code as the mail shows it: two groups of four.
pub fn display(code: &str) -> String {
    format!("{}-{}", &code[..LENGTH / 2], &code[LENGTH / 2..])
}

/// What a person typed, as a code: upper-cased, without spaces or dashes, `Z` read as `2`;
/// `None` when it cannot be a code (so it costs no try).
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'Z' => '2',
            c => c,
        })
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The stored form of `code` for the browser holding `browser_secret`.
pub fn hash(browser_secret: &str, code: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(browser_secret.as_bytes());
    hasher.update(b"\n");
    hasher.update(code.as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `stored` is the hash of `code` for this browser, in time that does not depend on
/// where they differ.
pub fn matches(stored: &str, browser_secret: &str, code: &str) -> bool {
    let presented = hash(browser_secret, code);
    stored.len() == presented.len() && bool::from(stored.as_bytes().ct_eq(presented.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_characters_without_look_alikes() {
        for _ in 0..200 {
            let code = generate();
            assert_eq!(code.len(), LENGTH);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L', '5', 'S', '8', 'B', 'Z']), "{code}");
            assert_eq!(normalize(&code).as_deref(), Some(code.as_str()));
        }
        let unique: std::collections::HashSet<u8> = ALPHABET.iter().copied().collect();
        assert_eq!(unique.len(), 26);
    }

    #[test]
    fn what_people_type_is_read_kindly_and_nothing_else_passes() {
        assert_eq!(normalize(" acd2-e3f4 ").as_deref(), Some("ACD2E3F4"));
        assert_eq!(normalize("ACDZ E3F4").as_deref(), Some("ACD2E3F4"));
        assert_eq!(display("ACD2E3F4"), "ACD2-E3F4");
        assert_eq!(normalize("ACD2E3F"), None);
        assert_eq!(normalize("ACD2E3F4A"), None);
        assert_eq!(normalize("ACD0E3F4"), None);
        assert_eq!(normalize("ÀCD2E3F4"), None);
    }

    #[test]
    fn a_code_matches_only_for_the_browser_that_asked() {
        let stored = hash("browser-one", "ACD2E3F4");
        assert!(matches(&stored, "browser-one", "ACD2E3F4"));
        assert!(!matches(&stored, "browser-two", "ACD2E3F4"));
        assert!(!matches(&stored, "browser-one", "ACD2E3F6"));
    }
}
