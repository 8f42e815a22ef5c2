//! What the administrators' rules answer, for the console's pages and the JSON API alike.
//! Never a secret: whether a factor is on, not the factor.

use serde::{Deserialize, Serialize};

use crate::auth::{
    account::{EventView, PasskeyView, SessionView},
    server::store::{audit::AuditRow, people::PersonRow},
};

/// One account as an administrator sees it in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonSummary {
    /// The account's id.
    pub id: i64,
    /// Its address.
    pub email: String,
    /// Its name.
    pub username: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// Whether the address is proven.
    pub email_verified: bool,
    /// When an administrator disabled it; absent while it is enabled.
    pub disabled_at: Option<i64>,
    /// When it last signed in.
    pub last_sign_in_at: Option<i64>,
    /// Its roles, sorted.
    pub roles: Vec<String>,
    /// Whether an authenticator app is on.
    pub authenticator: bool,
    /// How many passkeys it has.
    pub passkeys: i64,
}

impl From<PersonRow> for PersonSummary {
    fn from(row: PersonRow) -> Self {
        let roles = row.role_list();
        Self {
            id: row.id,
            email: row.email,
            username: row.username,
            created_at: row.created_at,
            email_verified: row.email_verified_at.is_some(),
            disabled_at: row.disabled_at,
            last_sign_in_at: row.last_sign_in_at,
            roles,
            authenticator: row.authenticator > 0,
            passkeys: row.passkeys,
        }
    }
}

impl PersonSummary {
    /// Whether it has a second factor of either kind.
    pub fn second_factor(&self) -> bool {
        self.authenticator || self.passkeys > 0
    }
}

/// One page of a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PeoplePage {
    /// The accounts, in the search's order.
    pub people: Vec<PersonSummary>,
    /// Give it as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// One account in full, as its administrator page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PersonDetails {
    /// The account and its state.
    pub person: PersonSummary,
    /// The language its pages and mail are in.
    pub language: String,
    /// Its live sessions, newest first (`current` is always false here).
    pub sessions: Vec<SessionView>,
    /// Its passkeys' names and dates (never the keys).
    pub passkeys: Vec<PasskeyView>,
    /// Its identities at other providers (never a token).
    #[serde(default)]
    pub identities: Vec<crate::auth::account::IdentityView>,
    /// Its newest security events.
    pub events: Vec<EventView>,
}

/// One row of the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// The row's id: `before` for the next page.
    pub id: i64,
    /// Unix seconds, UTC.
    pub at: i64,
    /// The administrator.
    pub admin_id: i64,
    /// Their address then.
    pub admin_email: String,
    /// The person acted on.
    pub subject_id: Option<i64>,
    /// Their address then.
    pub subject_email: Option<String>,
    /// What was done: one of `actions::AdminAction`'s names.
    pub action: String,
    /// With what (a role; the reason of a look).
    pub detail: Option<String>,
    /// From where.
    pub ip: Option<String>,
    /// With which browser.
    pub user_agent: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            id: row.id,
            at: row.at,
            admin_id: row.admin_id,
            admin_email: row.admin_email,
            subject_id: row.subject_id,
            subject_email: row.subject_email,
            action: row.action,
            detail: row.detail,
            ip: row.ip,
            user_agent: row.user_agent,
        }
    }
}

/// One page of the audit, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditPage {
    /// The rows.
    pub entries: Vec<AuditEntry>,
    /// Give it as `before` for the next page; absent on the last.
    pub next: Option<i64>,
}

/// One day of activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DayCounts {
    /// The day's start, Unix seconds, UTC.
    pub day: i64,
    /// Accounts created.
    pub signups: i64,
    /// Sessions opened.
    pub logins: i64,
    /// Wrong passwords.
    pub failed: i64,
}
