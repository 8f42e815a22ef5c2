//! What a proven identity may do to accounts. Each rule is written against a known takeover:
//!
//! - **An identity already linked** signs in to its account, whatever its address says now.
//! - **A new identity whose verified address matches no account** creates one: no password,
//!   its address proven by the provider. Unverified: nothing is created (the address could be
//!   anyone's, and the real owner's later signup would find it taken).
//! - **Its address is an account's proven address**: linked only if the provider says it
//!   verified the address (else a provider's unverified claim would open someone's account);
//!   otherwise the person is asked to sign in and link it from their account page.
//! - **Its address is an account's never-proven address** (the pre-hijacking setup: an
//!   attacker registers the victim's address first and waits): never linked into that
//!   account as it is. If the provider verified the address, its person is the address's
//!   owner: the account's password, sessions, links, second factors, passkeys and other
//!   identities end, and the owner gets a clean account (`store::identities::claim_unproven`),
//!   which the history and a mail say. Unverified: nothing is linked.
//! - **Linking from the account page** (signed in, within the sudo window) links whatever the
//!   provider proves, unless that identity is another account's.
//! - **Unlinking** never removes the last way in (a password, a passkey or an identity).

use crate::auth::{
    account::IdentityView,
    error::AuthError,
    server::{
        account::event::Event,
        clock::unix_now,
        email::{messages, words::MailText},
        factors::second_step::LoginOutcome,
        failures::store_failed,
        service::{AuthService, AuthUser, Requester},
        store::{
            self,
            identities::{self as linked, AccountFromProvider, IdentityRow, LinkError, NewIdentity, Unlinked},
            StoreError, User,
        },
        throttle::Key,
    },
    signup_fields::SignupValues,
    validate::{Email, Username},
};
use crate::i18n::{fill, Lang};

use super::{id_token::ProvenClaims, ProviderError};

/// An identity a provider proved, about to meet the accounts.
#[derive(Clone, Debug)]
pub struct ProvenIdentity {
    /// The configured provider it came through.
    pub provider: String,
    /// The provider's issuer.
    pub issuer: String,
    /// What it proved.
    pub claims: ProvenClaims,
}

impl ProvenIdentity {
    fn row(&self) -> NewIdentity<'_> {
        NewIdentity {
            provider: &self.provider,
            issuer: &self.issuer,
            subject: &self.claims.subject,
            email: self.claims.email.as_deref().unwrap_or_default(),
        }
    }
}

/// What a mail about an identity says.
enum Notice {
    Linked,
    Unlinked,
    Welcome,
    Claimed,
}

impl AuthService {
    /// Signs in with a proven identity, by the rules above. A race lost to another first
    /// sign-in of the same identity (or the same address) is decided by the UNIQUE indexes and
    /// the rules run again once, on what the winner wrote.
    pub(super) async fn sign_in_with(
        &self,
        identity: &ProvenIdentity,
        language: Lang,
        from: &Requester<'_>,
    ) -> Result<LoginOutcome, ProviderError> {
        for _ in 0..2 {
            if let Some(outcome) = self.sign_in_once(identity, language, from).await? {
                return Ok(outcome);
            }
        }
        tracing::error!(provider = identity.provider, "a provider sign-in kept racing");
        Err(AuthError::Internal.into())
    }

    /// One pass of the rules; `None` when a concurrent change means they must run again.
    async fn sign_in_once(
        &self,
        identity: &ProvenIdentity,
        language: Lang,
        from: &Requester<'_>,
    ) -> Result<Option<LoginOutcome>, ProviderError> {
        let now = unix_now();
        let claims = &identity.claims;
        if let Some(row) =
            linked::find_identity(&self.db, &identity.issuer, &claims.subject).await.map_err(store_failed)?
        {
            linked::mark_used(&self.db, row.id, now).await.map_err(store_failed)?;
            let user = store::find_user_by_id(&self.db, row.user_id)
                .await
                .map_err(store_failed)?
                .ok_or(AuthError::Internal)?;
            return Ok(Some(self.after_password(&user, from).await?));
        }
        let email =
            claims.email.as_deref().and_then(|email| Email::parse(email).ok()).ok_or(ProviderError::NoVerifiedEmail)?;
        let existing = store::find_user_by_email(&self.db, email.as_str()).await.map_err(store_failed)?;
        let Some(user) = existing else {
            if !claims.email_verified {
                return Err(ProviderError::NoVerifiedEmail);
            }
            return self.create_from_provider(identity, &email, language, from).await;
        };
        if !claims.email_verified {
            tracing::info!(
                event = "provider_link_refused",
                user_id = user.id,
                provider = identity.provider,
                "address not verified by the provider"
            );
            return Err(ProviderError::AccountExists);
        }
        if user.disabled_at.is_some() {
            return Err(AuthError::AccountDisabled.into());
        }
        let label = self.providers.label_of(&identity.provider);
        if user.email_verified_at.is_some() {
            let notice = self.identity_notice(&user, Notice::Linked, &label);
            match linked::link(&self.db, user.id, &identity.row(), &notice, now).await {
                Ok(()) => {}
                Err(LinkError::Taken) => return Ok(None),
                Err(LinkError::Store(error)) => return Err(store_failed(error).into()),
            }
            self.mailing.wake_sender();
            self.record_detailed(user.id, Event::IdentityLinked, Some(&label), from).await;
            tracing::info!(
                event = "identity_linked",
                user_id = user.id,
                provider = identity.provider,
                "linked at sign-in"
            );
            return Ok(Some(self.after_password(&user, from).await?));
        }
        let notice = self.identity_notice(&user, Notice::Claimed, &label);
        let ended = match linked::claim_unproven(&self.db, user.id, email.as_str(), &identity.row(), &notice, now).await
        {
            Ok(Some(ended)) => ended,
            Ok(None) | Err(LinkError::Taken) => return Ok(None),
            Err(LinkError::Store(error)) => return Err(store_failed(error).into()),
        };
        self.sessions_ended(&ended).await;
        self.mailing.wake_sender();
        self.record_detailed(user.id, Event::AccountClaimed, Some(&label), from).await;
        tracing::warn!(
            event = "account_claimed",
            user_id = user.id,
            provider = identity.provider,
            "never-proven account given to the address's owner"
        );
        let user = store::find_user_by_id(&self.db, user.id).await.map_err(store_failed)?.ok_or(AuthError::Internal)?;
        Ok(Some(self.after_password(&user, from).await?))
    }

    /// A new account for a new identity with a verified address; throttled as signups are.
    async fn create_from_provider(
        &self,
        identity: &ProvenIdentity,
        email: &Email,
        language: Lang,
        from: &Requester<'_>,
    ) -> Result<Option<LoginOutcome>, ProviderError> {
        let fields = SignupValues::from_submitted(self.hooks.signup_fields(), Default::default())
            .ok()
            .filter(|values| self.hooks.check_signup(values).is_empty())
            .ok_or(ProviderError::SignupNeedsDetails)?;
        let signups = [Key::SignupsFromAddress(from.address.into())];
        self.throttle
            .reserve(&signups)
            .await
            .map_err(|refused| crate::auth::server::failures::throttle_refused("signup", refused))?;
        let username = username_for(&identity.claims, email);
        let label = self.providers.label_of(&identity.provider);
        let now = unix_now();
        let notice = identity_notice(language, email.as_str(), username.as_str(), Notice::Welcome, &label);
        let account = AccountFromProvider {
            email: email.as_str(),
            username: username.as_str(),
            created_at: now,
            fields: &fields,
            language,
        };
        let user =
            match linked::insert_user_with_identity(&self.db, &account, &identity.row(), &notice, &*self.hooks).await {
                Ok(user) => user,
                Err(LinkError::Taken | LinkError::Store(StoreError::EmailTaken)) => {
                    self.throttle.refund(&signups).await;
                    return Ok(None);
                }
                Err(LinkError::Store(error)) => {
                    self.throttle.refund(&signups).await;
                    return Err(store_failed(error).into());
                }
            };
        self.mailing.wake_sender();
        self.record_detailed(user.id, Event::Signup, Some(&label), from).await;
        metrics::counter!("latch_signups_total").increment(1);
        tracing::info!(
            event = "signup",
            user_id = user.id,
            provider = identity.provider,
            "account created by a provider"
        );
        Ok(Some(LoginOutcome::Session(self.start_session(&user, from).await?)))
    }

    /// Links `identity` to account `user_id`, which a signed-in person started from their
    /// account page.
    pub(super) async fn link_identity(
        &self,
        user_id: i64,
        identity: &ProvenIdentity,
        from: &Requester<'_>,
    ) -> Result<(), ProviderError> {
        let user =
            store::find_user_by_id(&self.db, user_id).await.map_err(store_failed)?.ok_or(AuthError::Unauthenticated)?;
        if let Some(row) =
            linked::find_identity(&self.db, &identity.issuer, &identity.claims.subject).await.map_err(store_failed)?
        {
            return match row.user_id == user_id {
                true => Ok(()),
                false => Err(ProviderError::LinkedElsewhere),
            };
        }
        let label = self.providers.label_of(&identity.provider);
        let notice = self.identity_notice(&user, Notice::Linked, &label);
        match linked::link(&self.db, user_id, &identity.row(), &notice, unix_now()).await {
            Ok(()) => {}
            Err(LinkError::Taken) => return Err(ProviderError::LinkedElsewhere),
            Err(LinkError::Store(error)) => return Err(store_failed(error).into()),
        }
        self.mailing.wake_sender();
        self.record_detailed(user_id, Event::IdentityLinked, Some(&label), from).await;
        tracing::info!(
            event = "identity_linked",
            user_id,
            provider = identity.provider,
            "linked from the account page"
        );
        Ok(())
    }

    /// The account's linked identities, oldest first, as its owner sees them.
    pub async fn identities(&self, user_id: i64) -> Result<Vec<IdentityView>, AuthError> {
        let rows = linked::identities_of(&self.db, user_id).await.map_err(store_failed)?;
        Ok(rows.into_iter().map(|row| self.identity_view(row)).collect())
    }

    fn identity_view(&self, row: IdentityRow) -> IdentityView {
        IdentityView {
            id: row.id,
            label: self.providers.label_of(&row.provider),
            provider: row.provider,
            email: row.email,
            linked_at: row.linked_at,
            last_used_at: row.last_used_at,
        }
    }

    /// Unlinks the caller's identity `id` (after a recent proof, like every dangerous action),
    /// unless it is the account's last way in.
    pub async fn unlink_identity(&self, caller: &AuthUser, id: i64, from: &Requester<'_>) -> Result<(), AuthError> {
        if !self.recently_authenticated(caller).await? {
            return Err(AuthError::ReauthenticationRequired);
        }
        let user = &caller.user;
        let rows = linked::identities_of(&self.db, user.id).await.map_err(store_failed)?;
        let row = rows.iter().find(|row| row.id == id).ok_or(AuthError::NotFound)?;
        let label = self.providers.label_of(&row.provider);
        let notice = self.identity_notice(user, Notice::Unlinked, &label);
        match linked::unlink(&self.db, user.id, id, &notice, unix_now(), self.email_sign_in)
            .await
            .map_err(store_failed)?
        {
            Unlinked::Done(_) => {}
            Unlinked::NotFound => return Err(AuthError::NotFound),
            Unlinked::LastWayIn => return Err(AuthError::LastWayIn),
        }
        self.mailing.wake_sender();
        self.record_detailed(user.id, Event::IdentityUnlinked, Some(&label), from).await;
        tracing::info!(event = "identity_unlinked", user_id = user.id, provider = row.provider, "unlinked");
        Ok(())
    }

    fn identity_notice(&self, user: &User, notice: Notice, label: &str) -> store::outbox::Mail {
        identity_notice(user.language, &user.email, &user.username, notice, label)
    }
}

/// The mail about an identity, in `lang`, to `to`.
fn identity_notice(lang: Lang, to: &str, username: &str, notice: Notice, label: &str) -> store::outbox::Mail {
    let with = |text: MailText| fill(text.text_in(lang), &[("provider", &label)]);
    let (kind, subject, first, second) = match notice {
        Notice::Linked => {
            ("identity_linked", MailText::identity_subject, MailText::identity_linked, MailText::identity_not_you)
        }
        Notice::Unlinked => {
            ("identity_unlinked", MailText::identity_subject, MailText::identity_unlinked, MailText::identity_not_you)
        }
        Notice::Welcome => {
            ("welcome", MailText::welcome_subject, MailText::welcome_lead, MailText::welcome_no_password)
        }
        Notice::Claimed => {
            ("account_claimed", MailText::claimed_subject, MailText::claimed_lead, MailText::claimed_removed)
        }
    };
    let (first, second) = (with(first), with(second));
    messages::notice(lang, to, username, kind, subject, &[&first, &second])
}

/// A name to show for a new account: the provider's, else the address's local part.
fn username_for(claims: &ProvenClaims, email: &Email) -> Username {
    claims
        .name
        .as_deref()
        .and_then(|name| Username::parse(name.trim()).ok())
        .or_else(|| Username::parse(email.local_part()).ok())
        .unwrap_or_else(|| Username::parse("member").expect("a plain name"))
}
