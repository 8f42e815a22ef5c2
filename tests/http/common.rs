//! Starts the real application on 127.0.0.1, port 0, with a fresh database per test: a SQLite
//! file in a temporary folder, or, when `TEST_DATABASE_URL` names a PostgreSQL server
//! (`scripts/with-postgres.sh` starts a throwaway one), a new database on it. The same suite
//! runs against both.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::atomic::{AtomicU32, Ordering},
};

use latch::{server::startup::Application, web::config::Config};
use tokio::sync::oneshot;

pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// Dropping it stops the server (graceful shutdown); the folder holds the database.
    stop: Option<oneshot::Sender<()>>,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Kept so the folder (SQLite file, site root) lives as long as the app.
    _data_dir: tempfile::TempDir,
    pub auth: latch::auth::server::service::AuthService,
    /// The database it runs on, for starting another application on it.
    pub database_url: String,
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
    spawn_site_with::<latch_app::LatchApp>(overrides).await
}

/// Like [`spawn_app_with`], serving the application `S` (its own routes beside Latch's).
pub async fn spawn_site_with<S: latch::server::site::Site>(overrides: &[(&str, &str)]) -> TestApp {
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
    for (name, _) in overrides.iter().filter(|(_, value)| value.is_empty()) {
        vars.remove(*name);
    }
    for (name, value) in overrides.iter().filter(|(_, value)| !value.is_empty()) {
        vars.insert(name.to_string(), value.to_string());
    }
    let database_url = vars["DATABASE_URL"].clone();
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("a valid test config");
    let app = Application::build::<S>(config).await.expect("the app builds");
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
    TestApp { addr, client, stop: Some(stop), server, _data_dir: data_dir, auth, database_url }
}

/// The PostgreSQL server the suite runs against, if any.
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
    let (base, query) = server.split_once('?').map_or((server, ""), |(base, query)| (base, query));
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

impl TestApp {
    /// The one number `sql` selects from the app's database, whichever it is.
    pub async fn count(&self, sql: &str) -> i64 {
        use latch::auth::server::store::Db;
        match self.auth.db() {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        }
    }

    /// The text column `sql` selects, every row, from the app's database.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        use latch::auth::server::store::Db;
        match self.auth.db() {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
        }
    }

    /// Runs `sql` on the app's database, whichever it is.
    pub async fn execute(&self, sql: &str) {
        use latch::auth::server::store::Db;
        match self.auth.db() {
            Db::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()).unwrap(),
            Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()).unwrap(),
        }
    }

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

    /// Signs up through the JSON API and logs in: the new account's bearer token.
    pub async fn bearer_of_new_account(&self, email: &str, username: &str) -> String {
        let client = reqwest::Client::new();
        let signup = serde_json::json!({ "email": email, "password": PASSWORD, "username": username });
        let created = client.post(self.url("/auth/signup")).json(&signup).send().await.unwrap();
        assert_eq!(created.status(), reqwest::StatusCode::OK);
        let login = serde_json::json!({ "email": email, "password": PASSWORD });
        let answer: serde_json::Value =
            client.post(self.url("/auth/login")).json(&login).send().await.unwrap().json().await.unwrap();
        answer["access_token"].as_str().unwrap().to_owned()
    }

    /// `method path`, with the bearer token when there is one.
    pub async fn request(&self, method: reqwest::Method, path: &str, token: Option<&str>) -> reqwest::Response {
        let request = reqwest::Client::new().request(method, self.url(path)).header("accept", "application/json");
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        request.send().await.expect("the server answers")
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

/// Holds the database's write lock (SQLite) or locks the account tables (PostgreSQL) for
/// `held`, on a connection of its own.
pub async fn lock_the_accounts_for(app: &TestApp, held: std::time::Duration) -> tokio::task::JoinHandle<()> {
    use latch::auth::server::store::Db;
    let db = app.auth.db().clone();
    let (locked, is_locked) = tokio::sync::oneshot::channel();
    let holder = tokio::spawn(async move {
        match db {
            Db::Sqlite(pool) => {
                let mut connection = pool.acquire().await.unwrap();
                sqlx::query("BEGIN IMMEDIATE").execute(&mut *connection).await.unwrap();
                locked.send(()).unwrap();
                tokio::time::sleep(held).await;
                sqlx::query("ROLLBACK").execute(&mut *connection).await.unwrap();
            }
            Db::Postgres(pool) => {
                let mut transaction = pool.begin().await.unwrap();
                sqlx::query("LOCK TABLE users, email_tokens, outbox, events IN ACCESS EXCLUSIVE MODE")
                    .execute(&mut *transaction)
                    .await
                    .unwrap();
                locked.send(()).unwrap();
                tokio::time::sleep(held).await;
                transaction.rollback().await.unwrap();
            }
        }
    });
    is_locked.await.unwrap();
    holder
}

/// The Latch application's bundle name, root component and shell, for a test's own `Site`
/// (`impl Site for Product { latch_pages!(); fn routes() ... }`).
macro_rules! latch_pages {
    () => {
        const OUTPUT_NAME: &'static str = "latch";

        fn app() -> impl leptos::IntoView + 'static {
            latch_app::app::App()
        }

        fn shell(options: leptos::config::LeptosOptions) -> impl leptos::IntoView + 'static {
            latch_app::app::shell(options)
        }
    };
}
pub(crate) use latch_pages;
