//! The console's view of accounts: a search by prefix of the address or the name, or by id,
//! in keyset order (each page starts after the last row of the one before, so a deep page
//! costs what the first does), with each account's state in the same row.

use sqlx::FromRow;

use super::{on_db, Db, StoreError};

/// What a search matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchBy {
    /// The address starts with the text (addresses are stored lower-cased).
    Email,
    /// The name starts with the text, in any case.
    Username,
    /// The id is the number.
    Id,
}

/// Where the previous page ended: its last row's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct After {
    /// The last row's address (by email) or lower-cased name (by name).
    pub key: String,
    /// The last row's id.
    pub id: i64,
}

/// One account as the console lists it.
#[derive(Clone, Debug, FromRow)]
pub struct PersonRow {
    /// The account.
    pub id: i64,
    /// Its address.
    pub email: String,
    /// Its name.
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// When its address was proven.
    pub email_verified_at: Option<i64>,
    /// When an administrator disabled it.
    pub disabled_at: Option<i64>,
    /// When it last opened a session.
    pub last_sign_in_at: Option<i64>,
    /// Its roles, space-separated.
    pub roles: Option<String>,
    /// Whether an authenticator app is on (0 or 1).
    pub authenticator: i64,
    /// How many passkeys it has.
    pub passkeys: i64,
}

impl PersonRow {
    /// Its roles, sorted.
    pub fn role_list(&self) -> Vec<String> {
        let mut roles: Vec<String> =
            self.roles.as_deref().unwrap_or_default().split_whitespace().map(str::to_owned).collect();
        roles.sort_unstable();
        roles
    }
}

/// The columns of a [`PersonRow`], from `users u`: each extra one an index lookup by id.
const PERSON_COLUMNS: &str = "u.id, u.email, u.username, u.created_at, u.email_verified_at, u.disabled_at,
    u.last_sign_in_at,
    (SELECT string_agg(r.role, ' ') FROM account_roles r WHERE r.user_id = u.id) AS roles,
    (SELECT COUNT(*) FROM totp_factors t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) AS authenticator,
    (SELECT COUNT(*) FROM passkeys p WHERE p.user_id = u.id) AS passkeys";

/// Up to `limit` accounts that `text` matches `by`, after `after`. A prefix is one range of
/// an index (`users`' unique email, `users_by_username`), compared byte by byte on both
/// databases (`COLLATE "C"` on PostgreSQL, whose default follows its locale). A name's case
/// is ignored for ASCII letters (`ADA` finds `Ada`); other letters match as typed.
pub async fn search_people(
    db: &Db,
    by: SearchBy,
    text: &str,
    after: Option<&After>,
    limit: u32,
) -> Result<Vec<PersonRow>, StoreError> {
    let bytes = if matches!(db, Db::Postgres(_)) { " COLLATE \"C\"" } else { "" };
    // Addresses are stored lower-cased (every letter); names are folded for ASCII letters
    // only, as SQLite's `lower` and PostgreSQL's under "C" fold them.
    let prefix = match by {
        SearchBy::Username => text.trim().to_ascii_lowercase(),
        _ => text.trim().to_lowercase(),
    };
    // Every string that starts with the prefix sorts at or after it and before it followed by
    // the last character Unicode has.
    let end = format!("{prefix}\u{10FFFF}");
    let limit = i64::from(limit);
    let rows = match by {
        SearchBy::Id => {
            let Ok(id) = prefix.parse::<i64>() else { return Ok(Vec::new()) };
            let sql = format!("SELECT {PERSON_COLUMNS} FROM users u WHERE u.id = $1");
            on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await)?
        }
        SearchBy::Email => {
            let key = format!("u.email{bytes}");
            let sql = format!(
                "SELECT {PERSON_COLUMNS} FROM users u
                 WHERE {key} >= $1 AND {key} < $2 AND {key} > $3 ORDER BY {key} LIMIT $4"
            );
            let after = after.map(|after| after.key.clone()).unwrap_or_default();
            on_db!(db, pool => sqlx::query_as(&sql).bind(&prefix).bind(&end).bind(&after).bind(limit).fetch_all(pool).await)?
        }
        SearchBy::Username => {
            let key = format!("lower(u.username{bytes})");
            let sql = format!(
                "SELECT {PERSON_COLUMNS} FROM users u
                 WHERE {key} >= $1 AND {key} < $2 AND ({key}, u.id) > ($3, $4) ORDER BY {key}, u.id LIMIT $5"
            );
            let (after_key, after_id) = after.map(|after| (after.key.clone(), after.id)).unwrap_or_default();
            on_db!(db, pool => sqlx::query_as(&sql)
                .bind(&prefix)
                .bind(&end)
                .bind(&after_key)
                .bind(after_id)
                .bind(limit)
                .fetch_all(pool)
                .await)?
        }
    };
    Ok(rows)
}

/// One account's row, by id.
pub async fn find_person(db: &Db, user_id: i64) -> Result<Option<PersonRow>, StoreError> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM users u WHERE u.id = $1");
    let row = on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_optional(pool).await)?;
    Ok(row)
}

/// Sign-ups, sign-ins and failed sign-ins for each of the days from `since` (Unix seconds,
/// a day's start in UTC) on: `(day index, signups, logins, failed)`. Counted as they happen
/// (`events::count_activity`): three rows a day to read, whatever the number of accounts.
pub async fn daily_activity(db: &Db, since: i64) -> Result<Vec<(i64, i64, i64, i64)>, StoreError> {
    let rows = on_db!(db, pool => sqlx::query_as(
        "SELECT (day - $1) / 86400 AS day_index,
                CAST(SUM(CASE WHEN kind = 'signup' THEN count ELSE 0 END) AS BIGINT) AS signups,
                CAST(SUM(CASE WHEN kind = 'login' THEN count ELSE 0 END) AS BIGINT) AS logins,
                CAST(SUM(CASE WHEN kind = 'login_failed' THEN count ELSE 0 END) AS BIGINT) AS failed
         FROM activity_days WHERE day >= $1
         GROUP BY day ORDER BY day",
    )
    .bind(since)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}
