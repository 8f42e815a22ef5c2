//! Argon2id hashing, off the async runtime, on one dedicated thread per core, so a burst of
//! logins queues here instead of starving every other request of worker threads.
//!
//! Dedicated threads rather than tokio's blocking pool: each hash allocates 19 MiB, and glibc
//! keeps freed memory per thread, so hashes spread over the blocking pool's many threads
//! left hundreds of MiB resident (377 MiB peak in `make bench`); a fixed few threads reuse
//! their memory.

pub mod common;

use std::{
    cell::RefCell,
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        mpsc, Arc, Mutex,
    },
};

use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version, ARGON2ID_IDENT,
};

use crate::auth::validate::Password;

/// OWASP's minimum for Argon2id: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(String),
    /// A hashing thread is gone (it panicked, or the process is shutting down).
    #[error("the hashing threads are not answering")]
    Closed,
    /// More requests wait for a core than can be served in reasonable time: refuse now
    /// (503, retry soon) rather than queue without end.
    #[error("{waiting} hashes are already waiting")]
    Saturated { waiting: usize },
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Never serialized, never logged.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl PasswordHashString {
    /// Wraps a PHC string read back from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
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
            MEMORY.with_borrow_mut(|memory| *memory = Vec::new());
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

thread_local! {
    /// This thread's Argon2 working memory (19 MiB at our parameters), allocated by its first
    /// hash and reused by every later one: no allocation, no page faults, a flat footprint.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn our_params() -> Params {
    Params::new(MEMORY_KIB, PASSES, LANES, None).expect("constant Argon2 parameters are valid")
}

/// The raw Argon2id output for `password` and `salt`, computed in this thread's memory.
fn argon2id(params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), HashError> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    MEMORY
        .with_borrow_mut(|memory| {
            if memory.len() < params.block_count() {
                memory.resize(params.block_count(), Block::new());
            }
            argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..params.block_count()])
        })
        .map_err(|e| HashError::Argon2(e.to_string()))
}

fn phc_error(error: argon2::password_hash::Error) -> HashError {
    HashError::Argon2(error.to_string())
}

fn hash_now(password: &Password) -> Result<PasswordHashString, HashError> {
    let params = our_params();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(phc_error)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2id(&params, password.expose().as_bytes(), salt_bytes, &mut out)?;
    let phc = PasswordHash {
        algorithm: ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(phc_error)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(phc_error)?),
    };
    Ok(PasswordHashString(phc.to_string()))
}

/// The parameters stored with the hash are used, so raising ours later keeps old hashes valid.
fn verify_now(password: &Password, stored: &PasswordHashString) -> Result<bool, HashError> {
    let parsed = PasswordHash::new(stored.as_str()).map_err(phc_error)?;
    if parsed.algorithm != ARGON2ID_IDENT || parsed.version != Some(Version::V0x13.into()) {
        return Err(HashError::Argon2(format!("unsupported hash algorithm {}", parsed.algorithm)));
    }
    let params = Params::try_from(&parsed).map_err(|e| HashError::Argon2(e.to_string()))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(HashError::Argon2("a stored hash without salt or output".into()));
    };
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(phc_error)?;
    let mut out = vec![0u8; expected.len()];
    argon2id(&params, password.expose().as_bytes(), salt_bytes, &mut out)?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&out).map_err(phc_error)? == expected)
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

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::PasswordHasher as _;
        let salt = SaltString::generate(&mut OsRng);
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, our_params())
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        let stored = PasswordHashString::from_stored(reference);
        assert!(verify_now(&password("correct horse battery"), &stored).unwrap());
        assert!(!verify_now(&password("correct horse batterx"), &stored).unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_costs_one_verification_and_never_matches() {
        let hasher = Hasher::new(1, 8).unwrap();
        let before = hasher.verifications();
        assert!(!hasher.verify(password("latch-dummy-password-never-matches"), None).await.unwrap());
        assert_eq!(hasher.verifications() - before, 1);
    }
}
