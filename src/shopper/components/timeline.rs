//! The history by stage, farm to shelf: one card per stage, one entry per event, every
//! disclosed field with its label and unit, and whether its proof checked out. A corrected event stays visible, crossed out
//! and marked, next to its correction.

use super::proof::{entry_attr, entry_badge, ProofMarks};
use super::{lot_anchor, row, text_row, time_view, Highlight};
use crate::shared::i18n::{format_field_value, Key, Lang};
use leptos::prelude::*;
use lottrace_core::trace::{EventView, StageView};
use std::collections::{BTreeMap, BTreeSet};

/// A value that is a lot's or a code's path (`01/…/10/…`, `00/…`): shown among the
/// entry's codes, not in its story.
fn is_code_value(value: &str) -> bool {
    lottrace_core::trace::path::is_lot_path(value)
}

/// A document id for an event (event ids are URNs).
pub fn event_anchor(event_id: &str) -> String {
    super::anchor("ev-", event_id)
}

pub fn timeline(
    stages: Vec<StageView>,
    page_lot: &str,
    // lot key → its first event's id.
    anchors: BTreeMap<String, String>,
    marks: Option<ProofMarks>,
    ui: Lang,
) -> AnyView {
    if stages.is_empty() {
        return view! { <p class="card">{Key::NoStages.get(ui)}</p> }.into_any();
    }
    // Events that correct an earlier one say so.
    let corrective: BTreeSet<String> = stages
        .iter()
        .flat_map(|s| s.events.iter())
        .filter_map(|e| e.corrected_by.as_ref())
        .flat_map(|c| c.corrective_event_ids.iter().cloned())
        .collect();
    let present: BTreeSet<String> = stages
        .iter()
        .flat_map(|s| s.events.iter().map(|e| e.event_id.clone()))
        .collect();
    let first_of: BTreeMap<String, String> =
        anchors.into_iter().map(|(lot, ev)| (ev, lot)).collect();
    let highlight = use_context::<Highlight>();
    let count = stages.len();
    let items: Vec<AnyView> = stages
        .into_iter()
        .enumerate()
        .map(|(i, stage)| {
            let events: Vec<AnyView> = stage
                .events
                .into_iter()
                .map(|event| {
                    let ctx = EventCtx {
                        ui,
                        page_lot,
                        anchor: first_of.get(&event.event_id).map(|lot| lot_anchor(lot)),
                        is_correction: corrective.contains(&event.event_id),
                        present: &present,
                        highlight,
                        marks,
                    };
                    event_item(event, ctx)
                })
                .collect();
            let class = format!("stage stage-{}", stage.stage.as_str());
            view! {
                <li class=class>
                    <p class="stage-step" aria-hidden="true">{format!("{}/{count}", i + 1)}</p>
                    <h2>{stage.label}</h2>
                    <ol class="events">{events}</ol>
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <ol class="timeline" aria-label=Key::Timeline.get(ui)>
            {items}
        </ol>
    }
    .into_any()
}

struct EventCtx<'a> {
    ui: Lang,
    page_lot: &'a str,
    anchor: Option<String>,
    is_correction: bool,
    present: &'a BTreeSet<String>,
    highlight: Option<Highlight>,
    marks: Option<ProofMarks>,
}

fn event_item(event: EventView, ctx: EventCtx<'_>) -> AnyView {
    let ui = ctx.ui;
    let EventView {
        event_id,
        time,
        action,
        action_about,
        lot_key,
        business,
        place,
        fields,
        corrected_by,
        after_this_lot,
        ..
    } = event;
    let corrected = corrected_by.is_some();
    let hl_lot = lot_key.clone();
    let highlight = ctx.highlight;
    let class = move || {
        let on = highlight
            .map(|h| h.0.with(|l| l.as_deref() == Some(hl_lot.as_str())))
            .unwrap_or(false);
        let base = match (on, corrected) {
            (true, true) => "event corrected hl",
            (true, false) => "event hl",
            (false, true) => "event corrected",
            (false, false) => "event",
        };
        if after_this_lot {
            format!("{base} after-lot")
        } else {
            base.to_string()
        }
    };
    let correction = corrected_by.map(|c| {
        let links: Vec<AnyView> = c
            .corrective_event_ids
            .into_iter()
            .filter(|id| ctx.present.contains(id))
            .map(|id| {
                let href = format!("#{}", event_anchor(&id));
                view! {
                    <li>
                        <a href=href rel="external">{Key::SeeCorrection.get(ui)}</a>
                    </li>
                }
                .into_any()
            })
            .collect();
        let reason = c.reason.map(|r| text_row(Key::Reason.get(ui), r));
        view! {
            <div class="correction">
                <p class="badge warn">{Key::Corrected.get(ui)}</p>
                <p>{Key::CorrectedNote.get(ui)}</p>
                <dl class="facts">
                    {row(Key::CorrectedOn.get(ui).to_owned(), time_view(&c.declared_at, ui))}
                    {reason}
                </dl>
                <ul class="plain">{links}</ul>
            </div>
        }
        .into_any()
    });
    // Recorded on the farm's lot after this pack was made from it: the rest of that lot.
    let later = after_this_lot
        .then(|| view! { <p class="badge info later">{Key::AfterThisLot.get(ui)}</p> }.into_any());
    let correction_of = ctx
        .is_correction
        .then(|| view! { <p class="badge info">{Key::CorrectionOf.get(ui)}</p> }.into_any());
    // Events of an ancestor lot (a farm lot before the merge) say which lot they are, and
    // values that are lot paths are codes too: behind a "Codes" fold, not in the story.
    let mut codes: Vec<AnyView> = Vec::new();
    if lot_key != ctx.page_lot {
        codes.push(row(
            Key::LotNo.get(ui).to_owned(),
            view! { <span class="mono">{lot_key.clone()}</span> }.into_any(),
        ));
    }
    let mut rows: Vec<AnyView> = Vec::with_capacity(fields.len() + 4);
    rows.push(row(Key::Time.get(ui).to_owned(), time_view(&time, ui)));
    if let Some(b) = business {
        rows.push(text_row(Key::Business.get(ui), b));
    }
    if let Some(p) = place {
        rows.push(text_row(Key::Place.get(ui), p));
    }
    for f in fields {
        if is_code_value(&f.value) {
            codes.push(row(
                f.label,
                view! { <span class="mono">{f.value}</span> }.into_any(),
            ));
            continue;
        }
        let value = format_field_value(&f.value, ui);
        let value = match f.unit {
            Some(unit) if !unit.is_empty() => format!("{value} {unit}"),
            _ => value,
        };
        // The dictionary's line for shoppers, visible under the value (never a tooltip).
        let explain = f
            .explain
            .map(|e| view! { <span class="explain">{e}</span> });
        rows.push(row(f.label, view! { {value}{explain} }.into_any()));
    }
    let codes = (!codes.is_empty()).then(|| {
        view! {
            <details class="codes">
                <summary>{Key::Codes.get(ui)}</summary>
                <dl class="facts">{codes}</dl>
            </details>
        }
    });
    let about = action_about.map(|a| view! { <p class="step-about">{a}</p> });
    let proof = entry_badge(ctx.marks, event_id.clone(), ui);
    view! {
        <li
            class=class
            id=ctx.anchor
            tabindex="-1"
            data-lot=lot_key
            data-proof=entry_attr(ctx.marks, event_id.clone())
        >
            <h3 id=event_anchor(&event_id) tabindex="-1">{action}</h3>
            {about}
            {proof}
            {later}
            {correction_of}
            {correction}
            <dl class="facts record">{rows}</dl>
            {codes}
        </li>
    }
    .into_any()
}
