//! The administrator's costs: the console's search by a prefix of the address and its next
//! page, the activity chart's 30 days, and disabling an account (then enabling it again, untimed, so the cached database
//! stays as generated).

use reqwest::StatusCode;

use super::probe::Target;
use super::shape::{Shape, PASSWORD};
use super::timing::run;

pub async fn admin(target: &Target) -> Vec<serde_json::Value> {
    let bearer = target.bearer(Shape::ADMIN);
    let client = target.client.clone();
    // Changing an account needs a proof of the password within ten minutes.
    let proved = client
        .post(format!("{}/auth/reauthenticate", target.base))
        .header("authorization", &bearer)
        .json(&serde_json::json!({"password": PASSWORD}))
        .send()
        .await
        .is_ok_and(|answer| answer.status() == StatusCode::NO_CONTENT);
    // A prefix that matches about a ninth of every size's accounts: `user1…`.
    let search = format!("{}/auth/admin/people?q=user1&limit=25", target.base);
    let next = match client.get(&search).header("authorization", &bearer).send().await {
        Ok(answer) => {
            answer.json::<serde_json::Value>().await.ok().and_then(|page| page["next"].as_str().map(str::to_owned))
        }
        Err(_) => None,
    };
    let first = get(target, &bearer, search.clone(), 200).await;
    let second = get(target, &bearer, format!("{search}&after={}", next.unwrap_or_default()), 200).await;
    let activity = get(target, &bearer, format!("{}/auth/admin/activity", target.base), 20).await;
    let accounts: Vec<i64> = (0..30).map(|k| target.shape.to_disable(k)).collect();
    let disable = act(target, &bearer, &accounts, "disable").await;
    act(target, &bearer, &accounts, "enable").await;
    vec![
        serde_json::json!({"name": "administrator proved the password", "ok": proved}),
        first.json("GET /auth/admin/people?q=user1, first page"),
        second.json("GET /auth/admin/people?q=user1, next page"),
        activity.json("GET /auth/admin/activity (30 days)"),
        disable.json("POST /auth/admin/people/{id}/disable"),
    ]
}

async fn get(target: &Target, bearer: &str, url: String, count: usize) -> super::timing::Timings {
    let (client, bearer) = (target.client.clone(), bearer.to_owned());
    run(count, 4, move |_| {
        let request = client.get(&url).header("authorization", &bearer);
        async move { request.send().await.is_ok_and(|answer| answer.status() == StatusCode::OK) }
    })
    .await
}

async fn act(target: &Target, bearer: &str, accounts: &[i64], action: &str) -> super::timing::Timings {
    let (client, bearer, accounts) = (target.client.clone(), bearer.to_owned(), accounts.to_vec());
    let base = format!("{}/auth/admin/people", target.base);
    let action = action.to_owned();
    run(accounts.len(), 2, move |index| {
        let request = client.post(format!("{base}/{}/{action}", accounts[index])).header("authorization", &bearer);
        async move { request.send().await.is_ok_and(|answer| answer.status() == StatusCode::OK) }
    })
    .await
}
