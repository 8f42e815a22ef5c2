//! An application's own data in Latch's transactions: its migrations applied after Latch's,
//! its rows deleted with the account (or nothing deleted at all), its data in the export.
use std::sync::Arc;

use latch::{
    auth::server::{
        hooks::{AccountHooks, HookError, HookFuture, Tx},
        store::Db,
    },
    auth::signup_fields::{FieldRefusal, SignupField, SignupValues},
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

/// The product's one signup field: optional, at most 20 characters, never "admin".
static SIGNUP_FIELDS: &[SignupField] = &[SignupField {
    name: "display_name",
    label: || "Display name",
    hint: || "",
    autocomplete: "nickname",
    max_chars: 20,
}];

impl AccountHooks for NoteHooks {
    fn signup_fields(&self) -> &'static [SignupField] {
        SIGNUP_FIELDS
    }

    fn check_signup(&self, values: &SignupValues) -> Vec<FieldRefusal> {
        match values.get("display_name").trim().eq_ignore_ascii_case("admin") {
            true => vec![FieldRefusal::new("display_name", "That name is reserved.")],
            false => Vec::new(),
        }
    }

    fn on_signup<'a>(&'a self, mut tx: Tx<'a>, account: i64, values: &'a SignupValues) -> HookFuture<'a, ()> {
        Box::pin(async move {
            on_tx!(tx, connection => sqlx::query("INSERT INTO notes (owner, text) VALUES ($1, $2)")
                .bind(account)
                .bind(WELCOME)
                .execute(&mut *connection)
                .await
                .map(|done| done.rows_affected()))?;
            let name = values.get("display_name").trim();
            if !name.is_empty() {
                on_tx!(tx, connection => sqlx::query("INSERT INTO authors (owner, display_name) VALUES ($1, $2)")
                    .bind(account)
                    .bind(name)
                    .execute(&mut *connection)
                    .await
                    .map(|done| done.rows_affected()))?;
            }
            Ok(())
        })
    }

    fn on_delete<'a>(&'a self, mut tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
        Box::pin(async move {
            on_tx!(tx, connection => sqlx::query("DELETE FROM authors WHERE owner = $1")
                .bind(account)
                .execute(&mut *connection)
                .await
                .map(|done| done.rows_affected()))?;
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
    fn on_signup<'a>(&'a self, tx: Tx<'a>, account: i64, values: &'a SignupValues) -> HookFuture<'a, ()> {
        Box::pin(async move {
            // Writes, then fails: the write must go with the rest.
            NoteHooks.on_signup(tx, account, values).await?;
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

#[tokio::test]
async fn the_applications_signup_field_is_kept_by_its_hook_from_either_door() {
    let app = spawn_site_with::<Notes>(&[]).await;
    let body = json!({ "email": "ada@example.com", "password": PASSWORD, "username": "Ada",
        "fields": { "display_name": "  Countess  ", "is_admin": "true" } });
    let created = reqwest::Client::new().post(app.url("/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(
        created.json::<Value>().await.unwrap().as_object().unwrap().keys().collect::<Vec<_>>(),
        ["email", "id", "username"],
        "the seed's answer keeps its shape"
    );
    let form = [
        ("email", "grace@example.com"),
        ("username", "Grace"),
        ("password", PASSWORD),
        ("fields[display_name]", "Amazing Grace"),
    ];
    assert_eq!(app.call("signup", &form).await.status(), StatusCode::OK);
    let names = app.strings("SELECT display_name FROM authors ORDER BY owner").await;
    assert_eq!(names, ["Countess", "Amazing Grace"]);
}

#[tokio::test]
async fn the_applications_refusal_comes_back_inline_with_latchs_own_and_nothing_is_created() {
    let app = spawn_site_with::<Notes>(&[]).await;
    // JSON: FastAPI's list, the application's field under `fields`, beside Latch's password.
    let body = json!({ "email": "ada@example.com", "password": "short", "username": "Ada",
        "fields": { "display_name": "Admin" } });
    let refused = reqwest::Client::new().post(app.url("/auth/signup")).json(&body).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let detail = refused.json::<Value>().await.unwrap()["detail"].clone();
    let places: Vec<&Value> = detail.as_array().unwrap().iter().map(|problem| &problem["loc"]).collect();
    assert_eq!(places, [&json!(["body", "password"]), &json!(["body", "fields", "display_name"])]);
    assert_eq!(detail[1]["msg"], "That name is reserved.");

    // The browser's door: the error the page shows beside the field.
    let form =
        [("email", "ada@example.com"), ("username", "Ada"), ("password", PASSWORD), ("fields[display_name]", "admin")];
    let refused = app.call("signup", &form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["Invalid"]["others"], json!([{ "field": "display_name", "message": "That name is reserved." }]));

    // Without JavaScript: back to the page, with the error and what was typed (never the password).
    let refused = app.post_plain_form("signup", &form, "/signup").await;
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("fields%5Bdisplay_name%5D=admin") && !back.contains(PASSWORD), "{back}");
    let carried = back.split("__err=").nth(1).and_then(|rest| rest.split('&').next()).expect("the error rides along");
    let carried = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, carried).unwrap();
    let carried: Value = serde_json::from_slice(&carried).unwrap();
    assert_eq!(carried["Invalid"]["others"][0]["message"], "That name is reserved.");

    // Longer than declared: Latch refuses before the application's check sees it.
    let long = "x".repeat(21);
    let form =
        [("email", "ada@example.com"), ("username", "Ada"), ("password", PASSWORD), ("fields[display_name]", &long)];
    let error: Value = app.call("signup", &form).await.json().await.unwrap();
    assert_eq!(error["Invalid"]["others"][0]["message"], "Use at most 20 characters.");
    for table in ["users", "notes", "authors", "outbox"] {
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
}
