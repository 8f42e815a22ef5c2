//! The types a configuration value is read into, and the parsers that refuse a bad one with
//! its variable's name.

use std::path::PathBuf;

/// A configuration value that must never be printed.
#[derive(Clone)]
pub struct Secret(pub(super) String);

impl Secret {
    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A refused setting: the variable, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {variable} {problem}")]
pub struct ConfigError {
    /// The variable.
    pub variable: std::borrow::Cow<'static, str>,
    /// What is wrong with its value.
    pub problem: String,
}

impl ConfigError {
    pub(super) fn new(variable: impl Into<std::borrow::Cow<'static, str>>, problem: impl Into<String>) -> Self {
        Self { variable: variable.into(), problem: problem.into() }
    }
}

/// `site/` beside the running binary when it holds a compiled bundle (an unpacked release),
/// else `target/site` (the source tree, after `cargo leptos build`).
pub(super) fn default_site_root() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("site")))
        .filter(|site| site.join("pkg").is_dir())
        .unwrap_or_else(|| PathBuf::from("target/site"))
}

pub(super) fn parse_bool(value: Option<String>, name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(ConfigError::new(name, "must be `true` or `false`")),
    }
}

/// An origin is scheme://host[:port] with nothing after it; a trailing slash is forgiven.
pub(super) fn parse_origin(raw: &str) -> Result<String, ConfigError> {
    let origin = raw.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| ConfigError::new("PUBLIC_ORIGIN", "must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err(ConfigError::new("PUBLIC_ORIGIN", "must be scheme://host[:port] with no path"));
    }
    Ok(origin.to_ascii_lowercase())
}
