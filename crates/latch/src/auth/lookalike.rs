//! Text that looks like other text: characters a person cannot see or that reorder what they
//! see, and (on the server) compatibility forms such as fullwidth letters. Both are how one
//! identity is made to pass for another.

use std::borrow::Cow;

/// Unicode's format characters (category Cf: zero-width spaces and joiners, bidirectional
/// overrides and isolates, the BOM, invisible operators, tags...), control characters, and
/// the line and paragraph separators. None belongs in an email or a name a person reads.
pub fn is_hidden_or_reordering(c: char) -> bool {
    const FORMAT: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x0890, 0x0891),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x2028, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
    ];
    let code = u32::from(c);
    c.is_control() || FORMAT.iter().any(|&(first, last)| (first..=last).contains(&code))
}

/// Unicode NFKC: fullwidth `ａｄａ＠ｅｘａｍｐｌｅ.ｃｏｍ` becomes `ada@example.com`, and
/// ligatures, circled and superscript letters their plain forms. On the server only: the
/// tables would add tens of kilobytes to the WASM, and the server's answer is the one that
/// counts (the browser's check only says early what the server will say).
#[cfg(feature = "ssr")]
pub fn fold_compatibility_forms(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfkc().collect()),
    }
}

/// In the browser, the text as it is: the folding tables stay on the server (see above).
#[cfg(not(feature = "ssr"))]
pub fn fold_compatibility_forms(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_reordering_characters_are_found_and_letters_are_not() {
        for hidden in [
            '\u{200B}',
            '\u{200D}',
            '\u{202E}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{0007}',
            '\u{2028}',
            '\u{E0041}',
        ] {
            assert!(is_hidden_or_reordering(hidden), "{:04X}", u32::from(hidden));
        }
        for shown in ['a', 'Ж', 'あ', '😀', ' ', '-', 'é'] {
            assert!(!is_hidden_or_reordering(shown), "{shown}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn compatibility_forms_fold_to_their_plain_letters() {
        assert_eq!(fold_compatibility_forms("ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "ada@example.com");
        assert_eq!(fold_compatibility_forms("ﬁle@example.com"), "file@example.com");
        assert!(matches!(fold_compatibility_forms("ada@example.com"), Cow::Borrowed(_)));
    }
}
