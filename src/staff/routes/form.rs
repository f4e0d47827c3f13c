//! `/staff/new/:form` — one record form (see `lottrace_core::record` for what each
//! has). Every change is saved as a draft on the device; "Save to outbox" checks the
//! form, builds the EPCIS event with a new eventID, and puts it in the outbox.

use crate::shared::components::page_title;
use crate::shared::i18n::{msg, tr, use_lang, with_lang, Key, Lang};
use crate::staff::api::BusinessRef;
use crate::staff::components::{FieldInput, LotPicker, StaffFrame};
use crate::staff::forms::{self, FormDef, FormProblem, Part, Spot};
use crate::staff::state::ctx::{self, ctx};
use crate::staff::state::drafts::{self, Draft, LotRow};
use crate::staff::state::outbox::{self, Entry, Status};
use crate::staff::state::session::{self, LotIdError};
use crate::staff::state::{db, lock, sync};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lottrace_core::record::ProductKind;
use wasm_bindgen::JsCast;

/// What a save put in the outbox, repeated on the screen after it.
#[derive(Debug, Clone, PartialEq)]
struct Saved {
    /// The lots it made (labels can be printed for them).
    new_lots: Vec<String>,
    /// Every lot it names: made, used or handled.
    lots: Vec<String>,
    kg: f64,
}

/// Moves focus to the form's first input marked invalid (opening the `<details>` it
/// may sit in), else to the message that counts the problems.
fn focus_first_invalid(form: &web_sys::HtmlFormElement) {
    let target = form
        .query_selector("[aria-invalid=\"true\"]")
        .ok()
        .flatten()
        .or_else(|| form.query_selector(".fix-count").ok().flatten());
    let Some(el) = target else {
        return;
    };
    if let Ok(Some(details)) = el.closest("details") {
        let _ = details.set_attribute("open", "");
    }
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
        el.scroll_into_view_with_bool(false);
    }
}

#[component]
pub fn StaffForm() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.with(|p| p.get("form").unwrap_or_default());
    view! {
        <StaffFrame>
            {move || match forms::by_key(&key()) {
                Some(def) => view! { <FormScreen def=def/> }.into_any(),
                None => view! { <p class="error">{tr(Key::StaffUnknownForm)}</p> }.into_any(),
            }}
        </StaffFrame>
    }
}

/// A new lot's product kind label.
pub fn product_label(kind: ProductKind, lang: Lang) -> &'static str {
    let key = match kind {
        ProductKind::Fry => Key::ProductFry,
        ProductKind::Live => Key::ProductLive,
        ProductKind::ChilledWhole => Key::ProductChilled,
        ProductKind::Fillet => Key::ProductFillet,
        ProductKind::Sashimi => Key::ProductSashimi,
        ProductKind::Frozen => Key::ProductFrozen,
        ProductKind::Byproduct => Key::ProductByproduct,
    };
    key.get(lang)
}

/// A new draft: now, here, the dictionary's defaults, and identifiers for new lots.
async fn new_draft(def: &FormDef) -> (Draft, Option<LotIdError>) {
    let c = ctx();
    let session = c.session.get_untracked();
    let mut d = Draft {
        form: def.key().to_owned(),
        time: forms::now_local(),
        location: session.as_ref().map(|s| s.gln.clone()).unwrap_or_default(),
        ..Default::default()
    };
    for f in forms::fields_of(def) {
        if let Some(v) = &f.default {
            d.fields.insert(f.key.clone(), v.clone());
        }
    }
    if def.shape.has_inputs() {
        d.inputs = vec![LotRow::default(); def.shape.min_inputs().max(1)];
    }
    let mut problem = None;
    if def.shape.has_outputs() {
        for _ in 0..def.shape.min_outputs() {
            let (row, p) = new_output(def.product).await;
            problem = problem.or(p);
            d.outputs.push(row);
        }
    }
    (d, problem)
}

/// A new lot row with the next identifier for `kind` (saved, so it is never reused).
async fn new_output(kind: ProductKind) -> (LotRow, Option<LotIdError>) {
    let c = ctx();
    let mut settings = c.settings.get_untracked();
    let today = chrono::NaiveDate::parse_from_str(&forms::now_local()[..10], "%Y-%m-%d")
        .unwrap_or_default();
    let result = session::next_lot(&mut settings, kind, today);
    let mut row = LotRow {
        product: kind.as_str().to_owned(),
        ..Default::default()
    };
    match result {
        Ok(k) => {
            row.code = k.key();
            if let Some(b) = c.session.get_untracked().map(|s| s.business) {
                let _ = session::save_settings(&b, &settings).await;
            }
            c.settings.set(settings);
            (row, None)
        }
        Err(e) => (row, Some(e)),
    }
}

#[component]
fn FormScreen(def: &'static FormDef) -> impl IntoView {
    let lang = use_lang();
    let c = ctx();
    page_title(forms::title(def));
    let draft = RwSignal::new(Draft::default());
    let ready = RwSignal::new(false);
    let attempted = RwSignal::new(false);
    let id_problem = RwSignal::new(None::<LotIdError>);
    let saved = RwSignal::new(None::<Saved>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let build_errors = RwSignal::new(Vec::<String>::new());
    let businesses = RwSignal::new(Vec::<BusinessRef>::new());
    let picker_open = RwSignal::new(false);
    let picker_row = RwSignal::new(0usize);
    let saving = RwSignal::new(false);

    // One tab fills a form's draft at a time: another tab shows the same form only once
    // this one has let it go (dropping the claim: leaving the form, or closing the tab).
    let claim = StoredValue::new_local(None::<lock::Held>);
    let elsewhere = RwSignal::new(false);
    on_cleanup(move || claim.update_value(|c| *c = None));
    spawn_local(async move {
        let mut mine = drafts::claim(def.key(), false).await;
        if matches!(mine, drafts::Claim::Elsewhere) {
            elsewhere.set(true);
            mine = drafts::claim(def.key(), true).await;
        }
        let drafts::Claim::Mine(held) = mine else {
            return;
        };
        // The screen may have closed while it waited: then the claim is let go here.
        if claim.try_update_value(|c| *c = held).is_none() {
            return;
        }
        elsewhere.set(false);
        let (d, p) = match drafts::load(def.key()).await {
            Some(d) => (d, None),
            None => new_draft(def).await,
        };
        id_problem.set(p);
        draft.set(d);
        ready.set(true);
        if let Ok(Some(json)) = db::get(db::META, "businesses").await {
            businesses.set(serde_json::from_str(&json).unwrap_or_default());
        }
    });
    // Autosave: every change once loaded.
    Effect::new(move |_| {
        let d = draft.get();
        if ready.get_untracked() && saved.get_untracked().is_none() {
            spawn_local(async move {
                if drafts::save(&d).await.is_err() {
                    ctx().storage_failed.set(true);
                }
            });
        }
    });

    let problems = Memo::new(move |_| draft.with(|d| forms::check(def, d, lang.get())));
    // Shown as the person types for what they typed; everything after a submit attempt.
    let error_at = move |spot: Spot| -> Option<String> {
        let shown = attempted.get() || has_value(&draft.get(), &spot);
        if !shown {
            return None;
        }
        problems.with(|p: &Vec<FormProblem>| {
            p.iter().find(|x| x.spot == spot).map(|x| x.message.clone())
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        build_errors.set(Vec::new());
        if !problems.with_untracked(Vec::is_empty) {
            // After the marks are drawn: the person is taken to the first of them.
            request_animation_frame(move || {
                if let Some(form) = form_ref.get_untracked() {
                    focus_first_invalid(&form);
                }
            });
            return;
        }
        if saving.get_untracked() {
            return;
        }
        let Some(session) = c.session.get_untracked() else {
            return;
        };
        let d = draft.get_untracked();
        let id = outbox::new_event_id();
        match forms::build(def, &d, &session, &id) {
            Err(errs) => build_errors.set(errs),
            Ok(built) => {
                saving.set(true);
                let now = js_sys::Date::now();
                let entry = Entry {
                    key: outbox::entry_key(now, &id),
                    id,
                    created_ms: now,
                    business: session.business.clone(),
                    form: def.key().to_owned(),
                    lots: built.new_lots.clone(),
                    inputs: built.used_lots.clone(),
                    kg: built.kg,
                    event: built.event,
                    status: Status::Pending,
                    reason: None,
                    attempts: 0,
                    sent_ms: None,
                    failed_in: 0,
                    draft: Some(d.clone()),
                };
                spawn_local(async move {
                    // The same record saved again within minutes (two tabs, a double
                    // tap after a reload) is most likely a mistake: ask first.
                    let recent = outbox::load_all().await.unwrap_or_default();
                    if outbox::same_record_recently(&recent, &entry, now) {
                        let again = web_sys::window()
                            .and_then(|w| {
                                w.confirm_with_message(
                                    Key::StaffSavedTwiceConfirm.get(lang.get_untracked()),
                                )
                                .ok()
                            })
                            .unwrap_or(false);
                        if !again {
                            saving.set(false);
                            return;
                        }
                    }
                    // The entry in, the draft out: one transaction.
                    if ctx::record_entry(&entry, def.key()).await.is_err() {
                        ctx().storage_failed.set(true);
                        saving.set(false);
                        return;
                    }
                    let mut lots = built.new_lots.clone();
                    lots.extend(
                        built
                            .used_lots
                            .iter()
                            .filter(|k| !built.new_lots.contains(k))
                            .cloned(),
                    );
                    saved.set(Some(Saved {
                        new_lots: built.new_lots,
                        lots,
                        kg: built.kg,
                    }));
                    saving.set(false);
                    sync::sync_soon();
                });
            }
        }
    };

    let record_another = move |_| {
        spawn_local(async move {
            let (d, p) = new_draft(def).await;
            id_problem.set(p);
            attempted.set(false);
            saved.set(None);
            draft.set(d);
        });
    };
    let discard = move |_| {
        spawn_local(async move {
            let _ = drafts::discard(def.key()).await;
            let (d, p) = new_draft(def).await;
            id_problem.set(p);
            attempted.set(false);
            draft.set(d);
        });
    };

    let balance = Memo::new(move |_| draft.with(|d| forms::mass_balance(def, d)));
    let pick = Callback::new(move |code: String| {
        let i = picker_row.get_untracked();
        draft.update(|d| {
            if let Some(r) = d.inputs.get_mut(i) {
                r.code = code;
            }
        });
    });

    let done_view = move || {
        saved.get().map(|what| {
            let labels = (!what.new_lots.is_empty()).then(|| {
                let joined = what
                    .new_lots
                    .iter()
                    .map(|k| crate::shared::api::encode_component(k))
                    .collect::<Vec<_>>()
                    .join(",");
                view! {
                    <a class="button" href=move || with_lang(&format!("/staff/labels?lots={joined}"), lang.get())>
                        {tr(Key::StaffPrintLabel)}
                    </a>
                }
            });
            let kg = what.kg;
            let kg_text = move || {
                let unit = lottrace_core::fields::unit_label("kg", lang.get()).unwrap_or("kg");
                format!("{kg} {unit}")
            };
            view! {
                <div class="card done" role="status">
                    <p class="saved-note">{tr(Key::StaffSaved)}</p>
                    <dl class="saved-summary">
                        <dt>{tr(Key::StaffSavedLots)}</dt>
                        <dd>
                            <ul class="lots">{what.lots.iter().map(|k| view! { <li><code>{k.clone()}</code></li> }).collect_view()}</ul>
                        </dd>
                        {(kg > 0.0).then(|| view! {
                            <dt>{tr(Key::StaffSavedQuantity)}</dt>
                            <dd class="saved-kg">{kg_text}</dd>
                        })}
                    </dl>
                    <div class="done-actions">
                        <button type="button" class="button primary" on:click=record_another>{tr(Key::StaffRecordAnother)}</button>
                        {labels}
                    </div>
                    <p class="done-home">
                        <a class="home-link" href=move || with_lang("/staff", lang.get())>{tr(Key::StaffBackHome)}</a>
                    </p>
                </div>
            }
        })
    };

    let time_id = crate::shared::components::unique_id("time");
    let loc_id = crate::shared::components::unique_id("loc");
    let party_id = crate::shared::components::unique_id("party");
    let temp_id = crate::shared::components::unique_id("temp");
    let list_id = crate::shared::components::unique_id("biz");
    let fields = forms::fields_of(def);

    let form_view = move || {
        if saved.get().is_some() || !ready.get() {
            return None;
        }
        let fields = fields.clone();
        Some(view! {
            <form class="staff-form" novalidate on:submit=submit node_ref=form_ref>
                {move || draft.with(|d| d.replaces.is_some()).then(|| view! { <p class="note">{tr(Key::StaffCorrecting)}</p> })}
                <div class="field">
                    <label for=time_id.clone()>{tr(Key::StaffWhen)}</label>
                    <input
                        id=time_id.clone()
                        type="datetime-local"
                        aria-invalid=move || error_at(Spot::Time).map(|_| "true")
                        prop:value=move || draft.with(|d| d.time.clone())
                        on:input=move |ev| draft.update(|d| d.time = event_target_value(&ev))
                    />
                    {move || error_at(Spot::Time).map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {forms::party_label(def.shape).map(|label| {
                    view! {
                        <div class="field">
                            <label for=party_id.clone()>{tr(label)}</label>
                            <input
                                id=party_id.clone()
                                type="text"
                                aria-invalid=move || error_at(Spot::Party).map(|_| "true")
                                inputmode="numeric"
                                autocomplete="off"
                                list=list_id.clone()
                                prop:value=move || draft.with(|d| d.party.clone())
                                on:input=move |ev| draft.update(|d| d.party = event_target_value(&ev))
                            />
                            <datalist id=list_id.clone()>
                                {move || businesses.get().into_iter().map(|b| view! { <option value=b.gln.clone()>{b.name.clone()}</option> }).collect_view()}
                            </datalist>
                            <p class="hint">
                                {move || {
                                    let p = draft.with(|d| d.party.trim().to_owned());
                                    businesses.with(|l| l.iter().find(|b| b.gln == p).map(|b| b.name.clone()))
                                }}
                            </p>
                            {move || error_at(Spot::Party).map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                    }
                })}
                {def.shape.has_inputs().then(|| view! {
                    <LotRows def=def draft=draft outputs=false error_at=error_at picker_open=picker_open picker_row=picker_row/>
                })}
                {def.shape.has_outputs().then(|| view! {
                    <LotRows def=def draft=draft outputs=true error_at=error_at picker_open=picker_open picker_row=picker_row/>
                    {move || id_problem.get().map(|p| {
                        let k = match p { LotIdError::NotSetUp => Key::StaffIdNotSetUp, LotIdError::DayFull => Key::StaffIdDayFull };
                        view! { <p class="note">{tr(k)}" "<a href=move || with_lang("/staff/settings", lang.get())>{tr(Key::StaffSettings)}</a></p> }
                    })}
                })}
                {move || balance.get().filter(|(i, o)| o > i).map(|(i, o)| view! {
                    <p class="warning" role="alert">
                        {tr(Key::StaffMassWarning)}
                        " ("{tr(Key::StaffKgIn)}" "{format!("{i}")}" kg · "{tr(Key::StaffKgOut)}" "{format!("{o}")}" kg)"
                    </p>
                })}
                {fields
                    .into_iter()
                    .map(|f| {
                        let k = f.key.clone();
                        let applies = move || draft.with(|d| forms::applies(f, d));
                        let err = Signal::derive(move || error_at(Spot::Field(k.clone())));
                        view! {
                            <Show when=applies>
                                <FieldInput field=f draft=draft error=err/>
                            </Show>
                        }
                    })
                    .collect_view()}
                {def.temperatures.then(|| view! {
                    <div class="field">
                        <label for=temp_id.clone()>{tr(Key::StaffTemperatures)}</label>
                        <input
                            id=temp_id.clone()
                            type="text"
                            aria-invalid=move || error_at(Spot::Temperatures).map(|_| "true")
                            inputmode="decimal"
                            autocomplete="off"
                            prop:value=move || draft.with(|d| d.temperatures.clone())
                            on:input=move |ev| draft.update(|d| d.temperatures = event_target_value(&ev))
                        />
                        <p class="hint">{tr(Key::StaffTemperaturesHint)}</p>
                        {move || error_at(Spot::Temperatures).map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                })}
                <details class="more">
                    <summary>{tr(Key::StaffWhere)}</summary>
                    <div class="field">
                        <label for=loc_id.clone()>{tr(Key::StaffWhere)}</label>
                        <input
                            id=loc_id.clone()
                            type="text"
                            aria-invalid=move || error_at(Spot::Location).map(|_| "true")
                            autocomplete="off"
                            prop:value=move || draft.with(|d| d.location.clone())
                            on:input=move |ev| draft.update(|d| d.location = event_target_value(&ev))
                        />
                        {move || error_at(Spot::Location).map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </details>
                {move || (attempted.get() && !problems.with(Vec::is_empty)).then(|| {
                    // One per place marked (a place may have one message only).
                    let n = problems.with(|p| {
                        let mut spots: Vec<&Spot> = Vec::new();
                        for x in p {
                            if !spots.contains(&&x.spot) {
                                spots.push(&x.spot);
                            }
                        }
                        spots.len()
                    });
                    view! {
                        <p class="error fix-count" role="alert" tabindex="-1">
                            {move || msg::StaffFixCount { n }.text(lang.get())}
                        </p>
                    }
                })}
                {move || {
                    let errs = build_errors.get();
                    (!errs.is_empty()).then(|| view! {
                        <div class="error" role="alert">
                            <p>{tr(Key::StaffBuildFailed)}</p>
                            <ul>{errs.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
                <p class="hint draft-note">{tr(Key::StaffDraftSaved)}</p>
                <div class="actions">
                    <button type="submit" class="button primary big" disabled=move || saving.get()>{tr(Key::StaffSubmit)}</button>
                    <button type="button" class="button" on:click=discard>{tr(Key::StaffDiscardDraft)}</button>
                </div>
            </form>
            <LotPicker open=picker_open on_pick=pick/>
        })
    };

    view! {
        <div class="staff-page">
            <h1>{tr(forms::title(def))}</h1>
            <Show when=move || elsewhere.get()>
                <p class="note elsewhere" role="status">{tr(Key::StaffDraftElsewhere)}</p>
            </Show>
            {done_view}
            {form_view}
        </div>
    }
}

fn has_value(d: &Draft, spot: &Spot) -> bool {
    let row = |rows: &[LotRow], i: usize, part: &Part| {
        rows.get(i).is_some_and(|r| {
            !(if *part == Part::Kg { &r.kg } else { &r.code })
                .trim()
                .is_empty()
        })
    };
    match spot {
        Spot::Time => !d.time.is_empty(),
        Spot::Location => true,
        Spot::Party => !d.party.is_empty(),
        Spot::Input(i, part) => row(&d.inputs, *i, part),
        Spot::Output(i, part) => row(&d.outputs, *i, part),
        Spot::Field(k) => d.fields.get(k).is_some_and(|v| !v.trim().is_empty()),
        Spot::Temperatures => !d.temperatures.trim().is_empty(),
        Spot::Inputs | Spot::Outputs => false,
    }
}

/// The rows of lots used (scan, type or pick) or of new lots (identifier made
/// automatically, kilograms typed).
#[component]
fn LotRows(
    def: &'static FormDef,
    draft: RwSignal<Draft>,
    outputs: bool,
    error_at: impl Fn(Spot) -> Option<String> + Copy + Send + Sync + 'static,
    picker_open: RwSignal<bool>,
    picker_row: RwSignal<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let count = Memo::new(move |_| {
        draft.with(|d| {
            if outputs {
                d.outputs.len()
            } else {
                d.inputs.len()
            }
        })
    });
    let heading = if outputs {
        Key::StaffNewLots
    } else if def.shape.has_outputs() {
        Key::StaffLotsUsed
    } else {
        Key::StaffLots
    };
    let can_add = move || {
        let n = count.get();
        if outputs {
            !(def.shape.single_output() && n >= 1)
        } else {
            !(def.shape.single_input() && n >= 1)
        }
    };
    let add = move |_| {
        if outputs {
            spawn_local(async move {
                let (row, _) = new_output(def.product).await;
                draft.update(|d| d.outputs.push(row));
            });
        } else {
            draft.update(|d| d.inputs.push(LotRow::default()));
        }
    };
    let spot = move |i: usize, part: Part| {
        if outputs {
            Spot::Output(i, part)
        } else {
            Spot::Input(i, part)
        }
    };
    let rows_spot = if outputs { Spot::Outputs } else { Spot::Inputs };
    let gid = crate::shared::components::unique_id("lots");
    view! {
        <fieldset class="lots" aria-labelledby=gid.clone()>
            <legend id=gid.clone()>{tr(heading)}</legend>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let code_id = crate::shared::components::unique_id("lot");
                        let kg_id = crate::shared::components::unique_id("kg");
                        let get = move |f: fn(&LotRow) -> String| {
                            draft.with(|d| {
                                let rows = if outputs { &d.outputs } else { &d.inputs };
                                rows.get(i).map(f).unwrap_or_default()
                            })
                        };
                        let set = move |f: Box<dyn FnOnce(&mut LotRow)>| {
                            draft.update(|d| {
                                let rows = if outputs { &mut d.outputs } else { &mut d.inputs };
                                if let Some(r) = rows.get_mut(i) {
                                    f(r);
                                }
                            })
                        };
                        let remove = move |_| {
                            draft.update(|d| {
                                let rows = if outputs { &mut d.outputs } else { &mut d.inputs };
                                if i < rows.len() {
                                    rows.remove(i);
                                }
                            })
                        };
                        view! {
                            <div class="lot-row">
                                <div class="field code">
                                    <label for=code_id.clone()>
                                        {tr(Key::StaffLotCode)}
                                        {move || {
                                            let p = get(|r| r.product.clone());
                                            ProductKind::parse(&p).filter(|_| outputs).map(|k| format!(" · {}", product_label(k, lang.get())))
                                        }}
                                    </label>
                                    <input
                                        id=code_id.clone()
                                        type="text"
                                        aria-invalid=move || error_at(spot(i, Part::Code)).map(|_| "true")
                                        autocomplete="off"
                                        autocapitalize="characters"
                                        spellcheck="false"
                                        prop:value=move || get(|r| r.code.clone())
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            set(Box::new(move |r| r.code = v))
                                        }
                                    />
                                    {move || error_at(spot(i, Part::Code)).map(|m| view! { <p class="field-error">{m}</p> })}
                                </div>
                                <div class="field kg">
                                    <label for=kg_id.clone()>{tr(Key::StaffKg)}</label>
                                    <input
                                        id=kg_id.clone()
                                        type="text"
                                        aria-invalid=move || error_at(spot(i, Part::Kg)).map(|_| "true")
                                        inputmode="decimal"
                                        autocomplete="off"
                                        prop:value=move || get(|r| r.kg.clone())
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            set(Box::new(move |r| r.kg = v))
                                        }
                                    />
                                    {move || error_at(spot(i, Part::Kg)).map(|m| view! { <p class="field-error">{m}</p> })}
                                </div>
                                <div class="row-actions">
                                    {(!outputs).then(|| view! {
                                        <button type="button" class="button" on:click=move |_| {
                                            picker_row.set(i);
                                            picker_open.set(true);
                                        }>{tr(Key::StaffScanLot)}</button>
                                    })}
                                    <button type="button" class="button quiet" on:click=remove>{tr(Key::StaffRemoveLot)}</button>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            {move || error_at(rows_spot.clone()).map(|m| view! { <p class="field-error">{m}</p> })}
            <Show when=can_add>
                <button type="button" class="button" on:click=add>{tr(Key::StaffAddLot)}</button>
            </Show>
        </fieldset>
    }
}
