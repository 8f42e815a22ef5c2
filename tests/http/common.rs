//! Starts the real application on 127.0.0.1, port 0, with a fresh SQLite database per test.

use std::{collections::HashMap, net::SocketAddr};

use latch::{server::startup::Application, web::config::Config};
use tokio::sync::oneshot;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// Dropping it stops the server (graceful shutdown); the folder holds the database.
    stop: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    pub data_dir: tempfile::TempDir,
    pub auth: latch::auth::server::service::AuthService,
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

/// The secret test apps sign with, so tests can forge tokens the way an attacker would try to.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "correct horse battery staple";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like [`spawn_app`], with extra environment variables layered over the test defaults
/// (an empty value removes the variable).
pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("LEPTOS_SITE_ADDR".into(), "127.0.0.1:0".into()),
        ("DATABASE_URL".into(), format!("sqlite://{}/latch.db", data_dir.path().display())),
        ("LEPTOS_SITE_ROOT".into(), data_dir.path().join("site").display().to_string()),
        ("JWT_SECRET".into(), TEST_SECRET.into()),
    ]);
    for (name, _) in overrides.iter().filter(|(_, value)| value.is_empty()) {
        vars.remove(*name);
    }
    for (name, value) in overrides.iter().filter(|(_, value)| !value.is_empty()) {
        vars.insert(name.to_string(), value.to_string());
    }
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("a valid test config");
    let app = Application::build(config).await.expect("the app builds");
    let addr = app.local_addr();
    let auth = app.auth();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client");
    TestApp { addr, client, stop: Some(stop), server, data_dir, auth }
}

impl TestApp {
    /// Calls a server function the way the hydrated page does (fetch, form-encoded body).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/auth/{endpoint}")))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// Posts a form the way a browser without JavaScript does.
    pub async fn post_plain_form(&self, endpoint: &str, form: &[(&str, &str)], referer: &str) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/auth/{endpoint}")))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", self.url(referer))
            .form(form)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn signup(&self, email: &str, username: &str, password: &str) -> reqwest::Response {
        self.call("signup", &[("email", email), ("username", username), ("password", password)]).await
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("login", &[("email", email), ("password", password)]).await
    }

    /// `GET /api/auth/me` with exactly the given cookie header (none: whatever the jar holds).
    pub async fn me_with_cookie(&self, cookie: Option<&str>) -> reqwest::Response {
        let client = reqwest::Client::new();
        let mut request = client.get(self.url("/api/auth/me")).header("accept", "application/json");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("the server answers")
    }
}

/// The `name=value` part of the response's auth cookie.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    session_set_cookie_line(response).map(|line| line.split(';').next().unwrap_or_default().to_owned())
}

/// The whole `Set-Cookie` line of the auth cookie, attributes included.
pub fn session_set_cookie_line(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.contains("latch_session="))
        .map(str::to_owned)
}
