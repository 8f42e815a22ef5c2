//! Response headers every answer gets: no sniffing, no framing, no referrer leaks, no caching
//! of anything that depends on the session, and a Content Security Policy.

use axum::{
    extract::{Request, State},
    http::{
        header::{
            CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
            X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
        },
        HeaderValue,
    },
    middleware::Next,
    response::Response,
};

/// The largest page whose body may be read to recover its nonce (see `recover_page_policy`).
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// For answers that are not pages (JSON, redirects, errors): nothing may load or frame them.
const LOCKED_DOWN_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// A page's policy: only our own files, and only inline scripts that carry this response's
/// nonce (the hydration script). `wasm-unsafe-eval` lets the WASM compile, nothing more.
pub fn page_csp(nonce: &str, development: bool) -> String {
    // cargo-leptos' live reload talks over a websocket on another port in development.
    let connect = if development { "'self' ws://127.0.0.1:* ws://localhost:*" } else { "'self'" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// How long a static file may be cached. A name with a content hash (`latch.3f2a….wasm`)
/// never changes meaning, so it is kept for a year; other static files are revalidated.
fn static_caching(path: &str) -> Option<&'static str> {
    if path == "/favicon.svg" {
        return Some("public, max-age=86400");
    }
    let file = path.strip_prefix("/pkg/")?;
    let mut parts = file.split('.');
    let hashed = parts
        .nth(1)
        .is_some_and(|part| part.len() >= 8 && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        && file.matches('.').count() >= 2;
    Some(if hashed { "public, max-age=31536000, immutable" } else { "no-cache" })
}

/// What varies between deployments in the headers every answer gets.
#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    /// `Strict-Transport-Security` for a year: only where the site is served over https.
    pub strict_transport: bool,
    /// Development pages may talk to cargo-leptos' live-reload websocket.
    pub development: bool,
}

/// Adds the security headers every answer carries.
pub async fn security_headers(State(policy): State<HeaderPolicy>, request: Request, next: Next) -> Response {
    let caching = static_caching(request.uri().path());
    let mut response = next.run(request).await;
    if !response.headers().contains_key(CONTENT_SECURITY_POLICY) && is_html(&response) {
        response = recover_page_policy(response, policy.development).await;
    }
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin requests keep the full Referer: a form posted without JavaScript needs it
    // to find its way back to its page.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.entry(CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(LOCKED_DOWN_CSP));
    if policy.strict_transport {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    let success = response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let caching = caching.filter(|_| success).unwrap_or("no-store");
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(caching));
    response
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// A page normally gets its policy, with its nonce, from the render itself (`router.rs`).
/// Rarely (seen once in a few hundred browser-test pages) a page reached here without it, and
/// the locked-down policy then blocked its own scripts: no hydration. So a page that arrives
/// without a policy is read whole (pages are a few KB), its nonce taken from the first
/// `nonce="…"` (the hydration script in `<head>`, before any user content), and it gets the
/// page policy after all. No nonce: no page policy.
async fn recover_page_policy(response: Response, development: bool) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::error!("a page without its security policy could not be read");
        return Response::from_parts(parts, axum::body::Body::from("page too large"));
    };
    let policy = page_nonce(&bytes).and_then(|nonce| HeaderValue::from_str(&page_csp(nonce, development)).ok());
    if let Some(policy) = policy {
        tracing::warn!("a page came without its security policy; recovered it from the page's nonce");
        parts.headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The value of the first `nonce="…"` in `html`, if it looks like one (base64, 8 to 64 bytes).
fn page_nonce(html: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(html).ok()?;
    let start = text.find("nonce=\"")? + "nonce=\"".len();
    let nonce = &text[start..start + text[start..].find('"')?];
    let plausible = (8..=64).contains(&nonce.len())
        && nonce.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'));
    plausible.then_some(nonce)
}

#[cfg(test)]
mod tests {
    use super::{page_nonce, static_caching};

    #[test]
    fn a_pages_nonce_is_its_first_nonce_attribute_when_it_looks_like_one() {
        let page = br#"<html><head><script nonce="Q2xhdWRlIHdhcyBoZXJl">x</script></head><body nonce="other"></body>"#;
        assert_eq!(page_nonce(page), Some("Q2xhdWRlIHdhcyBoZXJl"));
        assert_eq!(page_nonce(br#"<script nonce="a b c d e f g h">"#), None, "not base64");
        assert_eq!(page_nonce(b"<html>no scripts</html>"), None);
    }

    #[test]
    fn hashed_bundle_files_are_immutable_and_everything_else_is_not() {
        assert_eq!(static_caching("/pkg/latch.Xq3fK2pA9w.wasm"), Some("public, max-age=31536000, immutable"));
        assert_eq!(static_caching("/pkg/latch.Xq3fK2pA9w.css"), Some("public, max-age=31536000, immutable"));
        assert_eq!(static_caching("/pkg/latch.css"), Some("no-cache"));
        assert_eq!(static_caching("/profile"), None);
    }
}
