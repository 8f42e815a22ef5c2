//! Fields an application adds to Latch's signup form: declared once as a `static` slice,
//! shown by the signup page (JavaScript on and off), sent by every door under `fields`
//! (`fields[name]` in a form, `"fields": {"name": …}` in the JSON API), checked by the
//! application's own code (`AccountHooks::check_signup`) and kept by its `on_signup`.
//!
//! ```
//! use latch::auth::signup_fields::SignupField;
//!
//! pub static NOTES_SIGNUP: &[SignupField] = &[SignupField {
//!     name: "display_name",
//!     // Words a person reads come from the page's language: a product's own catalogue
//!     // (`latch::catalogue!`) in real code.
//!     label: || "Display name",
//!     hint: || "Shown above your notes.",
//!     autocomplete: "nickname",
//!     max_chars: 40,
//! }];
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Words a person reads, in the page's language: a function, so that it is asked while the
/// page renders (`|| NotesText::display_name.text()`).
pub type Words = fn() -> &'static str;

/// One field of the application's, shown on the signup form after Latch's own.
#[derive(Clone, Copy, Debug)]
pub struct SignupField {
    /// The name the value travels under: `fields[name]` in a form, a key of `fields` in JSON.
    /// Letters, digits and `_` only.
    pub name: &'static str,
    /// What a person reads above the input.
    pub label: Words,
    /// A line under the label: what the field takes. Empty for none.
    pub hint: Words,
    /// The input's `autocomplete` token (`"off"` when none fits).
    pub autocomplete: &'static str,
    /// The longest value Latch hands to the application, in characters: a longer one is
    /// refused before the application's check runs, so that check never sees unbounded text.
    pub max_chars: usize,
}

impl SignupField {
    /// The name of the field's input in a form: `fields[name]`, which the signup server
    /// function reads into its `fields` map.
    pub fn form_name(&self) -> String {
        format!("fields[{}]", self.name)
    }
}

/// One application field refused, with what the person reads beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRefusal {
    /// The field's `name`, as declared.
    pub field: String,
    /// Why, in a sentence for the person.
    pub message: String,
}

impl FieldRefusal {
    /// `field` refused because of `message`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// The values of the application's signup fields, one per declared field (empty when none
/// was sent), as the person typed them. Anything not declared was dropped on the way in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignupValues(BTreeMap<&'static str, String>);

impl SignupValues {
    /// Keeps the submitted values of the `declared` fields, or refuses those over their
    /// length. Undeclared names are dropped: a client cannot hand the application a field it
    /// never asked for.
    pub fn from_submitted(
        declared: &'static [SignupField],
        mut submitted: BTreeMap<String, String>,
    ) -> Result<Self, Vec<FieldRefusal>> {
        let mut values = BTreeMap::new();
        let mut refused = Vec::new();
        for field in declared {
            let value = submitted.remove(field.name).unwrap_or_default();
            if value.chars().count() > field.max_chars {
                refused.push(FieldRefusal::new(field.name, too_long(field.max_chars)));
            } else {
                values.insert(field.name, value);
            }
        }
        if refused.is_empty() {
            Ok(Self(values))
        } else {
            Err(refused)
        }
    }

    /// The value of the declared field `name`, as typed; empty when none was sent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }
}

fn too_long(max_chars: usize) -> String {
    crate::i18n::Text::field_error_too_long.with(&[("max", &max_chars)])
}

#[cfg(test)]
mod tests {
    use super::*;

    static DECLARED: &[SignupField] = &[SignupField {
        name: "display_name",
        label: || "Display name",
        hint: || "",
        autocomplete: "nickname",
        max_chars: 5,
    }];

    fn submitted(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
    }

    #[test]
    fn only_declared_fields_reach_the_application() {
        let values =
            SignupValues::from_submitted(DECLARED, submitted(&[("display_name", "Ada"), ("is_admin", "true")]))
                .unwrap();
        assert_eq!(values.get("display_name"), "Ada");
        assert_eq!(values.get("is_admin"), "");
    }

    #[test]
    fn a_missing_field_is_empty_and_an_over_long_one_refused() {
        assert_eq!(SignupValues::from_submitted(DECLARED, BTreeMap::new()).unwrap().get("display_name"), "");
        // Characters, not bytes: five 3-byte characters pass, six do not.
        assert!(SignupValues::from_submitted(DECLARED, submitted(&[("display_name", "가나다라마")])).is_ok());
        let refused =
            SignupValues::from_submitted(DECLARED, submitted(&[("display_name", "가나다라마바")])).unwrap_err();
        assert_eq!(refused, vec![FieldRefusal::new("display_name", "Use at most 5 characters.")]);
    }

    #[test]
    fn a_fields_form_name_is_read_into_the_map() {
        assert_eq!(DECLARED[0].form_name(), "fields[display_name]");
    }
}
