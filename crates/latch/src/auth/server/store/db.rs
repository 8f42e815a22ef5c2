//! The database handle: SQLite (the embedded default) or PostgreSQL (several instances on one
//! database). Every query is written once, in SQL both accept (`$1` placeholders, `RETURNING`,
//! `IS DISTINCT FROM`), and compiled for each driver by `on_db!`; the few that must differ
//! say so where they are.

use sqlx::{PgPool, SqlitePool};

/// Which database, with its pool. Cloning is cheap: a pool is a handle.
#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded default: one process, one file.
    Sqlite(SqlitePool),
    /// Several instances on one database.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds: the body is written once and
/// type-checked against both drivers. Exported, for an application's own queries.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::auth::server::store::db::Db::Sqlite($pool) => $body,
            $crate::auth::server::store::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use crate::on_db;

/// Runs one statement with its values bound in order, on whichever database `$db` holds, and
/// evaluates to how many rows it changed: `execute!(db, "UPDATE … WHERE id = $1", id)?`.
macro_rules! execute {
    ($db:expr, $sql:expr $(, $value:expr)* $(,)?) => {
        $crate::auth::server::store::db::on_db!($db, pool => sqlx::query($sql)
            $(.bind($value))*
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
    };
}
pub(crate) use execute;

/// The same inside a transaction (`$tx`), where a failure returns from the caller with `?`.
macro_rules! execute_in {
    ($tx:expr, $sql:expr $(, $value:expr)* $(,)?) => {
        sqlx::query($sql)$(.bind($value))*.execute(&mut *$tx).await?.rows_affected()
    };
}
pub(crate) use execute_in;

impl Db {
    /// `sqlite` or `postgres`, as `/healthz` and the logs name it.
    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Connections open and idle, for operators.
    pub fn pool_use(&self) -> (u32, usize) {
        on_db!(self, pool => (pool.size(), pool.num_idle()))
    }

    /// Closes the pool, waiting for connections in use.
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}
