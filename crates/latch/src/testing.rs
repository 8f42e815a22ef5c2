//! An application on Latch, started for its own tests (feature `testing`, for
//! `[dev-dependencies]`): the real server on 127.0.0.1, port 0, on a fresh database: a SQLite
//! file in a temporary folder, or, when `TEST_DATABASE_URL` names a PostgreSQL server, a new
//! database on it (so one suite runs against both). Dropping it stops the server.
//!
//! ```no_run
//! # struct Notes;
//! # impl latch::server::site::Site for Notes {
//! #     const OUTPUT_NAME: &'static str = "notes";
//! #     fn app() -> impl leptos::IntoView + 'static {}
//! #     fn shell(_: leptos::config::LeptosOptions) -> impl leptos::IntoView + 'static {}
//! # }
//! # async fn test() {
//! let server = latch::testing::TestServer::spawn::<Notes>(&[]).await;
//! assert!(server.url("/healthz").starts_with("http://127.0.0.1:"));
//! # }
//! ```

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::atomic::{AtomicU32, Ordering},
};

use tokio::sync::oneshot;

use crate::{
    auth::server::service::AuthService,
    server::{site::Site, startup::Application},
    web::config::Config,
};

/// The secret a test server signs with.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// A running test server.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its account service (and through it, its database: `auth.db()`).
    pub auth: AuthService,
    /// The database it runs on, for starting another server on it.
    pub database_url: String,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    /// Kept so the folder (SQLite file, site root) lives as long as the server.
    _data_dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts the application `S` with the test defaults, `overrides` layered over them (an
    /// empty value removes the variable).
    pub async fn spawn<S: Site>(overrides: &[(&str, &str)]) -> Self {
        let data_dir = tempfile::tempdir().expect("a temporary folder");
        let database_url = match postgres_server() {
            Some(server) => fresh_postgres_database(&server).await,
            None => format!("sqlite://{}/latch.db", data_dir.path().display()),
        };
        let mut vars: HashMap<String, String> = HashMap::from([
            ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
            ("DATABASE_URL".into(), database_url),
            ("LEPTOS_SITE_ROOT".into(), data_dir.path().join("site").display().to_string()),
            ("JWT_SECRET".into(), TEST_SECRET.into()),
        ]);
        for (name, value) in overrides {
            match value.is_empty() {
                true => vars.remove(*name),
                false => vars.insert(name.to_string(), value.to_string()),
            };
        }
        let database_url = vars["DATABASE_URL"].clone();
        let config = Config::from_vars(&vars).expect("a valid test config");
        let app = Application::build::<S>(config).await.expect("the app builds");
        let (addr, auth) = (app.local_addr(), app.auth());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(app.serve(async move {
            let _ = stopped.await;
        }));
        Self { addr, auth, database_url, stop: Some(stop), server: Some(server), _data_dir: data_dir }
    }

    /// `path` on this server, as a full URL.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops accepting, waits for requests in flight, and reports how the server ended.
    pub async fn shut_down(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.server.take() {
            Some(server) => server.await.expect("the server task does not panic"),
            None => Ok(()),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The PostgreSQL server tests run against, if any: `TEST_DATABASE_URL`.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty())
}

/// A new, empty database on `server`, named for this process and a counter; its URL.
pub async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::Connection;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("latch_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut admin = sqlx::PgConnection::connect(server).await.expect("TEST_DATABASE_URL answers");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("a new database");
    let (base, query) = server.split_once('?').unwrap_or((server, ""));
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    match query.is_empty() {
        true => format!("{base}/{name}"),
        false => format!("{base}/{name}?{query}"),
    }
}
