use super::*;
use std::collections::HashMap;

fn config_from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let vars: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(|name| vars.get(name).cloned())
}

#[test]
fn an_empty_environment_gives_the_documented_defaults() {
    let config = config_from(&[]).unwrap();
    assert_eq!(config.environment, Environment::Development);
    assert_eq!(config.database_url, "sqlite://data/latch.db");
    assert_eq!(config.site_addr, "127.0.0.1:3000".parse().unwrap());
    assert_eq!(config.public_origin, "http://127.0.0.1:3000");
    assert_eq!(config.token_ttl, Duration::from_secs(30 * 60));
    assert!(config.jwt_secret.is_none());
    assert!(!config.cookie_secure);
    assert_eq!(config.data_dir(), PathBuf::from("data"));
}

#[test]
fn cookies_are_secure_by_default_in_production_and_over_https() {
    let production = [("LATCH_ENV", "production"), ("SMTP_URL", "smtp://127.0.0.1:25"), ("MAIL_FROM", "a@b.co")];
    assert!(config_from(&production).unwrap().cookie_secure);
    assert!(config_from(&[("PUBLIC_ORIGIN", "https://example.com")]).unwrap().cookie_secure);
    assert!(!config_from(&[&production[..], &[("COOKIE_SECURE", "false")]].concat()).unwrap().cookie_secure);
}

#[test]
fn the_secret_never_shows_in_debug_output() {
    let config = config_from(&[("JWT_SECRET", "a-very-secret-value-of-many-bytes!")]).unwrap();
    assert!(!format!("{config:?}").contains("very-secret"));
}

#[test]
fn a_bad_value_names_its_variable() {
    let err = config_from(&[("TOKEN_TTL_MINUTES", "soon")]).unwrap_err();
    assert_eq!(err.variable, "TOKEN_TTL_MINUTES");
    let err = config_from(&[("LATCH_ENV", "staging")]).unwrap_err();
    assert_eq!(err.variable, "LATCH_ENV");
    let err = config_from(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
    assert_eq!(err.variable, "LEPTOS_SITE_ADDR");
}

#[test]
fn the_public_origin_must_be_an_origin_and_is_normalized() {
    let config = config_from(&[("PUBLIC_ORIGIN", "https://Accounts.Example.com/")]).unwrap();
    assert_eq!(config.public_origin, "https://accounts.example.com");
    assert!(config_from(&[("PUBLIC_ORIGIN", "https://example.com/login")]).is_err());
    assert!(config_from(&[("PUBLIC_ORIGIN", "example.com")]).is_err());
}
