//! The `users` table: the account row every rule reads, the queries that find one, the
//! `INSERT` of a new account (with its verification link, in one transaction) and the
//! `DELETE` of one (with everything that names it).

use sqlx::FromRow;

use super::{
    super::hooks::{AccountHooks, Tx},
    audit::{insert_audit, NewAudit},
    email::{replace_token, NewToken},
    execute_in, on_db,
    outbox::{enqueue, Mail},
    Db, StoreError,
};
use crate::{
    auth::{server::password::PasswordHashString, signup_fields::SignupValues, UserProfile},
    i18n::Lang,
};

/// A user row as the server holds it. Has the hash, so it is never sent anywhere:
/// `UserProfile` is what leaves the server.
#[derive(Debug, Clone)]
pub struct User {
    /// The account's id.
    pub id: i64,
    /// The address, lower-cased.
    pub email: String,
    /// The name the account shows.
    pub username: String,
    /// The Argon2id hash of the password.
    pub password_hash: PasswordHashString,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// When the owner proved they read mail at `email`; `None` until then.
    pub email_verified_at: Option<i64>,
    /// Bumped whenever older credentials lose what they earned (`credentials::rotate`).
    pub credentials_version: i64,
    /// The language its pages (where no choice on the browser overrides it) and its mail are in.
    pub language: Lang,
    /// When an administrator disabled it; `None` while every door lets it in.
    pub disabled_at: Option<i64>,
    /// When it last opened a session.
    pub last_sign_in_at: Option<i64>,
    /// When a sign-in used a password the breach list holds; `None` since the last change.
    pub password_breached_at: Option<i64>,
    /// Whether the owner wants the new-device mail (`auth::server::notices`).
    pub notify_new_device: bool,
    /// The roles it holds (`admin`, a product's own), sorted. Read with the live session,
    /// so a guard asks no query; empty where a query reads no roles (a new account has none).
    pub roles: Vec<String>,
}

impl User {
    /// Whether the account holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|held| held == role)
    }
}

impl From<&User> for UserProfile {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            email: user.email.clone(),
            username: user.username.clone(),
            created_at: user.created_at,
            email_verified: user.email_verified_at.is_some(),
            roles: user.roles.clone(),
        }
    }
}

#[derive(FromRow)]
pub(super) struct UserRow {
    pub(super) id: i64,
    email: String,
    username: String,
    password_hash: String,
    created_at: i64,
    email_verified_at: Option<i64>,
    credentials_version: i64,
    language: String,
    disabled_at: Option<i64>,
    last_sign_in_at: Option<i64>,
    password_breached_at: Option<i64>,
    /// 0 or 1: an integer on both databases.
    notify_new_device: i64,
    /// [`ROLES_OF_USER`], where the query selects it.
    #[sqlx(default)]
    roles: Option<String>,
}

/// What every query that reads a `User` selects.
pub(super) const USER_COLUMNS: &str = "id, email, username, password_hash, created_at, email_verified_at, \
     credentials_version, language, disabled_at, last_sign_in_at, password_breached_at, notify_new_device";

/// The roles of the account `u` names, one string, for a `SELECT` beside [`USER_COLUMNS`]:
/// one index range of `account_roles`' primary key.
pub(super) const ROLES_OF_USER: &str =
    "(SELECT string_agg(r.role, ' ') FROM account_roles r WHERE r.user_id = u.id) AS roles";

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            username: row.username,
            password_hash: PasswordHashString::from_stored(row.password_hash),
            created_at: row.created_at,
            email_verified_at: row.email_verified_at,
            credentials_version: row.credentials_version,
            // A tag this version does not speak (written by a newer one) reads as English.
            language: Lang::from_tag(&row.language).unwrap_or_default(),
            disabled_at: row.disabled_at,
            last_sign_in_at: row.last_sign_in_at,
            password_breached_at: row.password_breached_at,
            notify_new_device: row.notify_new_device != 0,
            roles: {
                let mut roles: Vec<String> =
                    row.roles.unwrap_or_default().split_whitespace().map(str::to_owned).collect();
                roles.sort_unstable();
                roles
            },
        }
    }
}

/// The account with this address, already normalised by the caller.
pub async fn find_user_by_email(db: &Db, email: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS}, {ROLES_OF_USER} FROM users u WHERE email = $1");
    let row: Option<UserRow> = on_db!(db, pool => sqlx::query_as(&sql)
    .bind(email)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(User::from))
}

/// The account with this id.
pub async fn find_user_by_id(db: &Db, user_id: i64) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS}, {ROLES_OF_USER} FROM users u WHERE id = $1");
    let row: Option<UserRow> = on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_optional(pool).await)?;
    Ok(row.map(User::from))
}

/// An account as an operator lists it.
#[derive(FromRow)]
pub struct UserSummary {
    /// The account's id.
    pub id: i64,
    /// Its address.
    pub email: String,
    /// Its name.
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Sessions neither expired nor revoked.
    pub live_sessions: i64,
}

/// Up to `limit` accounts with ids after `after`, oldest first, with how many sessions each has live
/// at `now`: a page in keyset order (the primary key), so a deep page costs what the first does.
pub async fn list_users(db: &Db, now: i64, after: i64, limit: i64) -> Result<Vec<UserSummary>, StoreError> {
    let rows = on_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.email, u.username, u.created_at,
                (SELECT COUNT(*) FROM sessions s
                 WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > $1) AS live_sessions
         FROM users u WHERE u.id > $2 ORDER BY u.id LIMIT $3",
    )
    .bind(now)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}

/// Sets the language an account's pages and mail are in.
pub async fn set_language(db: &Db, user_id: i64, language: Lang) -> Result<(), StoreError> {
    on_db!(db, pool => sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.tag())
        .bind(user_id)
        .execute(pool)
        .await
        .map(drop))?;
    Ok(())
}

/// Marks that a sign-in used a password the breach list holds, and queues `notice`, in one
/// transaction; `false`, and no mail, when the account was marked already (one mail per
/// breached password, however often it signs in).
pub async fn mark_password_breached(db: &Db, user_id: i64, notice: &Mail, now: i64) -> Result<bool, StoreError> {
    let marked = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let marked = execute_in!(
            transaction,
            "UPDATE users SET password_breached_at = $1 WHERE id = $2 AND password_breached_at IS NULL",
            now,
            user_id
        ) == 1;
        if marked {
            enqueue!(transaction, notice, user_id, now)?;
        }
        transaction.commit().await?;
        marked
    });
    Ok(marked)
}

/// The UNIQUE index on the email refused the row: the one way a duplicate is detected.
pub(super) fn unique_violation_is_email_taken(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::EmailTaken,
        _ => StoreError::Db(error),
    }
}

/// A new account's row, before it has an id.
#[derive(Clone, Copy)]
pub struct NewAccount<'a> {
    /// The address, normalised.
    pub email: &'a str,
    /// The name it shows.
    pub username: &'a str,
    /// The password's hash.
    pub password_hash: &'a PasswordHashString,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// The application's signup fields, checked, for its `on_signup`.
    pub fields: &'a SignupValues,
    /// The language of the page (or the API request) it signed up in.
    pub language: Lang,
}

/// A new account, its verification token, the mail that carries the link and the
/// application's rows (`hooks`): one transaction.
pub async fn insert_user_with_mail(
    db: &Db,
    account: &NewAccount<'_>,
    token: &NewToken<'_>,
    mail: &Mail,
    hooks: &dyn AccountHooks,
) -> Result<User, StoreError> {
    let NewAccount { email, username, password_hash, created_at, fields, language } = *account;
    let sql = format!(
        "INSERT INTO users (email, username, password_hash, created_at, language) VALUES ($1, $2, $3, $4, $5) \
         RETURNING {USER_COLUMNS}"
    );
    let row: UserRow = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        let row: UserRow = sqlx::query_as(&sql)
            .bind(email)
            .bind(username)
            .bind(password_hash.as_str())
            .bind(created_at)
            .bind(language.tag())
            .fetch_one(&mut *transaction)
            .await
            .map_err(unique_violation_is_email_taken)?;
        replace_token!(transaction, row.id, token);
        enqueue!(transaction, mail, row.id, created_at)?;
        // The application's rows for the new account, in the same transaction: a failing hook
        // leaves no account, no link and no mail.
        hooks.on_signup(Tx::from(&mut *transaction), row.id, fields).await?;
        transaction.commit().await?;
        row
    });
    Ok(row.into())
}

/// What an administrator's deletion writes in its transaction: the mail that tells the
/// person (after their outbox rows are gone) and the audit row.
pub struct Farewell<'a> {
    /// "An administrator deleted your account".
    pub mail: &'a Mail,
    /// The administrator's record.
    pub audit: &'a NewAudit<'a>,
    /// Unix seconds, UTC.
    pub now: i64,
}

/// Deletes the account with the application's rows (`hooks`), its sessions, its events and
/// its messages in the outbox (sent or not: they hold its address, its name and its links), in one transaction, and says
/// which sessions ended, for the cache. Messages written before the outbox named accounts
/// are matched by the account's address.
pub async fn delete_user(
    db: &Db,
    user_id: i64,
    email: &str,
    hooks: &dyn AccountHooks,
    farewell: Option<Farewell<'_>>,
) -> Result<Vec<String>, StoreError> {
    let ended = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        // The account's row is locked before anything goes: a row of the application's
        // being added for it meanwhile (its foreign key check reads the row) waits, then fails,
        // instead of landing between the hook's delete and the account's and failing this.
        // SQLite has no row locks and needs none: its writers take turns.
        if let Db::Postgres(_) = db {
            execute_in!(transaction, "SELECT id FROM users WHERE id = $1 FOR UPDATE", user_id);
        }
        // The application's rows first: a foreign key of theirs to `users` holds throughout.
        hooks.on_delete(Tx::from(&mut *transaction), user_id).await?;
        let ended = sqlx::query_scalar("DELETE FROM sessions WHERE user_id = $1 RETURNING id")
            .bind(user_id)
            .fetch_all(&mut *transaction)
            .await?;
        execute_in!(transaction, "DELETE FROM events WHERE user_id = $1", user_id);
        let outbox = "DELETE FROM outbox WHERE user_id = $1 OR (user_id IS NULL AND recipient = $2)";
        execute_in!(transaction, outbox, user_id, email);
        execute_in!(transaction, "DELETE FROM users WHERE id = $1", user_id);
        if let Some(Farewell { mail, audit, now }) = farewell {
            // Owned by no account now: the sender sends it all the same.
            enqueue!(transaction, mail, None::<i64>, now)?;
            insert_audit!(transaction, audit);
        }
        transaction.commit().await?;
        ended
    });
    Ok(ended)
}
