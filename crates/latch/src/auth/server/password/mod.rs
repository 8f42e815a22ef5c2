//! Argon2id hashing, off the async runtime, on one dedicated thread per core, so a burst of
//! logins queues here instead of starving every other request of worker threads.
//!
//! Dedicated threads rather than tokio's blocking pool: each hash allocates 19 MiB, and the
//! allocator keeps freed memory per thread, so hashes spread over the blocking pool's many
//! threads leave hundreds of MiB resident; a fixed few threads reuse their memory. The hash
//! itself, in the PHC string format, is `phc.rs`; the refused common passwords `common.rs`.

pub mod breached;
pub mod common;
mod phc;

use phc::{hash_now, release_memory, verify_now};

use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        mpsc, Arc, Mutex,
    },
};

use crate::auth::validate::Password;

/// Why a hash or a verification did not run.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The Argon2 library refused (a stored hash it cannot read).
    #[error("argon2: {0}")]
    Argon2(String),
    /// A hashing thread is gone (it panicked, or the process is shutting down).
    #[error("the hashing threads are not answering")]
    Closed,
    /// More requests wait for a core than can be served in reasonable time: refuse now
    /// (503, retry soon) rather than queue without end.
    #[error("{waiting} hashes are already waiting")]
    Saturated {
        /// Hashes queued when this one was refused.
        waiting: usize,
    },
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Never serialized, never logged.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl PasswordHashString {
    /// Wraps a PHC string read back from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the account has a password: one made by a provider has none (stored empty),
    /// and no password opens it.
    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }
}

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(<redacted>)")
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// Hashes and verifies passwords on the dedicated threads, behind one bounded queue. Cheap
/// to clone: every clone shares the threads and the count of queued hashes.
#[derive(Clone)]
pub struct Hasher {
    jobs: mpsc::Sender<Job>,
    /// Hashes queued or running, and how many may be.
    queued: Arc<AtomicUsize>,
    max_queued: usize,
    /// Verified against when the account does not exist, so that an unknown email costs the
    /// same time as a wrong password.
    dummy: PasswordHashString,
    verifications: Arc<AtomicU64>,
}

impl Hasher {
    /// Starts `threads` hashing threads (the number of cores is right: each hash is CPU-bound);
    /// `max_queued` hashes may be queued or running before the next is refused.
    pub fn new(threads: usize, max_queued: usize) -> Result<Self, HashError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("latch-hasher-{n}"))
                .spawn(move || loop {
                    // The lock is held only to take the next job, not while hashing.
                    let next = queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).recv();
                    let Ok(job) = next else { break }; // every Hasher is gone
                                                       // A panicking hash drops its answer channel (the caller sees `Closed`);
                                                       // the thread lives on for the next one.
                    let _ = catch_unwind(AssertUnwindSafe(job));
                })
                .map_err(|e| HashError::Argon2(format!("cannot start a hashing thread: {e}")))?;
        }
        // On a hashing thread, like every hash: its 19 MiB of working memory stays there.
        let (dummy_tx, dummy_rx) = mpsc::channel();
        let dummy_password =
            Password::parse("latch-dummy-password-never-matches").map_err(|e| HashError::Argon2(e.to_string()))?;
        jobs.send(Box::new(move || {
            let _ = dummy_tx.send(hash_now(&dummy_password));
            // An idle server holds no working memory; the first real hash takes it back.
            release_memory();
        }))
        .map_err(|_| HashError::Closed)?;
        let dummy = dummy_rx.recv().map_err(|_| HashError::Closed)??;
        Ok(Self {
            jobs,
            queued: Arc::new(AtomicUsize::new(0)),
            max_queued: max_queued.max(1),
            dummy,
            verifications: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Hashes `password` on a hashing thread, with a new salt.
    pub async fn hash(&self, password: Password) -> Result<PasswordHashString, HashError> {
        self.run(move || hash_now(&password)).await?
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no account,
    /// in which case the answer is always `false`. Exactly one Argon2 verification either way.
    pub async fn verify(&self, password: Password, stored: Option<PasswordHashString>) -> Result<bool, HashError> {
        let account_exists = stored.is_some();
        let phc = stored.unwrap_or_else(|| self.dummy.clone());
        let verifications = self.verifications.clone();
        let matches = self
            .run(move || {
                verifications.fetch_add(1, Ordering::Relaxed);
                verify_now(&password, &phc)
            })
            .await??;
        Ok(matches && account_exists)
    }

    /// Runs `work` on a hashing thread. The queue place is held until the work is done, even
    /// if the caller stops waiting (a client that hung up), so the bound counts real work.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        let place = self.take_place()?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let result = work();
            drop(place);
            let _ = answer.send(result);
        });
        self.jobs.send(job).map_err(|_| HashError::Closed)?;
        answered.await.map_err(|_| HashError::Closed)
    }

    /// A place in the queue, given back when dropped (also if the request is cancelled).
    fn take_place(&self) -> Result<QueuePlace, HashError> {
        let waiting = self.queued.fetch_add(1, Ordering::AcqRel);
        let place = QueuePlace(self.queued.clone());
        if waiting >= self.max_queued {
            return Err(HashError::Saturated { waiting });
        }
        Ok(place)
    }

    /// How many verifications ran since start: lets tests prove that an unknown email and a
    /// wrong password cost the same work.
    /// Hashes queued or running right now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// How many verifications have run: tests check that an unknown account costs one.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }
}

struct QueuePlace(Arc<AtomicUsize>);

impl Drop for QueuePlace {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> Password {
        Password::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_and_no_other() {
        let hasher = Hasher::new(2, 8).unwrap();
        let hash = hasher.hash(password("correct horse battery")).await.unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify(password("correct horse battery"), Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify(password("correct horse battery!"), Some(hash)).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_its_queue_bound_the_hasher_refuses_at_once_and_recovers() {
        let hasher = Hasher::new(1, 2).unwrap();
        let stored = hasher.hash(password("correct horse battery")).await.unwrap();
        let busy: Vec<_> = (0..2)
            .map(|_| {
                let (hasher, stored) = (hasher.clone(), stored.clone());
                tokio::spawn(async move { hasher.verify(password("correct horse battery"), Some(stored)).await })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let refused = hasher.verify(password("correct horse battery"), Some(stored.clone())).await;
        assert!(matches!(refused, Err(HashError::Saturated { waiting: 2 })), "{refused:?}");
        for task in busy {
            assert!(task.await.unwrap().unwrap());
        }
        assert!(hasher.verify(password("correct horse battery"), Some(stored)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_costs_one_verification_and_never_matches() {
        let hasher = Hasher::new(1, 8).unwrap();
        let before = hasher.verifications();
        assert!(!hasher.verify(password("latch-dummy-password-never-matches"), None).await.unwrap());
        assert_eq!(hasher.verifications() - before, 1);
    }
}
