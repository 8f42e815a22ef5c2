//! Sign-in with other providers: any OpenID Connect provider (Google among them) and GitHub.
//!
//! An identity is the provider's issuer and subject, never an address. The flow (`flow`) is
//! the authorization code with PKCE, its `state`, `nonce` and verifier kept server-side under a
//! secret in the browser's cookie; the ID token is checked in `id_token`, the provider's
//! settings and keys come from `discovery`, GitHub's person from `github`, every call through
//! `client`; `providers` holds the configured ones. What a proven identity may do to accounts is `linking`: the rules that make the
//! two known takeovers (a provider's unverified address trusted; an address registered first
//! by an attacker) impossible. `settings` is what a deployment configures.

pub mod client;
pub mod discovery;
pub mod flow;
pub mod github;
pub mod id_token;
pub mod linking;
pub mod providers;
pub mod settings;

use crate::auth::error::AuthError;
pub use providers::{Provider, Providers};

/// Why a sign-in with a provider ended without one. The person sees a page for each
/// (`server::providers`); the details go to the log.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// No provider by that name is configured.
    #[error("no such provider")]
    UnknownProvider,
    /// No sign-in under way in this browser: the cookie is missing, or the sign-in expired
    /// or was finished already (a callback replayed).
    #[error("no sign-in under way in this browser")]
    NoSignInUnderWay,
    /// The callback's `state` is not the one this browser's sign-in sent.
    #[error("the state does not match")]
    StateMismatch,
    /// The person said no at the provider.
    #[error("cancelled at the provider")]
    Cancelled,
    /// The provider answered with an error.
    #[error("the provider refused: {0}")]
    ProviderRefused(String),
    /// The provider did not answer in time, or at all.
    #[error("the provider did not answer")]
    Unreachable,
    /// The provider's answer failed a check (its ID token, its settings).
    #[error("the provider's answer was refused")]
    AnswerRefused,
    /// No account could be made: the provider gave no address, or did not say it verified it.
    #[error("the provider gave no verified address")]
    NoVerifiedEmail,
    /// An account has this address; the provider did not verify it, so no link is made.
    #[error("an account with this address exists")]
    AccountExists,
    /// The identity is linked to another account.
    #[error("linked to another account")]
    LinkedElsewhere,
    /// The application needs signup details a provider cannot give.
    #[error("the application needs more at signup")]
    SignupNeedsDetails,
    /// An account rule refused (a disabled account, a throttle, the database).
    #[error(transparent)]
    Account(#[from] AuthError),
}

/// A sign-in with a provider that succeeded.
pub enum ProviderOutcome {
    /// The person signed in (or, with a second factor, was asked for it).
    SignedIn {
        /// A session, or the second step's challenge.
        login: crate::auth::server::factors::second_step::LoginOutcome,
        /// Where to go after.
        next: String,
    },
    /// A signed-in person linked the provider to their account.
    Linked {
        /// Where to go after (their account page).
        next: String,
    },
}
