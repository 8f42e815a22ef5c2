//! Every malformed request to a server function answers 4xx, never 5xx: missing fields,
//! broken percent-encoding, other content types, and a few hundred random bodies.

use rand::{rngs::StdRng, Rng, SeedableRng};
use reqwest::{Client, StatusCode};

use crate::common::{spawn_app_with, PASSWORD};

const ENDPOINTS: [&str; 3] = ["signup", "login", "logout"];

#[tokio::test]
async fn malformed_server_function_calls_answer_4xx_with_their_reason() {
    let app = spawn_app_with(&[("THROTTLE_SIGNUPS_PER_ADDRESS", "100000")]).await;
    app.signup("ada@example.com", "Ada", PASSWORD).await;
    let bodies: &[(&str, &str)] = &[
        ("application/x-www-form-urlencoded", "email=ada%40example.com"),
        ("application/x-www-form-urlencoded", "password=x"),
        ("application/x-www-form-urlencoded", "email=%zz&password=%"),
        ("application/x-www-form-urlencoded", "email=%E0%A4%A&password=%FF%FE"),
        ("application/x-www-form-urlencoded", "email[a][b]=1&password[]=2&username="),
        ("application/x-www-form-urlencoded", "&&&==&="),
        ("application/json", r#"{"email": "ada@example.com", "password": "x"}"#),
        ("text/plain", "email=ada%40example.com&password=correct+horse"),
        ("application/octet-stream", "\u{0}\u{1}\u{2}\u{7f}"),
    ];
    for endpoint in ["signup", "login"] {
        for (content_type, body) in bodies {
            let answer = Client::new()
                .post(app.url(&format!("/api/auth/{endpoint}")))
                .header("content-type", *content_type)
                .header("accept", "application/json")
                .body(*body)
                .send()
                .await
                .unwrap();
            let status = answer.status();
            assert!(status.is_client_error(), "{endpoint} {content_type} {body:?}: {status}");
        }
    }
    let missing = Client::new().post(app.url("/api/auth/login")).form(&[("email", "ada@example.com")]).send();
    let missing = missing.await.unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(missing.text().await.unwrap(), r#""BadRequest""#);
}

#[tokio::test]
async fn hundreds_of_random_bodies_to_every_server_function_never_get_a_5xx() {
    let app = spawn_app_with(&[
        ("THROTTLE_SIGNUPS_PER_ADDRESS", "100000"),
        ("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", "100000"),
    ])
    .await;
    let mut rng = StdRng::seed_from_u64(0x1a7c4);
    let alphabet = b"email=password&username%next=+[]{}\"'\\\x00\xff\xfe%2541ab@.";
    let client = Client::new();
    let mut five_hundreds = Vec::new();
    for round in 0..300 {
        let length = rng.random_range(0..200);
        let body: Vec<u8> = (0..length)
            .map(|_| if rng.random_bool(0.8) { alphabet[rng.random_range(0..alphabet.len())] } else { rng.random() })
            .collect();
        let endpoint = ENDPOINTS[round % ENDPOINTS.len()];
        let accept = if round % 2 == 0 { "application/json" } else { "text/html" };
        let answer = client
            .post(app.url(&format!("/api/auth/{endpoint}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", accept)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        if answer.status().is_server_error() {
            five_hundreds.push((endpoint, answer.status(), String::from_utf8_lossy(&body).into_owned()));
        }
    }
    assert!(
        five_hundreds.is_empty(),
        "{} of 300 got a 5xx: {:?}",
        five_hundreds.len(),
        &five_hundreds[..five_hundreds.len().min(5)]
    );
}
