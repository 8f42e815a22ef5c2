//! `latch breach-filter build LIST OUTPUT [--min-count N]`: the breached-password filter from
//! a Have I Been Pwned list (`SHA1:COUNT` lines; `-` reads standard input, so a compressed
//! list can be piped in), with a progress line on a terminal and a report at the end.

use std::{
    fs::File,
    io::{IsTerminal, Read, Write},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use crate::auth::server::password::breached::{self, BreachFilter, BuildSettings, Progress};

/// What `breach-filter build` was asked.
#[derive(Debug, PartialEq, Eq)]
pub struct BuildRequest {
    /// The list, or `-` for standard input.
    pub list: PathBuf,
    /// Where the filter goes (replaced once complete).
    pub output: PathBuf,
    /// Hashes seen fewer times are left out.
    pub min_count: u64,
}

impl BuildRequest {
    /// Reads `LIST OUTPUT [--min-count N]`.
    pub fn parse(args: &[&str]) -> Option<Self> {
        let (list, output, min_count) = match args {
            [list, output] => (list, output, 1),
            [list, output, "--min-count", n] => (list, output, n.parse().ok().filter(|&n| n >= 1)?),
            _ => return None,
        };
        Some(Self { list: PathBuf::from(list), output: PathBuf::from(output), min_count })
    }
}

/// Builds the filter, then loads it back and prints what it holds.
pub fn build(request: &BuildRequest) -> Result<(), String> {
    let settings = BuildSettings { min_count: request.min_count, ..BuildSettings::default() };
    let (list, size): (Box<dyn Read>, Option<u64>) = if request.list == Path::new("-") {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = File::open(&request.list).map_err(|e| format!("cannot read {}: {e}", request.list.display()))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let mut progress = TerminalProgress::new(size);
    let report = breached::build(list, &request.output, &settings, &mut progress)
        .map_err(|e| format!("breach filter not built: {e}"))?;
    progress.finish();
    let filter = BreachFilter::load(&request.output).map_err(|e| e.to_string())?;
    println!(
        "{} written: {} hashes ({} duplicates, {} under the minimum count, {} lines), {} shards, {} bytes = {:.2} bits a hash; read in {:.1} s, built in {:.1} s",
        request.output.display(),
        filter.entries(),
        report.duplicates,
        report.below_min_count,
        report.lines,
        report.shards,
        report.file_bytes,
        report.bits_per_entry(),
        report.read_secs,
        report.build_secs
    );
    println!("set BREACH_FILTER_PATH={} for the server to refuse these passwords", request.output.display());
    Ok(())
}

/// One line on standard error, redrawn at most five times a second, when it is a terminal;
/// nothing otherwise (a log file wants no carriage returns).
struct TerminalProgress {
    drawing: bool,
    size: Option<u64>,
    started: Instant,
    drawn: Option<Instant>,
}

impl TerminalProgress {
    fn new(size: Option<u64>) -> Self {
        Self { drawing: std::io::stderr().is_terminal(), size, started: Instant::now(), drawn: None }
    }

    fn draw(&mut self, line: String, force: bool) {
        if !self.drawing || (!force && self.drawn.is_some_and(|at| at.elapsed() < Duration::from_millis(200))) {
            return;
        }
        self.drawn = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    fn finish(&mut self) {
        if self.drawing {
            eprintln!();
        }
    }
}

impl Progress for TerminalProgress {
    fn reading(&mut self, bytes: u64, hashes: u64) {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = bytes as f64 / secs / 1e6;
        let line = match self.size {
            Some(size) if size > 0 => {
                let share = bytes as f64 / size as f64;
                let filled = (share * 30.0) as usize;
                format!(
                    "reading [{}{}] {:>5.1} % · {hashes} hashes · {rate:.0} MB/s",
                    "#".repeat(filled.min(30)),
                    "-".repeat(30 - filled.min(30)),
                    share * 100.0
                )
            }
            _ => format!("reading · {:.0} MB · {hashes} hashes · {rate:.0} MB/s", bytes as f64 / 1e6),
        };
        self.draw(line, false);
    }

    fn building(&mut self, done: usize, shards: usize) {
        self.draw(format!("building shard {done} of {shards}"), done == shards);
    }
}
