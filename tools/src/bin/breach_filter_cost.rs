//! Measures the breached-password filter for `make bench`: builds one from a generated list of
//! a million SHA-1 hashes plus the 30,000 common passwords hashed (Have I Been Pwned's
//! `HASH:COUNT` lines, written to a file and streamed back, as `latch breach-filter build`
//! reads them), then prints one JSON line: the list's and the filter's sizes, bits per hash,
//! build and load times, false positives among a million hashes not listed (none listed may
//! be missed: checked), and the cost of one lookup beside one Argon2id hash, the rest of the
//! signup path's password work.
//!
//!     cargo run --release -p latch-tools --bin breach_filter_cost [HASHES]

use std::{
    io::{BufWriter, Write},
    time::Instant,
};

use latch::auth::{
    server::password::{
        breached::{build, BreachFilter, BuildSettings},
        common, Hasher,
    },
    validate::Password,
};
use sha1::{Digest, Sha1};

fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02X}")).collect()
}

#[tokio::main]
async fn main() {
    let generated: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let list_path = dir.path().join("pwned.txt");
    let filter_path = dir.path().join("breached.filter");
    {
        let mut list = BufWriter::new(std::fs::File::create(&list_path).expect("the list file"));
        for i in 0..generated {
            writeln!(list, "{}:{}", sha1_hex(&format!("leaked password {i}")), i % 97 + 1).expect("a line");
        }
        for password in common::listed() {
            writeln!(list, "{}:1000", sha1_hex(password)).expect("a line");
        }
        list.flush().expect("the list written");
    }
    let list_bytes = std::fs::metadata(&list_path).expect("the list").len();

    let started = Instant::now();
    let list = std::fs::File::open(&list_path).expect("the list");
    let report = build(list, &filter_path, &BuildSettings::default(), &mut ()).expect("the filter built");
    let build_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let filter = BreachFilter::load(&filter_path).expect("the filter loads");
    let load_ms = started.elapsed().as_secs_f64() * 1e3;

    let missed = (0..generated).filter(|i| !filter.holds_password(&format!("leaked password {i}"))).count()
        + common::listed().filter(|password| !filter.holds_password(password)).count();
    assert_eq!(missed, 0, "a filter never misses a listed hash");
    let others = 1_000_000;
    let started = Instant::now();
    let false_positives = (0..others).filter(|i| filter.holds_password(&format!("never leaked {i}"))).count();
    let lookup_ns = started.elapsed().as_secs_f64() * 1e9 / others as f64;

    let hasher = Hasher::new(1, 1).expect("a hasher");
    let password = Password::parse("benchmark passphrase").expect("a password");
    let rounds = 10;
    let started = Instant::now();
    for _ in 0..rounds {
        hasher.hash(password.clone()).await.expect("a hash");
    }
    let argon2_ns = started.elapsed().as_secs_f64() * 1e9 / f64::from(rounds);

    println!(
        "{{\"generated\": {generated}, \"common\": {common}, \"entries\": {entries}, \"list_bytes\": {list_bytes}, \
         \"filter_bytes\": {filter_bytes}, \"bits_per_entry\": {bits:.2}, \"shards\": {shards}, \"build_s\": {build_s:.2}, \
         \"read_s\": {read_s:.2}, \"load_ms\": {load_ms:.1}, \"others\": {others}, \"false_positives\": {false_positives}, \
         \"false_positive_rate\": {rate:.7}, \"lookup_ns\": {lookup_ns:.0}, \"argon2_ns\": {argon2_ns:.0}, \
         \"lookup_share_of_hash\": {share:.8}}}",
        common = common::listed().count(),
        entries = filter.entries(),
        filter_bytes = report.file_bytes,
        bits = report.bits_per_entry(),
        shards = report.shards,
        read_s = report.read_secs,
        rate = false_positives as f64 / others as f64,
        share = lookup_ns / argon2_ns,
    );
}
