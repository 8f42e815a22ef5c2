//! An application's own data in Latch's transactions: its migrations applied after Latch's,
//! its rows deleted with the account (or nothing deleted at all), its data in the export.
use std::sync::Arc;

use latch::{
    auth::server::{
        hooks::{AccountHooks, HookError, HookFuture, Tx},
        store::Db,
    },
    on_tx,
    server::site::Site,
    web::db::AppMigrations,
};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{latch_pages, spawn_site_with, TestApp, PASSWORD};

/// The Latch application with a table of notes, kept by hooks.
struct Notes;

impl Site for Notes {
    latch_pages!();

    fn hooks() -> Arc<dyn AccountHooks> {
        Arc::new(NoteHooks)
    }

    fn migrations() -> Option<AppMigrations> {
        Some(AppMigrations {
            sqlite: sqlx::migrate!("./tests/http/product_migrations/sqlite"),
            postgres: sqlx::migrate!("./tests/http/product_migrations/postgres"),
        })
    }
}

struct NoteHooks;

/// A note with this text makes the application refuse to let the account go.
const KEEP_ME: &str = "refuse the deletion";

/// Every new account starts with this note.
const WELCOME: &str = "welcome";

impl AccountHooks for NoteHooks {
    fn on_signup<'a>(&'a self, tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
        Box::pin(async move {
            on_tx!(tx, connection => sqlx::query("INSERT INTO notes (owner, text) VALUES ($1, $2)")
                .bind(account)
                .bind(WELCOME)
                .execute(&mut *connection)
                .await
                .map(|done| done.rows_affected()))?;
            Ok(())
        })
    }

    fn on_delete<'a>(&'a self, tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
        Box::pin(async move {
            let deleted: Vec<String> = on_tx!(tx, connection => sqlx::query_scalar(
                "DELETE FROM notes WHERE owner = $1 RETURNING text"
            )
            .bind(account)
            .fetch_all(&mut *connection)
            .await)?;
            match deleted.iter().any(|text| text == KEEP_ME) {
                true => Err(HookError::Refused("this account's notes must be kept".into())),
                false => Ok(()),
            }
        })
    }

    fn export<'a>(&'a self, db: &'a Db, account: i64) -> HookFuture<'a, Option<Value>> {
        Box::pin(async move {
            let texts: Vec<String> = latch::on_db!(db, pool => sqlx::query_scalar(
                "SELECT text FROM notes WHERE owner = $1 ORDER BY id"
            )
            .bind(account)
            .fetch_all(pool)
            .await)?;
            Ok(Some(json!({ "notes": texts })))
        })
    }
}

async fn signed_up(app: &TestApp, email: &str) -> (i64, String) {
    let token = app.bearer_of_new_account(email, "Ada").await;
    (app.count(&format!("SELECT id FROM users WHERE email = '{email}'")).await, token)
}

async fn export_of(app: &TestApp, token: &str) -> Value {
    app.request(Method::GET, "/auth/export", Some(token)).await.json().await.unwrap()
}

async fn delete_account(app: &TestApp, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(app.url("/auth/account"))
        .bearer_auth(token)
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_applications_rows_leave_with_the_account_in_one_transaction() {
    let app = spawn_site_with::<Notes>(&[]).await;
    let (ada, ada_token) = signed_up(&app, "ada@example.com").await;
    let (grace, _) = signed_up(&app, "grace@example.com").await;
    app.execute(&format!("INSERT INTO notes (owner, text) VALUES ({ada}, 'one'), ({ada}, 'two'), ({grace}, 'hers')"))
        .await;

    assert_eq!(delete_account(&app, &ada_token).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM notes WHERE owner = {ada}")).await, 0);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM users WHERE id = {ada}")).await, 0);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM notes WHERE owner = {grace}")).await, 2, "another's stay");
}

#[tokio::test]
async fn a_hook_that_fails_leaves_the_account_and_its_rows_as_they_were() {
    let app = spawn_site_with::<Notes>(&[]).await;
    let (ada, token) = signed_up(&app, "ada@example.com").await;
    app.execute(&format!("INSERT INTO notes (owner, text) VALUES ({ada}, 'one'), ({ada}, '{KEEP_ME}')")).await;

    let refused = delete_account(&app, &token).await;
    assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(refused.json::<Value>().await.unwrap()["code"], "internal");
    // The hook deleted the notes before refusing: rolled back with the rest.
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM notes WHERE owner = {ada}")).await, 3);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM users WHERE id = {ada}")).await, 1);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM sessions WHERE user_id = {ada}")).await, 1);
    let me = app.request(Method::GET, "/auth/me", Some(&token)).await;
    assert_eq!(me.status(), StatusCode::OK, "still signed in: nothing happened");
}

#[tokio::test]
async fn the_export_carries_the_applications_data_and_only_the_callers() {
    let app = spawn_site_with::<Notes>(&[]).await;
    let (ada, token) = signed_up(&app, "ada@example.com").await;
    let (grace, _) = signed_up(&app, "grace@example.com").await;
    app.execute(&format!("INSERT INTO notes (owner, text) VALUES ({ada}, 'one'), ({grace}, 'hers'), ({ada}, 'two')"))
        .await;
    let export = export_of(&app, &token).await;
    assert_eq!(export["application"], json!({ "notes": [WELCOME, "one", "two"] }));
    assert_eq!(export["profile"]["email"], "ada@example.com");
}

#[tokio::test]
async fn without_hooks_the_export_has_no_application_part() {
    let app = crate::common::spawn_app().await;
    let (_, token) = signed_up(&app, "ada@example.com").await;
    let export = export_of(&app, &token).await;
    assert!(export.get("application").is_none(), "{export}");
}

#[tokio::test]
async fn the_applications_migrations_run_after_latchs_and_a_stranger_migration_is_refused() {
    let app = spawn_site_with::<Notes>(&[]).await;
    // Applied, and recorded beside Latch's in sqlx's table.
    assert_eq!(app.count("SELECT COUNT(*) FROM notes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 20270101000001").await, 1);
    // Latch alone (the application's migration unknown to it) still starts on this database.
    let url = app.database_url.clone();
    let config = |url: &str| {
        let url = url.to_owned();
        latch::web::config::Config::from_lookup(move |name| match name {
            "DATABASE_URL" => Some(url.clone()),
            "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
            "JWT_SECRET" => Some(crate::common::TEST_SECRET.into()),
            _ => None,
        })
        .unwrap()
    };
    let again = latch::server::startup::Application::build::<Notes>(config(&url)).await;
    assert!(again.is_ok(), "the same application starts again: {:?}", again.err());
    // A migration neither knows (a newer version, another program) stops the start.
    app.execute(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         SELECT 20990101000000, 'from elsewhere', success, checksum, execution_time
         FROM _sqlx_migrations WHERE version = 20270101000001",
    )
    .await;
    let refused = latch::server::startup::Application::build::<Notes>(config(&url)).await;
    let error = refused.err().expect("refused").to_string();
    assert!(error.contains("20990101000000"), "{error}");
}

/// An application whose signup hook always fails.
struct RefusingSignups;

impl Site for RefusingSignups {
    latch_pages!();

    fn hooks() -> Arc<dyn AccountHooks> {
        Arc::new(RefuseAfterWriting)
    }

    fn migrations() -> Option<AppMigrations> {
        Notes::migrations()
    }
}

struct RefuseAfterWriting;

impl AccountHooks for RefuseAfterWriting {
    fn on_signup<'a>(&'a self, tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
        Box::pin(async move {
            // Writes, then fails: the write must go with the rest.
            NoteHooks.on_signup(tx, account).await?;
            Err(HookError::Refused("no new accounts today".into()))
        })
    }
}

#[tokio::test]
async fn the_applications_rows_are_created_with_the_account() {
    let app = spawn_site_with::<Notes>(&[]).await;
    let (ada, _) = signed_up(&app, "ada@example.com").await;
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM notes WHERE owner = {ada} AND text = '{WELCOME}'")).await, 1);
}

#[tokio::test]
async fn a_signup_hook_that_fails_leaves_no_account_no_link_no_mail_and_no_row() {
    let app = spawn_site_with::<RefusingSignups>(&[]).await;
    for door in ["json", "browser"] {
        let refused = match door {
            "json" => {
                let body = json!({ "email": "ada@example.com", "password": PASSWORD, "username": "Ada" });
                reqwest::Client::new().post(app.url("/auth/signup")).json(&body).send().await.unwrap()
            }
            _ => app.signup("ada@example.com", "Ada", PASSWORD).await,
        };
        assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR, "{door}");
        for table in ["users", "email_tokens", "outbox", "notes", "sessions"] {
            assert_eq!(app.count(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{door}: {table}");
        }
    }
}
