//! Forms that post to a server function, the same code for every form.
//!
//! Leptos' `ActionForm` and `ServerAction` are generic over the server function: for each of
//! our seventeen forms the compiler made its own submit handler, its own `serde_qs` decoding of
//! the form into the function's arguments and encoding of them back into a body, its own
//! action and its own answer decoding. Here a form sends its fields URL-encoded, the body the
//! browser itself posts when JavaScript is off, to the same server function URL (through
//! `server_call`), and keeps the answer's JSON as text until a page asks for it (only the
//! recovery codes are read).

use leptos::{
    ev::SubmitEvent,
    prelude::*,
    server::ServerActionError,
    server_fn::ServerFn,
    wasm_bindgen::JsCast,
    web_sys::{FormData, HtmlButtonElement, HtmlFormElement, UrlSearchParams},
};

use super::server_call::{post_form, refusal_in_url};
use crate::auth::error::AuthError;

/// A form's server function and its answers: `Ok` holds the answer's JSON.
#[derive(Clone, Copy)]
pub struct FormAction {
    url: &'static str,
    action: Action<String, Result<String, AuthError>>,
}

impl FormAction {
    /// The action of the server function `S`.
    pub fn new<S: ServerFn>() -> Self {
        Self::posting_to(S::PATH)
    }

    fn posting_to(url: &'static str) -> Self {
        // A form refused while JavaScript was off came back with the error in the URL (see
        // `auth_state`): that refusal is this action's first answer, as `ServerAction` does.
        let refused = use_context::<ServerActionError>()
            .filter(|refused| refused.path() == url)
            .map(|refused| Err(refusal_in_url(refused.err())));
        let action = Action::new_with_value(refused, move |body: &String| post_form(url, body.clone()));
        Self { url, action }
    }

    /// The last answer, once there is one.
    pub fn value(&self) -> MappedSignal<Option<Result<String, AuthError>>> {
        self.action.value()
    }

    /// How many answers have come back: changes with each one.
    pub fn version(&self) -> RwSignal<usize> {
        self.action.version()
    }

    /// Posts `body` (URL-encoded fields) as the form would: for a page that submits on its own
    /// (the email sign-in's wait, once approved).
    pub fn submit(&self, body: String) {
        self.action.dispatch(body);
    }

    /// Whether a submission is on its way.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }
}

/// A `<form>` posting to its action's server function: natively without JavaScript, and with
/// it through the action, so the page stays and shows the answer.
#[component]
pub fn PostForm(
    /// The action the form posts through.
    action: FormAction,
    /// The form's fields and buttons.
    children: Children,
) -> impl IntoView {
    let on_submit = move |ev: SubmitEvent| {
        // Refused by a check on the page (see `SubmitButton`).
        if ev.default_prevented() {
            return;
        }
        // Should the body not be readable, the browser posts the form itself.
        if let Some(body) = form_body(&ev) {
            ev.prevent_default();
            action.action.dispatch(body);
        }
    };
    view! {
        <form action=action.url method="post" on:submit=on_submit>
            {children()}
        </form>
    }
}

/// The form's fields as the browser would post them, with the button that sent it when it
/// has a name.
fn form_body(ev: &SubmitEvent) -> Option<String> {
    let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
    let fields = FormData::new_with_form(&form).ok()?;
    if let Some(button) = ev.submitter().and_then(|submitter| submitter.dyn_into::<HtmlButtonElement>().ok()) {
        if !button.name().is_empty() {
            fields.append_with_str(&button.name(), &button.value()).ok()?;
        }
    }
    UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?.to_string().as_string()
}
