use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::UserProfile;
use crate::client::form_action::PostForm;
use crate::client::{auth_state::AuthContext, dates::calendar_date, guard::RequireSignedIn};

/// Protected: a visitor who is not signed in is sent to log in, and brought back after.
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text="Your profile" />
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
            <PostForm action=logout>
                <button type="submit" disabled=move || logout.pending().get()>
                    {move || if logout.pending().get() { "Logging out…" } else { "Log out" }}
                </button>
            </PostForm>
        </section>
    }
}
