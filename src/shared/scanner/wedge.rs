//! USB / Bluetooth keyboard-wedge scanners type the code as keystrokes, far faster
//! than a person, and end with Enter. This tells such a burst from typing ([`Wedge`]),
//! and listens for one anywhere on the page ([`listen`]: the scan screen and the kiosk).

use leptos::prelude::*;
use std::cell::RefCell;

/// Keystrokes of one burst are on average at most this far apart (scanners: 1–20 ms;
/// people: 80+ ms even when fast).
const MEAN_GAP_MS: f64 = 35.0;
/// No single gap in a burst is longer than this (a scanner hiccup, a busy page: a kiosk
/// or phone that is loading something delivers keys late). The mean above still tells
/// a person from a scanner.
const MAX_GAP_MS: f64 = 250.0;
/// Shorter bursts are keyboard shortcuts or chance, not codes (EAN-8 is the shortest).
const MIN_LEN: usize = 6;

#[derive(Debug, Default)]
pub struct Wedge {
    buf: String,
    chars: usize,
    first: f64,
    last: f64,
}

impl Wedge {
    /// Feeds one `keydown` (`KeyboardEvent.key`, `timeStamp` in ms). Returns the code
    /// when this Enter ends a scanner burst.
    pub fn key(&mut self, key: &str, time: f64) -> Option<String> {
        if key == "Enter" {
            let burst = self.chars >= MIN_LEN
                && time - self.last <= MAX_GAP_MS
                && (self.last - self.first) / (self.chars - 1) as f64 <= MEAN_GAP_MS;
            let text = std::mem::take(&mut self.buf);
            self.chars = 0;
            return burst.then_some(text);
        }
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            // One printable character.
            (Some(c), None) if !c.is_control() => {
                if self.chars == 0 || time - self.last > MAX_GAP_MS {
                    self.buf.clear();
                    self.chars = 0;
                    self.first = time;
                }
                self.buf.push(c);
                self.chars += 1;
                self.last = time;
            }
            // Shift, Alt … (scanners press Shift for capitals): not part of the text.
            _ if matches!(key, "Shift" | "Control" | "Alt" | "AltGraph" | "Meta") => {}
            _ => {
                self.buf.clear();
                self.chars = 0;
            }
        }
        None
    }
}

/// Calls `on_scan` with each code a wedge scanner types anywhere on the page (no focus
/// needed), until the calling component is cleaned up. `on_scan` answers whether it took
/// the code: the Enter that ended a code it took is kept from also pressing a focused
/// button or submitting a field.
pub fn listen(on_scan: impl Fn(String) -> bool + 'static) {
    let wedge = RefCell::new(Wedge::default());
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.repeat() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let code = wedge.borrow_mut().key(&ev.key(), ev.time_stamp());
        if let Some(text) = code {
            if on_scan(text.trim().to_owned()) {
                ev.prevent_default();
            }
        }
    });
    on_cleanup(move || keys.remove());
}

#[cfg(test)]
mod tests {
    use super::Wedge;

    fn feed(w: &mut Wedge, text: &str, start: f64, gap: f64) -> f64 {
        let mut t = start;
        for c in text.chars() {
            assert_eq!(w.key(&c.to_string(), t), None);
            t += gap;
        }
        t
    }

    #[test]
    fn a_fast_burst_ending_in_enter_is_a_scan() {
        let mut w = Wedge::default();
        let t = feed(&mut w, "8801234567893", 0.0, 8.0);
        assert_eq!(w.key("Enter", t).as_deref(), Some("8801234567893"));
    }

    #[test]
    fn a_burst_with_one_late_key_from_a_busy_page_is_still_a_scan() {
        let mut w = Wedge::default();
        let t = feed(&mut w, "880123456", 0.0, 8.0);
        let t = feed(&mut w, "7893", t + 180.0, 8.0);
        assert_eq!(w.key("Enter", t).as_deref(), Some("8801234567893"));
    }

    #[test]
    fn typing_is_not_a_scan() {
        let mut w = Wedge::default();
        let t = feed(&mut w, "8801234567893", 0.0, 140.0);
        assert_eq!(w.key("Enter", t), None);
    }

    #[test]
    fn short_bursts_and_late_enters_are_not_scans() {
        let mut w = Wedge::default();
        let t = feed(&mut w, "abc", 0.0, 5.0);
        assert_eq!(w.key("Enter", t), None);
        let t = feed(&mut w, "8801234567893", 1000.0, 5.0);
        assert_eq!(w.key("Enter", t + 500.0), None);
    }

    #[test]
    fn slow_typing_then_a_burst_keeps_only_the_burst() {
        let mut w = Wedge::default();
        let t = feed(&mut w, "hello", 0.0, 200.0);
        let t = feed(&mut w, "12345678", t + 300.0, 4.0);
        assert_eq!(w.key("Enter", t).as_deref(), Some("12345678"));
    }
}
