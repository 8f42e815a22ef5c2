//! An SMTP server on 127.0.0.1 that accepts every message and writes each, raw, to a folder
//! (`1.eml`, `2.eml`, ...): a mail server for the deploy test, which runs the release in
//! production (where `SMTP_URL` is required) and reads the mail it sends.
//! `cargo run -p latch-tools --bin smtp_sink -- <port> <folder>`

use std::{
    path::PathBuf,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc,
    },
};

use mailin_embedded::{response, Handler, Response, Server};

#[derive(Clone)]
struct ToFolder {
    folder: PathBuf,
    written: Arc<AtomicU32>,
    data: Vec<u8>,
}

impl Handler for ToFolder {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, _to: &[String]) -> Response {
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let number = self.written.fetch_add(1, Ordering::SeqCst) + 1;
        // Written under a temporary name, then renamed: a reader never sees half a message.
        let partial = self.folder.join(format!(".{number}.eml"));
        let done = std::fs::write(&partial, &self.data)
            .and_then(|()| std::fs::rename(&partial, self.folder.join(format!("{number}.eml"))));
        match done {
            Ok(()) => response::OK,
            Err(_) => response::INTERNAL_ERROR,
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(port), Some(folder)) = (args.next(), args.next()) else {
        eprintln!("usage: smtp_sink <port> <folder>");
        std::process::exit(2);
    };
    let folder = PathBuf::from(folder);
    std::fs::create_dir_all(&folder).expect("the folder can be made");
    let handler = ToFolder { folder, written: Arc::default(), data: Vec::new() };
    let mut server = Server::new(handler);
    server.with_name("sink.test").with_num_threads(4).with_addr(format!("127.0.0.1:{port}")).expect("a port number");
    eprintln!("smtp_sink: listening on 127.0.0.1:{port}");
    if let Err(error) = server.serve() {
        eprintln!("smtp_sink: {error}");
        std::process::exit(1);
    }
}
