//! Notes' texts in English.

use super::NotesTexts;

/// Every text of Notes' own in English.
pub const EN: NotesTexts = NotesTexts {
    brand: "Notes",
    notes_title: "Your notes",
    notes_loading: "Loading your notes…",
    notes_heading: "{author}'s notes",
    notes_empty: "No notes yet. Write your first one below.",
    notes_delete: "Delete",
    notes_new: "New note",
    notes_limit: "Up to {max} characters.",
    notes_saving: "Saving…",
    notes_add: "Add note",
    note_title: "Note",
    note_not_found: "Not found",
    note_written: "Written {date}",
    notes_back: "Back to your notes",
    display_name_label: "Display name",
    display_name_hint: "Shown above your notes. Optional, up to 40 characters.",
    display_name_refused: "A display name can't contain invisible or control characters.",
    note_empty: "Write something first.",
    note_too_long: "That note is too long (at most {max} characters).",
};
