//! What an administrator may see and do, and the gate in front of it all. The rules are the
//! same for every door (the console's pages, the JSON API under `/auth/admin/`):
//!
//! - only an account holding the `admin` role passes, and only with a second factor enrolled
//!   (an authenticator app or a passkey): a stolen password alone never reaches the console;
//! - anything that changes an account needs the administrator's own proof within the sudo
//!   window (`sessions::sudo::SUDO_WINDOW`, 10 minutes), read from the database at each call;
//! - every change writes, in its own transaction, the event in the person's history, the
//!   mail that tells them, and the audit row; opening a person's page writes an audit row.
//!
//! `views` holds what the rules answer; `people` the reads; `actions` the changes.

pub mod actions;
mod audit_action;
pub mod people;
pub mod view_as;
pub mod views;

use crate::auth::{
    error::AuthError,
    server::{
        failures::store_failed,
        service::{AuthService, AuthUser},
        store::{self, factors},
    },
};

pub use crate::auth::server::store::roles::ADMIN;

/// A caller the gate let through: an administrator with a second factor, for reading; with a
/// recent proof too when `may_change`.
pub struct Admin {
    /// The administrator's own session.
    pub caller: AuthUser,
    /// Whether the sudo window is open: changes need it.
    pub may_change: bool,
}

/// What the gate asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Seeing the console.
    Read,
    /// Changing an account.
    Change,
}

impl AuthService {
    /// The roles this site knows: `admin` and the application's own
    /// (`AccountHooks::roles`), each once.
    pub fn known_roles(&self) -> Vec<&'static str> {
        let mut roles = vec![ADMIN];
        for role in self.hooks.roles() {
            if !roles.contains(role) {
                roles.push(role);
            }
        }
        roles
    }

    /// Lets `caller` through as an administrator, or says why not: `Forbidden` without the
    /// role, `AdminSecondFactorRequired` without a second factor, `ReauthenticationRequired`
    /// for a change outside the sudo window.
    pub async fn admin_gate(&self, caller: AuthUser, need: Need) -> Result<Admin, AuthError> {
        if !caller.user.has_role(ADMIN) {
            tracing::info!(event = "admin_refused", user_id = caller.user.id, "not an administrator");
            return Err(AuthError::Forbidden);
        }
        let user_id = caller.user.id;
        let authenticator = factors::has_second_factor(&self.db, user_id).await.map_err(store_failed)?;
        let passkeys = match authenticator {
            true => false,
            false => !store::passkeys::passkeys_of(&self.db, user_id).await.map_err(store_failed)?.is_empty(),
        };
        if !authenticator && !passkeys {
            return Err(AuthError::AdminSecondFactorRequired);
        }
        let may_change = self.recently_authenticated(&caller).await?;
        if need == Need::Change && !may_change {
            return Err(AuthError::ReauthenticationRequired);
        }
        Ok(Admin { caller, may_change })
    }
}
