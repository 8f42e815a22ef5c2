//! Calling our server functions from the browser, the same code for all of them.
//!
//! Each server function's own client is generic over its arguments and its answer: the
//! compiler made one copy of the request, the `serde_qs` encoding, the response handling and
//! the answer's decoding per function. And it decodes answers from bytes while a resource's
//! value, sent inside the page, is decoded from text: two copies of every decoder. Here the
//! request (the browser's `fetch`) and the response handling are written once, and answers are
//! decoded from text, the same decoder the page's resources use.

use std::{fmt, future::Future, str::FromStr};

use leptos::prelude::*;

use serde::Serialize;

use super::json::FromJson;
use crate::auth::error::AuthError;

/// Posts a form's body, URL-encoded, to a server function: the answer's JSON, as text.
#[cfg(feature = "hydrate")]
pub async fn post_form(url: &'static str, body: String) -> Result<String, AuthError> {
    browser::call(browser::Method::Post(body), url).await
}

/// The server renders forms but never submits one: actions are dispatched by submit events.
#[cfg(not(feature = "hydrate"))]
pub async fn post_form(_url: &'static str, _body: String) -> Result<String, AuthError> {
    Err(AuthError::Internal)
}

/// Reads a server function that takes no arguments: in the browser it is fetched from `url`
/// and its JSON decoded; on the server it runs in-process (`on_server`).
#[cfg(feature = "hydrate")]
pub async fn read<T, Answer>(url: &'static str, _on_server: impl FnOnce() -> Answer) -> Result<T, AuthError>
where
    T: FromJson,
    Answer: Future<Output = Result<T, AuthError>>,
{
    let answer = browser::call(browser::Method::Get, url).await?;
    T::from_json_text(&answer).ok_or_else(malformed)
}

/// See the browser's `read`.
#[cfg(not(feature = "hydrate"))]
pub async fn read<T, Answer>(_url: &'static str, on_server: impl FnOnce() -> Answer) -> Result<T, AuthError>
where
    T: FromJson,
    Answer: Future<Output = Result<T, AuthError>>,
{
    on_server().await
}

/// What a page was given to show before it rendered (`server_fns::page_data`): a server
/// function's answer, or nothing when it was not loaded for this page. The server writes it
/// into the page as serde's JSON (`null` for nothing); the browser reads it back with
/// [`FromJson`] (through `SharedValue::new_str`), so no serde decoder reaches the bundle.
#[derive(Clone)]
pub struct Preloaded<T>(pub Option<Result<T, AuthError>>);

impl<T: Serialize> fmt::Display for Preloaded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(&self.0).map_err(|_| fmt::Error)?)
    }
}

impl<T: FromJson> FromStr for Preloaded<T> {
    type Err = AuthError;

    fn from_str(text: &str) -> Result<Self, AuthError> {
        let answer = Option::<Result<T, AuthError>>::from_json_text(text).ok_or_else(malformed)?;
        Ok(Preloaded(answer))
    }
}

/// A server function's answer kept current: first the one the server handed over with the
/// page, asked again in the browser whenever `versions` changes (an action that changes it
/// completed), and `None` from that moment until the new answer arrives, so that a page never
/// acts on a stale one (sending a person who just signed in to log in). An answer that arrives
/// after `versions` moved on again is dropped: a newer question is on its way.
pub fn kept_current<T, V, Answer>(
    handed_over: Option<Result<T, AuthError>>,
    versions: impl Fn() -> V + Copy + Send + Sync + 'static,
    ask: impl Fn() -> Answer + Copy + Send + Sync + 'static,
) -> Signal<Option<Result<T, AuthError>>>
where
    T: Clone + Send + Sync + 'static,
    V: PartialEq + Copy + Send + Sync + 'static,
    Answer: Future<Output = Result<T, AuthError>> + 'static,
{
    let answered = RwSignal::new((untrack(versions), handed_over));
    let fetch = move |asked_at: V| {
        leptos::task::spawn_local(async move {
            let answer = ask().await;
            if asked_at == untrack(versions) {
                answered.set((asked_at, Some(answer)));
            }
        })
    };
    // Only the browser asks: a render on the server without page data (the route list made at
    // start-up) shows nothing loaded.
    if cfg!(feature = "hydrate") && answered.with_untracked(|(_, answer)| answer.is_none()) {
        fetch(untrack(versions));
    }
    Effect::watch(versions, move |asked_at, _, _| fetch(*asked_at), false);
    Signal::derive(move || {
        let now = versions();
        answered.with(|(answered_at, answer)| if *answered_at == now { answer.clone() } else { None })
    })
}

/// A refusal sent in the URL after a form posted without JavaScript (`__err`): the error's
/// JSON in URL-safe base64, as the server function machinery writes it.
pub fn refusal_in_url(encoded: &str) -> AuthError {
    use base64::{engine::general_purpose::URL_SAFE, Engine};
    let json = URL_SAFE.decode(encoded).ok().and_then(|bytes| String::from_utf8(bytes).ok());
    json.and_then(|json| AuthError::from_json_text(&json)).unwrap_or_else(malformed)
}

/// An answer that is not what the server function sends: what its own client would say.
fn malformed() -> AuthError {
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
    AuthError::from_server_fn_error(ServerFnErrorErr::Deserialization(String::new()))
}

#[cfg(feature = "hydrate")]
mod browser {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, Request, RequestInit, Response};

    use super::malformed;
    use crate::{auth::error::AuthError, client::json::FromJson};

    pub enum Method {
        Get,
        Post(String),
    }

    /// The header with which a server function asks its client to follow a redirect.
    const REDIRECT_HEADER: &str = leptos::server_fn::redirect::REDIRECT_HEADER;

    /// Sends the request as the server function's own client would (the same method, headers
    /// and body), and reads the answer the same way: an error status carries an `AuthError` as
    /// JSON, and a redirect is handed to the router once the answer is read. `fetch` itself, not
    /// the server function client, whose streaming and generic response types cost the bundle
    /// more than this whole module.
    pub async fn call(method: Method, url: &'static str) -> Result<String, AuthError> {
        // The browser's futures never leave its one thread; the actions want `Send` ones.
        SendWrapper::new(fetch(method, url)).await.map_err(|_| AuthError::Network)?
    }

    /// `Err` for a request that never got an answer; `Ok` for any answer, refusals included.
    async fn fetch(method: Method, url: &'static str) -> Result<Result<String, AuthError>, JsValue> {
        let headers = Headers::new()?;
        headers.set("Accept", "application/json")?;
        let init = RequestInit::new();
        init.set_headers(&headers);
        match method {
            Method::Get => init.set_method("GET"),
            Method::Post(body) => {
                headers.set("Content-Type", "application/x-www-form-urlencoded")?;
                init.set_method("POST");
                init.set_body(&JsValue::from_str(&body));
            }
        }
        let request = Request::new_with_str_and_init(url, &init)?;
        let response: Response =
            JsFuture::from(leptos::prelude::window().fetch_with_request(&request)).await?.dyn_into()?;
        let (status, headers, answered_from) = (response.status(), response.headers(), response.url());
        let answer = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        if (400..=599).contains(&status) {
            return Ok(Err(AuthError::from_json_text(&answer).unwrap_or_else(malformed)));
        }
        if (300..=399).contains(&status) || headers.has(REDIRECT_HEADER)? {
            let location = headers.get("Location")?.unwrap_or(answered_from);
            leptos::server_fn::redirect::call_redirect_hook(&location);
        }
        Ok(Ok(answer))
    }
}

#[cfg(test)]
mod tests {
    use leptos::server_fn::error::ServerFnUrlError;

    use super::refusal_in_url;
    use crate::auth::{
        error::{AuthError, FieldErrors},
        validate::FieldError,
    };

    /// What the server writes into the URL of a refused form (`server_fns::call`).
    fn written_by_the_server(error: AuthError) -> String {
        let url = ServerFnUrlError::new("/api/auth/login", error).to_url("http://latch.test/login").unwrap();
        url.query_pairs().find(|(key, _)| key == "__err").unwrap().1.into_owned()
    }

    #[test]
    fn a_refusal_in_the_url_reads_back_as_the_error_the_server_wrote() {
        let with_fields =
            AuthError::Invalid(FieldErrors { email: Some(FieldError::EmailMalformed), ..Default::default() });
        for error in [AuthError::InvalidCredentials, AuthError::Throttled { retry_after_secs: 60 }, with_fields] {
            assert_eq!(refusal_in_url(&written_by_the_server(error.clone())), error);
        }
    }

    #[test]
    fn a_garbled_refusal_reads_as_a_bad_request() {
        assert_eq!(refusal_in_url("not base64!"), AuthError::BadRequest);
        assert_eq!(refusal_in_url("bm90IGpzb24"), AuthError::BadRequest);
    }
}
