//! Reading the JSON the server sends, in the browser, without serde.
//!
//! `serde_json`'s decoder is generic over each type it reads: every struct, list and enum of
//! ours that reached the browser (the profile, the account overview, the errors) made the
//! compiler copy the parser's loops again, and its error messages brought float formatting.
//! Here one small parser reads any answer into a [`Json`] tree, and each type picks its
//! fields out of the tree ([`FromJson`]). The parser is `reader.rs`. The server still writes
//! with serde; tests in `client::wire` read what it writes.

mod reader;

/// A JSON value. Numbers are integers only: the server sends no fractions.
#[derive(Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string, unescaped.
    Str(String),
    /// A list.
    Array(Vec<Json>),
    /// An object's fields, in the order written.
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

    /// The text of a string; `None` for any other value.
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

pub use reader::parse;

/// A type read out of a [`Json`] tree: `None` if the tree is not its shape.
pub trait FromJson: Sized {
    /// The value `json` holds, or `None` if it is not this type's shape.
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
    fn options_and_lists_read_their_items() {
        assert_eq!(Option::<String>::from_json(&Json::Null), Some(None));
        assert_eq!(Vec::<i64>::from_json(&parse("[1, 2 ,3]").unwrap()), Some(vec![1, 2, 3]));
        // One bad item spoils the list, rather than vanishing from it.
        assert_eq!(Vec::<i64>::from_json(&parse("[1, \"2\"]").unwrap()), None);
        assert_eq!(u32::from_json(&Json::Int(-1)), None);
    }
}
