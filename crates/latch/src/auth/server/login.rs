//! Logging in, and the throttled password check that logging in, changing the password and
//! deleting the account share. A second `impl AuthService`.

use super::{
    account::event::Event,
    clock::unix_now,
    email::messages,
    factors::second_step::LoginOutcome,
    failures::{hash_failed, invalid, login_failed, store_failed, throttle_refused},
    service::{AuthService, Requester},
    store::{self, User},
    throttle::{Key, Refused},
};
use crate::auth::{
    error::{AuthError, FieldErrors},
    validate::{Email, FieldError, Password},
};

impl AuthService {
    /// Checks credentials and opens a session, or, for an account with a second factor, gives
    /// the challenge for the second step. An unknown email and a wrong password get the same
    /// answer after the same work: one Argon2 verification.
    pub async fn login(&self, email: &str, password: &str, from: &Requester<'_>) -> Result<LoginOutcome, AuthError> {
        let email = Email::parse(email).map_err(|e| invalid(FieldErrors { email: Some(e), ..Default::default() }))?;
        let password = match Password::parse(password) {
            Ok(password) => password,
            // Refused before any hashing; saying so reveals nothing about any account.
            Err(FieldError::PasswordTooLong) => {
                return Err(invalid(FieldErrors { password: Some(FieldError::PasswordTooLong), ..Default::default() }))
            }
            // No account can have a password this short, whoever asks.
            Err(_) => return Err(login_failed(&email)),
        };
        // Judged before the check takes the password; costs one SHA-1 and three memory reads.
        let breached = self.is_breached(&password);
        let checked = self.check_password(&email, password, from).await;
        let outcome = match &checked {
            Ok(Some(_)) => "ok",
            Ok(None) => "failed",
            Err(AuthError::Throttled { .. }) => "throttled",
            Err(_) => "error",
        };
        metrics::counter!("latch_logins_total", "outcome" => outcome).increment(1);
        let user = checked?.ok_or_else(|| login_failed(&email))?;
        if breached {
            self.note_breached_password(&user, from).await;
        }
        self.after_password(&user, from).await
    }

    /// A right password that the breach list holds: it still signs in (refusing would lock
    /// the person out of the page where they change it), but the account is marked until the
    /// password changes, which the account page asks for, and the person is mailed once.
    async fn note_breached_password(&self, user: &User, from: &Requester<'_>) {
        if user.password_breached_at.is_some() {
            return;
        }
        let notice = messages::password_breached(user.language, &user.email, &user.username);
        match store::users::mark_password_breached(&self.db, user.id, &notice, unix_now()).await {
            Ok(true) => {
                self.mailing.wake_sender();
                self.record(user.id, Event::PasswordBreached, from).await;
                tracing::info!(event = "password_breached", user_id = user.id, "signed in with a breached password");
            }
            Ok(false) => {}
            // The sign-in goes on: the next one marks it.
            Err(error) => tracing::warn!(user_id = user.id, %error, "cannot mark a breached password"),
        }
    }

    /// The account `email` names, if `password` is its password. Throttled before any
    /// hashing: an attempt is reserved from the address's bucket, the account's bucket for
    /// that address, and the account's looser ceiling for all addresses; a right password
    /// (or a server too busy to judge) gives the attempt back. A wrong one stays spent and is
    /// recorded in the account's history, as is being throttled.
    pub(super) async fn check_password(
        &self,
        email: &Email,
        password: Password,
        from: &Requester<'_>,
    ) -> Result<Option<User>, AuthError> {
        let address = from.address.into();
        let keys = [
            Key::LoginFailuresFromAddress(address),
            Key::LoginFailuresForAccountFromAddress(email.as_str().to_owned(), address),
            Key::LoginFailuresForAccount(email.as_str().to_owned()),
        ];
        if let Err(refused) = self.throttle.reserve(&keys).await {
            if let Refused::Wait(_) = refused {
                self.note_throttled(email.as_str(), from);
            }
            return Err(throttle_refused("login", refused));
        }
        let verdict = async {
            let user = store::find_user_by_email(&self.db, email.as_str()).await.map_err(store_failed)?;
            // An account without a password is checked against the dummy hash, as an unknown
            // one is: the same work and the same "no" for any password.
            let stored =
                user.as_ref().filter(|user| user.password_hash.is_set()).map(|user| user.password_hash.clone());
            let matches = self.hasher.verify(password, stored).await.map_err(hash_failed)?;
            Ok::<_, AuthError>((user, matches))
        }
        .await;
        match verdict {
            Ok((Some(user), true)) => {
                self.throttle.refund(&keys).await;
                self.throttle.forgive(&keys[1]).await;
                Ok(Some(user))
            }
            // The reservation stays spent: this was a failure.
            Ok((user, _)) => {
                if let Some(user) = user {
                    self.record(user.id, Event::LoginFailed, from).await;
                }
                Ok(None)
            }
            Err(error) => {
                self.throttle.refund(&keys).await;
                Err(error)
            }
        }
    }
}
