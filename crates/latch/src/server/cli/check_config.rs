//! `latch check-config`: everything the server checks before it serves, without serving.

use crate::{
    auth::server::{password::breached::BreachFilter, sessions::token::TokenKeys},
    server::logging::telemetry::LogFormat,
    web::{
        config::Config,
        db::{self},
        secret,
    },
};

/// Everything the server checks before it serves, without serving, creating or migrating
/// anything: the variables, the log format, the signing secret, the compiled site, the
/// database. Lists every problem found, not only the first.
pub(super) async fn check_config() -> Result<(), String> {
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
    // The filter the server would load: a damaged or cut copy shows here, not at start.
    let mut filter_line = None;
    if let Some(path) = config.breach_filter.clone() {
        match tokio::task::spawn_blocking(move || BreachFilter::load(&path)).await {
            Ok(Ok(filter)) => {
                filter_line = Some(format!(
                    "breach filter: {} hashes, {:.1} bits a hash, {} MB in memory",
                    filter.entries(),
                    filter.bits_per_entry(),
                    filter.fingerprint_bytes() / 1_000_000
                ))
            }
            Ok(Err(problem)) => problems.push(format!("BREACH_FILTER_PATH: {problem}")),
            Err(panicked) => problems.push(format!("BREACH_FILTER_PATH: {panicked}")),
        }
    }
    if problems.is_empty() {
        println!(
            "{}",
            filter_line.unwrap_or_else(|| "breach filter: none (the common-password list is the check)".into())
        );
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
