//! Security notices: whether a sign-in from a new device is mailed. The mails about changes to
//! the account's ways in (a password changed, a factor removed) are not optional, and the page
//! says so.

use leptos::prelude::*;

use crate::client::form_action::{FormAction, PostForm};
use crate::pages::form::{last_error, FormAlert};
use crate::tr;

#[component]
pub fn SecurityNotices(notify_new_device: bool, save: FormAction) -> impl IntoView {
    let error = last_error(save.value());
    view! {
        <section class="card" aria-labelledby="notices-heading">
            <h2 id="notices-heading">{tr!(notices_heading)}</h2>
            <p class="muted">{tr!(notices_lead)}</p>
            <PostForm action=save>
                <div class="check">
                    <input type="checkbox" id="notify-new-device" name="new_device" checked=notify_new_device />
                    <label for="notify-new-device">{tr!(notices_new_device)}</label>
                </div>
                <FormAlert error />
                <button type="submit" class="secondary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().to_string()>
                    {move || if save.pending().get() { tr!(notices_saving) } else { tr!(notices_save) }}
                </button>
            </PostForm>
        </section>
    }
}
