//! What a note is, on both sides: the types the server functions answer with, the signup
//! field Notes adds, and the one limit both the form and the store state.

use latch::auth::signup_fields::SignupField;
use serde::{Deserialize, Serialize};

use crate::texts::NotesText;

/// Notes' one signup field (kept by `server::hooks`).
pub static SIGNUP_FIELDS: &[SignupField] = &[SignupField {
    name: "display_name",
    label: || NotesText::display_name_label.text(),
    hint: || NotesText::display_name_hint.text(),
    autocomplete: "nickname",
    max_chars: 40,
}];

/// The longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;

/// One note of the signed-in person's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Note {
    pub id: i64,
    pub text: String,
    /// Unix seconds, UTC.
    pub created_at: i64,
}

/// What the notes page shows: the person's display name, if they gave one, and their notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notebook {
    pub author: Option<String>,
    pub notes: Vec<Note>,
}
