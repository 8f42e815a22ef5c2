//! What one throttle call costs when 100,000 distinct keys arrive (an attacker rotating
//! addresses, or a crowd): prints the time per call for each block of 10,000 calls, and how
//! many buckets are held at the end. `cargo run --release -p latch-tools --bin throttle_cost`

fn main() {
    use std::{net::IpAddr, time::Instant};

    use latch::auth::server::throttle::{AddressKey, Key, Limit, Limits, LocalThrottle};

    let limit = Limit::per_hour(300);
    let throttle = LocalThrottle::new(Limits::uniform(limit));
    let key = |i: u32| Key::LoginFailuresFromAddress(AddressKey::from(IpAddr::from(i.to_be_bytes())));
    for block in 0..10u32 {
        let started = Instant::now();
        for i in block * 10_000..(block + 1) * 10_000 {
            let _ = throttle.reserve(&[key(i)]);
        }
        let per_call = started.elapsed().as_nanos() as f64 / 10_000.0;
        println!("keys {:>6}..{:>6}: {per_call:>10.0} ns per call", block * 10_000, (block + 1) * 10_000);
    }
    println!("buckets held: {}", throttle.footprint().0);
}
