//! Prints the cost of one Argon2id hash with Latch's own parameters, for `make bench`:
//! the login hashing limit is cores / this.
//!
//!     cargo run --release --example hash_cost --no-default-features --features ssr

#[tokio::main]
async fn main() {
    use latch::auth::{password::Hasher, validate::Password};

    let hasher = Hasher::new(1, 1).expect("a hasher");
    let password = Password::parse("benchmark passphrase").expect("a valid password");
    let stored = hasher.hash(password.clone()).await.expect("a hash");
    let rounds = 30;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        assert!(hasher.verify(password.clone(), Some(stored.clone())).await.expect("a verification"));
    }
    let millis = started.elapsed().as_secs_f64() * 1e3 / f64::from(rounds);
    println!("{{\"argon2_ms\": {millis:.2}, \"rounds\": {rounds}}}");
}
