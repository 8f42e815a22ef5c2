//! The request costs at both sizes side by side: both sizes' servers run at once, and each
//! cost's requests go to both at the same moment, as many in flight on each. Whatever the
//! machine does meanwhile (the other process's background work, the kernel writing back, a
//! neighbour on the host stalling both cores for a tenth of a second) then falls on both
//! sizes alike, and the ratio of their p99s (and of the hot path's rates) is the data's, not
//! the minute's. Measured one after the other, even in alternating rounds, one stall was
//! enough to put a read's p99 over 1.5x, or the hot path's rate 12 % down, on either side.
//! Each side's figures include the other's load: its times are higher, and its rate lower,
//! than one server's alone.

use super::admin;
use super::connection::Conn;
use super::probe::Target;
use super::requests::{Cost, Round};
use super::shape::Shape;
use super::timing::Timings;

/// Rounds per cost: each a fifth of its requests.
pub const ROUNDS: usize = 5;

/// One size's server and what its costs need, found once before the rounds.
pub struct Side {
    pub target: Target,
    /// The administrator's bearer token, the password proved.
    pub admin: String,
    /// The cursor of the console search's second page.
    pub next_page: String,
    /// The id 90,000 events deep in the attacked account's history.
    pub deep: i64,
    /// Tells this run's signups from an earlier run's.
    pub run_id: i64,
}

impl Side {
    pub async fn prepare(target: Target, run_id: i64) -> Result<Self, super::Failure> {
        let (admin, next_page) = admin::prepare(&target).await?;
        let attacked = Shape::ADMIN + 1;
        let mut conn = Conn::open(&target.database_url).await?;
        let deep = conn
            .number(&format!("SELECT id FROM events WHERE user_id = {attacked} ORDER BY id DESC LIMIT 1 OFFSET 90000"))
            .await?;
        conn.close().await?;
        Ok(Self { target, admin, next_page, deep, run_id })
    }
}

/// Every request cost on both sides, in [`ROUNDS`] rounds: one JSON line per cost and side,
/// its `accounts` saying which.
pub async fn measure(sides: &[Side; 2]) -> Vec<serde_json::Value> {
    let mut lines = Vec::new();
    for cost in Cost::ALL {
        let mut timings = [Timings::default(), Timings::default()];
        for index in 0..ROUNDS {
            let round = Round { index, of: ROUNDS };
            let (small, large) = tokio::join!(cost.measure(&sides[0], round), cost.measure(&sides[1], round));
            timings[0].add(small);
            timings[1].add(large);
        }
        for (side, timings) in sides.iter().zip(timings) {
            let mut line = timings.json(cost.name());
            line["accounts"] = side.target.shape.accounts.into();
            line["rounds"] = ROUNDS.into();
            lines.push(line);
        }
    }
    lines
}
