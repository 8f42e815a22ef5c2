//! The account service: the one place the account rules live. The browser's server
//! functions and the JSON API are thin doors into it. Signup and login are here; sessions
//! (opening, checking, ending) are in `sessions.rs`.

use std::{net::IpAddr, time::Duration};

use sqlx::SqlitePool;

use super::{
    clock::unix_now,
    common_passwords::is_common,
    failures::{database_failed, email_hash, hash_failed, invalid, login_failed, store_failed, throttled},
    password::Hasher,
    session_cache::SessionCache,
    store::{self, StoreError, User},
    throttle::{Key, Throttle},
    token::TokenKeys,
};
use crate::auth::{
    error::{AuthError, FieldErrors},
    validate::{Email, FieldError, Password, Username},
};

/// A signed-in caller: the user and the live session their token names.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: User,
    pub session_id: String,
}

/// A new session and the token that carries it.
pub struct IssuedSession {
    pub token: String,
    /// The token's life, which is also the cookie's `Max-Age`.
    pub max_age: Duration,
}

/// How many sessions an account may keep.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// Live sessions per account; a new login ends the oldest past it.
    pub max_per_account: u32,
}

#[derive(Clone)]
pub struct AuthService {
    pub(super) pool: SqlitePool,
    hasher: Hasher,
    pub(super) tokens: TokenKeys,
    throttle: Throttle,
    pub(super) sessions: SessionCache,
    pub(super) session_policy: SessionPolicy,
}

impl AuthService {
    pub fn new(
        pool: SqlitePool,
        hasher: Hasher,
        tokens: TokenKeys,
        throttle: Throttle,
        session_policy: SessionPolicy,
    ) -> Self {
        Self { pool, hasher, tokens, throttle, sessions: SessionCache::default(), session_policy }
    }

    pub fn hasher(&self) -> &Hasher {
        &self.hasher
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Creates an account. Every field is checked before any hashing, and all problems are
    /// reported at once. The UNIQUE index, not a prior SELECT, decides a duplicate email.
    pub async fn signup(&self, email: &str, username: &str, password: &str, client: IpAddr) -> Result<User, AuthError> {
        let email = Email::parse(email);
        let username = Username::parse(username);
        let password = match (&email, &username) {
            (Ok(email), Ok(username)) => Password::parse_new(password, email, username),
            _ => Password::parse(password),
        }
        .and_then(
            |password| if is_common(password.expose()) { Err(FieldError::PasswordTooCommon) } else { Ok(password) },
        );
        let (email, username, password) = match (email, username, password) {
            (Ok(email), Ok(username), Ok(password)) => (email, username, password),
            (email, username, password) => {
                return Err(AuthError::Invalid(FieldErrors {
                    email: email.err(),
                    username: username.err(),
                    password: password.err(),
                }))
            }
        };
        let signups = [Key::SignupsFromAddress(client.into())];
        self.throttle.reserve(&signups).map_err(|wait| throttled("signup", wait))?;
        let created = async {
            let hash = self.hasher.hash(password).await.map_err(hash_failed)?;
            store::insert_user(&self.pool, email.as_str(), username.as_str(), &hash, unix_now()).await.map_err(
                |error| match error {
                    StoreError::EmailTaken => {
                        tracing::info!(event = "signup_refused", email_hash = %email_hash(email.as_str()), "email already registered");
                        AuthError::EmailTaken
                    }
                    StoreError::Db(error) => database_failed(error),
                },
            )
        }
        .await;
        match &created {
            Ok(user) => tracing::info!(event = "signup", user_id = user.id, "account created"),
            // Too busy to try is not an attempt: it does not count against the address.
            Err(AuthError::Busy { .. } | AuthError::Internal) => self.throttle.refund(&signups),
            Err(_) => {}
        }
        created
    }

    /// Checks credentials and opens a session. An unknown email and a wrong password get the
    /// same answer after the same work: one Argon2 verification.
    /// Throttled before any hashing: an attempt is reserved from the address's bucket, the
    /// account's bucket for that address, and the account's looser ceiling for all addresses;
    /// a right password (or a server too busy to judge) gives the attempt back.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: IpAddr,
        user_agent: Option<&str>,
    ) -> Result<IssuedSession, AuthError> {
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
        let address = client.into();
        let keys = [
            Key::LoginFailuresFromAddress(address),
            Key::LoginFailuresForAccountFromAddress(email.as_str().to_owned(), address),
            Key::LoginFailuresForAccount(email.as_str().to_owned()),
        ];
        self.throttle.reserve(&keys).map_err(|wait| throttled("login", wait))?;
        let verdict = async {
            let user = store::find_user_by_email(&self.pool, email.as_str()).await.map_err(store_failed)?;
            let stored = user.as_ref().map(|user| user.password_hash.clone());
            let matches = self.hasher.verify(password, stored).await.map_err(hash_failed)?;
            Ok(user.filter(|_| matches))
        }
        .await;
        match verdict {
            Ok(Some(user)) => {
                self.throttle.refund(&keys);
                self.throttle.forgive(&keys[1]);
                self.start_session(&user, user_agent).await
            }
            // The reservation stays spent: this was a failure.
            Ok(None) => Err(login_failed(&email)),
            Err(error) => {
                self.throttle.refund(&keys);
                Err(error)
            }
        }
    }
}
