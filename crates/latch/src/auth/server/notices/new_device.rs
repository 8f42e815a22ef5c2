//! A sign-in from a device the account has not seen. A browser is known by its device cookie
//! (a random secret apart from every session, kept 400 days: a phone that signs in every two
//! weeks stays known); a program, which keeps no cookie, by its `User-Agent` and its coarse
//! network. Only their SHA-256 is stored. A sign-in from a device the account has not seen
//! mails its owner the device, the network and the time, with a "This wasn't me" link
//! (`not_me.rs`), unless the owner turned the mail off or the account's daily cap is reached.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{
    super::{
        account::event::Event,
        clock::unix_now,
        email::{link_tokens::OneTimeToken, messages},
        failures::store_failed,
        service::{AuthService, AuthUser, Requester},
        sessions::device,
        store::{
            self,
            devices::{DeviceNoted, NewAlert, SeenDevice},
            User,
        },
    },
    coarse_network,
};
use crate::{
    auth::{account::NoticeSettings, error::AuthError},
    i18n::dates::date_time_in,
};

/// Where the mail's "This wasn't me" link leads.
pub const NOT_ME_PATH: &str = "/not-me";
/// How long that link works: a notice may be read days later.
pub const NOT_ME_LINK_SECS: i64 = 7 * 24 * 3600;
/// New-device mails per account in any 24 hours. Past it the device is still recorded (and
/// in the history); only the mail waits. Someone who knows the password cannot make Latch
/// flood the owner's inbox: 5 a day at most, whatever they do.
pub const NEW_DEVICE_MAILS_PER_DAY: i64 = 5;

/// A new device secret: 32 random bytes, base64url (43 characters).
pub fn new_device_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `value` can be a device secret of ours (a cookie someone planted otherwise is
/// replaced, not trusted to name anything).
pub fn is_device_secret(value: &str) -> bool {
    value.len() == 43 && URL_SAFE_NO_PAD.decode(value).is_ok_and(|bytes| bytes.len() == 32)
}

/// What the store keeps to recognise the device a request came from.
fn device_hash(from: &Requester<'_>, network: &str) -> (String, &'static str) {
    let (named, kind) = match from.device {
        Some(secret) => (format!("browser\n{secret}"), "browser"),
        None => (format!("program\n{}\n{network}", from.user_agent.unwrap_or_default()), "program"),
    };
    (Sha256::digest(named.as_bytes()).iter().map(|b| format!("{b:02x}")).collect(), kind)
}

impl AuthService {
    /// After a session opened for `user`: records the device, and mails the owner when it is
    /// new to an account that had signed in before. A failure here is logged, never a failed
    /// sign-in.
    pub(in crate::auth::server) async fn note_device(&self, user: &User, from: &Requester<'_>) {
        let now = unix_now();
        let network = coarse_network(from.address);
        let (hash, kind) = device_hash(from, &network);
        let user_agent: Option<String> = from.user_agent.map(|agent| agent.chars().take(512).collect());
        let seen = SeenDevice { hash: &hash, kind, user_agent: user_agent.as_deref(), network: &network, now };
        // Most sign-ins come from a known device: a one-row update, no link or mail composed.
        match store::devices::touch_known(&self.db, user.id, &seen).await {
            Ok(true) => return,
            Ok(false) => {}
            Err(error) => return tracing::warn!(user_id = user.id, %error, "cannot note the sign-in's device"),
        }
        let token = OneTimeToken::generate();
        let link = self.mailing.link(NOT_ME_PATH, &token.secret);
        let described = device::describe(from.user_agent);
        let when = date_time_in(now, user.language);
        let mail = messages::new_device(user.language, &user.email, &user.username, &described, &network, &when, &link);
        let alert = user.notify_new_device.then_some(NewAlert {
            digest: &token.digest,
            mail: &mail,
            expires_at: now + NOT_ME_LINK_SECS,
            per_day: NEW_DEVICE_MAILS_PER_DAY,
        });
        match store::devices::note_sign_in(&self.db, user.id, &seen, alert.as_ref()).await {
            Ok(DeviceNoted::Known | DeviceNoted::First) => {}
            Ok(DeviceNoted::New { mailed }) => {
                if mailed {
                    self.mailing.wake_sender();
                }
                let detail = if mailed { "mailed" } else { "not mailed" };
                self.record_detailed(user.id, Event::NewDevice, Some(detail), from).await;
                tracing::info!(event = "new_device", user_id = user.id, kind, mailed, "sign-in from a new device");
            }
            Err(error) => tracing::warn!(user_id = user.id, %error, "cannot note the sign-in's device"),
        }
    }
}

impl AuthService {
    /// Turns the new-device mail on or off for the caller's account.
    pub async fn set_notices(&self, caller: &AuthUser, settings: &NoticeSettings) -> Result<(), AuthError> {
        // Sign-ins read the account row afresh (never the session cache): the next one obeys.
        store::devices::set_notify_new_device(&self.db, caller.user.id, settings.new_device).await.map_err(store_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_secret_is_43_base64url_characters_of_32_random_bytes() {
        let secret = new_device_secret();
        assert!(is_device_secret(&secret));
        assert_ne!(secret, new_device_secret());
        for planted in ["", "abc", &"A".repeat(44), &format!("{}=", &secret[..42]), &"!".repeat(43)] {
            assert!(!is_device_secret(planted), "{planted}");
        }
    }

    #[test]
    fn a_browser_is_known_by_its_cookie_and_a_program_by_its_agent_and_network() {
        let address = "203.0.113.7".parse().unwrap();
        let browser = Requester { address, user_agent: Some("Firefox"), device: Some("x") };
        let moved = Requester { address: "198.51.100.1".parse().unwrap(), ..browser };
        assert_eq!(device_hash(&browser, "a").0, device_hash(&moved, "b").0, "a browser keeps its name anywhere");
        let program = Requester { device: None, ..browser };
        assert_eq!(device_hash(&program, "a").1, "program");
        assert_ne!(device_hash(&program, "a").0, device_hash(&program, "b").0, "another network is another device");
        let other = Requester { user_agent: Some("curl/8"), ..program };
        assert_ne!(device_hash(&program, "a").0, device_hash(&other, "a").0);
    }
}
