//! The SQLite pool: opened once at start, set up for concurrent use, migrations applied.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is not a SQLite URL: {0}")]
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

    private_files(options.get_filename())?;

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
