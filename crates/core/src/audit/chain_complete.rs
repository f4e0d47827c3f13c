//! The chain-completeness check: every path back from the lot reaches a farm lot.

use super::history::{is_farm_lot, History};
use super::types::{AuditInput, AuditResult, Check, Finding, Outcome};
use crate::genealogy::GenealogyError;

pub(super) fn chain_complete_of(input: &AuditInput<'_, '_>, h: &History<'_>) -> AuditResult {
    let g = input.genealogy;
    let mut findings = Vec::new();
    if let Some(GenealogyError::Cycle(lot)) = &h.cycle {
        findings.push((Outcome::Fail, Finding::Cycle { lot: lot.clone() }));
        return AuditResult::new(Check::ChainComplete, findings);
    }
    if !g.contains(input.lot) {
        return AuditResult::new(Check::ChainComplete, findings);
    }
    // Walk back from the lot, stopping at farm lots; any lot without parents reached on
    // the way is a path that never met a farm.
    let mut farms = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![input.lot.clone()];
    while let Some(lot) = stack.pop() {
        if !seen.insert(lot.clone()) {
            continue;
        }
        if is_farm_lot(input, &lot) {
            farms.insert(lot);
            continue;
        }
        let parents = g.parents_of(&lot);
        if parents.is_empty() {
            findings.push((Outcome::Fail, Finding::NoFarm { lot: lot.key() }));
            if !g.is_created(&lot) {
                findings.push((Outcome::Fail, Finding::OriginMissing { lot: lot.key() }));
            }
        }
        stack.extend(parents.into_iter().cloned());
    }
    // Gaps further back than the farms (e.g. fry never recorded) do not break the
    // chain, but an auditor wants to see them.
    for lot in &h.lots {
        if !seen.contains(lot) && !g.is_created(lot) {
            findings.push((Outcome::Warn, Finding::OriginMissing { lot: lot.key() }));
        }
    }
    if !farms.is_empty() {
        findings.insert(
            0,
            (Outcome::Pass, Finding::ReachesFarm { farms: farms.len() }),
        );
    }
    AuditResult::new(Check::ChainComplete, findings)
}
