//! What the administrators' routes take and answer beyond the rules' own views: the search's
//! and the audit's queries, a role to grant, and whether an action changed anything.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::server::store::people::SearchBy;

/// `?q=&by=&after=&limit=` of the search.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// The text to match: a prefix of the address or the name, or an id. Empty: everyone.
    #[serde(default)]
    pub q: String,
    /// `email` (the default), `username` or `id`.
    #[serde(default)]
    pub by: By,
    /// The previous page's `next`.
    pub after: Option<String>,
    /// How many, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// What the search matches.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// A prefix of the address.
    #[default]
    Email,
    /// A prefix of the name, in any case.
    Username,
    /// The id.
    Id,
}

impl From<By> for SearchBy {
    fn from(by: By) -> Self {
        match by {
            By::Email => SearchBy::Email,
            By::Username => SearchBy::Username,
            By::Id => SearchBy::Id,
        }
    }
}

/// `?admin=&person=&before=&limit=` of the audit.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this administrator's actions.
    pub admin: Option<i64>,
    /// Only actions on this person.
    pub person: Option<i64>,
    /// The previous page's `next`.
    pub before: Option<i64>,
    /// How many, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A role to grant.
#[derive(Deserialize, ToSchema)]
pub struct RoleRequest {
    /// One of the site's roles: `admin`, or one the application declares.
    #[schema(example = "admin", max_length = 32)]
    pub role: String,
}

impl crate::api::json::StringFields for RoleRequest {
    const FIELDS: &'static [&'static str] = &["role"];
}

/// Whether an action changed anything (`false`: it was so already; nothing was recorded or
/// mailed).
#[derive(Serialize, ToSchema)]
pub struct ChangedResponse {
    /// `false`: it was so already.
    pub changed: bool,
}
