//! Starts the real application on 127.0.0.1, port 0, with a fresh SQLite database per test.
#![allow(dead_code)] // each test binary uses a different part of this helper

use std::{collections::HashMap, net::SocketAddr};

use latch::server::{config::Config, startup::Application};
use tokio::sync::oneshot;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// Dropping it stops the server (graceful shutdown); the folder holds the database.
    stop: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    pub data_dir: tempfile::TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops accepting, waits for requests in flight, and reports how the server ended.
    pub async fn shut_down(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.server).await.expect("the server task does not panic")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like [`spawn_app`], with extra environment variables layered over the test defaults.
pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
        ("DATABASE_URL".into(), format!("sqlite://{}/latch.db", data_dir.path().display())),
        ("LEPTOS_SITE_ROOT".into(), data_dir.path().join("site").display().to_string()),
    ]);
    for (name, value) in overrides {
        vars.insert(name.to_string(), value.to_string());
    }
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("a valid test config");
    let app = Application::build(config).await.expect("the app builds");
    let addr = app.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client");
    TestApp { addr, client, stop: Some(stop), server, data_dir }
}
