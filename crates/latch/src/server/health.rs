//! `GET /healthz`, the liveness check: 200 when the database answers, 503 when it does not;
//! either way it names the database (`sqlite` or `postgres`). `GET /readyz`, the readiness
//! check a load balancer asks before sending traffic: 200 only when the database answers and
//! has every migration this binary knows.

use std::time::Duration;

use crate::web::db::{self, Db};
use axum::{extract::State, http::StatusCode, Json};
use serde::Serialize;

/// `/healthz`'s answer.
#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    engine: &'static str,
}

/// `GET /healthz`: alive, and whether the database answers within 2 s.
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

/// `/readyz`'s answer.
#[derive(Serialize)]
pub struct Readiness {
    status: &'static str,
    database: &'static str,
    engine: &'static str,
    /// Migrations this binary knows that the database lacks; absent when it cannot tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_migrations: Option<usize>,
}

/// `GET /readyz`: ready to serve, with the database migrated.
pub async fn readyz(State(db): State<Db>) -> (StatusCode, Json<Readiness>) {
    let engine = db.engine();
    let unready = |database, pending_migrations| {
        let body = Readiness { status: "unavailable", database, engine, pending_migrations };
        (StatusCode::SERVICE_UNAVAILABLE, Json(body))
    };
    match tokio::time::timeout(Duration::from_secs(2), db::pending_migrations(&db)).await {
        Ok(Ok(0)) => {
            (StatusCode::OK, Json(Readiness { status: "ok", database: "ok", engine, pending_migrations: Some(0) }))
        }
        Ok(Ok(pending)) => unready("migrating", Some(pending)),
        outcome => {
            tracing::warn!(?outcome, "readiness check: the database did not answer");
            unready("down", None)
        }
    }
}
