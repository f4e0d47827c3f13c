//! The public code keys a server publishes at `/.well-known/lottrace/code-keys.json`:
//! each with its business, GLN, validity and revocation. Apps cache the set and check
//! signatures offline with it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Names a code key: the first two bytes of SHA-256 of its public key, hex in key sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 2]);

impl KeyId {
    pub fn of(public_key: &[u8; 32]) -> KeyId {
        let d = Sha256::digest(public_key);
        KeyId([d[0], d[1]])
    }

    pub fn hex(self) -> String {
        format!("{:02x}{:02x}", self.0[0], self.0[1])
    }
}

/// One business's public code key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeKey {
    /// [`KeyId`] in hex (4 characters).
    pub kid: String,
    /// Always `Ed25519`.
    pub alg: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
    /// The business's name, as shown: "Signed by …".
    pub business: String,
    pub gln: Option<String>,
    /// When the key started signing (RFC 3339).
    pub valid_from: String,
    /// When it stopped issuing new codes; codes signed before stay valid.
    pub valid_until: Option<String>,
    /// When it was revoked: from then on nothing it signed is trusted.
    pub revoked_at: Option<String>,
}

impl CodeKey {
    pub fn new(public_key: &[u8; 32], business: &str, gln: Option<&str>, valid_from: &str) -> Self {
        CodeKey {
            kid: KeyId::of(public_key).hex(),
            alg: "Ed25519".into(),
            public_key: URL_SAFE_NO_PAD.encode(public_key),
            business: business.to_string(),
            gln: gln.map(str::to_string),
            valid_from: valid_from.to_string(),
            valid_until: None,
            revoked_at: None,
        }
    }

    pub fn public_key_bytes(&self) -> Option<[u8; 32]> {
        URL_SAFE_NO_PAD
            .decode(&self.public_key)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
    }

    /// Revoked at or before `now` (RFC 3339)? An unreadable time counts as revoked:
    /// a key set that cannot say when is not trusted.
    pub fn is_revoked_at(&self, now: &str) -> bool {
        let Some(revoked) = &self.revoked_at else {
            return false;
        };
        match (
            DateTime::parse_from_rfc3339(revoked),
            DateTime::parse_from_rfc3339(now),
        ) {
            (Ok(r), Ok(n)) => r <= n,
            _ => true,
        }
    }
}

/// Every published code key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeKeySet {
    pub keys: Vec<CodeKey>,
}

impl CodeKeySet {
    /// The keys whose id is `kid` (ids are 2 bytes: several keys may share one).
    pub fn with_id(&self, kid: KeyId) -> impl Iterator<Item = &CodeKey> {
        let hex = kid.hex();
        self.keys.iter().filter(move |k| k.kid == hex)
    }
}
