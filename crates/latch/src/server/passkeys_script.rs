//! `GET /passkeys.js`: the browser's half of WebAuthn (plain JavaScript beside the WASM),
//! compiled into the library so that every application on Latch serves the one its pages
//! call, at the version of the server that answers it. A shell loads it with
//! `<script type="module" src="/passkeys.js"></script>`.

use axum::{
    http::header::{CACHE_CONTROL, CONTENT_TYPE},
    response::IntoResponse,
};

/// Where the router mounts it.
pub const PATH: &str = "/passkeys.js";

const SCRIPT: &str = include_str!("../../assets/passkeys.js");

/// The script. Revalidated after an hour: its name carries no hash, and a deploy may change it.
pub async fn serve() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "public, max-age=3600")], SCRIPT)
}
