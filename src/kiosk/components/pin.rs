//! The staff PIN that guards a kiosk's settings: stored only as a salted, iterated
//! SHA-256 hash, and a short lock-out after repeated wrong tries. A 4–8 digit PIN is a
//! latch against curious shoppers at a shared screen, not a vault: whoever can read the
//! browser's storage owns the kiosk anyway.

use super::config::PinHash;
use sha2::{Digest, Sha256};

pub const PIN_LEN: std::ops::RangeInclusive<usize> = 4..=8;
/// Wrong tries in a row before the lock-out.
pub const MAX_TRIES: u32 = 5;
pub const LOCKOUT_MS: f64 = 60_000.0;
const ROUNDS: u32 = 10_000;
const LOCK_KEY: &str = "lottrace.kiosk.pin-lock";

/// 4–8 digits.
pub fn valid_pin(pin: &str) -> bool {
    PIN_LEN.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn digest(salt: &str, pin: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b":");
    h.update(pin.as_bytes());
    let mut out = h.finalize();
    // Iterated so each guess against a copied hash costs a little.
    for _ in 1..ROUNDS {
        let mut h = Sha256::new();
        h.update(out);
        h.update(salt.as_bytes());
        out = h.finalize();
    }
    hex(&out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 16 random bytes from the browser's CSPRNG, as hex.
fn new_salt() -> String {
    let array = js_sys::Uint8Array::new_with_length(16);
    let crypto = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"crypto".into()).ok())
        .filter(|c| c.is_object());
    let filled = crypto.as_ref().is_some_and(|c| {
        js_sys::Reflect::get(c, &"getRandomValues".into())
            .ok()
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
            .is_some_and(|f| f.call1(c, &array).is_ok())
    });
    if filled {
        hex(&array.to_vec())
    } else {
        // No Web Crypto (very old browsers): still a per-kiosk salt, if a weaker one.
        format!(
            "{:x}{:x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 1e15) as u64
        )
    }
}

pub fn hash_pin(pin: &str) -> PinHash {
    let salt = new_salt();
    PinHash {
        hash: digest(&salt, pin),
        salt,
    }
}

pub fn verify_pin(pin: &str, stored: &PinHash) -> bool {
    digest(&stored.salt, pin) == stored.hash
}

/// Wrong tries so far and, once locked, until when (ms since the epoch). Kept in
/// storage so a reload does not reset the count.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lock {
    pub failures: u32,
    pub until_ms: f64,
}

impl Lock {
    pub fn load() -> Lock {
        let text = storage().and_then(|s| s.get_item(LOCK_KEY).ok().flatten());
        let mut parts = text.as_deref().unwrap_or("").split(':');
        let failures = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        let until_ms = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
        Lock { failures, until_ms }
    }

    fn store(self) {
        if let Some(s) = storage() {
            let _ = s.set_item(LOCK_KEY, &format!("{}:{}", self.failures, self.until_ms));
        }
    }

    /// Seconds left of a lock-out, if one is running.
    pub fn remaining_secs(self, now_ms: f64) -> Option<u32> {
        (self.until_ms > now_ms).then(|| ((self.until_ms - now_ms) / 1000.0).ceil() as u32)
    }

    /// Counts a wrong PIN; the last allowed one starts the lock-out.
    pub fn failed(mut self, now_ms: f64) -> Lock {
        self.failures += 1;
        if self.failures >= MAX_TRIES {
            self.failures = 0;
            self.until_ms = now_ms + LOCKOUT_MS;
        }
        self.store();
        self
    }

    pub fn clear() {
        Lock::default().store();
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_4_to_8_digits() {
        assert!(valid_pin("1234"));
        assert!(valid_pin("12345678"));
        assert!(!valid_pin("123"));
        assert!(!valid_pin("123456789"));
        assert!(!valid_pin("12a4"));
    }

    #[test]
    fn the_hash_depends_on_salt_and_pin() {
        let a = digest("salt", "1234");
        assert_eq!(a.len(), 64);
        assert_eq!(a, digest("salt", "1234"));
        assert_ne!(a, digest("salt", "1235"));
        assert_ne!(a, digest("pepper", "1234"));
    }
}
