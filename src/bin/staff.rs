//! The staff app, served under `/staff/`: its own WASM, so shoppers never download it.

fn main() {
    lottrace::shared::i18n::register_staff_strings();
    lottrace::start(lottrace::staff::StaffApp);
}
