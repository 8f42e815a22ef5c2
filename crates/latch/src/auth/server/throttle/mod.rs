//! Throttling: token buckets reserved before any hashing, in memory when one process serves
//! (SQLite: `local`) or in the database when several instances share one (PostgreSQL:
//! `shared`); what they count and allow (`limits`), and the address keys (`address`). The
//! account rules see one interface, `Throttle`.

pub mod address;
pub mod limits;
pub mod local;
pub mod shared;

pub use address::AddressKey;
pub use limits::{Key, Limit, Limits};
pub use local::{LocalThrottle, Refused, MAX_BUCKETS};
pub use shared::SharedThrottle;

/// The throttle the account rules use: in memory in one process, in the database when
/// several instances share one.
#[derive(Clone)]
pub enum Throttle {
    /// One process: buckets in memory.
    Local(LocalThrottle),
    /// Several instances: buckets in PostgreSQL, shared.
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
