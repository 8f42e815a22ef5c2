//! The binary's subcommands, for whoever operates Latch from a shell. Each reads the
//! environment exactly as the server does, refuses clearly when pointed at the wrong thing
//! (exit 1, with what is wrong), and changes only what it says.
//!
//! ```text
//! latch                          serve (the default)
//! latch check-config             read the environment as the server would; say what is wrong
//! latch backup PATH              a consistent copy of the live SQLite database
//! latch users list               every account
//! latch users show EMAIL         one account: profile, live sessions, latest events
//! latch users grant-admin EMAIL  make the account an administrator (the first one comes so)
//! latch users revoke-admin EMAIL take the role away (never from the last administrator)
//! latch sessions revoke EMAIL    end every session of an account (a running server refuses
//!                                them by the time this returns)
//! ```

use std::{path::PathBuf, process::ExitCode};

use crate::{
    auth::server::{account::operator, sessions::device, sessions::token::TokenKeys},
    i18n::dates::date_time,
    server::logging::telemetry::LogFormat,
    web::{
        config::Config,
        db::{self, Db},
        secret,
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
    /// `users list`.
    UsersList,
    /// `users show EMAIL`.
    UsersShow(String),
    /// `users grant-admin EMAIL`.
    UsersGrantAdmin(String),
    /// `users revoke-admin EMAIL`.
    UsersRevokeAdmin(String),
    /// `sessions revoke EMAIL`.
    SessionsRevoke(String),
    /// `help`, or a word it does not know.
    Help,
}

/// What `latch help` prints.
pub const USAGE: &str =
    "usage: latch [check-config | backup PATH | users list | users show EMAIL | users grant-admin EMAIL
              | users revoke-admin EMAIL | sessions revoke EMAIL]
  (no command)            serve, configured by the environment (.env.example lists it)
  check-config            read the environment as the server would and say what is wrong
  backup PATH             write a consistent copy of the live SQLite database to PATH (a new file)
  users list              every account: id, email, username, joined, live sessions
  users show EMAIL        one account: profile, live sessions, latest events
  users grant-admin EMAIL make the account an administrator (it needs a second factor to use
                          the console); the first administrator comes this way
  users revoke-admin EMAIL  take the administrator role away; refused for the last one
  sessions revoke EMAIL   end every session of the account; a running server refuses them
                          by the time this returns";

/// Reads the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["check-config"] => Ok(Command::CheckConfig),
        ["backup", path] => Ok(Command::Backup(PathBuf::from(path))),
        ["users", "list"] => Ok(Command::UsersList),
        ["users", "show", email] => Ok(Command::UsersShow((*email).to_owned())),
        ["users", "grant-admin", email] => Ok(Command::UsersGrantAdmin((*email).to_owned())),
        ["users", "revoke-admin", email] => Ok(Command::UsersRevokeAdmin((*email).to_owned())),
        ["sessions", "revoke", email] => Ok(Command::SessionsRevoke((*email).to_owned())),
        ["help" | "--help" | "-h"] => Ok(Command::Help),
        _ => Err(format!("latch: unknown command `{}`\n{USAGE}", args.join(" "))),
    }
}

/// Runs an operator command (anything but `Serve`), printing to stdout and problems to stderr.
pub async fn run(command: Command) -> ExitCode {
    let outcome = match command {
        Command::Serve => unreachable!("serving is main's"),
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::CheckConfig => check_config().await,
        Command::Backup(path) => {
            with_database(|db| async move {
                db::backup(&db, &path).await.map_err(|e| e.to_string())?;
                println!("backup written to {} (integrity_check: ok)", path.display());
                Ok(())
            })
            .await
        }
        Command::UsersList => {
            with_database(|db| async move {
                let users = operator::list_users(&db).await.map_err(|e| e.to_string())?;
                println!("{:>6}  {:<32}  {:<20}  {:<28}  live sessions", "id", "email", "username", "joined");
                for user in &users {
                    let joined = date_time(user.created_at);
                    println!(
                        "{:>6}  {:<32}  {:<20}  {joined:<28}  {}",
                        user.id, user.email, user.username, user.live_sessions
                    );
                }
                println!("{} accounts", users.len());
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

/// Everything the server checks before it serves, without serving, creating or migrating
/// anything: the variables, the log format, the signing secret, the compiled site, the
/// database. Lists every problem found, not only the first.
async fn check_config() -> Result<(), String> {
    let mut problems = Vec::new();
    if let Err(problem) = LogFormat::from_env() {
        problems.push(problem);
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(problem) => {
            problems.push(problem.to_string());
            return Err(problems.join("\n"));
        }
    };
    match (&config.jwt_secret, config.environment) {
        (Some(secret), _) => {
            if let Err(problem) = TokenKeys::new(secret.expose().as_bytes(), config.token_ttl) {
                problems.push(format!("JWT_SECRET: {problem}"));
            }
        }
        (None, crate::web::config::Environment::Production) => {
            problems.push(secret::SecretError::MissingInProduction.to_string())
        }
        (None, _) => {}
    }
    match (&config.factor_secret, config.environment) {
        (Some(secret), _) => {
            if let Err(problem) = crate::auth::server::factors::keys::FactorKeys::new(secret.expose().as_bytes()) {
                problems.push(problem.to_string());
            }
        }
        (None, crate::web::config::Environment::Production) => {
            problems.push(secret::SecretError::FactorMissingInProduction.to_string())
        }
        (None, _) => {}
    }
    let pkg = config.site_root.join("pkg");
    if !pkg.is_dir() {
        problems.push(format!(
            "LEPTOS_SITE_ROOT: {} has no compiled bundle (pkg/); build with `make build` or point it at the site",
            config.site_root.display()
        ));
    }
    match tokio::time::timeout(std::time::Duration::from_secs(5), db::open_existing(&config.database_url)).await {
        Ok(Ok(db)) => db.close().await,
        // A database the server will create and migrate on its first start is not a problem.
        Ok(Err(db::DbError::Missing(_) | db::DbError::Behind(_))) => {}
        Ok(Err(problem)) => problems.push(format!("DATABASE_URL: {problem}")),
        Err(_) => problems.push("DATABASE_URL: the database did not answer within 5 s".into()),
    }
    // Each OpenID provider's discovery must answer, name the configured issuer and use safe
    // endpoints: a typo in an issuer shows here, not at someone's first sign-in.
    let providers = crate::auth::server::identities::Providers::new(&config.providers, &config.public_origin);
    let provider_lines = match providers.check().await {
        Ok(lines) => lines,
        Err(problem) => {
            problems.push(problem);
            Vec::new()
        }
    };
    if problems.is_empty() {
        for line in provider_lines {
            println!("{line}");
        }
        println!(
            "configuration ok: {:?}, listening on {}, database {}, site {}",
            config.environment,
            config.site_addr,
            config.database_url.split('@').next_back().unwrap_or_default(),
            config.site_root.display()
        );
        Ok(())
    } else {
        Err(format!("{} problems:\n  {}", problems.len(), problems.join("\n  ")))
    }
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
        for wrong in ["backup", "users", "users delete x", "users grant-admin", "sessions revoke", "serve now"] {
            assert!(parse(&args(wrong)).unwrap_err().contains("usage: latch"), "{wrong}");
        }
    }
}
