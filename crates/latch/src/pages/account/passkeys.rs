//! Passkeys: the ones this account has (each can be removed), and adding one, named, with the
//! password. Adding talks to the device through `crates/latch/assets/passkeys.js (served at /passkeys.js)`, so it needs JavaScript;
//! removing is a plain form.

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::pages::passkey_status::PasskeyStatus;
use crate::{
    auth::account::PasskeyView,
    i18n::dates::{date_time, relative_time},
    pages::form::{last_error, FormAlert},
};
use crate::{i18n::Text, tr};

#[component]
pub fn Passkeys(passkeys: Vec<PasskeyView>, remove: FormAction) -> impl IntoView {
    let error = last_error(remove.value());
    view! {
        <section class="card" aria-labelledby="passkeys-heading" data-passkeys="">
            <h2 id="passkeys-heading">{tr!(passkeys_heading)}</h2>
            <p>{tr!(passkeys_lead)}</p>
            <ul class="sessions">
                {passkeys.into_iter().map(|passkey| view! { <PasskeyItem passkey remove /> }).collect_view()}
            </ul>
            <FormAlert error />
            <div class="needs-js">
                <h3>{tr!(passkeys_add)}</h3>
                <div class="field">
                    <label for="passkey-name">{tr!(passkeys_name)}</label>
                    <input id="passkey-name" name="passkey_name" type="text" maxlength="64" value=tr!(passkeys_default_name) aria-describedby="passkey-status" />
                </div>
                <div class="field">
                    <label for="passkey-password">{tr!(field_password_to_add_passkey)}</label>
                    <input id="passkey-password" name="passkey_password" type="password" autocomplete="current-password" aria-describedby="passkey-status" />
                </div>
                <PasskeyStatus adding=true id="passkey-status" />
                <button type="button" data-passkey-register="">{tr!(passkeys_add)}</button>
            </div>
            <p class="needs-js-note">{tr!(passkeys_needs_js)}</p>
        </section>
    }
}

#[component]
fn PasskeyItem(passkey: PasskeyView, remove: FormAction) -> impl IntoView {
    let label = Text::passkeys_remove_label.with(&[("name", &passkey.name)]);
    let used = passkey.last_used_at.map_or_else(
        || tr!(passkeys_never_used).to_owned(),
        |at| Text::passkeys_last_used.with(&[("when", &relative_time(at))]),
    );
    let added = Text::passkeys_added.with(&[("date", &date_time(passkey.created_at)), ("used", &used)]);
    view! {
        <li class="session">
            <div>
                <strong>{passkey.name.clone()}</strong>
                <p class="muted">{added}</p>
            </div>
            <PostForm action=remove>
                <input type="hidden" name="id" value=passkey.id.to_string() />
                <button type="submit" class="secondary small" aria-label=label>{tr!(remove)}</button>
            </PostForm>
        </li>
    }
}
