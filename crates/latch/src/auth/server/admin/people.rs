//! What an administrator reads: the search, one person in full (which the audit records),
//! the audit itself, and the activity of the last 30 days.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use super::{
    actions::AdminAction,
    views::{AuditEntry, AuditPage, DayCounts, PeoplePage, PersonDetails, PersonSummary},
    Admin,
};
use crate::auth::{
    error::AuthError,
    server::{
        clock::unix_now,
        failures::store_failed,
        service::{AuthService, Requester},
        store::{
            self,
            admin::{AdminChange, Notices},
            audit::{AuditFilter, NewAudit},
            events,
            people::{After, SearchBy},
        },
    },
};

/// The most rows one page of the search or the audit holds.
pub const MAX_PAGE: u32 = 100;
/// How many days the activity chart covers.
pub const ACTIVITY_DAYS: i64 = 30;
/// The events one person's page shows.
const EVENTS_SHOWN: u32 = 20;

impl AuthService {
    /// Up to `limit` accounts `text` matches `by`, after the cursor `after` (a page's `next`).
    /// A malformed cursor is `BadRequest`.
    pub async fn search_people(
        &self,
        _admin: &Admin,
        by: SearchBy,
        text: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<PeoplePage, AuthError> {
        let after = after.filter(|cursor| !cursor.is_empty()).map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, MAX_PAGE);
        let rows =
            store::people::search_people(&self.db, by, text, after.as_ref(), limit).await.map_err(store_failed)?;
        let next = match rows.last() {
            Some(last) if rows.len() == limit as usize => Some(encode_cursor(&match by {
                SearchBy::Username => After { key: last.username.to_ascii_lowercase(), id: last.id },
                _ => After { key: last.email.clone(), id: last.id },
            })),
            _ => None,
        };
        Ok(PeoplePage { people: rows.into_iter().map(PersonSummary::from).collect(), next })
    }

    /// Account `user_id` in full: profile, state, sessions, passkeys' names, newest events.
    /// The look is recorded in the audit before anything is answered.
    pub async fn person(&self, admin: &Admin, user_id: i64, from: &Requester<'_>) -> Result<PersonDetails, AuthError> {
        let user = store::find_user_by_id(&self.db, user_id).await.map_err(store_failed)?.ok_or(AuthError::NotFound)?;
        let row =
            store::people::find_person(&self.db, user_id).await.map_err(store_failed)?.ok_or(AuthError::NotFound)?;
        let (ip, audit_at) = (from.address.to_string(), unix_now());
        let audit = NewAudit {
            admin_id: admin.caller.user.id,
            admin_email: &admin.caller.user.email,
            subject_id: Some(user.id),
            subject_email: Some(&user.email),
            action: AdminAction::Viewed.name(),
            detail: None,
            at: audit_at,
            ip: Some(&ip),
            user_agent: from.user_agent,
        };
        let notices = Notices { user_id, event: None, event_detail: None, mail: None, audit: &audit };
        store::admin::apply(&self.db, &AdminChange::Look, &notices).await.map_err(store_failed)?;
        let sessions = self.sessions_of(user_id, None).await?;
        let passkeys = store::passkeys::passkeys_of(&self.db, user_id)
            .await
            .map_err(store_failed)?
            .iter()
            .map(crate::auth::server::factors::passkeys::view_of)
            .collect();
        let events = events::list_events(&self.db, user_id, None, EVENTS_SHOWN).await.map_err(store_failed)?;
        let identities = self.identities(user_id).await?;
        let language = user.language.tag().to_owned();
        Ok(PersonDetails { person: row.into(), language, sessions, passkeys, identities, events })
    }

    /// The newest audit rows, filtered by administrator and by person, older than `before`.
    pub async fn audit(&self, _admin: &Admin, filter: AuditFilter, limit: u32) -> Result<AuditPage, AuthError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let rows = store::audit::list_audit(&self.db, filter, limit).await.map_err(store_failed)?;
        let next = match rows.last() {
            Some(last) if rows.len() == limit as usize => Some(last.id),
            _ => None,
        };
        Ok(AuditPage { entries: rows.into_iter().map(AuditEntry::from).collect(), next })
    }

    /// Sign-ups, sign-ins and failed sign-ins for each of the last [`ACTIVITY_DAYS`] days
    /// (UTC), oldest first, today last; days with nothing are zeros.
    pub async fn activity_by_day(&self, _admin: &Admin) -> Result<Vec<DayCounts>, AuthError> {
        let today = unix_now() / 86_400 * 86_400;
        let since = today - (ACTIVITY_DAYS - 1) * 86_400;
        let mut days: Vec<DayCounts> = (0..ACTIVITY_DAYS)
            .map(|index| DayCounts { day: since + index * 86_400, signups: 0, logins: 0, failed: 0 })
            .collect();
        for (index, signups, logins, failed) in
            store::people::daily_activity(&self.db, since).await.map_err(store_failed)?
        {
            if let Some(day) = usize::try_from(index).ok().and_then(|index| days.get_mut(index)) {
                *day = DayCounts { day: day.day, signups, logins, failed };
            }
        }
        Ok(days)
    }
}

/// A page's end as text: the key and the id, base64url, so that it travels in a URL as is.
fn encode_cursor(after: &After) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}\n{}", after.id, after.key))
}

fn decode_cursor(cursor: &str) -> Result<After, AuthError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| AuthError::BadRequest)?;
    let text = String::from_utf8(bytes).map_err(|_| AuthError::BadRequest)?;
    let (id, key) = text.split_once('\n').ok_or(AuthError::BadRequest)?;
    Ok(After { key: key.to_owned(), id: id.parse().map_err(|_| AuthError::BadRequest)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written_and_a_forged_one_is_a_bad_request() {
        let after = After { key: "ada@example.com".into(), id: 42 };
        assert_eq!(decode_cursor(&encode_cursor(&after)).unwrap(), after);
        for forged in ["%%%", "bm9uZXdsaW5l", &URL_SAFE_NO_PAD.encode("x\nkey")] {
            assert_eq!(decode_cursor(forged), Err(AuthError::BadRequest), "{forged}");
        }
    }
}
