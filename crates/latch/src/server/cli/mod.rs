//! The binary's subcommands, for whoever operates Latch from a shell. Each reads the
//! environment exactly as the server does, refuses clearly when pointed at the wrong thing
//! (exit 1, with what is wrong), and changes only what it says.
//!
//! ```text
//! latch                          serve (the default)
//! latch check-config             read the environment as the server would; say what is wrong
//! latch backup PATH              a consistent copy of the live SQLite database
//! latch users list [--after ID] [--limit N]
//!                                accounts by id, a page at a time (100 unless told)
//! latch users show EMAIL         one account: profile, live sessions, latest events
//! latch users grant-admin EMAIL  make the account an administrator (the first one comes so)
//! latch users revoke-admin EMAIL take the role away (never from the last administrator)
//! latch sessions revoke EMAIL    end every session of an account (a running server refuses
//!                                them by the time this returns)
//! latch breach-filter build LIST OUTPUT [--min-count N]
//!                                the breached-password filter from a Have I Been Pwned list
//! ```

mod breach_filter;
mod check_config;

use std::{path::PathBuf, process::ExitCode};

pub use breach_filter::BuildRequest;

use crate::{
    auth::server::{account::operator, sessions::device},
    i18n::dates::date_time,
    web::{
        config::Config,
        db::{self, Db},
    },
};

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve HTTP (no command).
    Serve,
    /// `check-config`.
    CheckConfig,
    /// `backup PATH`.
    Backup(PathBuf),
    /// `users list [--after ID] [--limit N]`: the accounts after id `after`, `limit` of them.
    UsersList {
        /// The last id of the page before (0: from the start).
        after: i64,
        /// The most accounts to print.
        limit: i64,
    },
    /// `users show EMAIL`.
    UsersShow(String),
    /// `users grant-admin EMAIL`.
    UsersGrantAdmin(String),
    /// `users revoke-admin EMAIL`.
    UsersRevokeAdmin(String),
    /// `sessions revoke EMAIL`.
    SessionsRevoke(String),
    /// `breach-filter build LIST OUTPUT [--min-count N]`.
    BreachFilterBuild(BuildRequest),
    /// `help`, or a word it does not know.
    Help,
}

/// What `latch help` prints.
pub const USAGE: &str =
    "usage: latch [check-config | backup PATH | users list [--after ID] [--limit N] | users show EMAIL
              | users grant-admin EMAIL
              | users revoke-admin EMAIL | sessions revoke EMAIL
              | breach-filter build LIST OUTPUT [--min-count N]]
  (no command)            serve, configured by the environment (.env.example lists it)
  check-config            read the environment as the server would and say what is wrong
  backup PATH             write a consistent copy of the live SQLite database to PATH (a new file)
  users list [--after ID] [--limit N]
                          accounts by id (id, email, username, joined, live sessions), N at a
                          time (default 100, at most 10,000), after id ID; it ends by saying
                          the command for the next page
  users show EMAIL        one account: profile, live sessions, latest events
  users grant-admin EMAIL make the account an administrator (it needs a second factor to use
                          the console); the first administrator comes this way
  users revoke-admin EMAIL  take the administrator role away; refused for the last one
  sessions revoke EMAIL   end every session of the account; a running server refuses them
                          by the time this returns
  breach-filter build LIST OUTPUT [--min-count N]
                          write the breached-password filter from a Have I Been Pwned list of
                          SHA1:COUNT lines (LIST `-` reads standard input); leave out hashes
                          seen fewer than N times; the server loads it from BREACH_FILTER_PATH";

/// Reads the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["check-config"] => Ok(Command::CheckConfig),
        ["backup", path] => Ok(Command::Backup(PathBuf::from(path))),
        ["users", "list", rest @ ..] => users_list(rest)
            .ok_or_else(|| format!("latch: users list takes --after ID and --limit N (1 to 10000)\n{USAGE}")),
        ["users", "show", email] => Ok(Command::UsersShow((*email).to_owned())),
        ["users", "grant-admin", email] => Ok(Command::UsersGrantAdmin((*email).to_owned())),
        ["users", "revoke-admin", email] => Ok(Command::UsersRevokeAdmin((*email).to_owned())),
        ["sessions", "revoke", email] => Ok(Command::SessionsRevoke((*email).to_owned())),
        ["breach-filter", "build", rest @ ..] => BuildRequest::parse(rest)
            .map(Command::BreachFilterBuild)
            .ok_or_else(|| format!("latch: breach-filter build needs LIST OUTPUT [--min-count N]\n{USAGE}")),
        ["help" | "--help" | "-h"] => Ok(Command::Help),
        _ => Err(format!("latch: unknown command `{}`\n{USAGE}", args.join(" "))),
    }
}

/// The most accounts one `users list` prints.
const MAX_LIST: i64 = 10_000;

/// `users list`'s options, in any order.
fn users_list(rest: &[&str]) -> Option<Command> {
    let (mut after, mut limit) = (0, 100);
    for pair in rest.chunks(2) {
        match pair {
            ["--after", id] => after = id.parse().ok().filter(|id: &i64| *id >= 0)?,
            ["--limit", n] => limit = n.parse().ok().filter(|n| (1..=MAX_LIST).contains(n))?,
            _ => return None,
        }
    }
    Some(Command::UsersList { after, limit })
}

/// Runs an operator command (anything but `Serve`), printing to stdout and problems to stderr.
pub async fn run(command: Command) -> ExitCode {
    let outcome = match command {
        Command::Serve => unreachable!("serving is main's"),
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::CheckConfig => check_config::check_config().await,
        // Minutes of reading and hashing for a full list: off the async runtime's threads.
        Command::BreachFilterBuild(request) => tokio::task::spawn_blocking(move || breach_filter::build(&request))
            .await
            .unwrap_or_else(|panicked| Err(panicked.to_string())),
        Command::Backup(path) => {
            with_database(|db| async move {
                db::backup(&db, &path).await.map_err(|e| e.to_string())?;
                println!("backup written to {} (integrity_check: ok)", path.display());
                Ok(())
            })
            .await
        }
        Command::UsersList { after, limit } => {
            with_database(|db| async move {
                let users = operator::list_users(&db, after, limit).await.map_err(|e| e.to_string())?;
                println!("{:>6}  {:<32}  {:<20}  {:<28}  live sessions", "id", "email", "username", "joined");
                for user in &users {
                    let joined = date_time(user.created_at);
                    println!(
                        "{:>6}  {:<32}  {:<20}  {joined:<28}  {}",
                        user.id, user.email, user.username, user.live_sessions
                    );
                }
                println!("{} accounts", users.len());
                // A full page may have more after it: say how to ask for them.
                if let Some(last) = users.last().filter(|_| users.len() as i64 == limit) {
                    println!("more: latch users list --after {} --limit {limit}", last.id);
                }
                Ok(())
            })
            .await
        }
        Command::UsersShow(email) => {
            with_database(|db| async move {
                let account = operator::show_user(&db, &email).await.map_err(|e| e.to_string())?;
                let user = &account.user;
                let roles = if user.roles.is_empty() { "none".to_owned() } else { user.roles.join(", ") };
                let state = user.disabled_at.map(|at| format!("disabled {}", date_time(at)));
                println!(
                    "id        {}\nemail     {}\nusername  {}\njoined    {}\nroles     {roles}\nstate     {}",
                    user.id,
                    user.email,
                    user.username,
                    date_time(user.created_at),
                    state.as_deref().unwrap_or("active")
                );
                println!("\nlive sessions ({}):", account.sessions.len());
                for session in &account.sessions {
                    let seen = session.last_seen_at.unwrap_or(session.created_at);
                    println!(
                        "  since {}, last seen {}, {}",
                        date_time(session.created_at),
                        date_time(seen),
                        device::describe(session.user_agent.as_deref())
                    );
                }
                println!("\nlatest events:");
                for event in &account.events {
                    println!("  {}  {:<16} {}", date_time(event.at), event.kind, event.ip.as_deref().unwrap_or("-"));
                }
                Ok(())
            })
            .await
        }
        Command::UsersGrantAdmin(email) => {
            with_database(|db| async move {
                let granted = operator::grant_admin(&db, &email).await.map_err(|e| e.to_string())?;
                match granted {
                    true => println!("{} is an administrator now (the console asks for a second factor)", email.trim()),
                    false => println!("{} was an administrator already", email.trim()),
                }
                Ok(())
            })
            .await
        }
        Command::UsersRevokeAdmin(email) => {
            with_database(|db| async move {
                let revoked = operator::revoke_admin(&db, &email).await.map_err(|e| e.to_string())?;
                match revoked {
                    true => println!("{} is no longer an administrator", email.trim()),
                    false => println!("{} was not an administrator", email.trim()),
                }
                Ok(())
            })
            .await
        }
        Command::SessionsRevoke(email) => {
            with_database(|db| async move {
                let ended = operator::revoke_all_sessions(&db, &email).await.map_err(|e| e.to_string())?;
                let sessions = if ended == 1 { "session" } else { "sessions" };
                println!("ended {ended} {sessions} of {}; a running server refuses them from now on", email.trim());
                Ok(())
            })
            .await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("latch: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the configuration and opens the existing database, then runs `work` on it.
async fn with_database<F, Fut>(work: F) -> Result<(), String>
where
    F: FnOnce(Db) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = db::open_existing(&config.database_url).await.map_err(|e| e.to_string())?;
    let outcome = work(db.clone()).await;
    db.close().await;
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn commands_parse_and_anything_else_is_refused_with_the_usage() {
        assert_eq!(parse(&args("")), Ok(Command::Serve));
        assert_eq!(parse(&args("backup /tmp/x.db")), Ok(Command::Backup("/tmp/x.db".into())));
        assert_eq!(parse(&args("users list")), Ok(Command::UsersList { after: 0, limit: 100 }));
        assert_eq!(parse(&args("users list --limit 5 --after 40")), Ok(Command::UsersList { after: 40, limit: 5 }));
        assert_eq!(parse(&args("users show ada@example.com")), Ok(Command::UsersShow("ada@example.com".into())));
        assert_eq!(
            parse(&args("users grant-admin ada@example.com")),
            Ok(Command::UsersGrantAdmin("ada@example.com".into()))
        );
        assert_eq!(
            parse(&args("users revoke-admin ada@example.com")),
            Ok(Command::UsersRevokeAdmin("ada@example.com".into()))
        );
        assert_eq!(
            parse(&args("sessions revoke ada@example.com")),
            Ok(Command::SessionsRevoke("ada@example.com".into()))
        );
        assert_eq!(
            parse(&args("breach-filter build - out.filter --min-count 3")),
            Ok(Command::BreachFilterBuild(BuildRequest {
                list: "-".into(),
                output: "out.filter".into(),
                min_count: 3
            }))
        );
        for wrong in [
            "backup",
            "users",
            "users delete x",
            "users list --limit 0",
            "users list --limit 10001",
            "users list --after",
            "users list --after -1",
            "users list --page 2",
            "users grant-admin",
            "sessions revoke",
            "serve now",
            "breach-filter build list",
            "breach-filter build list out --min-count 0",
            "breach-filter build list out --min-count many",
        ] {
            assert!(parse(&args(wrong)).unwrap_err().contains("usage: latch"), "{wrong}");
        }
    }
}
