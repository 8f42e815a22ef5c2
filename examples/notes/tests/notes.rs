//! Notes against hostile callers, through every door (the pages, the server functions, the
//! JSON routes), on SQLite and, with `TEST_DATABASE_URL`, on PostgreSQL.

use latch::{auth::server::store::Db, testing::TestServer};
use latch_notes::app::NotesSite;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery staple";

/// Signs up through the JSON API (with Notes' display name when given) and logs in: a token.
async fn bearer(server: &TestServer, email: &str, display_name: Option<&str>) -> String {
    let fields = display_name.map(|name| json!({ "display_name": name }));
    let signup = json!({ "email": email, "password": PASSWORD, "username": "Someone", "fields": fields });
    let created = Client::new().post(server.url("/auth/signup")).json(&signup).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::OK, "{}", created.text().await.unwrap());
    let login = json!({ "email": email, "password": PASSWORD });
    let answer: Value =
        Client::new().post(server.url("/auth/login")).json(&login).send().await.unwrap().json().await.unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

async fn send(server: &TestServer, method: Method, path: &str, token: &str, body: Option<Value>) -> reqwest::Response {
    let request = Client::new().request(method, server.url(path)).bearer_auth(token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    request.send().await.unwrap()
}

/// Calls one of Notes' server functions as the hydrated page does (a form-encoded body).
async fn call(server: &TestServer, endpoint: &str, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let url = server.url(&format!("/api/notes/fn/{endpoint}"));
    Client::new().post(url).bearer_auth(token).header("accept", "application/json").form(form).send().await.unwrap()
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    match server.auth.db() {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

#[tokio::test]
async fn another_account_reaches_none_of_the_first_ones_notes_through_any_door() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    let ada = bearer(&server, "ada@example.com", None).await;
    let grace = bearer(&server, "grace@example.com", None).await;
    let note: Value = send(&server, Method::POST, "/api/notes", &ada, Some(json!({ "text": "the secret of Ada" })))
        .await
        .json()
        .await
        .unwrap();
    let id = note["id"].as_i64().unwrap().to_string();

    // The JSON routes: read, delete, list.
    for method in [Method::GET, Method::DELETE] {
        let refused = send(&server, method.clone(), &format!("/api/notes/{id}"), &grace, None).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{method}");
        assert_eq!(refused.json::<Value>().await.unwrap()["code"], "not_found");
    }
    let listed: Value = send(&server, Method::GET, "/api/notes", &grace, None).await.json().await.unwrap();
    assert_eq!(listed, json!([]));
    // The server functions, with the id as their argument.
    for endpoint in ["one", "delete"] {
        assert_eq!(call(&server, endpoint, &grace, &[("id", &id)]).await.status(), StatusCode::NOT_FOUND, "{endpoint}");
    }
    let book: Value = call(&server, "list", &grace, &[]).await.json().await.unwrap();
    assert_eq!(book["notes"], json!([]));
    // The page, its id guessed in the URL: a 404 that shows nothing of the note.
    let page = Client::new().get(server.url(&format!("/notes/{id}"))).bearer_auth(&grace).header("accept", "text/html");
    let page = page.send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!page.text().await.unwrap().contains("the secret of Ada"));
    // Ids that are not ids: refused, never a server error.
    for odd in ["-1", "0", "99999999999999999999", "1%20OR%201=1", "%27"] {
        let status = send(&server, Method::GET, &format!("/api/notes/{odd}"), &grace, None).await.status();
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST, "{odd}: {status}");
    }
    // And the note is still Ada's, whole, on every door.
    let page = Client::new().get(server.url(&format!("/notes/{id}"))).bearer_auth(&ada).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("the secret of Ada"));
    assert_eq!(
        send(&server, Method::GET, &format!("/api/notes/{id}"), &ada, None).await.json::<Value>().await.unwrap()
            ["text"],
        "the secret of Ada"
    );
    // Nobody at all: 401.
    let nobody = Client::new().get(server.url("/api/notes")).send().await.unwrap();
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_signup_whose_hook_fails_leaves_no_account_no_note_and_no_mail() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    // The hook's own table is gone: its INSERT fails inside Latch's signup transaction.
    match server.auth.db() {
        Db::Sqlite(pool) => drop(sqlx::raw_sql("DROP TABLE authors").execute(pool).await.unwrap()),
        Db::Postgres(pool) => drop(sqlx::raw_sql("DROP TABLE authors").execute(pool).await.unwrap()),
    }
    let signup = json!({ "email": "ada@example.com", "password": PASSWORD, "username": "Ada",
        "fields": { "display_name": "Countess" } });
    let refused = Client::new().post(server.url("/auth/signup")).json(&signup).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR);
    for table in ["users", "notes", "outbox", "email_tokens", "sessions"] {
        assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
}

#[tokio::test]
async fn deleting_an_account_while_its_notes_are_being_added_leaves_no_orphan() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    let ada = bearer(&server, "ada@example.com", Some("Ada")).await;
    // Writers that keep adding notes until the account is gone, released with the deletion.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(5));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (barrier, url, token) = (barrier.clone(), server.url("/api/notes"), ada.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                for n in 0.. {
                    let body = json!({ "text": format!("note {writer}.{n}") });
                    let status =
                        Client::new().post(&url).bearer_auth(&token).json(&body).send().await.unwrap().status();
                    if status != StatusCode::CREATED {
                        return (n, status);
                    }
                }
                unreachable!()
            })
        })
        .collect();
    barrier.wait().await;
    let deleted = send(&server, Method::DELETE, "/auth/account", &ada, Some(json!({ "password": PASSWORD }))).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    for writer in writers {
        // Every writer's last answer is "log in again", never a server error.
        let (written, status) = writer.await.unwrap();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "after {written} notes");
    }
    assert_eq!(count(&server, "SELECT COUNT(*) FROM users").await, 0);
    let orphans = "SELECT COUNT(*) FROM notes WHERE owner NOT IN (SELECT id FROM users)";
    assert_eq!(count(&server, orphans).await, 0);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM authors").await, 0);
    if let Db::Sqlite(pool) = server.auth.db() {
        let broken = sqlx::raw_sql("PRAGMA foreign_key_check").fetch_all(pool).await.unwrap();
        assert!(broken.is_empty(), "{} rows break a foreign key", broken.len());
    }
}

#[tokio::test]
async fn the_display_name_is_shown_exported_and_deleted_with_the_notes() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    let ada = bearer(&server, "ada@example.com", Some("  Countess  ")).await;
    send(&server, Method::POST, "/api/notes", &ada, Some(json!({ "text": "first" }))).await;
    let page = Client::new().get(server.url("/")).bearer_auth(&ada).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Countess&#x27;s notes") || page.contains("Countess's notes"), "{page}");
    let export: Value = send(&server, Method::GET, "/auth/export", &ada, None).await.json().await.unwrap();
    assert_eq!(export["application"]["display_name"], "Countess");
    assert_eq!(export["application"]["notes"][0]["text"], "first");
    assert_eq!(export["application"]["notes"].as_array().unwrap().len(), 1);
    let deleted = send(&server, Method::DELETE, "/auth/account", &ada, Some(json!({ "password": PASSWORD }))).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM notes").await + count(&server, "SELECT COUNT(*) FROM authors").await,
        0
    );
}

#[tokio::test]
async fn bad_notes_and_bad_display_names_are_refused_with_a_reason() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    let ada = bearer(&server, "ada@example.com", None).await;
    for (text, reason) in [("   ", "Write something first."), (&"x".repeat(2001) as &str, "at most 2000")] {
        let refused = send(&server, Method::POST, "/api/notes", &ada, Some(json!({ "text": text }))).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains(reason));
        let refused: Value = call(&server, "add", &ada, &[("text", text)]).await.json().await.unwrap();
        assert!(refused["Invalid"]["others"][0]["message"].as_str().unwrap().contains(reason));
    }
    let signup = json!({ "email": "eve@example.com", "password": PASSWORD, "username": "Eve",
        "fields": { "display_name": "Ada\u{202e}" } });
    let refused = Client::new().post(server.url("/auth/signup")).json(&signup).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json::<Value>().await.unwrap()["detail"][0]["loc"], json!(["body", "fields", "display_name"]));
    assert_eq!(count(&server, "SELECT COUNT(*) FROM notes").await, 0);
}

#[tokio::test]
async fn latchs_pages_render_in_notes_layout_with_their_script() {
    let server = TestServer::spawn::<NotesSite>(&[]).await;
    let login = Client::new().get(server.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(login.contains(r#"class="brand">Notes"#) && login.contains("Log in"), "{login}");
    assert!(login.contains(r#"src="/passkeys.js""#));
    let signup = Client::new().get(server.url("/signup")).send().await.unwrap().text().await.unwrap();
    assert!(signup.contains(r#"name="fields[display_name]""#), "{signup}");
    let script = Client::new().get(server.url("/passkeys.js")).send().await.unwrap();
    assert_eq!(script.headers()["content-type"], "text/javascript; charset=utf-8");
    assert!(script.text().await.unwrap().contains("navigator.credentials"));
}
