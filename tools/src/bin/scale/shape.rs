//! What the generated database holds, and the rules both the generator and the probes follow
//! to name its rows: the probes find accounts, sessions and passwords by these rules instead
//! of reading them back.

/// The password of every generated account (one Argon2id hash, made once per fill: verifying
/// it costs a login exactly what any other password costs).
pub const PASSWORD: &str = "benchmark passphrase 42";

/// Security events kept per ordinary account, on average.
pub const EVENTS_PER_ACCOUNT: i64 = 20;
/// Events of each attacked account: a year of someone guessing its password.
pub const ATTACKED_EVENTS: i64 = 100_000;
/// Sessions per account: one live, two expired within the last day (the pruner's work).
pub const DEAD_SESSIONS_PER_ACCOUNT: i64 = 2;
/// Outbox rows per account, all of the last week (sent, or given up).
pub const MAILS_PER_ACCOUNT: i64 = 2;

const DAY: i64 = 86_400;
/// Events are kept 90 days; the generator spreads them over that.
pub const EVENTS_KEPT: i64 = 90 * DAY;

/// One generated database's shape, from its number of accounts.
#[derive(Clone, Copy)]
pub struct Shape {
    pub accounts: i64,
}

impl Shape {
    /// Account 1 is the administrator (a role and an authenticator).
    pub const ADMIN: i64 = 1;

    /// Accounts 2, 3, … hold [`ATTACKED_EVENTS`] each: one per 200,000 accounts, at least one.
    pub fn attacked(self) -> i64 {
        (self.accounts / 200_000).max(1)
    }

    /// The `n`th ordinary account with a password and no second factor (signs in at once).
    pub fn ordinary(self, n: i64) -> i64 {
        let first = self.accounts / 2 / 10 * 10 + 1;
        first + 10 * (n % (self.accounts / 20).max(1))
    }

    /// The `n`th account the administrator disables (and enables again): its live session
    /// ends with it, so the other probes leave these alone.
    pub fn to_disable(self, n: i64) -> i64 {
        self.accounts / 4 / 10 * 10 + 6 + 10 * n
    }

    /// Whether account `id` is one [`Shape::to_disable`] names (`n` below 100).
    pub fn is_to_disable(self, id: i64) -> bool {
        let first = self.to_disable(0);
        id % 10 == 6 && (first..first + 1_000).contains(&id)
    }

    /// The live session of account `id`: its id, as the JWT's `jti`.
    pub fn live_session(id: i64) -> String {
        format!("{id:022}")
    }

    /// The address of account `id`.
    pub fn email(id: i64) -> String {
        format!("user{id}@example.com")
    }
}

/// Which accounts hold what, as SQL conditions on an account id.
pub mod rule {
    /// An authenticator (and ten recovery codes): a tenth, and the administrator.
    pub fn totp(id: &str) -> String {
        format!("({id} % 10 = 0 OR {id} = 1)")
    }

    /// A passkey: another tenth.
    pub fn passkey(id: &str) -> String {
        format!("{id} % 10 = 5")
    }

    /// A linked provider: a twentieth.
    pub fn provider(id: &str) -> String {
        format!("{id} % 20 = 3")
    }
}
