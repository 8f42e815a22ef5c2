//! Sign-in by email: one mail carries a code and a link. The request belongs to the browser
//! that asked (a cookie secret of its own); only that browser can be signed in by it:
//!
//! - in that browser, typing the code, or pressing the link page's button, signs in;
//! - on another device (the phone the mail was read on), the link page asks "Approve sign-in
//!   on Firefox on Windows?"; approving marks the request, and the asking browser, which
//!   waits on its page (polling with JavaScript, a button without), signs in. The phone gets
//!   no session.
//!
//! A request is single use, lives 15 minutes, and a newer one voids the older. Each allows 5
//! code tries, and wrong codes are also counted per account across requests. Opening the
//! link changes nothing (mail scanners open links); its page's button does. A second factor
//! is still asked where one is enrolled: the mail stands in for the password only.

pub mod code;

use super::{
    account::event::Event,
    clock::unix_now,
    email::{
        link_tokens::{digest_presented, OneTimeToken},
        messages,
    },
    factors::second_step::LoginOutcome,
    failures::{email_hash, invalid, store_failed, throttle_refused},
    notices::coarse_network,
    service::{AuthService, Requester},
    sessions::device,
    store::{
        self,
        email_sign_ins::{NewSignIn, SignInRow},
    },
    throttle::Key,
};
use crate::auth::{
    email_sign_in::{EmailSignInLink, EmailSignInWait},
    error::{AuthError, FieldErrors},
    validate::Email,
};
use crate::i18n::dates::date_time_in;

/// Where the mail's link leads: a page with a button, never an action on opening.
pub const EMAIL_SIGN_IN_PATH: &str = "/login/email/link";
/// How long a request works.
pub const SIGN_IN_SECS: i64 = 15 * 60;
/// Code tries a request allows; the last wrong one ends it.
pub const TRIES_PER_REQUEST: i64 = 5;

impl AuthService {
    /// Whether this deployment offers sign-in by email (`EMAIL_SIGN_IN`).
    pub fn email_sign_in_on(&self) -> bool {
        self.email_sign_in
    }

    fn email_sign_in_or_refuse(&self) -> Result<(), AuthError> {
        if self.email_sign_in {
            Ok(())
        } else {
            Err(AuthError::NotFound)
        }
    }

    /// Asks for a sign-in mail to `email`, for the browser that will carry the returned secret
    /// (its cookie). The answer is the same whether or not an account has this address, in
    /// status, body and time: only the throttle runs before answering; the lookup and the
    /// mail happen after, in a task of their own (as a reset's do).
    pub async fn request_email_sign_in(&self, email: &str, from: &Requester<'_>) -> Result<String, AuthError> {
        self.email_sign_in_or_refuse()?;
        let email = Email::parse(email).map_err(|e| invalid(FieldErrors { email: Some(e), ..Default::default() }))?;
        let keys =
            [Key::SignInMailsFromAddress(from.address.into()), Key::SignInMailsForEmail(email.as_str().to_owned())];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("email_sign_in", refused))?;
        let browser = OneTimeToken::generate();
        let service = self.clone();
        let secret = browser.secret.clone();
        let (address, user_agent) = (from.address, from.user_agent.map(str::to_owned));
        tokio::spawn(async move {
            let from = Requester { address, user_agent: user_agent.as_deref(), device: None };
            if let Err(error) = service.mail_sign_in(&email, &secret, &from).await {
                tracing::error!(?error, email_hash = %email_hash(email.as_str()), "cannot queue a sign-in mail");
            }
        });
        Ok(browser.secret)
    }

    /// Stores the request and mails its code and link, if `email` is an account's that can
    /// sign in this way. An address never proven gets a reset link instead: whoever signed up
    /// with it may not be its owner, and a reset's first proof removes what they added.
    async fn mail_sign_in(&self, email: &Email, browser_secret: &str, from: &Requester<'_>) -> Result<(), AuthError> {
        let Some(user) = store::find_user_by_email(&self.db, email.as_str()).await.map_err(store_failed)? else {
            tracing::info!(event = "email_sign_in_unknown", email_hash = %email_hash(email.as_str()), "no account: no mail");
            return Ok(());
        };
        if user.disabled_at.is_some() {
            tracing::info!(event = "email_sign_in_disabled", user_id = user.id, "account disabled: no mail");
            return Ok(());
        }
        if user.email_verified_at.is_none() {
            return self.mail_reset_link(email, from).await;
        }
        let browser = digest_presented(browser_secret).ok_or(AuthError::Internal)?;
        let code = code::generate();
        let link = OneTimeToken::generate();
        let now = unix_now();
        let network = coarse_network(from.address);
        let described = device::describe(from.user_agent);
        let when = date_time_in(now, user.language);
        let asked = messages::SignInAsked { device: &described, network: &network, when: &when };
        let url = self.mailing.link(EMAIL_SIGN_IN_PATH, &link.secret);
        let mail = messages::sign_in(user.language, &user.email, &user.username, &code::display(&code), &url, &asked);
        let user_agent: Option<String> = from.user_agent.map(|agent| agent.chars().take(512).collect());
        let request = NewSignIn {
            browser_hash: &browser.hash,
            code_hash: &code::hash(browser_secret, &code),
            link: &link.digest,
            user_agent: user_agent.as_deref(),
            network: &network,
            asked_at: now,
            expires_at: now + SIGN_IN_SECS,
        };
        store::email_sign_ins::open(&self.db, user.id, &request, &mail).await.map_err(store_failed)?;
        self.mailing.wake_sender();
        self.record_detailed(user.id, Event::EmailSignInRequested, Some(&described), from).await;
        tracing::info!(event = "email_sign_in_queued", user_id = user.id, "sign-in code and link queued");
        Ok(())
    }

    /// The live request of the browser carrying `browser_secret`, or `InvalidChallenge`
    /// (none, expired, used, voided by a newer one: all alike).
    async fn asked_by(&self, browser_secret: Option<&str>) -> Result<SignInRow, AuthError> {
        let browser = browser_secret.and_then(digest_presented).ok_or(AuthError::InvalidChallenge)?;
        store::email_sign_ins::by_browser(&self.db, &browser.hash, unix_now())
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::InvalidChallenge)
    }

    /// The asking browser types the code. Each try is counted against the request's 5 before
    /// it is judged, and a wrong one against the account's bucket across requests.
    pub async fn email_sign_in_code(
        &self,
        browser_secret: Option<&str>,
        typed: &str,
        from: &Requester<'_>,
    ) -> Result<LoginOutcome, AuthError> {
        self.email_sign_in_or_refuse()?;
        let row = self.asked_by(browser_secret).await?;
        let secret = browser_secret.unwrap_or_default();
        // Something that cannot be a code costs no try: it cannot be right.
        let typed = code::normalize(typed).ok_or(AuthError::InvalidCode)?;
        let keys = [Key::SignInCodeFailuresForAccount(row.user_id)];
        self.throttle.reserve(&keys).await.map_err(|refused| throttle_refused("email_sign_in_code", refused))?;
        let now = unix_now();
        let counted = store::email_sign_ins::count_try(&self.db, row.id, TRIES_PER_REQUEST, now);
        let Some(tries) = counted.await.map_err(store_failed)? else {
            self.throttle.refund(&keys).await;
            return Err(AuthError::InvalidChallenge);
        };
        if !code::matches(&row.code_hash, secret, &typed) {
            self.record(row.user_id, Event::EmailSignInCodeFailed, from).await;
            if tries >= TRIES_PER_REQUEST {
                // Spent: the page asks for a new mail rather than a code that cannot work.
                store::email_sign_ins::end(&self.db, row.id).await.map_err(store_failed)?;
                return Err(AuthError::InvalidChallenge);
            }
            return Err(AuthError::InvalidCode);
        }
        self.throttle.refund(&keys).await;
        self.finish_email_sign_in(&row, false, from).await
    }

    /// What a mailed link's page shows: the asking browser and whether this browser is it.
    pub async fn email_sign_in_link(
        &self,
        token: &str,
        browser_secret: Option<&str>,
    ) -> Result<EmailSignInLink, AuthError> {
        self.email_sign_in_or_refuse()?;
        let row = self.linked(token).await?;
        Ok(EmailSignInLink {
            device: device::describe(row.user_agent.as_deref()),
            network: row.network.clone(),
            asked_at: row.asked_at,
            this_browser: is_asker(&row, browser_secret),
            approved: row.approved_at.is_some(),
        })
    }

    /// The link page's button. In the browser that asked, it signs in; anywhere else it
    /// approves the request, which that browser then takes (`Approved`).
    pub async fn confirm_email_sign_in(
        &self,
        token: &str,
        browser_secret: Option<&str>,
        from: &Requester<'_>,
    ) -> Result<Confirmed, AuthError> {
        self.email_sign_in_or_refuse()?;
        let row = self.linked(token).await?;
        if is_asker(&row, browser_secret) {
            return Ok(Confirmed::SignedIn(self.finish_email_sign_in(&row, false, from).await?));
        }
        if store::email_sign_ins::approve(&self.db, row.id, unix_now()).await.map_err(store_failed)? {
            self.record(row.user_id, Event::EmailSignInApproved, from).await;
            tracing::info!(event = "email_sign_in_approved", user_id = row.user_id, "approved from another device");
        }
        Ok(Confirmed::Approved)
    }

    /// The asking browser's wait: whether its request was approved elsewhere.
    pub async fn email_sign_in_wait(&self, browser_secret: Option<&str>) -> Result<EmailSignInWait, AuthError> {
        self.email_sign_in_or_refuse()?;
        Ok(match self.asked_by(browser_secret).await {
            Ok(row) if row.approved_at.is_some() => EmailSignInWait::Approved,
            Ok(_) => EmailSignInWait::Waiting,
            Err(AuthError::InvalidChallenge) => EmailSignInWait::Ended,
            Err(error) => return Err(error),
        })
    }

    /// The asking browser takes its approved request and signs in. `Ok(None)` while no other
    /// device has approved it yet.
    pub async fn continue_email_sign_in(
        &self,
        browser_secret: Option<&str>,
        from: &Requester<'_>,
    ) -> Result<Option<LoginOutcome>, AuthError> {
        self.email_sign_in_or_refuse()?;
        let row = self.asked_by(browser_secret).await?;
        if row.approved_at.is_none() {
            return Ok(None);
        }
        self.finish_email_sign_in(&row, true, from).await.map(Some)
    }

    /// The live request a link names, or `InvalidToken`.
    async fn linked(&self, token: &str) -> Result<SignInRow, AuthError> {
        let link = digest_presented(token).ok_or(AuthError::InvalidToken)?;
        store::email_sign_ins::by_link(&self.db, &link, unix_now())
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::InvalidToken)
    }

    /// Takes the request (once: a second use finds nothing) and goes on as a right password
    /// does: a session, or the second step.
    async fn finish_email_sign_in(
        &self,
        row: &SignInRow,
        approved_only: bool,
        from: &Requester<'_>,
    ) -> Result<LoginOutcome, AuthError> {
        let user = self.fresh_user(row.user_id).await?.ok_or(AuthError::InvalidChallenge)?;
        if user.disabled_at.is_some() {
            return Err(AuthError::AccountDisabled);
        }
        if !store::email_sign_ins::take(&self.db, row.id, approved_only, unix_now()).await.map_err(store_failed)? {
            return Err(AuthError::InvalidChallenge);
        }
        tracing::info!(event = "email_sign_in_used", user_id = user.id, "signed in by email");
        self.after_password(&user, from).await
    }
}

/// What the link page's button did.
pub enum Confirmed {
    /// This browser asked: it is signed in (or at the second step).
    SignedIn(LoginOutcome),
    /// Another device approved the request; the browser that asked signs in.
    Approved,
}

/// Whether the browser presenting `browser_secret` is the one that asked for `row`.
fn is_asker(row: &SignInRow, browser_secret: Option<&str>) -> bool {
    browser_secret
        .and_then(digest_presented)
        .is_some_and(|browser| crate::auth::server::email::link_tokens::same_hash(&row.browser_hash, &browser))
}
