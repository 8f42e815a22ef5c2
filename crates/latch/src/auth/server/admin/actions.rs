//! What an administrator changes on someone's account. Each change is one transaction with
//! the event in the person's history, the mail that tells them and the audit row
//! (`store::admin`); the sessions it ends leave every instance's cache at once.

pub use super::audit_action::AdminAction;
use super::Admin;
use crate::auth::{
    error::AuthError,
    server::{
        account::event::Event,
        clock::unix_now,
        email::{
            link_tokens::{OneTimeToken, Purpose},
            messages::{self, AdminNotice},
            RESET_PASSWORD_PATH, VERIFY_EMAIL_PATH,
        },
        failures::store_failed,
        service::{AuthService, Requester},
        store::{
            self,
            admin::{AdminChange, Applied, Notices},
            audit::NewAudit,
            email::NewToken,
            outbox::Mail,
            users::Farewell,
            User,
        },
    },
};

/// What an administrator asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act<'a> {
    /// Disable the account: every session ends, every door refuses it.
    Disable,
    /// Enable it again.
    Enable,
    /// End every session.
    SignOut,
    /// Mail a new link that proves the address.
    ResendVerification,
    /// Mail a password reset link.
    SendReset,
    /// Remove the authenticator app (a person who lost their phone); every session ends.
    RemoveAuthenticator,
    /// Remove every passkey; every session ends.
    RemovePasskeys,
    /// Grant a role the site knows.
    GrantRole(&'a str),
    /// Revoke a role.
    RevokeRole(&'a str),
    /// Delete the account and everything it holds.
    Delete,
}

/// Whether a change was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Made, recorded and mailed.
    Changed,
    /// There was nothing to change (already so): nothing recorded or mailed.
    Unchanged,
}

impl<'a> Act<'a> {
    /// The audit's name, the person's event, and what they are mailed (links are their own
    /// mail, written by [`AuthService::admin_act`]).
    fn parts(self) -> (AdminAction, Option<Event>, Option<AdminNotice<'a>>) {
        match self {
            Self::Disable => (AdminAction::Disabled, Some(Event::AdminDisabled), Some(AdminNotice::Disabled)),
            Self::Enable => (AdminAction::Enabled, Some(Event::AdminEnabled), Some(AdminNotice::Enabled)),
            Self::SignOut => (AdminAction::SignedOut, Some(Event::AdminSignedOut), Some(AdminNotice::SignedOut)),
            Self::ResendVerification => (AdminAction::SentVerification, Some(Event::AdminSentVerification), None),
            Self::SendReset => (AdminAction::SentReset, Some(Event::AdminSentReset), None),
            Self::RemoveAuthenticator => (
                AdminAction::RemovedAuthenticator,
                Some(Event::AdminRemovedAuthenticator),
                Some(AdminNotice::RemovedAuthenticator),
            ),
            Self::RemovePasskeys => {
                (AdminAction::RemovedPasskeys, Some(Event::AdminRemovedPasskeys), Some(AdminNotice::RemovedPasskeys))
            }
            Self::GrantRole(role) => {
                (AdminAction::GrantedRole, Some(Event::AdminGrantedRole), Some(AdminNotice::GrantedRole(role)))
            }
            Self::RevokeRole(role) => {
                (AdminAction::RevokedRole, Some(Event::AdminRevokedRole), Some(AdminNotice::RevokedRole(role)))
            }
            Self::Delete => (AdminAction::Deleted, None, Some(AdminNotice::Deleted)),
        }
    }

    /// Whether an administrator may do this to their own account here. Disabling or deleting
    /// oneself, or removing one's own factors (which the console itself needs), goes through
    /// the account page or another administrator.
    fn allowed_on_oneself(self) -> bool {
        !matches!(self, Self::Disable | Self::Delete | Self::RemoveAuthenticator | Self::RemovePasskeys)
    }
}

impl AuthService {
    /// Makes `act` on account `user_id` for `admin`, whose sudo window must be open.
    pub async fn admin_act(
        &self,
        admin: &Admin,
        user_id: i64,
        act: Act<'_>,
        from: &Requester<'_>,
    ) -> Result<Outcome, AuthError> {
        if !admin.may_change {
            return Err(AuthError::ReauthenticationRequired);
        }
        let user = store::find_user_by_id(&self.db, user_id).await.map_err(store_failed)?.ok_or(AuthError::NotFound)?;
        if user.id == admin.caller.user.id && !act.allowed_on_oneself() {
            return Err(AuthError::OwnAccount);
        }
        if let Act::GrantRole(role) | Act::RevokeRole(role) = act {
            if !self.known_roles().contains(&role) {
                return Err(AuthError::UnknownRole);
            }
        }
        if matches!(act, Act::SendReset | Act::ResendVerification) && user.disabled_at.is_some() {
            return Err(AuthError::AccountDisabled);
        }
        let now = unix_now();
        let (action, event, notice) = act.parts();
        let ip = from.address.to_string();
        let detail = match act {
            Act::GrantRole(role) | Act::RevokeRole(role) => Some(role),
            _ => None,
        };
        let audit = NewAudit {
            admin_id: admin.caller.user.id,
            admin_email: &admin.caller.user.email,
            subject_id: Some(user.id),
            subject_email: Some(&user.email),
            action: action.name(),
            detail,
            at: now,
            ip: Some(&ip),
            user_agent: from.user_agent,
        };
        let notice_mail =
            notice.map(|notice| messages::administrator_acted(user.language, &user.email, &user.username, notice));
        if act == Act::Delete {
            let farewell =
                messages::administrator_acted(user.language, &user.email, &user.username, AdminNotice::Deleted);
            return self.admin_delete(&user, &farewell, &audit, now).await;
        }
        // A link is its own mail: the reset or verification message, in the person's language.
        let token = OneTimeToken::generate();
        let (link_mail, stored) = match act {
            Act::SendReset => {
                let link = self.mailing.link(RESET_PASSWORD_PATH, &token.secret);
                let mail = messages::reset_password(user.language, &user.email, &user.username, &link);
                (Some(mail), Some(NewToken::for_address(&token, Purpose::ResetPassword, &user.email, now)))
            }
            Act::ResendVerification if user.email_verified_at.is_none() => {
                let link = self.mailing.link(VERIFY_EMAIL_PATH, &token.secret);
                let mail = messages::verify_address(user.language, &user.email, &user.username, &link);
                (Some(mail), Some(NewToken::for_address(&token, Purpose::VerifyEmail, &user.email, now)))
            }
            Act::ResendVerification => return Ok(Outcome::Unchanged),
            _ => (None, None),
        };
        let change = match (act, stored.as_ref()) {
            (_, Some(stored)) => AdminChange::MailLink(stored),
            (Act::Disable, _) => AdminChange::Disable,
            (Act::Enable, _) => AdminChange::Enable,
            (Act::SignOut, _) => AdminChange::SignOutEverywhere,
            (Act::RemoveAuthenticator, _) => AdminChange::RemoveAuthenticator,
            (Act::RemovePasskeys, _) => AdminChange::RemovePasskeys,
            (Act::GrantRole(role), _) => AdminChange::GrantRole(role),
            (Act::RevokeRole(role), _) => AdminChange::RevokeRole(role),
            (Act::SendReset | Act::ResendVerification | Act::Delete, None) => unreachable!("handled above"),
        };
        let mail = link_mail.as_ref().or(notice_mail.as_ref());
        let notices =
            Notices { user_id: user.id, event: event.map(Event::name), event_detail: detail, mail, audit: &audit };
        match store::admin::apply(&self.db, &change, &notices).await.map_err(store_failed)? {
            Applied::Done { ended } => {
                self.sessions_ended(&ended).await;
                if matches!(act, Act::GrantRole(_) | Act::RevokeRole(_)) {
                    self.roles_changed(user.id).await?;
                }
                self.mailing.wake_sender();
                tracing::info!(
                    event = "admin_action",
                    action = action.name(),
                    admin_id = admin.caller.user.id,
                    user_id = user.id,
                    ended = ended.len(),
                    "administrator acted"
                );
                Ok(Outcome::Changed)
            }
            Applied::Unchanged => Ok(Outcome::Unchanged),
            Applied::LastAdministrator => Err(AuthError::LastAdministrator),
        }
    }

    async fn admin_delete(
        &self,
        user: &User,
        mail: &Mail,
        audit: &NewAudit<'_>,
        now: i64,
    ) -> Result<Outcome, AuthError> {
        let farewell = Farewell { mail, audit, now };
        let ended = store::users::delete_user(&self.db, user.id, &user.email, &*self.hooks, Some(farewell))
            .await
            .map_err(store_failed)?;
        self.sessions_ended(&ended).await;
        self.mailing.wake_sender();
        tracing::info!(
            event = "admin_action",
            action = "deleted",
            admin_id = audit.admin_id,
            user_id = user.id,
            "account deleted"
        );
        Ok(Outcome::Changed)
    }

    /// A role changed: the account's live sessions are read afresh from the database on
    /// every instance (the cache holds the roles with the session), so a revoked role stops
    /// opening doors at once.
    async fn roles_changed(&self, user_id: i64) -> Result<(), AuthError> {
        let live = store::list_live_sessions(&self.db, user_id, unix_now()).await.map_err(store_failed)?;
        let ids: Vec<String> = live.into_iter().map(|row| row.id).collect();
        self.sessions_ended(&ids).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::server::admin::ADMIN;

    #[test]
    fn every_action_has_its_own_audit_name() {
        let names: std::collections::HashSet<_> = AdminAction::ALL.iter().map(|action| action.name()).collect();
        assert_eq!(names.len(), AdminAction::ALL.len());
    }

    #[test]
    fn an_administrator_cannot_lock_themselves_out_from_the_console() {
        for act in [Act::Disable, Act::Delete, Act::RemoveAuthenticator, Act::RemovePasskeys] {
            assert!(!act.allowed_on_oneself(), "{act:?}");
        }
        assert!(Act::RevokeRole(ADMIN).allowed_on_oneself(), "stepping down is allowed while others remain");
    }
}
