//! Notes' own catalogue, on Latch's mechanism (`latch::catalogue!`): the keys here, the
//! texts in `en.rs` and `ko.rs`. The page carries the texts of its language to the browser
//! like Latch's own (`app::shell` adds `texts_script::<NotesText>()` to the head).

// The texts live on the server only: the browser reads the page's copy.
#[cfg(feature = "ssr")]
mod en;
#[cfg(feature = "ssr")]
mod ko;

latch::catalogue! {
    /// A text of Notes' pages: `NotesText::notes_title.text()`.
    pub enum NotesText, struct NotesTexts, id "notes", en en::EN, ko ko::KO;
    brand,
    notes_title,
    notes_loading,
    notes_heading,
    notes_empty,
    notes_delete,
    notes_new,
    notes_limit,
    notes_saving,
    notes_add,
    note_title,
    note_not_found,
    note_written,
    notes_back,
    display_name_label,
    display_name_hint,
    display_name_refused,
    note_empty,
    note_too_long,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn notes_catalogue_agrees_with_itself_in_every_language() {
        let problems = latch::i18n::check_catalogue::<super::NotesText>();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
