//! Recording an account's security events. The rules call `record` beside each change they
//! make; a failed write is logged and never hides the outcome of the action itself.

use crate::auth::server::{
    account::event::Event,
    clock::unix_now,
    service::{AuthService, Requester},
    store::{
        self,
        events::{self, NewEvent},
    },
};

/// A throttled attacker keeps hitting the limit; the history says so once per this long.
const THROTTLED_RECORDED_EVERY_SECS: i64 = 300;

impl AuthService {
    pub(in crate::auth::server) async fn record(&self, user_id: i64, event: Event, from: &Requester<'_>) {
        self.record_detailed(user_id, event, None, from).await
    }

    /// [`Self::record`], with what the type alone does not say (`detail`).
    pub(in crate::auth::server) async fn record_detailed(
        &self,
        user_id: i64,
        event: Event,
        detail: Option<&str>,
        from: &Requester<'_>,
    ) {
        let address = from.address.to_string();
        let at = unix_now();
        let row = NewEvent { user_id, kind: event.name(), at, ip: Some(&address), user_agent: from.user_agent, detail };
        if let Err(error) = events::insert_event(&self.db, &row).await {
            tracing::error!(%error, user_id, event = event.name(), "cannot record a security event");
        }
    }

    pub(in crate::auth::server) async fn record_throttled(&self, user_id: i64, from: &Requester<'_>) {
        let address = from.address.to_string();
        let now = unix_now();
        let kind = Event::Throttled.name();
        let row = NewEvent { user_id, kind, at: now, ip: Some(&address), user_agent: from.user_agent, detail: None };
        if let Err(error) =
            events::insert_event_unless_recent(&self.db, &row, now - THROTTLED_RECORDED_EVERY_SECS).await
        {
            tracing::error!(%error, user_id, event = kind, "cannot record a security event");
        }
    }

    /// A login refused by the throttle, for whatever account `email` names: recorded in that
    /// account's history after the answer, by a task of its own, so that the refusal costs
    /// the same (no lookup, no write) whether or not an account has the email.
    pub(in crate::auth::server) fn note_throttled(&self, email: &str, from: &Requester<'_>) {
        let Ok(permit) = self.throttled_notes.clone().try_acquire_owned() else { return };
        let (service, email) = (self.clone(), email.to_owned());
        let (address, user_agent) = (from.address, from.user_agent.map(str::to_owned));
        tokio::spawn(async move {
            let from = Requester { address, user_agent: user_agent.as_deref(), device: None };
            if let Ok(Some(user)) = store::find_user_by_email(&service.db, &email).await {
                service.record_throttled(user.id, &from).await;
                service.note_guessing(&user, &from).await;
            }
            drop(permit);
        });
    }
}
