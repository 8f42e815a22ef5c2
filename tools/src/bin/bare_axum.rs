//! The ceiling for any axum service on this machine: axum 0.8 answering `GET /auth/me` with
//! the same JSON Latch answers, with no authentication, no middleware, no logging. `make
//! bench` runs it beside Latch, in the same run, so Latch's hot path is judged as a share of
//! what axum itself can do here.
//!
//!     cargo run --release --features ssr --example bare_axum -- 127.0.0.1:3600

#[tokio::main]
async fn main() {
    use axum::{routing::get, Json, Router};
    use serde::Serialize;

    /// The body of Latch's `GET /auth/me` (`api::schema::UserResponse`).
    #[derive(Serialize)]
    struct UserResponse {
        id: i64,
        email: String,
        username: String,
    }

    async fn me() -> Json<UserResponse> {
        Json(UserResponse { id: 1, email: "load@example.com".to_owned(), username: "Load Tester".to_owned() })
    }

    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3600".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("a free address");
    println!("bare axum listening on http://{}", listener.local_addr().unwrap());
    axum::serve(listener, Router::new().route("/auth/me", get(me))).await.expect("serves");
}
