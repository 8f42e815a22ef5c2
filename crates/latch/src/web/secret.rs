//! The two secrets: `JWT_SECRET` (signs tokens) and `FACTOR_SECRET` (seals authenticator
//! secrets, keys recovery codes). From the environment, or on a developer's machine generated
//! once and kept beside the database, so restarts don't log everyone out nor lose every
//! authenticator. Never a built-in default.

use std::{io::Write, path::Path};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;

use super::config::{Config, Environment};
use crate::auth::server::sessions::token::MIN_SECRET_BYTES;

/// The generated JWT secret's file, in the data folder.
pub const SECRET_FILE: &str = "jwt_secret";
/// The generated factor secret's file, in the data folder.
pub const FACTOR_SECRET_FILE: &str = "factor_secret";

/// Why a secret cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `JWT_SECRET` is unset in production.
    #[error("JWT_SECRET must be set in production (at least {MIN_SECRET_BYTES} bytes)")]
    MissingInProduction,
    /// `FACTOR_SECRET` is unset in production.
    #[error("FACTOR_SECRET must be set in production (at least 32 bytes, apart from JWT_SECRET)")]
    FactorMissingInProduction,
    /// The generated secret's file cannot be read or written.
    #[error("the generated secret file {path}: {source}")]
    File {
        /// The secret's file.
        path: String,
        /// Why it cannot be read or written.
        source: std::io::Error,
    },
}

/// The JWT secret: `JWT_SECRET`, or in development one generated once into the data folder.
pub fn resolve(config: &Config) -> Result<Vec<u8>, SecretError> {
    match (&config.jwt_secret, config.environment) {
        // Its length is checked where it is used, by `TokenKeys::new`.
        (Some(secret), _) => Ok(secret.expose().as_bytes().to_vec()),
        (None, Environment::Production) => Err(SecretError::MissingInProduction),
        (None, Environment::Development) => load_or_create(&config.data_dir().join(SECRET_FILE)),
    }
}

/// `FACTOR_SECRET`, or in development the one generated into the data folder.
pub fn resolve_factor_secret(config: &Config) -> Result<Vec<u8>, SecretError> {
    match (&config.factor_secret, config.environment) {
        (Some(secret), _) => Ok(secret.expose().as_bytes().to_vec()),
        (None, Environment::Production) => Err(SecretError::FactorMissingInProduction),
        (None, Environment::Development) => load_or_create(&config.data_dir().join(FACTOR_SECRET_FILE)),
    }
}

fn load_or_create(path: &Path) -> Result<Vec<u8>, SecretError> {
    let file_error = |source| SecretError::File { path: path.display().to_string(), source };
    match std::fs::read_to_string(path) {
        Ok(existing) => return Ok(existing.trim().as_bytes().to_vec()),
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(file_error(error)),
        Err(_) => {}
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(file_error)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes()).map_err(file_error)?;
            tracing::info!(path = %path.display(), "generated a secret for development");
            Ok(secret.into_bytes())
        }
        // Another process created it first: use theirs.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(error) => Err(file_error(error)),
    }
}
