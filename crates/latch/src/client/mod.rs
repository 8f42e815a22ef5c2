//! The browser's plumbing, under the pages: one fetch for every server function
//! (`server_call`), one form action for every form (`form_action`), the JSON they answer read
//! without serde (`json`, `wire`), the auth state every page shares (`auth_state`), the guard
//! that keeps a page for signed-in people (`guard`), and dates as people read them (`dates`).
//! Both targets compile it; nothing here is a page.

pub mod auth_state;
pub mod form_action;
pub mod guard;
pub mod json;
pub mod server_call;
pub mod wire;
