//! Starts the real application on 127.0.0.1, port 0, with a fresh database per test: a SQLite
//! file in a temporary folder, or, when `TEST_DATABASE_URL` names a PostgreSQL server
//! (`scripts/with-postgres.sh` starts a throwaway one), a new database on it. The same suite
//! runs against both.

use latch::testing::TestServer;

pub use latch::testing::TEST_SECRET;

/// The server under test and a client that keeps cookies and never follows redirects.
pub struct TestApp {
    pub server: TestServer,
    pub client: reqwest::Client,
}

impl std::ops::Deref for TestApp {
    type Target = TestServer;

    fn deref(&self) -> &TestServer {
        &self.server
    }
}

impl TestApp {
    /// Stops accepting, waits for requests in flight, and reports how the server ended.
    pub async fn shut_down(self) -> std::io::Result<()> {
        self.server.shut_down().await
    }
}

pub const PASSWORD: &str = "correct horse battery staple";
/// Firefox on Windows, as the device notices and the sign-in mail describe it.
pub const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// A browser of its own: a cookie jar (its device and sign-in cookies stay with it), Firefox's
/// user agent, and redirects left for the test to read.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(FIREFOX)
        .build()
        .unwrap()
}

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
    let server = TestServer::spawn::<S>(overrides).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("an HTTP client");
    TestApp { server, client }
}

pub use latch::testing::postgres_server;

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

/// The `Site` items of a product whose one page, at `$path`, is the component `$page`.
macro_rules! one_page {
    ($path:literal, $page:ident) => {
        const OUTPUT_NAME: &'static str = "latch";

        fn app() -> impl IntoView + 'static {
            use leptos_router::{
                components::{Route, Router, Routes},
                SsrMode, StaticSegment,
            };
            #[component]
            fn Inside() -> impl IntoView {
                latch::client::auth_state::provide_auth_state();
                view! {
                    <Routes fallback=|| "Not found">
                        <Route path=StaticSegment($path) ssr=SsrMode::Async view=$page />
                    </Routes>
                }
            }
            view! { <Router><Inside /></Router> }
        }

        fn shell(options: leptos::config::LeptosOptions) -> impl IntoView + 'static {
            view! { <!DOCTYPE html><html><head><HydrationScripts options /></head><body>{Self::app()}</body></html> }
        }
    };
}
pub(crate) use one_page;
