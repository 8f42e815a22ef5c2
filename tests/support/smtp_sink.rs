#![allow(dead_code)] // shared by two test binaries, each using a part of it
//! A real SMTP server on 127.0.0.1 (mailin-embedded, from crates.io) that keeps every message
//! it accepts, so tests read the mail Latch actually sent over the wire. It can refuse for a
//! while (451, a temporary failure) to play an SMTP outage.

use std::{
    net::{SocketAddr, TcpListener},
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use mailin_embedded::{response, Handler, Response, Server};

/// A message as the sink received it.
#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    /// The raw message: headers and MIME body.
    pub raw: String,
}

#[derive(Clone, Default)]
struct Shared {
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    refusals_left: Arc<AtomicU32>,
    /// Every `MAIL FROM` the sink answered, accepted or refused.
    attempts: Arc<AtomicU32>,
}

#[derive(Clone)]
struct Sink {
    shared: Shared,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Sink {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        self.shared.attempts.fetch_add(1, Ordering::SeqCst);
        let refusing = self
            .shared
            .refusals_left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1))
            .is_ok();
        if refusing {
            Response::custom(451, "Try again later".to_owned())
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = ReceivedMail { to: std::mem::take(&mut self.to), raw: String::from_utf8_lossy(&self.data).into() };
        self.shared.received.lock().unwrap().push(mail);
        response::OK
    }
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Shared,
}

impl SmtpSink {
    /// Listens on a free port of 127.0.0.1, in threads of its own, for the rest of the process.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().unwrap();
        let shared = Shared::default();
        let mut server = Server::new(Sink { shared: shared.clone(), to: Vec::new(), data: Vec::new() });
        server.with_name("sink.test").with_num_threads(4).with_tcp_listener(listener);
        std::thread::spawn(move || {
            if let Err(error) = server.serve() {
                eprintln!("the SMTP sink stopped: {error}");
            }
        });
        Self { addr, shared }
    }

    /// `SMTP_URL` for Latch: plain SMTP on loopback.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The next `count` messages are refused with 451.
    pub fn refuse_next(&self, count: u32) {
        self.shared.refusals_left.store(count, Ordering::SeqCst);
    }

    /// How many times a sender started a message, accepted or not.
    pub fn attempts(&self) -> u32 {
        self.shared.attempts.load(Ordering::SeqCst)
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Every message to `recipient` so far.
    pub fn received_by(&self, recipient: &str) -> Vec<ReceivedMail> {
        self.received().into_iter().filter(|mail| mail.to.iter().any(|to| to.contains(recipient))).collect()
    }

    /// Waits (up to `within`) until `recipient` has `count` messages, and returns them all.
    pub async fn wait_for(&self, recipient: &str, count: usize, within: Duration) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let mails = self.received_by(recipient);
            if mails.len() >= count {
                return mails;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{recipient} got {} of {count} messages within {within:?}",
                mails.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl ReceivedMail {
    /// A header's value, e.g. `Subject`.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next()?;
        head.lines().find_map(|line| line.strip_prefix(&format!("{name}: ")).map(str::to_owned))
    }

    /// The plain-text part, decoded from its transfer encoding.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    pub fn html(&self) -> String {
        self.part("text/html")
    }

    /// The first link in the plain text that goes to `path` (e.g. `/reset-password`).
    pub fn link_to(&self, path: &str) -> String {
        self.text()
            .split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(&format!("{path}?token=")))
            .unwrap_or_else(|| panic!("no link to {path} in:\n{}", self.text()))
            .to_owned()
    }

    /// The token of the link to `path`.
    pub fn token_for(&self, path: &str) -> String {
        self.link_to(path).rsplit_once("token=").unwrap().1.to_owned()
    }

    fn part(&self, content_type: &str) -> String {
        let start =
            self.raw.find(&format!("Content-Type: {content_type}")).unwrap_or_else(|| panic!("no {content_type} part"));
        let part = &self.raw[start..];
        let (head, body) = part.split_once("\r\n\r\n").expect("a part's headers end");
        // The part ends at its boundary line, not at any line that starts with `--`: an encoded
        // line of the body may start so (where the encoder wrapped it depends on the port's
        // digits in the links).
        let boundary = self.raw.split_once("boundary=").map(|(_, rest)| {
            let rest = rest.trim_start_matches('"');
            rest[..rest.find(['"', '\r', ';']).unwrap_or(rest.len())].to_owned()
        });
        let end = match &boundary {
            Some(boundary) => format!("\r\n--{boundary}"),
            None => "\r\n--".to_owned(),
        };
        let body = body.split(end.as_str()).next().unwrap_or_default();
        if head.contains("Content-Transfer-Encoding: quoted-printable") {
            let decoded = quoted_printable::decode(body.as_bytes(), quoted_printable::ParseMode::Robust).unwrap();
            String::from_utf8(decoded).unwrap()
        } else if head.contains("Content-Transfer-Encoding: base64") {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined).unwrap()).unwrap()
        } else {
            body.to_owned()
        }
    }
}
