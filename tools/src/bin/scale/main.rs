//! The million-account benchmark's own program (`make bench-scale` drives it):
//!
//!     scale fill --database-url URL --accounts N
//!         a new database of N generated accounts (bench/scale.sh caches it); prints what it made
//!     scale run --database-url URL --accounts N --latch BIN --site DIR --port P --work DIR [--flood N]
//!         the day's dead rows added, the server started on it, every cost measured; one JSON
//!         line per cost
//!
//! The generated rows follow `shape.rs`, so the probes know every account's password and
//! live session without reading them back.

mod admin;
mod connection;
mod dialect;
mod fill;
mod flood;
mod operator;
mod plans;
mod probe;
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
        _ => {
            Err("usage: scale fill|run --database-url URL --accounts N [--latch BIN --site DIR --port P --work DIR]"
                .into())
        }
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
    database_url: String,
    accounts: i64,
    latch: PathBuf,
    site: PathBuf,
    port: u16,
    work: PathBuf,
    /// At most this many distinct tokens in the memory measure.
    flood: i64,
}

impl Options {
    fn parse(args: &[String]) -> Self {
        let mut options =
            Self { port: 3700, accounts: 1_000, work: std::env::temp_dir(), flood: 1_000_000, ..Self::default() };
        for pair in args.chunks(2) {
            let value = pair.get(1).cloned().unwrap_or_default();
            match pair[0].as_str() {
                "--database-url" => options.database_url = value,
                "--accounts" => options.accounts = value.parse().unwrap_or(options.accounts),
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
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

async fn fill(options: &Options) -> Result<(), Failure> {
    let made = fill::fill(&options.database_url, Shape { accounts: options.accounts }, now()).await?;
    println!("{made}");
    Ok(())
}

/// Prints one JSON line.
fn say(line: serde_json::Value) {
    println!("{line}");
}

async fn run(options: &Options) -> Result<(), Failure> {
    let shape = Shape { accounts: options.accounts };
    let url = &options.database_url;
    say(serde_json::json!({"name": "dead rows added", "result": fill::add_dead_rows(url, shape, now()).await?}));
    let base = format!("http://127.0.0.1:{}", options.port);
    let command = || operator::server_command(&options.latch, &options.site, url, SECRET, options.port);
    let log = options.work.join("scale-server.log");
    let started = Instant::now();
    let mut server = operator::Server::start(command(), &log)?;
    let first_start = server.ready(&base, started).await?;
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build()?;
    let keys = latch::auth::server::sessions::token::TokenKeys::new(SECRET.as_bytes(), Duration::from_secs(1_800))?;
    let target = probe::Target {
        base: base.clone(),
        database_url: url.clone(),
        shape,
        keys,
        pid: server.child.id(),
        log,
        client,
    };
    say(serde_json::json!({"name": "start-up with the pruner's work waiting", "seconds": first_start.as_secs_f64()}));
    probe::pruner(&target).await.into_iter().for_each(say);
    say(serde_json::json!({"name": "resident memory after the pruner", "kib": probe::resident_kib(target.pid)}));
    say(plans::check(url).await?);
    operator::forget_scans(url).await?;
    probe::me(&target).await.into_iter().for_each(say);
    say(flood::throughput(&target).await);
    probe::login_and_signup(&target, now()).await.into_iter().for_each(say);
    probe::account_pages(&target).await.into_iter().for_each(say);
    probe::events(&target).await?.into_iter().for_each(say);
    say(probe::export(&target).await);
    admin::admin(&target).await.into_iter().for_each(say);
    probe::metrics(&target, &format!("http://127.0.0.1:{}", options.port + 1)).await.into_iter().for_each(say);
    operator::users_list(&options.latch, url, shape.accounts).into_iter().for_each(say);
    if let Some(scans) = operator::sequential_scans(url).await? {
        say(scans);
    }
    say(flood::distinct_tokens(&target, options.flood).await);
    server.stop();
    let mut starts = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut server = operator::Server::start(command(), &options.work.join("scale-restart.log"))?;
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
