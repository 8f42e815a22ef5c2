//! The compiled bundle (`/pkg`), served from memory. It is small (under a megabyte with its
//! brotli and gzip copies) and fixed for the life of the process, so reading the files once
//! beats opening them for every request: tower-http's `ServeDir` costs several blocking-pool
//! round trips per request.

use std::{collections::HashMap, path::Path, sync::Arc};

use axum::body::Bytes;
use axum::{
    body::Body,
    extract::{Path as UrlPath, State},
    http::{
        header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, VARY},
        HeaderMap, HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};

/// One file and its precompressed copies, if cargo-leptos wrote them (`--precompress`).
struct Asset {
    content_type: &'static str,
    plain: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// The compiled bundle (`/pkg`), read once and served from memory.
#[derive(Clone, Default)]
pub struct Assets(Arc<HashMap<String, Asset>>);

impl Assets {
    /// Reads every file in `dir` (not recursively). A missing folder gives an empty set: the
    /// server still runs (tests, or before the first build), pages just lack their bundle.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            tracing::warn!(dir = %dir.display(), "no compiled bundle found; run `cargo leptos build`");
            return Ok(Self::default());
        };
        let mut files = HashMap::new();
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
            if !path.is_file() || name.ends_with(".br") || name.ends_with(".gz") {
                continue;
            }
            let copy = |suffix: &str| std::fs::read(dir.join(format!("{name}.{suffix}"))).ok().map(Bytes::from);
            let asset = Asset {
                content_type: content_type(&name),
                plain: std::fs::read(&path)?.into(),
                brotli: copy("br"),
                gzip: copy("gz"),
            };
            files.insert(name, asset);
        }
        Ok(Self(Arc::new(files)))
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /pkg/{file}`: the smallest copy the client accepts. Caching headers are set with the
/// other response headers (`server::middleware::headers`).
pub async fn serve(State(assets): State<Assets>, UrlPath(file): UrlPath<String>, headers: HeaderMap) -> Response {
    let Some(asset) = assets.0.get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepts = headers.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let accepts =
        |coding: &str| accepts.split(',').any(|part| part.split(';').next().is_some_and(|c| c.trim() == coding));
    let (body, encoding) = match (&asset.brotli, &asset.gzip) {
        (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts("gzip") => (gz.clone(), Some("gzip")),
        _ => (asset.plain.clone(), None),
    };
    let mut response = Response::new(Body::from(body));
    let response_headers = response.headers_mut();
    response_headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    response_headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        response_headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{routing::get, Router};
    use tower::ServiceExt;

    async fn get_with(assets: Assets, path: &str, accept: &str) -> Response {
        let app = Router::new().route("/pkg/{file}", get(serve)).with_state(assets);
        let request = axum::http::Request::get(path).header(ACCEPT_ENCODING, accept).body(Body::empty()).unwrap();
        app.oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn the_smallest_accepted_copy_is_served_with_its_type() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.abc.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("app.abc.css.br"), "BR").unwrap();
        std::fs::write(dir.path().join("app.abc.css.gz"), "GZ").unwrap();
        let assets = Assets::load(dir.path()).unwrap();

        let br = get_with(assets.clone(), "/pkg/app.abc.css", "gzip, deflate, br").await;
        assert_eq!(br.headers()[CONTENT_ENCODING], "br");
        assert_eq!(br.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
        let gz = get_with(assets.clone(), "/pkg/app.abc.css", "gzip").await;
        assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");
        let plain = get_with(assets.clone(), "/pkg/app.abc.css", "identity").await;
        assert!(plain.headers().get(CONTENT_ENCODING).is_none());
        assert_eq!(axum::body::to_bytes(plain.into_body(), 100).await.unwrap(), "body{}");
        assert_eq!(get_with(assets, "/pkg/missing.js", "br").await.status(), StatusCode::NOT_FOUND);
    }
}
