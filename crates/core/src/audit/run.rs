//! The entry points: all four checks in one pass over the history, or one at a time.

use super::chain_complete::chain_complete_of;
use super::cold_chain::{cold_chain_of, Series};
use super::history::history;
use super::mass_balance::mass_balance_of;
use super::types::{AuditInput, AuditResult};
use super::withdrawal::withdrawal_of;

/// All four checks, in [`Check::ALL`](super::Check::ALL) order.
pub fn run(input: &AuditInput<'_, '_>) -> Vec<AuditResult> {
    let h = history(input);
    vec![
        mass_balance_of(input, &h),
        chain_complete_of(input, &h),
        withdrawal_of(input, &h),
        cold_chain_of(input, &h).0,
    ]
}

pub fn mass_balance(input: &AuditInput<'_, '_>) -> AuditResult {
    mass_balance_of(input, &history(input))
}
pub fn chain_complete(input: &AuditInput<'_, '_>) -> AuditResult {
    chain_complete_of(input, &history(input))
}
pub fn withdrawal(input: &AuditInput<'_, '_>) -> AuditResult {
    withdrawal_of(input, &history(input))
}
pub fn cold_chain(input: &AuditInput<'_, '_>) -> AuditResult {
    cold_chain_of(input, &history(input)).0
}

/// The temperature logs of the lot's story, as the chart shows them.
pub fn temperature_series(input: &AuditInput<'_, '_>) -> Vec<Series> {
    cold_chain_of(input, &history(input)).1
}

/// All four checks (in [`Check::ALL`](super::Check::ALL) order) and the temperature logs
/// of the lot's story, in one pass: what the trace page needs.
pub fn run_with_series(input: &AuditInput<'_, '_>) -> (Vec<AuditResult>, Vec<Series>) {
    let h = history(input);
    let (cold, series) = cold_chain_of(input, &h);
    let results = vec![
        mass_balance_of(input, &h),
        chain_complete_of(input, &h),
        withdrawal_of(input, &h),
        cold,
    ];
    (results, series)
}
