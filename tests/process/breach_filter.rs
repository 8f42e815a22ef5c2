//! `latch breach-filter build` on the real binary, from a file and from standard input, what
//! it refuses, `check-config` reading the filter, and the server refusing a listed password
//! once started with it.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::{one_at_a_time, running::RunningServer};

const BREACHED: &str = "purple elephants dance at midnight";

fn sha1_hex(text: &str) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02X}")).collect()
}

fn list() -> String {
    let mut lines: String =
        (0..5_000).map(|i| format!("{}:{}\n", sha1_hex(&format!("leaked {i}")), i % 7 + 1)).collect();
    lines.push_str(&format!("{}:12\n", sha1_hex(BREACHED)));
    lines
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_builds_a_filter_checks_it_and_the_server_refuses_its_passwords() {
    let _turn = one_at_a_time().await;
    let dir = tempfile::tempdir().unwrap();
    let list_path = dir.path().join("pwned.txt");
    std::fs::write(&list_path, list()).unwrap();
    let filter = dir.path().join("breached.filter");
    let (list_arg, filter_arg) = (list_path.to_str().unwrap(), filter.to_str().unwrap());

    let built = RunningServer::command(dir.path(), &["breach-filter", "build", list_arg, filter_arg], &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let said = text(&built.stdout);
    assert!(said.contains("5001 hashes") && said.contains("bits a hash"), "{said}");

    // From standard input, keeping only hashes seen at least 7 times: 714 of them, and ours.
    let mut piped = Command::new(env!("CARGO_BIN_EXE_latch"))
        .args(["breach-filter", "build", "-", dir.path().join("frequent.filter").to_str().unwrap(), "--min-count", "7"])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    piped.stdin.take().unwrap().write_all(list().as_bytes()).unwrap();
    let piped = piped.wait_with_output().unwrap();
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    assert!(text(&piped.stdout).contains("715 hashes"), "{}", text(&piped.stdout));

    // A list of another kind is refused with the line, and the filter built before stays.
    std::fs::write(dir.path().join("ntlm.txt"), "8846F7EAEE8FB117AD06BDD830B7586C:3\n").unwrap();
    let ntlm = dir.path().join("ntlm.txt");
    let refused =
        RunningServer::command(dir.path(), &["breach-filter", "build", ntlm.to_str().unwrap(), filter_arg], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("line 1") && text(&refused.stderr).contains("NTLM"),
        "{}",
        text(&refused.stderr)
    );

    let checked = RunningServer::command(dir.path(), &["check-config"], &[("BREACH_FILTER_PATH", filter_arg)]);
    assert!(text(&checked.stdout).contains("breach filter: 5001 hashes"), "{}", text(&checked.stdout));
    let mut cut = std::fs::read(&filter).unwrap();
    cut.truncate(cut.len() / 2);
    let cut_path = dir.path().join("cut.filter");
    std::fs::write(&cut_path, cut).unwrap();
    let damaged =
        RunningServer::command(dir.path(), &["check-config"], &[("BREACH_FILTER_PATH", cut_path.to_str().unwrap())]);
    assert_eq!(damaged.status.code(), Some(1));
    assert!(text(&damaged.stderr).contains("BREACH_FILTER_PATH"), "{}", text(&damaged.stderr));

    let server = RunningServer::start(dir.path(), &[("BREACH_FILTER_PATH", filter_arg)]);
    assert!(server.log().contains("breach filter loaded"), "{}", server.log());
    let signup = |password: &'static str| {
        Client::new()
            .post(server.url("/auth/signup"))
            .json(&json!({ "email": "ada@example.com", "username": "Ada", "password": password }))
            .send()
    };
    assert_eq!(signup(BREACHED).await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(signup("a passphrase nobody leaked").await.unwrap().status(), StatusCode::OK);
}
