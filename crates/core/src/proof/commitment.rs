//! Field commitments: a disclosure is base64url (no padding) of the RFC 8785 JSON array
//! `[salt, name, value]`; its digest the base64url SHA-256 of that string; an event's
//! log leaf is the RFC 8785 object `{"eventID", "digests"}` with the digests sorted.

use super::merkle::{leaf_hash, LogHash};
use super::ProofError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Random bytes behind each salt: 128 bits, as SD-JWT recommends, so a hidden value
/// cannot be guessed from its digest.
pub const SALT_BYTES: usize = 16;

/// A field's salt, base64url of [`SALT_BYTES`] random bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Salt(String);

impl Salt {
    pub fn from_bytes(bytes: [u8; SALT_BYTES]) -> Salt {
        Salt(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `text` is base64url without padding of exactly `len` bytes.
fn is_base64url_of(text: &str, len: usize) -> bool {
    URL_SAFE_NO_PAD
        .decode(text)
        .is_ok_and(|bytes| bytes.len() == len)
}

impl TryFrom<String> for Salt {
    type Error = ProofError;
    fn try_from(text: String) -> Result<Self, ProofError> {
        if is_base64url_of(&text, SALT_BYTES) {
            Ok(Salt(text))
        } else {
            Err(ProofError::Salt(text))
        }
    }
}

impl From<Salt> for String {
    fn from(salt: Salt) -> String {
        salt.0
    }
}

/// One disclosed field as the disclosure carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct DisclosedField {
    pub salt: String,
    pub name: String,
    pub value: Value,
}

/// A field's disclosure string (base64url of the JCS array `[salt, name, value]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Disclosure(String);

impl Disclosure {
    pub fn new(salt: &Salt, name: &str, value: &Value) -> Disclosure {
        Disclosure(URL_SAFE_NO_PAD.encode(canonical(&json!([salt.as_str(), name, value]))))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The salt, name and value inside.
    pub fn field(&self) -> DisclosedField {
        // Checked when the disclosure was made or parsed.
        let invalid = || DisclosedField {
            salt: String::new(),
            name: String::new(),
            value: Value::Null,
        };
        decode(&self.0).unwrap_or_else(invalid)
    }

    /// base64url SHA-256 of the disclosure string's ASCII bytes.
    pub fn digest(&self) -> FieldDigest {
        FieldDigest(URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.as_bytes())))
    }
}

fn decode(text: &str) -> Option<DisclosedField> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    let Value::Array(parts) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    match <[Value; 3]>::try_from(parts).ok()? {
        // Any non-empty salt is accepted when reading (SD-JWT's own examples use
        // salts of other lengths); ours are always 16 random bytes.
        [Value::String(salt), Value::String(name), value] if !salt.is_empty() => {
            Some(DisclosedField { salt, name, value })
        }
        _ => None,
    }
}

impl TryFrom<String> for Disclosure {
    type Error = ProofError;
    fn try_from(text: String) -> Result<Self, ProofError> {
        match decode(&text) {
            Some(_) => Ok(Disclosure(text)),
            None => Err(ProofError::Disclosure(text)),
        }
    }
}

impl From<Disclosure> for String {
    fn from(d: Disclosure) -> String {
        d.0
    }
}

/// A field's digest: base64url (no padding) of 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldDigest(String);

impl FieldDigest {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FieldDigest {
    type Error = ProofError;
    fn try_from(text: String) -> Result<Self, ProofError> {
        if is_base64url_of(&text, 32) {
            Ok(FieldDigest(text))
        } else {
            Err(ProofError::Digest(text))
        }
    }
}

impl From<FieldDigest> for String {
    fn from(d: FieldDigest) -> String {
        d.0
    }
}

/// An event's log leaf: its eventID and every field's digest, sorted (string order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLeaf {
    #[serde(rename = "eventID")]
    pub event_id: String,
    pub digests: Vec<FieldDigest>,
}

impl EventLeaf {
    pub fn new(event_id: impl Into<String>, mut digests: Vec<FieldDigest>) -> EventLeaf {
        digests.sort();
        EventLeaf {
            event_id: event_id.into(),
            digests,
        }
    }

    /// The leaf's bytes as logged: RFC 8785 JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        canonical(&json!({ "eventID": self.event_id, "digests": self.digests }))
    }

    /// Reads a logged leaf, refusing bytes that are not the canonical form (so one
    /// event has exactly one leaf).
    pub fn parse(bytes: &[u8]) -> Result<EventLeaf, ProofError> {
        let leaf: EventLeaf =
            serde_json::from_slice(bytes).map_err(|e| ProofError::Leaf(e.to_string()))?;
        if leaf.to_bytes() != bytes {
            return Err(ProofError::Leaf(
                "not RFC 8785 canonical JSON with sorted digests".into(),
            ));
        }
        Ok(leaf)
    }

    /// RFC 6962 leaf hash: SHA-256(0x00 || leaf bytes).
    pub fn hash(&self) -> LogHash {
        leaf_hash(&self.to_bytes())
    }
}

/// RFC 8785 JSON. Every value here came from JSON, so canonicalisation cannot fail:
/// serde_jcs only refuses non-finite numbers, which JSON cannot hold.
fn canonical(value: &Value) -> Vec<u8> {
    serde_jcs::to_vec(value).unwrap_or_default()
}
