use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::form::{
    field_error, last_error, refresh_on_answer, EmailField, Field, FieldModel, FormAlert, NewPasswordField,
    SubmitButton,
};
use crate::auth::{
    error::AuthError,
    signup_fields::SignupField,
    validate::{Email, Password, Username},
};
use crate::client::auth_state::AuthContext;
use crate::client::form_action::PostForm;
use crate::tr;

/// `/signup`: email, username and password, then the application's own `fields` (the slice
/// its `AccountHooks::signup_fields` declares), each checked by the application on the server
/// and refused inline like Latch's own.
#[component]
pub fn SignupPage(
    /// The application's signup fields, after Latch's; none by default.
    #[prop(optional)]
    fields: &'static [SignupField],
) -> impl IntoView {
    let signup = expect_context::<AuthContext>().signup;
    // Sent back with a refused form when JavaScript is off (see `server_fns::call::run`).
    let query = use_query_map();
    let kept = move |name: &'static str| Signal::derive(move || query.read().get(name));
    let email = FieldModel::new(|v| Email::parse(v).err());
    let username = FieldModel::new(|v| Username::parse(v).err());
    let password = FieldModel::new(|v| Password::parse(v).err());
    let error = last_error(signup.value());
    // The application's fields are checked on the server only; their models take part in
    // the answer's refresh (and its focus on the first refused field) like Latch's own.
    let extra: Vec<(&'static SignupField, FieldModel)> =
        fields.iter().map(|field| (field, FieldModel::new(|_| None))).collect();
    let models = [email, username, password].into_iter().chain(extra.iter().map(|(_, model)| *model));
    refresh_on_answer(signup.version(), error, models.collect());
    let email_error = Signal::derive(move || match error.get() {
        Some(AuthError::EmailTaken) => Some(AuthError::EmailTaken.message()),
        _ => field_error(error, |f| f.email).get(),
    });

    view! {
        <Title text=tr!(signup_title) />
        <section class="card narrow">
            <h1>{tr!(signup_heading)}</h1>
            <PostForm action=signup>
                <EmailField model=email server_error=email_error initial=kept("email") />
                <Field
                    label=tr!(field_username)
                    name="username"
                    autocomplete="username"
                    model=username
                    server_error=field_error(error, |f| f.username)
                    hint=tr!(field_username_hint)
                    initial=kept("username")
                />
                <NewPasswordField model=password server_error=field_error(error, |f| f.password) />
                {extra.into_iter().map(|(field, model)| view! { <ApplicationField field model error /> }).collect_view()}
                <FormAlert error=Signal::derive(move || error.get().filter(|e| *e != AuthError::EmailTaken)) />
                <SubmitButton label=tr!(signup_title) pending_label=tr!(signup_pending) pending=signup.pending() fields=vec![email, username, password] />
            </PostForm>
            <super::provider_buttons::ProviderButtons />
            <p class="switch">{tr!(signup_have_account)} " " <a href="/login">{tr!(nav_log_in)}</a></p>
        </section>
    }
}

/// One of the application's signup fields: checked on the server only (its rule is the
/// application's code), its refusal shown beside it.
#[component]
fn ApplicationField(field: &'static SignupField, model: FieldModel, error: Signal<Option<AuthError>>) -> impl IntoView {
    let name = field.form_name();
    // Sent back with a refused form when JavaScript is off, as Latch's own fields are.
    let query = use_query_map();
    let initial = Signal::derive({
        let name = name.clone();
        move || query.read().get(&name)
    });
    let server_error = Signal::derive(move || match error.get() {
        Some(AuthError::Invalid(fields)) => {
            fields.others.into_iter().find(|refused| refused.field == field.name).map(|refused| refused.message)
        }
        _ => None,
    });
    view! {
        <Field
            label=(field.label)()
            name
            autocomplete=field.autocomplete
            model
            server_error
            hint=(field.hint)()
            initial
        />
    }
}
