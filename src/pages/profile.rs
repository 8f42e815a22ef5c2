use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::{auth::UserProfile, pages::auth_state::AuthContext};

/// Protected: a visitor who is not signed in is sent to log in, and brought back after.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    view! {
        <Title text="Your profile" />
        <Suspense fallback=|| view! { <p class="card narrow">"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(profile)) => view! { <ProfileCard profile /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login?next=/profile" /> }.into_any(),
                    Err(error) => view! { <p class="card narrow alert" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileCard(profile: UserProfile) -> impl IntoView {
    let logout = expect_context::<AuthContext>().logout;
    view! {
        <section class="card narrow">
            <h1>"Hello, " {profile.username.clone()}</h1>
            <dl class="profile">
                <dt>"User id"</dt>
                <dd>{profile.id}</dd>
                <dt>"Email"</dt>
                <dd>{profile.email}</dd>
                <dt>"Username"</dt>
                <dd>{profile.username}</dd>
                <dt>"Member since"</dt>
                <dd>{calendar_date(profile.created_at)}</dd>
            </dl>
            <ActionForm action=logout>
                <button type="submit" disabled=move || logout.pending().get()>
                    {move || if logout.pending().get() { "Logging out…" } else { "Log out" }}
                </button>
            </ActionForm>
        </section>
    }
}

/// "22 November 2026" for a Unix time, in UTC. Computed the same on server and browser, so
/// hydration matches; no date crate needed for one format (Hinnant's days-to-civil).
pub fn calendar_date(unix_seconds: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = unix_seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::calendar_date;

    #[test]
    fn calendar_dates_match_known_days() {
        assert_eq!(calendar_date(0), "1 January 1970");
        assert_eq!(calendar_date(951_782_400), "29 February 2000");
        assert_eq!(calendar_date(1_795_305_600), "22 November 2026");
        assert_eq!(calendar_date(-86_400), "31 December 1969");
    }
}
