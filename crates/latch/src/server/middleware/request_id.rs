//! A request id for every request: the proxy's `X-Request-Id` when it sends a sane one
//! (nginx's `$request_id`, say), else one made here. It is on the request's log lines and
//! returned in `X-Request-Id`, so a person reporting a problem can quote it and the proxy's
//! log and Latch's meet on it.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    LazyLock,
};

use axum::http::{HeaderMap, HeaderName, HeaderValue};

/// The header a request id travels in, from the proxy and back to the client.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, for the request log.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

/// Random per process, so ids from several instances do not collide; a counter after it, so
/// making one costs an increment, not a trip to the random number generator.
static PREFIX: LazyLock<u32> = LazyLock::new(rand::random);
static NEXT: AtomicU64 = AtomicU64::new(0);

/// The proxy's id when it is acceptable, else a new one.
pub fn for_request(headers: &HeaderMap) -> HeaderValue {
    headers.get(&X_REQUEST_ID).filter(|id| acceptable(id)).cloned().unwrap_or_else(new_id)
}

/// At most 64 characters of letters, digits and `-_.:`: anything else could forge log lines
/// or fill them, and is replaced by an id of our own.
fn acceptable(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// `PREFIX-COUNTER` in hex, 8 and 12 digits, written by hand: `format!` would be a
/// measurable part of every request.
fn new_id() -> HeaderValue {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut id = [b'-'; 21];
    for (i, slot) in id[..8].iter_mut().enumerate() {
        *slot = HEX[(*PREFIX >> (28 - 4 * i) & 0xf) as usize];
    }
    for (i, slot) in id[9..].iter_mut().enumerate() {
        *slot = HEX[(n >> (44 - 4 * i) & 0xf) as usize];
    }
    HeaderValue::from_bytes(&id).expect("hex digits and a dash are a valid header")
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
    fn ids_made_here_differ_and_read_prefix_dash_counter() {
        let (first, second) = (new_id(), new_id());
        assert_ne!(first, second);
        let text = first.to_str().unwrap();
        assert_eq!(text, format!("{:08x}-{:012x}", *PREFIX, u64::from_str_radix(&text[9..], 16).unwrap()));
    }
}
