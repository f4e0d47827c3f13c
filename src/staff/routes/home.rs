//! `/staff` — sign-in when nobody is signed in on this device; otherwise the business's
//! quick actions, labels (for the roles that make lots), item codes (with the number of copy alerts), drafts to continue, recent
//! lots and sign-out.

use crate::shared::i18n::{msg, tr, use_lang, with_lang, Key};
use crate::shared::scanner::route::trace_path;
use crate::staff::api;
use crate::staff::components::lot_picker::recent_lots;
use crate::staff::components::StaffFrame;
use crate::staff::forms;
use crate::staff::state::ctx::ctx;
use crate::staff::state::drafts;
use crate::staff::state::session;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn StaffHome() -> impl IntoView {
    view! { <StaffFrame title=Key::StaffHome><HomeBody/></StaffFrame> }
}

#[component]
fn HomeBody() -> impl IntoView {
    let lang = use_lang();
    let c = ctx();
    let role = move || {
        c.session
            .with(|s| s.as_ref().map(|s| s.role.clone()).unwrap_or_default())
    };
    let drafts_list = RwSignal::new(Vec::new());
    spawn_local(async move {
        let mut all = drafts::all().await;
        all.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
        drafts_list.set(all);
    });
    let refused = RwSignal::new(false);
    let alert_count = RwSignal::new(0usize);
    let not_regulator = move || role() != "regulator";
    if let Some(token) = c.session.with_untracked(|s| {
        s.as_ref()
            .filter(|s| s.role != "regulator")
            .and_then(|s| s.usable_token().map(str::to_owned))
    }) {
        spawn_local(async move {
            // No count offline or when refused: the codes screen says why.
            if let Ok(alerts) = api::code_alerts(&token).await {
                alert_count.set(alerts.len());
            }
        });
    }
    let sign_out = move |_| {
        let business = c
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.business.clone()))
            .unwrap_or_default();
        let unsent = c.briefs.with_untracked(|b| {
            b.iter()
                .any(|e| e.business == business && e.status.unsent())
        });
        if unsent {
            refused.set(true);
            return;
        }
        spawn_local(async move {
            if let Some(token) = c.session.get_untracked().and_then(|s| s.token) {
                api::logout(&token).await;
            }
            let _ = session::clear_session().await;
            c.session.set(None);
        });
    };
    view! {
        <div class="staff-page">
            <h1>{move || c.session.with(|s| s.as_ref().map(|s| s.business_name.clone()))}</h1>
            <section aria-labelledby="quick">
                <h2 id="quick">{tr(Key::StaffQuickActions)}</h2>
                {move || {
                    let list = forms::for_role(&role());
                    if list.is_empty() {
                        return view! { <p>{tr(Key::StaffNoForms)}</p> }.into_any();
                    }
                    view! {
                        <ul class="quick-actions">
                            {list
                                .into_iter()
                                .map(|f| {
                                    view! {
                                        <li>
                                            <a class="button big" href=move || with_lang(&format!("/staff/new/{}", f.key()), lang.get())>
                                                {tr(forms::title(f))}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
            <Show when=move || forms::prints_labels(&role())>
                <section aria-labelledby="labels">
                    <h2 id="labels">{tr(Key::StaffLabelsTitle)}</h2>
                    <a class="button big labels-link" href=move || with_lang("/staff/labels", lang.get())>
                        {tr(Key::StaffLabelsChoose)}
                    </a>
                </section>
            </Show>
            <Show when=not_regulator>
                <section aria-labelledby="codes">
                    <h2 id="codes">{tr(Key::StaffCodes)}</h2>
                    <a class="button big codes-link" href=move || with_lang("/staff/codes", lang.get())>
                        {tr(Key::StaffCodes)}
                        <Show when=move || { alert_count.get() > 0 }>
                            " "
                            <span class="badge alert-badge">
                                {move || msg::StaffCodesAlertCount { n: alert_count.get() }.text(lang.get())}
                            </span>
                        </Show>
                    </a>
                </section>
            </Show>
            <Show when=move || drafts_list.with(|d| !d.is_empty())>
                <section aria-labelledby="drafts">
                    <h2 id="drafts">{tr(Key::StaffDrafts)}</h2>
                    <ul class="drafts">
                        {move || drafts_list.get().into_iter().map(|d| {
                            let title = forms::title_of(&d.form);
                            let href = format!("/staff/new/{}", d.form);
                            view! { <li><a class="draft-link" href=move || with_lang(&href, lang.get())>{tr(title)}</a></li> }
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            <section aria-labelledby="recent">
                <h2 id="recent">{tr(Key::StaffRecentLots)}</h2>
                {move || {
                    let lots = recent_lots(10);
                    if lots.is_empty() {
                        return view! { <p>{tr(Key::StaffNoRecentLots)}</p> }.into_any();
                    }
                    view! {
                        <ul class="recent-lots">
                            {lots.into_iter().map(|k| {
                                let label_href = format!("/staff/labels?lots={}", crate::shared::api::encode_component(&k));
                                let trace = trace_path(&k);
                                view! {
                                    <li>
                                        <code>{k.clone()}</code>
                                        <a href=move || with_lang(&label_href, lang.get())>{tr(Key::StaffPrintLabel)}</a>
                                        <a href=move || with_lang(&trace, lang.get()) rel="external">{tr(Key::StaffViewTrace)}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
            <section class="sign-out">
                <button type="button" class="button" on:click=sign_out>{tr(Key::StaffSignOut)}</button>
                <Show when=move || refused.get()>
                    <p class="warning" role="alert">{tr(Key::StaffSignOutRefused)}</p>
                </Show>
            </section>
        </div>
    }
}
