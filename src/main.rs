//! The shopper app: home, scan and trace pages (everything outside `/staff/`).

fn main() {
    lottrace::start(lottrace::app::App);
}
