//! Form pieces shared by the signup and login pages: a labelled field with its inline error,
//! a submit button with a pending state, and an alert for errors that belong to no field.

use leptos::{ev::MouseEvent, html::Input, prelude::*};

use crate::auth::{error::AuthError, validate::FieldError};
use crate::tr;

/// One field's client-side state. `check` is the same rule the server applies.
#[derive(Clone, Copy)]
pub struct FieldModel {
    value: RwSignal<String>,
    /// Show the client-side verdict only after the person has left the field or tried to submit.
    touched: RwSignal<bool>,
    /// Edited since the last server answer, which makes that answer's error stale.
    edited: RwSignal<bool>,
    node: NodeRef<Input>,
    check: fn(&str) -> Option<FieldError>,
}

impl FieldModel {
    /// A field checked by `check` as the person types.
    pub fn new(check: fn(&str) -> Option<FieldError>) -> Self {
        Self {
            value: RwSignal::new(String::new()),
            touched: RwSignal::new(false),
            edited: RwSignal::new(false),
            node: NodeRef::new(),
            check,
        }
    }

    fn client_error(&self) -> Option<FieldError> {
        self.touched.get().then(|| (self.check)(&self.value.get())).flatten()
    }

    /// Reads the field as the browser holds it (autofill may have filled it before the WASM
    /// loaded) and reports whether it passes the rule.
    fn settle(&self) -> bool {
        if let Some(input) = self.node.get_untracked() {
            self.value.set(input.value());
        }
        self.touched.set(true);
        (self.check)(&self.value.get_untracked()).is_none()
    }

    /// A new server answer arrived: its errors are current again.
    pub fn answered(&self) {
        self.edited.set(false);
    }
}

/// Marks every field touched and tells whether the form may be sent.
pub fn all_valid(fields: &[FieldModel]) -> bool {
    // Every field is settled (so each shows its verdict), not only up to the first bad one.
    fields.iter().filter(|field| !field.settle()).count() == 0
}

/// A labelled input with its hint and its inline error.
#[component]
pub fn Field(
    /// The label a person reads.
    label: &'static str,
    /// The form field's name, as the server function takes it (`fields[name]` for an
    /// application's signup field).
    #[prop(into)]
    name: Oco<'static, str>,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The input's `autocomplete`, so browsers and password managers fill it.
    autocomplete: &'static str,
    /// The field's value, check and state, shared with the form.
    model: FieldModel,
    /// What the server said about this field in its last answer (nothing, for a field the
    /// server never speaks of alone).
    #[prop(optional, into)]
    server_error: Signal<Option<String>>,
    /// A line under the label: what the field takes.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// What the field shows on arrival: a value sent back after a refused form (no JavaScript).
    #[prop(optional, into)]
    initial: Signal<Option<String>>,
    /// Which form the field is in, where a page has several asking for the same name (the
    /// account page asks for the password five times): keeps every `id` unique.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    // An application's `fields[name]` keeps its brackets in the id: HTML allows them, and
    // replacing them would bring string searching into the WASM for one kind of field.
    let id = match form {
        Some(form) => format!("field-{form}-{name}"),
        None => format!("field-{name}"),
    };
    let note_id = format!("{id}-note");
    let error = move || {
        model.client_error().map(FieldError::message).or_else(|| {
            if model.edited.get() {
                None
            } else {
                server_error.get()
            }
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=move || initial.get()
                node_ref=model.node
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                aria-describedby=note_id.clone()
                on:input=move |ev| {
                    model.value.set(event_target_value(&ev));
                    model.edited.set(true);
                }
                on:blur=move |_| model.touched.set(true)
            />
            <p id=note_id class=move || if error().is_some() { "field-note error" } else { "field-note" }>
                {move || error().or_else(|| hint.filter(|hint| !hint.is_empty()).map(str::to_owned))}
            </p>
        </div>
    }
}

/// The email field every form asks for first.
#[component]
pub fn EmailField(
    /// The field's value, check and state, shared with the form.
    model: FieldModel,
    /// What the server said about the address in its last answer.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    /// The address sent back after a refused form (no JavaScript).
    #[prop(into)]
    initial: Signal<Option<String>>,
) -> impl IntoView {
    view! { <Field label=tr!(field_email) name="email" kind="email" autocomplete="email" model server_error initial /> }
}

/// A password field: `current-password` to log in, `new-password` to choose one (which lets
/// password managers offer to generate it).
#[component]
pub fn PasswordField(
    /// `current-password`, or `new-password` to choose one.
    autocomplete: &'static str,
    /// The field's value, check and state, shared with the form.
    model: FieldModel,
    /// The label a person reads ("Password" when none is given).
    #[prop(optional)]
    label: Option<&'static str>,
    /// The form field's name, as the server function takes it.
    #[prop(default = "password")]
    name: &'static str,
    /// What the server said about this field; nothing, when it never speaks of it alone.
    #[prop(optional, into)]
    server_error: Signal<Option<String>>,
    /// A line under the label: what the field takes.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// See [`Field`]'s `form`.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let hint = hint.unwrap_or_default();
    let label = label.unwrap_or_else(|| tr!(field_password));
    match form {
        Some(form) => {
            view! { <Field label name kind="password" autocomplete model server_error hint form /> }.into_any()
        }
        None => view! { <Field label name kind="password" autocomplete model server_error hint /> }.into_any(),
    }
}

/// Choosing a password: `new-password` (password managers offer to generate one), with the
/// rule said beside it.
#[component]
pub fn NewPasswordField(
    /// The field's value, check and state, shared with the form.
    model: FieldModel,
    /// What the server said about the password in its last answer.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    /// The label a person reads ("Password" when none is given).
    #[prop(optional)]
    label: Option<&'static str>,
    /// The form field's name, as the server function takes it.
    #[prop(default = "password")]
    name: &'static str,
) -> impl IntoView {
    let hint = tr!(field_new_password_hint);
    let label = label.unwrap_or_else(|| tr!(field_password));
    view! { <PasswordField label name autocomplete="new-password" model server_error hint /> }
}

/// After each answer of the form's action, the server's errors are current again: a field
/// edited since the last answer stops showing that answer's error until the next one. And a
/// refusal takes the focus to the first field in error, or else to the form's alert, once
/// the answer is on the page, so a keyboard or screen-reader user lands on what to fix.
///
/// The focus waits a frame, and a successful answer usually navigates away in that frame
/// (signup to /profile): by then the page's signals and nodes are disposed, and reading one
/// with `get_untracked` panics, which traps the whole WASM app. So the frame reads them with
/// `try_`, and a page that is gone has nothing to focus.
pub fn refresh_on_answer(version: RwSignal<usize>, error: Signal<Option<AuthError>>, fields: Vec<FieldModel>) {
    Effect::new(move || {
        version.track();
        fields.iter().for_each(FieldModel::answered);
        let fields = fields.clone();
        request_animation_frame(move || {
            if error.try_get_untracked().flatten().is_none() {
                return;
            }
            let invalid = fields
                .iter()
                .filter_map(|field| field.node.try_get_untracked().flatten())
                .find(|input| input.get_attribute("aria-invalid").as_deref() == Some("true"));
            match invalid {
                Some(input) => drop(input.focus()),
                None => focus_alert(),
            }
        });
    });
}

fn focus_alert() {
    use leptos::wasm_bindgen::JsCast;
    let alert = document().query_selector("main [role=alert]").ok().flatten();
    if let Some(alert) = alert.and_then(|alert| alert.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = alert.focus();
    }
}

/// The submit button: checks the fields first (the server checks again), and shows the
/// request in flight.
#[component]
pub fn SubmitButton(
    /// The button's text.
    label: &'static str,
    /// Its text while the form is sent.
    pending_label: &'static str,
    /// Whether the form is being sent.
    #[prop(into)]
    pending: Signal<bool>,
    /// The fields checked before sending.
    fields: Vec<FieldModel>,
) -> impl IntoView {
    let on_click = move |ev: MouseEvent| {
        if !all_valid(&fields) {
            // Stops the submit that this click (or Enter in a field) would start, and takes the
            // person to what needs fixing.
            ev.prevent_default();
            let first_bad = fields.iter().find(|field| (field.check)(&field.value.get_untracked()).is_some());
            if let Some(input) = first_bad.and_then(|field| field.node.get_untracked()) {
                let _ = input.focus();
            }
        }
    };
    view! {
        <button type="submit" disabled=move || pending.get() aria-busy=move || pending.get().to_string() on:click=on_click>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}

/// An error about the whole form (wrong credentials, throttling, a fault on our side).
#[component]
pub fn FormAlert(
    /// The action's last error; field errors are shown by their fields.
    #[prop(into)]
    error: Signal<Option<AuthError>>,
) -> impl IntoView {
    move || {
        error.get().filter(|e| !matches!(e, AuthError::Invalid(_))).map(|error| {
            // Focusable (not in the tab order), so a refused form can take the person to it.
            view! { <p class="alert" role="alert" tabindex="-1">{error.message()}</p> }
        })
    }
}

/// The error of an action's last answer, if it failed.
pub fn last_error<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AuthError>>> + Send + Sync + 'static,
) -> Signal<Option<AuthError>> {
    Signal::derive(move || value.get().and_then(Result::err))
}

/// The server's message for one field, from the last answer.
pub fn field_error(
    error: Signal<Option<AuthError>>,
    pick: fn(&crate::auth::error::FieldErrors) -> Option<FieldError>,
) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field(pick)).map(FieldError::message))
}
