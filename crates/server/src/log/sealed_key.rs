//! The log's Ed25519 seed at rest: sealed with ChaCha20-Poly1305 (the origin as
//! associated data) under a key derived from the operator's passphrase by Argon2id
//! (19 MiB, 2 passes, one lane: the argon2 crate's defaults, OWASP's minimum).

use crate::store::{SealedKey, Store, StoreError};
use argon2::Argon2;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use lottrace_core::proof::LogSigner;
use rand_core::{OsRng, RngCore};

/// Where the log's name and key come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    /// The checkpoint origin and key name (e.g. `trace.example.com/log`), fixed at the
    /// log's first start; `None`: the stored one, or [`LogConfig::DEFAULT_ORIGIN`].
    pub origin: Option<String>,
    /// Seals the signing key. Without one the key is sealed under the empty
    /// passphrase: anyone with the database file can then sign as the log.
    pub passphrase: Option<String>,
}

impl LogConfig {
    pub const DEFAULT_ORIGIN: &'static str = "localhost/lottrace";

    /// No passphrase, the default origin (tests, local demos).
    pub fn unprotected() -> LogConfig {
        LogConfig {
            origin: None,
            passphrase: None,
        }
    }
}

fn cipher(passphrase: &str, salt: &[u8]) -> Result<ChaCha20Poly1305, String> {
    let mut key = [0u8; 32];
    Argon2::default()
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| format!("log key: cannot derive the sealing key: {e}"))?;
    Ok(ChaCha20Poly1305::new(Key::from_slice(&key)))
}

pub(super) fn open_or_create(store: &dyn Store, config: &LogConfig) -> Result<LogSigner, String> {
    let passphrase = config.passphrase.as_deref().unwrap_or("");
    let stored = store
        .log_key()
        .map_err(|e| format!("log key: cannot read it: {e}"))?;
    let Some(sealed) = stored else {
        return create(store, config, passphrase);
    };
    if let Some(origin) = &config.origin {
        if origin != &sealed.origin {
            return Err(format!(
                "the log's origin is {:?} (fixed when it started); --log-origin {origin:?} cannot change it",
                sealed.origin
            ));
        }
    }
    let seed = unseal(
        passphrase,
        sealed.origin.as_bytes(),
        &sealed.kdf_salt,
        &sealed.nonce,
        &sealed.sealed,
    )
    .map_err(|_| {
        "cannot unseal the log's signing key: wrong passphrase (--log-passphrase or \
         LOTTRACE_LOG_PASSPHRASE must be the one given when the log started)"
            .to_string()
    })?;
    let signer = LogSigner::new(&sealed.origin, &seed).map_err(|e| e.to_string())?;
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    if public.as_bytes()[..] != sealed.public_key[..] {
        return Err("log key: the sealed key does not match its stored public key".into());
    }
    Ok(signer)
}

fn create(store: &dyn Store, config: &LogConfig, passphrase: &str) -> Result<LogSigner, String> {
    let origin = config
        .origin
        .clone()
        .unwrap_or_else(|| LogConfig::DEFAULT_ORIGIN.to_string());
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    let signer = LogSigner::new(&origin, &seed)
        .map_err(|e| format!("--log-origin {origin:?} is not a key name: {e}"))?;
    let Sealed {
        kdf_salt,
        nonce,
        sealed,
    } = seal(passphrase, origin.as_bytes(), &seed).map_err(|e| format!("log key: {e}"))?;
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    let key = SealedKey {
        origin,
        public_key: public.as_bytes().to_vec(),
        kdf_salt,
        nonce,
        sealed,
    };
    match store.init_log_key(&key) {
        Ok(()) => Ok(signer),
        // Another process made it first: use that one.
        Err(StoreError::Conflict(_)) => open_or_create(store, config),
        Err(e) => Err(format!("log key: cannot store it: {e}")),
    }
}

/// A seed sealed by [`seal`]: the Argon2id salt, the nonce and the ciphertext.
pub(crate) struct Sealed {
    pub kdf_salt: Vec<u8>,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

/// Seals a 32-byte seed under `passphrase` (a fresh Argon2id salt and nonce), bound to
/// `aad` (what the seed is for).
pub(crate) fn seal(passphrase: &str, aad: &[u8], seed: &[u8; 32]) -> Result<Sealed, String> {
    let mut kdf_salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut kdf_salt);
    OsRng.fill_bytes(&mut nonce);
    let sealed = cipher(passphrase, &kdf_salt)?
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: seed, aad })
        .map_err(|_| "cannot seal the key".to_string())?;
    Ok(Sealed {
        kdf_salt: kdf_salt.to_vec(),
        nonce: nonce.to_vec(),
        sealed,
    })
}

/// The seed [`seal`] sealed, or why not (a wrong passphrase or other `aad` fails).
pub(crate) fn unseal(
    passphrase: &str,
    aad: &[u8],
    kdf_salt: &[u8],
    nonce: &[u8],
    sealed: &[u8],
) -> Result<[u8; 32], String> {
    if nonce.len() != 12 {
        return Err("the sealed key's nonce is not 12 bytes".into());
    }
    let seed = cipher(passphrase, kdf_salt)?
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map_err(|_| "wrong passphrase".to_string())?;
    <[u8; 32]>::try_from(seed).map_err(|_| "the sealed seed is not 32 bytes".to_string())
}
