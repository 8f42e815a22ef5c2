//! Prints the cost of one Argon2id hash with Latch's own parameters, for `make bench`: the
//! login hashing limit is cores / this. Also prints what all cores really sustain together,
//! hashing in parallel through Latch's own hasher (they share memory bandwidth and cache).
//!
//!     cargo run --release -p latch-tools --bin hash_cost

#[tokio::main]
async fn main() {
    use latch::auth::{server::password::Hasher, validate::Password};

    let hasher = Hasher::new(1, 1).expect("a hasher");
    let password = Password::parse("benchmark passphrase").expect("a valid password");
    let stored = hasher.hash(password.clone()).await.expect("a hash");
    let rounds = 30;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        assert!(hasher.verify(password.clone(), Some(stored.clone())).await.expect("a verification"));
    }
    let millis = started.elapsed().as_secs_f64() * 1e3 / f64::from(rounds);

    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let parallel = Hasher::new(cores, 1024).expect("a hasher");
    let total = 30 * cores;
    let started = std::time::Instant::now();
    let verifications: Vec<_> = (0..total)
        .map(|_| {
            let (hasher, password, stored) = (parallel.clone(), password.clone(), stored.clone());
            tokio::spawn(async move { hasher.verify(password, Some(stored)).await })
        })
        .collect();
    for verification in verifications {
        assert!(verification.await.expect("a task").expect("a verification"));
    }
    let per_second = total as f64 / started.elapsed().as_secs_f64();
    println!(
        "{{\"argon2_ms\": {millis:.2}, \"rounds\": {rounds}, \"parallel_per_s\": {per_second:.1}, \"cores\": {cores}}}"
    );
}
