//! Signup, login, logout and "who is this?": the one place the account rules live. The
//! browser's server functions and the JSON API are thin doors into these functions.

use std::{
    net::IpAddr,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use super::{
    common_passwords::is_common,
    error::{AuthError, FieldErrors},
    password::{HashError, Hasher},
    session_cache::SessionCache,
    store::{self, NewSession, StoreError, User},
    throttle::{Key, Throttle},
    token::TokenKeys,
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
    pub user: User,
    pub token: String,
    /// The token's life, which is also the cookie's `Max-Age`.
    pub max_age: Duration,
}

#[derive(Clone)]
pub struct AuthService {
    pool: SqlitePool,
    hasher: Hasher,
    tokens: TokenKeys,
    throttle: Throttle,
    sessions: SessionCache,
}

impl AuthService {
    pub fn new(pool: SqlitePool, hasher: Hasher, tokens: TokenKeys, throttle: Throttle) -> Self {
        Self { pool, hasher, tokens, throttle, sessions: SessionCache::default() }
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
        .and_then(|password| if is_common(password.expose()) { Err(FieldError::PasswordTooCommon) } else { Ok(password) });
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
        let signups = Key::SignupsFromAddress(client);
        self.throttle.check(&signups).map_err(|wait| throttled("signup", wait))?;
        self.throttle.spend(&signups);
        let hash = self.hasher.hash(password).await.map_err(hash_failed)?;
        let user = store::insert_user(&self.pool, email.as_str(), username.as_str(), &hash, unix_now())
            .await
            .map_err(|error| match error {
                StoreError::EmailTaken => {
                    tracing::info!(event = "signup_refused", email_hash = %email_hash(email.as_str()), "email already registered");
                    AuthError::EmailTaken
                }
                StoreError::Db(error) => database_failed(error),
            })?;
        tracing::info!(event = "signup", user_id = user.id, "account created");
        Ok(user)
    }

    /// Checks credentials and opens a session. An unknown email and a wrong password get the
    /// same answer after the same work: one Argon2 verification.
    /// Throttled per client address and per account before any hashing; each failure spends
    /// from both, and a success forgives the account's failures.
    pub async fn login(&self, email: &str, password: &str, client: IpAddr, user_agent: Option<&str>) -> Result<IssuedSession, AuthError> {
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
        let keys = [Key::LoginFailuresFromAddress(client), Key::LoginFailuresForAccount(email.as_str().to_owned())];
        for key in &keys {
            self.throttle.check(key).map_err(|wait| throttled("login", wait))?;
        }
        let user = store::find_user_by_email(&self.pool, email.as_str()).await.map_err(store_failed)?;
        let stored = user.as_ref().map(|user| user.password_hash.clone());
        let matches = self.hasher.verify(password, stored).await.map_err(hash_failed)?;
        match user {
            Some(user) if matches => {
                self.throttle.forgive(&keys[1]);
                self.start_session(user, user_agent).await
            }
            _ => {
                keys.iter().for_each(|key| self.throttle.spend(key));
                Err(login_failed(&email))
            }
        }
    }

    /// Opens a session for `user` (after a login, or right after signup in the browser).
    pub async fn start_session(&self, user: User, user_agent: Option<&str>) -> Result<IssuedSession, AuthError> {
        let now = unix_now();
        let session_id = new_session_id();
        let max_age = self.tokens.ttl();
        let user_agent = user_agent.map(|ua| truncate_chars(ua, 512));
        let session = NewSession {
            id: &session_id,
            user_id: user.id,
            created_at: now,
            expires_at: now + max_age.as_secs() as i64,
            user_agent: user_agent.as_deref(),
        };
        store::insert_session(&self.pool, &session).await.map_err(store_failed)?;
        let token = self.tokens.issue(user.id, &session_id, now).map_err(|error| {
            tracing::error!(%error, "cannot sign a token");
            AuthError::Internal
        })?;
        tracing::info!(event = "login", user_id = user.id, "session started");
        Ok(IssuedSession { user, token, max_age })
    }

    /// The caller a token belongs to, if its signature, claims and session are all good.
    /// Every refusal is the same `Unauthenticated`; the exact cause is logged at debug.
    pub async fn authenticate(&self, token: &str) -> Result<AuthUser, AuthError> {
        let claims = self.tokens.verify(token).map_err(|error| {
            tracing::debug!(%error, "token refused");
            AuthError::Unauthenticated
        })?;
        let user_id: i64 = claims.sub.parse().map_err(|_| {
            tracing::debug!("token subject is not a user id");
            AuthError::Unauthenticated
        })?;
        let now = unix_now();
        if let Some(user) = self.sessions.get(&claims.jti, user_id, now) {
            return Ok(AuthUser { user, session_id: claims.jti });
        }
        let user = store::find_user_by_live_session(&self.pool, &claims.jti, user_id, now)
            .await
            .map_err(store_failed)?
            .ok_or_else(|| {
                tracing::debug!(user_id, "session revoked, expired or unknown");
                AuthError::Unauthenticated
            })?;
        // The session row expires with the token, so the token's `exp` bounds the entry.
        self.sessions.confirm(&claims.jti, &user, claims.exp);
        Ok(AuthUser { user, session_id: claims.jti })
    }

    /// Revokes the caller's session: its token stops working everywhere, cookie or bearer.
    pub async fn logout(&self, caller: &AuthUser) -> Result<(), AuthError> {
        store::revoke_session(&self.pool, &caller.session_id, unix_now()).await.map_err(store_failed)?;
        self.sessions.evict(&caller.session_id);
        tracing::info!(event = "logout", user_id = caller.user.id, "session revoked");
        Ok(())
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// 128 random bits from the thread's CSPRNG, base64url: the session id and the JWT's `jti`.
fn new_session_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Logs name accounts by a hash of the email, never the address or anything typed as a password.
pub fn email_hash(email: &str) -> String {
    let digest = Sha256::digest(email.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn invalid(fields: FieldErrors) -> AuthError {
    AuthError::Invalid(fields)
}

fn login_failed(email: &Email) -> AuthError {
    tracing::info!(event = "login_failed", email_hash = %email_hash(email.as_str()), "incorrect email or password");
    AuthError::InvalidCredentials
}

fn throttled(what: &str, wait: Duration) -> AuthError {
    let retry_after_secs = wait.as_secs() + 1;
    tracing::warn!(event = "throttled", attempt = what, retry_after_secs, "too many attempts");
    AuthError::Throttled { retry_after_secs }
}

fn hash_failed(error: HashError) -> AuthError {
    match error {
        HashError::Saturated { waiting } => {
            tracing::warn!(waiting, "hashing queue full");
            AuthError::Busy { retry_after_secs: 1 }
        }
        error => {
            tracing::error!(%error, "password hashing failed");
            AuthError::Internal
        }
    }
}

fn store_failed(error: StoreError) -> AuthError {
    match error {
        StoreError::Db(error) => database_failed(error),
        StoreError::EmailTaken => AuthError::EmailTaken,
    }
}

/// A pool that could not hand out a connection in time is load, not a fault: 503, retry soon.
fn database_failed(error: sqlx::Error) -> AuthError {
    match error {
        sqlx::Error::PoolTimedOut => {
            tracing::warn!("database pool exhausted");
            AuthError::Busy { retry_after_secs: 1 }
        }
        error => {
            tracing::error!(%error, "database error");
            AuthError::Internal
        }
    }
}
