//! One connection to either database, for statements the generator and the probes write as
//! text: no pool, no migrations (Latch's own `open` ran those first).

use sqlx::{Connection, PgConnection, SqliteConnection};

use super::dialect::Dialect;

pub enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl Conn {
    /// A connection tuned for loading: SQLite without a journal or `fsync` and without foreign
    /// key checks, PostgreSQL without waiting for its log and without the foreign keys'
    /// triggers (the generator's rows are consistent by construction).
    pub async fn for_loading(url: &str) -> Result<Self, sqlx::Error> {
        let mut conn = Self::open(url).await?;
        let settings = match conn.dialect() {
            Dialect::Sqlite => {
                "PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
                 PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;"
            }
            Dialect::Postgres => {
                "SET synchronous_commit = off; SET session_replication_role = replica; \
                 SET maintenance_work_mem = '1GB'; SET work_mem = '256MB';"
            }
        };
        conn.execute(settings).await?;
        Ok(conn)
    }

    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        Ok(match Dialect::of(url) {
            Dialect::Sqlite => Self::Sqlite(SqliteConnection::connect(url).await?),
            Dialect::Postgres => Self::Postgres(PgConnection::connect(url).await?),
        })
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Self::Sqlite(_) => Dialect::Sqlite,
            Self::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `sql` (one or more statements); the rows it changed.
    pub async fn execute(&mut self, sql: &str) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(conn) => sqlx::raw_sql(sql).execute(conn).await?.rows_affected(),
            Self::Postgres(conn) => sqlx::raw_sql(sql).execute(conn).await?.rows_affected(),
        })
    }

    /// The first column of every row `sql` returns, as text.
    pub async fn texts(&mut self, sql: &str) -> Result<Vec<String>, sqlx::Error> {
        match self {
            Self::Sqlite(conn) => sqlx::query_scalar(sql).fetch_all(conn).await,
            Self::Postgres(conn) => sqlx::query_scalar(sql).fetch_all(conn).await,
        }
    }

    /// The one number `sql` returns.
    pub async fn number(&mut self, sql: &str) -> Result<i64, sqlx::Error> {
        match self {
            Self::Sqlite(conn) => sqlx::query_scalar(sql).fetch_one(conn).await,
            Self::Postgres(conn) => sqlx::query_scalar(sql).fetch_one(conn).await,
        }
    }

    /// The plan the database would follow for `sql`, one line a step.
    pub async fn plan(&mut self, sql: &str) -> Result<Vec<String>, sqlx::Error> {
        use sqlx::Row;
        match self {
            Self::Sqlite(conn) => {
                let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(conn).await?;
                Ok(rows.iter().map(|row| row.get::<String, _>("detail")).collect())
            }
            Self::Postgres(conn) => sqlx::query_scalar(&format!("EXPLAIN {sql}")).fetch_all(conn).await,
        }
    }

    pub async fn close(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(conn) => conn.close().await,
            Self::Postgres(conn) => conn.close().await,
        }
    }
}
