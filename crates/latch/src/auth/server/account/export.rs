//! Taking one's data: everything Latch holds about the account but the password hash, as one
//! JSON document. The history is the long part (90 days of it; an attacked account's
//! 100,000 failed logins make 12 MB), so it is read and written a page at a time: the
//! download's memory is one page, whatever the account's history.

use futures::Stream;

use crate::auth::server::{
    clock::unix_now,
    failures::store_failed,
    service::{AuthService, AuthUser},
    store::{self, Db, StoreError},
};
use crate::auth::{
    account::{AccountExport, EventView, NoticeSettings, PendingEmailChange, SecondFactorExport},
    error::AuthError,
    UserProfile,
};

/// Events read and written at a time: about 300 KB of JSON.
pub const EXPORT_PAGE: u32 = 1_000;

/// An export under way: all but the history, read at once, and the history still to read.
pub struct ExportDownload {
    /// Everything but the history (`events` is empty here).
    pub head: AccountExport,
    /// The history, newest first, a page at a time.
    pub events: EventPages,
}

/// An account's history read page by page, newest first, each page found by the account's
/// index from where the last one stopped (a keyset: a deep page costs what the first does).
pub struct EventPages {
    db: Db,
    user_id: i64,
    before: Option<i64>,
    done: bool,
}

impl EventPages {
    /// The next page, or `None` once the oldest event was read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<EventView>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let page = store::events::list_events(&self.db, self.user_id, self.before, EXPORT_PAGE).await?;
        self.done = page.len() < EXPORT_PAGE as usize;
        self.before = page.last().map(|event| event.id);
        Ok((!page.is_empty()).then_some(page))
    }
}

impl AuthService {
    /// Everything Latch holds about the caller, but the password hash: see [`ExportDownload`].
    pub async fn export(&self, caller: &AuthUser) -> Result<ExportDownload, AuthError> {
        let sessions = self.list_sessions(caller).await?;
        let user = store::find_user_by_id(&self.db, caller.user.id)
            .await
            .map_err(store_failed)?
            .ok_or(AuthError::Unauthenticated)?;
        let factors = self.factor_status(caller).await?;
        let passkeys = self.list_passkeys(caller).await?;
        let identities = self.identities(user.id).await?;
        let now = unix_now();
        let pending = store::email::pending_email_change(&self.db, user.id, now).await.map_err(store_failed)?;
        let application = self.hooks.export(&self.db, user.id).await.map_err(|error| store_failed(error.into()))?;
        let head = AccountExport {
            exported_at: now,
            profile: UserProfile::from(&user),
            email_verified: user.email_verified_at.is_some(),
            language: user.language.tag().to_owned(),
            second_factor: SecondFactorExport {
                totp_enabled: factors.totp_enabled,
                recovery_codes_left: factors.recovery_codes_left,
            },
            passkeys,
            identities,
            pending_email_change: pending.map(|(new_email, expires_at)| PendingEmailChange { new_email, expires_at }),
            notices: NoticeSettings { new_device: user.notify_new_device },
            known_devices: store::devices::known_devices(&self.db, user.id).await.map_err(store_failed)?,
            password_breached: user.password_breached_at.is_some(),
            sessions,
            events: Vec::new(),
            application,
        };
        let events = EventPages { db: self.db.clone(), user_id: user.id, before: None, done: false };
        Ok(ExportDownload { head, events })
    }
}

/// Why a download stopped part way: the client sees the connection end before the document
/// does (a cut JSON document, never a wrong one).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A page of history could not be read.
    #[error("cannot read the history: {0}")]
    Store(#[from] StoreError),
    /// A part could not be written as JSON.
    #[error("cannot write the export: {0}")]
    Json(#[from] serde_json::Error),
}

/// Where the history goes in the head's JSON. Only a key can hold these characters unescaped
/// (a string's quotes are escaped), and every object before `events` is Latch's own, with no
/// key of that name: the first match is the export's own field.
const EVENTS_SLOT: &str = "\"events\":[]";

impl ExportDownload {
    /// The document as it is written: the head up to the history, each page of events, then
    /// the rest of the head. The same JSON `serde_json::to_string` of the whole would give.
    pub fn into_json(self) -> Result<impl Stream<Item = Result<String, ExportError>> + Send, ExportError> {
        let head = serde_json::to_string(&self.head)?;
        let (start, end) = head.split_once(EVENTS_SLOT).unwrap_or((&head, ""));
        let opening = format!("{start}\"events\":[");
        let rest = Rest { pages: self.events, closing: format!("]{end}"), first: true };
        Ok(futures::stream::unfold(Part::Opening(opening, rest), |part| async move {
            match part {
                Part::Opening(opening, rest) => Some((Ok(opening), Part::Pages(rest))),
                Part::Pages(mut rest) => match rest.pages.next_page().await {
                    Ok(Some(page)) => match rest.write(&page) {
                        Ok(text) => Some((Ok(text), Part::Pages(rest))),
                        Err(error) => Some((Err(error.into()), Part::Finished)),
                    },
                    Ok(None) => Some((Ok(std::mem::take(&mut rest.closing)), Part::Finished)),
                    Err(error) => Some((Err(error.into()), Part::Finished)),
                },
                Part::Finished => None,
            }
        }))
    }
}

/// Where the document is: its opening to write, pages to write, or written.
enum Part {
    Opening(String, Rest),
    Pages(Rest),
    Finished,
}

/// What is left to write once the opening is out.
struct Rest {
    pages: EventPages,
    closing: String,
    /// Whether no event was written yet (no comma before the next).
    first: bool,
}

impl Rest {
    /// One page of events as array elements, each after a comma but the very first.
    fn write(&mut self, page: &[EventView]) -> Result<String, serde_json::Error> {
        let mut text = Vec::with_capacity(page.len() * 320);
        for event in page {
            if !std::mem::take(&mut self.first) {
                text.push(b',');
            }
            serde_json::to_writer(&mut text, event)?;
        }
        Ok(String::from_utf8(text).unwrap_or_default())
    }
}
