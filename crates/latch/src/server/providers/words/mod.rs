//! The texts of the pages that end a sign-in with another provider in failure, in English
//! (`en.rs`) and Korean (`ko.rs`). Server only: these pages carry no script.

mod en;
mod ko;

crate::catalogue! {
    /// A text of the provider pages: `ProviderText::title_failed.text()`.
    pub enum ProviderText, struct ProviderTexts, id "latch-providers", en en::EN, ko ko::KO;
    title_failed,
    title_cancelled,
    cancelled,
    expired,
    state_mismatch,
    unreachable,
    answer_refused,
    provider_refused,
    no_verified_email,
    account_exists,
    linked_elsewhere,
    needs_details,
    unknown_provider,
    back_to_login,
    back_to_account,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_provider_pages_catalogue_agrees_with_itself_in_every_language() {
        let problems = crate::i18n::check_catalogue::<super::ProviderText>();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
