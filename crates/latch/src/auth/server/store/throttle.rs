//! The `throttle_buckets` table (PostgreSQL only): the buckets every instance spends from.
//! Time is the database's clock, so instances whose clocks disagree still agree on refills.

use std::time::Duration;

use sqlx::{PgPool, Postgres, Transaction};

use super::{super::throttle::limits::Limit, execute_in};

/// A bucket to spend from: its name and its limit.
pub struct Bucket {
    /// The bucket's key.
    pub name: String,
    /// Its burst and refill.
    pub limit: Limit,
}

/// Takes one attempt from every bucket, or from none: `Ok(Err(wait))` names the longest wait
/// when one is empty. One transaction: missing buckets are created full, then every bucket is
/// locked (in name order, so two reservations cannot deadlock), checked, and spent.
pub async fn reserve(pool: &PgPool, buckets: &mut [Bucket]) -> Result<Result<(), Duration>, sqlx::Error> {
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = buckets.iter().map(|bucket| bucket.name.as_str()).collect();
    let fulls: Vec<f64> = buckets.iter().map(|bucket| bucket.limit.burst()).collect();
    let mut transaction = pool.begin().await?;
    execute_in!(
        transaction,
        "INSERT INTO throttle_buckets (name, tokens, updated_at)
         SELECT name, tokens, EXTRACT(EPOCH FROM clock_timestamp())
         FROM UNNEST($1::TEXT[], $2::DOUBLE PRECISION[]) AS new (name, tokens)
         ORDER BY name
         ON CONFLICT (name) DO NOTHING",
        &names,
        &fulls
    );
    let held = locked_tokens(&mut transaction, &names).await?;
    let mut spent = Vec::with_capacity(buckets.len());
    let mut wait = Duration::ZERO;
    for bucket in buckets.iter() {
        // A bucket deleted since the insert above (forgiven) is full again.
        let tokens = held
            .iter()
            .find(|(name, ..)| *name == bucket.name)
            .map_or(bucket.limit.burst(), |(_, tokens, elapsed)| bucket.limit.refilled(*tokens, *elapsed));
        if tokens < 1.0 {
            wait = wait.max(bucket.limit.wait_for_one(tokens));
        }
        spent.push(tokens - 1.0);
    }
    if wait > Duration::ZERO {
        // Rolled back on drop: nothing is spent.
        return Ok(Err(wait));
    }
    write_tokens(&mut transaction, &names, &spent).await?;
    transaction.commit().await?;
    Ok(Ok(()))
}

/// Gives one attempt back to each bucket, never past full.
pub async fn refund(pool: &PgPool, buckets: &mut [Bucket]) -> Result<(), sqlx::Error> {
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = buckets.iter().map(|bucket| bucket.name.as_str()).collect();
    let mut transaction = pool.begin().await?;
    let rows = locked_tokens(&mut transaction, &names).await?;
    let (mut held, mut refunded) = (Vec::new(), Vec::new());
    for (name, tokens, elapsed) in rows {
        let Some(bucket) = buckets.iter().find(|bucket| bucket.name == name) else { continue };
        refunded.push((bucket.limit.refilled(tokens, elapsed) + 1.0).min(bucket.limit.burst()));
        held.push(bucket.name.as_str());
    }
    write_tokens(&mut transaction, &held, &refunded).await?;
    transaction.commit().await
}

/// The buckets named, locked until the transaction ends (in name order: two transactions
/// over the same buckets cannot deadlock), with their tokens and the seconds since each was
/// written. A bucket someone deleted is not among them.
async fn locked_tokens(
    transaction: &mut Transaction<'_, Postgres>,
    names: &[&str],
) -> Result<Vec<(String, f64, f64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, tokens, EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION - updated_at
         FROM throttle_buckets WHERE name = ANY($1) ORDER BY name FOR UPDATE",
    )
    .bind(names)
    .fetch_all(&mut **transaction)
    .await
}

/// Writes each bucket's tokens (`names` and `tokens` pair up), creating it if it was deleted.
async fn write_tokens(
    transaction: &mut Transaction<'_, Postgres>,
    names: &[&str],
    tokens: &[f64],
) -> Result<(), sqlx::Error> {
    debug_assert_eq!(names.len(), tokens.len());
    sqlx::query(
        "INSERT INTO throttle_buckets (name, tokens, updated_at)
         SELECT name, tokens, EXTRACT(EPOCH FROM clock_timestamp())
         FROM UNNEST($1::TEXT[], $2::DOUBLE PRECISION[]) AS new (name, tokens)
         ORDER BY name
         ON CONFLICT (name) DO UPDATE SET tokens = EXCLUDED.tokens, updated_at = EXCLUDED.updated_at",
    )
    .bind(names)
    .bind(tokens)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// Fills a bucket up again (what forgetting it means: a new bucket is full). The row stays,
/// so a reservation never finds it gone between creating it and locking it; the pruner
/// deletes buckets an hour after their last use.
pub async fn refill(pool: &PgPool, name: &str, full: f64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE throttle_buckets SET tokens = $2, updated_at = EXTRACT(EPOCH FROM clock_timestamp()) WHERE name = $1",
    )
    .bind(name)
    .bind(full)
    .execute(pool)
    .await?;
    Ok(())
}

/// Runs a throttle transaction again when PostgreSQL chose it as a deadlock's victim (it was
/// rolled back whole, so nothing was spent): rare, since every transaction locks in name
/// order, but possible when the pruner deletes a bucket a reservation is about to lock.
pub async fn retrying_deadlocks<T, F, Fut>(mut attempt: F) -> Result<T, sqlx::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(sqlx::Error::Database(error))
                if tries < 3 && matches!(error.code().as_deref(), Some("40P01" | "40001")) =>
            {
                tries += 1;
            }
            outcome => return outcome,
        }
    }
}
