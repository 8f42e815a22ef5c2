//! Second factors: the second step of a login and setting up an authenticator app with its
//! recovery codes (`second_step`), TOTP codes (`totp`), passkeys (`passkeys`), and the keys
//! that seal secrets and recovery codes at rest (`keys`).

pub mod keys;
pub mod passkeys;
pub mod second_step;
pub mod totp;
