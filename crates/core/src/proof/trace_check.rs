//! A trace page checked against the log, as the shopper's phone does it: the checkpoint
//! the answer names must be signed by the log's pinned key, every event's leaf (rebuilt
//! from its disclosures and the digests of its hidden fields) must sit in that tree, and
//! what the page shows of the event — its time, what happened, where, every field with
//! its unit — must be what the proof discloses. A server that shows one thing and
//! proves another is caught here, not only one whose database was edited.
//!
//! Between visits, [`check_growth`] checks that the log the phone saw last is a prefix
//! of the one it sees now (RFC 9162 consistency, `/log/proof/consistency`).
//!
//! Not covered, by design of the trace answer: which business a location belongs to
//! (the page shows the name the server's business registry gives the event's
//! `bizLocation`/`readPoint`; the check only requires that one of them is disclosed),
//! the fields' labels (from the app's dictionary), and the cold-chain chart (a summary of
//! sensor readings across events, not an event's field).

use super::merkle::{verify_consistency, verify_inclusion, TreeHead};
use super::pinned::OpenCheckpoint;
use super::pinned::{hash_from_base64, read_proof, PinnedKey};
use super::shown_values::{disclosure_names, shown_text, unit_of};
use super::{DisclosedField, ProofError};
use crate::epcis::vocab::biz_step_short;
use crate::lang::Lang;
use crate::trace::words::{biz_step_label, yes_no};
use crate::trace::{EventView, TraceView};
use serde_json::Value;

/// Why the page's checkpoint cannot be trusted; then no event on it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointFailure {
    /// The answer names no checkpoint (a server without a log, or one that dropped it).
    Missing,
    /// The pinned verifier key is not a C2SP Ed25519 verifier key.
    BadKey(String),
    /// Not signed by the pinned key, or signed for another log (origin).
    NotSigned(String),
}

/// Why one event does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventFailure {
    /// The server sent no proof for it.
    NoProof,
    /// The proof is no `{eventID, leaf_index, disclosures, hidden, inclusion}`.
    Unreadable(String),
    /// The proof is another event's.
    OtherEvent { proof_of: String },
    /// The leaf rebuilt from the proof is not in the checkpoint's tree: the record was
    /// changed after it was logged (or the proof was).
    NotInLog(String),
    /// The page shows something of the event (named by its field) that the proof does
    /// not disclose, or discloses otherwise.
    Shows(String),
    /// The checkpoint failed, so this event could not be checked.
    Checkpoint,
}

impl EventFailure {
    /// A short machine name, for the page's `data-proof-reason`.
    pub fn kind(&self) -> &'static str {
        match self {
            EventFailure::NoProof => "no-proof",
            EventFailure::Unreadable(_) => "unreadable",
            EventFailure::OtherEvent { .. } => "other-event",
            EventFailure::NotInLog(_) => "not-in-log",
            EventFailure::Shows(_) => "shown-differs",
            EventFailure::Checkpoint => "checkpoint",
        }
    }
}

/// One event's outcome, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCheck {
    pub event_id: String,
    pub outcome: Result<(), EventFailure>,
}

/// A whole page's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceCheck {
    /// The checkpoint the page was answered against, opened with the pinned key.
    pub checkpoint: Result<OpenCheckpoint, CheckpointFailure>,
    /// How many witnesses' cosignature lines the checkpoint carries (counted, not
    /// verified: the phone holds no witness keys).
    pub cosignatures: usize,
    pub events: Vec<EventCheck>,
}

impl TraceCheck {
    pub fn verified(&self) -> usize {
        self.events.iter().filter(|e| e.outcome.is_ok()).count()
    }

    pub fn failed(&self) -> usize {
        self.events.len() - self.verified()
    }

    /// The outcome of the event with this id (the first, should the page show it twice).
    pub fn of(&self, event_id: &str) -> Option<&Result<(), EventFailure>> {
        self.events
            .iter()
            .find(|e| e.event_id == event_id)
            .map(|e| &e.outcome)
    }
}

/// Checks every event of `view` against its checkpoint, trusting only `key` (the log's
/// verifier key text as `GET /log/key` serves it, pinned by the caller).
pub fn check_trace(view: &TraceView, key: &str) -> TraceCheck {
    let events = view.stages.iter().flat_map(|s| s.events.iter());
    let checkpoint = open_checkpoint(view, key);
    let cosignatures = match (&checkpoint, &view.checkpoint) {
        (Ok(cp), Some(tc)) => cosignature_lines(&tc.note, &cp.origin),
        _ => 0,
    };
    let events = events
        .map(|event| EventCheck {
            event_id: event.event_id.clone(),
            outcome: match &checkpoint {
                Ok(cp) => check_event(event, view.lang, &cp.head),
                Err(_) => Err(EventFailure::Checkpoint),
            },
        })
        .collect();
    TraceCheck {
        checkpoint,
        cosignatures,
        events,
    }
}

fn open_checkpoint(view: &TraceView, key: &str) -> Result<OpenCheckpoint, CheckpointFailure> {
    let note = view.checkpoint.as_ref().ok_or(CheckpointFailure::Missing)?;
    open_pinned(&note.note, key)
}

/// Whether `text` is a C2SP Ed25519 verifier key (what `GET /log/key` serves).
pub fn is_log_key(text: &str) -> bool {
    PinnedKey::parse(text).is_ok()
}

/// A signed checkpoint opened with the pinned key text: the same acceptance as
/// `LogCheckpoint::open` (tests hold them equal), with less code in the app's WASM.
pub fn open_pinned(note: &str, key: &str) -> Result<OpenCheckpoint, CheckpointFailure> {
    let key = PinnedKey::parse(key).map_err(CheckpointFailure::BadKey)?;
    key.open(note).map_err(CheckpointFailure::NotSigned)
}

/// Distinct signers of a signed note other than the log itself.
fn cosignature_lines(note: &str, origin: &str) -> usize {
    let Some((_, signatures)) = note.split_once("\n\n") else {
        return 0;
    };
    let mut names: Vec<&str> = signatures
        .lines()
        .filter_map(|l| l.strip_prefix("— "))
        .filter_map(|l| l.split(' ').next())
        .filter(|name| *name != origin)
        .collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// One event against a verified tree head (the page's language for the words it shows).
pub fn check_event(event: &EventView, lang: Lang, head: &TreeHead) -> Result<(), EventFailure> {
    let proof = event.proof.as_ref().ok_or(EventFailure::NoProof)?;
    let proof = read_proof(&proof.0).map_err(EventFailure::Unreadable)?;
    if proof.event_id != event.event_id {
        return Err(EventFailure::OtherEvent {
            proof_of: proof.event_id,
        });
    }
    // As `EventProof::verify` (tests hold `read_proof` to its reading).
    let disclosed = proof.fields;
    for (i, field) in disclosed.iter().enumerate() {
        if disclosed[..i].iter().any(|f| f.name == field.name) {
            return Err(EventFailure::Unreadable(format!(
                "field {} is disclosed twice",
                field.name
            )));
        }
    }
    verify_inclusion(&proof.inclusion, head, proof.leaf_index, proof.leaf).map_err(|_| {
        EventFailure::NotInLog("its leaf is not in the checkpoint's tree".to_string())
    })?;
    shown_as_disclosed(event, lang, &disclosed)
}

/// Everything the timeline shows of `event` is what `disclosed` says.
fn shown_as_disclosed(
    event: &EventView,
    lang: Lang,
    disclosed: &[DisclosedField],
) -> Result<(), EventFailure> {
    let get = |name: &str| disclosed.iter().find(|f| f.name == name).map(|f| &f.value);
    let differs = |name: &str| Err(EventFailure::Shows(name.to_string()));
    if get("eventTime").and_then(Value::as_str) != Some(event.time.as_str()) {
        return differs("eventTime");
    }
    let step = get("bizStep").and_then(Value::as_str).map(biz_step_short);
    if step != event.biz_step.as_deref() || biz_step_label(step, lang) != event.action {
        return differs("bizStep");
    }
    let located = get("bizLocation").is_some() || get("readPoint").is_some();
    if (event.business.is_some() || event.place.is_some()) && !located {
        return differs("bizLocation");
    }
    for field in &event.fields {
        let value = disclosure_names(&field.key)
            .iter()
            .find_map(|name| get(name));
        let Some(value) = value else {
            return differs(&field.key);
        };
        let text = match value {
            Value::Bool(b) => Some(yes_no(*b, lang).to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(shown_text(&field.key, s, lang)),
            _ => None,
        };
        if text.as_deref() != Some(field.value.as_str())
            || field.unit.as_deref().filter(|u| !u.is_empty()) != unit_of(&field.key)
        {
            return differs(&field.key);
        }
    }
    Ok(())
}

/// The consistency proof a phone needs between the head it kept and the head it sees:
/// `(old, new)` for `GET /log/proof/consistency?old=&new=`, smaller first (a page
/// answered from an older copy is fine if its tree is a prefix of the kept one). None
/// when no proof is needed (equal sizes compare roots; a tree of 0 leaves is a prefix
/// of every tree).
pub fn consistency_request(kept: &TreeHead, seen: &TreeHead) -> Option<(u64, u64)> {
    let (old, new) = if kept.size <= seen.size {
        (kept.size, seen.size)
    } else {
        (seen.size, kept.size)
    };
    (old != 0 && old != new).then_some((old, new))
}

/// Checks that the smaller of two heads is a prefix of the larger, with `proof` the
/// consistency answer for [`consistency_request`] (one standard base64 hash a line;
/// empty when none was needed).
pub fn check_growth(kept: &TreeHead, seen: &TreeHead, proof: &str) -> Result<(), ProofError> {
    let hashes = proof
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(hash_from_base64)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| ProofError::Inconsistent {
            old: kept.size,
            new: seen.size,
            reason: "the proof is no list of base64 hashes".into(),
        })?;
    if kept.size <= seen.size {
        verify_consistency(&hashes, kept, seen)
    } else {
        verify_consistency(&hashes, seen, kept)
    }
}

#[cfg(test)]
#[path = "trace_check_tests.rs"]
mod tests;
