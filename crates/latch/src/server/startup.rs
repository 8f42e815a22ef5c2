//! Builds the application (database, router, listener) and serves it until shut down.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use leptos::config::LeptosOptions;
use tokio::net::TcpListener;

use metrics_exporter_prometheus::PrometheusHandle;

use super::{
    assets::Assets,
    listener::{self, ConnectionLimits},
    metrics,
    router::router,
    site::Site,
};
use crate::{
    auth::server::{
        email::mailing::Mailing,
        factors::keys::FactorKeys,
        password::{
            breached::{BreachFilter, FilterFileError},
            Hasher,
        },
        service::{AuthService, SessionPolicy},
        sessions::{cache::SessionCache, revocations, token::TokenKeys},
        throttle::{LocalThrottle, SharedThrottle, Throttle},
    },
    mail::sender::{Sender, SenderError},
    web::{
        config::{Config, ConfigError, Environment},
        cookie::AuthCookie,
        db::{self, Db},
        secret,
        state::{AppState, StateParts},
    },
};

/// Why the application cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A configuration value is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The database cannot be opened or migrated.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// A secret is missing or its file unreadable.
    #[error(transparent)]
    Secret(#[from] secret::SecretError),
    /// The factor keys cannot be derived.
    #[error("cannot set up second factors: {0}")]
    FactorKeys(#[from] crate::auth::server::factors::keys::FactorKeyError),
    /// The token keys cannot be made.
    #[error("cannot set up tokens: {0}")]
    Token(#[from] crate::auth::server::sessions::token::TokenError),
    /// The hashing threads cannot start.
    #[error("cannot set up password hashing: {0}")]
    Hasher(#[from] crate::auth::server::password::HashError),
    /// The breached-password filter cannot be loaded.
    #[error(transparent)]
    BreachFilter(#[from] crate::auth::server::password::breached::FilterFileError),
    /// The compiled bundle cannot be read.
    #[error("cannot read the compiled bundle: {0}")]
    Assets(std::io::Error),
    /// The SMTP settings are unusable.
    #[error(transparent)]
    Mail(#[from] SenderError),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why it cannot be bound.
        source: std::io::Error,
    },
}

/// A built application: bound to its port, database open, ready to serve.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: super::router::HttpService,
    db: Db,
    auth: AuthService,
    /// On PostgreSQL, what the revocation listener needs; it starts with `serve`.
    listener_of_revocations: Option<(sqlx::postgres::PgConnectOptions, SessionCache)>,
    limits: ConnectionLimits,
    prune_every: Duration,
    /// Where `/metrics` listens, and the recorder it renders, when `METRICS_ADDR` is set.
    metrics: Option<(SocketAddr, PrometheusHandle)>,
    /// The outbox's sender, when `SMTP_URL` is set; it starts with `serve`.
    mail_sender: Option<Sender>,
}

impl Application {
    /// Opens the database, applies migrations and binds `config.site_addr` (port 0 picks a
    /// free port; read it back with [`Application::local_addr`]). Serves the application `S`.
    pub async fn build<S: Site>(config: Config) -> Result<Self, StartupError> {
        let db = db::open_with(&config.database_url, config.database_max_connections, S::migrations()).await?;
        let tokens = TokenKeys::new(&secret::resolve(&config)?, config.token_ttl)?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        // Each core hashes ~20 passwords a second; 128 queued per core is ~6 s of waiting, well
        // inside the request timeout. Past that, 503 with Retry-After.
        let hasher = Hasher::new(cores, config.hash_queue_limit.unwrap_or(cores * 128))?;
        let sessions = SessionPolicy {
            max_per_account: config.max_sessions_per_account,
            last_seen_every_secs: config.last_seen_every.as_secs() as i64,
        };
        // One process on SQLite: buckets in memory, a cache trusted from the start. Several on
        // PostgreSQL: buckets in the database, a cache trusted once the listener runs.
        let (throttle, cache, listener_of_revocations) = match &db {
            Db::Sqlite(_) => (Throttle::Local(LocalThrottle::new(config.limits)), SessionCache::new(true), None),
            Db::Postgres(pool) => {
                let cache = SessionCache::new(false);
                let options = db::postgres_options(&config.database_url)?;
                let shared = Throttle::Shared(SharedThrottle::new(config.limits, pool.clone()));
                (shared, cache.clone(), Some((options, cache)))
            }
        };
        let mailing = Mailing::new(&config.public_origin);
        // Without SMTP_URL (development) messages stay in the outbox, shown at /dev/mail.
        let mail_sender = match &config.mail.smtp_url {
            Some(url) => Some(Sender::new(db.clone(), url.expose(), &config.mail.from, mailing.wake_signal())?),
            None => None,
        };
        let factor_keys = FactorKeys::new(&secret::resolve_factor_secret(&config)?)?;
        let webauthn = crate::auth::server::factors::passkeys::relying_party(&config.public_origin);
        let breached = match &config.breach_filter {
            Some(path) => Some(Arc::new(load_breach_filter(path.clone()).await?)),
            None => None,
        };
        let auth = AuthService::new(
            db.clone(),
            hasher,
            tokens,
            throttle,
            cache,
            sessions,
            mailing,
            factor_keys,
            webauthn,
            S::hooks(),
            crate::auth::server::identities::Providers::new(&config.providers, &config.public_origin),
            breached,
            config.email_sign_in,
        );
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|source| StartupError::Bind { addr: config.site_addr, source })?;
        let local_addr =
            listener.local_addr().map_err(|source| StartupError::Bind { addr: config.site_addr, source })?;
        let leptos_options = leptos_options(&config, S::OUTPUT_NAME, S::HASH_FILE);
        let cookie = AuthCookie::new(config.cookie_secure);
        let assets = Assets::load(&config.site_root.join("pkg")).map_err(StartupError::Assets)?;
        let limits = ConnectionLimits {
            max_connections: config.max_connections,
            header_read_timeout: config.header_read_timeout,
        };
        let prune_every = config.session_prune_every;
        let metrics = config.metrics_addr.and_then(|addr| Some((addr, metrics::install()?)));
        let state = AppState::new(StateParts {
            leptos_options,
            db: db.clone(),
            config: Arc::new(config),
            auth: auth.clone(),
            cookie,
        });
        let router = router::<S>(state, assets);
        Ok(Self {
            listener,
            local_addr,
            router,
            db,
            auth,
            listener_of_revocations,
            limits,
            prune_every,
            metrics,
            mail_sender,
        })
    }

    /// The address it listens on (the port chosen, when it was 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The account service this application serves (tests count its hashing work).
    pub fn auth(&self) -> AuthService {
        self.auth.clone()
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish, stops the
    /// background work and closes the pool.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let pruner = tokio::spawn(prune_sessions(self.auth.clone(), self.prune_every));
        let checkpoints = tokio::spawn(db::checkpoints::run(self.db.clone(), db::checkpoints::EVERY));
        let revocations =
            self.listener_of_revocations.map(|(options, cache)| tokio::spawn(revocations::listen(options, cache)));
        let auth = self.auth.clone();
        let metrics = self.metrics.map(|(addr, handle)| {
            tokio::spawn(async move {
                if let Err(error) = metrics::serve(addr, handle, auth).await {
                    tracing::error!(%error, %addr, "cannot serve metrics");
                }
            })
        });
        let mail_sender = self.mail_sender.map(|sender| tokio::spawn(sender.run()));
        let served = listener::serve(self.listener, self.router, self.limits, shutdown).await;
        pruner.abort();
        checkpoints.abort();
        for task in [revocations, metrics, mail_sender].into_iter().flatten() {
            task.abort();
        }
        self.db.close().await;
        served
    }
}

/// Deletes expired and revoked sessions on a schedule, so the table holds live sessions
/// (at most `MAX_SESSIONS_PER_ACCOUNT` each) and what died since the last sweep.
async fn prune_sessions(auth: AuthService, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let started = std::time::Instant::now();
        match auth.prune().await {
            Ok(None) => tracing::debug!("another instance is pruning"),
            Ok(Some(0)) => {}
            Ok(Some(deleted)) => tracing::info!(
                event = "sessions_pruned",
                deleted,
                millis = started.elapsed().as_millis() as u64,
                "deleted expired and revoked sessions and events past 90 days"
            ),
            Err(error) => tracing::warn!(%error, "cannot prune sessions; will try again"),
        }
    }
}

/// Leptos' own options, derived from our config rather than read from the environment a
/// second time, so tests and `main` configure the app the same way.
fn leptos_options(config: &Config, output_name: &str, hash_file: &str) -> LeptosOptions {
    LeptosOptions::builder()
        // cargo-leptos writes the file names' hashes beside the binary it builds in release;
        // Leptos reads them from there. Other builds (tests, `cargo run`) have none.
        .hash_files(hash_file_beside_binary(hash_file))
        .hash_file(std::sync::Arc::from(hash_file))
        .output_name(output_name)
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .env(match config.environment {
            Environment::Development => leptos::config::Env::DEV,
            Environment::Production => leptos::config::Env::PROD,
        })
        .build()
}

fn hash_file_beside_binary(hash_file: &str) -> bool {
    std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join(hash_file).is_file())).unwrap_or(false)
}

/// Resolves on Ctrl-C or SIGTERM: the signals a terminal and a service manager send.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Reads the breached-password filter off the async runtime (a full list's is gigabytes).
async fn load_breach_filter(path: std::path::PathBuf) -> Result<BreachFilter, StartupError> {
    let started = std::time::Instant::now();
    let shown = path.display().to_string();
    let filter = tokio::task::spawn_blocking(move || BreachFilter::load(&path)).await.map_err(|panicked| {
        FilterFileError::Io { path: shown, source: std::io::Error::other(panicked.to_string()) }
    })??;
    tracing::info!(
        entries = filter.entries(),
        megabytes = filter.fingerprint_bytes() / 1_000_000,
        bits_per_entry = format!("{:.1}", filter.bits_per_entry()),
        millis = started.elapsed().as_millis() as u64,
        "breach filter loaded"
    );
    Ok(filter)
}
