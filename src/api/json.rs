//! `ApiJson<T>`: a JSON body whose problems answer like FastAPI's, 422 with a `detail` list
//! naming each field, so the seed's clients keep understanding them.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::server::error::ApiError;

/// A request body made of required string fields (every body of the seed's API is).
pub trait StringFields: DeserializeOwned {
    const FIELDS: &'static [&'static str];
}

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: StringFields> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state).await.map_err(|_| {
            ApiError::Malformed(vec![json!({ "type": "body_unreadable", "loc": ["body"], "msg": "The request body could not be read" })])
        })?;
        parse(&bytes).map(ApiJson)
    }
}

fn parse<T: StringFields>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiError::Malformed(vec![json!({ "type": "json_invalid", "loc": ["body", error.column()], "msg": "JSON decode error" })])
    })?;
    let Some(object) = value.as_object() else {
        return Err(ApiError::Malformed(vec![json!({
            "type": "model_attributes_type",
            "loc": ["body"],
            "msg": "Input should be a valid dictionary or object to extract fields from",
        })]));
    };
    let problems: Vec<Value> = T::FIELDS
        .iter()
        .filter_map(|field| match object.get(*field) {
            None | Some(Value::Null) => Some(json!({ "type": "missing", "loc": ["body", field], "msg": "Field required" })),
            Some(Value::String(_)) => None,
            Some(_) => Some(json!({ "type": "string_type", "loc": ["body", field], "msg": "Input should be a valid string" })),
        })
        .collect();
    if !problems.is_empty() {
        return Err(ApiError::Malformed(problems));
    }
    serde_json::from_value(value).map_err(|_| {
        ApiError::Malformed(vec![json!({ "type": "value_error", "loc": ["body"], "msg": "Invalid request body" })])
    })
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

    fn details(bytes: &[u8]) -> Value {
        match parse::<Pair>(bytes) {
            Err(ApiError::Malformed(details)) => Value::Array(details),
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
        assert_eq!(details(b"[1, 2]")[0]["type"], "model_attributes_type");
    }

    #[test]
    fn a_well_formed_body_parses() {
        assert!(parse::<Pair>(br#"{"email": "a@b.co", "password": "x", "extra": 1}"#).is_ok());
    }
}
