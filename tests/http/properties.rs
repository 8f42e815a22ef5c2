//! Property tests: arbitrary input never panics the parsers or the token decoder, and what
//! they accept keeps its promises.
use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use latch::auth::{
    server::sessions::token::TokenKeys,
    validate::{local_redirect_target, Email, Password, Username, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS},
};
use proptest::prelude::*;

fn keys() -> TokenKeys {
    TokenKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn an_email_once_parsed_is_normalized_and_parses_to_itself(raw in "\\PC{0,80}") {
        if let Ok(email) = Email::parse(&raw) {
            prop_assert_eq!(email.as_str(), email.as_str().trim().to_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            prop_assert!(email.as_str().contains('@'));
        }
    }

    #[test]
    fn email_shaped_input_never_panics(local in "[a-zA-Z0-9._%+\\-]{0,70}", domain in "[a-zA-Z0-9.\\-]{0,70}") {
        let _ = Email::parse(&format!("{local}@{domain}"));
    }

    #[test]
    fn a_username_is_trimmed_bounded_and_free_of_control_characters(raw in any::<String>()) {
        if let Ok(name) = Username::parse(&raw) {
            prop_assert_eq!(name.as_str(), name.as_str().trim());
            prop_assert!((1..=64).contains(&name.as_str().chars().count()));
            prop_assert!(!name.as_str().chars().any(char::is_control));
        }
    }

    #[test]
    fn a_password_is_accepted_exactly_when_its_length_in_characters_fits(raw in any::<String>()) {
        let chars = raw.chars().count();
        let fits = (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars);
        prop_assert_eq!(Password::parse(&raw).is_ok(), fits);
        if let Ok(password) = Password::parse(&raw) {
            prop_assert_eq!(password.expose(), raw.as_str(), "never truncated or altered");
        }
    }

    #[test]
    fn a_redirect_target_is_always_a_local_path(next in any::<String>()) {
        let target = local_redirect_target(Some(&next));
        prop_assert!(target.starts_with('/'));
        prop_assert!(!target.starts_with("//") && !target.starts_with("/\\"));
        prop_assert!(target.chars().all(|c| c.is_ascii_graphic()));
    }

    #[test]
    fn the_token_decoder_refuses_arbitrary_text_without_panicking(text in any::<String>()) {
        prop_assert!(keys().verify(&text).is_err());
    }

    #[test]
    fn the_token_decoder_refuses_well_formed_garbage_without_panicking(
        header in prop::collection::vec(any::<u8>(), 0..64),
        body in prop::collection::vec(any::<u8>(), 0..256),
        signature in prop::collection::vec(any::<u8>(), 0..48),
    ) {
        let token = [header, body, signature].map(|part| URL_SAFE_NO_PAD.encode(part)).join(".");
        prop_assert!(keys().verify(&token).is_err());
    }

    #[test]
    fn a_token_with_any_altered_character_is_refused(position in 0usize..400, replacement in "[A-Za-z0-9_\\-]") {
        let token = keys().issue(7, "session-id", latch::auth::server::sessions::unix_now()).unwrap();
        let position = position % token.len();
        let mut altered = token.clone().into_bytes();
        altered[position] = replacement.as_bytes()[0];
        let altered = String::from_utf8(altered).unwrap();
        prop_assume!(altered != token);
        prop_assert!(keys().verify(&altered).is_err());
    }
}
