//! The `notes` and `authors` tables. Every query names the owner: a note is found, changed
//! or deleted only with its owner's id beside its own, so another account's id finds nothing.

use latch::{
    auth::{error::AuthError, server::store::Db, signup_fields::FieldRefusal},
    on_db,
};

use crate::{
    model::{Note, Notebook, NOTE_MAX_CHARS},
    texts::NotesText,
};

/// The note's text, trimmed, or why it is refused (inline, beside the field).
pub fn checked_text(text: &str) -> Result<&str, AuthError> {
    let text = text.trim();
    let refusal = match text.chars().count() {
        0 => NotesText::note_empty.text().to_owned(),
        n if n > NOTE_MAX_CHARS => NotesText::note_too_long.with(&[("max", &NOTE_MAX_CHARS)]),
        _ => return Ok(text),
    };
    let fields =
        latch::auth::error::FieldErrors { others: vec![FieldRefusal::new("text", refusal)], ..Default::default() };
    Err(AuthError::Invalid(fields))
}

/// The most notes a page or a list answer shows, newest first (the export has them all).
pub const PAGE: i64 = 500;

/// The owner's display name and notes, newest first, at most `limit` of them.
pub async fn notebook(db: &Db, owner: i64, limit: i64) -> Result<Notebook, AuthError> {
    let author: Option<String> =
        on_db!(db, pool => sqlx::query_scalar("SELECT display_name FROM authors WHERE owner = $1")
        .bind(owner)
        .fetch_optional(pool)
        .await)
        .map_err(failed)?;
    Ok(Notebook { author, notes: notes_of(db, owner, limit).await? })
}

pub async fn notes_of(db: &Db, owner: i64, limit: i64) -> Result<Vec<Note>, AuthError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, text, created_at FROM notes WHERE owner = $1 ORDER BY id DESC LIMIT $2"
    )
    .bind(owner)
    .bind(limit)
    .fetch_all(pool)
    .await)
    .map_err(failed)
}

pub async fn note(db: &Db, owner: i64, id: i64) -> Result<Option<Note>, AuthError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, text, created_at FROM notes WHERE id = $1 AND owner = $2"
    )
    .bind(id)
    .bind(owner)
    .fetch_optional(pool)
    .await)
    .map_err(failed)
}

/// Adds a checked note. An owner deleted meanwhile fails the foreign key: that caller's
/// session has ended, so the answer is "log in again", and no orphan is left.
pub async fn add(db: &Db, owner: i64, text: &str) -> Result<Note, AuthError> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let id: i64 = on_db!(db, pool => sqlx::query_scalar(
        "INSERT INTO notes (owner, text, created_at) VALUES ($1, $2, $3) RETURNING id"
    )
    .bind(owner)
    .bind(text)
    .bind(now)
    .fetch_one(pool)
    .await)
    .map_err(|error| match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => AuthError::Unauthenticated,
        _ => failed(error),
    })?;
    Ok(Note { id, text: text.to_owned(), created_at: now })
}

/// Deletes the owner's note; another's (or none) is `NotFound`, the same answer.
pub async fn delete(db: &Db, owner: i64, id: i64) -> Result<(), AuthError> {
    let deleted = on_db!(db, pool => sqlx::query("DELETE FROM notes WHERE id = $1 AND owner = $2")
        .bind(id)
        .bind(owner)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
    .map_err(failed)?;
    if deleted == 0 {
        return Err(AuthError::NotFound);
    }
    Ok(())
}

fn failed(error: sqlx::Error) -> AuthError {
    tracing::error!(%error, "notes: a query failed");
    AuthError::Internal
}
