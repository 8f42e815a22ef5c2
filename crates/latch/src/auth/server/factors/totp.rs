//! Authenticator codes (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, as every
//! authenticator app reads them from a QR code), by the `totp-rs` crate. A code is checked
//! against the step before, the current one and the step after (a phone's clock a little off),
//! and the rules accept each step once (`store::factors::spend_step`), so a code seen over a
//! shoulder cannot be replayed.

use qrcode::{render::svg, EcLevel, QrCode};
use rand::RngCore;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// A code's time step: the RFC 6238 default every app uses.
pub const STEP_SECS: u64 = 30;
const DIGITS: usize = 6;
/// Steps either side of now that are accepted.
const SKEW: u64 = 1;
/// 160 bits, the HMAC-SHA1 block the RFC recommends.
const SECRET_BYTES: usize = 20;
/// The issuer an authenticator app shows beside the account.
pub const ISSUER: &str = "Latch";

/// A new random secret of 20 bytes (RFC 4226's recommendation).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// The secret as people type it into an app: base32, no padding.
pub fn secret_text(secret: &[u8]) -> String {
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, secret)
}

/// `otpauth://totp/Latch:ada@example.com?secret=...&issuer=Latch&...`: what the QR code holds.
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    format!(
        "otpauth://totp/{ISSUER}:{}?secret={}&issuer={ISSUER}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        percent_encode(account),
        secret_text(secret)
    )
}

/// The code for step `step` (tests compute codes this way from the secret).
pub fn code_at(secret: &[u8], step: u64) -> String {
    totp(secret).generate(step * STEP_SECS)
}

/// The step whose code `code` is, within the skew around `now` (Unix seconds), if any. Every
/// candidate is compared, in constant time, so the answer's time says nothing.
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now / STEP_SECS;
    let mut found = None;
    for step in current.saturating_sub(SKEW)..=current + SKEW {
        if bool::from(code_at(secret, step).as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found
}

/// The QR code of `uri` as an SVG document, drawn on the server: no service sees the secret.
pub fn qr_svg(uri: &str) -> String {
    match QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        // A URI of a few hundred bytes always fits; this is not reached.
        Err(_) => String::new(),
    }
}

fn totp(secret: &[u8]) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECS, secret.to_vec())
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6238_test_vector_holds() {
        // RFC 6238, appendix B: SHA-1, secret "12345678901234567890", T = 59 s -> 94287082 (8
        // digits); its last six digits are the 6-digit code.
        assert_eq!(code_at(b"12345678901234567890", 59 / STEP_SECS), "287082");
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let step = now / STEP_SECS;
        for offset in [-1i64, 0, 1] {
            let at = (step as i64 + offset) as u64;
            assert_eq!(matching_step(&secret, &code_at(&secret, at), now), Some(at));
        }
        assert_eq!(matching_step(&secret, &code_at(&secret, step + 2), now), None);
        assert_eq!(matching_step(&secret, &code_at(&secret, step - 2), now), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn the_uri_names_the_issuer_and_the_account() {
        let uri = otpauth_uri(b"12345678901234567890", "ada+x@example.com");
        assert!(uri.starts_with(
            "otpauth://totp/Latch:ada%2Bx@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Latch"
        ));
        assert!(qr_svg(&uri).contains("<svg"));
    }
}
