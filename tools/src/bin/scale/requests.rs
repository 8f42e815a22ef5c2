//! The requests of a person, a program and an administrator whose cost at 1,000,000
//! accounts must stay within 1.5x of their cost at 1,000: each measured a round at a time
//! (`pair.rs` sends each round to both sizes' servers at once).

use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use super::admin;
use super::pair::Side;
use super::probe::ok;
use super::shape::{Shape, PASSWORD};
use super::timing::{run, run_while, Timings};

/// One of the rounds a cost is measured in: its share of the cost's requests.
#[derive(Clone, Copy)]
pub struct Round {
    pub index: usize,
    pub of: usize,
}

impl Round {
    /// This round's share of `total` requests, as their indexes in the whole.
    pub fn share(self, total: usize) -> Range<usize> {
        let each = total.div_ceil(self.of);
        (self.index * each).min(total)..((self.index + 1) * each).min(total)
    }
}

/// Every request cost, in the order they are measured.
#[derive(Clone, Copy)]
pub enum Cost {
    MeCold,
    MeWarm,
    Throughput,
    Login,
    Signup,
    AccountPage { attacked: bool },
    AccountJson { attacked: bool },
    EventsFirst,
    EventsDeep,
    AdminSearch,
    AdminNextPage,
    AdminActivity,
    AdminDisable,
    MetricsScrape,
}

/// Requests of each cheap GET over all the rounds: enough that the p99 is not one slow
/// request's luck (the 10th slowest).
const GETS: usize = 1_000;
/// Logins and signups over all the rounds: each an Argon2 hash, about 35 ms of a core.
const HASHED: usize = 200;

/// `/auth/me` at 32 connections for this long a round.
const THROUGHPUT_ROUND: Duration = Duration::from_secs(2);

impl Cost {
    pub const ALL: [Cost; 16] = [
        Cost::MeCold,
        Cost::MeWarm,
        Cost::Throughput,
        Cost::Login,
        Cost::Signup,
        Cost::AccountPage { attacked: false },
        Cost::AccountJson { attacked: false },
        Cost::AccountPage { attacked: true },
        Cost::AccountJson { attacked: true },
        Cost::EventsFirst,
        Cost::EventsDeep,
        Cost::AdminSearch,
        Cost::AdminNextPage,
        Cost::AdminActivity,
        Cost::AdminDisable,
        Cost::MetricsScrape,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cost::MeCold => "/auth/me, a session never seen",
            Cost::MeWarm => "/auth/me, the same session again",
            Cost::Throughput => "/auth/me, 32 connections",
            Cost::Login => "POST /auth/login",
            Cost::Signup => "POST /auth/signup",
            Cost::AccountPage { attacked: false } => "GET /account, an ordinary account",
            Cost::AccountJson { attacked: false } => "GET /auth/account, an ordinary account",
            Cost::AccountPage { attacked: true } => "GET /account, an attacked account",
            Cost::AccountJson { attacked: true } => "GET /auth/account, an attacked account",
            Cost::EventsFirst => "GET /auth/events, first page",
            Cost::EventsDeep => "GET /auth/events, 90,000 events deep",
            Cost::AdminSearch => "GET /auth/admin/people?q=user1, first page",
            Cost::AdminNextPage => "GET /auth/admin/people?q=user1, next page",
            Cost::AdminActivity => "GET /auth/admin/activity (30 days)",
            Cost::AdminDisable => "POST /auth/admin/people/{id}/disable",
            Cost::MetricsScrape => "GET /metrics, a scrape",
        }
    }

    /// This round's requests of this cost against `side`'s server.
    pub async fn measure(self, side: &Side, round: Round) -> Timings {
        let target = &side.target;
        let shape = target.shape;
        match self {
            Cost::MeCold => me_cold(side, round).await,
            Cost::MeWarm => target.get_as(Shape::ADMIN + 100, "/auth/me", round.share(20_000).len(), 4).await,
            Cost::Throughput => throughput(side).await,
            Cost::Login => login(side, round).await,
            Cost::Signup => signup(side, round).await,
            Cost::AccountPage { attacked } => {
                let token = target.bearer(if attacked { Shape::ADMIN + 1 } else { shape.ordinary(3) });
                let cookie = format!("latch_session={}", token.trim_start_matches("Bearer "));
                target.get_with(target.url("/account"), "cookie", cookie, round.share(GETS).len(), 4).await
            }
            Cost::AccountJson { attacked } => {
                let id = if attacked { Shape::ADMIN + 1 } else { shape.ordinary(3) };
                target.get_as(id, "/auth/account", round.share(GETS).len(), 4).await
            }
            Cost::EventsFirst => {
                target.get_as(Shape::ADMIN + 1, "/auth/events?limit=50", round.share(GETS).len(), 4).await
            }
            Cost::EventsDeep => {
                let path = format!("/auth/events?limit=50&before={}", side.deep);
                target.get_as(Shape::ADMIN + 1, &path, round.share(GETS).len(), 4).await
            }
            Cost::AdminSearch => admin::search(side, None, round.share(GETS).len()).await,
            Cost::AdminNextPage => admin::search(side, Some(&side.next_page), round.share(GETS).len()).await,
            Cost::AdminActivity => admin::activity(side, round.share(GETS).len()).await,
            Cost::AdminDisable => admin::disable(side).await,
            Cost::MetricsScrape => {
                target
                    .get_with(
                        format!("{}/metrics", target.metrics_base),
                        "accept",
                        "text/plain".into(),
                        round.share(GETS).len(),
                        1,
                    )
                    .await
            }
        }
    }
}

/// `/auth/me` of sessions never seen (the caches cold: a signature, a session and an account
/// read): this round's share of 1,000 accounts spread over the whole database.
async fn me_cold(side: &Side, round: Round) -> Timings {
    let target = &side.target;
    let shape = target.shape;
    let spread = (shape.accounts / 1_000).max(1);
    let tokens: Arc<Vec<String>> = Arc::new(
        round
            .share(1_000)
            .map(|k| 1 + (6 + k as i64 * spread) % shape.accounts)
            .filter(|id| !shape.is_to_disable(*id))
            .map(|id| target.bearer(id))
            .collect(),
    );
    let (client, url) = (target.client.clone(), target.url("/auth/me"));
    run(tokens.len(), 4, move |index| {
        let request = client.get(&url).header("authorization", &tokens[index]);
        async move { ok(request.send().await, StatusCode::OK).await }
    })
    .await
}

/// 32 connections on `/auth/me` of 32 warm sessions for a round's time.
async fn throughput(side: &Side) -> Timings {
    let target = &side.target;
    let tokens: Arc<Vec<String>> = Arc::new((0..32).map(|k| target.bearer(target.shape.ordinary(100 + k))).collect());
    let (client, url) = (target.client.clone(), target.url("/auth/me"));
    let until = Instant::now() + THROUGHPUT_ROUND;
    run_while(
        32,
        move |index| {
            let request = client.get(&url).header("authorization", &tokens[index % tokens.len()]);
            async move { ok(request.send().await, StatusCode::OK).await }
        },
        move |_| Instant::now() < until,
    )
    .await
}

/// Logins of ordinary accounts (each a hash: Argon2 sets the pace): this round's share of [`HASHED`].
async fn login(side: &Side, round: Round) -> Timings {
    let shape = side.target.shape;
    post_each(
        side,
        round,
        "/auth/login",
        move |n| serde_json::json!({"email": Shape::email(shape.ordinary(n as i64)), "password": PASSWORD}),
    )
    .await
}

/// Signups with new addresses: this round's share of [`HASHED`].
async fn signup(side: &Side, round: Round) -> Timings {
    let run_id = side.run_id;
    post_each(side, round, "/auth/signup", move |n| {
        serde_json::json!({"email": format!("new{run_id}-{n}@example.net"), "username": "New Person", "password": PASSWORD})
    })
    .await
}

/// POSTs this round's share of [`HASHED`] JSON bodies to `path`, two at a time; `body(n)`
/// is the `n`th of all the rounds' bodies. 200 is good.
async fn post_each(
    side: &Side,
    round: Round,
    path: &str,
    body: impl Fn(usize) -> serde_json::Value + Send + Sync + 'static,
) -> Timings {
    let (client, url) = (side.target.client.clone(), side.target.url(path));
    let share = round.share(HASHED);
    run(share.len(), 2, move |index| {
        let request = client.post(&url).json(&body(share.start + index));
        async move { ok(request.send().await, StatusCode::OK).await }
    })
    .await
}
