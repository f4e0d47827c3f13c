//! Witness cosignatures (C2SP tlog-cosignature): a signature line whose key id is the
//! first 4 bytes of SHA-256(name || 0x0A || 0x04 || public key) and whose bytes are an
//! 8-byte big-endian UNIX time followed by the Ed25519 signature of
//! `cosignature/v1\ntime <time>\n` + the checkpoint body.

use super::ProofError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use signed_note::{Signature, Signer, Verifier};

const ALG_COSIGNATURE_V1: u8 = 0x04;

fn signed_message(timestamp: u64, body: &[u8]) -> Vec<u8> {
    let mut msg = format!("cosignature/v1\ntime {timestamp}\n").into_bytes();
    msg.extend_from_slice(body);
    msg
}

/// A witness's verifier key: `<name>+<key id hex>+<base64 0x04||public key>`.
#[derive(Clone)]
pub struct WitnessKey {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl std::fmt::Debug for WitnessKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WitnessKey({})", self.to_text())
    }
}

impl WitnessKey {
    pub fn new(name: &str, key: VerifyingKey) -> Result<WitnessKey, ProofError> {
        if !signed_note::is_key_name_valid(name) {
            return Err(ProofError::Key(format!("{name:?} is not a key name")));
        }
        let encoded = [&[ALG_COSIGNATURE_V1][..], key.as_bytes()].concat();
        Ok(WitnessKey {
            name: name.to_string(),
            id: signed_note::key_id(name, &encoded),
            key,
        })
    }

    pub fn parse(text: &str) -> Result<WitnessKey, ProofError> {
        let bad = |why: &str| ProofError::Key(format!("{text:?}: {why}"));
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("not <name>+<key id>+<key>"));
        };
        let bytes = STANDARD
            .decode(key)
            .map_err(|_| bad("the key is not base64"))?;
        let Some((&ALG_COSIGNATURE_V1, public)) = bytes.split_first() else {
            return Err(bad("not a cosignature/v1 (0x04) key"));
        };
        let public = <[u8; 32]>::try_from(public).map_err(|_| bad("not 32 key bytes"))?;
        let public = VerifyingKey::from_bytes(&public).map_err(|_| bad("not an Ed25519 key"))?;
        let parsed = WitnessKey::new(name, public)?;
        if id.len() != 8 || u32::from_str_radix(id, 16).ok() != Some(parsed.id) {
            return Err(bad("the key id does not match name and key"));
        }
        Ok(parsed)
    }

    pub fn to_text(&self) -> String {
        let encoded = [&[ALG_COSIGNATURE_V1][..], self.key.as_bytes()].concat();
        format!("{}+{:08x}+{}", self.name, self.id, STANDARD.encode(encoded))
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Verifier for WitnessKey {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((time, sig)) = sig.split_first_chunk::<8>() else {
            return false;
        };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key
            .verify_strict(&signed_message(u64::from_be_bytes(*time), msg), &sig)
            .is_ok()
    }
}

/// A witness cosigning at one time.
pub struct WitnessSigner {
    key: WitnessKey,
    signing: SigningKey,
    timestamp: u64,
}

impl WitnessSigner {
    pub fn new(name: &str, seed: &[u8; 32], timestamp: u64) -> Result<WitnessSigner, ProofError> {
        let signing = SigningKey::from_bytes(seed);
        Ok(WitnessSigner {
            key: WitnessKey::new(name, signing.verifying_key())?,
            signing,
            timestamp,
        })
    }

    pub fn key(&self) -> &WitnessKey {
        &self.key
    }

    /// The cosignature of a checkpoint body.
    pub fn cosign(&self, body: &[u8]) -> Cosignature {
        let sig = self.signing.sign(&signed_message(self.timestamp, body));
        let mut bytes = self.timestamp.to_be_bytes().to_vec();
        bytes.extend_from_slice(&sig.to_bytes());
        Cosignature {
            name: self.key.name.clone(),
            id: self.key.id,
            bytes,
        }
    }
}

impl Signer for WitnessSigner {
    fn name(&self) -> &str {
        &self.key.name
    }

    fn key_id(&self) -> u32 {
        self.key.id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        Ok(self.cosign(msg).bytes)
    }
}

/// One cosignature line of a signed note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    name: String,
    id: u32,
    bytes: Vec<u8>,
}

impl Cosignature {
    /// Reads a signature line (`— <name> <base64>` with its newline or without).
    pub fn parse_line(line: &str) -> Result<Cosignature, ProofError> {
        let sig = Signature::from_bytes(line.trim_end_matches('\n').as_bytes())
            .map_err(|e| ProofError::Checkpoint(format!("cosignature line: {e}")))?;
        Ok(Cosignature {
            name: sig.name().to_string(),
            id: sig.id(),
            bytes: sig.signature().to_vec(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// When the witness says it cosigned (UNIX seconds).
    pub fn timestamp(&self) -> Option<u64> {
        self.bytes
            .first_chunk::<8>()
            .map(|t| u64::from_be_bytes(*t))
    }

    /// Whether this is `witness`'s valid cosignature of the checkpoint body.
    pub fn verifies(&self, witness: &WitnessKey, body: &[u8]) -> bool {
        self.name == witness.name && self.id == witness.id && witness.verify(body, &self.bytes)
    }

    /// The line as it goes into the note, newline included.
    pub fn to_line(&self) -> Result<String, ProofError> {
        let sig = Signature::new(self.name.clone(), self.id, self.bytes.clone())
            .map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        String::from_utf8(sig.to_bytes()).map_err(|e| ProofError::Checkpoint(e.to_string()))
    }
}
