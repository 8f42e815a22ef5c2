//! `ApiJson<T>`: a JSON body whose problems answer like FastAPI's, 422 with a `detail` list
//! naming each field, so the seed's clients keep understanding them.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, FieldProblem, Location};

/// A request body made of required string fields (every body of the seed's API is).
pub trait StringFields: DeserializeOwned {
    const FIELDS: &'static [&'static str];
}

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: StringFields> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|_| {
            ApiError::Malformed(vec![FieldProblem::new(
                "body_unreadable",
                vec![body()],
                "The request body could not be read",
            )])
        })?;
        parse(&bytes).map(ApiJson)
    }
}

fn parse<T: StringFields>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        let at = char_offset(bytes, error.line(), error.column());
        ApiError::Malformed(vec![FieldProblem::new(
            "json_invalid",
            vec![body(), Location::Position(at as u64)],
            "JSON decode error",
        )])
    })?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::Malformed(vec![FieldProblem::new(
            "model_attributes_type",
            vec![body()],
            "Input should be a valid dictionary or object to extract fields from",
        )]));
    };
    let problems: Vec<FieldProblem> = T::FIELDS
        .iter()
        .filter_map(|field| match object.get(*field) {
            None | Some(Value::Null) => Some(FieldProblem::field("missing", field, "Field required")),
            Some(Value::String(_)) => None,
            Some(_) => Some(FieldProblem::field("string_type", field, "Input should be a valid string")),
        })
        .collect();
    if !problems.is_empty() {
        return Err(ApiError::Malformed(problems));
    }
    serde_json::from_value(value)
        .map_err(|_| ApiError::Malformed(vec![FieldProblem::new("value_error", vec![body()], "Invalid request body")]))
}

fn body() -> Location {
    Location::Name("body".into())
}

/// FastAPI reports where JSON broke as a 0-based character offset; serde_json gives a
/// 1-based line and column.
fn char_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let before: usize = text.split('\n').take(line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    before + column.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Pair {
        email: String,
        password: String,
    }

    impl StringFields for Pair {
        const FIELDS: &'static [&'static str] = &["email", "password"];
    }

    use serde_json::json;

    fn details(bytes: &[u8]) -> Value {
        match parse::<Pair>(bytes) {
            Err(ApiError::Malformed(details)) => serde_json::to_value(details).unwrap(),
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn each_missing_or_mistyped_field_is_named() {
        let details = details(br#"{"email": 5}"#);
        assert_eq!(details[0]["loc"], json!(["body", "email"]));
        assert_eq!(details[0]["type"], "string_type");
        assert_eq!(details[1]["loc"], json!(["body", "password"]));
        assert_eq!(details[1]["type"], "missing");
    }

    #[test]
    fn broken_json_and_non_objects_are_refused() {
        assert_eq!(details(b"{bad json")[0]["type"], "json_invalid");
        // Where FastAPI (Python's json module) says it broke: character 1.
        assert_eq!(details(b"{bad json")[0]["loc"], json!(["body", 1]));
        assert_eq!(details(b"{\n  \"a\": x}")[0]["loc"], json!(["body", 9]));
        assert_eq!(details(b"[1, 2]")[0]["type"], "model_attributes_type");
    }

    #[test]
    fn a_well_formed_body_parses() {
        assert!(parse::<Pair>(br#"{"email": "a@b.co", "password": "x", "extra": 1}"#).is_ok());
    }
}
