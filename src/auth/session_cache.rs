//! Live sessions recently confirmed by the database, so that a busy client's every request
//! is not a query. Logout evicts its session here before answering, so within one process a
//! revoked token is refused at once. Another process sharing the database sees a revocation
//! within `FRESH_FOR`, after which every entry is checked against the database again.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use super::store::User;

pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// Past this many entries the cache is emptied; it refills from the database.
const CAPACITY: usize = 100_000;

struct Entry {
    user: User,
    expires_at: i64,
    confirmed: Instant,
}

#[derive(Clone, Default)]
pub struct SessionCache(Arc<Mutex<HashMap<String, Entry>>>);

impl SessionCache {
    /// The user of session `session_id`, if the database confirmed it live within `FRESH_FOR`,
    /// it belongs to `user_id` and has not expired at `now`.
    pub fn get(&self, session_id: &str, user_id: i64, now: i64) -> Option<User> {
        let entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = entries.get(session_id)?;
        let live = entry.user.id == user_id && entry.expires_at > now && entry.confirmed.elapsed() < FRESH_FOR;
        live.then(|| entry.user.clone())
    }

    pub fn confirm(&self, session_id: &str, user: &User, expires_at: i64) {
        let mut entries = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(session_id.to_owned(), Entry { user: user.clone(), expires_at, confirmed: Instant::now() });
    }

    pub fn evict(&self, session_id: &str) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(session_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::password::PasswordHashString;

    fn user(id: i64) -> User {
        User { id, email: "a@b.co".into(), username: "A".into(), password_hash: PasswordHashString::from_stored(String::new()), created_at: 0 }
    }

    #[test]
    fn a_confirmed_session_is_served_for_its_own_user_only_until_evicted() {
        let cache = SessionCache::default();
        cache.confirm("s1", &user(7), 1_000);
        assert_eq!(cache.get("s1", 7, 999).map(|u| u.id), Some(7));
        assert!(cache.get("s1", 8, 999).is_none(), "another subject");
        assert!(cache.get("s1", 7, 1_000).is_none(), "expired");
        cache.evict("s1");
        assert!(cache.get("s1", 7, 999).is_none(), "evicted");
    }
}
