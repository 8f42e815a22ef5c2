//! The notes themselves: what a note is, the server functions that read and change them
//! (each guarded, each keyed by the caller's own id), and the two pages, written the way the
//! Leptos book teaches (`Resource`, `Suspense`, `ActionForm`): they work with JavaScript off
//! too, since an `ActionForm` is a real form and the pages render on the server.

use latch::{auth::error::AuthError, client::guard::RequireSignedIn, i18n::dates::date_time};
use leptos::{html, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    model::{Note, Notebook, NOTE_MAX_CHARS},
    texts::NotesText,
};

#[server(prefix = "/api/notes/fn", endpoint = "list")]
pub async fn list_notes() -> Result<Notebook, AuthError> {
    let caller = latch::server_fns::guard::require_signed_in().await?;
    crate::server::store::notebook(&crate::server::db()?, caller.id(), crate::server::store::PAGE).await
}

#[server(prefix = "/api/notes/fn", endpoint = "one")]
pub async fn get_note(id: i64) -> Result<Note, AuthError> {
    let caller = latch::server_fns::guard::require_signed_in().await?;
    let note = crate::server::store::note(&crate::server::db()?, caller.id(), id).await?;
    // Rendered into a page on the server, a missing note makes the page a 404 too.
    if let (None, Some(response)) = (&note, use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    note.ok_or(AuthError::NotFound)
}

#[server(prefix = "/api/notes/fn", endpoint = "add")]
pub async fn add_note(text: String) -> Result<Note, AuthError> {
    let caller = latch::server_fns::guard::require_signed_in().await?;
    let text = crate::server::store::checked_text(&text)?;
    crate::server::store::add(&crate::server::db()?, caller.id(), text).await
}

#[server(prefix = "/api/notes/fn", endpoint = "delete")]
pub async fn delete_note(id: i64) -> Result<(), AuthError> {
    let caller = latch::server_fns::guard::require_signed_in().await?;
    crate::server::store::delete(&crate::server::db()?, caller.id(), id).await
}

/// `/`: the signed-in person's notes and a form to add one.
#[component]
pub fn NotesPage() -> impl IntoView {
    let add = ServerAction::<AddNote>::new();
    let delete = ServerAction::<DeleteNote>::new();
    let notebook = Resource::new(move || (add.version().get(), delete.version().get()), |_| list_notes());
    view! {
        <Title text=NotesText::notes_title.text() />
        <RequireSignedIn let:user>
            <section class="card notebook">
                <Suspense fallback=|| view! { <p class="muted" aria-busy="true">{NotesText::notes_loading.text()}</p> }>
                    {move || notebook.get().map(|answer| match answer {
                        Ok(book) => {
                            let author = book.author.clone().unwrap_or_else(|| user.username.clone());
                            view! {
                                <h1>{NotesText::notes_heading.with(&[("author", &author)])}</h1>
                                <NoteList notes=book.notes delete />
                            }.into_any()
                        }
                        Err(error) => view! { <p class="alert" role="alert">{error.message()}</p> }.into_any(),
                    })}
                </Suspense>
                <AddNoteForm add />
            </section>
        </RequireSignedIn>
    }
}

#[component]
fn NoteList(notes: Vec<Note>, delete: ServerAction<DeleteNote>) -> impl IntoView {
    if notes.is_empty() {
        return view! { <p class="muted">{NotesText::notes_empty.text()}</p> }.into_any();
    }
    view! {
        <ul class="notes">
            {notes.into_iter().map(|note| view! {
                <li class="note">
                    <a href=format!("/notes/{}", note.id)>{note.text}</a>
                    <span class="muted">{date_time(note.created_at)}</span>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=note.id />
                        <button type="submit" class="link danger">{NotesText::notes_delete.text()}</button>
                    </ActionForm>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn AddNoteForm(add: ServerAction<AddNote>) -> impl IntoView {
    let form = NodeRef::<html::Form>::new();
    // A saved note empties the form for the next one.
    Effect::new(move || {
        if let (Some(Ok(_)), Some(form)) = (add.value().get(), form.get()) {
            form.reset();
        }
    });
    let error = move || match add.value().get() {
        Some(Err(AuthError::Invalid(fields))) => fields.others.into_iter().next().map(|refused| refused.message),
        Some(Err(other)) => Some(other.message()),
        _ => None,
    };
    view! {
        <ActionForm action=add node_ref=form>
            <div class="field">
                <label for="note-text">{NotesText::notes_new.text()}</label>
                <textarea id="note-text" name="text" rows="3" aria-describedby="note-text-note"
                    aria-invalid=move || error().is_some().to_string()></textarea>
                <p id="note-text-note" class=move || if error().is_some() { "field-note error" } else { "field-note" }>
                    {move || error().unwrap_or_else(|| NotesText::notes_limit.with(&[("max", &NOTE_MAX_CHARS)]))}
                </p>
            </div>
            <button type="submit" disabled=move || add.pending().get()>
                {move || if add.pending().get() { NotesText::notes_saving.text() } else { NotesText::notes_add.text() }}
            </button>
        </ActionForm>
    }
}

/// `/notes/{id}`: one note, if it is the signed-in person's; anyone else's is "not found".
#[component]
pub fn NotePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let note = Resource::new(id, get_note);
    view! {
        <Title text=NotesText::note_title.text() />
        <RequireSignedIn let:_user>
            <article class="card">
                <Suspense fallback=|| view! { <p class="muted" aria-busy="true">{latch::tr!(loading)}</p> }>
                    {move || note.get().map(|answer| match answer {
                        Ok(note) => view! {
                            <h1>{NotesText::note_title.text()}</h1>
                            <p class="note-text">{note.text}</p>
                            <p class="muted">{NotesText::note_written.with(&[("date", &date_time(note.created_at))])}</p>
                        }.into_any(),
                        Err(error) => view! { <h1>{NotesText::note_not_found.text()}</h1><p role="alert">{error.message()}</p> }.into_any(),
                    })}
                </Suspense>
                <p><a href="/">{NotesText::notes_back.text()}</a></p>
            </article>
        </RequireSignedIn>
    }
}
