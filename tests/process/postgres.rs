//! A throwaway PostgreSQL for one test: Debian's server, its data in a temporary folder, on a
//! free port of 127.0.0.1, stopped (immediately) and removed when dropped. The tests that
//! stop and restart the database need one of their own; starting one takes about a second.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

pub struct ThrowawayPostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl ThrowawayPostgres {
    pub fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (scripts/setup.sh installs it)")
            .filter_map(|entry| Some(entry.ok()?.path().join("bin")))
            .filter(|bin| bin.join("pg_ctl").exists())
            .max()
            .expect("a PostgreSQL server under /usr/lib/postgresql");
        let dir = tempfile::tempdir().expect("a temporary folder");
        give_to_postgres(dir.path());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = Self { bin, dir, port };
        server.run(
            "initdb",
            &["-D", &server.data(), "-U", "latch", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
        );
        server.start_again();
        server
    }

    /// The URL of database `postgres` (tests create their own beside it).
    pub fn url(&self) -> String {
        format!("postgres://latch@127.0.0.1:{}/postgres", self.port)
    }

    /// A new, empty database; its URL.
    pub fn new_database(&self, name: &str) -> String {
        self.run(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "latch",
                "-d",
                "postgres",
                "-qc",
                &format!("CREATE DATABASE {name}"),
            ],
        );
        format!("postgres://latch@127.0.0.1:{}/{name}", self.port)
    }

    /// Starts the server (again) and waits until it accepts connections.
    pub fn start_again(&self) {
        let options =
            format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200", self.port, self.folder());
        let log = format!("{}/server.log", self.folder());
        self.run("pg_ctl", &["-D", &self.data(), "-l", &log, "-w", "-o", &options, "start"]);
    }

    /// Stops the server the way an operator restarting it does: connections are cut, what
    /// was committed stays.
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    fn folder(&self) -> String {
        self.dir.path().display().to_string()
    }

    fn data(&self) -> String {
        format!("{}/data", self.folder())
    }

    /// Runs one of the server's programs, as the `postgres` user when this is root
    /// (PostgreSQL refuses to run as root).
    fn run(&self, program: &str, args: &[&str]) {
        let output = self.command(program).args(args).output().expect("a PostgreSQL program runs");
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if !is_root() {
            return Command::new(program);
        }
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = self.command("pg_ctl").args(["-D", &self.data(), "-m", "immediate", "stop"]).output();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|out| out.stdout.starts_with(b"0\n")).unwrap_or(false)
}

fn give_to_postgres(folder: &Path) {
    if is_root() {
        let status = Command::new("chown").args(["postgres"]).arg(folder).status().expect("chown runs");
        assert!(status.success());
    }
}
