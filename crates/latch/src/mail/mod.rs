//! Sending mail (server only): the worker that empties the outbox over SMTP, and the
//! development page that shows what the outbox holds. What a message says, and writing it to
//! the outbox with the change that causes it, belong to the account rules
//! (`auth::server::messages`, `auth::server::store::outbox`).

pub mod dev_page;
pub mod sender;
