//! The languages Latch speaks, and reading a browser's `Accept-Language`.

/// A language a page, an error or a mail can be in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the default when nothing else is known.
    #[default]
    En,
    /// Korean, in the polite 합니다/해요 style.
    Ko,
    /// English with every text marked and accented (`⟦Łóg íñ⟧`): served only where the
    /// configuration allows it, so that a test can see any text that bypasses the catalogue.
    Pseudo,
}

impl Lang {
    /// The languages a person can choose, in the order the switch shows them.
    pub const CHOOSABLE: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The BCP 47 tag: `<html lang>`, the cookie, the account's column.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Pseudo => "en-XA",
        }
    }

    /// The language's own name for itself, as the switch shows it.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
            Lang::Pseudo => "Pseudo",
        }
    }

    /// The language a tag names (`ko`, `ko-KR`, `EN-us`), if Latch speaks it. The pseudo
    /// language is `en-XA` exactly; whether it is served is the server's decision.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("en-XA") {
            return Some(Lang::Pseudo);
        }
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ko") {
            Some(Lang::Ko)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language an `Accept-Language` header prefers most among those Latch speaks
    /// (never the pseudo language): `fr;q=1, ko;q=0.8, en;q=0.5` is Korean. Ties go to the
    /// one listed first; `q=0` refuses a language.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for entry in header.split(',').take(32) {
            let mut parts = entry.split(';');
            let Some(lang) = Lang::from_tag(parts.next().unwrap_or_default()).filter(|lang| *lang != Lang::Pseudo)
            else {
                continue;
            };
            let quality =
                parts.find_map(|part| part.trim().strip_prefix("q=")).map_or(Some(1000), parse_quality).unwrap_or(0);
            if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

/// `0.8` as 800; `None` for anything that is not a quality value.
fn parse_quality(text: &str) -> Option<u32> {
    let value: f32 = text.trim().parse().ok()?;
    (0.0..=1.0).contains(&value).then(|| (value * 1000.0).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_read_as_a_browser_writes_them() {
        assert_eq!(Lang::from_tag("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_tag("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("en-XA"), Some(Lang::Pseudo));
        assert_eq!(Lang::from_tag("kok"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn accept_language_picks_the_most_wanted_language_latch_speaks() {
        assert_eq!(Lang::from_accept_language("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), Some(Lang::Ko));
        assert_eq!(Lang::from_accept_language("fr;q=1, ko;q=0.5, en;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("en;q=0, ko;q=0.1"), Some(Lang::Ko));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("en-XA"), None);
        assert_eq!(Lang::from_accept_language("ko;q=bogus, en"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language(""), None);
    }
}
