//! The trace page: the disclosed history of one lot, as the server sends it.

use crate::api::{decode_component, fetch_trace, TraceError};
use crate::components::{set_title, CodeEntry};
use crate::i18n::{format_share, format_time, tr, use_lang, with_lang, Key, Lang};
use crate::scan::route::trace_path;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lottrace_core::fields::Stage;
use lottrace_core::trace::{
    AncestorView, BusinessView, DescendantView, EventView, FieldValue, LotSummary, RecallView,
    StageView, TraceView,
};

/// `/01/{gtin}/10/{lot}` (and any Digital Link tail after it).
#[component]
pub fn TraceByGs1() -> impl IntoView {
    let params = use_params_map();
    // The segments stay as they are in the URL: a Digital Link lot is percent-encoded
    // (`A%2FB` for the lot `A/B`), and the server decodes it as part of the link.
    let code = Signal::derive(move || {
        params.with(|p| {
            format!(
                "01/{}/10/{}",
                p.get("gtin").unwrap_or_default(),
                p.get("lot").unwrap_or_default()
            )
        })
    });
    view! { <TracePage code/> }
}

/// `/t/{code}`: any code form the server resolves (13-digit lot number, element string…).
#[component]
pub fn TraceByCode() -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || {
        params.with(|p| decode_component(&p.get("code").unwrap_or_default()))
    });
    view! { <TracePage code/> }
}

#[component]
fn TracePage(code: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    // Labels come from the server in one language, so a language switch refetches.
    let trace = LocalResource::new(move || {
        let (code, lang) = (code.get(), lang.get());
        async move { fetch_trace(&code, lang).await }
    });
    Effect::new(move |_| set_title(Key::TraceTitle.get(lang.get())));

    view! {
        <Suspense fallback=Skeleton>
            {move || Suspend::new(async move {
                match trace.await {
                    Ok(tv) => {
                        set_title(tv.lot.product.as_deref().unwrap_or(&tv.lot.element_string));
                        view! { <Trace tv/> }.into_any()
                    }
                    Err(err) => {
                        view! { <Failure err code=code.get_untracked() retry=move || trace.refetch()/> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Shown while loading: the page's shape, so nothing jumps when the data lands.
#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true">
            <p class="visually-hidden" role="status">{tr(Key::Loading)}</p>
            <div class="bone title" aria-hidden="true"></div>
            <div class="bone line" aria-hidden="true"></div>
            <div class="bone card" aria-hidden="true"></div>
            <div class="bone card" aria-hidden="true"></div>
        </div>
    }
}

#[component]
fn Failure(
    err: TraceError,
    code: String,
    retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    match err {
        TraceError::Unknown | TraceError::Invalid => {
            let title = if err == TraceError::Unknown {
                Key::UnknownTitle
            } else {
                Key::InvalidTitle
            };
            view! {
                <div class="message-page">
                    <h1>{tr(title)}</h1>
                    <p>{tr(Key::UnknownText)}</p>
                    <p class="code-text">{code.clone()}</p>
                    <CodeEntry initial=code/>
                </div>
            }
            .into_any()
        }
        TraceError::Network | TraceError::Server => {
            let text = if err == TraceError::Network {
                Key::ErrorNetwork
            } else {
                Key::ErrorServer
            };
            view! {
                <div class="message-page" role="alert">
                    <h1>{tr(Key::ErrorTitle)}</h1>
                    <p>{tr(text)}</p>
                    <button type="button" class="button primary" on:click=move |_| retry()>
                        {tr(Key::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn Trace(tv: TraceView) -> impl IntoView {
    let lang = tv.lang;
    let TraceView {
        lot,
        stages,
        genealogy,
        recall,
        businesses,
        ..
    } = tv;
    let stage_labels: Vec<(Stage, String)> =
        stages.iter().map(|s| (s.stage, s.label.clone())).collect();
    let timeline = if stages.is_empty() {
        view! { <p>{tr(Key::NoStages)}</p> }.into_any()
    } else {
        let page_lot = lot.key.clone();
        view! {
            <ol class="timeline" aria-label=tr(Key::Timeline)>
                {stages
                    .into_iter()
                    .map(|s| view! { <StageItem stage=s lang page_lot=page_lot.clone()/> })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <article class="trace">
            {recall.map(|r| view! { <Recall recall=r lang/> })}
            <LotHeader lot/>
            {timeline}
            <Genealogy
                ancestors=genealogy.ancestors
                descendants=genealogy.descendants
                stage_labels
                lang
            />
            <Businesses businesses/>
        </article>
    }
}

#[component]
fn Recall(recall: RecallView, lang: Lang) -> impl IntoView {
    view! {
        <div class="recall" role="alert">
            <p class="recall-title">
                <strong>{tr(Key::RecallTitle)}</strong>
            </p>
            <p>{tr(Key::RecallAdvice)}</p>
            <dl class="facts">
                <div>
                    <dt>{tr(Key::Reason)}</dt>
                    <dd>{recall.reason}</dd>
                </div>
                <div>
                    <dt>{tr(Key::RecallDeclared)}</dt>
                    <dd>
                        <time datetime=recall.declared_at.clone()>
                            {format_time(&recall.declared_at, lang)}
                        </time>
                    </dd>
                </div>
            </dl>
        </div>
    }
}

#[component]
fn LotHeader(lot: LotSummary) -> impl IntoView {
    let title = lot
        .product
        .clone()
        .unwrap_or_else(|| lot.element_string.clone());
    let ids = [
        (Key::Gtin, lot.gtin),
        (Key::LotNo, lot.lot),
        (Key::Lot13, lot.lot13),
        (Key::Sscc, lot.sscc),
        (Key::ElementString, Some(lot.element_string)),
    ];
    view! {
        <header class="lot-head">
            <p class="eyebrow">{tr(Key::TraceTitle)}</p>
            <h1>{title}</h1>
            <dl class="facts ids">
                {ids
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .map(|(k, v)| view! {
                        <div>
                            <dt>{tr(k)}</dt>
                            <dd class="mono">{v}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        </header>
    }
}

#[component]
fn StageItem(stage: StageView, lang: Lang, page_lot: String) -> impl IntoView {
    let events = stage
        .events
        .into_iter()
        .map(|e| view! { <EventItem event=e lang page_lot=page_lot.clone()/> })
        .collect_view();
    view! {
        <li class="stage">
            <h2>{stage.label}</h2>
            <ol class="events">{events}</ol>
        </li>
    }
}

#[component]
fn EventItem(event: EventView, lang: Lang, page_lot: String) -> impl IntoView {
    let EventView {
        time,
        action,
        lot_key,
        business,
        place,
        fields,
        corrected_by,
        ..
    } = event;
    let corrected = corrected_by.is_some();
    let correction = corrected_by.map(|c| {
        view! {
            <div class="correction">
                <p class="badge">{tr(Key::Corrected)}</p>
                <dl class="facts">
                    <div>
                        <dt>{tr(Key::CorrectedOn)}</dt>
                        <dd>
                            <time datetime=c.declared_at.clone()>{format_time(&c.declared_at, lang)}</time>
                        </dd>
                    </div>
                    {c.reason.map(|r| view! {
                        <div>
                            <dt>{tr(Key::Reason)}</dt>
                            <dd>{r}</dd>
                        </div>
                    })}
                </dl>
            </div>
        }
    });
    // Events of an ancestor lot (a farm lot before the merge) say which lot they are.
    let other_lot = (lot_key != page_lot).then(|| {
        view! {
            <div>
                <dt>{tr(Key::LotNo)}</dt>
                <dd class="mono">{lot_key}</dd>
            </div>
        }
    });
    view! {
        <li class="event" class:corrected=corrected>
            <h3>{action}</h3>
            {correction}
            <dl class="facts">
                <div>
                    <dt>{tr(Key::Time)}</dt>
                    <dd>
                        <time datetime=time.clone()>{format_time(&time, lang)}</time>
                    </dd>
                </div>
                {business.map(|b| view! {
                    <div>
                        <dt>{tr(Key::Business)}</dt>
                        <dd>{b}</dd>
                    </div>
                })}
                {place.map(|p| view! {
                    <div>
                        <dt>{tr(Key::Place)}</dt>
                        <dd>{p}</dd>
                    </div>
                })}
                {other_lot}
                {fields.into_iter().map(|f| view! { <Field field=f/> }).collect_view()}
            </dl>
        </li>
    }
}

#[component]
fn Field(field: FieldValue) -> impl IntoView {
    let value = match field.unit {
        Some(unit) if !unit.is_empty() => format!("{} {unit}", field.value),
        _ => field.value,
    };
    view! {
        <div data-field=field.key>
            <dt>{field.label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

#[component]
fn Genealogy(
    ancestors: Vec<AncestorView>,
    descendants: Vec<DescendantView>,
    stage_labels: Vec<(Stage, String)>,
    lang: Lang,
) -> impl IntoView {
    let body = if ancestors.is_empty() {
        view! { <p>{tr(Key::NoAncestors)}</p> }.into_any()
    } else {
        let items = ancestors
            .into_iter()
            .map(|a| {
                // The server's label when the stage is in the timeline, else core's own.
                let stage = stage_labels
                    .iter()
                    .find(|(s, _)| *s == a.stage)
                    .map(|(_, label)| label.clone())
                    .unwrap_or_else(|| a.stage.labels().get(lang).to_owned());
                let share = a
                    .share
                    .map(format_share)
                    .filter(|s| !s.is_empty())
                    .map(|s| view! { <span>{s}</span> }.into_any())
                    .unwrap_or_else(|| view! { <span class="muted">{tr(Key::ShareUnknown)}</span> }.into_any());
                view! {
                    <li class="ancestor">
                        <p class="lot-link">
                            <a class="mono" href=with_lang(&trace_path(&a.lot_key), lang)>{a.lot_key.clone()}</a>
                        </p>
                        <dl class="facts">
                            <div>
                                <dt>{tr(Key::Stage)}</dt>
                                <dd>{stage}</dd>
                            </div>
                            {a.business.map(|b| view! {
                                <div>
                                    <dt>{tr(Key::Business)}</dt>
                                    <dd>{b}</dd>
                                </div>
                            })}
                            <div>
                                <dt>{tr(Key::Share)}</dt>
                                <dd>{share}</dd>
                            </div>
                        </dl>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{tr(Key::GenealogyIntro)}</p>
            <ul class="lots">{items}</ul>
        }
        .into_any()
    };
    let descendants = (!descendants.is_empty()).then(|| {
        view! {
            <h3>{tr(Key::Descendants)}</h3>
            <ul class="lots">
                {descendants
                    .into_iter()
                    .map(|d| view! {
                        <li class="descendant">
                            <a class="mono" href=with_lang(&trace_path(&d.lot_key), lang)>{d.lot_key.clone()}</a>
                            {d.business.map(|b| view! { <span class="muted">" · " {b}</span> })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
    });
    view! {
        <section class="card genealogy" aria-labelledby="genealogy-h">
            <h2 id="genealogy-h">{tr(Key::Genealogy)}</h2>
            {body}
            {descendants}
        </section>
    }
}

#[component]
fn Businesses(businesses: Vec<BusinessView>) -> impl IntoView {
    let body = if businesses.is_empty() {
        view! { <p>{tr(Key::NoBusinesses)}</p> }.into_any()
    } else {
        view! {
            <ul class="businesses">
                {businesses.into_iter().map(|b| view! { <Business b/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="businesses-h">
            <h2 id="businesses-h">{tr(Key::Businesses)}</h2>
            {body}
        </section>
    }
}

#[component]
fn Business(b: BusinessView) -> impl IntoView {
    let phone = b.phone.map(|p| {
        let dial: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let shown = p.clone();
        view! {
            <div>
                <dt>{tr(Key::Phone)}</dt>
                <dd>
                    {if dial.is_empty() {
                        view! { <span>{shown}</span> }.into_any()
                    } else {
                        view! { <a href=format!("tel:{dial}")>{shown}</a> }.into_any()
                    }}
                </dd>
            </div>
        }
    });
    let email = b.email.map(|e| {
        // Encoded so an address can never smuggle `?subject=…` or other headers.
        let href = format!("mailto:{}", crate::api::encode_component(e.trim()));
        view! {
            <div>
                <dt>{tr(Key::Email)}</dt>
                <dd>
                    <a href=href>{e}</a>
                </dd>
            </div>
        }
    });
    let address = b.address.map(|a| {
        view! {
            <div>
                <dt>{tr(Key::Address)}</dt>
                <dd>{a}</dd>
            </div>
        }
    });
    view! {
        <li class="business">
            <h3>{b.name}</h3>
            <dl class="facts">
                <div>
                    <dt>{tr(Key::Role)}</dt>
                    <dd>{b.role}</dd>
                </div>
                {phone}
                {email}
                {address}
            </dl>
        </li>
    }
}
