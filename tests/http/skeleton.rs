//! The skeleton: the real app starts on port 0, answers health checks and renders pages.
use crate::common::{spawn_app, spawn_app_with};
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    let engine = if crate::common::postgres_server().is_some() { "postgres" } else { "sqlite" };
    assert_eq!(body["engine"], engine, "the suite runs against the database it was given");
}

#[tokio::test]
async fn the_database_file_is_created_and_migrated_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("latch.db");
    let _app = spawn_app_with(&[("DATABASE_URL", &format!("sqlite://{}", db.display()))]).await;
    assert!(db.exists(), "{} was not created", db.display());
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'sessions') ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(tables, ["sessions", "users"]);
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server_with_its_hydration_script() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("Accounts for your Leptos app"), "no server-rendered heading in {html}");
    assert!(html.contains("/pkg/latch.js"), "no hydration script in {html}");
    assert!(html.contains(r#"data-hydrated="false""#), "the server render claims to be hydrated");
}

#[tokio::test]
async fn an_unknown_path_answers_404_with_a_page() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_server_shuts_down_cleanly_when_asked() {
    let app = spawn_app().await;
    assert!(app.client.get(app.url("/healthz")).send().await.unwrap().status().is_success());
    app.shut_down().await.expect("a clean shutdown");
}

#[tokio::test]
async fn readyz_is_ready_only_when_the_database_has_every_migration_of_this_binary() {
    let app = spawn_app().await;
    let ready = || async { app.client.get(app.url("/readyz")).send().await.unwrap() };
    assert_eq!(ready().await.status(), StatusCode::OK);
    // As if this binary were newer than the database: its last migration not yet applied.
    app.execute("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
    let answer = ready().await;
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!((body["database"].as_str(), body["pending_migrations"].as_u64()), (Some("migrating"), Some(1)));
    // Liveness is another question: the process and its database are fine.
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_the_proxys_when_it_is_sane() {
    let app = spawn_app().await;
    let answer = app.client.get(app.url("/healthz")).header("x-request-id", "nginx-0f8fad5b").send().await.unwrap();
    assert_eq!(answer.headers()["x-request-id"], "nginx-0f8fad5b");
    let long = "x".repeat(200);
    let answer = app.client.get(app.url("/no/such/page")).header("x-request-id", &long).send().await.unwrap();
    let id = answer.headers()["x-request-id"].to_str().unwrap();
    assert!(!id.is_empty() && id.len() <= 64, "{id}");
}
