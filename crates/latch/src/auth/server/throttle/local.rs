//! Throttling of login failures and signups: token buckets consulted before any hashing, so
//! a refused attempt costs nothing. An attempt is reserved from every bucket it counts
//! against in one step, and given back if it turns out not to be a failure: fifty guesses
//! sent at once get exactly as many verdicts as fifty sent in a row. On SQLite (one process)
//! the buckets live in memory, under one lock; on PostgreSQL they live in the database, under
//! row locks (`shared.rs`), so every instance spends from the same allowance.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use super::limits::{Key, Limit, Limits};

/// Past this many buckets the oldest is dropped to make room, so memory stays bounded
/// (about 30 MB) whatever keys arrive. Full buckets are dropped long before: they carry
/// nothing a fresh bucket would not.
pub const MAX_BUCKETS: usize = 200_000;
/// Buckets looked at per call by the sweep that drops full ones: enough to keep up with the
/// at most three buckets a call creates, so every call is O(1) amortised.
const SWEEP_PER_CALL: usize = 4;

struct Bucket {
    tokens: f64,
    updated: Instant,
    /// Which entry of the sweep queue stands for this bucket (a key can be dropped and
    /// created again; its older queue entries are then stale).
    serial: u64,
}

#[derive(Default)]
struct Buckets {
    map: HashMap<Key, Bucket>,
    /// Keys in the order their buckets were created (or last looked at by the sweep).
    queue: VecDeque<(Key, u64)>,
    next_serial: u64,
    /// Queue entries looked at, for the test that keeps every call O(1).
    swept: u64,
}

/// Why an attempt may not go ahead.
#[derive(Debug)]
pub enum Refused {
    /// A bucket is empty: try again after this long.
    Wait(Duration),
    /// The shared buckets could not be read: the attempt is neither allowed nor counted.
    Db(sqlx::Error),
}

/// The buckets of one process, in memory.
#[derive(Clone)]
pub struct LocalThrottle {
    limits: Limits,
    buckets: Arc<Mutex<Buckets>>,
}

impl LocalThrottle {
    /// Buckets in this process's memory, under `limits`.
    pub fn new(limits: Limits) -> Self {
        Self { limits, buckets: Arc::default() }
    }

    fn limit(&self, key: &Key) -> Limit {
        self.limits.of(key)
    }

    /// Takes one attempt from every key, or from none: `Err(wait)` names the longest wait
    /// when any key has no attempt left. Check and spend are one step under one lock, so
    /// requests arriving together cannot all pass the check before any spends.
    pub fn reserve(&self, keys: &[Key]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.lock();
        buckets.sweep(now, |key| self.limit(key));
        let mut wait = Duration::ZERO;
        for key in keys {
            let limit = self.limit(key);
            let tokens = buckets.map.get(key).map_or(limit.burst(), |bucket| refilled(bucket, limit, now));
            if tokens < 1.0 {
                wait = wait.max(limit.wait_for_one(tokens));
            }
        }
        if wait > Duration::ZERO {
            return Err(wait);
        }
        for key in keys {
            let limit = self.limit(key);
            let bucket = buckets.entry(key, limit, now);
            bucket.tokens = refilled(bucket, limit, now) - 1.0;
            bucket.updated = now;
        }
        Ok(())
    }

    /// Gives back what `reserve` took, for an attempt that was not a failure after all (a
    /// right password, a server too busy to judge it).
    pub fn refund(&self, keys: &[Key]) {
        let now = Instant::now();
        let mut buckets = self.lock();
        for key in keys {
            let limit = self.limit(key);
            if let Some(bucket) = buckets.map.get_mut(key) {
                bucket.tokens = (refilled(bucket, limit, now) + 1.0).min(limit.burst());
                bucket.updated = now;
            }
        }
    }

    /// Forgets `key` (a right password clears that account's failures from that address).
    pub fn forgive(&self, key: &Key) {
        self.lock().map.remove(key);
    }

    /// How many buckets are held, and how many queue entries the sweep has looked at so far.
    pub fn footprint(&self) -> (usize, u64) {
        let buckets = self.lock();
        (buckets.map.len(), buckets.swept)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Buckets> {
        // A poisoned lock only means another thread panicked mid-update of plain numbers.
        self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Buckets {
    /// The bucket of `key`, created full if it has none; the oldest bucket makes room at
    /// the cap.
    fn entry(&mut self, key: &Key, limit: Limit, now: Instant) -> &mut Bucket {
        if !self.map.contains_key(key) {
            while self.map.len() >= MAX_BUCKETS {
                let Some((oldest, serial)) = self.queue.pop_front() else { break };
                self.swept += 1;
                if self.map.get(&oldest).is_some_and(|bucket| bucket.serial == serial) {
                    self.map.remove(&oldest);
                }
            }
            self.next_serial += 1;
            self.queue.push_back((key.clone(), self.next_serial));
            let bucket = Bucket { tokens: limit.burst(), updated: now, serial: self.next_serial };
            self.map.insert(key.clone(), bucket);
        }
        self.map.get_mut(key).expect("inserted above")
    }

    /// Looks at the few oldest queue entries: a full bucket is dropped, a stale entry
    /// forgotten, a bucket still refilling goes to the back of the queue.
    fn sweep(&mut self, now: Instant, limit_of: impl Fn(&Key) -> Limit) {
        for _ in 0..SWEEP_PER_CALL.min(self.queue.len()) {
            let Some((key, serial)) = self.queue.pop_front() else { break };
            self.swept += 1;
            let Some(bucket) = self.map.get(&key).filter(|bucket| bucket.serial == serial) else { continue };
            let limit = limit_of(&key);
            if refilled(bucket, limit, now) >= limit.burst() {
                self.map.remove(&key);
            } else {
                self.queue.push_back((key, serial));
            }
        }
    }
}

fn refilled(bucket: &Bucket, limit: Limit, now: Instant) -> f64 {
    limit.refilled(bucket.tokens, now.duration_since(bucket.updated).as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::server::throttle::address::AddressKey;
    use std::net::IpAddr;

    fn throttle(per_hour: u32) -> LocalThrottle {
        let limit = Limit::per_hour(per_hour);
        LocalThrottle::new(Limits::uniform(limit))
    }

    fn account(name: &str) -> Key {
        Key::LoginFailuresForAccount(name.into())
    }

    #[test]
    fn a_burst_of_a_tenth_of_the_hourly_limit_is_allowed_then_refused_with_a_wait() {
        let throttle = throttle(100);
        let key = account("ada@example.com");
        for _ in 0..10 {
            assert!(throttle.reserve(std::slice::from_ref(&key)).is_ok());
        }
        let wait = throttle.reserve(&[key]).unwrap_err();
        // 90 more per hour: one every 40 seconds.
        assert!(wait > Duration::from_secs(39) && wait <= Duration::from_secs(40), "{wait:?}");
    }

    #[test]
    fn the_hourly_limit_holds_over_a_whole_hour() {
        let limit = Limit::per_hour(100);
        let refills_in_an_hour = 3600.0 / limit.refill_secs();
        assert!((limit.burst() + refills_in_an_hour - 100.0).abs() < 1e-6);
    }

    #[test]
    fn a_reservation_takes_from_every_key_or_from_none() {
        let throttle = throttle(10);
        let (ada, bob) = (account("ada"), account("bob"));
        throttle.reserve(std::slice::from_ref(&ada)).unwrap();
        // ada is empty: bob must not pay for a refused attempt.
        assert!(throttle.reserve(&[bob.clone(), ada.clone()]).is_err());
        assert!(throttle.reserve(std::slice::from_ref(&bob)).is_ok());
        throttle.refund(std::slice::from_ref(&ada));
        assert!(throttle.reserve(std::slice::from_ref(&ada)).is_ok(), "a refund gives the attempt back");
        throttle.forgive(&ada);
        assert!(throttle.reserve(&[ada]).is_ok(), "forgiven");
    }

    #[test]
    fn a_hundred_thousand_distinct_keys_cost_o1_each_and_memory_stays_bounded() {
        let throttle = throttle(100);
        let calls = 100_000u64;
        for i in 1..=calls {
            let address = AddressKey::from(IpAddr::from((i as u32).to_be_bytes()));
            throttle.reserve(&[Key::LoginFailuresFromAddress(address)]).unwrap();
            // Checked as it goes: a sweep of the whole map per call (the old design) fails
            // here within the first thousand calls instead of running for hours.
            if i % 1_000 == 0 {
                let (held, swept) = throttle.footprint();
                assert!(held <= MAX_BUCKETS, "{held} buckets");
                assert!(swept <= i * SWEEP_PER_CALL as u64, "{swept} entries looked at for {i} calls");
            }
        }
    }

    #[test]
    fn the_cap_drops_the_oldest_bucket_first() {
        let (throttle, now) = (throttle(10), Instant::now());
        let mut buckets = throttle.lock();
        let key = |i: u32| Key::SignupsFromAddress(AddressKey::from(IpAddr::from(i.to_be_bytes())));
        for i in 0..(MAX_BUCKETS + 5) as u32 {
            buckets.entry(&key(i), Limit::per_hour(10), now).tokens = 0.0;
        }
        assert_eq!(buckets.map.len(), MAX_BUCKETS);
        assert!(!buckets.map.contains_key(&key(0)) && buckets.map.contains_key(&key(MAX_BUCKETS as u32 + 4)));
    }
}
