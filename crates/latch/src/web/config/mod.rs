//! Configuration: read once from the environment, typed, failing fast with the variable's name.
//! Every variable here is listed, with its default, in `.env.example`. The values' own types
//! and parsers are in `values.rs`, where mail goes in `mail.rs`.

mod mail;
pub mod providers;
mod values;

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use crate::auth::server::throttle::{Limit, Limits};
pub use mail::{MailConfig, MailConfigError, SmtpUrl};
pub use providers::{ProviderConfig, ProviderKind, ProvidersConfig};
use values::{default_site_root, parse_bool, parse_origin};
pub use values::{ConfigError, Secret};

/// Wrong second-step codes an account may send at once, before the hourly rate applies.
const SECOND_STEP_BURST: u32 = 5;

/// Where Latch runs. Production refuses unsafe defaults (no generated secret, Secure cookies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `LATCH_ENV=development` (the default).
    Development,
    /// `LATCH_ENV=production`.
    Production,
}

/// Every setting, read from the environment (`.env.example` lists them).
#[derive(Clone, Debug)]
pub struct Config {
    /// `LATCH_ENV`.
    pub environment: Environment,
    /// `sqlite://path/to/file.db` (the parent folder is created on start) or
    /// `postgres://user:password@host/database`.
    pub database_url: String,
    /// The database pool's size (`DATABASE_MAX_CONNECTIONS`, default 8).
    pub database_max_connections: u32,
    /// The address the server binds (`LEPTOS_SITE_ADDR`, cargo-leptos' own name).
    pub site_addr: SocketAddr,
    /// Where cargo-leptos wrote the compiled site (`/pkg` files and assets). Unset: `site/`
    /// beside the binary when there is one (an unpacked `make dist`), else `target/site`.
    pub site_root: PathBuf,
    /// Where `GET /metrics` listens (`METRICS_ADDR`); off when unset.
    pub metrics_addr: Option<SocketAddr>,
    /// The site's own origin, e.g. `https://accounts.example.com`: the CSRF check compares
    /// request origins against it, so it is configured, never taken from `Host`.
    pub public_origin: String,
    /// How long a login lasts: the JWT's `exp` and the cookie's `Max-Age`.
    pub token_ttl: Duration,
    /// `JWT_SECRET`; when unset in development one is generated into the data folder.
    pub jwt_secret: Option<Secret>,
    /// `FACTOR_SECRET`, which protects second factors at rest; generated likewise.
    pub factor_secret: Option<Secret>,
    /// Secure cookie with the `__Host-` prefix. Default: on in production or over https.
    pub cookie_secure: bool,
    /// How many reverse proxies in a row append to `X-Forwarded-For` (`TRUST_PROXY`: `true`
    /// is 1). The client is that many entries from the right; with 0 the header is anyone's to
    /// forge, and the socket's peer address is used.
    pub trust_proxy: u8,
    /// Every throttle's limit (`THROTTLE_*`).
    pub limits: Limits,
    /// Logins and signups that may wait for a core to hash on; past it, 503. Default: 128 per core.
    pub hash_queue_limit: Option<usize>,
    /// Connections served at once; past it, new ones wait in the kernel's accept queue.
    pub max_connections: usize,
    /// A client that has not sent a request's headers in this long is cut off.
    pub header_read_timeout: Duration,
    /// Live sessions an account may hold; a new login ends the oldest past it.
    pub max_sessions_per_account: u32,
    /// How often expired and revoked sessions are deleted.
    pub session_prune_every: Duration,
    /// How often a session's "last active" time may be written; zero never writes it.
    pub last_seen_every: Duration,
    /// Where mail goes (`SMTP_URL`, `MAIL_FROM`).
    pub mail: MailConfig,
    /// Serves the pseudo language (`en-XA`, every text marked) to whoever asks for it
    /// (`LATCH_PSEUDO_LANGUAGE`, default off): the browser tests' check that no text bypasses
    /// the catalogue.
    pub pseudo_language: bool,
    /// Sign-in with other providers (`OIDC_<NAME>_*`, `GITHUB_*`): none unless configured, and
    /// none from [`Config::from_lookup`], which cannot list the variables' names.
    pub providers: ProvidersConfig,
    /// The breached-password filter to load at start (`BREACH_FILTER_PATH`, written by
    /// `latch breach-filter build`); without one, the common-password list is the check.
    pub breach_filter: Option<PathBuf>,
    /// Sign-in by email, a code and a link in one mail (`EMAIL_SIGN_IN`: `on`, the default,
    /// or `off`).
    pub email_sign_in: bool,
}

impl Config {
    /// Whether the development pages (`/dev/mail`, every mailed link of every account) are
    /// served: in development, and only on a loopback address, not behind a proxy, for a
    /// loopback origin. A deployment that ends up in development mode by mistake (an example
    /// environment file copied as it is) serves them to no one.
    pub fn serves_dev_pages(&self) -> bool {
        let loopback_origin = self.public_origin.strip_prefix("http://").is_some_and(|rest| {
            let host = match rest.strip_prefix('[') {
                Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
                None => rest.split([':', '/']).next().unwrap_or_default(),
            };
            host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        });
        self.environment == Environment::Development
            && self.trust_proxy == 0
            && self.site_addr.ip().is_loopback()
            && loopback_origin
    }

    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&std::env::vars().collect())
    }

    /// Reads `vars`, every variable by name, sign-in providers included (they are found by
    /// their variables' names).
    pub fn from_vars(vars: &std::collections::HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut config = Self::from_lookup(|name| vars.get(name).cloned())?;
        config.providers = providers::read(vars.iter().map(|(name, value)| (name.as_str(), value.as_str())))?;
        Ok(config)
    }

    /// Reads configuration through `lookup`, so tests can supply variables without touching
    /// the process environment (which is shared by every test thread).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let environment = match get("LATCH_ENV").as_deref().map(str::trim) {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::new(
                    "LATCH_ENV",
                    format!("must be `development` or `production`, not `{other}`"),
                ))
            }
        };
        let site_addr: SocketAddr =
            get("LEPTOS_SITE_ADDR")
                .unwrap_or_else(|| "127.0.0.1:3000".into())
                .trim()
                .parse()
                .map_err(|e| ConfigError::new("LEPTOS_SITE_ADDR", format!("is not host:port ({e})")))?;
        let public_origin = match get("PUBLIC_ORIGIN") {
            Some(origin) => parse_origin(&origin)?,
            None => format!("http://{site_addr}"),
        };
        // A whole number within `range`, or `default` when unset.
        let number = |name: &'static str, default: u64, range: std::ops::RangeInclusive<u64>| {
            get(name).map_or(Ok(default), |value| {
                value.trim().parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                    ConfigError::new(name, format!("must be a whole number from {} to {}", range.start(), range.end()))
                })
            })
        };
        let token_ttl_minutes = number("TOKEN_TTL_MINUTES", 30, 1..=7 * 24 * 60)?;
        let metrics_addr = match get("METRICS_ADDR") {
            None => None,
            Some(addr) => Some(
                addr.trim()
                    .parse::<SocketAddr>()
                    .map_err(|e| ConfigError::new("METRICS_ADDR", format!("is not host:port ({e})")))?,
            ),
        };
        if metrics_addr.is_some() && metrics_addr == Some(site_addr) {
            return Err(ConfigError::new("METRICS_ADDR", "must differ from LEPTOS_SITE_ADDR"));
        }

        let secure_default = environment == Environment::Production || public_origin.starts_with("https://");
        let cookie_secure = parse_bool(get("COOKIE_SECURE"), "COOKIE_SECURE", secure_default)?;

        let trust_proxy = match get("TRUST_PROXY").as_deref().map(str::trim) {
            None | Some("false") => 0,
            Some("true") => 1,
            Some(hops) => hops.parse().ok().filter(|n| (0..=10).contains(n)).ok_or_else(|| {
                ConfigError::new("TRUST_PROXY", "must be `true`, `false` or how many proxies (0 to 10)")
            })?,
        };
        let per_hour =
            |name: &'static str, default: u64| number(name, default, 1..=1_000_000).map(|n| Limit::per_hour(n as u32));
        let limits = Limits {
            login_failures_per_address: per_hour("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", 300)?,
            // One account from one address: what a single guesser meets.
            login_failures_per_account_and_address: per_hour("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT", 100)?,
            // One account from everywhere: ten times looser, so no single address can drain it
            // and lock the owner out from elsewhere (docs/security-model.md).
            login_failures_per_account: per_hour("THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING", 1000)?,
            signups_per_address: per_hour("THROTTLE_SIGNUPS_PER_ADDRESS", 60)?,
            // Each may send a mail: a burst of a few, then one every few minutes.
            password_resets_per_address: per_hour("THROTTLE_PASSWORD_RESETS_PER_ADDRESS", 60)?,
            password_resets_per_email: per_hour("THROTTLE_PASSWORD_RESETS_PER_EMAIL", 20)?,
            verification_mails_per_account: per_hour("THROTTLE_VERIFICATION_MAILS_PER_ACCOUNT", 20)?,
            address_changes_per_account: per_hour("THROTTLE_ADDRESS_CHANGES_PER_ACCOUNT", 20)?,
            // The login page starts one whenever it is shown with JavaScript (the autofill
            // offer): generous, for many people behind one address.
            passkey_starts_per_address: per_hour("THROTTLE_PASSKEY_STARTS_PER_ADDRESS", 600)?,
            // A six-digit code is one of a million: five wrong codes at once (typos), then one
            // every ten minutes, whatever the number of challenges (docs: security model).
            second_step_failures_per_account: Limit::burst_then_per_hour(
                SECOND_STEP_BURST,
                number("THROTTLE_SECOND_STEP_FAILURES_PER_ACCOUNT", 6, 1..=1_000_000)? as u32,
            ),
            second_step_failures_per_address: Limit::burst_then_per_hour(
                4 * SECOND_STEP_BURST,
                number("THROTTLE_SECOND_STEP_FAILURES_PER_ADDRESS", 60, 1..=1_000_000)? as u32,
            ),
            // Each sends a mail, as a reset does.
            sign_in_mails_per_address: per_hour("THROTTLE_SIGN_IN_MAILS_PER_ADDRESS", 60)?,
            sign_in_mails_per_email: per_hour("THROTTLE_SIGN_IN_MAILS_PER_EMAIL", 20)?,
            // Each request allows 5 tries of a code from 26^8; this bounds them across requests:
            // ten at once, then ten an hour (docs/email-sign-in.md has the odds).
            sign_in_code_failures_per_account: Limit::burst_then_per_hour(
                10,
                number("THROTTLE_SIGN_IN_CODE_FAILURES_PER_ACCOUNT", 10, 1..=1_000_000)? as u32,
            ),
        };

        let hash_queue_limit = get("HASH_QUEUE_LIMIT")
            .map(|_| number("HASH_QUEUE_LIMIT", 1, 1..=1_000_000).map(|n| n as usize))
            .transpose()?;

        Ok(Self {
            environment,
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/latch.db".into()),
            database_max_connections: number("DATABASE_MAX_CONNECTIONS", 8, 1..=1_000)? as u32,
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT").map_or_else(default_site_root, PathBuf::from),
            metrics_addr,
            public_origin,
            token_ttl: Duration::from_secs(token_ttl_minutes * 60),
            jwt_secret: get("JWT_SECRET").map(Secret),
            factor_secret: get("FACTOR_SECRET").map(Secret),
            cookie_secure,
            trust_proxy,
            limits,
            hash_queue_limit,
            max_connections: number("MAX_CONNECTIONS", 4096, 1..=1_000_000)? as usize,
            header_read_timeout: Duration::from_secs(number("HEADER_READ_TIMEOUT_SECS", 10, 1..=300)?),
            max_sessions_per_account: number("MAX_SESSIONS_PER_ACCOUNT", 50, 1..=10_000)? as u32,
            session_prune_every: Duration::from_secs(number("SESSION_PRUNE_EVERY_SECS", 600, 1..=86_400)?),
            last_seen_every: Duration::from_secs(number("LAST_SEEN_EVERY_SECS", 60, 0..=86_400)?),
            pseudo_language: parse_bool(get("LATCH_PSEUDO_LANGUAGE"), "LATCH_PSEUDO_LANGUAGE", false)?,
            providers: ProvidersConfig { providers: Vec::new(), timeout: Duration::from_secs(10) },
            breach_filter: get("BREACH_FILTER_PATH").map(|path| PathBuf::from(path.trim())),
            email_sign_in: match get("EMAIL_SIGN_IN").as_deref().map(str::trim) {
                None | Some("on") => true,
                Some("off") => false,
                Some(_) => return Err(ConfigError::new("EMAIL_SIGN_IN", "must be `on` or `off`")),
            },
            mail: MailConfig::read(&get, environment == Environment::Production)
                .map_err(|error| ConfigError::new(error.variable, error.problem))?,
        })
    }

    /// The folder holding the SQLite file; the generated development secret lives there too.
    /// On PostgreSQL, `data/` under the working folder.
    pub fn data_dir(&self) -> PathBuf {
        if !self.database_url.starts_with("sqlite:") {
            return PathBuf::from("data");
        }
        let path = self.database_url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        match std::path::Path::new(path).parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }
}

#[cfg(test)]
mod tests;
