//! The scan screen, served under `/scan/`: its own small WASM, so the camera and the
//! decoder start without waiting for the trace page's code.

fn main() {
    lottrace::shared::i18n::register_scan_strings();
    lottrace::start(lottrace::scan::ScanApp);
}
