//! Proofs for the public trace: every event it shows gets its leaf's inclusion in the
//! current tree and its fields split into disclosures (what the disclosure rules show)
//! and digests (the rest), rebuilt from the event row as stored now and the salts
//! stored when it was logged — an edited row no longer matches its leaf.

use crate::service::party;
use crate::{ApiError, AppState};
use lottrace_core::disclosure::DisclosurePolicy;
use lottrace_core::proof::{EventFields, EventProof};
use lottrace_core::trace::ProofJson;
use lottrace_core::trace::{redact_for_partner, TraceCheckpoint, TraceView};
use serde_json::Value;

pub fn attach_proofs(state: &AppState, view: &mut TraceView) -> Result<(), ApiError> {
    let store = state.store.as_ref();
    let ids: Vec<String> = view
        .stages
        .iter()
        .flat_map(|s| s.events.iter().map(|e| e.event_id.clone()))
        .collect();
    let (head, logged) = store.log_proofs(&ids)?;
    let policy = DisclosurePolicy {
        chosen: store.disclosure_choices()?,
        recall: view.recall.is_some(),
    };
    let parties: Vec<_> = store.businesses()?.into_iter().map(party).collect();
    for event in view.stages.iter_mut().flat_map(|s| s.events.iter_mut()) {
        let Some(entry) = logged.get(&event.event_id) else {
            continue;
        };
        // A row no longer JSON still gets a proof, of nothing: it fails, as it should.
        let stored: Value = serde_json::from_str(&entry.json).unwrap_or(Value::Null);
        let fields = EventFields::of(&stored);
        let owner = entry
            .business_id
            .as_deref()
            .and_then(|id| parties.iter().find(|p| p.id == id));
        let mut shown = stored.clone();
        redact_for_partner(&mut shown, owner, &policy);
        let disclosed = fields.disclosed_in(&EventFields::of(&shown));
        event.proof = Some(ProofJson::of(&EventProof::build(
            &event.event_id,
            &fields,
            &entry.salts,
            &disclosed,
            entry.leaf_index,
            entry.inclusion.clone(),
        )));
    }
    let log = state.log.as_ref();
    let (note, witnesses) = log.checkpoint(store, &head)?;
    view.checkpoint = Some(TraceCheckpoint { note, witnesses });
    Ok(())
}
