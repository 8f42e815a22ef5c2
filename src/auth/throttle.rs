//! Throttling of login failures and signups: token buckets in memory, one per client address
//! and one per account, consulted before any hashing so a refused attempt costs nothing.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// What is being counted, and for whom.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    LoginFailuresFromAddress(IpAddr),
    /// By normalized email, whether or not an account exists: an unknown email is throttled
    /// exactly like a real one, so throttling reveals nothing.
    LoginFailuresForAccount(String),
    SignupsFromAddress(IpAddr),
}

/// At most `per_hour` events in any hour: a burst of a tenth of that, then a steady refill.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    burst: f64,
    refill_every: Duration,
}

impl Limit {
    pub fn per_hour(per_hour: u32) -> Self {
        let per_hour = per_hour.max(1);
        let burst = (per_hour / 10).max(1);
        let steady = (per_hour - burst).max(1);
        Self { burst: f64::from(burst), refill_every: Duration::from_secs_f64(3600.0 / f64::from(steady)) }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub login_failures_per_address: Limit,
    pub login_failures_per_account: Limit,
    pub signups_per_address: Limit,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets are dropped once full again, and the map is swept when it grows past this.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Clone)]
pub struct Throttle {
    limits: Limits,
    buckets: Arc<Mutex<HashMap<Key, Bucket>>>,
}

impl Throttle {
    pub fn new(limits: Limits) -> Self {
        Self { limits, buckets: Arc::new(Mutex::new(HashMap::new())) }
    }

    fn limit(&self, key: &Key) -> Limit {
        match key {
            Key::LoginFailuresFromAddress(_) => self.limits.login_failures_per_address,
            Key::LoginFailuresForAccount(_) => self.limits.login_failures_per_account,
            Key::SignupsFromAddress(_) => self.limits.signups_per_address,
        }
    }

    /// `Err(wait)` when `key` has no attempt left; nothing is spent either way.
    pub fn check(&self, key: &Key) -> Result<(), Duration> {
        self.with_bucket(key, |bucket, limit| {
            if bucket.tokens >= 1.0 {
                Ok(())
            } else {
                Err(limit.refill_every.mul_f64(1.0 - bucket.tokens))
            }
        })
    }

    /// Spends one attempt of `key`.
    pub fn spend(&self, key: &Key) {
        self.with_bucket(key, |bucket, _| bucket.tokens = (bucket.tokens - 1.0).max(0.0));
    }

    /// Forgets `key` (a successful login clears its account's failures).
    pub fn forgive(&self, key: &Key) {
        self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(key);
    }

    fn with_bucket<T>(&self, key: &Key, f: impl FnOnce(&mut Bucket, Limit) -> T) -> T {
        let limit = self.limit(key);
        let now = Instant::now();
        // A poisoned lock only means another thread panicked mid-update of plain numbers.
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > SWEEP_ABOVE {
            buckets.retain(|key, bucket| refilled(bucket, self.limit(key), now) < self.limit(key).burst);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket { tokens: limit.burst, updated: now });
        bucket.tokens = refilled(bucket, limit, now);
        bucket.updated = now;
        f(bucket, limit)
    }
}

fn refilled(bucket: &Bucket, limit: Limit, now: Instant) -> f64 {
    let earned = now.duration_since(bucket.updated).as_secs_f64() / limit.refill_every.as_secs_f64();
    (bucket.tokens + earned).min(limit.burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_hour: u32) -> Throttle {
        let limit = Limit::per_hour(per_hour);
        Throttle::new(Limits { login_failures_per_address: limit, login_failures_per_account: limit, signups_per_address: limit })
    }

    #[test]
    fn a_burst_of_a_tenth_of_the_hourly_limit_is_allowed_then_refused_with_a_wait() {
        let throttle = throttle(100);
        let key = Key::LoginFailuresForAccount("ada@example.com".into());
        for _ in 0..10 {
            assert!(throttle.check(&key).is_ok());
            throttle.spend(&key);
        }
        let wait = throttle.check(&key).unwrap_err();
        // 90 more per hour: one every 40 seconds.
        assert!(wait > Duration::from_secs(39) && wait <= Duration::from_secs(40), "{wait:?}");
    }

    #[test]
    fn the_hourly_limit_holds_over_a_whole_hour() {
        let limit = Limit::per_hour(100);
        let refills_in_an_hour = 3600.0 / limit.refill_every.as_secs_f64();
        assert!((limit.burst + refills_in_an_hour - 100.0).abs() < 1e-6);
    }

    #[test]
    fn keys_are_counted_apart_and_forgiving_resets_one() {
        let throttle = throttle(10);
        let ada = Key::LoginFailuresForAccount("ada".into());
        let bob = Key::LoginFailuresForAccount("bob".into());
        throttle.spend(&ada);
        assert!(throttle.check(&ada).is_err());
        assert!(throttle.check(&bob).is_ok());
        throttle.forgive(&ada);
        assert!(throttle.check(&ada).is_ok());
    }
}
