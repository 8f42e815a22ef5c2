//! The database: `DATABASE_URL` picks SQLite (`sqlite://…`, the embedded default) or
//! PostgreSQL (`postgres://…`, several instances on one database). Opened once at start, set
//! up for concurrent use, its own migrations applied (`migrations/sqlite`,
//! `migrations/postgres`: the same tables, columns, constraints and indexes, checked by a test).

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use crate::auth::server::store::Db;

/// How long a request waits for a connection before it is answered 503, instead of hanging
/// for sqlx's 30-second default.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
/// PostgreSQL cancels a statement running longer than this: a stuck query frees its
/// connection and its request gets a 503, instead of holding both for good.
const STATEMENT_TIMEOUT: &str = "5s";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not {0:?}")]
    UnknownScheme(String),
    #[error("DATABASE_URL is not a valid database URL: {0}")]
    BadUrl(sqlx::Error),
    #[error("cannot create the database folder or file {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Open(sqlx::Error),
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The password hashes are in this file: only Latch's own user may read it. A folder Latch
/// creates is 0700, and the database file is created 0600 (or made so) before SQLite opens
/// it; SQLite gives its `-wal` and `-shm` files the database file's mode.
fn private_files(database: &Path) -> Result<(), DbError> {
    if database == Path::new(":memory:") {
        return Ok(());
    }
    let failed = |path: &Path| {
        let path = path.display().to_string();
        move |source| DbError::Folder { path, source }
    };
    if let Some(folder) = database.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(folder).map_err(failed(folder))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(database).map_err(failed(database))?;
        std::fs::set_permissions(database, std::fs::Permissions::from_mode(0o600)).map_err(failed(database))?;
    }
    Ok(())
}

/// Opens the database `url` names with at most `max_connections`, and applies its migrations.
pub async fn open(url: &str, max_connections: u32) -> Result<Db, DbError> {
    if url.starts_with("sqlite:") {
        open_sqlite(url, max_connections).await
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        open_postgres(url, max_connections).await
    } else {
        let scheme = url.split("://").next().unwrap_or_default();
        Err(DbError::UnknownScheme(scheme.chars().take(20).collect()))
    }
}

/// The connection options of a PostgreSQL URL, with Latch's own settings.
pub fn postgres_options(url: &str) -> Result<PgConnectOptions, DbError> {
    Ok(PgConnectOptions::from_str(url)
        .map_err(DbError::BadUrl)?
        .application_name("latch")
        .options([("statement_timeout", STATEMENT_TIMEOUT)]))
}

async fn open_postgres(url: &str, max_connections: u32) -> Result<Db, DbError> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(postgres_options(url)?)
        .await
        .map_err(DbError::Open)?;
    // sqlx takes an advisory lock around the migrations: instances starting together apply
    // them once.
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(Db::Postgres(pool))
}

async fn open_sqlite(url: &str, max_connections: u32) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(DbError::BadUrl)?
        .create_if_missing(true)
        // WAL lets readers run beside the one writer; FULL makes every answered commit durable
        // across power loss, not only a process crash.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        // A writer waits for the lock instead of failing with "database is locked".
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);

    private_files(options.get_filename())?;

    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(DbError::Open)?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(Db::Sqlite(pool))
}
