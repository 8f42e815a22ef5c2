//! The `account_roles` table: which account holds which role. Granting and revoking from the
//! console go through `admin.rs`, beside their notices; these are the operator's and the
//! rules' reads.

use super::{execute, on_db, Db, StoreError};

/// The built-in role that opens the console.
pub const ADMIN: &str = "admin";

/// Grants `role` to the account, by the operator's CLI (no administrator named): `false` when
/// it already held it.
pub async fn grant_by_operator(db: &Db, user_id: i64, role: &str, now: i64) -> Result<bool, StoreError> {
    let granted = execute!(
        db,
        "INSERT INTO account_roles (user_id, role, granted_at, granted_by) VALUES ($1, $2, $3, NULL)
         ON CONFLICT (user_id, role) DO NOTHING",
        user_id,
        role,
        now
    )?;
    Ok(granted == 1)
}

/// How many accounts hold `role` and are not disabled.
pub async fn count_enabled_holders(db: &Db, role: &str) -> Result<i64, StoreError> {
    let count = on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_roles r JOIN users u ON u.id = r.user_id
         WHERE r.role = $1 AND u.disabled_at IS NULL",
    )
    .bind(role)
    .fetch_one(pool)
    .await)?;
    Ok(count)
}

/// Inside the caller's transaction, first: on PostgreSQL, locks every holder of `admin`, so
/// that two administrators stepping down at once take turns and cannot both see the other
/// still there. SQLite's writers take turns already (the caller writes before it counts).
macro_rules! lock_administrators {
    ($tx:expr, $db:expr) => {
        if let $crate::auth::server::store::Db::Postgres(_) = $db {
            sqlx::query("SELECT user_id FROM account_roles WHERE role = 'admin' FOR UPDATE").execute(&mut *$tx).await?;
        }
    };
}
pub(super) use lock_administrators;

/// Inside the caller's transaction, after its change: whether an enabled administrator is left.
macro_rules! administrators_left {
    ($tx:expr) => {{
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM account_roles r JOIN users u ON u.id = r.user_id
             WHERE r.role = 'admin' AND u.disabled_at IS NULL",
        )
        .fetch_one(&mut *$tx)
        .await?;
        left > 0
    }};
}
pub(super) use administrators_left;

/// Revokes `role` by the operator's CLI. `Ok(None)` when the account did not hold it;
/// `Ok(Some(false))` when it is `admin` and no other enabled administrator would be left
/// (nothing changes).
pub async fn revoke_by_operator(db: &Db, user_id: i64, role: &str) -> Result<Option<bool>, StoreError> {
    let outcome = on_db!(db, pool => {
        let mut transaction = pool.begin().await?;
        lock_administrators!(transaction, db);
        let revoked = sqlx::query("DELETE FROM account_roles WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        if revoked == 0 {
            None
        } else if role == ADMIN && !administrators_left!(transaction) {
            transaction.rollback().await?;
            Some(false)
        } else {
            transaction.commit().await?;
            Some(true)
        }
    });
    Ok(outcome)
}
