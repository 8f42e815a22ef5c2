//! An administrator's "disable" on one instance, honoured by the others: three Latch
//! processes on one PostgreSQL; the person's bearer token on the second and their cookie on
//! the third are refused within 100 ms of the first answering, 20 rounds.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use totp_rs::{Algorithm, TOTP};

use crate::{
    instances::{refused_after, three_instances},
    one_at_a_time,
    postgres::ThrowawayPostgres,
    running::RunningServer,
    PASSWORD,
};

async fn post(client: &Client, server: &RunningServer, path: &str, bearer: Option<&str>, body: Value) -> Value {
    let mut request = client.post(server.url(path)).json(&body);
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    let answer = request.send().await.expect("an answer");
    let status = answer.status();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    assert!(status.is_success() || status == StatusCode::UNAUTHORIZED, "{path}: {status} {body}");
    body
}

fn code(secret: &[u8], ahead: u64) -> String {
    let step = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 30 + ahead;
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, 30, secret.to_vec()).generate(step * 30)
}

/// An administrator with an authenticator, freshly signed in through both steps on `server`.
async fn administrator(client: &Client, server: &RunningServer, url: &str) -> String {
    let email = "admin@example.com";
    post(client, server, "/auth/signup", None, json!({ "email": email, "username": "Admin", "password": PASSWORD }))
        .await;
    let first = post(client, server, "/auth/login", None, json!({ "email": email, "password": PASSWORD })).await;
    let bearer = first["access_token"].as_str().unwrap();
    let setup = post(client, server, "/auth/totp/setup", Some(bearer), json!({})).await;
    let secret =
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, setup["secret"].as_str().unwrap()).unwrap();
    post(client, server, "/auth/totp/enable", Some(bearer), json!({ "code": code(&secret, 0), "password": PASSWORD }))
        .await;
    let db = latch::web::db::open(url, 1).await.unwrap();
    assert!(latch::auth::server::account::operator::grant_admin(&db, email).await.unwrap());
    db.close().await;
    let challenged = post(client, server, "/auth/login", None, json!({ "email": email, "password": PASSWORD })).await;
    let step = json!({ "challenge": challenged["challenge"], "code": code(&secret, 1) });
    let signed_in = post(client, server, "/auth/login/second-factor", None, step).await;
    signed_in["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_disable_on_one_instance_is_refused_by_the_others_within_100_ms() {
    let _turn = one_at_a_time().await;
    let postgres = ThrowawayPostgres::start();
    let url = postgres.new_database("latch");
    let (servers, _folders) = three_instances(&url, &[]);
    let (first, second, third) = (&servers[0], &servers[1], &servers[2]);
    let client = Client::new();
    let admin = administrator(&client, first, &url).await;
    let person = post(
        &client,
        first,
        "/auth/signup",
        None,
        json!({ "email": "bo@example.com", "username": "Bo", "password": PASSWORD }),
    )
    .await;
    let id = person["id"].as_i64().unwrap();

    let mut slowest = Vec::new();
    for _ in 0..20 {
        let login =
            post(&client, second, "/auth/login", None, json!({ "email": "bo@example.com", "password": PASSWORD }))
                .await;
        let token = login["access_token"].as_str().unwrap().to_owned();
        // The bearer on the second (`/auth/me`: 401 once refused), the cookie on the third
        // (the browser's `/api/auth/me`: `null` once nobody is signed in).
        let by_bearer = || async {
            let answer = client.get(second.url("/auth/me")).bearer_auth(&token).send().await.expect("an answer");
            answer.status() == StatusCode::OK
        };
        let by_cookie = || async {
            let answer = client.get(third.url("/api/auth/me")).header("cookie", format!("latch_session={token}"));
            let body: Value = answer.send().await.expect("an answer").json().await.unwrap_or(Value::Null);
            body["email"] == "bo@example.com"
        };
        // Both instances hold the session in their caches before the disable.
        assert!(by_bearer().await && by_cookie().await, "signed in on the second and the third");
        let disabled = post(&client, first, &format!("/auth/admin/people/{id}/disable"), Some(&admin), json!({})).await;
        assert_eq!(disabled["changed"], true, "{disabled}");
        let answered = Instant::now();
        let (on_second, on_third) =
            tokio::join!(refused_after(by_bearer, answered), refused_after(by_cookie, answered));
        slowest.push(on_second.max(on_third));
        let enabled = post(&client, first, &format!("/auth/admin/people/{id}/enable"), Some(&admin), json!({})).await;
        assert_eq!(enabled["changed"], true);
    }
    slowest.sort();
    println!(
        "disable seen by both other instances after: p50 {:?}, p99 {:?}, max {:?} (20 rounds)",
        slowest[9], slowest[19], slowest[19]
    );
    assert!(slowest[19] < Duration::from_millis(100), "{slowest:?}");
}
