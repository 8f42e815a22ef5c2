//! Sign-in providers: the identities linked to this account (each can be unlinked, unless it
//! is the last way in) and a button per provider the site offers, to link another. Linking
//! leaves for the provider's own pages: a plain form to `/auth/oidc/{name}/link`, the same
//! with JavaScript or without.

use leptos::prelude::*;

use crate::auth::account::{IdentityView, ProviderButton};
use crate::client::form_action::{FormAction, PostForm};
use crate::i18n::dates::{date_time, relative_time};
use crate::pages::form::{last_error, FormAlert};
use crate::{i18n::Text, tr};

#[component]
pub fn Identities(identities: Vec<IdentityView>, providers: Vec<ProviderButton>, unlink: FormAction) -> impl IntoView {
    let error = last_error(unlink.value());
    // Nothing to show on a site that offers no provider and an account that has none.
    (!identities.is_empty() || !providers.is_empty()).then(|| {
        let linked = identities.is_empty().then(|| view! { <p class="muted">{tr!(providers_none)}</p> });
        view! {
            <section class="card" aria-labelledby="providers-heading">
                <h2 id="providers-heading">{tr!(providers_heading)}</h2>
                <p>{tr!(providers_lead)}</p>
                {linked}
                <ul class="sessions">
                    {identities.into_iter().map(|identity| view! { <IdentityItem identity unlink /> }).collect_view()}
                </ul>
                <FormAlert error />
                <div class="provider-buttons">
                    {providers
                        .into_iter()
                        .map(|provider| {
                            view! {
                                <form method="post" action=format!("/auth/oidc/{}/link", provider.name)>
                                    <button type="submit" class="secondary">
                                        {Text::providers_link.with(&[("provider", &provider.label)])}
                                    </button>
                                </form>
                            }
                        })
                        .collect_view()}
                </div>
            </section>
        }
    })
}

#[component]
fn IdentityItem(identity: IdentityView, unlink: FormAction) -> impl IntoView {
    let label = Text::providers_unlink_label.with(&[("provider", &identity.label)]);
    let when = Text::providers_linked
        .with(&[("date", &date_time(identity.linked_at)), ("used", &relative_time(identity.last_used_at))]);
    let email = (!identity.email.is_empty()).then(|| format!(" · {}", identity.email));
    view! {
        <li class="session">
            <div>
                <strong>{identity.label}</strong>
                {email}
                <p class="muted">{when}</p>
            </div>
            <PostForm action=unlink>
                <input type="hidden" name="id" value=identity.id.to_string() />
                <button type="submit" class="secondary small" aria-label=label>{tr!(providers_unlink)}</button>
            </PostForm>
        </li>
    }
}
