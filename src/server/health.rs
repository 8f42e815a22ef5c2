//! `GET /healthz`: 200 when the database answers, 503 when it does not; either way it names
//! the database (`sqlite` or `postgres`).

use std::time::Duration;

use crate::web::db::Db;
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    engine: &'static str,
}

pub async fn healthz(State(db): State<Db>) -> (StatusCode, Json<Health>) {
    let engine = db.engine();
    match tokio::time::timeout(Duration::from_secs(2), db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, Json(Health { status: "ok", database: "ok", engine })),
        outcome => {
            tracing::warn!(?outcome, "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", database: "down", engine }))
        }
    }
}
