//! One event's proof as the public trace API sends it: the disclosed fields, the
//! digests of the hidden ones, and the leaf's inclusion in the checkpoint's tree. A
//! verifier rebuilds the leaf from both and checks the inclusion.

use super::commitment::{DisclosedField, Disclosure, EventLeaf, FieldDigest, Salt};
use super::event_fields::EventFields;
use super::merkle::{verify_inclusion, LogHash, TreeHead};
use super::ProofError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventProof {
    #[serde(rename = "eventID")]
    pub event_id: String,
    pub leaf_index: u64,
    pub disclosures: Vec<Disclosure>,
    pub hidden: Vec<FieldDigest>,
    /// RFC 9162 inclusion path, leaf to root, standard base64.
    pub inclusion: Vec<LogHash>,
}

impl EventProof {
    /// The proof of an event's fields as stored now, with the salts stored when it was
    /// logged: `shown` names the fields disclosed. A field without a stored salt (added
    /// behind the server's back) is committed with an all-zero salt, which no logged leaf
    /// used, so the proof fails as it should.
    pub fn build(
        event_id: &str,
        fields: &EventFields,
        salts: &BTreeMap<String, Salt>,
        shown: &BTreeSet<String>,
        leaf_index: u64,
        inclusion: Vec<LogHash>,
    ) -> EventProof {
        let unsalted = Salt::from_bytes([0; super::SALT_BYTES]);
        let mut disclosures = Vec::new();
        let mut hidden = Vec::new();
        for (name, value) in fields.iter() {
            let disclosure = Disclosure::new(salts.get(name).unwrap_or(&unsalted), name, value);
            if shown.contains(name) {
                disclosures.push(disclosure);
            } else {
                hidden.push(disclosure.digest());
            }
        }
        hidden.sort();
        EventProof {
            event_id: event_id.to_string(),
            leaf_index,
            disclosures,
            hidden,
            inclusion,
        }
    }

    /// The leaf this proof claims: its eventID and all digests.
    pub fn leaf(&self) -> EventLeaf {
        let digests = self
            .disclosures
            .iter()
            .map(Disclosure::digest)
            .chain(self.hidden.iter().cloned())
            .collect();
        EventLeaf::new(self.event_id.clone(), digests)
    }

    /// Checks the proof against a verified tree head; answers the disclosed fields.
    pub fn verify(&self, head: &TreeHead) -> Result<Vec<DisclosedField>, ProofError> {
        let mut names = BTreeSet::new();
        let fields: Vec<DisclosedField> = self.disclosures.iter().map(Disclosure::field).collect();
        for field in &fields {
            if !names.insert(field.name.as_str()) {
                return Err(ProofError::Disclosure(format!(
                    "field {:?} is disclosed twice",
                    field.name
                )));
            }
        }
        verify_inclusion(&self.inclusion, head, self.leaf_index, self.leaf().hash())?;
        Ok(fields)
    }
}
