//! Breached passwords, checked offline: a binary fuse filter of the SHA-1 hashes that Have I
//! Been Pwned publishes (`HASH:COUNT` lines), built once by `latch breach-filter build` and
//! loaded by the server at start (`BREACH_FILTER_PATH`). Nothing leaves the server.
//!
//! A filter answers "maybe in the list" for every listed hash and, for a hash not listed,
//! wrongly so about once in 65,536 (16-bit fingerprints; measured in `make bench`). At about
//! 18 bits per hash it holds a billion-hash list in ~2.3 GB, a million in ~2.4 MB. The file's
//! layout is `file.rs`; the streaming build, in bounded memory whatever the list's size, is
//! `builder.rs`.

mod builder;
mod file;

pub use builder::{build, BuildError, BuildReport, BuildSettings, Progress};
pub use file::FilterFileError;

use sha1::{Digest, Sha1};
use xorf::{BinaryFuse16Ref, Filter, FilterRef};

/// A loaded filter: each shard one binary fuse filter over the hashes whose first byte it
/// covers. Read-only after loading, shared by every request.
pub struct BreachFilter {
    /// Which shard holds the hashes starting with each byte.
    shard_of: [u8; 256],
    shards: Vec<Shard>,
    /// Distinct hashes the list held.
    entries: u64,
}

/// One binary fuse filter: its descriptor (seed and segment sizes, as xorf writes it) and
/// its fingerprints.
struct Shard {
    descriptor: [u8; file::DESCRIPTOR_LEN],
    fingerprints: Box<[u16]>,
}

impl BreachFilter {
    /// Reads a filter file written by [`build`], refusing one that is truncated, damaged (its
    /// checksum) or of another format.
    pub fn load(path: &std::path::Path) -> Result<Self, FilterFileError> {
        file::read(path)
    }

    /// Whether `password` is (almost surely) in the breach list.
    pub fn holds_password(&self, password: &str) -> bool {
        self.holds_sha1(&Sha1::digest(password.as_bytes()).into())
    }

    /// Whether the SHA-1 hash `sha1` is (almost surely) in the list.
    pub fn holds_sha1(&self, sha1: &[u8; 20]) -> bool {
        let shard = &self.shards[usize::from(self.shard_of[usize::from(sha1[0])])];
        let filter = BinaryFuse16Ref::from_dma(&shard.descriptor, bytemuck::cast_slice(&shard.fingerprints));
        filter.contains(&key_of(sha1))
    }

    /// Distinct hashes the list held when the filter was built.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Bytes the fingerprints take in memory.
    pub fn fingerprint_bytes(&self) -> usize {
        self.shards.iter().map(|shard| shard.fingerprints.len() * 2).sum()
    }

    /// Bits per listed hash: the fingerprints' size over the entries.
    pub fn bits_per_entry(&self) -> f64 {
        self.fingerprint_bytes() as f64 * 8.0 / self.entries.max(1) as f64
    }
}

impl std::fmt::Debug for BreachFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BreachFilter").field("entries", &self.entries).field("shards", &self.shards.len()).finish()
    }
}

/// The filter's key for a hash: its first 64 bits. SHA-1's bits are uniform, so two listed
/// hashes share a key about once in 2^64 / n² (never, for a billion).
fn key_of(sha1: &[u8; 20]) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&sha1[..8]);
    u64::from_be_bytes(first)
}

#[cfg(test)]
mod tests;
