//! The filter file, little-endian throughout:
//!
//! ```text
//! "LATCHBF1"                       8 bytes: the format
//! entries                          u64: distinct hashes in the list
//! shards                           u32: 1 to 256
//! shard of each first byte         256 × u8
//! per shard: descriptor            20 bytes, as xorf lays it out (seed, segment sizes)
//!            fingerprints          u64 count, then count × u16
//! SHA-256 of everything above      32 bytes
//! ```
//!
//! The checksum catches a copy cut short or damaged; the builder writes beside the target
//! and renames, so a build killed halfway never leaves a half file under the real name.

use std::{
    fs::File,
    io::{BufReader, BufWriter, Read, Write},
    path::Path,
};

use sha2::{Digest, Sha256};
use xorf::{BinaryFuse16, DmaSerializable};

use super::{BreachFilter, Shard};

/// The format's first bytes.
const MAGIC: &[u8; 8] = b"LATCHBF1";
/// xorf's descriptor of a binary fuse filter: seed u64, three u32 segment sizes.
pub(super) const DESCRIPTOR_LEN: usize = <BinaryFuse16 as DmaSerializable>::DESCRIPTOR_LEN;
/// Read and hashed this many fingerprints at a time while loading.
const CHUNK: usize = 1 << 16;

/// Why a filter file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FilterFileError {
    /// It cannot be opened or read.
    #[error("cannot read the breach filter {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a filter this version writes, or it is damaged.
    #[error("{path} is not a usable breach filter: {why} (build it again with `latch breach-filter build`)")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        why: &'static str,
    },
}

/// Writes the shards to `writer` in the file's layout.
pub(super) fn write(
    writer: impl Write,
    entries: u64,
    shard_of: &[u8; 256],
    shards: &[BinaryFuse16],
) -> std::io::Result<()> {
    let mut out = Checksummed { inner: BufWriter::with_capacity(1 << 20, writer), sha: Sha256::new() };
    out.put(MAGIC)?;
    out.put(&entries.to_le_bytes())?;
    out.put(&(shards.len() as u32).to_le_bytes())?;
    out.put(shard_of)?;
    for shard in shards {
        let mut descriptor = [0u8; DESCRIPTOR_LEN];
        shard.dma_copy_descriptor_to(&mut descriptor);
        out.put(&descriptor)?;
        out.put(&(shard.fingerprints.len() as u64).to_le_bytes())?;
        for chunk in shard.fingerprints.chunks(CHUNK) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|fingerprint| fingerprint.to_le_bytes()).collect();
            out.put(&bytes)?;
        }
    }
    let Checksummed { mut inner, sha } = out;
    inner.write_all(&sha.finalize())?;
    inner.flush()
}

/// Reads and checks a file written by [`write`].
pub(super) fn read(path: &Path) -> Result<BreachFilter, FilterFileError> {
    let shown = path.display().to_string();
    let io = |source| FilterFileError::Io { path: shown.clone(), source };
    let invalid = |why| FilterFileError::Invalid { path: shown.clone(), why };
    let file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut input = Checksummed { inner: BufReader::with_capacity(1 << 20, file), sha: Sha256::new() };
    let short = |error: std::io::Error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => invalid("it ends too early"),
        _ => io(error),
    };
    let mut magic = [0u8; 8];
    input.take(&mut magic).map_err(short)?;
    if &magic != MAGIC {
        return Err(invalid("it does not start with LATCHBF1"));
    }
    let entries = input.u64().map_err(short)?;
    let shard_count = input.u32().map_err(short)? as usize;
    if !(1..=256).contains(&shard_count) {
        return Err(invalid("its shard count is not between 1 and 256"));
    }
    let mut shard_of = [0u8; 256];
    input.take(&mut shard_of).map_err(short)?;
    if shard_of.iter().any(|&shard| usize::from(shard) >= shard_count) {
        return Err(invalid("it names a shard it does not hold"));
    }
    let mut shards = Vec::with_capacity(shard_count);
    for _ in 0..shard_count {
        let mut descriptor = [0u8; DESCRIPTOR_LEN];
        input.take(&mut descriptor).map_err(short)?;
        let count = input.u64().map_err(short)?;
        // A count past the file's own size is damage, not a reason to allocate it.
        if count.saturating_mul(2) > size {
            return Err(invalid("a shard claims more fingerprints than the file holds"));
        }
        let mut fingerprints = Vec::with_capacity(count as usize);
        let mut bytes = vec![0u8; CHUNK * 2];
        let mut left = count as usize;
        while left > 0 {
            let take = left.min(CHUNK);
            input.take(&mut bytes[..take * 2]).map_err(short)?;
            fingerprints.extend(bytes[..take * 2].chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])));
            left -= take;
        }
        if !descriptor_fits(&descriptor, fingerprints.len()) {
            return Err(invalid("a shard's segments do not fit its fingerprints"));
        }
        shards.push(Shard { descriptor, fingerprints: fingerprints.into_boxed_slice() });
    }
    let Checksummed { mut inner, sha } = input;
    let mut stored = [0u8; 32];
    inner.read_exact(&mut stored).map_err(short)?;
    if stored[..] != sha.finalize()[..] {
        return Err(invalid("its checksum does not match (damaged or cut short)"));
    }
    if inner.read(&mut [0u8; 1]).map_err(io)? != 0 {
        return Err(invalid("it has bytes after its checksum"));
    }
    Ok(BreachFilter { shard_of, shards, entries })
}

/// Whether every position the descriptor can name lies inside `fingerprints` slots: a
/// lookup indexes `h0 < segment_count_length` and up to two segments past it, so a file that
/// says otherwise would make a lookup read out of bounds (a panic on a request).
fn descriptor_fits(descriptor: &[u8; DESCRIPTOR_LEN], fingerprints: usize) -> bool {
    let word =
        |at: usize| u32::from_le_bytes([descriptor[at], descriptor[at + 1], descriptor[at + 2], descriptor[at + 3]]);
    let (segment_length, mask, segment_count_length) = (word(8), word(12), word(16));
    segment_length.is_power_of_two()
        && mask == segment_length - 1
        && segment_count_length > 0
        && u64::from(segment_count_length) + 2 * u64::from(segment_length) <= fingerprints as u64
}

/// A reader or writer that hashes every byte going through it.
struct Checksummed<T> {
    inner: T,
    sha: Sha256,
}

impl<W: Write> Checksummed<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sha.update(bytes);
        self.inner.write_all(bytes)
    }
}

impl<R: Read> Checksummed<R> {
    fn take(&mut self, into: &mut [u8]) -> std::io::Result<()> {
        self.inner.read_exact(into)?;
        self.sha.update(&*into);
        Ok(())
    }

    fn u64(&mut self) -> std::io::Result<u64> {
        let mut bytes = [0u8; 8];
        self.take(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn u32(&mut self) -> std::io::Result<u32> {
        let mut bytes = [0u8; 4];
        self.take(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }
}
