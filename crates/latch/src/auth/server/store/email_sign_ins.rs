//! Sign-in by email (`auth::server::email_sign_in`): one request per account at a time, bound
//! to the browser that asked. Each step is one statement whose condition makes it happen at
//! most once: a code try is counted before it is judged, an approval is given once, and a
//! request is taken (deleted) by the one sign-in it allows.

use sqlx::FromRow;

use super::{
    super::email::link_tokens::{same_hash, TokenDigest},
    execute, execute_in, on_db,
    outbox::{enqueue, Mail},
    Db, StoreError,
};

/// A request about to be stored.
pub struct NewSignIn<'a> {
    /// SHA-256 of the asking browser's cookie secret, hex.
    pub browser_hash: &'a str,
    /// SHA-256 of that secret and the code, hex.
    pub code_hash: &'a str,
    /// The mailed link's digest.
    pub link: &'a TokenDigest,
    /// The asking browser's `User-Agent`.
    pub user_agent: Option<&'a str>,
    /// Its coarse network.
    pub network: &'a str,
    /// Unix seconds, UTC.
    pub asked_at: i64,
    /// When it stops working.
    pub expires_at: i64,
}

/// A stored request.
#[derive(Debug, Clone, FromRow)]
pub struct SignInRow {
    /// Its row.
    pub id: i64,
    /// The account it signs in to.
    pub user_id: i64,
    /// SHA-256 of the asking browser's secret.
    pub browser_hash: String,
    /// SHA-256 of that secret and the code.
    pub code_hash: String,
    /// The link's whole hash.
    pub link_hash: String,
    /// The asking browser's `User-Agent`.
    pub user_agent: Option<String>,
    /// Its coarse network.
    pub network: String,
    /// Unix seconds, UTC.
    pub asked_at: i64,
    /// When it stops working.
    pub expires_at: i64,
    /// When another device approved it.
    pub approved_at: Option<i64>,
    /// Codes tried so far.
    pub tries: i64,
}

const COLUMNS: &str =
    "id, user_id, browser_hash, code_hash, link_hash, user_agent, network, asked_at, expires_at, approved_at, tries";

/// Stores the request and its mail in one transaction; the account's older requests end (a
/// newer request voids the older).
pub async fn open(db: &Db, user_id: i64, new: &NewSignIn<'_>, mail: &Mail) -> Result<(), StoreError> {
    on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        execute_in!(transaction, "DELETE FROM email_sign_ins WHERE user_id = $1", user_id);
        execute_in!(
            transaction,
            "INSERT INTO email_sign_ins
                 (user_id, browser_hash, code_hash, link_lookup, link_hash, user_agent, network, asked_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            user_id,
            new.browser_hash,
            new.code_hash,
            new.link.lookup.as_str(),
            new.link.hash.as_str(),
            new.user_agent,
            new.network,
            new.asked_at,
            new.expires_at
        );
        enqueue!(transaction, mail, user_id, new.asked_at)?;
        transaction.commit().await?;
    });
    Ok(())
}

/// The live request the browser with this secret's hash made, if any.
pub async fn by_browser(db: &Db, browser_hash: &str, now: i64) -> Result<Option<SignInRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM email_sign_ins WHERE browser_hash = $1 AND expires_at > $2");
    let row = on_db!(db, pool => sqlx::query_as(&sql).bind(browser_hash).bind(now).fetch_optional(pool).await)?;
    Ok(row)
}

/// The live request a mailed link names, if any (found by the link's lookup, then compared in
/// constant time).
pub async fn by_link(db: &Db, link: &TokenDigest, now: i64) -> Result<Option<SignInRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM email_sign_ins WHERE link_lookup = $1 AND expires_at > $2");
    let rows: Vec<SignInRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(&link.lookup).bind(now).fetch_all(pool).await)?;
    Ok(rows.into_iter().find(|row| same_hash(&row.link_hash, link)))
}

/// Counts one code try against request `id`: how many it has had with this one, or `None`
/// when it has had `max_tries` (or ended), so no code is judged past the limit, however many
/// arrive at once.
pub async fn count_try(db: &Db, id: i64, max_tries: i64, now: i64) -> Result<Option<i64>, StoreError> {
    let tries = on_db!(db, pool => sqlx::query_scalar(
        "UPDATE email_sign_ins SET tries = tries + 1 WHERE id = $1 AND tries < $2 AND expires_at > $3 RETURNING tries",
    )
    .bind(id)
    .bind(max_tries)
    .bind(now)
    .fetch_optional(pool)
    .await)?;
    Ok(tries)
}

/// Marks request `id` approved by another device: `false` if it was approved already or ended.
pub async fn approve(db: &Db, id: i64, now: i64) -> Result<bool, StoreError> {
    let approved = execute!(
        db,
        "UPDATE email_sign_ins SET approved_at = $1 WHERE id = $2 AND approved_at IS NULL AND expires_at > $3",
        now,
        id,
        now
    )? == 1;
    Ok(approved)
}

/// Takes request `id` for the one sign-in it allows, and proves the account's address (the
/// mail reached it): `false` when another use took it first, it expired, or (with
/// `approved_only`) no other device has approved it yet.
pub async fn take(db: &Db, id: i64, approved_only: bool, now: i64) -> Result<bool, StoreError> {
    let taken = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let user_id: Option<i64> = sqlx::query_scalar(if approved_only {
            "DELETE FROM email_sign_ins WHERE id = $1 AND expires_at > $2 AND approved_at IS NOT NULL RETURNING user_id"
        } else {
            "DELETE FROM email_sign_ins WHERE id = $1 AND expires_at > $2 RETURNING user_id"
        })
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(user_id) = user_id else { return Ok(false) };
        execute_in!(
            transaction,
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
            now,
            user_id
        );
        transaction.commit().await?;
        true
    });
    Ok(taken)
}

/// Ends request `id` (out of tries, or refused on the approving device).
pub async fn end(db: &Db, id: i64) -> Result<(), StoreError> {
    execute!(db, "DELETE FROM email_sign_ins WHERE id = $1", id)?;
    Ok(())
}
