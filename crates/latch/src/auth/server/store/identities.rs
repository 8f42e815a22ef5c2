//! Identities at other providers linked to accounts (`linked_identities`), and the sign-ins
//! sent to a provider and not yet back (`provider_flows`).

use sqlx::FromRow;

pub use super::ways_in::Unlinked;
use super::{
    credentials::rotate_credentials,
    execute, execute_in, on_db,
    outbox::{enqueue, Mail},
    users::{UserRow, USER_COLUMNS},
    ways_in::{lock_account, ways_in_left},
    Db, StoreError, User,
};
use crate::auth::server::hooks::{AccountHooks, Tx};
use crate::auth::signup_fields::SignupValues;
use crate::i18n::Lang;

/// A linked identity, as the account page, the export and the console show it.
#[derive(Clone, Debug, FromRow)]
pub struct IdentityRow {
    /// The link's row.
    pub id: i64,
    /// Its account.
    pub user_id: i64,
    /// The configured provider it came through (`github`, `google`, ...).
    pub provider: String,
    /// The provider's issuer.
    pub issuer: String,
    /// The provider's id for the person.
    pub subject: String,
    /// The address the provider gave at link time ("" when it gave none).
    pub email: String,
    /// Unix seconds, UTC.
    pub linked_at: i64,
    /// When it last signed in.
    pub last_used_at: i64,
}

const COLUMNS: &str = "id, user_id, provider, issuer, subject, email, linked_at, last_used_at";

/// A provider's person, proven by the provider, to link.
#[derive(Clone, Copy, Debug)]
pub struct NewIdentity<'a> {
    /// The configured provider.
    pub provider: &'a str,
    /// Its issuer.
    pub issuer: &'a str,
    /// Its id for the person.
    pub subject: &'a str,
    /// The address it gave ("" when none).
    pub email: &'a str,
}

/// The identity with this issuer and subject, if it is linked.
pub async fn find_identity(db: &Db, issuer: &str, subject: &str) -> Result<Option<IdentityRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM linked_identities WHERE issuer = $1 AND subject = $2");
    let row = on_db!(db, pool => sqlx::query_as(&sql).bind(issuer).bind(subject).fetch_optional(pool).await)?;
    Ok(row)
}

/// The account's linked identities, oldest first.
pub async fn identities_of(db: &Db, user_id: i64) -> Result<Vec<IdentityRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM linked_identities WHERE user_id = $1 ORDER BY id");
    let rows = on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)?;
    Ok(rows)
}

/// Records that identity `id` signed in at `now`.
pub async fn mark_used(db: &Db, id: i64, now: i64) -> Result<(), StoreError> {
    execute!(db, "UPDATE linked_identities SET last_used_at = $1 WHERE id = $2", now, id)?;
    Ok(())
}

/// Why a link was not made.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The identity is linked already (to this account or, more to the point, another).
    #[error("the identity is linked already")]
    Taken,
    /// The query failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn taken_or(error: sqlx::Error) -> LinkError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => LinkError::Taken,
        _ => LinkError::Store(StoreError::Db(error)),
    }
}

macro_rules! insert_identity {
    ($tx:expr, $user_id:expr, $identity:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO linked_identities (user_id, provider, issuer, subject, email, linked_at, last_used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind($user_id)
        .bind($identity.provider)
        .bind($identity.issuer)
        .bind($identity.subject)
        .bind($identity.email)
        .bind($now)
        .execute(&mut *$tx)
        .await
        .map_err(taken_or)?
    };
}

/// Links `identity` to account `user_id` and mails `notice`, in one transaction. The UNIQUE
/// index on (issuer, subject), not a prior SELECT, decides whether it is linked already.
pub async fn link(db: &Db, user_id: i64, identity: &NewIdentity<'_>, notice: &Mail, now: i64) -> Result<(), LinkError> {
    on_db!(db, pool => {
        let mut transaction = pool.begin().await.map_err(StoreError::from)?;
        insert_identity!(transaction, user_id, identity, now);
        enqueue!(transaction, notice, user_id, now).map_err(StoreError::from)?;
        transaction.commit().await.map_err(StoreError::from)?;
    });
    Ok(())
}

/// A new account made by a provider's first sign-in: no password (`password_hash` empty: no
/// password opens it), its address proven by the provider.
pub struct AccountFromProvider<'a> {
    /// The provider's address for the person, normalised.
    pub email: &'a str,
    /// The name it shows.
    pub username: &'a str,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// The application's signup values (none were typed: each declared field empty).
    pub fields: &'a SignupValues,
    /// Its language.
    pub language: Lang,
}

/// Creates the account, links the identity, runs the application's `on_signup` and mails
/// `notice`, in one transaction. `EmailTaken` (as `LinkError::Store`) when an account took the
/// address meanwhile; `Taken` when the identity was linked meanwhile.
pub async fn insert_user_with_identity(
    db: &Db,
    account: &AccountFromProvider<'_>,
    identity: &NewIdentity<'_>,
    notice: &Mail,
    hooks: &dyn AccountHooks,
) -> Result<User, LinkError> {
    let AccountFromProvider { email, username, created_at, fields, language } = *account;
    let sql = format!(
        "INSERT INTO users (email, username, password_hash, created_at, language, email_verified_at) \
         VALUES ($1, $2, '', $3, $4, $3) RETURNING {USER_COLUMNS}"
    );
    let row: UserRow = on_db!(db, pool => {
        let mut transaction = pool.begin().await.map_err(StoreError::from)?;
        let row: UserRow = sqlx::query_as(&sql)
            .bind(email)
            .bind(username)
            .bind(created_at)
            .bind(language.tag())
            .fetch_one(&mut *transaction)
            .await
            .map_err(|error| LinkError::Store(super::unique_violation_is_email_taken(error)))?;
        insert_identity!(transaction, row.id, identity, created_at);
        enqueue!(transaction, notice, row.id, created_at).map_err(StoreError::from)?;
        hooks.on_signup(Tx::from(&mut *transaction), row.id, fields).await.map_err(StoreError::from)?;
        transaction.commit().await.map_err(StoreError::from)?;
        row
    });
    Ok(row.into())
}

/// The provider proved the address of an account whose address was never proven: the account
/// goes to the provider's person. In one transaction, only if the address is still `email` and
/// still unproven: the password is removed, the address marked proven, every session, link
/// and challenge ends, the authenticator, recovery codes, passkeys and other linked identities
/// (whoever set them up had never proven the address) are removed, the identity is linked and
/// `notice` mailed. `None` when the account changed meanwhile; else the ended sessions.
pub async fn claim_unproven(
    db: &Db,
    user_id: i64,
    email: &str,
    identity: &NewIdentity<'_>,
    notice: &Mail,
    now: i64,
) -> Result<Option<Vec<String>>, LinkError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await.map_err(StoreError::from)?;
        let claim = async {
            let updated = execute_in!(
                transaction,
                "UPDATE users SET password_hash = '', password_breached_at = NULL, email_verified_at = $1
                 WHERE id = $2 AND email = $3 AND email_verified_at IS NULL",
                now,
                user_id,
                email
            );
            if updated != 1 {
                return Ok::<_, sqlx::Error>(None);
            }
            let ended = rotate_credentials!(transaction, user_id, None::<&str>, true, now);
            for table in ["totp_factors", "recovery_codes", "passkeys", "linked_identities"] {
                execute_in!(transaction, &format!("DELETE FROM {table} WHERE user_id = $1"), user_id);
            }
            Ok(Some(ended))
        }
        .await
        .map_err(StoreError::from)?;
        let Some(ended) = claim else { return Ok(None) };
        insert_identity!(transaction, user_id, identity, now);
        enqueue!(transaction, notice, user_id, now).map_err(StoreError::from)?;
        transaction.commit().await.map_err(StoreError::from)?;
        ended
    });
    Ok(Some(ended))
}

/// Removes the account's identity `id` and mails `notice`, unless it is the last way in.
/// `email_sign_in`: whether the deployment offers sign-in by email, a way in of its own.
pub async fn unlink(
    db: &Db,
    user_id: i64,
    id: i64,
    notice: &Mail,
    now: i64,
    email_sign_in: bool,
) -> Result<Unlinked, StoreError> {
    let unlinked = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        lock_account!(transaction, user_id);
        let provider: Option<String> =
            sqlx::query_scalar("DELETE FROM linked_identities WHERE id = $1 AND user_id = $2 RETURNING provider")
                .bind(id)
                .bind(user_id)
                .fetch_optional(&mut *transaction)
                .await?;
        let Some(provider) = provider else { return Ok(Unlinked::NotFound) };
        if ways_in_left!(transaction, user_id, email_sign_in) == 0 {
            // Dropped, the transaction rolls back: the identity stays.
            return Ok(Unlinked::LastWayIn);
        }
        enqueue!(transaction, notice, user_id, now)?;
        transaction.commit().await?;
        Unlinked::Done(provider)
    });
    Ok(unlinked)
}

/// A sign-in under way, as the callback reads it back.
#[derive(Debug, FromRow)]
pub struct FlowRow {
    /// The configured provider it went to.
    pub provider: String,
    /// The `state` sent to the provider.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier whose challenge was sent.
    pub verifier: String,
    /// Where to go after, a local path.
    pub next: String,
    /// Set when a signed-in person links this provider to their account.
    pub link_user_id: Option<i64>,
}

/// A sign-in about to be sent to a provider.
pub struct NewFlow<'a> {
    /// SHA-256 of the browser cookie's secret, hex.
    pub flow_hash: &'a str,
    /// What the callback reads back.
    pub flow: &'a FlowRow,
    /// Unix seconds, UTC.
    pub now: i64,
    /// When the callback no longer takes it.
    pub expires_at: i64,
}

/// Keeps a sign-in under way until its callback.
pub async fn insert_flow(db: &Db, new: &NewFlow<'_>) -> Result<(), StoreError> {
    let flow = new.flow;
    execute!(
        db,
        "INSERT INTO provider_flows (flow_hash, provider, state, nonce, verifier, next, link_user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        new.flow_hash,
        &flow.provider,
        &flow.state,
        &flow.nonce,
        &flow.verifier,
        &flow.next,
        flow.link_user_id,
        new.now,
        new.expires_at
    )?;
    Ok(())
}

/// Takes the sign-in under way that `flow_hash` names: deleted as it is read, so a second
/// callback with the same cookie finds nothing. `None` when it is unknown, taken or expired.
pub async fn take_flow(db: &Db, flow_hash: &str, now: i64) -> Result<Option<FlowRow>, StoreError> {
    let row = on_db!(db, pool => sqlx::query_as(
        "DELETE FROM provider_flows WHERE flow_hash = $1
         RETURNING provider, state, nonce, verifier, next, link_user_id, expires_at",
    )
    .bind(flow_hash)
    .fetch_optional(pool)
    .await)?
    .and_then(|row: TakenFlow| (row.expires_at > now).then_some(row.flow));
    Ok(row)
}

#[derive(FromRow)]
struct TakenFlow {
    #[sqlx(flatten)]
    flow: FlowRow,
    expires_at: i64,
}
