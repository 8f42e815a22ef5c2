//! Guessing the second step: wrong codes are counted per account across every challenge, so
//! a right password buys a new challenge but no new guesses.

#[allow(unused_imports)]
use super::*;

/// Wrong codes the account may send at once (`SECOND_STEP_BURST` in the config).
const BURST: usize = 5;

/// A code that is not the account's now: the current step's code with its last digit moved.
fn wrong_code(secret: &[u8]) -> String {
    let right = code(secret, step_now());
    let last = right.as_bytes()[5] - b'0';
    format!("{}{}", &right[..5], (last + 5) % 10)
}

#[tokio::test]
async fn wrong_codes_are_refused_with_429_after_a_small_burst_however_many_challenges_the_password_buys() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    let mut judged = 0;
    let mut refused = None;
    // Each challenge allows five tries; a new one comes with every right password.
    'guessing: for _ in 0..10 {
        let challenge = challenge(&app, "ada@example.com").await;
        for _ in 0..5 {
            let answer = post(
                &app,
                "/auth/login/second-factor",
                None,
                json!({ "challenge": challenge, "code": wrong_code(&ada.secret) }),
            )
            .await;
            if answer.status() == StatusCode::TOO_MANY_REQUESTS {
                refused = answer.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
                break 'guessing;
            }
            let (status, body) = code_of(answer).await;
            assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_code")));
            judged += 1;
        }
    }
    assert_eq!(judged, BURST, "wrong codes judged before the first 429");
    let retry_after = refused.expect("a 429 with Retry-After");
    assert!((60..=600).contains(&retry_after), "about ten minutes for the next try: {retry_after} s");
    // A recovery code counts against the same allowance: the guesser cannot switch kinds.
    let challenge = challenge(&app, "ada@example.com").await;
    let (status, _) = second_step(&app, &challenge, &ada.recovery_codes[0]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(app.count("SELECT COUNT(*) FROM events WHERE type = 'throttled'").await >= 1, "in the history");
}

#[tokio::test]
async fn wrong_recovery_codes_are_counted_like_wrong_authenticator_codes() {
    let app = spawn_app_with(&[]).await;
    let _ada = enrolled(&app, "ada@example.com").await;
    let mut statuses = Vec::new();
    for _ in 0..(BURST + 1) {
        let challenge = challenge(&app, "ada@example.com").await;
        statuses.push(second_step(&app, &challenge, "aaaa-bbbb-cccc").await.0);
    }
    let mut expected = vec![StatusCode::UNAUTHORIZED; BURST];
    expected.push(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(statuses, expected);
}

#[tokio::test]
async fn a_right_code_costs_no_try_so_an_owner_who_mistypes_now_and_then_keeps_signing_in() {
    let app = spawn_app_with(&[]).await;
    let ada = enrolled(&app, "ada@example.com").await;
    // One typo per sign-in, four sign-ins: four wrong codes spent, and eight right ones free.
    for round in 0..4usize {
        let challenge = challenge(&app, "ada@example.com").await;
        assert_eq!(second_step(&app, &challenge, "aaaa-bbbb-cccc").await.0, StatusCode::UNAUTHORIZED);
        let (status, body) = second_step(&app, &challenge, &ada.recovery_codes[round]).await;
        assert_eq!(status, StatusCode::OK, "round {round}: {body}");
    }
    for round in 4..8usize {
        let challenge = challenge(&app, "ada@example.com").await;
        let (status, body) = second_step(&app, &challenge, &ada.recovery_codes[round]).await;
        assert_eq!(status, StatusCode::OK, "round {round}: {body}");
    }
}
