//! Response headers every answer gets: no sniffing, no framing, no referrer leaks, no caching
//! of anything that depends on the session, and a Content Security Policy.

use axum::{
    extract::{Request, State},
    http::{
        header::{
            CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
            X_FRAME_OPTIONS,
        },
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
}

pub async fn security_headers(State(policy): State<HeaderPolicy>, request: Request, next: Next) -> Response {
    let caching = static_caching(request.uri().path());
    let mut response = next.run(request).await;
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

#[cfg(test)]
mod tests {
    use super::static_caching;

    #[test]
    fn hashed_bundle_files_are_immutable_and_everything_else_is_not() {
        assert_eq!(static_caching("/pkg/latch.Xq3fK2pA9w.wasm"), Some("public, max-age=31536000, immutable"));
        assert_eq!(static_caching("/pkg/latch.Xq3fK2pA9w.css"), Some("public, max-age=31536000, immutable"));
        assert_eq!(static_caching("/pkg/latch.css"), Some("no-cache"));
        assert_eq!(static_caching("/profile"), None);
    }
}
