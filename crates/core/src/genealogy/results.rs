//! What traces return: ancestors with mass shares, descendants, the places a lot
//! reached, and the one way a trace fails (a cycle).

use crate::codes::LotKey;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenealogyError {
    #[error("lot {0} is its own ancestor: the recorded merges and splits form a cycle")]
    Cycle(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ancestor {
    pub lot: LotKey,
    /// Share of the traced lot's mass that came from this ancestor (None when some
    /// quantity on the way was not recorded or not comparable).
    pub share: Option<f64>,
    /// Shortest distance in steps from the traced lot (1 = direct parent).
    pub depth: usize,
    /// The lots this ancestor went into directly, on the way to the traced lot.
    pub children: Vec<LotKey>,
    /// For each of `children`, in the same order: the fraction of that child's mass
    /// that came from this ancestor (None when a quantity on the way is unknown).
    pub fractions: Vec<Option<f64>>,
    /// Some (uncorrected) event recorded making this lot. False for an input lot whose
    /// origin was never recorded: a gap an auditor must see.
    pub created: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Descendant {
    pub lot: LotKey,
    /// Shortest distance in steps from the traced lot (1 = made directly from it).
    pub depth: usize,
}

/// A place or party that held part of a lot: the business location of an event on the
/// lot or a descendant, or a destination it was shipped to.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    /// The identifier as recorded (SGLN URI, Digital Link with AI 414 or 417, PGLN …).
    pub id: String,
    /// How it is known: `bizLocation`, or `destination:<type>` (`owning_party`, …).
    pub via: Vec<String>,
    /// Which of the lot and its descendants it held, in trace order. Shared, since a
    /// lot is usually held at many places and a recall's forward trace is large.
    pub lots: Vec<Arc<LotKey>>,
    /// The events that say so.
    pub event_ids: Vec<String>,
    /// Earliest event time (as recorded) among those events.
    pub first_time: String,
}

/// Trace forward with the places reached.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Forward {
    pub descendants: Vec<Descendant>,
    /// Every location and party that held the lot or a descendant, first seen first.
    pub recipients: Vec<Recipient>,
}

/// Shares per ancestor lot, for callers that only need the numbers.
pub fn shares(ancestors: &[Ancestor]) -> BTreeMap<LotKey, Option<f64>> {
    ancestors.iter().map(|a| (a.lot.clone(), a.share)).collect()
}
