//! The browser's door: server functions, compiled on both sides (the browser gets a fetch
//! stub). Each one is a thin call into `auth::service`.

use leptos::{prelude::*, server_fn::codec::GetUrl};

use super::{error::AuthError, UserProfile};

/// Creates the account and signs the new user in, then goes to the profile.
#[server(prefix = "/api/auth", endpoint = "signup")]
pub async fn signup(email: String, username: String, password: String) -> Result<(), AuthError> {
    use super::door::{respond, send_back_on_error, Door};
    use leptos::server_fn::ServerFn;
    let result = async {
        let door = Door::current().await?;
        let user = door.state.auth.signup(&email, &username, &password, door.client()).await?;
        let session = door.state.auth.start_session(user, door.user_agent()).await?;
        door.set_cookie(&session);
        leptos_axum::redirect("/profile");
        Ok(())
    }
    .await;
    send_back_on_error(&result, <Signup as ServerFn>::PATH, &[("email", &email), ("username", &username)]);
    respond(result)
}

/// Signs in, then goes to `next` if it is a path on this site, or to the profile.
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AuthError> {
    use super::door::{respond, send_back_on_error, Door};
    use leptos::server_fn::ServerFn;
    let result = async {
        let door = Door::current().await?;
        let session = door.state.auth.login(&email, &password, door.client(), door.user_agent()).await?;
        door.set_cookie(&session);
        leptos_axum::redirect(&super::validate::local_redirect_target(next.as_deref()));
        Ok(())
    }
    .await;
    send_back_on_error(&result, <Login as ServerFn>::PATH, &[("email", &email)]);
    respond(result)
}

/// Revokes the session and clears the cookie. Logging out twice is not an error.
#[server(prefix = "/api/auth", endpoint = "logout")]
pub async fn logout() -> Result<(), AuthError> {
    use super::door::{respond, Door};
    respond(
        async move {
            let door = Door::current().await?;
            if let Some(caller) = door.caller().await? {
                door.state.auth.logout(&caller).await?;
            }
            door.clear_cookie();
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Who is signed in, if anyone. Changes nothing, so it is a GET.
#[server(prefix = "/api/auth", endpoint = "me", input = GetUrl)]
pub async fn current_user() -> Result<Option<UserProfile>, AuthError> {
    use super::door::{respond, Door};
    respond(
        async move {
            let door = Door::current().await?;
            Ok(door.caller().await?.map(|caller| UserProfile::from(&caller.user)))
        }
        .await,
    )
}
