//! What the shopper's WASM links to check a trace page, kept small: the log's verifier
//! key and a signed checkpoint read and verified directly with ed25519-dalek (as
//! `LogCheckpoint::open` does through `signed_note` and `tlog_tiles`, which
//! bring a second base64 engine and parsers the page does not need), and an event's leaf
//! proof read from its JSON and its leaf hash written as RFC 8785 JSON without serde's
//! derived readers or a general canonicaliser (`serde_jcs`). Tests hold each to the
//! general code's answers.

use super::merkle::{LogHash, TreeHead};
use super::DisclosedField;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The Ed25519 algorithm byte of a C2SP signed-note verifier key.
const ALG_ED25519: u8 = 1;
/// As `signed_note` and Go's note package: larger notes are not read.
const MAX_NOTE_SIZE: usize = 1_000_000;
const MAX_SIGNATURES: usize = 100;

/// A checkpoint's body as the pinned key opened it: which log, how many leaves, which
/// root (what `LogCheckpoint` holds, for builds without `signed_note`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCheckpoint {
    pub origin: String,
    pub head: TreeHead,
}

/// A log's verifier key `<name>+<key id hex>+<base64 0x01 || Ed25519 public key>`.
pub(super) struct PinnedKey {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl PinnedKey {
    pub(super) fn parse(text: &str) -> Result<PinnedKey, String> {
        let text = text.trim_end_matches('\n');
        let bad = || "not an Ed25519 verifier key <name>+<id>+<key>".to_string();
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id16), Some(key64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if name.is_empty() || name.chars().any(char::is_whitespace) || id16.len() != 8 {
            return Err(bad());
        }
        let id = u32::from_str_radix(id16, 16)
            .map_err(|_| bad())?
            .to_be_bytes();
        let key = decode64(key64, false).ok_or(()).map_err(|_| bad())?;
        let [ALG_ED25519, public @ ..] = key.as_slice() else {
            return Err(bad());
        };
        let public: &[u8; 32] = public.try_into().map_err(|_| bad())?;
        if key_id(name, &key) != id {
            return Err("the key id is not the key's".into());
        }
        let key = VerifyingKey::from_bytes(public).map_err(|_| bad())?;
        Ok(PinnedKey {
            name: name.to_string(),
            id,
            key,
        })
    }

    /// Reads a signed checkpoint, accepting it only with a valid signature by this key
    /// and this key's name as its origin.
    pub(super) fn open(&self, note: &str) -> Result<OpenCheckpoint, String> {
        if note.len() > MAX_NOTE_SIZE || note.chars().any(|c| c < ' ' && c != '\n') {
            return Err("not a signed note".into());
        }
        let (text, signatures) = note
            .rsplit_once("\n\n")
            .ok_or("no signature block after a blank line")?;
        let text = format!("{text}\n");
        let signatures = signatures
            .strip_suffix('\n')
            .ok_or("the signature block does not end in a newline")?;
        let mut verified = false;
        for (n, line) in signatures.split('\n').enumerate() {
            if n >= MAX_SIGNATURES {
                return Err("too many signatures".into());
            }
            let (name, sig) = line
                .strip_prefix("— ")
                .and_then(|l| l.split_once(' '))
                .ok_or("a signature line is malformed")?;
            let sig = decode64(sig, false)
                .filter(|s| s.len() >= 5)
                .ok_or("a signature line is malformed")?;
            if name != self.name || sig[..4] != self.id {
                // A witness's cosignature, or another key's: not ours to check.
                continue;
            }
            let signature = <[u8; 64]>::try_from(&sig[4..])
                .map(|s| Signature::from_bytes(&s))
                .map_err(|_| "the log's signature is not 64 bytes".to_string())?;
            self.key
                .verify(text.as_bytes(), &signature)
                .map_err(|_| format!("the signature of {} does not verify", self.name))?;
            verified = true;
        }
        if !verified {
            return Err(format!("not signed by {}", self.name));
        }
        let checkpoint = parse_body(&text)?;
        if checkpoint.origin != self.name {
            return Err(format!(
                "origin {} is not the key's name {}",
                checkpoint.origin, self.name
            ));
        }
        Ok(checkpoint)
    }
}

/// The first 4 bytes of SHA-256(name || 0x0A || key), C2SP signed-note's key id.
fn key_id(name: &str, key: &[u8]) -> [u8; 4] {
    let hash = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update(b"\n")
        .chain_update(key)
        .finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// A C2SP tlog-checkpoint body: origin, decimal tree size, base64 root, each line
/// ending in a newline, then any extension lines.
fn parse_body(text: &str) -> Result<OpenCheckpoint, String> {
    let bad = || "not a C2SP checkpoint (origin, size, root hash)".to_string();
    let mut lines = text.split_inclusive('\n');
    let mut line = || {
        lines
            .next()
            .and_then(|l| l.strip_suffix('\n'))
            .ok_or_else(bad)
    };
    let (origin, size, root) = (line()?, line()?, line()?);
    let canonical_size =
        size.bytes().all(|b| b.is_ascii_digit()) && (size == "0" || !size.starts_with('0'));
    let size: u64 = size
        .parse()
        .ok()
        .filter(|_| canonical_size)
        .ok_or_else(bad)?;
    let root = hash_from_base64(root).ok_or_else(bad)?;
    if origin.is_empty() {
        return Err(bad());
    }
    Ok(OpenCheckpoint {
        origin: origin.to_string(),
        head: TreeHead { size, root },
    })
}

/// An event's proof read straight from its JSON (as the trace answer carries it): the
/// same acceptance as deserialising [`EventProof`], without its serde code and its
/// second JSON reader (the disclosures' JSON is read as text, as the page's own is).
pub(super) struct ReadProof {
    pub event_id: String,
    pub leaf_index: u64,
    pub fields: Vec<DisclosedField>,
    /// The leaf the proof claims, rebuilt from the disclosures and hidden digests.
    pub leaf: LogHash,
    pub inclusion: Vec<LogHash>,
}

pub(super) fn read_proof(json: &Value) -> Result<ReadProof, String> {
    let field = |name: &str| json.get(name).ok_or_else(|| format!("no {name}"));
    let strings = |name: &str| -> Result<Vec<&str>, String> {
        field(name)?
            .as_array()
            .ok_or_else(|| format!("{name} is no list"))?
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("{name} holds a non-string"))
            })
            .collect()
    };
    let event_id = field("eventID")?.as_str().ok_or("eventID is no string")?;
    let leaf_index = field("leaf_index")?
        .as_u64()
        .ok_or("leaf_index is no tree index")?;
    let mut digests = Vec::new();
    let mut fields = Vec::new();
    for disclosure in strings("disclosures")? {
        fields.push(read_disclosure(disclosure).ok_or("a disclosure is unreadable")?);
        digests.push(encode64url(&Sha256::digest(disclosure.as_bytes())));
    }
    for digest in strings("hidden")? {
        if decode64(digest, true).is_none_or(|bytes| bytes.len() != 32) {
            return Err("a hidden digest is no SHA-256 digest".into());
        }
        digests.push(digest.to_string());
    }
    let inclusion = strings("inclusion")?
        .into_iter()
        .map(hash_from_base64)
        .collect::<Option<Vec<_>>>()
        .ok_or("an inclusion hash is unreadable")?;
    Ok(ReadProof {
        leaf: leaf_hash(event_id, digests),
        event_id: event_id.to_string(),
        leaf_index,
        fields,
        inclusion,
    })
}

/// `[salt, name, value]` from a disclosure string, as [`super::Disclosure`] reads it.
fn read_disclosure(text: &str) -> Option<DisclosedField> {
    let bytes = decode64(text, true)?;
    let json = std::str::from_utf8(&bytes).ok()?;
    let Value::Array(parts) = serde_json::from_str::<Value>(json).ok()? else {
        return None;
    };
    match <[Value; 3]>::try_from(parts).ok()? {
        [Value::String(salt), Value::String(name), value] if !salt.is_empty() => {
            Some(DisclosedField { salt, name, value })
        }
        _ => None,
    }
}

/// The leaf hash as [`super::EventLeaf::hash`] makes it: the RFC 8785 object
/// `{"digests": [...sorted], "eventID": ...}` ("digests" sorts first; digests are
/// base64url, which JSON never escapes).
fn leaf_hash(event_id: &str, mut digests: Vec<String>) -> LogHash {
    digests.sort_unstable();
    let mut leaf = String::from("{\"digests\":[");
    for (i, d) in digests.iter().enumerate() {
        if i > 0 {
            leaf.push(',');
        }
        leaf.push('"');
        leaf.push_str(d);
        leaf.push('"');
    }
    leaf.push_str("],\"eventID\":");
    json_string(event_id, &mut leaf);
    leaf.push('}');
    super::leaf_hash(leaf.as_bytes())
}

/// A tree hash in standard base64, as [`LogHash::from_base64`] reads it.
pub(super) fn hash_from_base64(text: &str) -> Option<LogHash> {
    decode64(text, false)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(LogHash)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 as the `base64` crate's engines read it, in a few lines instead of an engine:
/// standard with canonical padding (`url` false) or base64url without padding (`url`
/// true); the unused bits of the last symbol must be zero.
fn decode64(text: &str, url: bool) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let body = if url {
        bytes
    } else {
        let pad = bytes.iter().rev().take_while(|&&b| b == b'=').count();
        if bytes.len() % 4 != 0 || pad > 2 {
            return None;
        }
        &bytes[..bytes.len() - pad]
    };
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' if !url => 62,
            b'/' if !url => 63,
            b'-' if url => 62,
            b'_' if url => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0).then_some(out)
}

/// Base64url without padding.
fn encode64url(bytes: &[u8]) -> String {
    let symbol = |v: u32| match ALPHABET[(v & 63) as usize] {
        b'+' => '-',
        b'/' => '_',
        c => char::from(c),
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(symbol(n >> (18 - 6 * i)));
        }
    }
    out
}

/// A JSON string as RFC 8785 writes it: `"` and `\` escaped, the short escapes for
/// backspace, tab, newline, form feed and carriage return, `\\u00xx` (lower-case hex) for
/// the other control characters, everything else as it is.
fn json_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{
        Disclosure, EventLeaf, EventProof, LogCheckpoint, LogKey, LogSigner, Salt, WitnessSigner,
    };
    use serde::Deserialize;
    use serde_json::json;

    fn head(size: u64) -> LogCheckpoint {
        LogCheckpoint {
            origin: "example.com/log".into(),
            head: TreeHead {
                size,
                root: LogHash([size as u8; 32]),
            },
        }
    }

    fn opened(size: u64) -> OpenCheckpoint {
        let LogCheckpoint { origin, head } = head(size);
        OpenCheckpoint { origin, head }
    }

    /// Opens `note` both ways; they must agree.
    fn both(note: &str, key: &str) -> Option<OpenCheckpoint> {
        let general = LogKey::parse(key)
            .ok()
            .and_then(|k| LogCheckpoint::open(note, &k).ok())
            .map(|c| OpenCheckpoint {
                origin: c.origin,
                head: c.head,
            });
        let pinned = PinnedKey::parse(key).ok().and_then(|k| k.open(note).ok());
        assert_eq!(general, pinned, "{note:?} with {key:?}");
        pinned
    }

    #[test]
    fn opens_checkpoints_exactly_as_the_general_code() {
        let log = LogSigner::new("example.com/log", &[3; 32]).expect("signer");
        let other = LogSigner::new("example.com/log", &[4; 32]).expect("signer");
        let renamed = LogSigner::new("other.example/log", &[3; 32]).expect("signer");
        let key = log.key().as_str();
        for size in [0, 1, 7, 4096, u64::MAX] {
            let note = log.sign(&head(size)).expect("sign");
            assert_eq!(both(&note, key), Some(opened(size)));
            // Cosigned by witnesses, and signed by another key too: still the log's.
            let mut cosigned = note.clone();
            for seed in [1u8, 2] {
                let w = WitnessSigner::new(&format!("w{seed}.example"), &[seed; 32], 1_764_000_000)
                    .expect("witness");
                cosigned.push_str(
                    &w.cosign(head(size).body().as_bytes())
                        .to_line()
                        .expect("line"),
                );
            }
            let foreign = other.sign(&head(size)).expect("sign");
            cosigned.push_str(foreign.rsplit_once("\n\n").expect("sig").1);
            assert_eq!(both(&cosigned, key), Some(opened(size)));
            // Another key, another name, an edited body, an edited signature.
            assert_eq!(both(&note, other.key().as_str()), None);
            assert_eq!(both(&note, renamed.key().as_str()), None);
            assert_eq!(
                both(
                    &renamed.sign(&head(size)).expect("sign"),
                    renamed.key().as_str()
                ),
                None
            );
            let edited = note.replacen(
                &format!("\n{size}\n"),
                &format!("\n{}\n", size.wrapping_add(1)),
                1,
            );
            assert_eq!(both(&edited, key), None);
            let (text, sig) = note.rsplit_once(' ').expect("sig");
            let mut bytes = decode64(sig.trim_end(), false).expect("b64");
            bytes[10] ^= 1;
            let resigned =
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes);
            assert_eq!(both(&format!("{text} {resigned}\n"), key), None);
            // Only a foreign signature.
            assert_eq!(both(&foreign, key), None);
        }
        for broken in [
            "",
            "example.com/log\n1\n",
            "example.com/log\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n",
            "no signature block",
        ] {
            assert_eq!(both(broken, key), None);
        }
        for bad_key in [
            "",
            "example.com/log",
            "a+b+c",
            &key.replacen('+', "+0", 1),
            &format!("{key}A"),
        ] {
            assert!(PinnedKey::parse(bad_key).is_err(), "{bad_key:?}");
            assert!(LogKey::parse(bad_key).is_err(), "{bad_key:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn base64_as_the_base64_crate(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
                                      text in "[A-Za-z0-9+/=_-]{0,12}") {
            use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
            use base64::Engine;
            let url = encode64url(&bytes);
            proptest::prop_assert_eq!(&url, &URL_SAFE_NO_PAD.encode(&bytes));
            proptest::prop_assert_eq!(decode64(&url, true), Some(bytes.clone()));
            proptest::prop_assert_eq!(decode64(&STANDARD.encode(&bytes), false), Some(bytes.clone()));
            proptest::prop_assert_eq!(decode64(&text, true), URL_SAFE_NO_PAD.decode(&text).ok());
            proptest::prop_assert_eq!(decode64(&text, false), STANDARD.decode(&text).ok());
            let hash = STANDARD.encode([bytes.first().copied().unwrap_or(7); 32]);
            proptest::prop_assert_eq!(hash_from_base64(&hash), LogHash::from_base64(&hash).ok());
            proptest::prop_assert_eq!(hash_from_base64(&text), LogHash::from_base64(&text).ok());
        }
    }

    fn proof_with_id(id: &str) -> EventProof {
        let salt = Salt::from_bytes([9; 16]);
        EventProof {
            event_id: id.into(),
            leaf_index: 3,
            disclosures: vec![
                Disclosure::new(&salt, "eventTime", &json!("2026-11-16T06:00:00+09:00")),
                Disclosure::new(&salt, "ilmd/lt:x", &json!({"a": [1.5, 1e21, -0.0, "한"]})),
            ],
            hidden: (0..3u8)
                .map(|i| Disclosure::new(&Salt::from_bytes([i; 16]), "x", &json!(i)).digest())
                .collect(),
            inclusion: vec![LogHash([1; 32]), LogHash([2; 32])],
        }
    }

    /// Reads `json` both ways; they must agree on acceptance, fields and leaf.
    fn read_both(json: &Value) -> Option<ReadProof> {
        let general = EventProof::deserialize(json).ok();
        let read = read_proof(json).ok();
        match (&general, &read) {
            (Some(g), Some(r)) => {
                assert_eq!(g.event_id, r.event_id);
                assert_eq!(g.leaf_index, r.leaf_index);
                assert_eq!(g.leaf().hash(), r.leaf, "{json}");
                assert_eq!(g.inclusion, r.inclusion);
                let fields: Vec<DisclosedField> =
                    g.disclosures.iter().map(Disclosure::field).collect();
                assert_eq!(fields, r.fields);
            }
            (None, None) => {}
            _ => panic!(
                "{json}: general {:?}, read {:?}",
                general.is_some(),
                read.is_some()
            ),
        }
        read
    }

    #[test]
    fn reads_proofs_and_their_leaves_as_the_general_code() {
        for id in [
            "urn:uuid:6c0f0e2a-1d5b-4f3e-9a7c-000000000004",
            "urn:uuid:x#declaration",
            "quote \" backslash \\ slash / tab \t newline \n cr \r bs \u{8} ff \u{c} nul \u{0} us \u{1f} del \u{7f}",
            "한글 漢字 😀 \u{2028}",
            "",
        ] {
            let proof = proof_with_id(id);
            let json = serde_json::to_value(&proof).expect("json");
            assert!(read_both(&json).is_some());
            let leaf = EventLeaf::new(id, proof.leaf().digests);
            assert_eq!(read_proof(&json).expect("read").leaf, leaf.hash());
        }
        let good = serde_json::to_value(proof_with_id("urn:uuid:1")).expect("json");
        let salt = Salt::from_bytes([5; 16]);
        let no_salt = encode64url(br#"["","eventTime","x"]"#);
        let two = encode64url(br#"["c2FsdA","eventTime"]"#);
        let not_json = encode64url(b"[not json");
        let changes: Vec<(&str, Value)> = vec![
            ("eventID", json!(7)),
            ("leaf_index", json!(-1)),
            ("leaf_index", json!(1.5)),
            ("leaf_index", json!("3")),
            ("disclosures", json!("x")),
            ("disclosures", json!([1])),
            ("disclosures", json!(["%%%"])),
            ("disclosures", json!([no_salt])),
            ("disclosures", json!([two])),
            ("disclosures", json!([not_json])),
            (
                "disclosures",
                json!([Disclosure::new(&salt, "n", &json!(null)).as_str()]),
            ),
            ("hidden", json!(["AAAA"])),
            ("hidden", json!([LogHash([1; 32]).to_base64()])),
            ("inclusion", json!(["AAAA"])),
            ("inclusion", json!([{}])),
            ("extra", json!("ignored")),
        ];
        for (member, value) in changes {
            let mut json = good.clone();
            json[member] = value;
            read_both(&json);
        }
        for member in [
            "eventID",
            "leaf_index",
            "disclosures",
            "hidden",
            "inclusion",
        ] {
            let mut json = good.clone();
            json.as_object_mut().expect("object").remove(member);
            assert!(read_both(&json).is_none(), "without {member}");
        }
        assert!(read_both(&json!([])).is_none());
    }
}
