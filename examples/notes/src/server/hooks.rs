//! Notes' part in Latch's account changes, each inside Latch's own transaction: the display
//! name kept at signup, every row deleted with the account, and both in the export file.

use latch::{
    auth::{
        lookalike::is_hidden_or_reordering,
        server::hooks::{AccountHooks, HookError, HookFuture, Tx},
        server::store::Db,
        signup_fields::{FieldRefusal, SignupField, SignupValues},
    },
    on_tx,
};

use crate::{model::SIGNUP_FIELDS, texts::NotesText};

pub struct NotesHooks;

impl AccountHooks for NotesHooks {
    fn signup_fields(&self) -> &'static [SignupField] {
        SIGNUP_FIELDS
    }

    fn check_signup(&self, values: &SignupValues) -> Vec<FieldRefusal> {
        match values.get("display_name").chars().any(is_hidden_or_reordering) {
            true => {
                vec![FieldRefusal::new("display_name", NotesText::display_name_refused.text())]
            }
            false => Vec::new(),
        }
    }

    fn on_signup<'a>(&'a self, mut tx: Tx<'a>, account: i64, values: &'a SignupValues) -> HookFuture<'a, ()> {
        Box::pin(async move {
            let name = values.get("display_name").trim();
            if !name.is_empty() {
                on_tx!(tx, connection => sqlx::query("INSERT INTO authors (owner, display_name) VALUES ($1, $2)")
                    .bind(account)
                    .bind(name)
                    .execute(connection)
                    .await
                    .map(|done| done.rows_affected()))?;
            }
            Ok(())
        })
    }

    fn on_delete<'a>(&'a self, mut tx: Tx<'a>, account: i64) -> HookFuture<'a, ()> {
        Box::pin(async move {
            for sql in ["DELETE FROM notes WHERE owner = $1", "DELETE FROM authors WHERE owner = $1"] {
                on_tx!(tx, connection => sqlx::query(sql)
                    .bind(account)
                    .execute(connection)
                    .await
                    .map(|done| done.rows_affected()))?;
            }
            Ok(())
        })
    }

    fn export<'a>(&'a self, db: &'a Db, account: i64) -> HookFuture<'a, Option<serde_json::Value>> {
        Box::pin(async move {
            let book = super::store::notebook(db, account, i64::MAX)
                .await
                .map_err(|error| HookError::Refused(error.to_string()))?;
            Ok(Some(serde_json::json!({ "display_name": book.author, "notes": book.notes })))
        })
    }
}
