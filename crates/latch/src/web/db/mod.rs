//! The database: `DATABASE_URL` picks SQLite (`sqlite://…`, the embedded default) or
//! PostgreSQL (`postgres://…`, several instances on one database). Opened once at start, set
//! up for concurrent use, its own migrations applied (`migrations/sqlite`,
//! `migrations/postgres`: the same tables, columns, constraints and indexes, checked by a test).
//! SQLite's log is copied back into its file beside the requests (`checkpoints`); `backup`
//! copies a live SQLite database.

mod backup;
pub mod checkpoints;

pub use backup::{backup, BackupError};

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use crate::auth::server::store::Db;

/// SQLite's migrations, compiled in (each call is a list of borrowed statics).
fn sqlite_migrations() -> Migrator {
    sqlx::migrate!("./migrations/sqlite")
}

/// PostgreSQL's: the same tables, columns, constraints and indexes.
fn postgres_migrations() -> Migrator {
    sqlx::migrate!("./migrations/postgres")
}

/// `migrations`, set to run beside another set's rows in sqlx's one table without taking
/// them for lost migrations of its own.
fn beside_others(mut migrations: Migrator) -> Migrator {
    migrations.set_ignore_missing(true);
    migrations
}

/// How long a request waits for a connection before it is answered 503, instead of hanging
/// for sqlx's 30-second default.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
/// PostgreSQL cancels a statement running longer than this: a stuck query frees its
/// connection and its request gets a 503, instead of holding both for good.
const STATEMENT_TIMEOUT: &str = "5s";

/// Why the database cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// `DATABASE_URL` names neither SQLite nor PostgreSQL.
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not {0:?}")]
    UnknownScheme(String),
    /// `DATABASE_URL` cannot be parsed.
    #[error("DATABASE_URL is not a valid database URL: {0}")]
    BadUrl(sqlx::Error),
    /// The SQLite file's folder cannot be made.
    #[error("cannot create the database folder or file {path}: {source}")]
    Folder {
        /// The folder or file.
        path: String,
        /// Why it cannot be made.
        source: std::io::Error,
    },
    /// The database refuses the connection.
    #[error("cannot open the database: {0}")]
    Open(sqlx::Error),
    /// A migration failed.
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// No database at that path (the operator's commands never create one).
    #[error("there is no database at {0} (DATABASE_URL); start the server once to create it")]
    Missing(String),
    /// A database that Latch did not create.
    #[error("{0} is not a Latch database (it has no migration table)")]
    NotLatch(String),
    /// Migrations this binary has and the database lacks.
    #[error("the database lacks {0} of this binary's migrations; start the server once to apply them")]
    Behind(usize),
    /// Migrations the database has and neither Latch nor the application knows.
    #[error("the database has migrations this binary does not know ({0:?}): a newer version, or another program, migrated it")]
    Unknown(Vec<i64>),
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

/// An application's own migrations, one set per database (`sqlx::migrate!` of each folder),
/// applied after Latch's. Their versions must not be Latch's (timestamps of their own).
pub struct AppMigrations {
    /// For SQLite.
    pub sqlite: Migrator,
    /// For PostgreSQL.
    pub postgres: Migrator,
}

/// Opens the database `url` names with at most `max_connections`, and applies Latch's
/// migrations.
pub async fn open(url: &str, max_connections: u32) -> Result<Db, DbError> {
    open_with(url, max_connections, None).await
}

/// Opens the database `url` names with at most `max_connections`, and applies Latch's
/// migrations, then the application's (`app`).
pub async fn open_with(url: &str, max_connections: u32, app: Option<AppMigrations>) -> Result<Db, DbError> {
    if url.starts_with("sqlite:") {
        open_sqlite(url, max_connections, app.map(|app| app.sqlite)).await
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        open_postgres(url, max_connections, app.map(|app| app.postgres)).await
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

async fn open_postgres(url: &str, max_connections: u32, app: Option<Migrator>) -> Result<Db, DbError> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(postgres_options(url)?)
        .await
        .map_err(DbError::Open)?;
    // sqlx takes an advisory lock around the migrations: instances starting together apply
    // them once.
    let latch = postgres_migrations();
    refuse_unknown_migrations(&pool, &latch, app.as_ref()).await?;
    beside_others(latch).run(&pool).await?;
    if let Some(app) = app {
        beside_others(app).run(&pool).await?;
    }
    Ok(Db::Postgres(pool))
}

async fn open_sqlite(url: &str, max_connections: u32, app: Option<Migrator>) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(DbError::BadUrl)?
        .create_if_missing(true)
        // WAL lets readers run beside the one writer; FULL makes every answered commit durable
        // across power loss, not only a process crash.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        // A writer waits for the lock instead of failing with "database is locked".
        .busy_timeout(Duration::from_secs(5))
        // The server copies the log back in the background; a commit does it only past this.
        .pragma("wal_autocheckpoint", checkpoints::BACKSTOP_PAGES.to_string())
        .foreign_keys(true);

    private_files(options.get_filename())?;

    let pool = SqlitePoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(DbError::Open)?;
    let latch = sqlite_migrations();
    refuse_unknown_migrations(&pool, &latch, app.as_ref()).await?;
    beside_others(latch).run(&pool).await?;
    if let Some(app) = app {
        beside_others(app).run(&pool).await?;
    }
    Ok(Db::Sqlite(pool))
}

/// A database migrated by something neither Latch nor the application knows (a newer
/// version, another program) is refused before anything is applied to it: the check sqlx
/// makes itself, which [`beside_others`] turns off because the two sets share a table.
async fn refuse_unknown_migrations<'c, E>(executor: E, latch: &Migrator, app: Option<&Migrator>) -> Result<(), DbError>
where
    E: sqlx::Executor<'c>,
    i64: sqlx::Type<E::Database> + for<'r> sqlx::Decode<'r, E::Database>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
    usize: sqlx::ColumnIndex<<E::Database as sqlx::Database>::Row>,
{
    // No table yet: a new database, nothing applied.
    let applied = applied_migrations(executor).await.unwrap_or_default();
    let known = |version: &i64| latch.version_exists(*version) || app.is_some_and(|app| app.version_exists(*version));
    match applied.into_iter().filter(|version| !known(version)).collect::<Vec<_>>() {
        unknown if unknown.is_empty() => Ok(()),
        unknown => Err(DbError::Unknown(unknown)),
    }
}

/// How many of this binary's migrations the database has not applied (an error when it has no
/// migration table at all: not a Latch database, or not yet migrated).
pub async fn pending_migrations(db: &Db) -> Result<usize, sqlx::Error> {
    let (migrator, applied): (Migrator, Vec<i64>) = match db {
        Db::Sqlite(pool) => (sqlite_migrations(), applied_migrations(pool).await?),
        Db::Postgres(pool) => (postgres_migrations(), applied_migrations(pool).await?),
    };
    Ok(migrator.iter().filter(|migration| !applied.contains(&migration.version)).count())
}

async fn applied_migrations<'c, E>(executor: E) -> Result<Vec<i64>, sqlx::Error>
where
    E: sqlx::Executor<'c>,
    i64: sqlx::Type<E::Database> + for<'r> sqlx::Decode<'r, E::Database>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
    usize: sqlx::ColumnIndex<<E::Database as sqlx::Database>::Row>,
{
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(executor).await
}

/// Opens a database that must already exist and be migrated by this binary, for the operator
/// commands: never creates a file, never migrates, and says what is wrong otherwise.
pub async fn open_existing(url: &str) -> Result<Db, DbError> {
    let db = if url.starts_with("sqlite:") {
        let options =
            SqliteConnectOptions::from_str(url).map_err(DbError::BadUrl)?.busy_timeout(Duration::from_secs(5));
        let path = options.get_filename().to_owned();
        if !path.is_file() {
            return Err(DbError::Missing(path.display().to_string()));
        }
        Db::Sqlite(SqlitePoolOptions::new().max_connections(2).connect_with(options).await.map_err(DbError::Open)?)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let options = postgres_options(url)?;
        Db::Postgres(PgPoolOptions::new().max_connections(2).connect_with(options).await.map_err(DbError::Open)?)
    } else {
        let scheme = url.split("://").next().unwrap_or_default();
        return Err(DbError::UnknownScheme(scheme.chars().take(20).collect()));
    };
    match pending_migrations(&db).await {
        Ok(0) => Ok(db),
        Ok(pending) => Err(DbError::Behind(pending)),
        Err(_) => Err(DbError::NotLatch(url.split('?').next().unwrap_or_default().to_owned())),
    }
}
