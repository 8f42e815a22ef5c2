//! What the sign-in-by-email pages are told (`auth::server::email_sign_in` has the rules).

use serde::{Deserialize, Serialize};

/// What a mailed sign-in link's page shows before its button is pressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailSignInLink {
    /// The browser that asked, described ("Firefox on Windows").
    pub device: String,
    /// Its coarse network.
    pub network: String,
    /// When it asked, Unix seconds, UTC.
    pub asked_at: i64,
    /// Whether the browser showing the page is the one that asked: its button signs in here;
    /// anywhere else it approves that browser's sign-in.
    pub this_browser: bool,
    /// Whether another device approved the request already.
    pub approved: bool,
}

/// Where the asking browser's wait stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailSignInWait {
    /// No device has approved it yet.
    Waiting,
    /// Another device approved it: continuing signs in.
    Approved,
    /// It is over: used, expired, out of tries, or voided by a newer request.
    Ended,
}
