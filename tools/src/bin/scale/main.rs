//! The million-account benchmark's own program (`make bench-scale` drives it):
//!
//!     scale fill --database-url URL --accounts N
//!         a new database of N generated accounts (bench/scale.sh caches it); prints what it made
//!     scale run --database-url URL --accounts N --latch BIN --site DIR --port P --work DIR [--flood N]
//!         the day's dead rows added, the server started on it, and the costs measured once per
//!         database: the pruner's round, the query plans, the export, memory under every live
//!         token, `latch users list`, restarts, a migration; one JSON line per cost
//!     scale pair --database-url SMALL --accounts N --database-url LARGE --accounts M --latch BIN …
//!         both databases' servers at once, and every request's cost measured on both at
//!         the same moment (`pair.rs`); one JSON line per cost and size
//!
//! The generated rows follow `shape.rs`, so the probes know every account's password and
//! live session without reading them back.

mod admin;
mod checkpoints;
mod connection;
mod dialect;
mod fill;
mod flood;
mod operator;
mod pair;
mod plans;
mod probe;
mod requests;
mod rows;
mod shape;
mod timing;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use shape::Shape;

/// The benchmark server's signing secret: the probes make the tokens of the generated
/// sessions with it, as the server would have.
const SECRET: &str = "the million-account benchmark's own secret, not a real one";

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("fill") => fill(&Options::parse(&args[1..])).await,
        Some("run") => run(&Options::parse(&args[1..])).await,
        Some("pair") => pair(&Options::parse(&args[1..])).await,
        _ => Err(
            "usage: scale fill|run|pair --database-url URL --accounts N [--latch BIN --site DIR --port P --work DIR]"
                .into(),
        ),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("scale: {problem}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[derive(Default)]
struct Options {
    /// Each `--database-url` with the `--accounts` given after it (`pair` takes two).
    databases: Vec<(String, Shape)>,
    latch: PathBuf,
    site: PathBuf,
    port: u16,
    work: PathBuf,
    /// At most this many distinct tokens in the memory measure.
    flood: i64,
}

impl Options {
    fn parse(args: &[String]) -> Self {
        let mut options = Self { port: 3700, work: std::env::temp_dir(), flood: 1_000_000, ..Self::default() };
        for pair in args.chunks(2) {
            let value = pair.get(1).cloned().unwrap_or_default();
            match pair[0].as_str() {
                "--database-url" => options.databases.push((value, Shape { accounts: 1_000 })),
                "--accounts" => match (options.databases.last_mut(), value.parse()) {
                    (Some((_, shape)), Ok(accounts)) => shape.accounts = accounts,
                    _ => eprintln!("scale: `--accounts {value}` needs a number after a --database-url"),
                },
                "--latch" => options.latch = value.into(),
                "--site" => options.site = value.into(),
                "--port" => options.port = value.parse().unwrap_or(options.port),
                "--work" => options.work = value.into(),
                "--flood" => options.flood = value.parse().unwrap_or(options.flood),
                other => eprintln!("scale: `{other}` ignored"),
            }
        }
        options
    }

    /// The first `--database-url` and its shape.
    fn database(&self) -> Result<(&str, Shape), Failure> {
        let (url, shape) = self.databases.first().ok_or("--database-url is missing")?;
        Ok((url, *shape))
    }

    /// Starts Latch on `url` at `port` and waits until it answers: the process, the target
    /// the probes reach it by, and how long it took to answer.
    async fn start(
        &self,
        url: &str,
        shape: Shape,
        port: u16,
        log: PathBuf,
    ) -> Result<(operator::Server, probe::Target, Duration), Failure> {
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let mut server = operator::Server::start(self.server_command(url, port), &log)?;
        let ready = server.ready(&base, started).await?;
        let target = probe::Target {
            base,
            metrics_base: format!("http://127.0.0.1:{}", port + 1),
            database_url: url.to_owned(),
            shape,
            keys: latch::auth::server::sessions::token::TokenKeys::new(SECRET.as_bytes(), Duration::from_secs(1_800))?,
            pid: server.child.id(),
            log,
            client: reqwest::Client::builder().pool_max_idle_per_host(64).build()?,
        };
        Ok((server, target, ready))
    }

    fn server_command(&self, url: &str, port: u16) -> std::process::Command {
        operator::server_command(&self.latch, &self.site, url, SECRET, port)
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

async fn fill(options: &Options) -> Result<(), Failure> {
    let (url, shape) = options.database()?;
    let made = fill::fill(url, shape, now()).await?;
    println!("{made}");
    Ok(())
}

/// Prints one JSON line.
fn say(line: serde_json::Value) {
    println!("{line}");
}

async fn run(options: &Options) -> Result<(), Failure> {
    let (url, shape) = options.database()?;
    say(serde_json::json!({"name": "dead rows added", "result": fill::add_dead_rows(url, shape, now()).await?}));
    let (server, target, first_start) =
        options.start(url, shape, options.port, options.work.join("scale-server.log")).await?;
    say(serde_json::json!({"name": "start-up with the pruner's work waiting", "seconds": first_start.as_secs_f64()}));
    probe::pruner(&target).await.into_iter().for_each(say);
    say(serde_json::json!({"name": "resident memory after the pruner", "kib": probe::resident_kib(target.pid)}));
    say(plans::check(url).await?);
    say(probe::export(&target).await);
    operator::users_list(&options.latch, url, shape.accounts).into_iter().for_each(say);
    say(flood::distinct_tokens(&target, options.flood).await);
    server.stop();
    let mut starts = Vec::new();
    for _ in 0..3 {
        let base = format!("http://127.0.0.1:{}", options.port);
        let started = Instant::now();
        let mut server = operator::Server::start(
            options.server_command(url, options.port),
            &options.work.join("scale-restart.log"),
        )?;
        starts.push(server.ready(&base, started).await?.as_secs_f64() * 1e3);
        server.stop();
    }
    starts.sort_by(f64::total_cmp);
    say(
        serde_json::json!({"name": "start-up to the first 200", "p50_ms": starts[1], "p99_ms": starts[2], "requests": 3}),
    );
    operator::add_column(url).await?.into_iter().for_each(say);
    let mut conn = connection::Conn::open(url).await?;
    say(serde_json::json!({"name": "database size", "bytes": fill::size(&mut conn).await?}));
    conn.close().await?;
    Ok(())
}

/// Both sizes' servers at once (the second 10 ports above the first), each past its
/// pruner's first round; then every request cost on both at the same
/// moment. Each line says the size it measured (`accounts`).
async fn pair(options: &Options) -> Result<(), Failure> {
    let [(small_url, small), (large_url, large)] = &options.databases[..] else {
        return Err("pair takes two --database-url, each with its --accounts".into());
    };
    // What the runs before wrote (a million sessions' "last active" times, the pruner's
    // deletions) reaches the disk first: a database file's next `fsync` would otherwise wait
    // for that backlog, and only the larger one has it.
    let _ = std::process::Command::new("sync").status();
    let mut servers = Vec::new();
    let mut sides = Vec::new();
    for (place, (url, shape)) in [(small_url, *small), (large_url, *large)].into_iter().enumerate() {
        let port = options.port + 10 * place as u16;
        let log = options.work.join(format!("scale-pair-{}.log", shape.accounts));
        let (server, target, _) = options.start(url, shape, port, log).await?;
        servers.push(server);
        // `run` deleted the day's dead rows, so this round finds almost nothing: it takes
        // milliseconds, and logs only when it deleted something.
        let waiting = Instant::now();
        while !target.pruned() && waiting.elapsed() < Duration::from_secs(5) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        operator::forget_scans(url).await?;
        let mut first = probe::first_scrape(&target).await;
        first["accounts"] = shape.accounts.into();
        say(first);
        sides.push(pair::Side::prepare(target, now()).await?);
    }
    let sides: [pair::Side; 2] = sides.try_into().map_err(|_| "two sides")?;
    pair::measure(&sides).await.into_iter().for_each(say);
    for side in &sides {
        if let Some(mut copied) = checkpoints::from_log(&side.target.log) {
            copied["accounts"] = side.target.shape.accounts.into();
            say(copied);
        }
        if let Some(mut scans) = operator::sequential_scans(&side.target.database_url).await? {
            scans["accounts"] = side.target.shape.accounts.into();
            say(scans);
        }
    }
    servers.into_iter().for_each(operator::Server::stop);
    Ok(())
}
