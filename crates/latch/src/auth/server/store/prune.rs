//! Pruning: what no request can use any more leaves the database on a schedule.

use super::{execute_in, on_db, Db, StoreError};

/// How long a message stays in the outbox once sent, for `/dev/mail` and for support.
pub const MAIL_KEPT_SECS: i64 = 7 * 24 * 3600;

/// The lock an instance holds while it prunes: the others skip that round (no double work);
/// deleting what is dead is idempotent, so a round that fails is redone by the next (no lost
/// work). Any constant unique to Latch: "latch" in ASCII.
pub const PRUNER_LOCK: i64 = 0x6c_61_74_63_68;

/// Deletes sessions that expired or were revoked (no token naming them can work again),
/// events older than `events_before`, and throttle buckets untouched for an hour (full again:
/// every limit refills within the hour). One transaction; on PostgreSQL only the instance
/// that takes the pruner's lock does it, and the others get `None`.
pub async fn prune(db: &Db, now: i64, events_before: i64) -> Result<Option<u64>, StoreError> {
    let deleted = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        if let Db::Postgres(_) = db {
            let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
                .bind(PRUNER_LOCK)
                .fetch_one(&mut *transaction)
                .await?;
            if !locked {
                return Ok(None);
            }
            execute_in!(
                transaction,
                "DELETE FROM throttle_buckets WHERE updated_at < EXTRACT(EPOCH FROM clock_timestamp()) - 3600"
            );
        }
        let sessions =
            execute_in!(transaction, "DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL", now);
        let events = execute_in!(transaction, "DELETE FROM events WHERE at < $1", events_before);
        let challenges = execute_in!(transaction, "DELETE FROM login_challenges WHERE expires_at <= $1", now)
            + execute_in!(transaction, "DELETE FROM webauthn_ceremonies WHERE expires_at <= $1", now);
        let tokens = execute_in!(transaction, "DELETE FROM email_tokens WHERE expires_at <= $1", now)
            + execute_in!(transaction, "DELETE FROM admin_views WHERE expires_at <= $1", now)
            + execute_in!(transaction, "DELETE FROM provider_flows WHERE expires_at <= $1", now)
            + execute_in!(transaction, "DELETE FROM sign_in_alerts WHERE expires_at <= $1", now)
            + execute_in!(transaction, "DELETE FROM email_sign_ins WHERE expires_at <= $1", now);
        // A device cookie lives 400 days: a device unseen for longer cannot be presented again.
        let devices = execute_in!(transaction, "DELETE FROM known_devices WHERE last_seen_at < $1", now - 400 * 86_400);
        // Sent (or given up) a week ago: nothing left to do with it.
        let mails = execute_in!(
            transaction,
            "DELETE FROM outbox WHERE (sent_at IS NOT NULL OR gave_up_at IS NOT NULL) AND created_at < $1",
            now - MAIL_KEPT_SECS
        );
        transaction.commit().await?;
        sessions + events + challenges + tokens + mails + devices
    });
    Ok(Some(deleted))
}
