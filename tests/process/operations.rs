//! What an operator runs and watches: the subcommands against a live server, `/metrics`,
//! `/readyz`, JSON logs with request ids.

use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::{one_at_a_time, postgres::ThrowawayPostgres, running::RunningServer, PASSWORD};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn sign_up_and_log_in(client: &Client, server: &RunningServer, email: &str) -> String {
    let body = json!({ "email": email, "username": "Ada", "password": PASSWORD });
    assert_eq!(client.post(server.url("/auth/signup")).json(&body).send().await.unwrap().status(), StatusCode::OK);
    let body = json!({ "email": email, "password": PASSWORD });
    let answer: Value = client.post(server.url("/auth/login")).json(&body).send().await.unwrap().json().await.unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_list_and_show_describe_accounts_and_sessions_revoke_takes_effect_on_the_running_server() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(dir.path(), &[]);
    let client = Client::new();
    let token = sign_up_and_log_in(&client, &server, "ada@example.com").await;
    let me = || client.get(server.url("/auth/me")).bearer_auth(&token).send();
    assert_eq!(me().await.unwrap().status(), StatusCode::OK, "the session is cached by the server now");

    let list = RunningServer::command(dir.path(), &["users", "list"], &[]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).contains("ada@example.com") && stdout(&list).contains("1 accounts"), "{}", stdout(&list));
    // A page at a time: a full page says how to ask for the next.
    let page = RunningServer::command(dir.path(), &["users", "list", "--limit", "1"], &[]);
    assert!(stdout(&page).contains("more: latch users list --after 1 --limit 1"), "{}", stdout(&page));
    let next = RunningServer::command(dir.path(), &["users", "list", "--after", "1", "--limit", "1"], &[]);
    assert!(stdout(&next).contains("0 accounts") && !stdout(&next).contains("more:"), "{}", stdout(&next));
    let show = RunningServer::command(dir.path(), &["users", "show", " ADA@Example.com "], &[]);
    assert!(show.status.success(), "{}", stderr(&show));
    assert!(stdout(&show).contains("live sessions (1)") && stdout(&show).contains("signup"), "{}", stdout(&show));

    let revoke = RunningServer::command(dir.path(), &["sessions", "revoke", "ada@example.com"], &[]);
    assert!(revoke.status.success(), "{}", stderr(&revoke));
    assert!(stdout(&revoke).contains("ended 1 session of ada@example.com"), "{}", stdout(&revoke));
    // The moment the command returns, the running server refuses the token.
    assert_eq!(me().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // The first administrator comes from here, and the last one cannot be removed.
    let grant = RunningServer::command(dir.path(), &["users", "grant-admin", "ada@example.com"], &[]);
    assert!(grant.status.success() && stdout(&grant).contains("is an administrator now"), "{}", stderr(&grant));
    let again = RunningServer::command(dir.path(), &["users", "grant-admin", "ada@example.com"], &[]);
    assert!(stdout(&again).contains("was an administrator already"), "{}", stdout(&again));
    let show = RunningServer::command(dir.path(), &["users", "show", "ada@example.com"], &[]);
    assert!(
        stdout(&show).contains("roles     admin") && stdout(&show).contains("state     active"),
        "{}",
        stdout(&show)
    );
    let last = RunningServer::command(dir.path(), &["users", "revoke-admin", "ada@example.com"], &[]);
    assert_eq!(last.status.code(), Some(1));
    assert!(stderr(&last).contains("is the last administrator"), "{}", stderr(&last));
    sign_up_and_log_in(&client, &server, "grace@example.com").await;
    RunningServer::command(dir.path(), &["users", "grant-admin", "grace@example.com"], &[]);
    let revoke = RunningServer::command(dir.path(), &["users", "revoke-admin", "ada@example.com"], &[]);
    assert!(
        revoke.status.success() && stdout(&revoke).contains("is no longer an administrator"),
        "{}",
        stderr(&revoke)
    );

    let unknown = RunningServer::command(dir.path(), &["users", "show", "bob@example.com"], &[]);
    assert!(!unknown.status.success() && stderr(&unknown).contains("no account has the email bob@example.com"));
    let not_an_email = RunningServer::command(dir.path(), &["sessions", "revoke", "bob"], &[]);
    assert!(!not_an_email.status.success() && stderr(&not_an_email).contains("not an email address"));
}

#[tokio::test]
async fn operator_commands_refuse_the_wrong_thing_clearly() {
    let dir = tempfile::tempdir().unwrap();
    // No database yet: nothing is created by asking.
    let missing = RunningServer::command(dir.path(), &["users", "list"], &[]);
    assert!(!missing.status.success() && stderr(&missing).contains("there is no database at"), "{}", stderr(&missing));
    assert!(!dir.path().join("latch.db").exists(), "a command created the database");
    // A SQLite file that is not Latch's.
    std::fs::write(dir.path().join("latch.db"), b"").unwrap();
    let foreign = RunningServer::command(dir.path(), &["users", "list"], &[]);
    assert!(!foreign.status.success() && stderr(&foreign).contains("is not a Latch database"), "{}", stderr(&foreign));
    let usage = RunningServer::command(dir.path(), &["users", "delete", "ada@example.com"], &[]);
    assert!(!usage.status.success() && stderr(&usage).contains("usage: latch"));
    // check-config names each problem and exits 1.
    let bad = RunningServer::command(
        dir.path(),
        &["check-config"],
        &[
            ("LATCH_ENV", "production"),
            ("JWT_SECRET", ""),
            ("LOG_FORMAT", "xml"),
            ("LEPTOS_SITE_ROOT", "/nowhere"),
            ("SMTP_URL", "smtp://127.0.0.1:25"),
            ("MAIL_FROM", "Latch <latch@example.com>"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    let said = stderr(&bad);
    assert!(
        said.contains("LOG_FORMAT")
            && said.contains("JWT_SECRET must be set")
            && said.contains("FACTOR_SECRET must be set")
            && said.contains("LEPTOS_SITE_ROOT"),
        "{said}"
    );
    // Production needs a way to mail password resets.
    let mailless = RunningServer::command(dir.path(), &["check-config"], &[("LATCH_ENV", "production")]);
    assert!(!mailless.status.success() && stderr(&mailless).contains("SMTP_URL must be set"), "{}", stderr(&mailless));
    let port = RunningServer::command(dir.path(), &["check-config"], &[("LEPTOS_SITE_ADDR", "nowhere")]);
    assert!(!port.status.success() && stderr(&port).contains("LEPTOS_SITE_ADDR"), "{}", stderr(&port));
    // A sign-in provider whose discovery does not answer (nothing listens there), and one
    // configured over plain http on another host.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let issuer = format!("http://{closed}");
    let provider =
        [("OIDC_CORP_ISSUER", issuer.as_str()), ("OIDC_CORP_CLIENT_ID", "c"), ("OIDC_CORP_CLIENT_SECRET", "s")];
    let silent = RunningServer::command(dir.path(), &["check-config"], &provider);
    assert!(!silent.status.success() && stderr(&silent).contains("provider corp"), "{}", stderr(&silent));
    let plain = [
        ("OIDC_CORP_ISSUER", "http://sso.example.com"),
        ("OIDC_CORP_CLIENT_ID", "c"),
        ("OIDC_CORP_CLIENT_SECRET", "s"),
    ];
    let unsafe_issuer = RunningServer::command(dir.path(), &["check-config"], &plain);
    assert!(
        !unsafe_issuer.status.success() && stderr(&unsafe_issuer).contains("OIDC_CORP_ISSUER"),
        "{}",
        stderr(&unsafe_issuer)
    );
}

#[tokio::test]
async fn backup_refuses_postgres_and_an_existing_file() {
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    latch::web::db::open(&url, 1).await.unwrap().close().await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.db");
    let on_postgres =
        RunningServer::command(dir.path(), &["backup", target.to_str().unwrap()], &[("DATABASE_URL", &url)]);
    assert!(!on_postgres.status.success() && stderr(&on_postgres).contains("pg_dump"), "{}", stderr(&on_postgres));
    assert!(!target.exists());
    // On SQLite, a file already there is never overwritten.
    latch::web::db::open(&format!("sqlite://{}/latch.db", dir.path().display()), 1).await.unwrap().close().await;
    std::fs::write(&target, b"precious").unwrap();
    let over = RunningServer::command(dir.path(), &["backup", target.to_str().unwrap()], &[]);
    assert!(!over.status.success() && stderr(&over).contains("already exists"), "{}", stderr(&over));
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_a_signup_load_is_intact_and_holds_every_signup_acknowledged_before_it() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(dir.path(), &[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]);
    let (url, stop) = (server.url("/auth/signup"), Arc::new(AtomicBool::new(false)));
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let workers: Vec<_> = (0..6)
        .map(|worker| {
            let (url, stop, acknowledged, client) = (url.clone(), stop.clone(), acknowledged.clone(), Client::new());
            tokio::spawn(async move {
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let email = format!("user{worker}-{n}@example.com");
                    let body = json!({ "email": email, "username": "Load", "password": PASSWORD });
                    if client.post(&url).json(&body).send().await.is_ok_and(|a| a.status() == 200) {
                        acknowledged.lock().unwrap().push(email);
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let copy = dir.path().join("backup.db");
    let backup = {
        let (data, copy) = (dir.path().to_owned(), copy.clone());
        tokio::task::spawn_blocking(move || RunningServer::command(&data, &["backup", copy.to_str().unwrap()], &[]))
            .await
            .unwrap()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }
    assert!(backup.status.success(), "{}", stderr(&backup));
    assert!(before.len() >= 5, "the load had barely started: {}", before.len());

    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", copy.display())).await.unwrap();
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await.unwrap();
    assert_eq!(verdict, "ok");
    let stored: HashSet<String> =
        sqlx::query_scalar("SELECT email FROM users").fetch_all(&pool).await.unwrap().into_iter().collect();
    let missing: Vec<&String> = before.iter().filter(|email| !stored.contains(*email)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup, missing from it: {missing:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600,
            "the copy holds password hashes"
        );
    }
    println!("backup during a signup load: {} acknowledged before it, {} rows in it", before.len(), stored.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_a_login_they_saw_on_their_own_address_only() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let metrics = format!("127.0.0.1:{}", free_port());
    let server = RunningServer::start(dir.path(), &[("METRICS_ADDR", &metrics)]);
    let client = Client::new();
    sign_up_and_log_in(&client, &server, "ada@example.com").await;
    let wrong = json!({ "email": "ada@example.com", "password": "not the password at all" });
    assert_eq!(client.post(server.url("/auth/login")).json(&wrong).send().await.unwrap().status(), 401);
    let text = client.get(format!("http://{metrics}/metrics")).send().await.unwrap().text().await.unwrap();
    for line in [
        "latch_logins_total{outcome=\"ok\"} 1",
        "latch_logins_total{outcome=\"failed\"} 1",
        "latch_signups_total 1",
        "latch_http_requests_total{route=\"/auth/login\",status=\"401\"} 1",
        "latch_sessions_live 1",
        "latch_hash_queue_depth 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in:\n{text}");
    }
    assert!(text.contains("latch_http_request_duration_seconds_bucket{route=\"/auth/login\""), "{text}");
    assert!(text.contains("latch_db_connections{state=\"open\"}"), "{text}");
    assert_eq!(client.get(server.url("/metrics")).send().await.unwrap().status(), 404, "not on the public address");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_answers_503_while_the_database_is_down_and_healthz_stays_the_liveness_check() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(dir.path(), &[("DATABASE_URL", &postgres.new_database("latch"))]);
    let client = Client::new();
    let ready = || async { client.get(server.url("/readyz")).send().await.unwrap() };
    assert_eq!(ready().await.status(), StatusCode::OK);
    postgres.stop();
    let answer = ready().await;
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.json::<Value>().await.unwrap()["database"], "down");
    postgres.start_again();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while ready().await.status() != StatusCode::OK {
        assert!(std::time::Instant::now() < deadline, "not ready again 5 s after the database came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_logs_are_json_lines_each_naming_the_request_id_the_answer_carries() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let production = [
        ("LATCH_ENV", "production"),
        ("COOKIE_SECURE", "false"),
        ("FACTOR_SECRET", "a factor secret for the production test, 32+ bytes"),
        ("SMTP_URL", "smtp://127.0.0.1:9"),
        ("MAIL_FROM", "Latch <latch@example.com>"),
    ];
    let mut server = RunningServer::start(dir.path(), &production);
    let client = Client::new();
    let answer = client.get(server.url("/healthz")).header("x-request-id", "from-the-proxy-42").send().await.unwrap();
    assert_eq!(answer.headers()["x-request-id"], "from-the-proxy-42");
    let forged = client.get(server.url("/healthz")).header("x-request-id", "a\"b").send().await.unwrap();
    let made_here = forged.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(made_here, "a\"b");
    server.terminate();
    let log = server.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}")))
        .collect();
    for id in ["from-the-proxy-42", made_here.as_str()] {
        assert!(
            lines.iter().any(|line| {
                let span = &line["span"];
                span["request_id"] == id && line["status"] == 200 && span["path"] == "/healthz"
            }),
            "no request line with id {id} in:\n{log}"
        );
    }
}
