//! The counter's latest display temperature, shown with the lot (the guideline links
//! the counter's temperature record to the trace information at the sales counter).
//! Asked again every minute; the last answer is kept for when the network is gone,
//! and a reading older than two hours says so.

use crate::shared::api::encode_component;
use crate::shared::i18n::{format_celsius, msg, use_lang, Key, Lang};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;

const REFRESH: Duration = Duration::from_secs(60);
/// A display case's reading older than this no longer says much about the fish in it.
const STALE_MS: f64 = 2.0 * 3600.0 * 1000.0;
const SAVED_KEY: &str = "lottrace.kiosk.counter-reading";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Reading {
    celsius: f64,
    /// RFC 3339 as recorded.
    time: String,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    place: String,
    reading: Reading,
}

async fn fetch(place: &str) -> Option<Reading> {
    let url = format!("/api/locations/{}/temperature", encode_component(place));
    let resp = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .ok()?;
    if resp.status() != 200 {
        return None;
    }
    resp.json::<Reading>().await.ok()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn saved(place: &str) -> Option<Reading> {
    let json = storage()?.get_item(SAVED_KEY).ok()??;
    let s: Saved = serde_json::from_str(&json).ok()?;
    (s.place == place).then_some(s.reading)
}

fn keep(place: &str, reading: &Reading) {
    let saved = Saved {
        place: place.to_owned(),
        reading: reading.clone(),
    };
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&saved)) {
        let _ = s.set_item(SAVED_KEY, &json);
    }
}

/// `10:42`, or `11월 17일 10:42` when not from today, in the time recorded at the counter.
fn when(t: &DateTime<FixedOffset>, lang: Lang) -> String {
    let today = js_sys::Date::new_0();
    let same_day = t.day() == today.get_date() && t.month() == today.get_month() + 1;
    if same_day {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        crate::shared::i18n::format_short(t, lang)
    }
}

#[component]
pub fn CounterTemperature(#[prop(into)] place: String) -> impl IntoView {
    let lang = use_lang();
    let reading = RwSignal::new(saved(&place));
    let load = {
        let place = place.clone();
        move || {
            let place = place.clone();
            spawn_local(async move {
                if let Some(r) = fetch(&place).await {
                    keep(&place, &r);
                    reading.set(Some(r));
                }
            });
        }
    };
    load();
    let interval = set_interval_with_handle(load, REFRESH).ok();
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
    });
    move || {
        let r = reading.get()?;
        let t = DateTime::parse_from_rfc3339(&r.time).ok()?;
        let l = lang.get();
        let stale = js_sys::Date::now() - t.timestamp_millis() as f64 > STALE_MS;
        let text = msg::KioskCounterTemp {
            t: &format_celsius(r.celsius),
            time: &when(&t, l),
        }
        .text(l);
        Some(view! {
            <p class="counter-temp" class:stale=stale role="status">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M10 14V5a2 2 0 1 1 4 0v9a4 4 0 1 1-4 0z"/></svg>
                <time datetime=r.time.clone()>{text}</time>
                {stale.then(|| view! { <strong class="stale-note">{Key::KioskCounterStale.get(l)}</strong> })}
            </p>
        })
    }
}
