//! Security notices the owner may get by mail (docs/notices.md): a sign-in from a new device
//! (`new_device.rs`, with "This wasn't me" in `not_me.rs`) and guesses at the password
//! (`guessing.rs`).
//!
//! The notices of changes to the account's ways in (a password changed, a factor removed)
//! are elsewhere, beside each change, and cannot be turned off. Every notice here has its own
//! cap, so that no one can turn Latch into a mail cannon against an account's owner.

mod guessing;
mod network;
mod new_device;
mod not_me;

pub use guessing::{GUESSING_NOTICE_EVERY_SECS, GUESSING_WINDOW_SECS};
pub use network::coarse_network;
pub use new_device::{is_device_secret, new_device_secret, NEW_DEVICE_MAILS_PER_DAY, NOT_ME_LINK_SECS, NOT_ME_PATH};
