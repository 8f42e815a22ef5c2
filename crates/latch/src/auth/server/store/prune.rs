//! Pruning: what no request can use any more leaves the database on a schedule, in batches.
//!
//! Each statement deletes at most [`PRUNE_BATCH`] rows and commits on its own, so no round
//! holds SQLite's write lock (or PostgreSQL's row locks) for longer than one batch takes: a
//! database that missed rounds (a deploy, an outage, a new install on old data) is caught up
//! over many short statements, with sign-ins and sign-ups writing between them. Measured on
//! SQLite with 1,000,000 expired sessions: one statement held the write lock 2.77 s; a batch
//! of 2,000 takes 6-8 ms.

use super::{on_db, Db, StoreError};

/// How long a message stays in the outbox once sent, for `/dev/mail` and for support.
pub const MAIL_KEPT_SECS: i64 = 7 * 24 * 3600;

/// The most rows one pruning statement deletes.
pub const PRUNE_BATCH: i64 = 1_000;

/// The lock an instance holds while it prunes: the others skip that round (no double work);
/// deleting what is dead is idempotent, so a round that fails is redone by the next (no lost
/// work). Any constant unique to Latch: "latch" in ASCII.
pub const PRUNER_LOCK: i64 = 0x6c_61_74_63_68;

/// What a round deletes: each table's dead rows, found by an indexed condition (`$1` the
/// cutoff) and named by its key. A device cookie lives 400 days, so a device unseen for longer
/// cannot be presented again; a message sent (or given up) a week ago has nothing left to do.
fn dead_rows(now: i64, events_before: i64) -> [(&'static str, &'static str, &'static str, i64); 13] {
    [
        ("sessions", "id", "expires_at <= $1", now),
        // Every revoked session, whatever its revocation time (another instance's clock).
        ("sessions", "id", "revoked_at IS NOT NULL AND revoked_at > $1", i64::MIN),
        ("events", "id", "at < $1", events_before),
        // The activity chart's counts live as long as the events they count.
        ("activity_days", "day, kind", "day < $1", events_before),
        ("login_challenges", "id", "expires_at <= $1", now),
        ("webauthn_ceremonies", "id", "expires_at <= $1", now),
        ("email_tokens", "id", "expires_at <= $1", now),
        ("admin_views", "id", "expires_at <= $1", now),
        ("provider_flows", "flow_hash", "expires_at <= $1", now),
        ("sign_in_alerts", "id", "expires_at <= $1", now),
        ("email_sign_ins", "id", "expires_at <= $1", now),
        ("known_devices", "user_id, device_hash", "last_seen_at < $1", now - 400 * 86_400),
        ("outbox", "id", "created_at < $1 AND (sent_at IS NOT NULL OR gave_up_at IS NOT NULL)", now - MAIL_KEPT_SECS),
    ]
}

/// Deletes sessions that expired or were revoked (no token naming them can work again),
/// events older than `events_before`, expired links, challenges and ceremonies, forgotten
/// devices, old mail, and (PostgreSQL) throttle buckets untouched for an hour (full again:
/// every limit refills within the hour), [`PRUNE_BATCH`] rows a statement. On PostgreSQL only
/// the instance that takes the pruner's lock prunes, and the others get `None`.
pub async fn prune(db: &Db, now: i64, events_before: i64) -> Result<Option<u64>, StoreError> {
    prune_in_batches(db, now, events_before, PRUNE_BATCH).await
}

/// [`prune`] with batches of `batch` rows (the tests' small batches).
pub async fn prune_in_batches(db: &Db, now: i64, events_before: i64, batch: i64) -> Result<Option<u64>, StoreError> {
    let deleted = on_db!(db, pool => {
        // One connection for the round: on PostgreSQL it holds the session-level lock, which
        // ends with the connection should the process die mid-round.
        let mut connection = pool.acquire().await?;
        let postgres = matches!(db, Db::Postgres(_));
        if postgres {
            let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                .bind(PRUNER_LOCK)
                .fetch_one(&mut *connection)
                .await?;
            if !locked {
                return Ok(None);
            }
        }
        let mut deleted = 0u64;
        let round = async {
            if postgres {
                let buckets = "DELETE FROM throttle_buckets WHERE name IN (SELECT name FROM throttle_buckets
                     WHERE updated_at < EXTRACT(EPOCH FROM clock_timestamp()) - 3600 LIMIT $1)";
                loop {
                    let done = sqlx::query(buckets).bind(batch).execute(&mut *connection).await?.rows_affected();
                    deleted += done;
                    if done < batch as u64 {
                        break;
                    }
                }
            }
            for (table, key, condition, cutoff) in dead_rows(now, events_before) {
                let sql = format!(
                    "DELETE FROM {table} WHERE ({key}) IN (SELECT {key} FROM {table} WHERE {condition} LIMIT $2)"
                );
                loop {
                    let done =
                        sqlx::query(&sql).bind(cutoff).bind(batch).execute(&mut *connection).await?.rows_affected();
                    deleted += done;
                    if done < batch as u64 {
                        break;
                    }
                    // Between batches the writers waiting for the lock go first.
                    tokio::task::yield_now().await;
                }
            }
            Ok::<_, sqlx::Error>(())
        }
        .await;
        if postgres {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)").bind(PRUNER_LOCK).execute(&mut *connection).await;
            // A lock that cannot be given back goes with the connection.
            if unlocked.is_err() {
                connection.close_on_drop();
            }
        }
        round?;
        deleted
    });
    Ok(Some(deleted))
}
