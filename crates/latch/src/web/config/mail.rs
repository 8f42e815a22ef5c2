//! Where mail goes: `SMTP_URL` and `MAIL_FROM`. In development both may be unset: messages
//! then stay in the outbox, readable at `/dev/mail`. Production refuses to start without them,
//! since a person who forgets their password must be able to get the mail.

/// Where mail goes: `SMTP_URL` and `MAIL_FROM`.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://host:port` (plain, or STARTTLS with `?tls=required`), `smtps://user:pass@host`
    /// (TLS from the start).
    pub smtp_url: Option<SmtpUrl>,
    /// The sender every message names, e.g. `Latch <accounts@example.com>`.
    pub from: String,
}

/// `SMTP_URL`, which may carry the SMTP password: never printed.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    /// The URL, password included, for the sender only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpUrl(<redacted>)")
    }
}

/// A refused mail setting: the variable, and what is wrong with it.
#[derive(Debug)]
pub struct MailConfigError {
    /// The variable.
    pub variable: &'static str,
    /// What is wrong with its value.
    pub problem: String,
}

impl MailConfigError {
    fn new(variable: &'static str, problem: impl Into<String>) -> Self {
        Self { variable, problem: problem.into() }
    }
}

/// The sender of development mail when `MAIL_FROM` is unset.
const DEVELOPMENT_FROM: &str = "Latch <latch@localhost>";

impl MailConfig {
    /// `production` requires both variables.
    pub(super) fn read(get: &impl Fn(&str) -> Option<String>, production: bool) -> Result<Self, MailConfigError> {
        let smtp_url = get("SMTP_URL").map(|url| url.trim().to_owned());
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(MailConfigError::new("SMTP_URL", "must start with smtp:// or smtps://"));
            }
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
                .map_err(|error| MailConfigError::new("SMTP_URL", format!("is not a usable SMTP address ({error})")))?;
        }
        let from = get("MAIL_FROM").map(|from| from.trim().to_owned());
        if production {
            if smtp_url.is_none() {
                return Err(MailConfigError::new("SMTP_URL", "must be set in production (password resets are mailed)"));
            }
            if from.is_none() {
                return Err(MailConfigError::new(
                    "MAIL_FROM",
                    "must be set in production, e.g. `Latch <accounts@example.com>`",
                ));
            }
        }
        let from = from.unwrap_or_else(|| DEVELOPMENT_FROM.to_owned());
        from.parse::<lettre::message::Mailbox>().map_err(|error| {
            MailConfigError::new("MAIL_FROM", format!("is not an address like `Name <a@example.com>` ({error})"))
        })?;
        Ok(Self { smtp_url: smtp_url.map(SmtpUrl), from })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const DEVELOPMENT: bool = false;
    const PRODUCTION: bool = true;

    fn read(production: bool, pairs: &[(&str, &str)]) -> Result<MailConfig, MailConfigError> {
        let vars: HashMap<&str, &str> = pairs.iter().copied().collect();
        MailConfig::read(&|name: &str| vars.get(name).map(|v| v.to_string()), production)
    }

    #[test]
    fn development_needs_nothing_and_production_names_what_is_missing() {
        let config = read(DEVELOPMENT, &[]).unwrap();
        assert!(config.smtp_url.is_none());
        assert_eq!(read(PRODUCTION, &[]).unwrap_err().variable, "SMTP_URL");
        let error = read(PRODUCTION, &[("SMTP_URL", "smtp://127.0.0.1:2525")]).unwrap_err();
        assert_eq!(error.variable, "MAIL_FROM");
        let both = [("SMTP_URL", "smtps://user:pw@mail.example.com"), ("MAIL_FROM", "Latch <a@example.com>")];
        assert!(read(PRODUCTION, &both).is_ok());
    }

    #[test]
    fn bad_values_name_their_variable_and_the_password_never_shows() {
        assert_eq!(read(DEVELOPMENT, &[("SMTP_URL", "http://mail")]).unwrap_err().variable, "SMTP_URL");
        assert_eq!(read(DEVELOPMENT, &[("MAIL_FROM", "not an address")]).unwrap_err().variable, "MAIL_FROM");
        let config = read(DEVELOPMENT, &[("SMTP_URL", "smtps://user:hunter2-secret@mail.example.com")]).unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
