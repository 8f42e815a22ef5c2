//! What the throttle counts (`Key`) and how much it allows (`Limit`, `Limits`): the
//! vocabulary both the in-memory buckets (`local.rs`) and the shared ones
//! (`shared.rs`) speak.

use std::time::Duration;

use super::address::AddressKey;

/// What is being counted, and for whom. Emails are normalized, whether or not an account
/// exists: an unknown email is throttled exactly like a real one, so throttling reveals nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// Wrong passwords from one address, whichever accounts they name.
    LoginFailuresFromAddress(AddressKey),
    /// One account guessed at from one address: what locks a single guesser out.
    LoginFailuresForAccountFromAddress(String, AddressKey),
    /// One account guessed at from anywhere: a looser ceiling only a distributed attack reaches.
    LoginFailuresForAccount(String),
    /// Accounts created from one address.
    SignupsFromAddress(AddressKey),
    /// "Forgot your password?" from one address, and for one email from anywhere: each
    /// request may send a mail, so both are bounded.
    PasswordResetsFromAddress(AddressKey),
    /// Reset links asked for one address, from anywhere.
    PasswordResetsForEmail(String),
    /// "Send the verification link again", per account.
    VerificationMailsForAccount(i64),
    /// "Move to a new address", per account: each sends a mail to an address of the
    /// account's choosing.
    AddressChangesForAccount(i64),
    /// Passkey sign-ins started from one address: each stores a ceremony for minutes.
    PasskeyStartsFromAddress(AddressKey),
    /// Wrong second-step codes (authenticator or recovery) for one account, across every
    /// challenge: a right password buys a new challenge, not new guesses.
    SecondStepFailuresForAccount(i64),
    /// Wrong second-step codes from one address, whichever accounts they name.
    SecondStepFailuresFromAddress(AddressKey),
    /// Sign-in mails asked from one address, and for one email from anywhere: each may send
    /// a mail, so both are bounded.
    SignInMailsFromAddress(AddressKey),
    /// Sign-in mails asked for one address, from anywhere.
    SignInMailsForEmail(String),
    /// Wrong sign-in codes for one account, across every request of its.
    SignInCodeFailuresForAccount(i64),
}

/// At most `per_hour` events in any hour: a burst of a tenth of that, then a steady refill.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    burst: f64,
    refill_every: Duration,
}

impl Limit {
    /// At most `per_hour` in any hour, a tenth of it at once.
    pub fn per_hour(per_hour: u32) -> Self {
        let per_hour = per_hour.max(1);
        let burst = (per_hour / 10).max(1);
        let steady = (per_hour - burst).max(1);
        Self { burst: f64::from(burst), refill_every: Duration::from_secs_f64(3600.0 / f64::from(steady)) }
    }

    /// `burst` at once, then `per_hour` in any later hour: for guesses whose space is small
    /// (a six-digit code), where a tenth of the hourly rate would be too generous a burst.
    pub fn burst_then_per_hour(burst: u32, per_hour: u32) -> Self {
        let per_hour = per_hour.max(1);
        Self { burst: f64::from(burst.max(1)), refill_every: Duration::from_secs_f64(3600.0 / f64::from(per_hour)) }
    }
}

/// Every limit, as configured (`THROTTLE_*`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wrong passwords from one address.
    pub login_failures_per_address: Limit,
    /// Wrong passwords for one account from one address.
    pub login_failures_per_account_and_address: Limit,
    /// Wrong passwords for one account from anywhere.
    pub login_failures_per_account: Limit,
    /// Accounts created from one address.
    pub signups_per_address: Limit,
    /// Reset links asked from one address.
    pub password_resets_per_address: Limit,
    /// Reset links asked for one address.
    pub password_resets_per_email: Limit,
    /// Verification links sent again, per account.
    pub verification_mails_per_account: Limit,
    /// Moves to a new address, per account.
    pub address_changes_per_account: Limit,
    /// Passkey sign-ins started from one address.
    pub passkey_starts_per_address: Limit,
    /// Wrong second-step codes for one account.
    pub second_step_failures_per_account: Limit,
    /// Wrong second-step codes from one address.
    pub second_step_failures_per_address: Limit,
    /// Sign-in mails asked from one address.
    pub sign_in_mails_per_address: Limit,
    /// Sign-in mails asked for one address.
    pub sign_in_mails_per_email: Limit,
    /// Wrong sign-in codes for one account.
    pub sign_in_code_failures_per_account: Limit,
}

impl Key {
    /// The bucket's name in the shared table: a kind prefix, then what it counts.
    pub fn stored_name(&self) -> String {
        match self {
            Key::LoginFailuresFromAddress(address) => format!("login@{address}"),
            Key::LoginFailuresForAccountFromAddress(email, address) => format!("login:{email}@{address}"),
            Key::LoginFailuresForAccount(email) => format!("login:{email}"),
            Key::SignupsFromAddress(address) => format!("signup@{address}"),
            Key::PasswordResetsFromAddress(address) => format!("reset@{address}"),
            Key::PasswordResetsForEmail(email) => format!("reset:{email}"),
            Key::VerificationMailsForAccount(user_id) => format!("verify:{user_id}"),
            Key::AddressChangesForAccount(user_id) => format!("move:{user_id}"),
            Key::PasskeyStartsFromAddress(address) => format!("passkey@{address}"),
            Key::SecondStepFailuresForAccount(user_id) => format!("2fa:{user_id}"),
            Key::SecondStepFailuresFromAddress(address) => format!("2fa@{address}"),
            Key::SignInMailsFromAddress(address) => format!("signin@{address}"),
            Key::SignInMailsForEmail(email) => format!("signin:{email}"),
            Key::SignInCodeFailuresForAccount(user_id) => format!("signin-code:{user_id}"),
        }
    }
}

impl Limit {
    /// The most a bucket holds.
    pub fn burst(&self) -> f64 {
        self.burst
    }

    /// Seconds to earn one attempt back.
    pub fn refill_secs(&self) -> f64 {
        self.refill_every.as_secs_f64()
    }

    /// The attempts in a bucket that held `tokens` `elapsed_secs` ago.
    pub fn refilled(&self, tokens: f64, elapsed_secs: f64) -> f64 {
        (tokens + elapsed_secs.max(0.0) / self.refill_secs()).min(self.burst)
    }

    /// How long until a bucket holding `tokens` has one attempt.
    pub fn wait_for_one(&self, tokens: f64) -> Duration {
        self.refill_every.mul_f64((1.0 - tokens).max(0.0))
    }
}

impl Limits {
    /// The same limit for every key (tests and benchmarks).
    pub fn uniform(limit: Limit) -> Self {
        Self {
            login_failures_per_address: limit,
            login_failures_per_account_and_address: limit,
            login_failures_per_account: limit,
            signups_per_address: limit,
            password_resets_per_address: limit,
            password_resets_per_email: limit,
            verification_mails_per_account: limit,
            address_changes_per_account: limit,
            passkey_starts_per_address: limit,
            second_step_failures_per_account: limit,
            second_step_failures_per_address: limit,
            sign_in_mails_per_address: limit,
            sign_in_mails_per_email: limit,
            sign_in_code_failures_per_account: limit,
        }
    }

    /// The limit that holds for `key`.
    pub fn of(&self, key: &Key) -> Limit {
        match key {
            Key::LoginFailuresFromAddress(_) => self.login_failures_per_address,
            Key::LoginFailuresForAccountFromAddress(..) => self.login_failures_per_account_and_address,
            Key::LoginFailuresForAccount(_) => self.login_failures_per_account,
            Key::SignupsFromAddress(_) => self.signups_per_address,
            Key::PasswordResetsFromAddress(_) => self.password_resets_per_address,
            Key::PasswordResetsForEmail(_) => self.password_resets_per_email,
            Key::VerificationMailsForAccount(_) => self.verification_mails_per_account,
            Key::AddressChangesForAccount(_) => self.address_changes_per_account,
            Key::PasskeyStartsFromAddress(_) => self.passkey_starts_per_address,
            Key::SecondStepFailuresForAccount(_) => self.second_step_failures_per_account,
            Key::SecondStepFailuresFromAddress(_) => self.second_step_failures_per_address,
            Key::SignInMailsFromAddress(_) => self.sign_in_mails_per_address,
            Key::SignInMailsForEmail(_) => self.sign_in_mails_per_email,
            Key::SignInCodeFailuresForAccount(_) => self.sign_in_code_failures_per_account,
        }
    }
}
