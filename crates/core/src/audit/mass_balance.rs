//! The mass-balance check: kg in against kg out for every merge, split and process step
//! of the lot's story.

use super::history::{stage_of, History};
use super::types::{AuditConfig, AuditInput, AuditResult, Check, Finding, NotComparable, Outcome};
use crate::codes::LotKey;
use crate::epcis::Event;
use crate::fields::Stage;
use crate::genealogy::effective_event_id;
use crate::lot_pattern::LotPattern;
use crate::party::Party;

/// Stocking and growing fish: weight gain is the point, not an error.
fn is_farming(parties: &[Party], event: &Event) -> bool {
    matches!(event.biz_step_short(), Some("hatching" | "farmHarvest"))
        || matches!(
            stage_of(parties, event),
            Some(Stage::Farm | Stage::Hatchery)
        )
}

/// Total kg of a list, or why it cannot be had.
fn total_kg(list: &[crate::epcis::QuantityElement]) -> Result<f64, NotComparable> {
    let mut total = 0.0;
    for q in list {
        if q.uom.as_deref() != Some("KGM") {
            return Err(NotComparable::Unit { uom: q.uom.clone() });
        }
        match q.quantity {
            Some(x) if x.is_finite() && x >= 0.0 => total += x,
            _ => return Err(NotComparable::MissingQuantity),
        }
    }
    Ok(total)
}

pub(super) fn mass_balance_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
    let tol = if input.config.mass_tolerance.is_finite() {
        input.config.mass_tolerance.abs()
    } else {
        AuditConfig::default().mass_tolerance
    };
    let mut findings = Vec::new();
    for &e in &h.story {
        let Event::TransformationEvent(t) = e else {
            continue;
        };
        let (ins, outs) = (
            t.input_quantity_list.as_deref().unwrap_or(&[]),
            t.output_quantity_list.as_deref().unwrap_or(&[]),
        );
        if ins.is_empty() || outs.is_empty() || is_farming(input.parties, e) {
            continue;
        }
        let pattern = LotPattern::of(e);
        // Name the step by the output that belongs to this lot's history.
        let lot = outs
            .iter()
            .filter_map(|q| LotKey::from_epc_uri(&q.epc_class))
            .find(|k| h.lots.contains(k))
            .map(|k| k.key())
            .unwrap_or_else(|| effective_event_id(e));
        let (i, o) = match (total_kg(ins), total_kg(outs)) {
            (Ok(i), Ok(o)) => (i, o),
            (Err(why), _) | (_, Err(why)) => {
                findings.push((Outcome::Warn, Finding::NotComparable { lot, why }));
                continue;
            }
        };
        if i <= 0.0 {
            findings.push((
                Outcome::Warn,
                Finding::NotComparable {
                    lot,
                    why: NotComparable::ZeroInput,
                },
            ));
            continue;
        }
        let rel = (o - i) / i;
        let (l, in_kg, out_kg) = (lot, i, o);
        if rel.abs() <= tol {
            findings.push((
                Outcome::Pass,
                Finding::Balanced {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        } else if rel > 0.0 {
            findings.push((
                Outcome::Fail,
                Finding::Gain {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        } else {
            let strict = matches!(pattern, Some(LotPattern::Merge | LotPattern::Split));
            let outcome = if strict { Outcome::Fail } else { Outcome::Warn };
            findings.push((
                outcome,
                Finding::Loss {
                    lot: l,
                    pattern,
                    in_kg,
                    out_kg,
                },
            ));
        }
    }
    AuditResult::new(Check::MassBalance, findings)
}
