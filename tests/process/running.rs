//! The real server binary as a child process: for what only a process shows (its log, its
//! exit code, surviving `kill -9`).

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, ExitStatus, Stdio},
    sync::{mpsc, Arc, Mutex},
    time::Duration,
};

pub struct RunningServer {
    pub addr: String,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl RunningServer {
    /// Starts `latch` on 127.0.0.1 (a free port) with its database in `data_dir`.
    pub fn start(data_dir: &Path, env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_latch"));
        command
            .env_clear()
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", format!("sqlite://{}/latch.db", data_dir.display()))
            .env("JWT_SECRET", crate::TEST_SECRET)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the server binary starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (addr_tx, addr_rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr is piped");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    // A text line ends with the address; a JSON line closes its string after it.
                    let addr: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '"').collect();
                    let _ = addr_tx.send(addr);
                }
                sink.lock().unwrap().push(line);
            }
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| {
            panic!("the server never said where it listens; its log:\n{}", log.lock().unwrap().join("\n"))
        });
        Self { addr, child, log }
    }

    /// Runs `latch ARGS` (an operator command) with the same kind of environment, and waits.
    pub fn command(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_latch"));
        command
            .args(args)
            .env_clear()
            .env("DATABASE_URL", format!("sqlite://{}/latch.db", data_dir.display()))
            .env("JWT_SECRET", crate::TEST_SECRET);
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("the binary runs")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Everything the server has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// `kill -9`: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, as a service manager sends it, then waits for the exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill runs");
        assert!(status.success(), "SIGTERM could not be sent");
        let exit = self.child.wait().expect("the server exits");
        // The log reader sees the last lines only once the pipe closes.
        std::thread::sleep(Duration::from_millis(50));
        exit
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.kill();
    }
}
