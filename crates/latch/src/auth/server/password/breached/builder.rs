//! Building a filter from a list of any size in bounded memory, in two passes:
//!
//! 1. Stream the list once, line by line, and append each hash's 64-bit key to one of 256
//!    bucket files by its first byte (8 bytes a hash on disk, 16 MB of buffers in memory).
//! 2. Group neighbouring buckets into shards of at most `max_shard_keys` keys, and build each
//!    shard's binary fuse filter from its buckets alone: memory is one shard's, not the list's.
//!
//! The buckets live in a folder beside the output, removed at the end whatever happens; the
//! filter is written beside the output and renamed over it once complete.

use std::{
    fs::{self, File},
    io::{BufRead, BufReader, BufWriter, Read, Write},
    path::{Path, PathBuf},
    time::Instant,
};

use xorf::BinaryFuse16;

use super::file;

/// What a build may use.
#[derive(Clone, Debug)]
pub struct BuildSettings {
    /// Hashes seen fewer times than this (the list's `:COUNT`) are left out: a smaller
    /// filter, for a server with less memory. 1 keeps everything.
    pub min_count: u64,
    /// The most keys one shard holds, and so what one shard's construction holds in memory
    /// (about 40 bytes a key at its peak).
    pub max_shard_keys: usize,
}

impl Default for BuildSettings {
    fn default() -> Self {
        // 8 million keys: at most ~320 MB while building a shard; a billion-hash list makes
        // ~128 shards, a million one.
        Self { min_count: 1, max_shard_keys: 8 << 20 }
    }
}

/// What a build read and wrote.
#[derive(Clone, Debug)]
pub struct BuildReport {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Hashes left out for a count under `min_count`.
    pub below_min_count: u64,
    /// The same hash listed again.
    pub duplicates: u64,
    /// Distinct hashes in the filter.
    pub entries: u64,
    /// Shards written.
    pub shards: usize,
    /// The filter file's size.
    pub file_bytes: u64,
    /// Seconds reading the list (pass 1) and building the shards (pass 2).
    pub read_secs: f64,
    /// See `read_secs`.
    pub build_secs: f64,
}

impl BuildReport {
    /// The file's bits per distinct hash.
    pub fn bits_per_entry(&self) -> f64 {
        self.file_bytes as f64 * 8.0 / self.entries.max(1) as f64
    }
}

/// Told how far a build has come, to draw a progress bar.
pub trait Progress {
    /// Pass 1: `bytes` of the list read, `hashes` kept so far.
    fn reading(&mut self, bytes: u64, hashes: u64);
    /// Pass 2: shard `done` of `shards` built.
    fn building(&mut self, done: usize, shards: usize);
}

/// No progress shown: tests, benchmarks, a build run by a program.
impl Progress for () {
    fn reading(&mut self, _: u64, _: u64) {}
    fn building(&mut self, _: usize, _: usize) {}
}

/// Why a build stopped (the output, if it existed, is untouched).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Reading the list or writing the filter failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A line is not `HASH` or `HASH:COUNT` with a 40-digit SHA-1.
    #[error("line {line}: {why}")]
    Line {
        /// 1-based.
        line: u64,
        /// What is wrong with it.
        why: String,
    },
    /// No hash was kept.
    #[error("the list holds no hash (kept with the minimum count {0})")]
    Empty(u64),
    /// The filter could not be constructed (xorf's reason).
    #[error("building a shard failed: {0}")]
    Construction(&'static str),
}

/// Reads `list` (lines of `SHA1` or `SHA1:COUNT`, in any order, any case) and writes the
/// filter to `output`.
pub fn build(
    list: impl Read,
    output: &Path,
    settings: &BuildSettings,
    progress: &mut dyn Progress,
) -> Result<BuildReport, BuildError> {
    let scratch = Scratch::create(output)?;
    let started = Instant::now();
    let mut report = BuildReport {
        lines: 0,
        below_min_count: 0,
        duplicates: 0,
        entries: 0,
        shards: 0,
        file_bytes: 0,
        read_secs: 0.0,
        build_secs: 0.0,
    };
    let bucket_sizes = split_into_buckets(list, &scratch, settings, progress, &mut report)?;
    report.read_secs = started.elapsed().as_secs_f64();
    let kept: u64 = bucket_sizes.iter().sum();
    if kept == 0 {
        return Err(BuildError::Empty(settings.min_count));
    }
    let started = Instant::now();
    let groups = group_buckets(&bucket_sizes, settings.max_shard_keys as u64);
    let mut shard_of = [0u8; 256];
    let mut shards = Vec::with_capacity(groups.len());
    for (index, group) in groups.iter().enumerate() {
        let mut keys = Vec::with_capacity(group.clone().map(|bucket| bucket_sizes[bucket] as usize).sum());
        for bucket in group.clone() {
            shard_of[bucket] = index as u8;
            read_keys(&scratch.bucket(bucket), &mut keys)?;
        }
        keys.sort_unstable();
        let listed = keys.len();
        keys.dedup();
        report.duplicates += (listed - keys.len()) as u64;
        report.entries += keys.len() as u64;
        shards.push(BinaryFuse16::try_from(&keys).map_err(BuildError::Construction)?);
        progress.building(index + 1, groups.len());
    }
    report.shards = shards.len();
    let partial = scratch.folder.with_extension("filter");
    {
        let out = File::create(&partial)?;
        file::write(&out, report.entries, &shard_of, &shards)?;
        out.sync_all()?;
    }
    fs::rename(&partial, output)?;
    report.file_bytes = fs::metadata(output)?.len();
    report.build_secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Pass 1: every kept hash's key appended to its bucket; the keys per bucket.
fn split_into_buckets(
    list: impl Read,
    scratch: &Scratch,
    settings: &BuildSettings,
    progress: &mut dyn Progress,
    report: &mut BuildReport,
) -> Result<[u64; 256], BuildError> {
    let mut buckets = (0..256)
        .map(|bucket| File::create(scratch.bucket(bucket)).map(|file| BufWriter::with_capacity(1 << 16, file)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut sizes = [0u64; 256];
    let mut reader = BufReader::with_capacity(1 << 20, list);
    let mut line = Vec::with_capacity(64);
    let mut bytes_read = 0u64;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        bytes_read += read as u64;
        report.lines += 1;
        match parse_line(&line, settings.min_count) {
            Ok(Some(key)) => {
                let bucket = (key >> 56) as usize;
                buckets[bucket].write_all(&key.to_le_bytes())?;
                sizes[bucket] += 1;
            }
            Ok(None) if line.trim_ascii().is_empty() => {}
            Ok(None) => report.below_min_count += 1,
            Err(why) => return Err(BuildError::Line { line: report.lines, why }),
        }
        if report.lines.is_multiple_of(1 << 20) {
            progress.reading(bytes_read, sizes.iter().sum());
        }
    }
    progress.reading(bytes_read, sizes.iter().sum());
    for bucket in &mut buckets {
        bucket.flush()?;
    }
    Ok(sizes)
}

/// One line's key, `None` for a blank line or a hash under the minimum count.
fn parse_line(line: &[u8], min_count: u64) -> Result<Option<u64>, String> {
    let line = line.trim_ascii();
    if line.is_empty() {
        return Ok(None);
    }
    let (hash, count) = match line.iter().position(|&b| b == b':') {
        Some(colon) => (&line[..colon], Some(&line[colon + 1..])),
        None => (line, None),
    };
    if hash.len() != 40 || !hash.iter().all(u8::is_ascii_hexdigit) {
        let hint = if hash.len() == 32 { " (32 digits is an NTLM list: use the SHA-1 one)" } else { "" };
        return Err(format!("expected a SHA-1 as 40 hexadecimal digits, found {} characters{hint}", hash.len()));
    }
    let count = match count {
        Some(digits) => std::str::from_utf8(digits)
            .ok()
            .and_then(|digits| digits.parse::<u64>().ok())
            .ok_or_else(|| "the count after `:` is not a whole number".to_owned())?,
        None if min_count > 1 => return Err("no `:COUNT` to compare with the minimum count".to_owned()),
        None => 1,
    };
    if count < min_count {
        return Ok(None);
    }
    let hex = std::str::from_utf8(&hash[..16]).map_err(|_| "not ASCII".to_owned())?;
    u64::from_str_radix(hex, 16).map(Some).map_err(|e| e.to_string())
}

/// Neighbouring buckets joined while their keys stay under `max_keys` (a bucket larger than
/// that is a shard alone); every shard holds at least one key.
fn group_buckets(sizes: &[u64; 256], max_keys: u64) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut held = 0u64;
    for (bucket, &size) in sizes.iter().enumerate() {
        if held > 0 && held + size > max_keys {
            groups.push(start..bucket);
            start = bucket;
            held = 0;
        }
        held += size;
    }
    match (held, groups.last_mut()) {
        // Trailing empty buckets join the last shard.
        (0, Some(last)) => last.end = 256,
        _ => groups.push(start..256),
    }
    groups
}

/// Appends the keys of one bucket file.
fn read_keys(path: &Path, keys: &mut Vec<u64>) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut key = [0u8; 8];
    loop {
        match reader.read_exact(&mut key) {
            Ok(()) => keys.push(u64::from_le_bytes(key)),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

/// The folder of bucket files beside the output, removed when dropped (also on an error).
struct Scratch {
    folder: PathBuf,
}

impl Scratch {
    fn create(output: &Path) -> std::io::Result<Self> {
        let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let folder = output.with_file_name(format!(".{name}.building"));
        // Left over from a build that was killed: nothing in it is worth keeping.
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder)?;
        Ok(Self { folder })
    }

    fn bucket(&self, bucket: usize) -> PathBuf {
        self.folder.join(format!("{bucket:02x}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.folder);
        let _ = fs::remove_file(self.folder.with_extension("filter"));
    }
}
