//! The browser's door: server functions, compiled on both sides (the browser gets a fetch
//! stub). Each one is a thin call into `auth::server::service`; what only the server runs
//! to serve them (`call`, `page_data`, and `guard`, which an application's own server functions
//! call) sits behind a gate of its own.

pub mod account;
#[cfg(feature = "ssr")]
pub mod call;
#[cfg(feature = "ssr")]
pub mod current_user_route;
pub mod email;
pub mod email_sign_in;
pub mod factors;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod page_data;

use leptos::{prelude::*, server_fn::codec::GetUrl};

use crate::auth::{error::AuthError, UserProfile};

/// Creates the account and signs the new user in, then goes to the profile.
#[server(prefix = "/api/auth", endpoint = "signup")]
pub async fn signup(
    /// The new account's address.
    email: String,
    /// The name it shows.
    username: String,
    /// Its password.
    password: String,
    /// The application's own signup fields (`fields[name]` in the form), if it declares any.
    fields: Option<std::collections::BTreeMap<String, String>>,
) -> Result<(), AuthError> {
    use self::call::{run, RefusedForm};
    use leptos::server_fn::ServerFn;
    let fields = &fields.unwrap_or_default();
    let (email, username, password) = (email.as_str(), username.as_str(), password.as_str());
    // Sent back with a refused form (JavaScript off), under the names the form gave them.
    let named: Vec<(String, &str)> =
        fields.iter().map(|(name, value)| (format!("fields[{name}]"), value.as_str())).collect();
    let mut keep = vec![("email", email), ("username", username)];
    keep.extend(named.iter().map(|(name, value)| (name.as_str(), *value)));
    let form = RefusedForm { server_fn_path: <Signup as ServerFn>::PATH, keep: &keep };
    run(Some(form), |call| async move {
        let (fields, language) = (fields.clone(), call.language());
        let user = call.state.auth.signup(email, username, password, fields, language, &call.requester()).await?;
        let session = call.state.auth.start_session(&user, &call.requester()).await?;
        call.set_cookie(&session);
        leptos_axum::redirect("/profile");
        Ok(())
    })
    .await
}

/// Signs in, then goes to `next` if it is a path on this site, or to the profile. For an
/// account with a second factor, goes to the code step instead, with the challenge in a
/// cookie of its own (never in the URL).
#[server(prefix = "/api/auth", endpoint = "login")]
pub async fn login(
    /// The account's address.
    email: String,
    /// Its password.
    password: String,
    /// Where to go after: a path on this site, else `/profile`.
    next: Option<String>,
) -> Result<(), AuthError> {
    use self::call::{run, RefusedForm};
    use leptos::server_fn::ServerFn;
    let (email, password) = (email.as_str(), password.as_str());
    let form = RefusedForm { server_fn_path: <Login as ServerFn>::PATH, keep: &[("email", email)] };
    run(Some(form), |call| async move {
        let outcome = call.state.auth.login(email, password, &call.requester()).await?;
        call.go_on(outcome, next.as_deref());
        Ok(())
    })
    .await
}

/// The second step of a login: a code from the authenticator, or a recovery code, with the
/// challenge the password step left in its cookie.
#[server(prefix = "/api/auth", endpoint = "code")]
pub async fn second_factor(
    /// The authenticator's code, or a recovery code.
    code: String,
    /// Where to go after: a path on this site, else `/profile`.
    next: Option<String>,
) -> Result<(), AuthError> {
    use self::call::{run, RefusedForm};
    use crate::auth::validate::local_redirect_target;
    use leptos::server_fn::ServerFn;
    let next_kept = next.clone().unwrap_or_default();
    let form = RefusedForm { server_fn_path: <SecondFactor as ServerFn>::PATH, keep: &[("next", next_kept.as_str())] };
    run(Some(form), |call| async move {
        let challenge = call.challenge().ok_or(AuthError::InvalidChallenge)?;
        let step = match call.state.auth.second_factor(&challenge, &code, &call.requester()).await {
            Ok(step) => step,
            Err(error) => {
                if error == AuthError::InvalidChallenge {
                    call.clear_challenge();
                }
                return Err(error);
            }
        };
        call.clear_challenge();
        call.set_cookie(&step.session);
        match step.recovery_codes_left {
            Some(left) => leptos_axum::redirect(&format!("/account?notice=recovery_code_used&left={left}")),
            None => leptos_axum::redirect(&local_redirect_target(next.as_deref())),
        }
        Ok(())
    })
    .await
}

/// Revokes the session and clears the cookie. Logging out twice is not an error.
#[server(prefix = "/api/auth", endpoint = "logout")]
pub async fn logout() -> Result<(), AuthError> {
    self::call::run(None, |call| async move {
        if let Some(caller) = call.signed_in().await? {
            call.state.auth.logout(&caller, &call.requester()).await?;
        }
        call.clear_cookie();
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Who is signed in, if anyone. Changes nothing, so it is a GET. Every page asks it, so over
/// HTTP it is served by `current_user_route`, a plain handler giving the same answer.
#[server(prefix = "/api/auth", endpoint = "me", input = GetUrl)]
pub async fn current_user() -> Result<Option<UserProfile>, AuthError> {
    self::call::run(
        None,
        |call| async move { Ok(call.signed_in().await?.map(|caller| UserProfile::from(&*caller.user))) },
    )
    .await
}
