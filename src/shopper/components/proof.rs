//! The trace page's proofs checked on this phone (core's `proof::check_trace`, in WASM):
//! once the timeline has been painted, in a task of its own, against the log key this
//! browser pinned the first time; then, when the log seen last time is known, that today's
//! log only grew from it. Each timeline entry gets `data-proof="verified"` or `"failed"`
//! (`"unchecked"` when there was no key to check with, `"checking"` until then) and a
//! short badge; one line above the timeline says what it means for the whole page.
//! Times: `performance.measure("lottrace-proof-verify")` (the benches read it).

use crate::shared::components::{next_animation_frame, next_task};
use crate::shared::i18n::{msg, Key, Lang};
use crate::shared::store::log_pin;
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lottrace_core::proof::{
    check_growth, check_trace, consistency_request, is_log_key, open_pinned, EventFailure,
    OpenCheckpoint, TraceCheck,
};
use lottrace_core::trace::TraceView;
use std::sync::Arc;

/// One timeline entry's outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Verified,
    /// With the sentence that says why.
    Failed(Key),
    Unchecked,
}

impl Mark {
    fn attr(self) -> &'static str {
        match self {
            Mark::Verified => "verified",
            Mark::Failed(_) => "failed",
            Mark::Unchecked => "unchecked",
        }
    }
}

/// The page's line.
#[derive(Debug, Clone, PartialEq)]
enum Summary {
    AllVerified { total: usize, witnesses: usize },
    SomeFailed { failed: usize, total: usize },
    BadCheckpoint,
    Rewritten,
    NoKey,
}

#[derive(Debug)]
struct Outcome {
    summary: Summary,
    marks: Vec<(String, Mark)>,
}

/// The page's outcome once checked; timeline entries and the page line follow it.
#[derive(Clone, Copy)]
pub struct ProofMarks(RwSignal<Option<Arc<Outcome>>>);

impl ProofMarks {
    fn mark(self, event_id: &str) -> Option<Mark> {
        self.0.with(|o| {
            o.as_ref()
                .and_then(|o| o.marks.iter().find(|(id, _)| id == event_id))
                .map(|(_, m)| *m)
        })
    }
}

/// Starts checking `view` once the timeline has been painted; `online`: the page came
/// from the server just now (a saved copy is checked against its own checkpoint with
/// the pinned key, without asking the server anything).
pub fn check_later(view: TraceView, online: bool) -> ProofMarks {
    let marks = ProofMarks(RwSignal::new(None));
    spawn_local(async move {
        // The timeline itself is built after the first paint (`after_paint`): wait for
        // that frame and the next, so checking never delays what the shopper sees.
        for _ in 0..2 {
            next_animation_frame().await;
            next_task().await;
        }
        let outcome = check(&view, online).await;
        marks.0.try_set(Some(Arc::new(outcome)));
    });
    marks
}

/// A request's body: `Err` when no answer came (offline), `Ok(None)` for a refusal.
async fn fetch_text(url: &str) -> Result<Option<String>, ()> {
    let resp = Request::get(url).send().await.map_err(|_| ())?;
    if resp.status() != 200 {
        return Ok(None);
    }
    resp.text().await.map(Some).map_err(|_| ())
}

async fn pinned_or_first_key(online: bool) -> Option<String> {
    if let Some(key) = log_pin::pinned_key() {
        return Some(key);
    }
    if !online {
        return None;
    }
    let key = fetch_text("/log/key").await.ok().flatten()?;
    // Pinned only when it is a key (not, say, an error page).
    if !is_log_key(&key) {
        return None;
    }
    log_pin::pin_key(&key);
    Some(key)
}

/// Runs `f` between two performance marks, measured as `lottrace-proof-verify`.
fn measured<T>(f: impl FnOnce() -> T) -> T {
    const START: &str = "lottrace-proof-verify-start";
    let perf = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &perf {
        let _ = p.mark(START);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark("lottrace-proof-verify", START);
    }
    out
}

async fn check(view: &TraceView, online: bool) -> Outcome {
    let ids = || {
        view.stages
            .iter()
            .flat_map(|s| s.events.iter().map(|e| e.event_id.clone()))
    };
    let Some(key) = pinned_or_first_key(online).await else {
        return Outcome {
            summary: Summary::NoKey,
            marks: ids().map(|id| (id, Mark::Unchecked)).collect(),
        };
    };
    let check = measured(|| check_trace(view, &key));
    let note = view.checkpoint.as_ref().map(|c| c.note.as_str());
    let (Ok(checkpoint), Some(note)) = (&check.checkpoint, note) else {
        return every(ids(), Summary::BadCheckpoint, Key::ProofWhyLog);
    };
    if !only_grew(checkpoint, note, &key, online).await {
        return every(ids(), Summary::Rewritten, Key::ProofWhyLog);
    }
    per_event(&check)
}

fn every(ids: impl Iterator<Item = String>, summary: Summary, why: Key) -> Outcome {
    Outcome {
        summary,
        marks: ids.map(|id| (id, Mark::Failed(why))).collect(),
    }
}

fn per_event(check: &TraceCheck) -> Outcome {
    let marks: Vec<(String, Mark)> = check
        .events
        .iter()
        .map(|e| {
            let mark = match &e.outcome {
                Ok(()) => Mark::Verified,
                Err(EventFailure::NoProof) => Mark::Failed(Key::ProofWhyMissing),
                Err(EventFailure::Shows(_)) => Mark::Failed(Key::ProofWhyShown),
                Err(EventFailure::Checkpoint) => Mark::Failed(Key::ProofWhyLog),
                Err(_) => Mark::Failed(Key::ProofWhyChanged),
            };
            (e.event_id.clone(), mark)
        })
        .collect();
    let (total, failed) = (check.events.len(), check.failed());
    let summary = if failed == 0 {
        Summary::AllVerified {
            total,
            witnesses: check.cosignatures,
        }
    } else {
        Summary::SomeFailed { failed, total }
    };
    Outcome { summary, marks }
}

/// Whether the log this browser saw last (for this origin) is a prefix of the one the
/// page was answered against, or the other way round for an older answer. Keeps the
/// larger of the two once it is known to be consistent. Unknown (offline, or nothing
/// kept yet) counts as grown: the check is made when it can be.
async fn only_grew(seen: &OpenCheckpoint, note: &str, key: &str, online: bool) -> bool {
    let kept = log_pin::kept_checkpoint(&seen.origin).and_then(|n| open_pinned(&n, key).ok());
    let Some(kept) = kept else {
        log_pin::keep_checkpoint(&seen.origin, note);
        return true;
    };
    let proof = match consistency_request(&kept.head, &seen.head) {
        None => String::new(),
        Some(_) if !online => return true,
        Some((old, new)) => {
            match fetch_text(&format!("/log/proof/consistency?old={old}&new={new}")).await {
                Ok(Some(text)) => text,
                // The server answered but would not prove it: as good as a rewrite.
                Ok(None) => return false,
                Err(()) => return true,
            }
        }
    };
    if check_growth(&kept.head, &seen.head, &proof).is_err() {
        return false;
    }
    if seen.head.size > kept.head.size {
        log_pin::keep_checkpoint(&seen.origin, note);
    }
    true
}

/// `data-proof` of a timeline entry.
pub fn entry_attr(marks: Option<ProofMarks>, event_id: String) -> impl Fn() -> &'static str {
    move || {
        marks
            .and_then(|m| m.mark(&event_id))
            .map_or("checking", Mark::attr)
    }
}

/// The badge under an entry's heading: nothing until checked.
pub fn entry_badge(marks: Option<ProofMarks>, event_id: String, ui: Lang) -> AnyView {
    (move || {
        let mark = marks.and_then(|m| m.mark(&event_id))?;
        Some(match mark {
            Mark::Verified => view! {
                <p class="proof-mark ok">{Key::ProofVerified.get(ui)}</p>
            }
            .into_any(),
            Mark::Failed(why) => view! {
                <div class="proof-mark fail">
                    <p class="badge fail">{Key::ProofFailed.get(ui)}</p>
                    <p>{why.get(ui)}</p>
                </div>
            }
            .into_any(),
            Mark::Unchecked => view! {
                <p class="proof-mark">{Key::ProofUnchecked.get(ui)}</p>
            }
            .into_any(),
        })
    })
    .into_any()
}

/// The page's line above the timeline.
pub fn page_line(marks: ProofMarks, ui: Lang) -> AnyView {
    let state = move || {
        marks.0.with(|o| match o.as_ref().map(|o| &o.summary) {
            None => "checking",
            Some(Summary::AllVerified { .. }) => "verified",
            Some(Summary::NoKey) => "unchecked",
            Some(_) => "failed",
        })
    };
    let text = move || {
        marks.0.with(|o| {
            let Some(o) = o else {
                return Key::ProofChecking.get(ui).to_owned();
            };
            match &o.summary {
                Summary::AllVerified { total, witnesses } => {
                    let mut text = msg::ProofAllVerified { total: *total }.text(ui);
                    if *witnesses > 0 {
                        text.push(' ');
                        text.push_str(
                            &msg::ProofWitnesses {
                                witnesses: *witnesses,
                            }
                            .text(ui),
                        );
                    }
                    text
                }
                Summary::SomeFailed { failed, total } => msg::ProofSomeFailed {
                    failed: *failed,
                    total,
                }
                .text(ui),
                Summary::BadCheckpoint => Key::ProofBadCheckpoint.get(ui).to_owned(),
                Summary::Rewritten => Key::ProofRewritten.get(ui).to_owned(),
                Summary::NoKey => Key::ProofNoKey.get(ui).to_owned(),
            }
        })
    };
    view! {
        <p class="proof-summary card" role="status" data-proof=state>{text}</p>
    }
    .into_any()
}
