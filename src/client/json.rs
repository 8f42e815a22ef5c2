//! Reading the JSON the server sends, in the browser, without serde.
//!
//! `serde_json`'s decoder is generic over each type it reads: every struct, list and enum of
//! ours that reached the browser (the profile, the account overview, the errors) made the
//! compiler copy the parser's loops again, and its error messages brought float formatting.
//! Here one small parser reads any answer into a [`Json`] tree, and each type picks its
//! fields out of the tree ([`FromJson`]). The server still writes with serde; tests in
//! `client::wire` read what it writes.

/// A JSON value. Numbers are integers only: the server sends no fractions.
#[derive(Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

const NULL: Json = Json::Null;

impl Json {
    /// A field of an object; a missing field reads as `null`, as serde reads it into an `Option`.
    pub fn field(&self, name: &str) -> &Json {
        match self {
            Json::Object(fields) => fields.iter().find(|(key, _)| key == name).map_or(&NULL, |(_, value)| value),
            _ => &NULL,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The one `name: value` pair of an object that has exactly one (how serde writes an enum
    /// variant that carries data).
    pub fn single_field(&self) -> Option<(&str, &Json)> {
        match self {
            Json::Object(fields) if fields.len() == 1 => Some((fields[0].0.as_str(), &fields[0].1)),
            _ => None,
        }
    }
}

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

/// A type read out of a [`Json`] tree: `None` if the tree is not its shape.
pub trait FromJson: Sized {
    fn from_json(json: &Json) -> Option<Self>;

    /// Parses a whole answer as this type.
    fn from_json_text(text: &str) -> Option<Self> {
        Self::from_json(&parse(text)?)
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Option<Self> {
        json.as_str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }
}

impl FromJson for i64 {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Int(value) => Some(*value),
            _ => None,
        }
    }
}

impl FromJson for u64 {
    fn from_json(json: &Json) -> Option<Self> {
        i64::from_json(json)?.try_into().ok()
    }
}

impl FromJson for u32 {
    fn from_json(json: &Json) -> Option<Self> {
        i64::from_json(json)?.try_into().ok()
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Null => Some(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Option<Self> {
        match json {
            Json::Array(items) => items.iter().map(T::from_json).collect(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, FromJson, Json};

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

    #[test]
    fn options_and_lists_read_their_items() {
        assert_eq!(Option::<String>::from_json(&Json::Null), Some(None));
        assert_eq!(Vec::<i64>::from_json(&parse("[1, 2 ,3]").unwrap()), Some(vec![1, 2, 3]));
        // One bad item spoils the list, rather than vanishing from it.
        assert_eq!(Vec::<i64>::from_json(&parse("[1, \"2\"]").unwrap()), None);
        assert_eq!(u32::from_json(&Json::Int(-1)), None);
    }
}
