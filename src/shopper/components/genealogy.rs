//! Where this pack came from: the lots merged and split on the way, as a tree from this
//! pack back to the hatchery, with each lot's share of this pack's mass. Tapping a lot
//! jumps to its records in the timeline and highlights them.

use super::{jump_to_lot, lot_anchor, stage_label, Highlight};
use crate::kiosk::components::use_kiosk;
use crate::shared::i18n::{format_share, msg, with_lang, Key, Lang};
use crate::shared::scanner::route::trace_path;
use leptos::prelude::*;
use lottrace_core::fields::Stage;
use lottrace_core::trace::{AncestorView, DescendantView};

/// Deep enough for any real chain; a guard against a malformed (cyclic) answer.
const MAX_DEPTH: usize = 16;

struct TreeNode {
    lot_key: String,
    stage: Option<Stage>,
    business: Option<String>,
    share: Option<f64>,
    parents: Vec<TreeNode>,
}

/// At most this many nodes: a lot reached by several paths is drawn under each, which a
/// malformed answer could make explode.
const MAX_NODES: usize = 300;

/// `through`: `lot_key`'s share of the page's lot along this branch (1 at the root):
/// each node shows its share along its own branch, so a fry lot drawn under two farms
/// shows each farm's part of it, and the parts add up.
fn build(
    lot_key: &str,
    through: Option<f64>,
    ancestors: &[AncestorView],
    path: &mut Vec<String>,
    budget: &mut usize,
) -> Vec<TreeNode> {
    if path.len() >= MAX_DEPTH || *budget == 0 {
        return Vec::new();
    }
    path.push(lot_key.to_owned());
    let direct: Vec<&AncestorView> = ancestors
        .iter()
        .filter(|a| a.children.iter().any(|c| c == lot_key))
        .filter(|a| !path.contains(&a.lot_key))
        .collect();
    let mut out: Vec<TreeNode> = Vec::with_capacity(direct.len());
    for a in direct {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let share = a.branch_share(lot_key, through);
        out.push(TreeNode {
            lot_key: a.lot_key.clone(),
            stage: Some(a.stage),
            business: a.business.clone(),
            share,
            parents: build(&a.lot_key, share, ancestors, path, budget),
        });
    }
    path.pop();
    // Biggest contribution first.
    out.sort_by(|a, b| {
        b.share
            .unwrap_or(0.0)
            .partial_cmp(&a.share.unwrap_or(0.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

struct Ctx<'a> {
    stage_labels: &'a [(Stage, String)],
    anchored: Vec<String>,
    ui: Lang,
    highlight: Option<Highlight>,
}

fn share_text(share: Option<f64>, lang: Lang) -> Option<String> {
    share
        .map(format_share)
        .filter(|s| !s.is_empty())
        .map(|pct| msg::ShareOfPack { pct: &pct }.text(lang))
}

fn node_view(node: TreeNode, ctx: &Ctx<'_>, root: bool) -> AnyView {
    let TreeNode {
        lot_key,
        stage,
        business,
        share,
        parents,
    } = node;
    let stage_text = match (root, stage) {
        (true, _) => Key::ThisPack.get(ctx.ui).to_owned(),
        (false, Some(s)) => stage_label(s, ctx.stage_labels, ctx.ui),
        (false, None) => String::new(),
    };
    let class = match stage {
        Some(s) => format!("gnode stage-{}", s.as_str()),
        None => "gnode root".to_owned(),
    };
    let pct = share
        .filter(|s| s.is_finite())
        .map(|s| (s * 100.0).clamp(0.0, 100.0));
    let bar = pct.map(|p| {
        view! {
            <svg class="share-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="track" x="0" y="0" width="100" height="6" rx="3"/>
                <rect class="fill" x="0" y="0" width=format!("{p:.1}") height="6" rx="3"/>
            </svg>
        }
    });
    let share_line = (!root).then(|| match share_text(share, ctx.ui) {
        Some(t) => view! { <span class="gnode-share">{t}</span> }.into_any(),
        None => view! { <span class="gnode-share muted">{Key::ShareUnknown.get(ctx.ui)}</span> }
            .into_any(),
    });
    let body = view! {
        <span class="gnode-stage">{stage_text}</span>
        {business.map(|b| view! { <span class="gnode-biz">{b}</span> })}
        {share_line}
        {bar}
        <span class="gnode-lot mono">{lot_key.clone()}</span>
    };
    let head = if ctx.anchored.contains(&lot_key) {
        let href = format!("#{}", lot_anchor(&lot_key));
        let highlight = ctx.highlight;
        let key = lot_key.clone();
        view! {
            <a class="gnode-box" href=href rel="external" on:click=move |ev| {
                ev.prevent_default();
                jump_to_lot(highlight, &key);
            }>{body}</a>
        }
        .into_any()
    } else {
        view! { <div class="gnode-box">{body}</div> }.into_any()
    };
    let children = (!parents.is_empty()).then(|| {
        let items: Vec<AnyView> = parents
            .into_iter()
            .map(|p| node_view(p, ctx, false))
            .collect();
        view! { <ul class="gtree">{items}</ul> }.into_any()
    });
    view! {
        <li class=class>
            {head}
            {children}
        </li>
    }
    .into_any()
}

pub fn genealogy_view(
    page_lot: String,
    ancestors: Vec<AncestorView>,
    descendants: Vec<DescendantView>,
    stage_labels: &[(Stage, String)],
    // Lots with at least one event in the timeline (the ones a node can jump to).
    anchored: Vec<String>,
    ui: Lang,
) -> AnyView {
    let ctx = Ctx {
        stage_labels,
        anchored,
        ui,
        highlight: use_context::<Highlight>(),
    };
    // Each farm's share of this pack, the question most shoppers have.
    let farms: Vec<(String, Option<f64>)> = ancestors
        .iter()
        .filter(|a| a.stage == Stage::Farm)
        .map(|a| {
            (
                a.business.clone().unwrap_or_else(|| a.lot_key.clone()),
                a.share,
            )
        })
        .collect();
    let farm_summary = (!farms.is_empty()).then(|| {
        let lead = msg::FarmsSummary { n: farms.len() }.text(ui);
        let items: Vec<AnyView> = farms
            .into_iter()
            .map(|(name, share)| {
                let pct = share
                    .map(format_share)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| Key::ShareUnknown.get(ui).to_owned());
                view! {
                    <li>
                        <span class="farm-name">{name}</span>
                        <span class="farm-pct">{pct}</span>
                    </li>
                }
                .into_any()
            })
            .collect();
        view! {
            <p class="farm-lead">{lead}</p>
            <ul class="farm-shares">{items}</ul>
        }
        .into_any()
    });
    let tree = if ancestors.is_empty() {
        view! { <p>{Key::NoAncestors.get(ui)}</p> }.into_any()
    } else {
        let mut path = Vec::new();
        let mut budget = MAX_NODES;
        let root = TreeNode {
            parents: build(&page_lot, Some(1.0), &ancestors, &mut path, &mut budget),
            lot_key: page_lot,
            stage: None,
            business: None,
            share: None,
        };
        view! {
            <p class="hint">{Key::GenealogyIntro.get(ui)} " " {Key::GenealogyTap.get(ui)}</p>
            <ul class="gtree root-tree">{node_view(root, &ctx, true)}</ul>
        }
        .into_any()
    };
    let kiosk = use_kiosk();
    let descendants = (!descendants.is_empty()).then(|| {
        let mut places: Vec<&str> = descendants
            .iter()
            .filter_map(|d| d.business.as_deref())
            .collect();
        places.sort_unstable();
        places.dedup();
        let summary = msg::DescendantsSummary {
            n: descendants.len(),
            m: places.len(),
        }
        .text(ui);
        let items: Vec<AnyView> = descendants
            .into_iter()
            .map(|d| {
                // Inside a kiosk, another lot opens in the kiosk's own lot screen.
                let href = match kiosk {
                    Some(k) => k.href(&trace_path(&d.lot_key), Some(ui)),
                    None => with_lang(&trace_path(&d.lot_key), ui),
                };
                let who = d.business.map(|b| format!(" · {b}"));
                view! {
                    <li class="descendant">
                        <a class="mono" href=href>{d.lot_key}</a>
                        <span class="muted">{who}</span>
                    </li>
                }
                .into_any()
            })
            .collect();
        view! {
            <h3>{Key::Descendants.get(ui)}</h3>
            <p>{summary}</p>
            <ul class="lots">{items}</ul>
        }
        .into_any()
    });
    view! {
        <section class="card genealogy" aria-labelledby="genealogy-h">
            <h2 id="genealogy-h">{Key::Genealogy.get(ui)}</h2>
            {farm_summary}
            {tree}
            {descendants}
        </section>
    }
    .into_any()
}
