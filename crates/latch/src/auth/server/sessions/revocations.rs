//! Revocations between instances on one PostgreSQL. After a revocation commits, the instance
//! that made it evicts the sessions from its own cache and sends their ids on a `NOTIFY`
//! channel; every instance listens and evicts them too, so a logout on one is refused by all
//! within a round trip. A listener that loses its connection distrusts its cache (empties it
//! and serves nothing from it) until it is listening again: a missed notification can never
//! leave a revoked session cached. On SQLite there is one process and nothing to send.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};

use crate::auth::server::{sessions::cache::SessionCache, store::Db};

/// The channel every instance listens on; a payload is session ids separated by spaces.
const CHANNEL: &str = "latch_sessions_ended";
/// Ids per notification: 22 characters and a space each stay well under PostgreSQL's 8000-byte
/// payload limit.
const IDS_PER_NOTIFICATION: usize = 300;
/// The name the listener's connection carries in `pg_stat_activity` (tests end it by name).
pub const LISTENER_APPLICATION_NAME: &str = "latch-listener";

/// Tells the other instances that `session_ids` ended. The revocation is already committed:
/// if this fails, the others still refuse the sessions once their entries age out (one
/// second), and the failure is logged.
pub async fn announce(db: &Db, session_ids: &[String]) {
    let Db::Postgres(pool) = db else { return };
    for chunk in session_ids.chunks(IDS_PER_NOTIFICATION) {
        let sent = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(chunk.join(" ")).execute(pool).await;
        if let Err(error) = sent {
            tracing::warn!(%error, "cannot tell other instances that sessions ended");
        }
    }
}

/// Listens for the other instances' revocations for as long as the process runs, evicting
/// each named session from `cache`. Trusts the cache only while listening; reconnects after
/// a loss, waiting a little longer each time (up to two seconds).
pub async fn listen(options: PgConnectOptions, cache: SessionCache) {
    let mut wait = Duration::from_millis(50);
    loop {
        match listening(&options).await {
            Ok(mut listener) => {
                // Anything cached before now may have missed a notification.
                cache.trust();
                wait = Duration::from_millis(50);
                tracing::info!("listening for other instances' revocations");
                let lost = receive(&mut listener, &cache).await;
                cache.distrust();
                tracing::warn!(error = %lost, "revocation listener lost; the session cache is off until it is back");
            }
            Err(error) => {
                cache.distrust();
                tracing::warn!(%error, "cannot listen for revocations; retrying");
            }
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(2));
    }
}

async fn listening(options: &PgConnectOptions) -> Result<PgListener, sqlx::Error> {
    // Its own pool of one, so the listener never takes a connection requests need.
    let pool: PgPool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(2))
        .connect_with(options.clone().application_name(LISTENER_APPLICATION_NAME))
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    // On a loss, return at once and let `listen` distrust the cache before reconnecting.
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Evicts what arrives until the connection is lost; says why it stopped.
async fn receive(listener: &mut PgListener, cache: &SessionCache) -> String {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => cache.evict_all(notification.payload().split(' ')),
            Ok(None) => return "connection closed".into(),
            Err(error) => return error.to_string(),
        }
    }
}
