//! `GET /healthz`: 200 when the database answers, 503 when it does not.

use std::time::Duration;

use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;
use sqlx::SqlitePool;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
}

pub async fn healthz(State(pool): State<SqlitePool>) -> (StatusCode, Json<Health>) {
    let probe = sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&pool);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(1)) => (StatusCode::OK, Json(Health { status: "ok", database: "ok" })),
        outcome => {
            tracing::warn!(?outcome, "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: "down" }))
        }
    }
}
