//! The signing secret: generated once in development and kept, refused when missing or
//! short in production.
use serde_json::Value;

use crate::common::{session_cookie, spawn_app_with, PASSWORD};

#[tokio::test]
async fn the_development_secret_is_generated_once_with_mode_0600_and_survives_a_restart() {
    // The generated secret lives beside the SQLite file; this test is about that file.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/latch.db", dir.path().display());
    let app = spawn_app_with(&[("JWT_SECRET", ""), ("DATABASE_URL", &url)]).await;
    let cookie = session_cookie(&app.signup("ada@example.com", "Ada", PASSWORD).await).unwrap();
    let secret_file = dir.path().join("jwt_secret");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secret_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let restarted = spawn_app_with(&[("JWT_SECRET", ""), ("DATABASE_URL", &url)]).await;
    assert_eq!(restarted.me_with_cookie(Some(&cookie)).await.json::<Value>().await.unwrap()["username"], "Ada");
}

#[tokio::test]
async fn production_refuses_to_start_without_a_secret_or_with_a_short_one() {
    use latch::{server::startup::Application, web::config::Config};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/latch.db", dir.path().display());
    for secret in [None, Some("too short")] {
        let config = Config::from_lookup(|name| match name {
            "LATCH_ENV" => Some("production".into()),
            "DATABASE_URL" => Some(url.clone()),
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
            "JWT_SECRET" => secret.map(String::from),
            "SMTP_URL" => Some("smtp://127.0.0.1:25".into()),
            "MAIL_FROM" => Some("latch@example.com".into()),
            _ => None,
        })
        .unwrap();
        let error = Application::build::<latch_app::LatchApp>(config).await.err().expect("refused");
        assert!(error.to_string().contains("JWT_SECRET"), "{error}");
    }
    assert!(!dir.path().join("jwt_secret").exists(), "production never generates a secret");
}
