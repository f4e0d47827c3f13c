//! AI 8030 (DIGSIG): an Ed25519 signature by the issuing business over the code's other
//! element strings, so a phone can tell a code the business issued from an edited copy
//! without asking anyone.
//!
//! Layout (ours; ISO/IEC 20248's is not public), documented in README "Signed codes":
//! - message: the ASCII bytes of `lottrace-digsig-v1` + LF + the code's parenthesised
//!   element string without (8030) — key and qualifiers first, then dates, net weight and
//!   the other AIs sorted by AI — as [`crate::codes::to_element_string`] writes it, so
//!   every form of the same code (Digital Link, GS1 DataMatrix, GS1-128) signs the same;
//! - value: base64url without padding of key id (2 bytes) || signature (64 bytes),
//!   88 characters (the dictionary allows 90 of CSET 64);
//! - key id: the first 2 bytes of SHA-256 of the 32-byte public key, which finds the key
//!   in the key set (two keys sharing an id are both tried).

use super::key_set::{CodeKey, CodeKeySet, KeyId};
use crate::codes::{to_element_string, CodeError, Identification};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The Application Identifier of a code's signature.
pub const DIGSIG_AI: &str = "8030";

const DOMAIN: &[u8] = b"lottrace-digsig-v1\n";

/// The bytes a code's signature covers (see the module's layout), or why the code
/// cannot be signed (it has no GS1 key, or a value its AI does not allow).
pub fn signed_message(id: &Identification) -> Result<Vec<u8>, CodeError> {
    let mut unsigned = id.clone();
    unsigned.alternatives.clear();
    unsigned.other_ais.retain(|(ai, _)| ai != DIGSIG_AI);
    unsigned.other_ais.sort();
    unsigned.dates.sort_by(|a, b| a.ai.cmp(&b.ai));
    let mut message = DOMAIN.to_vec();
    message.extend_from_slice(to_element_string(&unsigned)?.as_bytes());
    Ok(message)
}

/// A business's private code key, held by the server only.
pub struct CodeSigner {
    key: SigningKey,
}

impl CodeSigner {
    pub fn from_bytes(secret: &[u8; 32]) -> CodeSigner {
        CodeSigner {
            key: SigningKey::from_bytes(secret),
        }
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.public_key())
    }

    /// The AI 8030 value for `id` (which must not carry one already; any is ignored).
    pub fn sign(&self, id: &Identification) -> Result<String, CodeError> {
        let signature = self.key.sign(&signed_message(id)?);
        let mut value = self.key_id().0.to_vec();
        value.extend_from_slice(&signature.to_bytes());
        Ok(URL_SAFE_NO_PAD.encode(value))
    }
}

/// Why a code's signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureProblem {
    /// Not 88 base64url characters.
    Malformed,
    /// No key in the key set has the signature's key id.
    UnknownKey,
    /// The key was revoked: codes signed with it are not trusted any more.
    RevokedKey,
    /// The code's data is not what was signed: edited, or signed by someone else.
    Mismatch,
    /// The code cannot be written as an element string to check.
    BadCode,
}

/// What a code's signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Signed by this key (and its business).
    Valid(CodeKey),
    Invalid(SignatureProblem),
    /// The code carries no (8030).
    Missing,
}

impl SignatureCheck {
    /// Whether a device refuses the code on this verdict, before any network answer:
    /// its signature does not hold. A key the device has not cached yet (a business's
    /// first run since its last refresh) proves nothing either way: the server decides.
    pub fn refuses_offline(&self) -> bool {
        matches!(self, SignatureCheck::Invalid(p) if *p != SignatureProblem::UnknownKey)
    }

    /// Checks `id`'s (8030) against `keys`. `now` (RFC 3339) is compared with each
    /// key's revocation: a key revoked before now signs nothing valid.
    pub fn of(id: &Identification, keys: &CodeKeySet, now: &str) -> SignatureCheck {
        let Some(value) = id
            .other_ais
            .iter()
            .find(|(ai, _)| ai == DIGSIG_AI)
            .map(|(_, v)| v)
        else {
            return SignatureCheck::Missing;
        };
        let bytes = match URL_SAFE_NO_PAD.decode(value) {
            Ok(b) if b.len() == 66 => b,
            _ => return SignatureCheck::Invalid(SignatureProblem::Malformed),
        };
        let (kid, signature) = bytes.split_at(2);
        let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
            return SignatureCheck::Invalid(SignatureProblem::Malformed);
        };
        let Ok(message) = signed_message(id) else {
            return SignatureCheck::Invalid(SignatureProblem::BadCode);
        };
        let kid = KeyId([kid[0], kid[1]]);
        let mut problem = SignatureProblem::UnknownKey;
        for key in keys.with_id(kid) {
            let Some(public) = key.public_key_bytes() else {
                continue;
            };
            let Ok(verifying) = VerifyingKey::from_bytes(&public) else {
                continue;
            };
            if verifying.verify_strict(&message, &signature).is_err() {
                problem = SignatureProblem::Mismatch;
                continue;
            }
            if key.is_revoked_at(now) {
                problem = SignatureProblem::RevokedKey;
                continue;
            }
            return SignatureCheck::Valid(key.clone());
        }
        SignatureCheck::Invalid(problem)
    }
}
