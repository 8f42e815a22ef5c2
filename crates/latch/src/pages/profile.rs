use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::auth::UserProfile;
use crate::client::form_action::PostForm;
use crate::client::{auth_state::AuthContext, dates::calendar_date};

/// Protected: a visitor who is not signed in is sent to log in, and brought back after.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = expect_context::<AuthContext>();
    view! {
        <Title text="Your profile" />
        {move || match auth.user.get() {
            None => view! { <p class="card narrow">"Loading your profile…"</p> }.into_any(),
            Some(Ok(Some(profile))) => view! { <ProfileCard profile /> }.into_any(),
            Some(Ok(None)) => view! { <Redirect path="/login?next=/profile" /> }.into_any(),
            Some(Err(error)) => view! { <p class="card narrow alert" role="alert">{error.to_string()}</p> }.into_any(),
        }}
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
