//! Passkeys: the ones this account has (each can be removed), and adding one, named, with the
//! password. Adding talks to the device through `crates/latch/assets/passkeys.js (served at /passkeys.js)`, so it needs JavaScript;
//! removing is a plain form.

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::{
    auth::account::PasskeyView,
    client::dates::date_time,
    pages::{form::last_error, form::FormAlert},
};

#[component]
pub fn Passkeys(passkeys: Vec<PasskeyView>, remove: FormAction) -> impl IntoView {
    let error = last_error(remove.value());
    view! {
        <section class="card" aria-labelledby="passkeys-heading" data-passkeys="">
            <h2 id="passkeys-heading">"Passkeys"</h2>
            <p>"Sign in with your fingerprint, face or device PIN instead of your password: nothing to type, nothing a fake site can catch."</p>
            <ul class="sessions">
                {passkeys.into_iter().map(|passkey| view! { <PasskeyItem passkey remove /> }).collect_view()}
            </ul>
            <FormAlert error />
            <div class="needs-js">
                <h3>"Add a passkey"</h3>
                <div class="field">
                    <label for="passkey-name">"Name"</label>
                    <input id="passkey-name" name="passkey_name" type="text" maxlength="64" value="This device" aria-describedby="passkey-status" />
                </div>
                <div class="field">
                    <label for="passkey-password">"Your password, to add it"</label>
                    <input id="passkey-password" name="passkey_password" type="password" autocomplete="current-password" aria-describedby="passkey-status" />
                </div>
                <p id="passkey-status" class="field-note" data-passkey-status="" role="status"></p>
                <button type="button" data-passkey-register="">"Add a passkey"</button>
            </div>
            <p class="needs-js-note">"Adding a passkey needs JavaScript: your browser talks to your device."</p>
        </section>
    }
}

#[component]
fn PasskeyItem(passkey: PasskeyView, remove: FormAction) -> impl IntoView {
    let label = format!("Remove the passkey {}", passkey.name);
    let used =
        passkey.last_used_at.map_or_else(|| "never used".to_owned(), |at| format!("last used {}", date_time(at)));
    view! {
        <li class="session">
            <div>
                <strong>{passkey.name.clone()}</strong>
                <p class="muted">"Added " {date_time(passkey.created_at)} " · " {used}</p>
            </div>
            <PostForm action=remove>
                <input type="hidden" name="id" value=passkey.id.to_string() />
                <button type="submit" class="secondary small" aria-label=label>"Remove"</button>
            </PostForm>
        </li>
    }
}
