//! The kiosk's shared state, provided once by the kiosk frame: the effective settings,
//! the URL overrides every kiosk address carries, the connection, what the last scan
//! that was no lot turned out to be, and whether staff unlocked the settings.

use super::config::{KioskConfig, Overrides};
use crate::shared::i18n::{Key, Lang};
use leptos::prelude::*;
use leptos_router::NavigateOptions;

/// A scan or entry that leads to no trace page here: shown on the attract screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A web address: offered as a QR code for the shopper's own phone.
    External { url: String, host: String },
    /// The product's own barcode (no lot in it).
    Product(String),
    /// Anything else read from a label.
    Text(String),
    /// Not a valid code, with the reason.
    Invalid(Key),
    /// A signed code whose signature does not hold (checked with the cached keys).
    Forged,
}

type Navigate = Box<dyn Fn(&str)>;

#[derive(Clone, Copy)]
pub struct Kiosk {
    /// Stored settings with the URL's overrides applied.
    pub config: RwSignal<KioskConfig>,
    pub overrides: StoredValue<Overrides>,
    pub lang: Memo<Lang>,
    /// False while the browser says it is offline, or the server could not be reached.
    pub online: RwSignal<bool>,
    /// Bumped each time the connection comes back, so screens showing a saved copy or
    /// a failure load again by themselves.
    pub reconnects: RwSignal<u32>,
    pub outcome: RwSignal<Option<Outcome>>,
    pub keypad_open: RwSignal<bool>,
    pub camera_open: RwSignal<bool>,
    /// Staff entered the PIN; forgotten when the kiosk returns to the attract screen.
    pub unlocked: RwSignal<bool>,
    /// A link the kiosk will not open, drawn as a QR code (payload, label).
    pub link_code: fn(String, String) -> AnyView,
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl Kiosk {
    pub fn new(
        config: RwSignal<KioskConfig>,
        overrides: Overrides,
        lang: Memo<Lang>,
        navigate: impl Fn(&str, NavigateOptions) + 'static,
    ) -> Kiosk {
        Kiosk {
            config,
            overrides: StoredValue::new(overrides),
            lang,
            online: RwSignal::new(true),
            reconnects: RwSignal::new(0),
            outcome: RwSignal::new(None),
            keypad_open: RwSignal::new(false),
            camera_open: RwSignal::new(false),
            unlocked: RwSignal::new(false),
            link_code: super::qr::qr_link,
            navigate: StoredValue::new_local(Box::new(move |path: &str| {
                // Every kiosk move replaces the history entry: after the idle reset there
                // is no earlier lot to go "back" to.
                navigate(
                    path,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            })),
        }
    }

    /// A kiosk address: `/kiosk` + `path`, with the URL overrides and, when given, the
    /// language (none: the store's first language).
    pub fn href(&self, path: &str, lang: Option<Lang>) -> String {
        let mut query = self.overrides.with_value(Overrides::query);
        if let Some(l) = lang {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("lang=");
            query.push_str(l.code());
        }
        let path = format!("/kiosk{path}");
        // A pack's page carries its own query already (its signature, `?8030=…`).
        let joiner = if path.contains('?') { '&' } else { '?' };
        if query.is_empty() {
            path
        } else {
            format!("{path}{joiner}{query}")
        }
    }

    /// Opens a kiosk address (from [`Kiosk::href`]) in place of the current one.
    pub fn go(&self, href: &str) {
        self.navigate.with_value(|nav| nav(href));
    }

    /// The trace page of an app path (`/01/…/10/…`, `/t/…`) inside the kiosk, in the
    /// current language.
    pub fn open_trace(&self, app_path: &str) {
        self.outcome.set(None);
        self.keypad_open.set(false);
        self.go(&self.href(app_path, Some(self.lang.get_untracked())));
    }

    /// Back to the attract screen, everything the last shopper did forgotten.
    pub fn reset(&self) {
        self.outcome.set(None);
        self.keypad_open.set(false);
        self.camera_open.set(false);
        self.unlocked.set(false);
        crate::shared::scanner::camera::close();
        self.go(&self.href("", None));
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(el) = w
                .document()
                .and_then(|d| d.active_element())
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.blur();
            }
        }
    }
}

pub fn use_kiosk() -> Option<Kiosk> {
    use_context::<Kiosk>()
}
