//! The log's checkpoint (C2SP tlog-checkpoint: origin line, tree size, base64 root
//! hash) as a C2SP signed note, and the log's Ed25519 verifier key
//! `<name>+<key id hex>+<base64 0x01||public key>` (key id: the first 4 bytes of
//! SHA-256(name || 0x0A || 0x01 || public key)).

use super::cosignature::WitnessKey;
use super::merkle::{LogHash, TreeHead};
use super::ProofError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use signed_note::{Note, Signer, StandardSigner, StandardVerifier, Verifier, VerifierList};

/// A checkpoint's body: which log, how many leaves, which root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCheckpoint {
    pub origin: String,
    pub head: TreeHead,
}

impl LogCheckpoint {
    /// The note text: three lines, each ending in a newline.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.head.size,
            self.head.root.to_base64()
        )
    }

    pub fn parse_body(text: &[u8]) -> Result<LogCheckpoint, ProofError> {
        let parsed = tlog_tiles::Checkpoint::from_bytes(text)
            .map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        Ok(LogCheckpoint {
            origin: parsed.origin().to_string(),
            head: TreeHead {
                size: parsed.size(),
                root: LogHash(parsed.hash().0),
            },
        })
    }

    /// Reads a signed checkpoint, accepting it only with a valid signature by `key`
    /// whose name is the checkpoint's origin.
    pub fn open(note: &str, key: &LogKey) -> Result<LogCheckpoint, ProofError> {
        let parsed =
            Note::from_bytes(note.as_bytes()).map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        let verifiers = VerifierList::new(vec![Box::new(key.verifier.clone())]);
        parsed
            .verify(&verifiers)
            .map_err(|e| ProofError::Checkpoint(format!("not signed by {}: {e}", key.name())))?;
        let checkpoint = LogCheckpoint::parse_body(parsed.text())?;
        if checkpoint.origin != key.name() {
            return Err(ProofError::Checkpoint(format!(
                "origin {:?} is not the key's name {:?}",
                checkpoint.origin,
                key.name()
            )));
        }
        Ok(checkpoint)
    }

    /// The witnesses among `witnesses` with a valid cosignature on the note. A
    /// cosignature that does not verify is refused, not ignored: it is forged.
    pub fn cosigned_by(note: &str, witnesses: &[WitnessKey]) -> Result<Vec<String>, ProofError> {
        let parsed =
            Note::from_bytes(note.as_bytes()).map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        let list: Vec<Box<dyn Verifier>> = witnesses
            .iter()
            .map(|w| Box::new(w.clone()) as Box<dyn Verifier>)
            .collect();
        match parsed.verify(&VerifierList::new(list)) {
            Ok((verified, _)) => Ok(verified.iter().map(|s| s.name().to_string()).collect()),
            Err(signed_note::NoteError::UnverifiedNote) => Ok(Vec::new()),
            Err(e) => Err(ProofError::Checkpoint(e.to_string())),
        }
    }
}

/// The log's verifier key (C2SP signed-note text form).
#[derive(Clone)]
pub struct LogKey {
    text: String,
    verifier: StandardVerifier,
}

impl std::fmt::Debug for LogKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LogKey({})", self.text)
    }
}

impl LogKey {
    pub fn parse(text: &str) -> Result<LogKey, ProofError> {
        let text = text.trim_end_matches('\n');
        let verifier = StandardVerifier::new(text).map_err(|e| ProofError::Key(e.to_string()))?;
        Ok(LogKey {
            text: text.to_string(),
            verifier,
        })
    }

    pub fn name(&self) -> &str {
        self.verifier.name()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The log's signing key: signs checkpoints. Ed25519 signatures are deterministic, so
/// one tree head always gets the same signature line.
pub struct LogSigner {
    signer: StandardSigner,
    key: LogKey,
}

impl LogSigner {
    /// A signer from the key's name (the log's origin) and its 32-byte Ed25519 seed.
    pub fn new(name: &str, seed: &[u8; 32]) -> Result<LogSigner, ProofError> {
        let signing = ed25519_dalek::SigningKey::from_bytes(seed);
        let key = LogKey::parse(&signed_note::new_ed25519_verifier_key(
            name,
            &signing.verifying_key(),
        ))?;
        let skey = format!(
            "PRIVATE+KEY+{name}+{:08x}+{}",
            key.verifier.key_id(),
            STANDARD.encode([&[1u8][..], seed].concat())
        );
        let signer = StandardSigner::new(&skey).map_err(|e| ProofError::Key(e.to_string()))?;
        Ok(LogSigner { signer, key })
    }

    pub fn key(&self) -> &LogKey {
        &self.key
    }

    /// The signed note of a checkpoint: its body, a blank line, the log's signature line.
    pub fn sign(&self, checkpoint: &LogCheckpoint) -> Result<String, ProofError> {
        let mut note = Note::new(checkpoint.body().as_bytes(), &[])
            .map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        note.add_sigs(&[&self.signer as &dyn Signer])
            .map_err(|e| ProofError::Checkpoint(e.to_string()))?;
        String::from_utf8(note.to_bytes()).map_err(|e| ProofError::Checkpoint(e.to_string()))
    }
}
