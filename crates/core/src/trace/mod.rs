//! Builds the public trace of one lot from stored events: its own history and its
//! ancestors', grouped by stage in chain order, with genealogy and contacts. Only the
//! disclosed fields go in (see [`crate::disclosure`]).

mod audit_view;
mod card;
mod checks;
mod fsma;
mod integrity;
pub mod path;
mod recall;
mod redact;
mod scope;
mod view;
pub(crate) mod words;

pub use card::*;
pub use checks::*;
pub use fsma::*;
pub use integrity::*;
pub use recall::*;
pub use redact::*;
pub use scope::*;
pub use view::*;

// Businesses and locations have their own home; these paths keep working.
pub use crate::party::{location_gln, party_at, party_of, Party};

use crate::codes::LotKey;
use crate::disclosure::DisclosurePolicy;
use crate::epcis::Event;
use crate::fields::{Dictionary, EpcisPlace, Field, FieldType, Stage};
use crate::genealogy::{corrected_event_ids, EventLinks, Genealogy, GenealogyError};
use crate::lang::Lang;
use std::collections::{BTreeMap, BTreeSet};

/// The member of an `errorDeclaration` in which the server records which business
/// declared the event erroneous (set at capture, whatever the client sent).
pub const DECLARED_BY: &str = "lt:declaredBy";

pub struct TraceInput<'a> {
    pub lot: &'a LotKey,
    /// Every event naming the lot or any lot connected to it.
    pub events: &'a [Event],
    pub parties: &'a [Party],
    pub policy: &'a DisclosurePolicy,
    pub recall: Option<RecallView>,
    pub lang: Lang,
}

/// The lot's public trace; `None` when no event names the lot at all.
pub fn build(input: &TraceInput<'_>) -> Result<Option<TraceView>, GenealogyError> {
    let TraceInput {
        lot,
        events,
        parties,
        policy,
        lang,
        ..
    } = input;
    let lang = *lang;
    let index = Genealogy::from_events(events.iter());
    let genealogy = &index;
    // When the page's lot was made: what its source lots record after that is about
    // the rest of those lots (other packs), not this one.
    let made_at = index
        .creating_events(lot)
        .iter()
        .filter_map(|e| e.event_time_utc())
        .min();
    let ancestors = genealogy.trace_back(lot)?;
    let descendants = genealogy.trace_forward(lot)?;
    let mut history: BTreeSet<&LotKey> = ancestors.iter().map(|a| &a.lot).collect();
    history.insert(lot);

    let retracted = corrected_event_ids(events.iter());
    let declarations: BTreeMap<&str, &Event> = events
        .iter()
        .filter(|e| e.error_declaration().is_some())
        .filter_map(|e| e.event_id().map(|id| (id, e)))
        .collect();

    let dictionary = Dictionary::get();
    let mut by_stage: BTreeMap<usize, Vec<(String, EventView)>> = BTreeMap::new();
    let mut named = false;
    let mut involved: BTreeSet<&str> = BTreeSet::new();
    let mut product: Option<(String, String)> = None;
    for event in events.iter() {
        if event.error_declaration().is_some() {
            continue;
        }
        let links = EventLinks::of(event);
        // An event belongs to the page if it created, consumed or observed a lot of the
        // history, but outputs of merges/splits that are not in the history (sibling
        // packs) do not bring their own later events in.
        let Some(event_lot) = links
            .outputs
            .iter()
            .map(|(k, _)| k)
            .chain(links.observed.iter())
            .chain(links.inputs.iter().map(|(k, _)| k))
            .find(|k| history.contains(k))
        else {
            continue;
        };
        if links.all().any(|k| k == *lot) {
            named = true;
        }
        // Events that consume the page's lot happen after it: they belong to its
        // descendants' stories, not this one.
        if links.inputs.iter().any(|(k, _)| k == *lot) {
            continue;
        }
        let party = party_of(parties, event);
        if let Some(p) = party {
            involved.insert(p.id.as_str());
        }
        let stage = party.and_then(Party::stage).unwrap_or(Stage::Processing);
        let fields = disclosed_fields(
            dictionary,
            event,
            party.map(|p| p.id.as_str()),
            policy,
            lang,
        );
        if event_lot == *lot || links.outputs.iter().any(|(k, _)| k == *lot) {
            if let Some(name) = fields.iter().find(|f| f.key.ends_with(".product_name")) {
                let t = event.event_time().to_string();
                if product.as_ref().is_none_or(|(pt, _)| t >= *pt) {
                    product = Some((t, name.value.clone()));
                }
            }
        }
        let event_id = event
            .event_id()
            .map(str::to_string)
            .unwrap_or_else(|| event.hash_id());
        let corrected_by = retracted.contains(&event_id).then(|| {
            let decl = declarations
                .get(event_id.as_str())
                .and_then(|d| d.error_declaration());
            Correction {
                declared_at: decl.map(|d| d.declaration_time.clone()).unwrap_or_default(),
                declared_by: decl
                    .and_then(|d| d.extra.get(DECLARED_BY))
                    .and_then(|v| v.as_str())
                    .map(|id| {
                        parties
                            .iter()
                            .find(|p| p.id == id)
                            .map_or_else(|| id.to_string(), |p| p.name.clone())
                    }),
                reason: decl
                    .and_then(|d| d.reason.clone())
                    .map(|r| words::reason_label(&r, lang)),
                corrective_event_ids: decl
                    .and_then(|d| d.corrective_event_ids.clone())
                    .unwrap_or_default(),
            }
        });
        let after_this_lot = event_lot != *lot
            && made_at
                .zip(event.event_time_utc())
                .is_some_and(|(made, at)| at > made);
        let view = EventView {
            event_id,
            time: event.event_time().to_string(),
            biz_step: event.biz_step_short().map(str::to_string),
            action: words::action_label(
                event.biz_step_short(),
                |group| records_group(dictionary, event, group),
                lang,
            ),
            action_about: words::step_about(event.biz_step_short(), lang),
            lot_key: event_lot.key(),
            business: party.map(|p| p.name.clone()),
            place: party.and_then(|p| p.address.clone()),
            fields,
            corrected_by,
            after_this_lot,
            proof: None,
        };
        let sort_key = event
            .event_time_utc()
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| event.event_time().to_string());
        let order = Stage::ALL
            .iter()
            .position(|s| *s == stage)
            .unwrap_or(usize::MAX);
        by_stage.entry(order).or_default().push((sort_key, view));
    }
    if !named {
        return Ok(None);
    }

    let stages = by_stage
        .into_iter()
        .filter_map(|(order, mut events)| {
            let stage = *Stage::ALL.get(order)?;
            events.sort_by(|a, b| a.0.cmp(&b.0));
            Some(StageView {
                stage,
                label: stage.labels().get(lang).to_string(),
                events: events.into_iter().map(|(_, e)| e).collect(),
            })
        })
        .collect();

    // From the index: scanning every event per ancestor is quadratic (a lot with 300
    // ancestors and 1,000 events took hundreds of milliseconds).
    let creator_of = |k: &LotKey| -> Option<&Party> {
        index
            .creating_events(k)
            .into_iter()
            .next()
            .and_then(|e| party_of(parties, e))
    };
    let genealogy = GenealogyView {
        ancestors: ancestors
            .iter()
            .map(|a| {
                let owner = creator_of(&a.lot);
                AncestorView {
                    lot_key: a.lot.key(),
                    stage: owner.and_then(Party::stage).unwrap_or(Stage::Farm),
                    business: owner.map(|p| p.name.clone()),
                    share: a.share,
                    children: a.children.iter().map(LotKey::key).collect(),
                    fractions: a.fractions.clone(),
                }
            })
            .collect(),
        descendants: descendants
            .iter()
            .map(|d| DescendantView {
                lot_key: d.lot.key(),
                business: creator_of(&d.lot).map(|p| p.name.clone()),
            })
            .collect(),
    };

    let businesses = parties
        .iter()
        .filter(|p| involved.contains(p.id.as_str()))
        .map(|p| BusinessView {
            id: p.id.clone(),
            name: p.name.clone(),
            role: words::role_label(p.role, lang),
            seller: p.role == crate::role::Role::Retailer,
            phone: p.phone.clone(),
            email: p.email.clone(),
            address: p.address.clone(),
        })
        .collect();

    let (audits, cold_chain) = audit_view::for_trace(
        &crate::audit::AuditInput {
            lot,
            genealogy: &index,
            parties,
            config: &crate::audit::AuditConfig::default(),
        },
        policy,
        lang,
    );

    Ok(Some(TraceView {
        lang,
        lot: LotSummary {
            key: lot.key(),
            gtin: match lot {
                LotKey::Gtin { gtin, .. } => Some(gtin.clone()),
                _ => None,
            },
            lot: match lot {
                LotKey::Gtin { lot, .. } => Some(lot.clone()),
                _ => None,
            },
            lot13: match lot {
                LotKey::Lot13(n) => Some(n.clone()),
                _ => None,
            },
            sscc: match lot {
                LotKey::Sscc(n) => Some(n.clone()),
                _ => None,
            },
            element_string: lot.element_string(),
            product: product.map(|(_, name)| name),
        },
        stages,
        genealogy,
        recall: input.recall.clone(),
        businesses,
        audits,
        cold_chain,
        set_aside: Vec::new(),
        checkpoint: None,
        item: None,
    }))
}

/// Does the event record any field of the dictionary group `group` (`feed.`), whatever
/// its disclosure?
fn records_group(dictionary: &Dictionary, event: &Event, group: &str) -> bool {
    dictionary
        .fields
        .iter()
        .filter(|f| f.key.starts_with(group))
        .filter(|f| matches!(f.epcis, EpcisPlace::Ilmd | EpcisPlace::Extension))
        .any(|f| {
            let name = dictionary.json_ld_name(f);
            event.ilmd().is_some_and(|m| m.contains_key(&name)) || event.extension(&name).is_some()
        })
}

/// The event's dictionary fields whose effective disclosure is public, as display text.
fn disclosed_fields(
    dictionary: &Dictionary,
    event: &Event,
    business: Option<&str>,
    policy: &DisclosurePolicy,
    lang: Lang,
) -> Vec<FieldValue> {
    dictionary
        .fields
        .iter()
        .filter(|f| matches!(f.epcis, EpcisPlace::Ilmd | EpcisPlace::Extension))
        .filter(|f| policy.is_public(f, business))
        .filter_map(|f| {
            let name = dictionary.json_ld_name(f);
            let value = event
                .ilmd()
                .and_then(|m| m.get(&name))
                .or_else(|| event.extension(&name))?;
            Some(FieldValue {
                key: f.key.clone(),
                label: f.labels.get(lang).to_string(),
                value: display_value(f, value, lang)?,
                unit: f.unit.clone(),
                explain: f.explain.as_ref().map(|e| e.get(lang).to_string()),
            })
        })
        .collect()
}

fn display_value(field: &Field, value: &serde_json::Value, lang: Lang) -> Option<String> {
    use serde_json::Value;
    Some(match (&field.r#type, value) {
        (FieldType::Boolean, Value::Bool(b)) => words::yes_no(*b, lang).to_string(),
        (FieldType::Enum, Value::String(s)) => field
            .values
            .as_ref()
            .and_then(|vs| vs.iter().find(|v| v.value == *s))
            .map(|v| v.labels.get(lang).to_string())
            .unwrap_or_else(|| crate::proof::shown_text(&field.key, s, lang)),
        (_, Value::String(s)) => crate::proof::shown_text(&field.key, s, lang),
        (_, Value::Number(n)) => n.to_string(),
        (_, Value::Bool(b)) => words::yes_no(*b, lang).to_string(),
        // Structured values are not shown as raw JSON to shoppers.
        _ => return None,
    })
}
