//! Where log lines go: appended to one in-memory batch, which a thread of its own writes to
//! stderr every `FLUSH_EVERY` (or sooner, once a batch is big). A request's line therefore
//! costs a short lock and a copy: no system call and no thread to wake per line, where a
//! writer per line pays a `write` and a wake-up for every request, more than the rest of a
//! cached request. Nothing is dropped: past `MAX_PENDING_BYTES` a logging thread waits for
//! the writer to catch up. Dropping the [`FlushOnDrop`] guard writes out what is pending.

use std::{
    io::Write,
    sync::{Arc, Condvar, Mutex, MutexGuard},
    thread::JoinHandle,
    time::Duration,
};

/// How long a line may wait in memory before it reaches stderr.
pub const FLUSH_EVERY: Duration = Duration::from_millis(50);
/// A batch this big is written at once, without waiting for the tick.
const EAGER_BYTES: usize = 256 * 1024;
/// Past this, a logging thread waits for the writer rather than grow memory without bound.
const MAX_PENDING_BYTES: usize = 8 * 1024 * 1024;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT`, or JSON in production (`LATCH_ENV=production`) and text otherwise.
    pub fn from_env() -> Result<Self, String> {
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        match variable("LOG_FORMAT").as_deref().map(str::trim) {
            Some("json") => Ok(Self::Json),
            Some("text") => Ok(Self::Text),
            Some(other) => Err(format!("configuration: LOG_FORMAT must be `text` or `json`, not `{other}`")),
            None if variable("LATCH_ENV").as_deref().map(str::trim) == Some("production") => Ok(Self::Json),
            None => Ok(Self::Text),
        }
    }
}

#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    pending: Mutex<Pending>,
    /// Tells the writer thread a batch is big, or that it is time to stop.
    wake_writer: Condvar,
    /// Tells waiting logging threads the batch was taken.
    drained: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The `MakeWriter` for the log subscriber: every line is appended to the pending batch.
#[derive(Clone)]
pub struct BatchedWriter(Arc<Shared>);

/// Keep until exit: dropping it writes what is pending and stops the writer thread.
pub struct FlushOnDrop {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// A writer whose batches go to `out` from a thread named `thread_name`; an error when the
/// system refuses the thread (a process or thread limit reached).
pub fn batched(out: impl Write + Send + 'static, thread_name: &str) -> std::io::Result<(BatchedWriter, FlushOnDrop)> {
    let shared = Arc::new(Shared::default());
    let for_thread = Arc::clone(&shared);
    let thread =
        std::thread::Builder::new().name(thread_name.to_owned()).spawn(move || write_batches(&for_thread, out))?;
    Ok((BatchedWriter(Arc::clone(&shared)), FlushOnDrop { shared, thread: Some(thread) }))
}

/// The writer thread: takes the whole batch under the lock, writes it outside it.
fn write_batches(shared: &Shared, mut out: impl Write) {
    let mut batch = Vec::new();
    loop {
        let closed = {
            let mut pending = shared.lock();
            if pending.bytes.len() < EAGER_BYTES && !pending.closed {
                pending = shared
                    .wake_writer
                    .wait_timeout(pending, FLUSH_EVERY)
                    .map(|(guard, _)| guard)
                    .unwrap_or_else(|poisoned| poisoned.into_inner().0);
            }
            // Swapped, not copied: the two buffers keep their capacity between batches.
            std::mem::swap(&mut batch, &mut pending.bytes);
            pending.closed
        };
        shared.drained.notify_all();
        if !batch.is_empty() {
            // Nowhere to report a failure to write the log: the line is lost, the server goes on.
            let _ = out.write_all(&batch).and_then(|()| out.flush());
            batch.clear();
        }
        if closed {
            return;
        }
    }
}

impl BatchedWriter {
    fn append(&self, line: &[u8]) {
        let mut pending = self.0.lock();
        while pending.bytes.len() >= MAX_PENDING_BYTES && !pending.closed {
            self.0.wake_writer.notify_one();
            pending = self.0.drained.wait(pending).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        pending.bytes.extend_from_slice(line);
        if pending.bytes.len() >= EAGER_BYTES {
            self.0.wake_writer.notify_one();
        }
    }
}

impl Write for BatchedWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        self.append(line);
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for BatchedWriter {
    type Writer = BatchedWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Drop for FlushOnDrop {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake_writer.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Write` the test can read back.
    #[derive(Clone, Default)]
    struct Collected(Arc<Mutex<Vec<u8>>>);

    impl Write for Collected {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_from_every_thread_arrives_whole_and_in_each_threads_order() {
        let out = Collected::default();
        let (writer, guard) = batched(out.clone(), "test-log").unwrap();
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let mut writer = writer.clone();
                std::thread::spawn(move || {
                    for n in 0..20_000 {
                        writer.write_all(format!("thread {thread} line {n}\n").as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|thread| thread.join().unwrap());
        drop(guard);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 80_000, "no line lost past the pending limit or at shutdown");
        for thread in 0..4 {
            let own: Vec<usize> = lines
                .iter()
                .filter_map(|line| line.strip_prefix(&format!("thread {thread} line ")))
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(own, (0..20_000).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_line_reaches_the_output_within_a_tick_without_shutdown() {
        let out = Collected::default();
        let (mut writer, _guard) = batched(out.clone(), "test-log").unwrap();
        writer.write_all(b"served\n").unwrap();
        let deadline = std::time::Instant::now() + FLUSH_EVERY * 20;
        while out.0.lock().unwrap().is_empty() {
            assert!(std::time::Instant::now() < deadline, "the line was not written");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(&out.0.lock().unwrap()[..], b"served\n");
    }
}
