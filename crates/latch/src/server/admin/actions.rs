//! The console's forms: `POST /admin/people/{id}/{action}`, each one of the rules' actions,
//! answered with a redirect back to the person's page (303) that says what happened, or why
//! not. Outside the sudo window, the administrator is sent to confirm their password and
//! brought back to the page, where the form waits.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;

use super::{confirm_then, frame, words::AdminText, Console};
use crate::{
    auth::{
        error::AuthError,
        server::{
            admin::actions::{Act, Outcome as RuleOutcome},
            store,
        },
    },
    web::state::AppState,
};

/// What a form may carry: the role of a grant or revoke, the typed address of a deletion, the
/// reason of a view.
#[derive(Deserialize, Default)]
pub(super) struct ActionForm {
    role: Option<String>,
    confirm: Option<String>,
    reason: Option<String>,
}

/// The actions, by the last segment of their form's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ConsoleAction {
    SignOut,
    Disable,
    Enable,
    Verification,
    PasswordReset,
    RemoveAuthenticator,
    RemovePasskeys,
    Grant,
    Revoke,
    Delete,
    View,
}

impl ConsoleAction {
    const ALL: [ConsoleAction; 11] = [
        Self::SignOut,
        Self::Disable,
        Self::Enable,
        Self::Verification,
        Self::PasswordReset,
        Self::RemoveAuthenticator,
        Self::RemovePasskeys,
        Self::Grant,
        Self::Revoke,
        Self::Delete,
        Self::View,
    ];

    /// The form's path segment.
    fn segment(self) -> &'static str {
        match self {
            Self::SignOut => "sign-out",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::Verification => "verification",
            Self::PasswordReset => "password-reset",
            Self::RemoveAuthenticator => "remove-authenticator",
            Self::RemovePasskeys => "remove-passkeys",
            Self::Grant => "grant",
            Self::Revoke => "revoke",
            Self::Delete => "delete",
            Self::View => "view",
        }
    }

    fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.segment() == segment)
    }

    /// What a refusal's `error=` code says, in the current locale.
    pub(super) fn problem_words(code: &str) -> String {
        let error = match code {
            "own_account" => AuthError::OwnAccount,
            "last_administrator" => AuthError::LastAdministrator,
            "account_disabled" => AuthError::AccountDisabled,
            "unknown_role" => AuthError::UnknownRole,
            "not_found" => AuthError::NotFound,
            "reason_required" => AuthError::ReasonRequired,
            "delete_mismatch" => return AdminText::delete_mismatch.text().to_owned(),
            _ => AuthError::Internal,
        };
        error.message()
    }
}

/// What the person's page says an action did (`done=` in its address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The action, done.
    Done(ConsoleAction),
    /// There was nothing to do.
    Unchanged,
}

impl Outcome {
    fn query(self) -> &'static str {
        match self {
            Self::Done(action) => action.segment(),
            Self::Unchanged => "unchanged",
        }
    }

    /// Reads `done=` back; anything else is no notice.
    pub(super) fn from_query(text: &str) -> Option<Self> {
        match text {
            "unchanged" => Some(Self::Unchanged),
            other => ConsoleAction::from_segment(other).map(Self::Done),
        }
    }

    /// The notice, in the current locale.
    pub(super) fn words(self) -> &'static str {
        let key = match self {
            Self::Unchanged => AdminText::done_unchanged,
            Self::Done(action) => match action {
                ConsoleAction::SignOut => AdminText::done_signed_out,
                ConsoleAction::Disable => AdminText::done_disabled,
                ConsoleAction::Enable => AdminText::done_enabled,
                ConsoleAction::Verification => AdminText::done_sent_verification,
                ConsoleAction::PasswordReset => AdminText::done_sent_reset,
                ConsoleAction::RemoveAuthenticator => AdminText::done_removed_authenticator,
                ConsoleAction::RemovePasskeys => AdminText::done_removed_passkeys,
                ConsoleAction::Grant => AdminText::done_granted_role,
                ConsoleAction::Revoke => AdminText::done_revoked_role,
                ConsoleAction::Delete => AdminText::done_deleted,
                ConsoleAction::View => AdminText::view_heading,
            },
        };
        key.text()
    }
}

/// `POST /admin/people/{id}/{action}`.
pub(super) async fn act(
    State(state): State<AppState>,
    console: Console,
    path: Result<Path<(i64, String)>, axum::extract::rejection::PathRejection>,
    form: Result<Form<ActionForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some((id, action)) =
        path.ok().and_then(|Path((id, segment))| Some((id, ConsoleAction::from_segment(&segment)?)))
    else {
        let why = frame::in_locale(console.locale, || AuthError::NotFound.message());
        return frame::refusal(&state.leptos_options, console.locale, StatusCode::NOT_FOUND, &why);
    };
    let page = format!("/admin/people/{id}");
    if !console.may_change() {
        return confirm_then(&page);
    }
    let form = form.map(|Form(form)| form).unwrap_or_default();
    if action == ConsoleAction::View {
        let reason = form.reason.unwrap_or_default();
        return match state.auth.start_view(&console.admin, id, &reason, &console.source.requester()).await {
            Ok(token) => Redirect::to(&format!("/admin/view/{token}/account")).into_response(),
            Err(AuthError::ReauthenticationRequired) => confirm_then(&page),
            Err(error) => Redirect::to(&format!("{page}?error={}", error.code())).into_response(),
        };
    }
    let role = form.role.unwrap_or_default();
    let act = match action {
        ConsoleAction::SignOut => Act::SignOut,
        ConsoleAction::Disable => Act::Disable,
        ConsoleAction::Enable => Act::Enable,
        ConsoleAction::Verification => Act::ResendVerification,
        ConsoleAction::PasswordReset => Act::SendReset,
        ConsoleAction::RemoveAuthenticator => Act::RemoveAuthenticator,
        ConsoleAction::RemovePasskeys => Act::RemovePasskeys,
        ConsoleAction::Grant => Act::GrantRole(&role),
        ConsoleAction::Revoke => Act::RevokeRole(&role),
        ConsoleAction::View => unreachable!("opened above"),
        ConsoleAction::Delete => {
            // The typed address must be the account's: a slip of the mouse deletes no one.
            let typed = form.confirm.unwrap_or_default().trim().to_lowercase();
            match store::find_user_by_id(state.auth.db(), id).await {
                Ok(Some(user)) if user.email == typed => Act::Delete,
                Ok(Some(_)) => return Redirect::to(&format!("{page}?error=delete_mismatch")).into_response(),
                Ok(None) => return Redirect::to(&format!("{page}?error=not_found")).into_response(),
                Err(_) => return Redirect::to(&format!("{page}?error=internal")).into_response(),
            }
        }
    };
    match state.auth.admin_act(&console.admin, id, act, &console.source.requester()).await {
        Ok(RuleOutcome::Changed) if action == ConsoleAction::Delete => {
            Redirect::to("/admin?done=delete").into_response()
        }
        Ok(RuleOutcome::Changed) => {
            Redirect::to(&format!("{page}?done={}", Outcome::Done(action).query())).into_response()
        }
        Ok(RuleOutcome::Unchanged) => {
            Redirect::to(&format!("{page}?done={}", Outcome::Unchanged.query())).into_response()
        }
        Err(AuthError::ReauthenticationRequired) => confirm_then(&page),
        Err(error) => Redirect::to(&format!("{page}?error={}", error.code())).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_path_and_its_notice() {
        for action in ConsoleAction::ALL {
            assert_eq!(ConsoleAction::from_segment(action.segment()), Some(action));
            assert_eq!(Outcome::from_query(Outcome::Done(action).query()), Some(Outcome::Done(action)));
        }
        assert_eq!(Outcome::from_query("<script>"), None);
    }
}
