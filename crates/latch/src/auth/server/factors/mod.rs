//! Second factors: the second step of a login (`second_step`), an authenticator app with its
//! recovery codes (`authenticator`), TOTP codes (`totp`), passkeys (`passkeys`), and the keys
//! that seal secrets and recovery codes at rest (`keys`).

pub mod authenticator;
pub mod keys;
pub mod passkeys;
pub mod second_step;
pub mod totp;
