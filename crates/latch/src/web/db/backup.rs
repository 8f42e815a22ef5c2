//! `latch backup`: a consistent copy of a live SQLite database, checked before it is called done.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::Db;

/// Why `latch backup` cannot copy.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database is PostgreSQL.
    #[error("backup copies a SQLite database; for PostgreSQL use pg_dump")]
    NotSqlite,
    /// The destination exists.
    #[error("{0} already exists; a backup never overwrites a file")]
    Exists(String),
    /// The destination cannot be created.
    #[error("cannot create {path}: {source}")]
    Create {
        /// The destination.
        path: String,
        /// Why it cannot be created.
        source: std::io::Error,
    },
    /// The copy failed.
    #[error("the copy failed: {0}")]
    Copy(sqlx::Error),
    /// The copy fails SQLite's integrity check.
    #[error("the copy does not pass integrity_check: {0}")]
    Corrupt(String),
}

/// Writes a consistent copy of a live SQLite database to `path` (`VACUUM INTO`: one read
/// transaction, so the copy holds every commit before it and none after), private to this
/// user like the database itself, and checks it opens with `integrity_check` ok.
pub async fn backup(db: &Db, path: &Path) -> Result<(), BackupError> {
    let Db::Sqlite(pool) = db else { return Err(BackupError::NotSqlite) };
    let shown = path.display().to_string();
    if path.exists() {
        return Err(BackupError::Exists(shown));
    }
    // Created empty and 0600 first: the copy holds password hashes. VACUUM INTO accepts an
    // empty file.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|source| BackupError::Create { path: shown.clone(), source })?;
    let copied = sqlx::query("VACUUM INTO $1").bind(path.to_string_lossy().as_ref()).execute(pool).await;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(path);
        return Err(BackupError::Copy(error));
    }
    let copy = SqliteConnectOptions::new().filename(path).read_only(true);
    let copy = SqlitePoolOptions::new().max_connections(1).connect_with(copy).await.map_err(BackupError::Copy)?;
    let verdict: String =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&copy).await.map_err(BackupError::Copy)?;
    copy.close().await;
    if verdict != "ok" {
        return Err(BackupError::Corrupt(verdict));
    }
    Ok(())
}
