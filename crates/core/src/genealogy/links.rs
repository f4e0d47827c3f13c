//! Which lots an event names, and in what role: consumed (input), created (output) or
//! only observed; and the lot an epc URI stands for.

use crate::codes::LotKey;
use crate::epcis::{Action, Event};

/// The role an event gives a lot it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Input,
    Output,
    Observed,
}

/// Calls `visit(role, uri, quantity, uom)` for every lot-level identifier the event names.
/// Instance EPCs (a serial) are passed too; the resolver drops them.
pub(super) fn visit_lots<'e>(
    event: &'e Event,
    mut visit: impl FnMut(Role, &'e str, Option<f64>, Option<&'e str>),
) {
    fn slice<T>(v: &Option<Vec<T>>) -> &[T] {
        v.as_deref().unwrap_or(&[])
    }
    match event {
        Event::TransformationEvent(e) => {
            for q in slice(&e.input_quantity_list) {
                visit(Role::Input, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.input_epc_list) {
                visit(Role::Input, epc, None, None);
            }
            for q in slice(&e.output_quantity_list) {
                visit(Role::Output, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.output_epc_list) {
                visit(Role::Output, epc, None, None);
            }
        }
        Event::ObjectEvent(e) => {
            let role = if e.action == Action::Add {
                Role::Output
            } else {
                Role::Observed
            };
            for q in slice(&e.quantity_list) {
                visit(role, &q.epc_class, q.quantity, q.uom.as_deref());
            }
            for epc in slice(&e.epc_list) {
                visit(role, epc, None, None);
            }
        }
        Event::AggregationEvent(e) | Event::AssociationEvent(e) => {
            if let Some(p) = &e.parent_id {
                visit(Role::Observed, p, None, None);
            }
            for epc in slice(&e.child_epcs) {
                visit(Role::Observed, epc, None, None);
            }
            for q in slice(&e.child_quantity_list) {
                visit(Role::Observed, &q.epc_class, q.quantity, q.uom.as_deref());
            }
        }
        Event::TransactionEvent(e) => {
            if let Some(p) = &e.parent_id {
                visit(Role::Observed, p, None, None);
            }
            for epc in slice(&e.epc_list) {
                visit(Role::Observed, epc, None, None);
            }
            for q in slice(&e.quantity_list) {
                visit(Role::Observed, &q.epc_class, q.quantity, q.uom.as_deref());
            }
        }
    }
}

/// The lot an epc URI names. Fast path for the canonical Digital Link Lottrace writes
/// (`https://id.gs1.org/01/…/10/…`, see [`LotKey::epc_class_uri`]): reading its key
/// back is several times cheaper than the general parser and gives the same lot; the
/// general parser handles every other form.
pub fn lot_of_uri(uri: &str) -> Option<LotKey> {
    if let Some(rest) = uri.strip_prefix("https://id.gs1.org/") {
        if rest.starts_with("01/") {
            if let Some(k) = LotKey::parse_key(rest).filter(|k| k.key() == rest) {
                return Some(k);
            }
        }
    }
    LotKey::from_epc_uri(uri)
}

/// Every lot an event names with the quantity and unit it gives there, in the event's
/// order (a lot named twice is listed twice; an EPC list entry has no quantity).
pub fn lot_quantities(event: &Event) -> Vec<(LotKey, Option<f64>, Option<String>)> {
    let mut out = Vec::new();
    visit_lots(event, |_, uri, q, uom| {
        if let Some(k) = lot_of_uri(uri) {
            out.push((k, q, uom.map(str::to_owned)));
        }
    });
    out
}

/// Which lots an event consumes, creates or merely observes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventLinks {
    pub inputs: Vec<(LotKey, Option<f64>)>,
    pub outputs: Vec<(LotKey, Option<f64>)>,
    /// Lots the event is about without consuming or creating them (shipping, receiving…).
    pub observed: Vec<LotKey>,
}

impl EventLinks {
    pub fn of(event: &Event) -> EventLinks {
        let mut links = EventLinks::default();
        visit_lots(event, |role, uri, q, _| {
            let Some(k) = lot_of_uri(uri) else {
                return;
            };
            match role {
                Role::Input => links.inputs.push((k, q)),
                Role::Output => links.outputs.push((k, q)),
                Role::Observed => {
                    if !links.observed.contains(&k) {
                        links.observed.push(k)
                    }
                }
            }
        });
        links
    }

    /// Every lot the event names, whatever its role.
    pub fn all(&self) -> impl Iterator<Item = &LotKey> {
        self.inputs
            .iter()
            .map(|(k, _)| k)
            .chain(self.outputs.iter().map(|(k, _)| k))
            .chain(self.observed.iter())
    }
}
