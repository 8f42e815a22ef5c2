//! One Argon2id hash, in this thread's reused memory, stored as a PHC string
//! (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) that any Argon2 library reads.

use std::cell::RefCell;

use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version, ARGON2ID_IDENT,
};

use super::{HashError, PasswordHashString};
use crate::auth::validate::Password;

/// OWASP's minimum for Argon2id: 19 MiB of memory, 2 passes, 1 lane.
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;

thread_local! {
    /// This thread's Argon2 working memory (19 MiB at our parameters), allocated by its first
    /// hash and reused by every later one: no allocation, no page faults, a flat footprint.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn our_params() -> Params {
    Params::new(MEMORY_KIB, PASSES, LANES, None).expect("constant Argon2 parameters are valid")
}

/// The raw Argon2id output for `password` and `salt`, computed in this thread's memory.
fn argon2id(params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), HashError> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    MEMORY
        .with_borrow_mut(|memory| {
            if memory.len() < params.block_count() {
                memory.resize(params.block_count(), Block::new());
            }
            argon2.hash_password_into_with_memory(password, salt, out, &mut memory[..params.block_count()])
        })
        .map_err(|e| HashError::Argon2(e.to_string()))
}

/// Gives this thread's working memory back: an idle server holds none.
pub(super) fn release_memory() {
    MEMORY.with_borrow_mut(|memory| *memory = Vec::new());
}

fn phc_error(error: argon2::password_hash::Error) -> HashError {
    HashError::Argon2(error.to_string())
}

pub(super) fn hash_now(password: &Password) -> Result<PasswordHashString, HashError> {
    let params = our_params();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(phc_error)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2id(&params, password.expose().as_bytes(), salt_bytes, &mut out)?;
    let phc = PasswordHash {
        algorithm: ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(phc_error)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(phc_error)?),
    };
    Ok(PasswordHashString(phc.to_string()))
}

/// The parameters stored with the hash are used, so raising ours later keeps old hashes valid.
pub(super) fn verify_now(password: &Password, stored: &PasswordHashString) -> Result<bool, HashError> {
    let parsed = PasswordHash::new(stored.as_str()).map_err(phc_error)?;
    if parsed.algorithm != ARGON2ID_IDENT || parsed.version != Some(Version::V0x13.into()) {
        return Err(HashError::Argon2(format!("unsupported hash algorithm {}", parsed.algorithm)));
    }
    let params = Params::try_from(&parsed).map_err(|e| HashError::Argon2(e.to_string()))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(HashError::Argon2("a stored hash without salt or output".into()));
    };
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(phc_error)?;
    let mut out = vec![0u8; expected.len()];
    argon2id(&params, password.expose().as_bytes(), salt_bytes, &mut out)?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&out).map_err(phc_error)? == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::PasswordHasher as _;
        let salt = SaltString::generate(&mut OsRng);
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, our_params())
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        let stored = PasswordHashString::from_stored(reference);
        assert!(verify_now(&Password::parse("correct horse battery").unwrap(), &stored).unwrap());
        assert!(!verify_now(&Password::parse("correct horse batterx").unwrap(), &stored).unwrap());
    }
}
