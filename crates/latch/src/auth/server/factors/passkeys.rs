//! Passkeys (WebAuthn, by the `webauthn-rs` crate): registering one from the account page,
//! naming and removing them, and signing in with one alone. A sixth `impl AuthService`.
//!
//! Each ceremony has two requests (the challenge, then the authenticator's answer); its state
//! waits in the database between them, under a one-time token, so any instance can take the
//! second. The relying party is `PUBLIC_ORIGIN`'s host and origin. A passkey proves possession
//! and, with user verification (required), the person: it signs in without the password and
//! without the authenticator code.

use std::sync::Arc;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, DiscoverableKey, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::auth::server::{
    account::event::Event,
    account::owner_identity,
    clock::unix_now,
    email::link_tokens::{digest_presented, OneTimeToken},
    email::messages,
    failures::{store_failed, throttle_refused},
    service::{AuthService, AuthUser, IssuedSession, Requester},
    store::{
        self,
        identities::Unlinked,
        passkeys::{self as rows, NewPasskey, PasskeyRow},
    },
    throttle::Key,
};
use crate::auth::{account::PasskeyView, error::AuthError, lookalike::is_hidden_or_reordering};

/// How long a ceremony may wait for the authenticator.
const CEREMONY_SECS: i64 = 300;
const NAME_MAX_CHARS: usize = 64;

/// The relying party: built from `PUBLIC_ORIGIN`, or `None` where WebAuthn cannot work (an IP
/// address is no relying party id: browsers refuse it; `http://localhost:3000` works).
pub fn relying_party(public_origin: &str) -> Option<Arc<Webauthn>> {
    let origin = Url::parse(public_origin).ok()?;
    let host = origin.host_str()?.to_owned();
    if host.parse::<std::net::IpAddr>().is_ok() {
        tracing::info!(%public_origin, "passkeys are off: PUBLIC_ORIGIN is an IP address (use a host name, e.g. localhost)");
        return None;
    }
    match WebauthnBuilder::new(&host, &origin).and_then(|builder| builder.rp_name("Latch").build()) {
        Ok(webauthn) => Some(Arc::new(webauthn)),
        Err(error) => {
            tracing::warn!(%error, %public_origin, "passkeys are off: PUBLIC_ORIGIN is no relying party");
            None
        }
    }
}

impl AuthService {
    fn webauthn(&self) -> Result<&Webauthn, AuthError> {
        self.webauthn.as_deref().ok_or(AuthError::PasskeysOff)
    }

    /// The caller's passkeys, oldest first.
    pub async fn list_passkeys(&self, caller: &AuthUser) -> Result<Vec<PasskeyView>, AuthError> {
        let rows = rows::passkeys_of(&self.db, caller.user.id).await.map_err(store_failed)?;
        Ok(rows.iter().map(view_of).collect())
    }

    /// The first half of adding a passkey, given the password (a stolen session alone cannot
    /// add a way in): the options for `navigator.credentials.create`, and the ceremony's token.
    pub async fn start_passkey_registration(
        &self,
        caller: &AuthUser,
        password: &str,
        from: &Requester<'_>,
    ) -> Result<(String, serde_json::Value), AuthError> {
        let webauthn = self.webauthn()?;
        let user = &caller.user;
        let (email, _) = owner_identity(user)?;
        self.confirm_password(&email, password, from).await?;
        let handle = self.handle_of(user.id).await?;
        let existing = rows::passkeys_of(&self.db, user.id).await.map_err(store_failed)?;
        let exclude = existing.iter().filter_map(|row| credential_of(row).map(|key| key.cred_id().clone())).collect();
        let (options, state): (CreationChallengeResponse, _) = webauthn
            .start_passkey_registration(handle, &user.email, &user.username, Some(exclude))
            .map_err(|error| refused("start registration", error))?;
        let mut options = serde_json::to_value(options).map_err(|_| AuthError::Internal)?;
        // A passkey that can sign in alone must live on the authenticator (discoverable).
        if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
            selection["residentKey"] = "required".into();
            selection["requireResidentKey"] = true.into();
        }
        let token = self.put_ceremony(Some(user.id), "register", &state).await?;
        Ok((token, options))
    }

    /// The second half: the authenticator's answer becomes a stored passkey named `name`.
    pub async fn finish_passkey_registration(
        &self,
        caller: &AuthUser,
        ceremony: &str,
        name: &str,
        answer: &RegisterPublicKeyCredential,
        from: &Requester<'_>,
    ) -> Result<PasskeyView, AuthError> {
        let webauthn = self.webauthn()?;
        let user = &caller.user;
        let name = passkey_name(name)?;
        let state: PasskeyRegistration = self.take_ceremony(ceremony, "register", Some(user.id)).await?;
        let passkey = webauthn
            .finish_passkey_registration(answer, &state)
            .map_err(|error| refused("finish registration", error))?;
        let credential = serde_json::to_string(&passkey).map_err(|_| AuthError::Internal)?;
        let credential_id = URL_SAFE_NO_PAD.encode(passkey.cred_id().as_ref());
        let now = unix_now();
        let notice = messages::factor_changed(
            user.language,
            &user.email,
            &user.username,
            messages::FactorChange::PasskeyAdded(&name),
        );
        let stored = NewPasskey {
            user_id: user.id,
            credential_id: &credential_id,
            name: &name,
            credential: &credential,
            created_at: now,
        };
        let id = rows::insert_passkey(&self.db, &stored, &notice).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        self.record(user.id, Event::PasskeyAdded, from).await;
        tracing::info!(event = "passkey_added", user_id = user.id, passkey_id = id, "passkey added");
        Ok(PasskeyView { id, name, created_at: now, last_used_at: None })
    }

    /// Renames one of the caller's passkeys; another account's id answers `NotFound`.
    pub async fn rename_passkey(&self, caller: &AuthUser, id: i64, name: &str) -> Result<(), AuthError> {
        let name = passkey_name(name)?;
        match rows::rename_passkey(&self.db, caller.user.id, id, &name).await.map_err(store_failed)? {
            true => Ok(()),
            false => Err(AuthError::NotFound),
        }
    }

    /// Removes one of the caller's passkeys, unless it is the account's last way in (no
    /// password, no other passkey, no linked provider).
    pub async fn remove_passkey(&self, caller: &AuthUser, id: i64, from: &Requester<'_>) -> Result<(), AuthError> {
        let user = &caller.user;
        let notice = messages::factor_changed(
            user.language,
            &user.email,
            &user.username,
            messages::FactorChange::PasskeyRemoved,
        );
        match rows::delete_passkey(&self.db, user.id, id, unix_now(), &notice, self.email_sign_in)
            .await
            .map_err(store_failed)?
        {
            Unlinked::Done(_) => {}
            Unlinked::NotFound => return Err(AuthError::NotFound),
            Unlinked::LastWayIn => return Err(AuthError::LastWayIn),
        }
        self.mailing.wake_sender();
        self.record(user.id, Event::PasskeyRemoved, from).await;
        tracing::info!(event = "passkey_removed", user_id = user.id, passkey_id = id, "passkey removed");
        Ok(())
    }

    /// The first half of signing in with a passkey alone: options for
    /// `navigator.credentials.get` (any passkey of this site), and the ceremony's token.
    /// Each start stores a ceremony for minutes and asks nothing: throttled per address.
    pub async fn start_passkey_login(
        &self,
        from: &Requester<'_>,
    ) -> Result<(String, RequestChallengeResponse), AuthError> {
        let webauthn = self.webauthn()?;
        let keys = [Key::PasskeyStartsFromAddress(from.address.into())];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("passkey_start", refused))?;
        let (options, state) =
            webauthn.start_discoverable_authentication().map_err(|error| refused("start sign-in", error))?;
        let token = self.put_ceremony(None, "login", &state).await?;
        Ok((token, options))
    }

    /// The second half: the authenticator's signature, checked against the passkey it names,
    /// opens a session.
    pub async fn finish_passkey_login(
        &self,
        ceremony: &str,
        answer: &PublicKeyCredential,
        from: &Requester<'_>,
    ) -> Result<IssuedSession, AuthError> {
        let webauthn = self.webauthn()?;
        let state: DiscoverableAuthentication = self.take_ceremony(ceremony, "login", None).await?;
        let (handle, credential_id) =
            webauthn.identify_discoverable_authentication(answer).map_err(|error| refused("identify", error))?;
        let credential_id = URL_SAFE_NO_PAD.encode(credential_id);
        let row = rows::find_passkey(&self.db, &credential_id, &handle.to_string())
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::PasskeyRefused)?;
        let mut passkey = credential_of(&row).ok_or(AuthError::Internal)?;
        let result = webauthn
            .finish_discoverable_authentication(answer, state, &[DiscoverableKey::from(&passkey)])
            .map_err(|error| refused("finish sign-in", error))?;
        passkey.update_credential(&result);
        let credential = serde_json::to_string(&passkey).map_err(|_| AuthError::Internal)?;
        rows::record_use(&self.db, row.id, &credential, unix_now()).await.map_err(store_failed)?;
        let user = store::find_user_by_id(&self.db, row.user_id)
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::PasskeyRefused)?;
        tracing::info!(event = "passkey_login", user_id = user.id, passkey_id = row.id, "signed in with a passkey");
        self.start_session(&user, from).await
    }

    async fn handle_of(&self, user_id: i64) -> Result<Uuid, AuthError> {
        let handle = rows::handle_of(&self.db, user_id, &Uuid::new_v4().to_string()).await.map_err(store_failed)?;
        Uuid::parse_str(&handle).map_err(|_| AuthError::Internal)
    }

    async fn put_ceremony(
        &self,
        user_id: Option<i64>,
        kind: &str,
        state: &impl serde::Serialize,
    ) -> Result<String, AuthError> {
        let token = OneTimeToken::generate();
        let state = serde_json::to_string(state).map_err(|_| AuthError::Internal)?;
        rows::insert_ceremony(&self.db, &token.digest.hash, user_id, kind, &state, unix_now() + CEREMONY_SECS)
            .await
            .map_err(store_failed)?;
        Ok(token.secret)
    }

    async fn take_ceremony<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        kind: &str,
        user_id: Option<i64>,
    ) -> Result<T, AuthError> {
        let digest = digest_presented(token).ok_or(AuthError::PasskeyRefused)?;
        let state = rows::take_ceremony(&self.db, &digest.hash, kind, user_id, unix_now())
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::PasskeyRefused)?;
        serde_json::from_str(&state).map_err(|_| AuthError::Internal)
    }
}

fn credential_of(row: &PasskeyRow) -> Option<Passkey> {
    serde_json::from_str(&row.credential).ok()
}

pub(in crate::auth::server) fn view_of(row: &PasskeyRow) -> PasskeyView {
    PasskeyView { id: row.id, name: row.name.clone(), created_at: row.created_at, last_used_at: row.last_used_at }
}

/// A passkey's name: trimmed, 1 to 64 characters, no control characters.
/// A passkey's name as the account page and its mails show it: trimmed, 1 to 64 characters,
/// and, as for usernames, no control, zero-width or text-direction characters (a name that
/// reorders the text around it could make a notice say something else).
fn passkey_name(name: &str) -> Result<String, AuthError> {
    let name = name.trim();
    let ok = !name.is_empty() && name.chars().count() <= NAME_MAX_CHARS && !name.chars().any(is_hidden_or_reordering);
    ok.then(|| name.to_owned()).ok_or(AuthError::BadRequest)
}

fn refused(step: &str, error: webauthn_rs::prelude::WebauthnError) -> AuthError {
    tracing::info!(%error, step, "passkey ceremony refused");
    AuthError::PasskeyRefused
}

#[cfg(test)]
mod tests {
    use super::passkey_name;

    #[test]
    fn a_passkey_name_refuses_hidden_and_reordering_characters_as_usernames_do() {
        assert_eq!(passkey_name("  My phone ").unwrap(), "My phone");
        for hostile in ["phone\u{202E}enohp", "zero\u{200B}width", "isolate\u{2066}x", "bom\u{FEFF}", "tab\there", ""] {
            assert!(passkey_name(hostile).is_err(), "{hostile:?}");
        }
        assert!(passkey_name(&"x".repeat(65)).is_err());
    }
}
