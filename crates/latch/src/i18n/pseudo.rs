//! The pseudo language (`en-XA`): English with every text wrapped in `⟦…⟧` and its letters
//! accented, placeholders left alone. A page rendered in it shows at a glance, and to a
//! browser test by rule, any text that did not come from a catalogue: it is the one without
//! brackets.

/// A catalogue's English table, pseudo-localized, leaked once per catalogue.
pub fn table(english: &[&'static str]) -> Vec<&'static str> {
    english.iter().map(|text| &*Box::leak(localize(text).into_boxed_str())).collect()
}

/// `Log in {name}` → `⟦Łóg íñ {name}⟧`.
pub fn localize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2 + 6);
    out.push('⟦');
    let mut in_placeholder = false;
    for c in text.chars() {
        match c {
            '{' => in_placeholder = true,
            '}' => in_placeholder = false,
            _ => {}
        }
        out.push(if in_placeholder { c } else { accented(c) });
    }
    out.push('⟧');
    out
}

fn accented(c: char) -> char {
    match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        'n' => 'ñ',
        'c' => 'ç',
        's' => 'š',
        'y' => 'ý',
        'L' => 'Ł',
        'A' => 'Å',
        'E' => 'É',
        'O' => 'Ö',
        'S' => 'Š',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::localize;

    #[test]
    fn texts_are_wrapped_and_accented_around_their_placeholders() {
        assert_eq!(localize("Log in"), "⟦Łóg íñ⟧");
        assert_eq!(localize("Try again in {seconds} seconds."), "⟦Trý ágáíñ íñ {seconds} šéçóñdš.⟧");
    }
}
