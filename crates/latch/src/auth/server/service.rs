//! The account service: the one place the account rules live. The browser's server
//! functions and the JSON API are thin doors into it. Signup is here, login in `login.rs`; sessions
//! (opening, checking, ending) are in `sessions/`, and each other concept in its folder.

use std::{collections::BTreeMap, net::IpAddr, sync::Arc, time::Duration};

use super::{
    account::event::Event,
    clock::unix_now,
    email::link_tokens::Purpose,
    email::mailing::Mailing,
    factors::keys::FactorKeys,
    failures::{email_hash, hash_failed, store_failed, throttle_refused},
    hooks::AccountHooks,
    password::breached::BreachFilter,
    password::common::is_common,
    password::Hasher,
    sessions::cache::SessionCache,
    sessions::token::TokenKeys,
    store::{self, email::NewToken, Db, StoreError, User},
    throttle::Key,
    throttle::Throttle,
};
use crate::auth::{
    error::{AuthError, FieldErrors},
    signup_fields::SignupValues,
    validate::{Email, FieldError, Password, Username},
};
use crate::i18n::Lang;

/// A signed-in caller: the user and the live session their token names.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// Shared with the session cache: a cached request copies no strings.
    pub user: std::sync::Arc<User>,
    /// The session the token names, for revoking it.
    pub session_id: String,
}

impl AuthUser {
    /// The account's id: the key an application's own rows belong to.
    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// The account's address, lower-cased.
    pub fn email(&self) -> &str {
        &self.user.email
    }

    /// The name the account shows.
    pub fn username(&self) -> &str {
        &self.user.username
    }

    /// Whether the owner proved the address by opening the link mailed to it.
    pub fn email_verified(&self) -> bool {
        self.user.email_verified_at.is_some()
    }

    /// Whether the account holds `role` (as of the session's last read: at most
    /// `sessions::cache::FRESH_FOR` old, and re-read at once after a grant or revoke).
    pub fn has_role(&self, role: &str) -> bool {
        self.user.has_role(role)
    }
}

/// A role the application declares (`AccountHooks::roles`), as a type, for the role guards
/// (`api::guard::HasRole`, `server_fns::guard::require_role`):
///
/// ```
/// use latch::auth::server::service::Role;
///
/// struct Editor;
/// impl Role for Editor {
///     const NAME: &'static str = "editor";
/// }
/// ```
pub trait Role {
    /// The role's name, as the database and the console write it.
    const NAME: &'static str;
}

/// The policy "holds role `R`": `Allowed<HoldsRole<R>>` is the same guard as `HasRole<R>`.
pub struct HoldsRole<R: Role>(std::marker::PhantomData<R>);

impl<R: Role> Policy for HoldsRole<R> {
    fn allows(caller: &AuthUser) -> bool {
        caller.has_role(R::NAME)
    }
}

/// A rule of the application's about who may do something: a role it holds, a plan it pays
/// for. The guards `api::guard::Allowed` and `server_fns::guard::require_allowed` refuse
/// everyone it does not allow with 403 `forbidden`.
pub trait Policy {
    /// Whether `caller` may go on.
    fn allows(caller: &AuthUser) -> bool;
}

/// Where a request came from, as the account's history records it and throttling counts it.
#[derive(Clone, Copy, Debug)]
pub struct Requester<'a> {
    /// The caller's address, as the throttle and the history see it.
    pub address: IpAddr,
    /// The caller's `User-Agent`, for naming its session.
    pub user_agent: Option<&'a str>,
    /// The browser's device cookie (`web::cookie`), which names it across sessions; `None`
    /// for a program, known instead by its agent and network (`devices`).
    pub device: Option<&'a str>,
}

/// A new session and the token that carries it.
pub struct IssuedSession {
    /// The signed JWT that carries the session.
    pub token: String,
    /// The token's life, which is also the cookie's `Max-Age`.
    pub max_age: Duration,
}

/// How many sessions an account may keep.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// Live sessions per account; a new login ends the oldest past it.
    pub max_per_account: u32,
    /// How often a session's `last_seen_at` may be written, in seconds; 0 never writes it.
    pub last_seen_every_secs: i64,
}

/// Background writes of `throttled` events at once; past it, a refusal is not recorded (the
/// history records one per five minutes anyway).
const THROTTLED_NOTES_IN_FLIGHT: usize = 4;

/// The account service. Every request clones it (the state does, and the extractors), so its
/// handles sit behind one `Arc`: a clone is one reference count.
#[derive(Clone)]
pub struct AuthService(Arc<ServiceParts>);

/// What the rules stand on, reachable as `self.db`, `self.hasher`, ... through `Deref`.
pub struct ServiceParts {
    pub(super) db: Db,
    pub(super) hasher: Hasher,
    pub(super) tokens: TokenKeys,
    pub(super) throttle: Throttle,
    pub(super) sessions: SessionCache,
    pub(super) session_policy: SessionPolicy,
    pub(super) mailing: Mailing,
    pub(super) factor_keys: FactorKeys,
    /// The WebAuthn relying party; `None` where `PUBLIC_ORIGIN` cannot be one.
    pub(super) webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// Bounds the background writes of `throttled` events (`activity::note_throttled`): a
    /// flood of refused logins cannot queue unbounded work.
    pub(super) throttled_notes: Arc<tokio::sync::Semaphore>,
    /// The application's part in deleting and exporting an account.
    pub(super) hooks: Arc<dyn AccountHooks>,
    /// Sign-in with other providers (none unless configured).
    pub(super) providers: super::identities::providers::Providers,
    /// The breached-password filter, when one is configured (`BREACH_FILTER_PATH`).
    pub(super) breached: Option<Arc<BreachFilter>>,
    /// Whether sign-in by email is offered (`EMAIL_SIGN_IN`).
    pub(super) email_sign_in: bool,
}

impl std::ops::Deref for AuthService {
    type Target = ServiceParts;

    fn deref(&self) -> &ServiceParts {
        &self.0
    }
}

impl AuthService {
    /// `sessions` starts trusted on SQLite; on PostgreSQL it is trusted once the revocation
    /// listener runs (`revocations::listen`).
    #[allow(clippy::too_many_arguments)] // each is one part of the service, named at the one call
    pub fn new(
        db: Db,
        hasher: Hasher,
        tokens: TokenKeys,
        throttle: Throttle,
        sessions: SessionCache,
        session_policy: SessionPolicy,
        mailing: Mailing,
        factor_keys: FactorKeys,
        webauthn: Option<Arc<webauthn_rs::Webauthn>>,
        hooks: Arc<dyn AccountHooks>,
        providers: super::identities::providers::Providers,
        breached: Option<Arc<BreachFilter>>,
        email_sign_in: bool,
    ) -> Self {
        let throttled_notes = Arc::new(tokio::sync::Semaphore::new(THROTTLED_NOTES_IN_FLIGHT));
        let parts = ServiceParts {
            db,
            hasher,
            tokens,
            throttle,
            sessions,
            session_policy,
            mailing,
            factor_keys,
            webauthn,
            throttled_notes,
            hooks,
            providers,
            breached,
            email_sign_in,
        };
        Self(Arc::new(parts))
    }

    /// The password hasher (benchmarks and tests count its work).
    pub fn hasher(&self) -> &Hasher {
        &self.hasher
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The outbox's writer.
    pub fn mailing(&self) -> &Mailing {
        &self.mailing
    }

    /// Creates an account and mails a link to verify its address (one transaction: no account
    /// without its mail, nor without the application's rows). Every field, Latch's and the
    /// application's (`fields`, by name), is checked before any hashing, and all problems are
    /// reported at once. The UNIQUE index, not a prior SELECT, decides a duplicate email.
    pub async fn signup(
        &self,
        email: &str,
        username: &str,
        password: &str,
        fields: BTreeMap<String, String>,
        language: Lang,
        from: &Requester<'_>,
    ) -> Result<User, AuthError> {
        let email = Email::parse(email);
        let username = Username::parse(username);
        let password = match (&email, &username) {
            (Ok(email), Ok(username)) => self.new_password(password, email, username),
            _ => Password::parse(password),
        };
        let fields = SignupValues::from_submitted(self.hooks.signup_fields(), fields).and_then(|values| {
            match self.hooks.check_signup(&values) {
                refused if refused.is_empty() => Ok(values),
                refused => Err(refused),
            }
        });
        let (email, username, password, fields) = match (email, username, password, fields) {
            (Ok(email), Ok(username), Ok(password), Ok(fields)) => (email, username, password, fields),
            (email, username, password, fields) => {
                return Err(AuthError::Invalid(FieldErrors {
                    email: email.err(),
                    username: username.err(),
                    password: password.err(),
                    others: fields.err().unwrap_or_default(),
                }))
            }
        };
        let signups = [Key::SignupsFromAddress(from.address.into())];
        self.throttle.reserve(&signups).await.map_err(|refused| throttle_refused("signup", refused))?;
        let created = async {
            let hash = self.hasher.hash(password).await.map_err(hash_failed)?;
            let (token, mail) = self.verification_mail(email.as_str(), username.as_str(), language);
            let now = unix_now();
            let token = NewToken::for_address(&token, Purpose::VerifyEmail, email.as_str(), now);
            let (email, username) = (email.as_str(), username.as_str());
            let account = store::users::NewAccount {
                email,
                username,
                password_hash: &hash,
                created_at: now,
                fields: &fields,
                language,
            };
            store::users::insert_user_with_mail(&self.db, &account, &token, &mail, &*self.hooks).await.map_err(
                |error| match error {
                    StoreError::EmailTaken => {
                        tracing::info!(event = "signup_refused", email_hash = %email_hash(email), "email already registered");
                        AuthError::EmailTaken
                    }
                    other => store_failed(other),
                },
            )
        }
        .await;
        match &created {
            Ok(user) => {
                self.mailing.wake_sender();
                self.record(user.id, Event::Signup, from).await;
                metrics::counter!("latch_signups_total").increment(1);
                tracing::info!(event = "signup", user_id = user.id, "account created");
            }
            // Too busy to try is not an attempt: it does not count against the address.
            Err(AuthError::Busy { .. } | AuthError::Internal) => self.throttle.refund(&signups).await,
            Err(_) => {}
        }
        created
    }
}

impl AuthService {
    /// The rules for choosing a password: length, not the person's own identity, not common,
    /// and not in the breach list when one is loaded.
    pub(super) fn new_password(&self, raw: &str, email: &Email, username: &Username) -> Result<Password, FieldError> {
        let password = Password::parse_new(raw, email, username)?;
        if is_common(password.expose()) {
            return Err(FieldError::PasswordTooCommon);
        }
        if self.is_breached(&password) {
            return Err(FieldError::PasswordBreached);
        }
        Ok(password)
    }

    /// Whether `password` is in the loaded breach list (never, without one).
    pub(super) fn is_breached(&self, password: &Password) -> bool {
        self.breached.as_ref().is_some_and(|filter| filter.holds_password(password.expose()))
    }
}
