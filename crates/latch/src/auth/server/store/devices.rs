//! `known_devices` and `sign_in_alerts`: the devices an account signed in from, and the
//! new-device mails with their "This wasn't me" links (`auth::server::notices`).

use super::{
    credentials::rotate_credentials,
    execute_in, on_db,
    outbox::{enqueue, Mail},
    ways_in::lock_account,
    Db, StoreError,
};
use crate::auth::{
    account::KnownDeviceView,
    server::email::link_tokens::{same_hash, TokenDigest},
};

/// The device a sign-in came from.
pub struct SeenDevice<'a> {
    /// SHA-256 hex of its cookie, or of a program's agent and network.
    pub hash: &'a str,
    /// `browser` or `program`.
    pub kind: &'static str,
    /// Its `User-Agent`, at most 512 characters.
    pub user_agent: Option<&'a str>,
    /// Its coarse network.
    pub network: &'a str,
    /// Unix seconds, UTC.
    pub now: i64,
}

/// The mail to send if the device is new, and its link.
pub struct NewAlert<'a> {
    /// What the link's token is kept as.
    pub digest: &'a TokenDigest,
    /// The new-device mail, carrying the link.
    pub mail: &'a Mail,
    /// When the link stops working.
    pub expires_at: i64,
    /// At most this many such mails per account in any 24 hours.
    pub per_day: i64,
}

/// What a sign-in's device turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum DeviceNoted {
    /// Seen before (its last sign-in time moved).
    Known,
    /// The account's first device ever (its signup, or its first sign-in since devices are
    /// kept): nothing to tell.
    First,
    /// New to an account that had others; `mailed` unless the owner turned the mail off or
    /// the day's cap was reached.
    New {
        /// Whether the mail was queued.
        mailed: bool,
    },
}

/// Moves a known device's last sign-in; `false` when the account has not seen it (then
/// [`note_sign_in`] decides, under the account's lock).
pub async fn touch_known(db: &Db, user_id: i64, seen: &SeenDevice<'_>) -> Result<bool, StoreError> {
    let touched = on_db!(db, pool => sqlx::query(
        "UPDATE known_devices SET last_seen_at = $1, user_agent = $2, network = $3
         WHERE user_id = $4 AND device_hash = $5",
    )
    .bind(seen.now)
    .bind(seen.user_agent)
    .bind(seen.network)
    .bind(user_id)
    .bind(seen.hash)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(touched == 1)
}

/// Records the device of a sign-in and, when it is new, queues `alert`'s mail; one
/// transaction, the account row locked first, so that sign-ins released together from one
/// new device make one row and at most one mail, and the cap counts every instance's mails.
pub async fn note_sign_in(
    db: &Db,
    user_id: i64,
    seen: &SeenDevice<'_>,
    alert: Option<&NewAlert<'_>>,
) -> Result<DeviceNoted, StoreError> {
    let noted = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let touched = execute_in!(
            transaction,
            "UPDATE known_devices SET last_seen_at = $1, user_agent = $2, network = $3
             WHERE user_id = $4 AND device_hash = $5",
            seen.now,
            seen.user_agent,
            seen.network,
            user_id,
            seen.hash
        );
        if touched == 1 {
            transaction.commit().await?;
            return Ok(DeviceNoted::Known);
        }
        lock_account!(transaction, user_id);
        let others: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM known_devices WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *transaction)
            .await?;
        let inserted = execute_in!(
            transaction,
            "INSERT INTO known_devices (user_id, device_hash, kind, user_agent, network, first_seen_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
            user_id,
            seen.hash,
            seen.kind,
            seen.user_agent,
            seen.network,
            seen.now
        );
        if inserted == 0 {
            // Another sign-in from the same device won the race: it is known now.
            transaction.commit().await?;
            return Ok(DeviceNoted::Known);
        }
        if others == 0 {
            transaction.commit().await?;
            return Ok(DeviceNoted::First);
        }
        let Some(alert) = alert else {
            transaction.commit().await?;
            return Ok(DeviceNoted::New { mailed: false });
        };
        let mailed_today: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_alerts WHERE user_id = $1 AND created_at > $2")
                .bind(user_id)
                .bind(seen.now - 24 * 3600)
                .fetch_one(&mut *transaction)
                .await?;
        if mailed_today >= alert.per_day {
            transaction.commit().await?;
            return Ok(DeviceNoted::New { mailed: false });
        }
        execute_in!(
            transaction,
            "INSERT INTO sign_in_alerts (user_id, lookup, token_hash, device_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            user_id,
            alert.digest.lookup.as_str(),
            alert.digest.hash.as_str(),
            seen.hash,
            seen.now,
            alert.expires_at
        );
        enqueue!(transaction, alert.mail, user_id, seen.now)?;
        transaction.commit().await?;
        DeviceNoted::New { mailed: true }
    });
    Ok(noted)
}

/// What a used "This wasn't me" link did.
pub struct NotMeReported {
    /// The account it was about.
    pub user_id: i64,
    /// The sessions it ended, for the cache.
    pub ended: Vec<String>,
}

/// Uses a live "This wasn't me" link: marks it used, ends every session and voids every
/// mailed link and challenge of the account (`rotate_credentials!`), and forgets the device
/// that signed in; one transaction. `None` for a link unknown, used or expired.
pub async fn use_alert(db: &Db, presented: &TokenDigest, now: i64) -> Result<Option<NotMeReported>, StoreError> {
    let reported = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        // A write first: SQLite's lock is taken before the read (two presses that both read
        // first would deadlock on upgrading it), and PostgreSQL's rows are held.
        execute_in!(transaction, "UPDATE sign_in_alerts SET used_at = used_at WHERE lookup = $1", &presented.lookup);
        let candidates: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT id, user_id, token_hash, device_hash FROM sign_in_alerts
             WHERE lookup = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(&presented.lookup)
        .bind(now)
        .fetch_all(&mut *transaction)
        .await?;
        let Some((id, user_id, _, device_hash)) =
            candidates.into_iter().find(|(_, _, hash, _)| same_hash(hash, presented))
        else {
            return Ok(None);
        };
        // Used once: of two clicks released together, one updates the row.
        if execute_in!(transaction, "UPDATE sign_in_alerts SET used_at = $1 WHERE id = $2 AND used_at IS NULL", now, id)
            != 1
        {
            return Ok(None);
        }
        let ended = rotate_credentials!(transaction, user_id, None::<&str>, true, now);
        execute_in!(
            transaction,
            "DELETE FROM known_devices WHERE user_id = $1 AND device_hash = $2",
            user_id,
            device_hash.as_str()
        );
        transaction.commit().await?;
        Some(NotMeReported { user_id, ended })
    });
    Ok(reported)
}

/// Whether the owner wants the new-device mail.
pub async fn set_notify_new_device(db: &Db, user_id: i64, on: bool) -> Result<(), StoreError> {
    on_db!(db, pool => sqlx::query("UPDATE users SET notify_new_device = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(user_id)
        .execute(pool)
        .await
        .map(drop))?;
    Ok(())
}

/// The account's known devices, most recently seen first.
pub async fn known_devices(db: &Db, user_id: i64) -> Result<Vec<KnownDeviceView>, StoreError> {
    let rows: Vec<(String, Option<String>, String, i64, i64)> = on_db!(db, pool => sqlx::query_as(
        "SELECT kind, user_agent, network, first_seen_at, last_seen_at FROM known_devices
         WHERE user_id = $1 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(kind, user_agent, network, first_seen_at, last_seen_at)| KnownDeviceView {
            kind,
            user_agent,
            network,
            first_seen_at,
            last_seen_at,
        })
        .collect())
}
