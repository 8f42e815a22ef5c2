//! The SQLite pool: opened once at start, set up for concurrent use, migrations applied.

use std::{str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is not a SQLite URL: {0}")]
    BadUrl(sqlx::Error),
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot open the database: {0}")]
    Open(sqlx::Error),
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) the database at `url` and applies `migrations/`.
pub async fn open(url: &str) -> Result<SqlitePool, DbError> {
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

    if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|source| DbError::Folder { path: folder.display().to_string(), source })?;
    }

    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A request waits at most this long for a connection, then fails fast (503 upstream)
        // instead of hanging for sqlx's 30-second default.
        .acquire_timeout(Duration::from_secs(2))
        .connect_with(options)
        .await
        .map_err(DbError::Open)?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
