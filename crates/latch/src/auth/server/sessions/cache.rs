//! Live sessions recently confirmed by the database, so that a busy client's every request
//! is not a query. Logout evicts its session here before answering, so within one process a
//! revoked token is refused at once. On PostgreSQL every other instance is told through
//! `LISTEN`/`NOTIFY` (`revocations.rs`) and evicts too; while that channel is down the cache
//! is distrusted: emptied, and every lookup asks the database. `FRESH_FOR` bounds an entry's
//! life whatever happens.
//!
//! A lookup that read "live" from the database just before a logout must not put that answer
//! back just after the logout evicted it. So every eviction bumps a generation, a lookup
//! notes the generation before it asks the database, and its answer is cached only if no
//! eviction happened in between (both under the one lock).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use crate::auth::server::store::User;

/// How long a cached "live" answer is served before the database is asked again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Past this many entries the cache is emptied; it refills from the database.
const CAPACITY: usize = 100_000;

struct Entry {
    user: Arc<User>,
    expires_at: i64,
    confirmed: Instant,
    /// When the session's `last_seen_at` was last written (Unix seconds).
    seen: i64,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    /// Evictions so far.
    generation: u64,
    /// Whether every revocation reaches this cache: always on SQLite (one process); on
    /// PostgreSQL only while the listener is connected.
    trusted: bool,
}

/// What a lookup noted before asking the database: see the module comment.
#[derive(Clone, Copy, Debug)]
pub struct Generation(u64);

/// Live sessions recently checked, so a signed-in request need not ask the database each time.
#[derive(Clone)]
pub struct SessionCache(Arc<Mutex<Entries>>);

impl Default for SessionCache {
    /// A trusted cache: the one process that writes the database is the one that reads it.
    fn default() -> Self {
        Self::new(true)
    }
}

impl SessionCache {
    /// A cache that serves entries only once `trusted`; an untrusted one waits for
    /// [`SessionCache::trust`].
    pub fn new(trusted: bool) -> Self {
        Self(Arc::new(Mutex::new(Entries { trusted, ..Entries::default() })))
    }

    /// Revocations reach this cache from now on: start again from empty and serve entries.
    pub fn trust(&self) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.map.clear();
        entries.trusted = true;
    }

    /// Revocations may be missed from now on: forget every entry and serve none (every
    /// lookup asks the database) until trusted again.
    pub fn distrust(&self) {
        let mut entries = self.lock();
        entries.generation += 1;
        entries.map.clear();
        entries.trusted = false;
    }

    /// The user of session `session_id` and when its `last_seen_at` was written, if the
    /// database confirmed it live within `FRESH_FOR`, it belongs to `user_id` and has not
    /// expired at `now`.
    pub fn get(&self, session_id: &str, user_id: i64, now: i64) -> Option<(Arc<User>, i64)> {
        let entries = self.lock();
        if !entries.trusted {
            return None;
        }
        let entry = entries.map.get(session_id)?;
        let live = entry.user.id == user_id && entry.expires_at > now && entry.confirmed.elapsed() < FRESH_FOR;
        live.then(|| (entry.user.clone(), entry.seen))
    }

    /// Notes that the session's `last_seen_at` was written at `now`.
    pub fn mark_seen(&self, session_id: &str, now: i64) {
        if let Some(entry) = self.lock().map.get_mut(session_id) {
            entry.seen = now;
        }
    }

    /// Note this before asking the database whether a session is live.
    pub fn generation(&self) -> Generation {
        Generation(self.lock().generation)
    }

    /// Caches the database's "live" answer, unless a session was evicted since `asked`: that
    /// answer may predate the eviction, and the next lookup will ask again.
    pub fn confirm(&self, session_id: &str, user: &Arc<User>, expires_at: i64, seen: i64, asked: Generation) {
        let mut entries = self.lock();
        if entries.generation != asked.0 || !entries.trusted {
            return;
        }
        if entries.map.len() >= CAPACITY {
            entries.map.clear();
        }
        let entry = Entry { user: Arc::clone(user), expires_at, confirmed: Instant::now(), seen };
        entries.map.insert(session_id.to_owned(), entry);
    }

    /// Call after the revocation is committed to the database.
    pub fn evict(&self, session_id: &str) {
        self.evict_all([session_id]);
    }

    /// Evicts several sessions under one lock (a notification names up to a few hundred).
    pub fn evict_all<'a>(&self, session_ids: impl IntoIterator<Item = &'a str>) {
        let mut entries = self.lock();
        entries.generation += 1;
        for session_id in session_ids {
            entries.map.remove(session_id);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::server::password::PasswordHashString;

    fn user(id: i64) -> Arc<User> {
        Arc::new(User {
            id,
            email: "a@b.co".into(),
            username: "A".into(),
            password_hash: PasswordHashString::from_stored(String::new()),
            created_at: 0,
            email_verified_at: None,
            credentials_version: 0,
            language: crate::i18n::Lang::En,
            disabled_at: None,
            last_sign_in_at: None,
            password_breached_at: None,
            notify_new_device: true,
            roles: Vec::new(),
        })
    }

    #[test]
    fn a_confirmed_session_is_served_for_its_own_user_only_until_evicted() {
        let cache = SessionCache::default();
        cache.confirm("s1", &user(7), 1_000, 5, cache.generation());
        assert_eq!(cache.get("s1", 7, 999).map(|(u, seen)| (u.id, seen)), Some((7, 5)));
        assert!(cache.get("s1", 8, 999).is_none(), "another subject");
        assert!(cache.get("s1", 7, 1_000).is_none(), "expired");
        cache.evict("s1");
        assert!(cache.get("s1", 7, 999).is_none(), "evicted");
    }

    #[test]
    fn a_live_answer_read_before_a_logout_is_not_cached_after_it() {
        let cache = SessionCache::default();
        // A lookup notes the generation and reads "live" from the database...
        let asked = cache.generation();
        // ...meanwhile a logout commits its revocation and evicts...
        cache.evict("s1");
        // ...then the lookup's stale answer arrives.
        cache.confirm("s1", &user(7), 1_000, 0, asked);
        assert!(cache.get("s1", 7, 999).is_none(), "a revoked session was cached as live");
    }

    #[test]
    fn a_distrusted_cache_forgets_serves_and_keeps_nothing_until_trusted_again() {
        let cache = SessionCache::new(false);
        cache.confirm("s1", &user(7), 1_000, 0, cache.generation());
        assert!(cache.get("s1", 7, 999).is_none(), "untrusted from the start: nothing kept");
        cache.trust();
        cache.confirm("s1", &user(7), 1_000, 0, cache.generation());
        assert!(cache.get("s1", 7, 999).is_some());
        // The listener dropped: what was cached may since have been revoked elsewhere.
        let asked = cache.generation();
        cache.distrust();
        assert!(cache.get("s1", 7, 999).is_none(), "a stale entry was served after the channel dropped");
        cache.trust();
        assert!(cache.get("s1", 7, 999).is_none(), "entries from before the drop came back");
        cache.confirm("s1", &user(7), 1_000, 0, asked);
        assert!(cache.get("s1", 7, 999).is_none(), "an answer read before the drop was cached after it");
    }
}
