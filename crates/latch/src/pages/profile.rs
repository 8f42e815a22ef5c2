use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::UserProfile;
use crate::client::form_action::PostForm;
use crate::{
    client::{auth_state::AuthContext, guard::RequireSignedIn},
    i18n::dates::calendar_date,
};
use crate::{i18n::Text, tr};

/// Protected: a visitor who is not signed in is sent to log in, and brought back after.
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text=tr!(profile_title) />
        <RequireSignedIn let:profile>
            <ProfileCard profile />
        </RequireSignedIn>
    }
}

#[component]
fn ProfileCard(profile: UserProfile) -> impl IntoView {
    let logout = expect_context::<AuthContext>().logout;
    view! {
        <section class="card narrow">
            <h1>{Text::profile_hello.with(&[("name", &profile.username)])}</h1>
            <dl class="profile">
                <dt>{tr!(profile_user_id)}</dt>
                <dd>{profile.id}</dd>
                <dt>{tr!(field_email)}</dt>
                <dd>{profile.email}</dd>
                <dt>{tr!(field_username)}</dt>
                <dd>{profile.username}</dd>
                <dt>{tr!(profile_member_since)}</dt>
                <dd>{calendar_date(profile.created_at)}</dd>
            </dl>
            <PostForm action=logout>
                <button type="submit" disabled=move || logout.pending().get()>
                    {move || if logout.pending().get() { tr!(nav_logging_out) } else { tr!(nav_log_out) }}
                </button>
            </PostForm>
        </section>
    }
}
