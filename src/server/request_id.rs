//! A request id for every request: the proxy's `X-Request-Id` when it sends a sane one
//! (nginx's `$request_id`, say), else one made here. It is on the request's log lines and
//! returned in `X-Request-Id`, so a person reporting a problem can quote it and the proxy's
//! log and Latch's meet on it.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    LazyLock,
};

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, for the request log.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

/// Random per process, so ids from several instances do not collide; a counter after it, so
/// making one costs an increment, not a trip to the random number generator.
static PREFIX: LazyLock<u32> = LazyLock::new(rand::random);
static NEXT: AtomicU64 = AtomicU64::new(0);

pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request.headers().get(&X_REQUEST_ID).filter(|id| acceptable(id)).cloned().unwrap_or_else(new_id);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
    response
}

/// At most 64 characters of letters, digits and `-_.:`: anything else could forge log lines
/// or fill them, and is replaced by an id of our own.
fn acceptable(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> HeaderValue {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    HeaderValue::try_from(format!("{:08x}-{n:012x}", *PREFIX)).expect("hex digits and a dash are a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxys_id_is_kept_only_when_it_is_short_and_plain() {
        assert!(acceptable(&HeaderValue::from_static("0f8fad5bd9cb469fa16570867728950e")));
        assert!(!acceptable(&HeaderValue::from_static("")));
        assert!(!acceptable(&HeaderValue::from_static("a b")));
        assert!(!acceptable(&HeaderValue::from_static("id\",\"level\":\"ERROR")));
        assert!(!acceptable(&HeaderValue::try_from("x".repeat(65)).unwrap()));
    }

    #[test]
    fn ids_made_here_differ() {
        assert_ne!(new_id(), new_id());
    }
}
