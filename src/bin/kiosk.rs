//! The retail kiosk, served under `/kiosk/`: its own WASM, so shoppers never download it.

fn main() {
    lottrace::shared::i18n::register_kiosk_strings();
    // The lot screen is the shopper's trace page.
    lottrace::shared::i18n::register_trace_strings();
    lottrace::start(lottrace::kiosk::KioskApp);
}
