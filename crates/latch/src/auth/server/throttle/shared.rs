//! The throttle of several instances on one PostgreSQL: the same buckets as the in-memory
//! throttle, kept in `throttle_buckets` and spent under row locks, so a burst spread over
//! every instance gets one allowance, not one per instance.

use sqlx::PgPool;

use crate::auth::server::{
    store::throttle::{self as buckets, Bucket},
    throttle::{
        limits::{Key, Limits},
        local::Refused,
    },
};

/// Buckets in PostgreSQL, which every instance spends from.
#[derive(Clone)]
pub struct SharedThrottle {
    limits: Limits,
    pool: PgPool,
}

impl SharedThrottle {
    /// Buckets in `pool`'s database, under `limits`.
    pub fn new(limits: Limits, pool: PgPool) -> Self {
        Self { limits, pool }
    }

    fn buckets(&self, keys: &[Key]) -> Vec<Bucket> {
        keys.iter().map(|key| Bucket { name: key.stored_name(), limit: self.limits.of(key) }).collect()
    }

    /// Takes one attempt from each key's bucket, all or none; refused with the wait.
    pub async fn reserve(&self, keys: &[Key]) -> Result<(), Refused> {
        match buckets::retrying_deadlocks(|| async { buckets::reserve(&self.pool, &mut self.buckets(keys)).await })
            .await
        {
            Ok(verdict) => verdict.map_err(Refused::Wait),
            Err(error) => Err(Refused::Db(error)),
        }
    }

    /// Gives back what `reserve` took: the attempt was no failure.
    pub async fn refund(&self, keys: &[Key]) {
        let refunded =
            buckets::retrying_deadlocks(|| async { buckets::refund(&self.pool, &mut self.buckets(keys)).await });
        if let Err(error) = refunded.await {
            tracing::warn!(%error, "cannot give a throttled attempt back; it stays counted");
        }
    }

    /// Fills `key`'s bucket again (a right password forgives the account's misses).
    pub async fn forgive(&self, key: &Key) {
        if let Err(error) = buckets::refill(&self.pool, &key.stored_name(), self.limits.of(key).burst()).await {
            tracing::warn!(%error, "cannot clear a throttle bucket");
        }
    }
}
