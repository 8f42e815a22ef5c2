//! What a slow client, a chunked body, a lookalike identity, a login loop or a local user
//! can do to the server, and the HSTS promise over https.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::common::{spawn_app, spawn_app_with, TestApp, PASSWORD};

/// Reads until the server closes the connection or `limit` passes; answers what was read and
/// whether it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline.into(), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&received).into_owned(), true),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&received).into_owned(), false),
        }
    }
}

#[tokio::test]
async fn a_client_sending_its_headers_one_byte_at_a_time_is_cut_off() {
    let app = spawn_app_with(&[("HEADER_READ_TIMEOUT_SECS", "1")]).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    let trickle = async {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: latch\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if stream.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    };
    // 60 bytes at 4 a second would take 15 seconds; the server must not wait for them.
    let _ = tokio::time::timeout(Duration::from_secs(4), trickle).await;
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(1)).await;
    assert!(closed, "the connection was still open after {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn past_the_connection_limit_new_clients_wait_until_one_leaves() {
    let app = spawn_app_with(&[("MAX_CONNECTIONS", "2"), ("HEADER_READ_TIMEOUT_SECS", "30")]).await;
    let first = TcpStream::connect(app.addr).await.unwrap();
    let _second = TcpStream::connect(app.addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let client = Client::builder().timeout(Duration::from_millis(700)).build().unwrap();
    assert!(client.get(app.url("/healthz")).send().await.is_err(), "a third connection was served at a cap of 2");
    drop(first);
    let client = Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    assert_eq!(client.get(app.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
}

/// Posts `size` bytes chunked (no Content-Length) and answers the status line.
async fn post_chunked(app: &TestApp, path: &str, content_type: &str, size: usize) -> String {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: latch\r\nContent-Type: {content_type}\r\nAccept: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b'a'; 8192];
    let mut sent = 0;
    while sent < size {
        let piece = &chunk[..chunk.len().min(size - sent)];
        let written = async {
            stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await?;
            stream.write_all(piece).await?;
            stream.write_all(b"\r\n").await
        };
        if written.await.is_err() {
            break; // the server answered and closed: what it said is below
        }
        sent += piece.len();
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413_on_every_door() {
    let app = spawn_app().await;
    let doors = [
        ("/auth/login", "application/json"),
        ("/auth/signup", "application/json"),
        ("/token", "application/json"),
        ("/api/auth/login", "application/x-www-form-urlencoded"),
        ("/api/auth/signup", "application/x-www-form-urlencoded"),
    ];
    for (path, content_type) in doors {
        let status = post_chunked(&app, path, content_type, 100 * 1024).await;
        assert!(status.starts_with("HTTP/1.1 413"), "{path}: {status}");
    }
    // Under the limit, a chunked body is read as usual.
    let small = post_chunked(&app, "/auth/login", "application/json", 10).await;
    assert!(small.starts_with("HTTP/1.1 422"), "{small}");
}

#[tokio::test]
async fn over_https_every_answer_tells_browsers_to_stay_on_https_for_a_year() {
    let https = spawn_app_with(&[("PUBLIC_ORIGIN", "https://accounts.example.com")]).await;
    for path in ["/", "/healthz", "/auth/me"] {
        let answer = Client::new().get(https.url(path)).send().await.unwrap();
        let hsts = answer.headers().get("strict-transport-security").map(|v| v.to_str().unwrap().to_owned());
        let max_age: u64 = hsts.as_deref().and_then(|v| v.strip_prefix("max-age=")?.parse().ok()).unwrap_or(0);
        assert!(max_age >= 31_536_000, "{path}: {hsts:?}");
    }
    let http = spawn_app().await;
    let answer = Client::new().get(http.url("/healthz")).send().await.unwrap();
    assert!(answer.headers().get("strict-transport-security").is_none(), "plain-http development must not pin https");
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_database_files_are_private_to_latchs_user() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("nested").join("data");
    let app = spawn_app_with(&[("DATABASE_URL", &format!("sqlite://{}/latch.db", data.display()))]).await;
    assert_eq!(app.signup("ada@example.com", "Ada", PASSWORD).await.status(), StatusCode::OK);
    let mode = |path: std::path::PathBuf| std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(data.clone()), 0o700, "the data folder");
    for file in ["latch.db", "latch.db-wal", "latch.db-shm"] {
        assert_eq!(mode(data.join(file)), 0o600, "{file}");
    }
}

#[tokio::test]
async fn lookalike_emails_and_hidden_characters_cannot_make_a_second_identity() {
    let app = spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]).await;
    assert_eq!(app.signup("ada@example.com", "Ada", PASSWORD).await.status(), StatusCode::OK);
    let api_signup = |email: &str, username: &str| {
        Client::new()
            .post(app.url("/auth/signup"))
            .json(&json!({ "email": email, "username": username, "password": PASSWORD }))
            .send()
    };
    // Fullwidth letters, a fullwidth @, mathematical bold, a ligature: all the same address.
    for lookalike in ["ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ", "ada＠example.com", "𝐚𝐝𝐚@example.com", "ADA@EXAMPLE.COM"]
    {
        let answer = api_signup(lookalike, "Eve").await.unwrap();
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{lookalike}");
        assert_eq!(answer.json::<Value>().await.unwrap()["code"], "email_taken", "{lookalike}");
    }
    assert_eq!(api_signup("ﬁle@example.com", "Fi").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        api_signup("file@example.com", "Fi").await.unwrap().status(),
        StatusCode::BAD_REQUEST,
        "ligature folded"
    );
    // Invisible characters in an email, and invisible, control or reordering ones in a name.
    assert_eq!(api_signup("ada\u{200B}@example.com", "Eve").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    for name in ["Ada\u{202E}nimda", "A\u{200D}da", "Ada\u{0007}", "\u{2066}Ada\u{2069}", "Ada\u{FEFF}"] {
        let answer = api_signup("eve@example.com", name).await.unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
    }
    // The owner logs in with any form of the address.
    let login = Client::new()
        .post(app.url("/auth/login"))
        .json(&json!({ "email": "ａｄａ@example.com", "password": PASSWORD }));
    assert_eq!(login.send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_login_loop_cannot_grow_the_sessions_table_past_the_cap() {
    let app = spawn_app_with(&[("MAX_SESSIONS_PER_ACCOUNT", "3"), ("SESSION_PRUNE_EVERY_SECS", "1")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let client = Client::new();
    let mut tokens = Vec::new();
    for _ in 0..25 {
        let login =
            client.post(app.url("/auth/login")).json(&json!({ "email": "ada@example.com", "password": PASSWORD }));
        let body: Value = login.send().await.unwrap().json().await.unwrap();
        tokens.push(body["access_token"].as_str().unwrap().to_owned());
    }
    let rows = || app.count("SELECT COUNT(*) FROM sessions");
    assert!(rows().await <= 3, "26 logins (signup included) left {} rows", rows().await);
    let me = |token: String| client.get(app.url("/auth/me")).bearer_auth(token).send();
    assert_eq!(me(tokens[0].clone()).await.unwrap().status(), StatusCode::UNAUTHORIZED, "the oldest session ended");
    assert_eq!(me(tokens[24].clone()).await.unwrap().status(), StatusCode::OK, "the newest lives");
    // A revoked session's row is deleted by the pruner within its period.
    client.post(app.url("/auth/logout")).bearer_auth(&tokens[24]).send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(rows().await, 2, "only the two live sessions are left");
}

#[tokio::test]
async fn the_login_page_hands_the_passkey_script_only_a_next_the_servers_rule_lets_through() {
    let app = spawn_app().await;
    let target_of = |next: &'static str| {
        let url = app.url(&format!("/login?next={next}"));
        async move {
            let page = reqwest::get(url).await.unwrap().text().await.unwrap();
            let start = page.find("data-passkey-next=\"").expect("the passkey block names its target") + 19;
            page[start..start + page[start..].find('"').unwrap()].to_owned()
        }
    };
    // Browsers read `/\host` and `/<TAB>/host` as another site.
    for hostile in ["%2F%5Cevil.example", "%2F%09%2Fevil.example", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example"] {
        assert_eq!(target_of(hostile).await, "/profile", "{hostile}");
    }
    assert_eq!(target_of("%2Faccount").await, "/account");
}
