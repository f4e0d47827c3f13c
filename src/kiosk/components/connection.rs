//! Whether the kiosk can reach its server: the browser's online/offline events, and
//! while offline a quiet probe every few seconds (a shop's network can come back
//! without the browser noticing). When it returns, `reconnects` is bumped so the
//! screen showing a saved copy or a failure loads again by itself.

use super::context::Kiosk;
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

const PROBE_EVERY: Duration = Duration::from_secs(15);

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

fn came_back(kiosk: Kiosk) {
    if !kiosk.online.get_untracked() {
        kiosk.online.set(true);
        kiosk.reconnects.update(|n| *n += 1);
    }
}

pub fn watch_connection(kiosk: Kiosk) {
    kiosk.online.set(browser_online());
    let on = window_event_listener(leptos::ev::online, move |_| came_back(kiosk));
    let off = window_event_listener(leptos::ev::offline, move |_| kiosk.online.set(false));
    let probe = move || {
        if kiosk.online.get_untracked() || !browser_online() {
            return;
        }
        spawn_local(async move {
            let ok = Request::get("/api/health")
                .header("Cache-Control", "no-store")
                .send()
                .await
                .is_ok_and(|r| r.ok());
            if ok {
                came_back(kiosk);
            }
        });
    };
    let interval = set_interval_with_handle(probe, PROBE_EVERY).ok();
    on_cleanup(move || {
        on.remove();
        off.remove();
        if let Some(i) = interval {
            i.clear();
        }
    });
}
