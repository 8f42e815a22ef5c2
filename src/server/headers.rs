//! Response headers every answer gets: no sniffing, no framing, no referrer leaks, no caching
//! of anything that depends on the session, and a Content Security Policy.

use axum::{
    extract::Request,
    http::{
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS},
        HeaderValue,
    },
    middleware::Next,
    response::Response,
};

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

/// Static, fingerprint-free assets: cacheable, everything else is not.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg"
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let cacheable = is_static_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin requests keep the full Referer: a form posted without JavaScript needs it
    // to find its way back to its page.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.entry(CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(LOCKED_DOWN_CSP));
    if !cacheable {
        headers.entry(CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    }
    response
}
