//! Which throttle an instance uses: buckets in memory when it is the only process (SQLite),
//! buckets in the database when several instances share one (PostgreSQL). The account rules
//! see one interface.

pub use super::{
    throttle::{Key, LocalThrottle, Refused},
    throttle_shared::SharedThrottle,
};

/// The throttle the account rules use: in memory in one process, in the database when
/// several instances share one.
#[derive(Clone)]
pub enum Throttle {
    Local(LocalThrottle),
    Shared(SharedThrottle),
}

impl Throttle {
    /// Takes one attempt from every key, or from none.
    pub async fn reserve(&self, keys: &[Key]) -> Result<(), Refused> {
        match self {
            Throttle::Local(local) => local.reserve(keys).map_err(Refused::Wait),
            Throttle::Shared(shared) => shared.reserve(keys).await,
        }
    }

    /// Gives back what `reserve` took (a failure to is logged: the attempt stays counted).
    pub async fn refund(&self, keys: &[Key]) {
        match self {
            Throttle::Local(local) => local.refund(keys),
            Throttle::Shared(shared) => shared.refund(keys).await,
        }
    }

    /// Forgets `key`.
    pub async fn forgive(&self, key: &Key) {
        match self {
            Throttle::Local(local) => local.forgive(key),
            Throttle::Shared(shared) => shared.forgive(key).await,
        }
    }
}
