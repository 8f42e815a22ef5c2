//! The parser: a whole text into one [`Json`] tree, byte by byte, refusing what is not JSON,
//! fractions (the server sends none) and nesting past a fixed depth.

use super::Json;

/// Reads a whole text as one JSON value; `None` if it is not JSON (or has a fraction).
pub fn parse(text: &str) -> Option<Json> {
    let mut reader = Reader { bytes: text.as_bytes(), at: 0 };
    let value = reader.value(0)?;
    reader.skip_space();
    (reader.at == reader.bytes.len()).then_some(value)
}

/// Nesting deeper than this is refused rather than followed down the stack.
const MAX_DEPTH: usize = 32;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word.as_bytes()).then(|| self.at = end)
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match *self.bytes.get(self.at)? {
            b'n' => self.expect("null").map(|_| Json::Null),
            b't' => self.expect("true").map(|_| Json::Bool(true)),
            b'f' => self.expect("false").map(|_| Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.closes(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.closes(b']') {
                            break;
                        }
                        self.separator()?;
                    }
                }
                Some(Json::Array(items))
            }
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                if !self.closes(b'}') {
                    loop {
                        self.skip_space();
                        let key = self.string()?;
                        self.skip_space();
                        (self.next()? == b':').then_some(())?;
                        fields.push((key, self.value(depth + 1)?));
                        if self.closes(b'}') {
                            break;
                        }
                        self.separator()?;
                    }
                }
                Some(Json::Object(fields))
            }
            _ => self.integer().map(Json::Int),
        }
    }

    /// Consumes `close` (after any space) if it is next.
    fn closes(&mut self, close: u8) -> bool {
        self.skip_space();
        let closes = self.bytes.get(self.at) == Some(&close);
        self.at += usize::from(closes);
        closes
    }

    fn separator(&mut self) -> Option<()> {
        self.skip_space();
        (self.next()? == b',').then_some(())
    }

    fn integer(&mut self) -> Option<i64> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        // A fraction or an exponent is not ours: refuse it rather than round it.
        if matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        std::str::from_utf8(&self.bytes[start..self.at]).ok()?.parse().ok()
    }

    fn string(&mut self) -> Option<String> {
        (self.next()? == b'"').then_some(())?;
        let mut text = String::new();
        loop {
            // Copy the run up to the next quote or escape whole: it is valid UTF-8 already.
            let run = self.bytes[self.at..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
            text.push_str(std::str::from_utf8(&self.bytes[self.at..self.at + run]).ok()?);
            self.at += run;
            match self.next()? {
                b'"' => return Some(text),
                b'\\' => text.push(self.escape()?),
                _ => return None, // a raw control character
            }
        }
    }

    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A surrogate pair: the low half follows as another \u escape.
                    self.expect("\\u")?;
                    let low = self.hex4()?;
                    (0xDC00..0xE000).contains(&low).then_some(())?;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(unit)?
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::{super::FromJson, parse, Json};

    #[test]
    fn reads_what_serde_json_writes_for_every_kind_of_value() {
        let text = serde_json::to_string(&serde_json::json!({
            "null": null, "yes": true, "no": false, "big": i64::MAX, "negative": -42,
            "text": "quote \" backslash \\ tab \t newline \n control \u{1} é 😀",
            "list": [1, [2, []], {}], "nested": {"a": {"b": "c"}}
        }))
        .unwrap();
        let json = parse(&text).unwrap();
        assert_eq!(json.field("null"), &Json::Null);
        assert_eq!(bool::from_json(json.field("yes")), Some(true));
        assert_eq!(bool::from_json(json.field("no")), Some(false));
        assert_eq!(i64::from_json(json.field("big")), Some(i64::MAX));
        assert_eq!(i64::from_json(json.field("negative")), Some(-42));
        assert_eq!(json.field("text").as_str(), Some("quote \" backslash \\ tab \t newline \n control \u{1} é 😀"));
        assert_eq!(json.field("nested").field("a").field("b").as_str(), Some("c"));
        assert_eq!(json.field("missing"), &Json::Null);
        let Json::Array(list) = json.field("list") else { panic!("not a list: {:?}", json.field("list")) };
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn reads_escapes_written_as_unicode_and_surrogate_pairs() {
        assert_eq!(parse(r#""\u00e9\ud83d\ude00\/""#), Some(Json::Str("é😀/".to_owned())));
        // A lone high surrogate is not a character.
        assert_eq!(parse(r#""\ud83d""#), None);
    }

    #[test]
    fn refuses_what_is_not_json_or_not_ours() {
        for text in [
            "",
            "nul",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "\"open",
            "1.5",
            "1e3",
            "[1] x",
            "\"a\u{1}\"",
            "{1:2}",
            "-",
            "99999999999999999999",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse(&deep), None);
        assert!(parse(&("[".repeat(10) + &"]".repeat(10))).is_some());
    }
}
