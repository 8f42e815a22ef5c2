//! The administrator's costs: the console's search by a prefix of the address and its next
//! page, the activity chart's 30 days, and disabling an account (each enabled again in the
//! same round, untimed, so the next round and the cached database find it as generated).

use reqwest::StatusCode;

use super::pair::Side;
use super::probe::Target;
use super::shape::{Shape, PASSWORD};
use super::timing::{run, Timings};

/// Accounts disabled at a time: as many of those [`Shape::to_disable`] names as the
/// 1,000-account database holds.
const DISABLED: usize = 50;

/// Times a round disables them (and enables them again): 200 disables a round, 1,000 in all,
/// so that the p99 is the tenth slowest and not the third. A write's tail here is the disk's
/// `fsync`, which moves between runs at both sizes alike.
const CYCLES: usize = 4;

/// A prefix that matches about a ninth of every size's accounts: `user1…`.
const SEARCH: &str = "/auth/admin/people?q=user1&limit=25";

/// The administrator's bearer token, with the password proved (changing an account needs a
/// proof within ten minutes), and the cursor of the search's second page.
pub async fn prepare(target: &Target) -> Result<(String, String), String> {
    let bearer = target.bearer(Shape::ADMIN);
    let proved = target
        .client
        .post(target.url("/auth/reauthenticate"))
        .header("authorization", &bearer)
        .json(&serde_json::json!({"password": PASSWORD}))
        .send()
        .await
        .is_ok_and(|answer| answer.status() == StatusCode::NO_CONTENT);
    if !proved {
        return Err(format!("{}: the administrator's password was not accepted", target.base));
    }
    let page: serde_json::Value = target
        .client
        .get(target.url(SEARCH))
        .header("authorization", &bearer)
        .send()
        .await
        .map_err(|problem| problem.to_string())?
        .json()
        .await
        .map_err(|problem| problem.to_string())?;
    let next = page["next"].as_str().ok_or_else(|| format!("{}: the search has no second page", target.base))?;
    Ok((bearer, next.to_owned()))
}

/// The search's first page, or the page after `after`, `count` times.
pub async fn search(side: &Side, after: Option<&str>, count: usize) -> Timings {
    let target = &side.target;
    let url = match after {
        Some(cursor) => target.url(&format!("{SEARCH}&after={cursor}")),
        None => target.url(SEARCH),
    };
    target.get_with(url, "authorization", side.admin.clone(), count, 4).await
}

/// The activity chart's 30 days, `count` times.
pub async fn activity(side: &Side, count: usize) -> Timings {
    let target = &side.target;
    target.get_with(target.url("/auth/admin/activity"), "authorization", side.admin.clone(), count, 4).await
}

/// Disables the [`DISABLED`] accounts, timed, and enables them again, untimed; [`CYCLES`] times.
pub async fn disable(side: &Side) -> Timings {
    let mut disabled = Timings::default();
    for _ in 0..CYCLES {
        disabled.add(act(side, "disable").await);
        act(side, "enable").await;
    }
    disabled
}

async fn act(side: &Side, action: &'static str) -> Timings {
    let target = &side.target;
    let accounts: Vec<i64> = (0..DISABLED).map(|k| target.shape.to_disable(k as i64)).collect();
    let (client, bearer, base) = (target.client.clone(), side.admin.clone(), target.url("/auth/admin/people"));
    run(accounts.len(), 2, move |index| {
        let request = client.post(format!("{base}/{}/{action}", accounts[index])).header("authorization", &bearer);
        async move { request.send().await.is_ok_and(|answer| answer.status() == StatusCode::OK) }
    })
    .await
}
