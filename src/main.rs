//! The shopper app: home and trace pages (everything outside `/scan/`, `/staff/` and
//! `/kiosk/`).

fn main() {
    lottrace::shared::i18n::register_trace_strings();
    lottrace::start(lottrace::shopper::App);
}
