//! The `admin_audit` table: every administrator action, and every time one opened a
//! person's page. Written in the transaction of the action it records (`admin.rs`); read by
//! the console's audit page, newest first, by keyset.

use sqlx::FromRow;

use super::{on_db, Db, StoreError};

/// A new audit row.
pub struct NewAudit<'a> {
    /// The administrator's account.
    pub admin_id: i64,
    /// Its address, kept as it was.
    pub admin_email: &'a str,
    /// The person acted on, if any.
    pub subject_id: Option<i64>,
    /// Their address, kept as it was (a deleted account still reads).
    pub subject_email: Option<&'a str>,
    /// What was done (`auth::admin::AdminAction::name`).
    pub action: &'static str,
    /// What it was done with: the role, the reason, the factor.
    pub detail: Option<&'a str>,
    /// Unix seconds, UTC.
    pub at: i64,
    /// The administrator's address.
    pub ip: Option<&'a str>,
    /// The administrator's `User-Agent`.
    pub user_agent: Option<&'a str>,
}

/// Inserts `$audit` ([`NewAudit`]) inside the caller's transaction.
macro_rules! insert_audit {
    ($tx:expr, $audit:expr) => {
        sqlx::query(
            "INSERT INTO admin_audit (at, admin_id, admin_email, subject_id, subject_email, action, detail, ip, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($audit.at)
        .bind($audit.admin_id)
        .bind($audit.admin_email)
        .bind($audit.subject_id)
        .bind($audit.subject_email)
        .bind($audit.action)
        .bind($audit.detail)
        .bind($audit.ip)
        .bind($audit.user_agent)
        .execute(&mut *$tx)
        .await?
    };
}
pub(super) use insert_audit;

/// One audit row as the console lists it.
#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    /// The row's id: the keyset cursor.
    pub id: i64,
    /// Unix seconds, UTC.
    pub at: i64,
    /// The administrator.
    pub admin_id: i64,
    /// Their address when they acted.
    pub admin_email: String,
    /// The person acted on.
    pub subject_id: Option<i64>,
    /// Their address then.
    pub subject_email: Option<String>,
    /// What was done.
    pub action: String,
    /// With what.
    pub detail: Option<String>,
    /// From where.
    pub ip: Option<String>,
    /// With which browser.
    pub user_agent: Option<String>,
}

/// Which rows to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditFilter {
    /// Only this administrator's actions.
    pub admin_id: Option<i64>,
    /// Only actions on this person.
    pub subject_id: Option<i64>,
    /// Only rows older than this id (the previous page's last).
    pub before: Option<i64>,
}

/// The newest `limit` rows that `filter` keeps. Each filter walks its own index
/// (`admin_audit_by_admin`, `admin_audit_by_subject`, or the primary key) backwards: the
/// statement names only the conditions given, so each plan is the one for its index.
pub async fn list_audit(db: &Db, filter: AuditFilter, limit: u32) -> Result<Vec<AuditRow>, StoreError> {
    let mut values = vec![filter.before.unwrap_or(i64::MAX)];
    let mut conditions = vec!["id < $1".to_owned()];
    for (column, value) in [("admin_id", filter.admin_id), ("subject_id", filter.subject_id)] {
        if let Some(value) = value {
            values.push(value);
            conditions.push(format!("{column} = ${}", values.len()));
        }
    }
    values.push(i64::from(limit));
    let sql = format!(
        "SELECT id, at, admin_id, admin_email, subject_id, subject_email, action, detail, ip, user_agent
         FROM admin_audit WHERE {} ORDER BY id DESC LIMIT ${}",
        conditions.join(" AND "),
        values.len()
    );
    let rows = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for value in &values {
            query = query.bind(*value);
        }
        query.fetch_all(pool).await
    })?;
    Ok(rows)
}
