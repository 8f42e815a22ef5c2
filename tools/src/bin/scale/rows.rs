//! What each table of a generated database holds at rest, as the `INSERT … SELECT` over a
//! run of numbers that makes it: accounts, their live sessions, 90 days of events and their
//! daily counts, a week of mail, second factors, passkeys, providers and devices. `fill.rs` runs them in this order.

use super::dialect::Dialect;
use super::shape::{rule, Shape, ATTACKED_EVENTS, EVENTS_KEPT, EVENTS_PER_ACCOUNT, MAILS_PER_ACCOUNT};

/// A browser's user agent, as long as real ones are.
pub const USER_AGENT: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/// A sent mail's bodies, about the size of Latch's own notices.
const TEXT_BODY: &str = "Hello,\n\nSomeone signed in to your Latch account from a new device: Chrome on Windows, from the network 198.51.100.0/24, at 14:02 UTC.\n\nIf this was you, there is nothing to do. If it was not, open the link below: it ends every session and asks you to choose a new password.\n\nhttps://latch.example.com/not-me/";
const HTML_BODY: &str = "<!doctype html><html lang=\"en\"><body style=\"font-family:sans-serif;color:#1a1a1a\"><p>Hello,</p><p>Someone signed in to your Latch account from a new device: <strong>Chrome on Windows</strong>, from the network 198.51.100.0/24, at 14:02 UTC.</p><p>If this was you, there is nothing to do. If it was not, press the button below: it ends every session and asks you to choose a new password.</p><p><a href=\"https://latch.example.com/not-me/\" style=\"background:#2450c8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">This was not me</a></p></body></html>";

/// The console's daily counts of the generated history, as Latch keeps them when it writes
/// each event (and as its migration counted an older history).
const ACTIVITY_FROM_EVENTS: &str = "INSERT INTO activity_days (day, kind, count) \
     SELECT at / 86400 * 86400, type, count(*) FROM events WHERE type IN ('signup', 'login', 'login_failed') \
     GROUP BY at / 86400, type";

/// What every table's statement needs: the dialect, the shape, the moment of the fill and the
/// one password hash.
pub struct Steady<'a> {
    d: Dialect,
    shape: Shape,
    now: i64,
    hash: &'a str,
    /// When account `i` signed up: spread over the 400 days before the fill.
    joined: String,
}

impl<'a> Steady<'a> {
    /// Every statement of a database at rest, in the order the foreign keys want.
    pub fn rows(d: Dialect, shape: Shape, now: i64, hash: &'a str) -> Vec<String> {
        let joined = format!("({now} - 400 * 86400 + i * {})", 395 * 86_400 / shape.accounts);
        let steady = Steady { d, shape, now, hash, joined };
        let mut statements = vec![steady.users(), steady.sessions()];
        statements.extend(steady.events());
        statements.push(ACTIVITY_FROM_EVENTS.to_owned());
        statements.push(steady.outbox());
        statements.extend(steady.second_factors());
        statements.extend(steady.passkeys());
        statements.push(steady.providers());
        statements.push(steady.devices());
        statements.push(format!(
            "INSERT INTO account_roles (user_id, role, granted_at) VALUES ({}, 'admin', {now})",
            Shape::ADMIN
        ));
        statements
    }

    /// Accounts: nine in ten with a proven address, a third in Korean.
    fn users(&self) -> String {
        let (n, hash, joined, now) = (self.shape.accounts, self.hash, &self.joined, self.now);
        self.d.insert_series(
            "users",
            "id, email, username, password_hash, created_at, email_verified_at, language, last_sign_in_at",
            n,
            &format!(
                "i, 'user' || i || '@example.com', 'User ' || i, '{hash}', {joined}, \
                 CASE WHEN i % 10 <> 9 THEN {joined} + 600 END, CASE WHEN i % 3 = 0 THEN 'ko' ELSE 'en' END, \
                 {now} - (i * 7919) % (30 * 86400)"
            ),
        )
    }

    /// One live session per account, its id [`Shape::live_session`].
    fn sessions(&self) -> String {
        let now = self.now;
        self.d.insert_series(
            "sessions",
            "id, user_id, created_at, expires_at, user_agent, last_seen_at",
            self.shape.accounts,
            &format!(
                "{}, i, {now} - (i % 7) * 86400 - 3600, {now} + 30 * 86400, '{USER_AGENT}', {now} - i % 3600",
                self.d.padded("i", 22)
            ),
        )
    }

    /// 90 days of events, in time order as they were written (ids grow with `at`): about
    /// [`EVENTS_PER_ACCOUNT`] per account, and [`ATTACKED_EVENTS`] per attacked account.
    fn events(&self) -> [String; 2] {
        let (n, now, shape) = (self.shape.accounts, self.now, self.shape);
        let regular = EVENTS_PER_ACCOUNT * n;
        let attacked = ATTACKED_EVENTS * shape.attacked();
        [
            self.d.insert_series(
                "events",
                "user_id, type, at, ip, user_agent",
                regular,
                &format!(
                    "(i * 2654435761) % {n} + 1, CASE i % 10 WHEN 0 THEN 'login_failed' WHEN 1 THEN 'new_device' \
                     WHEN 2 THEN 'logout' WHEN 3 THEN 'session_revoked' WHEN 4 THEN 'reauthenticated' ELSE 'login' END, \
                     {now} - {EVENTS_KEPT} + 3600 + i * ({EVENTS_KEPT} - 7200) / {regular}, '198.51.100.' || (i % 250), '{USER_AGENT}'"
                ),
            ),
            self.d.insert_series(
                "events",
                "user_id, type, at, ip, user_agent",
                attacked,
                &format!(
                    "{} + (i - 1) % {}, CASE WHEN i % 10 = 0 THEN 'throttled' ELSE 'login_failed' END, \
                     {now} - {EVENTS_KEPT} + 3600 + i * ({EVENTS_KEPT} - 7200) / {attacked}, '203.0.113.' || (i % 250), 'python-requests/2.32.3'",
                    Shape::ADMIN + 1,
                    shape.attacked()
                ),
            ),
        ]
    }

    /// A week of mail, [`MAILS_PER_ACCOUNT`] per account: sent, or one in a hundred given up.
    fn outbox(&self) -> String {
        let (n, now) = (self.shape.accounts, self.now);
        let mails = MAILS_PER_ACCOUNT * n;
        let mailed = format!("({now} - 6 * 86400 + i * {} / {mails})", 6 * 86_400);
        let recipient = format!("((i * 7) % {n} + 1)");
        self.d.insert_series(
            "outbox",
            "kind, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at, sent_at, gave_up_at, last_error, user_id",
            mails,
            &format!(
                "CASE i % 3 WHEN 0 THEN 'verify_email' WHEN 1 THEN 'new_device' ELSE 'password_reset' END, \
                 'user' || {recipient} || '@example.com', 'Sign-in from a new device', '{TEXT_BODY}' || i, '{HTML_BODY}' || i, \
                 {mailed}, 1, {mailed}, CASE WHEN i % 100 <> 0 THEN {mailed} + 2 END, CASE WHEN i % 100 = 0 THEN {mailed} + 2 END, \
                 CASE WHEN i % 100 = 0 THEN '550 5.1.1 mailbox unavailable' END, {recipient}"
            ),
        )
    }

    /// An authenticator and ten recovery codes where [`rule::totp`] says.
    fn second_factors(&self) -> [String; 2] {
        let (n, joined) = (self.shape.accounts, &self.joined);
        let owner_of_code = "((i - 1) / 10 + 1)";
        [
            self.d.insert_series(
                "totp_factors",
                "user_id, secret_sealed, created_at, enabled_at, last_step",
                n,
                &format!("i, 'v1.' || {}, {joined} + 3600, {joined} + 3660, 0", self.d.padded("i * 7919", 96)),
            ) + &format!(" WHERE {}", rule::totp("i")),
            self.d.insert_series(
                "recovery_codes",
                "user_id, code_hash",
                10 * n,
                &format!("{owner_of_code}, {}", self.d.padded("i", 64)),
            ) + &format!(" WHERE {}", rule::totp(owner_of_code)),
        ]
    }

    /// A passkey (and the account's WebAuthn handle) where [`rule::passkey`] says.
    fn passkeys(&self) -> [String; 2] {
        let (n, joined, now) = (self.shape.accounts, &self.joined, self.now);
        [
            self.d.insert_series("webauthn_users", "user_id, handle", n, &format!("i, {}", self.d.padded("i", 36)))
                + &format!(" WHERE {}", rule::passkey("i")),
            self.d.insert_series(
                "passkeys",
                "user_id, credential_id, name, credential, created_at, last_used_at",
                n,
                &format!(
                    "i, 'cred-' || {}, 'Phone', '{{\"cred\":{{\"type\":\"ES256\",\"key\":\"' || {} || '\"}}}}', {joined} + 7200, {now} - i % 86400",
                    self.d.padded("i", 40),
                    self.d.padded("i * 31", 400)
                ),
            ) + &format!(" WHERE {}", rule::passkey("i")),
        ]
    }

    /// A linked provider where [`rule::provider`] says.
    fn providers(&self) -> String {
        let (joined, now) = (&self.joined, self.now);
        self.d.insert_series(
            "linked_identities",
            "user_id, provider, issuer, subject, email, linked_at, last_used_at",
            self.shape.accounts,
            &format!("i, 'oidc', 'https://id.example.com', 'subject-' || i, 'user' || i || '@example.com', {joined} + 60, {now} - i % 86400"),
        ) + &format!(" WHERE {}", rule::provider("i"))
    }

    /// A known browser per account.
    fn devices(&self) -> String {
        let now = self.now;
        self.d.insert_series(
            "known_devices",
            "user_id, device_hash, kind, user_agent, network, first_seen_at, last_seen_at",
            self.shape.accounts,
            &format!(
                "i, {}, 'browser', '{USER_AGENT}', '198.51.100.0/24', {now} - (i % 300) * 86400 - 86400, {now} - (i % 300) * 86400",
                self.d.padded("i", 64)
            ),
        )
    }
}
