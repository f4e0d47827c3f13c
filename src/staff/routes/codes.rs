//! `/staff/codes` — item codes: issue a print run of signed serial codes for a lot the
//! business packed (GTIN, lot, count), download its CSV and open its label sheets, the
//! earlier runs, and the business's copy alerts (checks of its codes that look like a
//! copied label). The server decides who may issue (the lot's packer); every refusal is
//! shown in the person's words. Downloads carry the bearer token, so they are fetched and
//! handed to the browser as a `Blob`, never plain links.

use crate::shared::i18n::{format_time, msg, tr, use_lang, Key};
use crate::staff::api::{self, ApiError, BusinessRef, CallError, CodeAlert, IssuedRun, PrintRun};
use crate::staff::components::lot_picker::recent_lots;
use crate::staff::components::{LotPicker, StaffFrame};
use crate::staff::state::ctx::{self, ctx};
use crate::staff::state::db;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lottrace_core::codes::LotKey;
use wasm_bindgen::JsCast;

/// The server's limit of codes in one run (core's `MAX_PRINT_RUN`).
const MAX_COUNT: u32 = lottrace_core::authenticity::MAX_PRINT_RUN;
const DEFAULT_COUNT: u32 = 1_000;
/// How long a downloaded or opened file's object URL is kept before it is released.
const KEEP_URL_MS: u64 = 60_000;

#[component]
pub fn StaffCodes() -> impl IntoView {
    view! { <StaffFrame title=Key::StaffCodes><CodesBody/></StaffFrame> }
}

/// The signed-in account's token, if it is still usable.
fn token() -> Option<String> {
    ctx()
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.usable_token().map(str::to_owned)))
}

/// `n` with thousands separators (the same in Korean, English and Chinese): 10,000.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A typed count of codes: digits, with or without separators, from 1 to the limit.
pub fn parse_count(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '.' | '_'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 7 {
        return None;
    }
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_COUNT).contains(n))
}

/// Something this page could not do itself (a download it could not hand over).
fn local_failure(_: wasm_bindgen::JsValue) -> CallError {
    CallError::Status(0, ApiError::default())
}

/// What the person reads when the server (or the network) refused.
pub fn refusal(e: &CallError) -> Key {
    match e {
        CallError::Network => Key::StaffCodesErrOffline,
        CallError::Status(401, _) => Key::StaffCodesErrSignIn,
        CallError::Status(403, ApiError { field, .. }) => match field.as_deref() {
            Some("/lot") => Key::StaffCodesErrNotPacker,
            _ => Key::StaffCodesErrRole,
        },
        CallError::Status(400, ApiError { error, field, .. }) if error == "invalid_print_run" => {
            match field.as_deref() {
                Some("/count") => Key::StaffCodesErrCount,
                Some("/gtin") => Key::StaffCodesErrGtin,
                Some("/lot") => Key::StaffCodesErrLot,
                _ => Key::StaffCodesErrServer,
            }
        }
        CallError::Status(404, _) => Key::StaffCodesErrNotFound,
        CallError::Status(409, _) => Key::StaffCodesErrTaken,
        CallError::Status(..) => Key::StaffCodesErrServer,
    }
}

/// The plain words of an alert's warning kind.
pub fn warning_words(code: &str) -> Key {
    match code {
        "bad_signature" => Key::StaffCodesAlertBadSignature,
        "unsigned" => Key::StaffCodesAlertUnsigned,
        "sold_elsewhere" => Key::StaffCodesAlertSoldElsewhere,
        "two_stores" => Key::StaffCodesAlertTwoStores,
        "off_chain" => Key::StaffCodesAlertOffChain,
        "many_checks" => Key::StaffCodesAlertManyChecks,
        _ => Key::StaffCodesAlertOther,
    }
}

/// A refused call's words; a 401 also drops the token, so the frame asks to sign in again.
async fn refused(e: &CallError, token: &str) -> Key {
    if matches!(e, CallError::Status(401, _)) {
        ctx::expire_session(token).await;
    }
    refusal(e)
}

#[component]
fn CodesBody() -> impl IntoView {
    let c = ctx();
    let regulator = move || {
        c.session
            .with(|s| s.as_ref().is_some_and(|s| s.role == "regulator"))
    };
    let runs = RwSignal::new(None::<Vec<PrintRun>>);
    let runs_error = RwSignal::new(None::<Key>);
    let alerts = RwSignal::new(None::<Vec<CodeAlert>>);
    let alerts_error = RwSignal::new(None::<Key>);
    if let Some(token) = token() {
        spawn_local(async move {
            match api::print_runs(&token).await {
                Ok(list) => {
                    runs_error.set(None);
                    runs.set(Some(list));
                }
                Err(e) => runs_error.set(Some(refused(&e, &token).await)),
            }
            match api::code_alerts(&token).await {
                Ok(list) => {
                    alerts_error.set(None);
                    alerts.set(Some(list));
                }
                Err(e) => alerts_error.set(Some(refused(&e, &token).await)),
            }
        });
    } else {
        runs_error.set(Some(Key::StaffCodesErrSignIn));
    }
    let on_issued = Callback::new(move |run: PrintRun| {
        runs.update(|r| {
            let list = r.get_or_insert_with(Vec::new);
            list.retain(|x| x.id != run.id);
            list.insert(0, run);
        });
    });
    view! {
        <div class="staff-page codes-page">
            <h1>{tr(Key::StaffCodes)}</h1>
            <p class="lead">{tr(Key::StaffCodesIntro)}</p>
            <Show
                when=move || !regulator()
                fallback=|| view! { <p class="note" role="note">{tr(Key::StaffCodesErrRole)}</p> }
            >
                <IssueForm on_issued/>
            </Show>
            <AlertList alerts error=alerts_error/>
            <section aria-labelledby="runs">
                <h2 id="runs">{tr(Key::StaffCodesRuns)}</h2>
                {move || runs_error.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
                {move || match runs.get() {
                    None if runs_error.get().is_none() => view! { <p>{tr(Key::StaffCodesLoading)}</p> }.into_any(),
                    None => ().into_any(),
                    Some(list) if list.is_empty() => view! { <p>{tr(Key::StaffCodesNoRuns)}</p> }.into_any(),
                    Some(list) => view! {
                        <ul class="print-runs">
                            {list.into_iter().map(|run| view! { <li><RunCard run/></li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </section>
        </div>
    }
}

/// The most recent lot of this business on this device that has a GTIN, to start with.
fn recent_gtin_lot() -> Option<(String, String)> {
    recent_lots(20)
        .iter()
        .find_map(|k| match LotKey::parse_key(k) {
            Some(LotKey::Gtin { gtin, lot }) => Some((gtin, lot)),
            _ => None,
        })
}

#[component]
fn IssueForm(on_issued: Callback<PrintRun>) -> impl IntoView {
    let lang = use_lang();
    let (first_gtin, first_lot) = recent_gtin_lot().unwrap_or_default();
    let gtin = RwSignal::new(first_gtin);
    let lot = RwSignal::new(first_lot);
    let count = RwSignal::new(grouped(u64::from(DEFAULT_COUNT)));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);
    // The run just issued and how many codes the server handed back (not the codes: a
    // run of 100,000 would be copied on every change).
    let issued = RwSignal::new(None::<(usize, PrintRun)>);
    let picker_open = RwSignal::new(false);
    let pick = Callback::new(move |key: String| match LotKey::parse_key(&key) {
        Some(LotKey::Gtin { gtin: g, lot: l }) => {
            gtin.set(g);
            lot.set(l);
            error.set(None);
        }
        _ => error.set(Some(Key::StaffCodesErrNoGtin)),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(n) = parse_count(&count.get_untracked()) else {
            error.set(Some(Key::StaffCodesErrCount));
            return;
        };
        let (g, l) = (
            gtin.get_untracked().trim().to_owned(),
            lot.get_untracked().trim().to_owned(),
        );
        if let Err(e) = LotKey::gtin_lot(&g, &l) {
            let key = if e.ai.as_deref() == Some("10") {
                Key::StaffCodesErrLot
            } else {
                Key::StaffCodesErrGtin
            };
            error.set(Some(key));
            return;
        }
        let Some(token) = token() else {
            error.set(Some(Key::StaffCodesErrSignIn));
            return;
        };
        busy.set(true);
        error.set(None);
        issued.set(None);
        spawn_local(async move {
            let result = api::issue_print_run(&token, &g, &l, n).await;
            match result {
                Ok(IssuedRun { run, codes }) => {
                    on_issued.run(run.clone());
                    issued.set(Some((codes.len(), run)));
                }
                Err(e) => error.set(Some(refused(&e, &token).await)),
            }
            busy.set(false);
        });
    };
    let gtin_id = crate::shared::components::unique_id("codes-gtin");
    let lot_id = crate::shared::components::unique_id("codes-lot");
    let count_id = crate::shared::components::unique_id("codes-count");
    let hint_id = crate::shared::components::unique_id("codes-count-hint");
    let text_field = |id: String, label: Key, value: RwSignal<String>, numeric: bool| {
        view! {
            <div class="field">
                <label for=id.clone()>{tr(label)}</label>
                <input
                    id=id
                    type="text"
                    inputmode=numeric.then_some("numeric")
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };
    view! {
        <section aria-labelledby="issue">
            <h2 id="issue">{tr(Key::StaffCodesIssue)}</h2>
            <form class="card codes-form" on:submit=on_submit>
                {text_field(gtin_id, Key::StaffCodesGtin, gtin, true)}
                {text_field(lot_id, Key::StaffCodesLot, lot, false)}
                <button type="button" class="button" on:click=move |_| picker_open.set(true)>
                    {tr(Key::StaffCodesPick)}
                </button>
                <div class="field">
                    <label for=count_id.clone()>{tr(Key::StaffCodesCount)}</label>
                    <input
                        id=count_id
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        aria-describedby=hint_id.clone()
                        prop:value=move || count.get()
                        on:input=move |ev| count.set(event_target_value(&ev))
                    />
                    <p class="hint" id=hint_id>{tr(Key::StaffCodesCountHint)}</p>
                </div>
                {move || error.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
                <button type="submit" class="button primary big" disabled=move || busy.get()>
                    {move || if busy.get() { tr(Key::StaffCodesSending)() } else { tr(Key::StaffCodesSubmit)() }}
                </button>
            </form>
            {move || issued.get().map(|(n, run)| {
                let lot_text = run.lot.clone();
                view! {
                    <div class="card issued" role="status">
                        <p class="issued-count">
                            {move || msg::StaffCodesIssued { shown: &grouped(n as u64), lot: &lot_text }.text(lang.get())}
                        </p>
                        <RunCard run/>
                    </div>
                }
            })}
            <LotPicker open=picker_open on_pick=pick/>
        </section>
    }
}

/// One run: what it is, its CSV, and its label sheets by number.
#[component]
fn RunCard(run: PrintRun) -> impl IntoView {
    let lang = use_lang();
    let run = StoredValue::new(run);
    let sheets = run.with_value(|r| r.sheets.max(1));
    let sheet = RwSignal::new(1u32);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<Key>);
    let sheet_id = crate::shared::components::unique_id("sheet");
    let download = move |_| {
        let Some(token) = token() else {
            error.set(Some(Key::StaffCodesErrSignIn));
            return;
        };
        let (path, name) = run.with_value(|r| (r.csv.clone(), file_name(r, "csv", None)));
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let saved = match api::blob(&token, &path).await {
                Ok(blob) => save_blob(&blob, &name).map_err(local_failure),
                Err(e) => Err(e),
            };
            if let Err(e) = saved {
                error.set(Some(refused(&e, &token).await));
            }
            busy.set(false);
        });
    };
    let open_sheet = move |_| {
        let Some(token) = token() else {
            error.set(Some(Key::StaffCodesErrSignIn));
            return;
        };
        let n = sheet.get_untracked().clamp(1, sheets);
        let (path, name) = run.with_value(|r| (r.sheet_path(n), file_name(r, "html", Some(n))));
        // The tab is opened now, while the tap still counts as the person's: a tab
        // opened after the download would be taken for a pop-up.
        let tab = web_sys::window()
            .and_then(|w| w.open_with_url_and_target("", "_blank").ok())
            .flatten();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let shown = match api::blob(&token, &path).await {
                Ok(blob) => match &tab {
                    Some(tab) => show_in(tab, &blob),
                    // No tab (pop-ups refused): the sheet is saved as a file instead.
                    None => save_blob(&blob, &name),
                }
                .map_err(local_failure),
                Err(e) => Err(e),
            };
            if let Err(e) = shown {
                if let Some(tab) = &tab {
                    let _ = tab.close();
                }
                error.set(Some(refused(&e, &token).await));
            }
            busy.set(false);
        });
    };
    let (gtin, lot, count, created) = run.with_value(|r| {
        (
            r.gtin.clone(),
            r.lot.clone(),
            u64::from(r.count),
            r.created_at.clone(),
        )
    });
    view! {
        <article class="print-run">
            <dl>
                <div><dt>{tr(Key::StaffCodesLot)}</dt><dd><code>{lot}</code></dd></div>
                <div><dt>{tr(Key::StaffCodesGtin)}</dt><dd><code>{gtin}</code></dd></div>
                <div><dt>{tr(Key::StaffCodesCodes)}</dt><dd class="run-count">{grouped(count)}</dd></div>
                <div><dt>{tr(Key::StaffCodesCreated)}</dt><dd>{move || format_time(&created, lang.get())}</dd></div>
            </dl>
            <p class="hint">{move || msg::StaffCodesSheets { shown: &grouped(u64::from(sheets)) }.text(lang.get())}</p>
            <div class="actions">
                <button type="button" class="button tall" disabled=move || busy.get() on:click=download>
                    {tr(Key::StaffCodesDownloadCsv)}
                </button>
                <div class="field sheet-no">
                    <label for=sheet_id.clone()>{tr(Key::StaffCodesSheet)}</label>
                    <input
                        id=sheet_id
                        type="number"
                        min="1"
                        max=sheets.to_string()
                        inputmode="numeric"
                        prop:value=move || sheet.get().to_string()
                        on:input=move |ev| {
                            let n = event_target_value(&ev).trim().parse::<u32>().unwrap_or(1).clamp(1, sheets);
                            sheet.set(n);
                        }
                    />
                </div>
                <button type="button" class="button tall" disabled=move || busy.get() on:click=open_sheet>
                    {tr(Key::StaffCodesOpenSheet)}
                </button>
            </div>
            {move || error.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
        </article>
    }
}

/// `codes-<lot>-<run id's start>.csv`, or `labels-…-<sheet>.html`: letters, digits and
/// dashes only, whatever the lot holds.
fn file_name(run: &PrintRun, ext: &str, sheet: Option<u32>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect()
    };
    let id: String = run.id.chars().take(8).collect();
    match sheet {
        None => format!("codes-{}-{}.{ext}", clean(&run.lot), clean(&id)),
        Some(n) => format!("labels-{}-{}-{n}.{ext}", clean(&run.lot), clean(&id)),
    }
}

/// Hands a blob to the browser as a download named `name`.
fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let link = document.create_element("a")?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.dyn_ref::<web_sys::HtmlElement>()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no link"))?
        .click();
    release_later(url);
    Ok(())
}

/// Shows a blob (a label sheet) in a tab this page opened.
fn show_in(tab: &web_sys::Window, blob: &web_sys::Blob) -> Result<(), wasm_bindgen::JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    tab.location().set_href(&url)?;
    restyle_when_shown(tab.clone(), url.clone(), RESTYLE_TRIES);
    release_later(url);
    Ok(())
}

/// How often (every 100 ms) the opened tab is looked at for its sheet: 20 s in all.
const RESTYLE_TRIES: u32 = 200;

/// A document made from a blob keeps this page's Content-Security-Policy, which refuses
/// the sheet's own `<style>` (its A4 grid of labels, its print rules): once the sheet has
/// loaded in the tab, the same rules are given to it as a constructed style sheet, which
/// the policy does not govern.
fn restyle_when_shown(tab: web_sys::Window, url: String, tries: u32) {
    if tries == 0 || tab.closed().unwrap_or(true) {
        return;
    }
    let loaded = tab
        .document()
        .filter(|d| d.url().ok().as_deref() == Some(url.as_str()) && d.ready_state() != "loading");
    match loaded {
        Some(document) => {
            let _ = adopt_own_styles(&tab, &document);
        }
        None => set_timeout(
            move || restyle_when_shown(tab, url, tries - 1),
            std::time::Duration::from_millis(100),
        ),
    }
}

fn adopt_own_styles(
    tab: &web_sys::Window,
    document: &web_sys::Document,
) -> Result<(), wasm_bindgen::JsValue> {
    use js_sys::{Array, Function, Reflect};
    let Some(css) = document
        .query_selector("style")?
        .and_then(|s| s.text_content())
        .filter(|t| !t.trim().is_empty())
    else {
        return Ok(());
    };
    // The tab's own constructor: a document adopts only sheets made for it.
    let constructor: Function = Reflect::get(tab, &"CSSStyleSheet".into())?.dyn_into()?;
    let sheet = Reflect::construct(&constructor, &Array::new())?;
    let replace: Function = Reflect::get(&sheet, &"replaceSync".into())?.dyn_into()?;
    replace.call1(&sheet, &css.into())?;
    Reflect::set(document, &"adoptedStyleSheets".into(), &Array::of1(&sheet))?;
    Ok(())
}

fn release_later(url: String) {
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_millis(KEEP_URL_MS),
    );
}

/// The business's copy alerts, newest first, each in plain words with its serial, lot,
/// store and time.
#[component]
fn AlertList(
    alerts: RwSignal<Option<Vec<CodeAlert>>>,
    error: RwSignal<Option<Key>>,
) -> impl IntoView {
    let lang = use_lang();
    let stores = RwSignal::new(Vec::<BusinessRef>::new());
    spawn_local(async move {
        if let Ok(Some(json)) = db::get(db::META, "businesses").await {
            stores.set(serde_json::from_str(&json).unwrap_or_default());
        }
    });
    let store_name = move |gln: &str| -> Option<String> {
        if gln.is_empty() {
            return None;
        }
        let name = stores.with(|list| {
            list.iter()
                .find(|b| b.gln == gln)
                .map(|b| format!("{} ({gln})", b.name))
        });
        Some(name.unwrap_or_else(|| gln.to_owned()))
    };
    view! {
        <section aria-labelledby="alerts" class="code-alerts">
            <h2 id="alerts">{tr(Key::StaffCodesAlerts)}</h2>
            <p class="hint">{tr(Key::StaffCodesAlertsIntro)}</p>
            {move || error.get().map(|k| view! { <p class="error" role="alert">{tr(k)}</p> })}
            {move || match alerts.get() {
                None => ().into_any(),
                Some(list) if list.is_empty() => view! { <p>{tr(Key::StaffCodesNoAlerts)}</p> }.into_any(),
                Some(mut list) => {
                    // Newest first, whatever order the answer came in.
                    list.sort_by(|a, b| b.raised_at.cmp(&a.raised_at));
                    view! {
                        <ul class="alerts">
                            {list.into_iter().map(|a| {
                                let store = store_name(&a.place);
                                let when = a.raised_at.clone();
                                view! {
                                    <li class="alert-entry">
                                        <p class="alert-what"><strong>{tr(warning_words(&a.warning))}</strong></p>
                                        <dl>
                                            <div><dt>{tr(Key::StaffCodesSerial)}</dt><dd><code class="alert-serial">{a.serial.clone()}</code></dd></div>
                                            <div><dt>{tr(Key::StaffCodesLot)}</dt><dd><code>{a.lot.clone()}</code></dd></div>
                                            <div><dt>{tr(Key::StaffCodesStore)}</dt><dd class="alert-store">{
                                                match store {
                                                    Some(s) => view! { <span>{s}</span> }.into_any(),
                                                    None => view! { <span>{tr(Key::StaffCodesNoStore)}</span> }.into_any(),
                                                }
                                            }</dd></div>
                                            <div><dt>{tr(Key::StaffCodesWhen)}</dt><dd>{move || format_time(&when, lang.get())}</dd></div>
                                        </dl>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(240), "240");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(10_000), "10,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn a_typed_count_is_one_to_the_limit() {
        assert_eq!(parse_count("1,000"), Some(1_000));
        assert_eq!(parse_count(" 10000 "), Some(10_000));
        assert_eq!(parse_count("100,000"), Some(100_000));
        assert_eq!(parse_count("100,001"), None);
        assert_eq!(parse_count("0"), None);
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_count("-5"), None);
        assert_eq!(parse_count("1e3"), None);
        assert_eq!(parse_count("99999999999999999999"), None);
    }

    #[test]
    fn every_refusal_has_its_own_words() {
        let status = |code: u16, error: &str, field: Option<&str>| {
            CallError::Status(
                code,
                ApiError {
                    error: error.into(),
                    field: field.map(str::to_owned),
                    ..ApiError::default()
                },
            )
        };
        assert_eq!(refusal(&CallError::Network), Key::StaffCodesErrOffline);
        assert_eq!(refusal(&status(401, "", None)), Key::StaffCodesErrSignIn);
        assert_eq!(
            refusal(&status(403, "forbidden", Some("/lot"))),
            Key::StaffCodesErrNotPacker
        );
        assert_eq!(
            refusal(&status(403, "forbidden", None)),
            Key::StaffCodesErrRole
        );
        assert_eq!(
            refusal(&status(400, "invalid_print_run", Some("/count"))),
            Key::StaffCodesErrCount
        );
        assert_eq!(
            refusal(&status(400, "invalid_print_run", Some("/gtin"))),
            Key::StaffCodesErrGtin
        );
        assert_eq!(
            refusal(&status(400, "invalid_print_run", Some("/lot"))),
            Key::StaffCodesErrLot
        );
        assert_eq!(
            refusal(&status(400, "invalid_body", None)),
            Key::StaffCodesErrServer
        );
        assert_eq!(
            refusal(&status(404, "not_found", None)),
            Key::StaffCodesErrNotFound
        );
        assert_eq!(
            refusal(&status(409, "serial_taken", None)),
            Key::StaffCodesErrTaken
        );
        assert_eq!(refusal(&status(500, "", None)), Key::StaffCodesErrServer);
    }

    #[test]
    fn every_warning_kind_is_said_in_plain_words() {
        for (code, key) in [
            ("bad_signature", Key::StaffCodesAlertBadSignature),
            ("unsigned", Key::StaffCodesAlertUnsigned),
            ("sold_elsewhere", Key::StaffCodesAlertSoldElsewhere),
            ("two_stores", Key::StaffCodesAlertTwoStores),
            ("off_chain", Key::StaffCodesAlertOffChain),
            ("many_checks", Key::StaffCodesAlertManyChecks),
            ("something_new", Key::StaffCodesAlertOther),
        ] {
            assert_eq!(warning_words(code), key);
        }
    }
}
