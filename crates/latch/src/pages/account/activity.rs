//! Recent activity: the account's security events, newest first, with where they came from.

use leptos::prelude::*;

use crate::auth::account::EventView;
use crate::client::dates::date_time;

#[component]
pub fn RecentActivity(events: Vec<EventView>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Recent activity"</h2>
            <p class="muted">"Sign-ins, wrong passwords and changes to your account, kept for 90 days."</p>
            <ol class="events">
                {events
                    .into_iter()
                    .map(|event| {
                        let from = event.ip.clone().map(|ip| format!(" · from {ip}")).unwrap_or_default();
                        view! {
                            <li class=format!("event {}", event.kind)>
                                <strong>{event.describe()}</strong>
                                <span class="muted">" " {date_time(event.at)} {from}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
